"""process_dask(): the engine on a Dask cluster, a bag of report batches, in input order.

Imported only when a run asks for Dask (``Settings.dask``), so ``dask[distributed]`` stays an
optional dependency. The contract is ``process()``'s: one record or Failure per input, in
input order, the inputs read lazily by the caller, a bounded number of reports in flight.

How it runs: the inputs are cut into windows of ``workers × PARTITIONS_PER_WORKER`` batches of
``TASK_REPORTS`` reports; each window becomes a ``dask.bag`` whose partitions are the batches,
mapped with ``records_of`` (the function every backend runs) and computed on the cluster. Two
windows are in flight at once, so workers never wait for the caller to drain the results.
Each worker loads the language pipeline once: a worker plugin loads it when the worker joins,
and ``load_pipeline`` caches it per process for every later task. Workers send back records,
never spaCy ``Doc`` objects.
"""

from __future__ import annotations

import contextlib
import logging
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING

import dask
import dask.bag as db
from distributed import Client, Future, LocalCluster, WorkerPlugin

from storyline.engine.batch import Failure, load_readers, records_of
from storyline.engine.parallel import TASK_REPORTS, n_workers
from storyline.errors import InputError, ModelError, StorylineError
from storyline.ingest.article import Article
from storyline.record.model import ArticleRecord
from storyline.settings import Settings

if TYPE_CHECKING:
    from distributed import Worker

__all__ = [
    "KEEP_MALLOC_DEFAULTS",
    "PARTITIONS_PER_WORKER",
    "ModelPlugin",
    "connect",
    "process_dask",
]

log = logging.getLogger(__name__)

Item = Article | InputError
Result = ArticleRecord | Failure

# Partitions (batches of TASK_REPORTS reports) per worker in one window: enough that the
# scheduler's per-task overhead (~1 ms) is noise and a slow batch does not idle the others.
PARTITIONS_PER_WORKER = 4
_WINDOWS_IN_FLIGHT = 2
# Dask starts workers with MALLOC_TRIM_THRESHOLD_=65536 so they hand memory back to the OS
# sooner. spaCy allocates and frees a lot per batch, and with that setting the same reports
# cost 20-25% more CPU (in process, 80 generated reports: 3,346 vs 2,714 words per CPU-s);
# the memory zone already keeps a worker flat, so storyline's clusters leave glibc's default.
KEEP_MALLOC_DEFAULTS = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


class ModelPlugin(WorkerPlugin):
    """Load the language pipeline once on every worker, when it joins the cluster."""

    name = "storyline-model"

    def __init__(self, model: str, quotes: str = "model", events: str = "model") -> None:
        self.model = model
        self.quotes = quotes
        self.events = events

    def setup(self, worker: Worker) -> None:
        """Load and cache the pipeline; a missing model is raised by the first task instead."""
        with contextlib.suppress(ModelError):
            load_readers(self.model, self.quotes, self.events)


def connect(settings: Settings) -> contextlib.AbstractContextManager[Client]:
    """Return a client on the cluster the settings name: a new LocalCluster or an address.

    ``local`` starts ``workers`` single-threaded worker processes (0 = the cores): spaCy
    releases the GIL too rarely for threads to help, and one thread per process keeps one
    pipeline per core. Its workers keep glibc's own malloc trimming (``KEEP_MALLOC_DEFAULTS``).
    The LocalCluster is closed with the client.
    """
    address = settings.dask
    if address is None or address == "local":
        with dask.config.set(KEEP_MALLOC_DEFAULTS):
            cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=n_workers(settings),
                threads_per_worker=1,
                processes=True,
                # a free port for the scheduler's HTTP server: with None it still binds 8787
                # and warns when another cluster holds it ("Port 8787 is already in use")
                dashboard_address=":0",
            )
        return _closing(Client(cluster), cluster)  # type: ignore[no-untyped-call]
    return Client(address)  # type: ignore[no-untyped-call]


@contextlib.contextmanager
def _closing(client: Client, cluster: LocalCluster) -> Iterator[Client]:
    try:
        yield client
    finally:
        client.close()  # type: ignore[no-untyped-call]
        cluster.close()


def process_dask(
    items: Iterable[Item], settings: Settings, *, client: Client | None = None
) -> Iterator[Result]:
    """Yield a record or a Failure per input, in input order, computed on a Dask cluster.

    Args:
        items: articles and the input errors met reading them, read lazily.
        settings: the run's settings; ``settings.dask`` names the cluster unless ``client``
            is given.
        client: an open client to use (and leave open), e.g. a test's in-process cluster.

    Raises:
        ModelError: the language pipeline cannot be loaded on a worker.
    """
    if client is not None:
        yield from _process(items, settings, client)
        return
    with connect(settings) as own:
        yield from _process(items, settings, own)


def _process(items: Iterable[Item], settings: Settings, client: Client) -> Iterator[Result]:
    client.register_plugin(ModelPlugin(settings.model, settings.quotes, settings.events))
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    window_size = workers * PARTITIONS_PER_WORKER * TASK_REPORTS
    log.info("reading on Dask: %d workers, windows of %d reports", workers, window_size)
    pending: deque[tuple[list[Item], list[Future[list[Result]]]]] = deque()
    it = iter(items)
    try:
        while window := list(islice(it, window_size)):
            pending.append(
                (window, _submit(client, window, settings.model, settings.quotes, settings.events))
            )
            if len(pending) >= _WINDOWS_IN_FLIGHT:
                yield from _gather(*pending.popleft())
        while pending:
            yield from _gather(*pending.popleft())
    finally:
        for _, futures in pending:
            client.cancel(futures)  # type: ignore[no-untyped-call]


def _submit(
    client: Client, window: Sequence[Item], model: str, quotes: str, events: str
) -> list[Future[list[Result]]]:
    """Compute a window's articles as a bag of TASK_REPORTS-report partitions."""
    articles = [a for a in window if isinstance(a, Article)]
    if not articles:
        return []
    bag = db.from_sequence(articles, partition_size=TASK_REPORTS)  # type: ignore[no-untyped-call]
    parts = bag.map_partitions(_partition, model, quotes, events).to_delayed()
    futures: list[Future[list[Result]]] = client.compute(parts)  # type: ignore[no-untyped-call]
    return futures


def _partition(articles: Iterable[Article], model: str, quotes: str, events: str) -> list[Result]:
    batch = list(articles)
    return records_of(batch, model, batch_size=len(batch), quotes=quotes, events=events)


def _gather(window: Sequence[Item], futures: Sequence[Future[list[Result]]]) -> Iterator[Result]:
    """Yield a window's results in order, its input errors back in their places.

    A partition whose task failed on the cluster (its worker died more often than Dask's
    ``allowed-failures``, a worker lost) gives one Failure per report, and the run goes on.
    """
    articles = [a for a in window if isinstance(a, Article)]
    it = _partition_results(articles, futures)
    for item in window:
        yield Failure(item.source, item) if isinstance(item, InputError) else next(it)


def _partition_results(
    articles: Sequence[Article], futures: Sequence[Future[list[Result]]]
) -> Iterator[Result]:
    """Yield the records of each partition in turn, as soon as that partition is done."""
    for k, future in enumerate(futures):
        try:
            yield from future.result()
        except ModelError:
            raise
        except Exception as exc:  # a cluster-side failure, whatever its type: the batch goes on
            log.debug("Dask task failed", exc_info=True)
            for a in articles[k * TASK_REPORTS : (k + 1) * TASK_REPORTS]:
                reason = f"{a.source}: the Dask task failed ({type(exc).__name__}: {exc})"
                yield Failure(a.source, StorylineError(reason))
