"""``storyline read``: reports in, article records out (JSON, JSONL, or a readout)."""

from __future__ import annotations

import logging
import sys
from enum import StrEnum
from typing import Annotated

import typer

from storyline import Failure, ModelError, SettingsError, StorylineError, dumps, load_settings
from storyline import read_many as _read_many
from storyline.cli.output import print_error, render_record, setup_logging

__all__ = ["read_command"]


class OutputFormat(StrEnum):
    """What ``read`` prints on stdout."""

    text = "text"
    json = "json"
    jsonl = "jsonl"


def read_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files (.txt, .html, .json, .jsonl), folders, or - for stdin.", show_default=False
        ),
    ],
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="Publication date (YYYY-MM-DD) for every input, over metadata.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: a readout; json: one object per input; jsonl: one a line.",
            case_sensitive=False,
        ),
    ] = OutputFormat.text,
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            help="spaCy pipeline, package name or path [env: STORYLINE_MODEL].",
            show_default=False,
        ),
    ] = None,
    verbose: Annotated[
        int,
        typer.Option(
            "--verbose", "-v", count=True, help="-v for progress, -vv for every decision."
        ),
    ] = 0,
) -> None:
    """Read news reports and print their records.

    Example: storyline read report.txt --published 2023-12-04 --format json
    """
    setup_logging(verbose)
    pub = None
    if published is not None:
        from datetime import date

        try:
            pub = date.fromisoformat(published)
        except ValueError:
            print_error(f"--published: {published!r} is not a date of the form YYYY-MM-DD")
            raise typer.Exit(2) from None
    try:
        settings = load_settings(model=model)
    except SettingsError as exc:
        print_error(str(exc))
        raise typer.Exit(2) from None
    failed = 0
    try:
        for result in _read_many(paths, published=pub, settings=settings):
            if isinstance(result, Failure):
                failed += 1
                print_error(result.reason)
                continue
            if output is OutputFormat.json:
                sys.stdout.write(dumps(result, indent=1) + "\n")
            elif output is OutputFormat.jsonl:
                sys.stdout.write(dumps(result) + "\n")
            else:
                render_record(result)
            sys.stdout.flush()
    except ModelError as exc:
        print_error(str(exc))
        raise typer.Exit(1) from None
    except StorylineError as exc:  # anything else we raise on purpose: one line, not a traceback
        logging.getLogger(__name__).debug("run stopped", exc_info=True)
        print_error(str(exc))
        raise typer.Exit(1) from None
    if failed:
        raise typer.Exit(1)
