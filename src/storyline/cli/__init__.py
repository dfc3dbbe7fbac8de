"""The ``storyline`` command: thin Typer shells over the public API."""

from __future__ import annotations

import io
import sys
from importlib.metadata import PackageNotFoundError, version
from typing import Annotated

import typer

from storyline.cli.export import export_command
from storyline.cli.ingest import ingest_command
from storyline.cli.output import EXIT_CODES_HELP, EXIT_RUN, print_internal_error
from storyline.cli.read import read_command
from storyline.cli.serve import serve_command
from storyline.cli.story import story_command

__all__ = ["app", "main"]

app = typer.Typer(
    name="storyline",
    no_args_is_help=True,
    add_completion=False,
    help="Read news reports into a sourced record: who said what, what happened, "
    "which figures, and when.",
    pretty_exceptions_enable=False,
)
app.command("read", epilog=EXIT_CODES_HELP)(read_command)
app.command("ingest", epilog=EXIT_CODES_HELP)(ingest_command)
app.command("story")(story_command)
app.command("export")(export_command)
app.command("serve")(serve_command)


def _print_version(value: bool) -> None:
    """``--version``: the installed distribution's version, then stop."""
    if not value:
        return
    try:
        installed = version("storyline")
    except PackageNotFoundError:  # run from a source tree that was never installed
        from storyline import __version__ as installed
    typer.echo(f"storyline {installed}")
    raise typer.Exit


@app.callback()
def _root(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Read news reports into a sourced record."""


def main() -> None:
    """Run the command line; a bug is one line and exit 3, not a traceback.

    Typer already turns Ctrl-C into exit 130 and usage errors into exit 2; anything else
    that escapes a command is storyline's own failure: one line on stderr, the traceback
    in the debug log (``-vv``).
    """
    _tolerant_stdout()
    try:
        app()
    except Exception as exc:  # noqa: BLE001 - the CLI's last boundary: say it, exit 3
        print_internal_error(exc)
        sys.exit(EXIT_RUN)


def _tolerant_stdout() -> None:
    """Let text that the terminal's encoding lacks print as escapes, never crash the run.

    Records themselves are written as UTF-8 bytes (``write_data``); this covers the readout
    on a terminal set to, say, Latin-1.
    """
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")
