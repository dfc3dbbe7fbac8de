"""run(): inputs to records in input order; a failure never stops the batch.

One contract, three backends, chosen by the settings:

- in process (``workers=1``, or an input too small to be worth a pool);
- ``workers`` processes on this machine (``storyline.engine.parallel``; ``workers=0`` = the
  cores), the default when the input is large enough;
- a Dask cluster (``dask="local"`` or ``"tcp://host:8786"``; ``storyline.engine.dask``,
  imported only then, so Dask stays an optional dependency).

Every backend reads the inputs lazily, keeps a bounded number of reports in memory, and yields
one ``ArticleRecord`` or ``Failure`` per report in input order, so a single consumer (the
``read`` printer, the store's one writer) sees the same stream whichever backend ran it.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from datetime import date
from itertools import chain, islice
from pathlib import Path
from typing import BinaryIO

from storyline.engine.batch import Copy, Failure, records_of
from storyline.engine.parallel import n_workers, process_parallel
from storyline.errors import InputError, StorylineError
from storyline.ingest.article import Article
from storyline.ingest.sources import ONE_REPORT_SUFFIXES, STDIN, is_input_name, read_inputs
from storyline.record.model import ArticleRecord
from storyline.settings import Settings

__all__ = [
    "DASK_HINT",
    "PARALLEL_FROM",
    "Copy",
    "Failure",
    "Known",
    "count_reports",
    "drop_known",
    "process",
    "run",
]

log = logging.getLogger(__name__)

# Reports an input must reach before a worker pool is started. Below it the pool's start-up
# (a fork and a 0.3 s model load per worker) costs more than it saves, and a single report
# reaches its reader fastest in process (the time to first record of `storyline read`).
PARALLEL_FROM = 8
# Given report ids, return those already held (a store's): such reports need no parse.
Known = Callable[[Sequence[str]], Collection[str]]
DASK_HINT = "running on Dask needs dask[distributed]: pip install 'storyline[dask]'"


def run(
    paths: Iterable[str | Path],
    settings: Settings,
    *,
    published: date | None = None,
    stdin: BinaryIO | None = None,
    known: Known | None = None,
) -> Iterator[ArticleRecord | Failure | Copy]:
    """Read, parse and extract every input; yield a record or a Failure per report, in order.

    With ``known``, a report whose text is already held is not parsed: a ``Copy`` with its
    own source, url, outlet and date is yielded in its place.

    Args:
        paths: files, folders, feeds, WARCs; ``-`` for stdin.
        settings: model, batch size, workers, Dask.
        published: the publication date for every input, over their metadata.
        stdin: what ``-`` reads (``sys.stdin.buffer`` when not given).
        known: asked, a batch of report ids at a time, which are already held; those reports
            are not parsed but yielded as ``Copy`` items (see ``drop_known``).

    Raises:
        ModelError: the language pipeline cannot be loaded (nothing can be read then).
    """
    items = read_inputs(
        paths,
        published=published,
        max_bytes=settings.max_bytes,
        stdin=stdin,
        timeout=settings.fetch_timeout,
    )
    if known is None:
        yield from process(items, settings)
    else:
        yield from _in_order(drop_known(items, known, chunk=settings.batch_size), settings)


def _in_order(
    items: Iterable[Article | InputError | Copy], settings: Settings
) -> Iterator[ArticleRecord | Failure | Copy]:
    """Process the articles and pass the copies by, each result at its input's place.

    Every backend gives one result per article or input error, in order, so the results
    fill the places of the non-copies one by one; the copies read meanwhile wait in a queue
    no longer than the backend reads ahead.
    """
    places: deque[Copy | None] = deque()

    def parsed() -> Iterator[Article | InputError]:
        for item in items:
            if isinstance(item, Copy):
                places.append(item)
            else:
                places.append(None)
                yield item

    for result in process(parsed(), settings):
        while places and (waiting := places[0]) is not None:
            places.popleft()
            yield waiting
        places.popleft()  # this result's place
        yield result
    while places:
        copy = places.popleft()
        if copy is not None:
            yield copy


def count_reports(paths: Iterable[str | Path]) -> int | None:
    """Return how many results the inputs will give, when that is cheap to know; else None.

    For a progress bar's total. A text or HTML file gives one result, and so does a path
    that does not exist (its failure); a folder, one per such file in it. Stdin, a URL, and
    a JSON, JSONL, feed or WARC file hold an unknown number of reports until they are read,
    so any of them makes the total unknown. Only names are looked at, never contents.
    """
    total = 0
    for raw in paths:
        path = str(raw)
        if path == STDIN or "://" in path:
            return None
        p = Path(path)
        try:  # a path inside an unreadable folder: reading it will say so; here, no total
            n = _count_folder(p) if p.is_dir() else _count_file(p)
        except OSError:
            return None
        if n is None:
            return None
        total += n
    return total


def _count_file(p: Path) -> int | None:
    if not p.exists() or p.suffix.lower() in ONE_REPORT_SUFFIXES:
        return 1
    return None


def _count_folder(folder: Path) -> int | None:
    n = 0
    for f in folder.rglob("*"):
        if any(part.startswith(".") for part in f.relative_to(folder).parts) or not f.is_file():
            continue
        if not is_input_name(f.name):
            continue  # read_inputs passes over it too
        if f.suffix.lower() not in ONE_REPORT_SUFFIXES:
            return None
        n += 1
    return max(n, 1)  # a folder with nothing to read gives one failure


def drop_known(
    items: Iterable[Article | InputError], known: Known, *, chunk: int = 32
) -> Iterator[Article | InputError | Copy]:
    """Turn the articles whose id ``known`` returns into ``Copy`` items, asking once per chunk.

    A report's id is a hash of its text, known as soon as the text is read: a store can say
    what it already holds before anything is parsed, which is most of the work. Rerunning an
    ingest of a feed or a folder then costs the reading, not the parsing, and the same wire
    text from another outlet keeps its url, outlet and date as a copy instead of being lost
    (issue 16). A text met twice before the store holds it is parsed twice, and the store
    links the second as a copy. Input errors pass through; at most ``chunk`` articles are
    held at a time, as in a parse batch.
    """
    it = iter(items)
    while batch := list(islice(it, max(chunk, 1))):
        ids = [a.id for a in batch if isinstance(a, Article)]
        held = set(known(ids)) if ids else set()
        for item in batch:
            if isinstance(item, Article) and item.id in held:
                yield Copy.of(item)
            else:
                yield item


def process(
    items: Iterable[Article | InputError], settings: Settings
) -> Iterator[ArticleRecord | Failure]:
    """Turn articles (and the input errors met on the way) into records, in order, in batches.

    Raises:
        ModelError: the language pipeline cannot be loaded.
        StorylineError: Dask was asked for and is not installed.
    """
    if settings.dask:
        try:
            from storyline.engine.dask import process_dask  # Dask only when asked for
        except ImportError as exc:
            raise StorylineError(f"dask={settings.dask!r}: {DASK_HINT}") from exc
        yield from process_dask(items, settings)
        return
    workers = n_workers(settings)
    it = iter(items)
    head = list(islice(it, PARALLEL_FROM)) if workers > 1 else []
    if workers > 1 and len(head) == PARALLEL_FROM:
        log.info("reading with %d worker processes", workers)
        yield from process_parallel(chain(head, it), settings, workers=workers)
    else:
        yield from process_in_process(chain(head, it), settings)


def process_in_process(
    items: Iterable[Article | InputError], settings: Settings
) -> Iterator[ArticleRecord | Failure]:
    """The single-process path: batches of ``settings.batch_size`` parsed here, in order."""
    it = iter(items)
    while batch := list(islice(it, settings.batch_size)):
        articles = [a for a in batch if isinstance(a, Article)]
        results = iter(
            records_of(
                articles, settings.model, settings.batch_size, settings.quotes, settings.events
            )
        )
        for item in batch:
            yield Failure(item.source, item) if isinstance(item, InputError) else next(results)
