"""``storyline read``: reports in, article records out (JSON, JSONL, Parquet, or a readout)."""

from __future__ import annotations

import contextlib
import logging
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Protocol

import typer

from storyline import ArticleRecord, SettingsError, StorylineError, dumps, load_settings
from storyline.cli.options import (
    DaskOption,
    EventsOption,
    ModelOption,
    PublishedOption,
    QuotesOption,
    VerboseOption,
    WorkersOption,
    parse_published,
    quiet_dask,
)
from storyline.cli.output import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_RUN,
    EXIT_USAGE,
    ProgressLine,
    fail,
    print_error,
    progress,
    render_record,
    setup_logging,
    shows_progress,
    write_data,
)

if TYPE_CHECKING:
    from storyline.engine.parquet import ParquetDataset

__all__ = ["INPUTS_HELP", "read_command"]

log = logging.getLogger(__name__)

INPUTS_HELP = (
    "What to read: text files (.txt), HTML pages (.html, .htm), JSON and JSONL objects "
    "(.json, .jsonl), RSS and Atom feeds (.rss, .atom, .xml), WARC archives (.warc, "
    ".warc.gz), folders of these (read recursively, in name order), http(s):// URLs, "
    "or - for stdin."
)


class OutputFormat(StrEnum):
    """What ``read`` prints on stdout."""

    text = "text"
    json = "json"
    jsonl = "jsonl"


def read_command(
    paths: Annotated[list[str], typer.Argument(help=INPUTS_HELP, show_default=False)],
    published: PublishedOption = None,
    output: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: a readout; json: one object for one input giving one report, else "
            "one array of them; jsonl: one record a line.",
            case_sensitive=False,
        ),
    ] = OutputFormat.text,
    model: ModelOption = None,
    quotes: QuotesOption = None,
    events: EventsOption = None,
    workers: WorkersOption = None,
    dask: DaskOption = None,
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

    pub = parse_published(published)
    try:
        settings = load_settings(
            model=model, quotes=quotes, events=events, workers=workers, dask=dask
        )
    except SettingsError as exc:
        fail(str(exc), EXIT_USAGE)
    if settings.dask and verbose < 2:
        quiet_dask()
    sink = _sink(output, out, single_input=len(paths) == 1)
    failed = 0
    try:
        with _progress(paths, out) as line:
            for result in read_many(paths, published=pub, settings=settings):
                line.advance()
                if isinstance(result, Failure):
                    failed += 1
                    print_error(result.reason)
                elif isinstance(result, ArticleRecord):  # no Copy without known=
                    sink.add(result)
    except KeyboardInterrupt:
        fail("interrupted: the records printed or written so far are whole", EXIT_INTERRUPTED)
    except StorylineError as exc:  # the model, Dask: nothing more can be read
        log.debug("run stopped", exc_info=True)
        fail(str(exc), EXIT_RUN)
    finally:
        sink.close()  # whole output even on an error: JSON closed, Parquet parts kept
    if failed:
        raise typer.Exit(EXIT_FAILED)


class _Sink(Protocol):
    """Where the records go."""

    def add(self, rec: ArticleRecord) -> None: ...

    def close(self) -> None: ...


class _Readout:
    """``-f text``: the Rich readout of each record."""

    def add(self, rec: ArticleRecord) -> None:
        render_record(rec)

    def close(self) -> None:
        pass


class _Jsonl:
    """``-f jsonl``: one record a line, flushed as it comes."""

    def add(self, rec: ArticleRecord) -> None:
        write_data(dumps(rec) + "\n")

    def close(self) -> None:
        pass


class _Json:
    """``-f json``: one object when one input gives one record, else one array of them.

    One object for one input file is the contract outside scorers read (CONTRACT.md); any
    other run prints one array, streamed (``[``, records joined by ``,``, ``]``) and closed
    on failures and on Ctrl-C too, so stdout always parses as one JSON value. With one
    input, the first record is held until a second one shows whether an array is needed.
    """

    def __init__(self, *, single_input: bool) -> None:
        self._single = single_input
        self._held: ArticleRecord | None = None
        self._n_written = 0
        self._is_open = False

    def add(self, rec: ArticleRecord) -> None:
        if self._single and not self._is_open and self._held is None:
            self._held = rec
            return
        if not self._is_open:
            write_data("[\n")
            self._is_open = True
            if self._held is not None:
                self._write(self._held)
                self._held = None
        self._write(rec)

    def _write(self, rec: ArticleRecord) -> None:
        sep = ",\n" if self._n_written else ""
        write_data(sep + dumps(rec, indent=1))
        self._n_written += 1

    def close(self) -> None:
        if self._is_open:
            write_data("\n]\n")
        elif self._held is not None:
            write_data(dumps(self._held, indent=1) + "\n")
        else:
            write_data("[]\n")


class _Parquet:
    """``--out``: a Parquet dataset; the parts written so far are kept, whole, on an error."""

    def __init__(self, dataset: ParquetDataset, path: Path) -> None:
        self.dataset = dataset
        self.path = path

    def add(self, rec: ArticleRecord) -> None:
        self.dataset.add(rec)

    def close(self) -> None:
        self.dataset.close()
        log.info(
            "%d records in %d parts in %s", self.dataset.n_rows, self.dataset.n_parts, self.path
        )


def _sink(output: OutputFormat, out: Path | None, *, single_input: bool) -> _Sink:
    """The writer for the options given; a bad ``--out`` is a usage error (exit 2)."""
    if out is not None:
        from storyline.engine.parquet import ParquetDataset

        try:
            return _Parquet(ParquetDataset(out), out)
        except StorylineError as exc:
            fail(f"--out: {exc}", EXIT_USAGE)
    if output is OutputFormat.json:
        return _Json(single_input=single_input)
    if output is OutputFormat.jsonl:
        return _Jsonl()
    return _Readout()


def _progress(
    paths: list[str], out: Path | None
) -> contextlib.AbstractContextManager[ProgressLine]:
    """A progress bar on stderr when the records go to a file or a pipe, not to the screen.

    When the readout or the JSON is on the terminal, it shows the progress itself. The
    inputs are counted (by name only) just when a bar will be drawn.
    """
    if not shows_progress() or (out is None and sys.stdout.isatty()):
        return contextlib.nullcontext(ProgressLine())
    from storyline.engine.run import count_reports

    return progress(count_reports(paths), "reports")
