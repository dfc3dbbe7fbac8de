"""The ``storyline`` command: thin Typer shells over the public API."""

from __future__ import annotations

import typer

from storyline.cli.export import export_command
from storyline.cli.ingest import ingest_command
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
app.command("read")(read_command)
app.command("ingest")(ingest_command)
app.command("story")(story_command)
app.command("export")(export_command)
app.command("serve")(serve_command)


@app.callback()
def _root() -> None:
    """Read news reports into a sourced record."""


def main() -> None:
    """Run the command line."""
    app()
