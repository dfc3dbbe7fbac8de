"""``storyline export``: a table or view of a store as CSV, JSONL or Parquet, or its metadata.

Exit codes as every command: 0 done, 2 a usage error, 3 the store cannot be read or the file
cannot be written (the run itself failed).
"""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from storyline import (
    DEFAULT_DB,
    TABLES,
    StorylineError,
    datasette_metadata,
    export_table,
    open_store,
)
from storyline.cli.options import DbOption
from storyline.cli.output import EXIT_RUN, EXIT_USAGE, fail

__all__ = ["export_command"]


class ExportFormat(StrEnum):
    """What ``export`` writes."""

    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


def export_command(
    table: Annotated[
        str | None,
        typer.Option(
            "--table", "-t", help=f"Table or view: {', '.join(TABLES)}.", show_default=False
        ),
    ] = None,
    db: DbOption = DEFAULT_DB,
    output: Annotated[
        ExportFormat, typer.Option("--format", "-f", case_sensitive=False)
    ] = ExportFormat.csv,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="File to write (default: stdout).", show_default=False),
    ] = None,
    datasette: Annotated[
        bool,
        typer.Option(
            "--datasette-metadata",
            help="Write the store's metadata.json for Datasette instead of a table "
            "(datasette story.db --metadata metadata.json).",
        ),
    ] = False,
) -> None:
    """Write a table or view of the store as CSV, JSONL or Parquet.

    Example: storyline export --db story.db -t quotes_with_speakers -f parquet -o q.parquet
    """
    if datasette:
        if table is not None:
            fail("--datasette-metadata writes no table; leave out --table", EXIT_USAGE)
        try:
            meta = datasette_metadata(db)
        except StorylineError as exc:  # not a path or a database URL
            fail(f"--db: {exc}", EXIT_USAGE)
        _write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", out)
        return
    if table not in TABLES:
        given = "missing" if table is None else f"{table!r} is not a table"
        fail(f"--table: {given}; choose one of {', '.join(TABLES)}", EXIT_USAGE)
    if output is ExportFormat.parquet and out is None and sys.stdout.isatty():
        fail("--format parquet writes binary; give --out PATH or redirect stdout", EXIT_USAGE)
    try:
        with open_store(db, create=False) as store:
            if out is None:
                n = export_table(store, table, format=output.value, out=sys.stdout.buffer)
            else:
                with out.open("wb") as fh:
                    n = export_table(store, table, format=output.value, out=fh)
    except StorylineError as exc:
        fail(str(exc), EXIT_RUN)
    except BrokenPipeError:  # `| head` closed the pipe: what was wanted has been written
        sys.stdout = Path(os.devnull).open("w")  # noqa: SIM115 - silence the flush at exit
        raise typer.Exit(0) from None
    except OSError as exc:
        fail(f"{out}: cannot write ({exc.strerror})", EXIT_RUN)
    if out is not None:
        typer.echo(f"storyline: {n:,} rows of {table} written to {out}", err=True)


def _write_text(content: str, out: Path | None) -> None:
    """Write text to the file, or to stdout."""
    if out is None:
        sys.stdout.write(content)
        return
    try:
        out.write_text(content, encoding="utf-8")
    except OSError as exc:
        fail(f"{out}: cannot write ({exc.strerror})", EXIT_RUN)
    typer.echo(f"storyline: Datasette metadata written to {out}", err=True)
