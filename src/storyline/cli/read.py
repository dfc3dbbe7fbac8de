"""``storyline read``: reports in, article records out (JSON, JSONL, or a readout)."""

from __future__ import annotations

import contextlib
import logging
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from storyline import ModelError, SettingsError, StorylineError, dumps, load_settings
from storyline.cli.options import (
    ModelOption,
    PublishedOption,
    VerboseOption,
    WorkersOption,
    parse_published,
)
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
    published: PublishedOption = None,
    output: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: a readout; json: one object per input; jsonl: one a line.",
            case_sensitive=False,
        ),
    ] = OutputFormat.text,
    model: ModelOption = None,
    workers: WorkersOption = None,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            help="Run on Dask: 'local' (a LocalCluster of --workers processes) or a "
            "scheduler address such as tcp://host:8786 (env: STORYLINE_DASK).",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Write the records as a Parquet dataset in this new directory "
            "(e.g. reports.parquet/) instead of printing them; needs pyarrow.",
            show_default=False,
        ),
    ] = None,
    verbose: VerboseOption = 0,
) -> None:
    """Read news reports and print their records.

    Example: storyline read reports/ --workers 2 --format jsonl > records.jsonl
    """
    setup_logging(verbose)
    from storyline import Failure, read_many  # spaCy: imported when a command reads
    from storyline.engine.parquet import ParquetDataset

    pub = parse_published(published)
    try:
        settings = load_settings(model=model, workers=workers, dask=dask)
    except SettingsError as exc:
        print_error(str(exc))
        raise typer.Exit(2) from None
    if settings.dask and verbose < 2:
        _quiet_dask()
    dataset = None
    if out is not None:
        try:
            dataset = ParquetDataset(out)
        except StorylineError as exc:
            print_error(f"--out: {exc}")
            raise typer.Exit(2) from None
    failed = 0
    try:
        for result in read_many(paths, published=pub, settings=settings):
            if isinstance(result, Failure):
                failed += 1
                print_error(result.reason)
                continue
            if dataset is not None:
                dataset.add(result)
            elif output is OutputFormat.json:
                sys.stdout.write(dumps(result, indent=1) + "\n")
            elif output is OutputFormat.jsonl:
                sys.stdout.write(dumps(result) + "\n")
            else:
                render_record(result)
            sys.stdout.flush()
    except KeyboardInterrupt:
        print_error("interrupted: the records printed or written so far are whole")
        raise typer.Exit(130) from None
    except ModelError as exc:
        print_error(str(exc))
        raise typer.Exit(1) from None
    except StorylineError as exc:  # anything else we raise on purpose: one line, not a traceback
        logging.getLogger(__name__).debug("run stopped", exc_info=True)
        print_error(str(exc))
        raise typer.Exit(1) from None
    finally:
        if dataset is not None:
            dataset.close()  # the parts read so far are kept, whole, even on an error
    if dataset is not None:
        logging.getLogger(__name__).info(
            "%d records in %d parts in %s", dataset.n_rows, dataset.n_parts, out
        )
    if failed:
        raise typer.Exit(1)


def _quiet_dask() -> None:
    """Keep Dask's per-worker INFO lines (start, stop, close) off stderr unless -vv.

    Importing ``distributed`` sets its loggers' levels, so it is imported first; without it
    installed the run itself says how to install it.
    """
    with contextlib.suppress(ImportError):
        import distributed  # noqa: F401
    logging.getLogger("distributed").setLevel(logging.WARNING)
