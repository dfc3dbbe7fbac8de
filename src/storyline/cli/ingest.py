"""``storyline ingest``: reports in, stored once each in a SQLite file or PostgreSQL.

Exit codes, as every command: 0 when nothing new went wrong (a rerun that only meets stored
reports and inputs failing for the reason they failed before is a success, for cron), 1 when
some input failed anew, 2 for a usage error, 3 when the run itself failed (the store cannot
be opened or written, the model cannot load, an unexpected error).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text

from storyline import (
    DEFAULT_DB,
    ArticleRecord,
    IngestSummary,
    Settings,
    SettingsError,
    Store,
    StorylineError,
    load_settings,
    open_store,
)
from storyline.cli.options import (
    DaskOption,
    DbOption,
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
    setup_logging,
    shows_progress,
)

if TYPE_CHECKING:
    from storyline import Copy, Failure

__all__ = ["ingest_command"]

log = logging.getLogger(__name__)
_err = Console(stderr=True, highlight=False)


def ingest_command(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files (.txt, .html, .json, .jsonl, .rss, .atom, .xml, .warc, .warc.gz), "
            "folders, or - for stdin.",
            show_default=False,
        ),
    ],
    db: DbOption = DEFAULT_DB,
    published: PublishedOption = None,
    batch_size: Annotated[
        int,
        typer.Option("--batch-size", min=1, help="Reports per transaction (and per parse batch)."),
    ] = 32,
    model: ModelOption = None,
    quotes: QuotesOption = None,
    events: EventsOption = None,
    workers: WorkersOption = None,
    dask: DaskOption = None,
    verbose: VerboseOption = 0,
) -> None:
    """Read reports and store each once; rerunning stores only what is missing.

    Exit 0: nothing new failed; 1: an input failed anew; 2: usage; 3: the run failed.

    Example: storyline ingest reports/ feed.rss crawl.warc.gz --db story.db
    """
    setup_logging(verbose)
    pub = parse_published(published)
    try:
        settings = load_settings(
            model=model,
            quotes=quotes,
            events=events,
            batch_size=batch_size,
            workers=workers,
            dask=dask,
        )
    except SettingsError as exc:
        fail(str(exc), EXIT_USAGE)
    if settings.dask and verbose < 2:
        quiet_dask()
    try:
        summary, where = _ingest(inputs, db, pub, settings, batch_size)
    except KeyboardInterrupt:
        print_error("interrupted: the batches already committed are kept; rerun to finish")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except StorylineError as exc:  # the store, the model: one line, not a traceback
        log.debug("ingest stopped", exc_info=True)
        fail(str(exc), EXIT_RUN)
    for _, reason in summary.failed:
        print_error(reason)
    for _, reason in summary.failed_before:
        log.info("%s (failed as before)", reason)
    _err.print(_summary_line(summary, where), soft_wrap=True)
    if summary.failed:
        raise typer.Exit(EXIT_FAILED)


def _ingest(
    inputs: list[str], db: str, published: date | None, settings: Settings, batch_size: int
) -> tuple[IngestSummary, str]:
    """Open the store and ingest the inputs into it; return the summary and the store's URL."""
    from storyline import read_many  # spaCy: imported when a command reads

    with open_store(db) as store:
        # What the store holds is never parsed again: it comes back as a Copy, which the store
        # links as another outlet's copy or counts as already stored.
        results = read_many(inputs, published=published, settings=settings, known=store.known)
        if shows_progress():
            from storyline.engine.run import count_reports  # by name only, when a bar is drawn

            with progress(count_reports(inputs), "reports") as line:
                summary = _with_progress(store, results, batch_size, line)
        else:
            summary = store.ingest(results, batch_size=batch_size)
        return summary, store.url


def _with_progress(
    store: Store,
    results: Iterable[ArticleRecord | Failure | Copy],
    batch_size: int,
    line: ProgressLine,
) -> IngestSummary:
    """Ingest while the progress bar counts reports done (stored, skipped, failed)."""

    def update(s: IngestSummary) -> None:
        copies = f"copies {s.copies:,} · " if s.copies else ""
        line.update(
            completed=s.seen,
            note=f"stored {s.stored:,} · {copies}skipped {s.duplicates:,} · "
            f"failed {len(s.failed) + len(s.failed_before):,}",
        )

    return store.ingest(results, batch_size=batch_size, on_progress=update)


def _summary_line(summary: IngestSummary, where: str) -> Text:
    """``storyline: 2 stored, 1 linked as copies, 12 skipped as already stored, 0 failed (…)``."""
    new, before = len(summary.failed), len(summary.failed_before)
    if before and not new:
        failed = f"{before:,} failed as before"
    elif before:
        failed = f"{new + before:,} failed ({before:,} as before)"
    else:
        failed = f"{new:,} failed"
    # Copies of a stored report (issue 16) are named only when some were linked.
    copies = (f"{summary.copies:,} linked as copies, ", "cyan") if summary.copies else ""
    return Text.assemble(
        ("storyline: ", "bold"),
        (f"{summary.stored:,} stored", "green"),
        ", ",
        copies,
        (f"{summary.duplicates:,} skipped as already stored", "yellow"),
        ", ",
        (failed, "red" if new else ""),
        f" ({where})",
    )
