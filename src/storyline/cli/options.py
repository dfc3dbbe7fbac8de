"""Options that several commands share, declared once so their flags and help stay the same."""

from __future__ import annotations

import contextlib
import logging
from datetime import date
from typing import Annotated

import typer

from storyline import SettingsError
from storyline.cli.output import EXIT_USAGE, fail
from storyline.ingest.dates import parse_published as _parse_date

__all__ = [
    "DaskOption",
    "DbOption",
    "ModelOption",
    "PublishedOption",
    "VerboseOption",
    "WorkersOption",
    "parse_published",
    "quiet_dask",
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
QuotesOption = Annotated[
    str | None,
    typer.Option(
        "--quotes",
        help="Who finds attributions: model (the trained tagger merged with the rules) or "
        "rules (env: STORYLINE_QUOTES; default: model).",
        show_default=False,
    ),
]
EventsOption = Annotated[
    str | None,
    typer.Option(
        "--events",
        help="Who decides which coded predicates are events: model (the trained event "
        "classifier over the rules' frames) or rules (env: STORYLINE_EVENTS; default: model).",
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
    typer.Option(
        "--verbose",
        "-v",
        count=True,
        help="Say more on stderr, a count: -v progress, -vv debug; repeat to raise.",
    ),
]


DaskOption = Annotated[
    str | None,
    typer.Option(
        "--dask",
        help="Run on Dask: 'local' (a LocalCluster of --workers processes) or a "
        "scheduler address such as tcp://host:8786 (env: STORYLINE_DASK).",
        show_default=False,
    ),
]


def quiet_dask() -> None:
    """Keep Dask's per-worker INFO lines (start, stop, close) off stderr unless -vv.

    Importing ``distributed`` sets its loggers' levels, so it is imported first; without it
    installed the run itself says how to install it.
    """
    with contextlib.suppress(ImportError):
        import distributed  # noqa: F401
    logging.getLogger("distributed").setLevel(logging.WARNING)


def parse_published(value: str | None, *, flag: str = "--published") -> date | None:
    """Return the date given to ``flag``, or exit 2 with its one-line reason.

    The rule is the API's (``storyline.read(published=)``): YYYY-MM-DD and nothing else.

    Raises:
        typer.Exit: the value is not a date of the form YYYY-MM-DD (``EXIT_USAGE``).
    """
    try:
        return _parse_date(value, name=flag)
    except SettingsError as exc:
        fail(str(exc), EXIT_USAGE)
