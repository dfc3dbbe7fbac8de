"""Options that several commands share, declared once so their flags and help stay the same."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from storyline.cli.output import print_error

__all__ = [
    "DbOption",
    "ModelOption",
    "PublishedOption",
    "VerboseOption",
    "WorkersOption",
    "parse_published",
]

DbOption = Annotated[
    str,
    typer.Option("--db", help="SQLite file, or a URL such as postgresql://user@host/db."),
]
PublishedOption = Annotated[
    str | None,
    typer.Option(
        "--published",
        help="Publication date (YYYY-MM-DD) for every input, over metadata.",
        show_default=False,
    ),
]
ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model",
        help="spaCy pipeline, package name or path (env: STORYLINE_MODEL).",
        show_default=False,
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        "-w",
        min=0,
        help="Worker processes; 0 = the number of cores, 1 = no pool "
        "(env: STORYLINE_WORKERS; default: 0).",
        show_default=False,
    ),
]
VerboseOption = Annotated[
    int,
    typer.Option("--verbose", "-v", count=True, help="-v for progress, -vv for every decision."),
]


def parse_published(value: str | None) -> date | None:
    """Return the ``--published`` date, or exit 2 with a one-line reason.

    Raises:
        typer.Exit: the value is not a date of the form YYYY-MM-DD.
    """
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        print_error(f"--published: {value!r} is not a date of the form YYYY-MM-DD")
        raise typer.Exit(2) from None
