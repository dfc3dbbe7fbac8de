"""``storyline export``: one table or view of a store as CSV, JSONL or Parquet."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from storyline import DEFAULT_DB, TABLES, StorylineError, export_table, open_store
from storyline.cli.options import DbOption
from storyline.cli.output import print_error

__all__ = ["export_command"]


class ExportFormat(StrEnum):
    """What ``export`` writes."""

    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


def export_command(
    table: Annotated[
        str,
        typer.Option("--table", "-t", help=f"Table or view: {', '.join(TABLES)}."),
    ],
    db: DbOption = DEFAULT_DB,
    output: Annotated[
        ExportFormat, typer.Option("--format", "-f", case_sensitive=False)
    ] = ExportFormat.csv,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="File to write (default: stdout).", show_default=False),
    ] = None,
) -> None:
    """Write a table or view of the store as CSV, JSONL or Parquet.

    Example: storyline export --db story.db -t quotes_with_speakers -f parquet -o q.parquet
    """
    if table not in TABLES:
        print_error(f"--table: {table!r} is not a table; choose one of {', '.join(TABLES)}")
        raise typer.Exit(2)
    if output is ExportFormat.parquet and out is None and sys.stdout.isatty():
        print_error("--format parquet writes binary; give --out PATH or redirect stdout")
        raise typer.Exit(2)
    try:
        with open_store(db, create=False) as store:
            if out is None:
                n = export_table(store, table, format=output.value, out=sys.stdout.buffer)
            else:
                with out.open("wb") as fh:
                    n = export_table(store, table, format=output.value, out=fh)
    except StorylineError as exc:
        print_error(str(exc))
        raise typer.Exit(1) from None
    except BrokenPipeError:  # `| head` closed the pipe: what was wanted has been written
        sys.stdout = Path(os.devnull).open("w")  # noqa: SIM115 - silence the flush at exit
        raise typer.Exit(0) from None
    except OSError as exc:
        print_error(f"{out}: cannot write ({exc.strerror})")
        raise typer.Exit(1) from None
    if out is not None:
        typer.echo(f"storyline: {n:,} rows of {table} written to {out}", err=True)
