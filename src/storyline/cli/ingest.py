"""``storyline ingest``: reports in, stored once each in a SQLite file or PostgreSQL."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import (
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from storyline import (
    DEFAULT_DB,
    ArticleRecord,
    IngestSummary,
    ModelError,
    SettingsError,
    Store,
    StorylineError,
    load_settings,
    open_store,
)
from storyline.cli.options import (
    DbOption,
    ModelOption,
    PublishedOption,
    VerboseOption,
    WorkersOption,
    parse_published,
)
from storyline.cli.output import print_error, setup_logging

if TYPE_CHECKING:
    from storyline import Failure

__all__ = ["ingest_command"]

_err = Console(stderr=True, highlight=False)


class _RateColumn(ProgressColumn):
    """Reports per second, the throughput people watch."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f} reports/s" if speed else "… reports/s", style="cyan")


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
    workers: WorkersOption = None,
    verbose: VerboseOption = 0,
) -> None:
    """Read reports and store each once; rerunning stores only what is missing.

    Example: storyline ingest reports/ feed.rss crawl.warc.gz --db story.db
    """
    setup_logging(verbose)
    from storyline import read_many  # spaCy: imported when a command reads

    pub = parse_published(published)
    try:
        settings = load_settings(model=model, batch_size=batch_size, workers=workers)
    except SettingsError as exc:
        print_error(str(exc))
        raise typer.Exit(2) from None
    summary = IngestSummary()
    try:
        with open_store(db) as store:
            held = _Held(store)  # what the store holds is counted, never parsed again
            results = read_many(inputs, published=pub, settings=settings, known=held)
            if _err.is_terminal:
                summary = _with_progress(store, results, batch_size, held)
            else:
                summary = store.ingest(results, batch_size=batch_size)
            summary.duplicates += held.count
            where = store.url
    except KeyboardInterrupt:
        print_error("interrupted: the batches already committed are kept; rerun to finish")
        raise typer.Exit(130) from None
    except ModelError as exc:
        print_error(str(exc))
        raise typer.Exit(1) from None
    except StorylineError as exc:
        logging.getLogger(__name__).debug("ingest stopped", exc_info=True)
        print_error(str(exc))
        raise typer.Exit(1) from None
    for _, reason in summary.failed:
        print_error(reason)
    _err.print(
        Text.assemble(
            ("storyline: ", "bold"),
            (f"{summary.stored:,} stored", "green"),
            ", ",
            (f"{summary.duplicates:,} skipped as already stored", "yellow"),
            ", ",
            (f"{len(summary.failed):,} failed", "red" if summary.failed else ""),
            f" ({where})",
        ),
        soft_wrap=True,
    )
    if summary.failed:
        raise typer.Exit(1)


class _Held:
    """``read_many(known=)`` for a store, counting the reports it said it holds."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.count = 0

    def __call__(self, report_ids: Sequence[str]) -> set[str]:
        found = self.store.known(report_ids)
        self.count += len(found)
        return found


def _with_progress(
    store: Store, results: Iterable[ArticleRecord | Failure], batch_size: int, held: _Held
) -> IngestSummary:
    """Ingest with a live line on stderr: counts so far and reports/s."""
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed:,} reports"),
        _RateColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=_err, transient=False) as progress:
        task = progress.add_task("ingesting", total=None)

        def update(s: IngestSummary) -> None:
            progress.update(
                task,
                completed=s.seen + held.count,
                description=f"stored {s.stored:,} · skipped {s.duplicates + held.count:,} · "
                f"failed {len(s.failed):,} ·",
            )

        return store.ingest(results, batch_size=batch_size, on_progress=update)
