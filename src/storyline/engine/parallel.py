"""process_parallel(): the engine over N worker processes, in input order, in bounded memory.

Each worker loads the language pipeline once (the pool's initializer) and then turns small
batches of ``Article`` objects (plain frozen dataclasses, a few kB pickled) into records
(pydantic models, pickled without re-validation). A spaCy ``Doc`` never crosses a process
boundary: pickled, one carries its vocabulary and weighs megabytes.

The parent reads the inputs lazily and keeps at most ``IN_FLIGHT_PER_WORKER`` batches per
worker queued, so memory is the same for ten reports or ten million. Results are yielded in
input order; an input error is yielded where its input was. A worker that dies (killed for
memory, a crash in native code) costs only the report that killed it: the pool is rebuilt,
the batches in flight are re-run one at a time and, for the batch that breaks it again, one
report at a time.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice

from storyline.engine.batch import Failure, load_readers, records_of
from storyline.errors import InputError, ModelError, StorylineError
from storyline.ingest.article import Article
from storyline.record.model import ArticleRecord
from storyline.settings import Settings

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>: signal a child when its parent dies

__all__ = [
    "IN_FLIGHT_PER_WORKER",
    "TASK_REPORTS",
    "default_start_method",
    "n_workers",
    "process_parallel",
]

log = logging.getLogger(__name__)

Item = Article | InputError
Result = ArticleRecord | Failure

# Reports per task sent to a worker. Pickling costs per report, not per task, so small tasks
# cost little and keep two workers evenly busy on short inputs; nlp.pipe batches them whole.
TASK_REPORTS = 8
# Tasks queued per worker: one running and one waiting, so no worker idles while the parent
# merges results; more only holds more reports in memory.
IN_FLIGHT_PER_WORKER = 2


def n_workers(settings: Settings) -> int:
    """Return the number of worker processes a run uses: ``settings.workers``, 0 = the cores."""
    if settings.workers > 0:
        return settings.workers
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use (containers, taskset)
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def default_start_method() -> str:
    """Return how worker processes are started: ``fork`` on Linux, ``spawn`` elsewhere.

    fork starts a worker in milliseconds and shares the parent's imported modules; macOS and
    Windows cannot fork safely, and spawn there re-imports spaCy in each worker (about 1 s).
    """
    return "fork" if sys.platform.startswith("linux") else "spawn"


def process_parallel(
    items: Iterable[Item],
    settings: Settings,
    *,
    workers: int,
    start_method: str | None = None,
) -> Iterator[Result]:
    """Yield a record or a Failure per input, in input order, computed by ``workers`` processes.

    Args:
        items: articles and the input errors met reading them, read lazily.
        settings: the run's settings (the model is used; a task is parsed as one batch).
        workers: the number of worker processes (at least 1).
        start_method: ``fork``, ``forkserver`` or ``spawn``; default ``default_start_method()``.

    Raises:
        ModelError: the language pipeline cannot be loaded in a worker.
    """
    pool = _Pool(
        settings.model,
        settings.quotes,
        settings.events,
        workers,
        start_method or default_start_method(),
    )
    pending: deque[tuple[list[Item], Future[list[Result]] | None]] = deque()
    chunks = _chunks(items, TASK_REPORTS)
    try:
        for chunk in chunks:
            pending.append((chunk, pool.submit(chunk)))
            while len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield from _next_results(pending, pool)
        while pending:
            yield from _next_results(pending, pool)
    finally:
        pool.close()


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _next_results(
    pending: deque[tuple[list[Item], Future[list[Result]] | None]], pool: _Pool
) -> Iterator[Result]:
    """Yield the results of the oldest pending chunk; on a broken pool, recover them all."""
    chunk, future = pending[0]
    try:
        results = future.result() if future is not None else []
    except BrokenProcessPool:
        log.warning("a worker process died; re-running %d batches one at a time", len(pending))
        pool.broken = True
        chunks = [c for c, _ in pending]
        pending.clear()
        for c in chunks:
            yield from _merge(c, pool.recover(c))
        return
    pending.popleft()
    yield from _merge(chunk, results)


def _merge(chunk: Sequence[Item], results: Sequence[Result]) -> Iterator[Result]:
    """Put the input errors of a chunk back among the records of its articles, in order."""
    it = iter(results)
    for item in chunk:
        if isinstance(item, InputError):
            yield Failure(item.source, item)
        else:
            yield next(it)


class _Pool:
    """A process pool that can be rebuilt after a worker dies."""

    def __init__(
        self, model: str, quotes: str, events: str, workers: int, start_method: str
    ) -> None:
        self._model = model
        self._quotes = quotes
        self._events = events
        self._workers = workers
        self._context = multiprocessing.get_context(start_method)
        self._executor = self._new()
        self.broken = False

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self._workers,
            mp_context=self._context,
            initializer=_init_worker,
            initargs=(self._model, self._quotes, self._events),
        )

    def submit(self, chunk: Sequence[Item]) -> Future[list[Result]] | None:
        articles = [a for a in chunk if isinstance(a, Article)]
        if not articles:
            return None
        self._renew_if_broken()
        return self._executor.submit(_work, articles, self._model, self._quotes, self._events)

    def recover(self, chunk: Sequence[Item]) -> list[Result]:
        """Re-run one chunk alone; if a worker dies again, re-run it one report at a time."""
        articles = [a for a in chunk if isinstance(a, Article)]
        if not articles:
            return []
        with contextlib.suppress(BrokenProcessPool):
            return self._run_alone(articles)
        results: list[Result] = []
        for article in articles:
            try:
                results.extend(self._run_alone([article]))
            except BrokenProcessPool:
                log.warning("%s: the worker process died reading it", article.source)
                reason = f"{article.source}: the worker process died reading it"
                results.append(Failure(article.source, StorylineError(reason)))
        return results

    def _run_alone(self, articles: list[Article]) -> list[Result]:
        """Run one task and wait for it, on a fresh pool if the last one broke."""
        self._renew_if_broken()
        try:
            return self._executor.submit(
                _work, articles, self._model, self._quotes, self._events
            ).result()
        except BrokenProcessPool:
            self.broken = True
            raise

    def _renew_if_broken(self) -> None:
        if self.broken:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = self._new()
            self.broken = False

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


def _init_worker(model: str, quotes: str, events: str) -> None:
    """Load the models once per worker, before its first task (cached where they load)."""
    _die_with_parent()
    with contextlib.suppress(ModelError):  # the first task raises it again, in the parent
        load_readers(model, quotes, events)


def _die_with_parent() -> None:
    """Ask Linux to end this worker when the parent dies, even by ``kill -9``.

    Without it, workers of a killed ``storyline ingest`` live on and keep whatever they
    inherited open (a database connection among them). ``prctl(PR_SET_PDEATHSIG)`` is
    Linux-only; elsewhere this does nothing.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        log.debug("prctl(PR_SET_PDEATHSIG) is not available", exc_info=True)
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def _work(articles: list[Article], model: str, quotes: str, events: str) -> list[Result]:
    return records_of(articles, model, batch_size=len(articles), quotes=quotes, events=events)
