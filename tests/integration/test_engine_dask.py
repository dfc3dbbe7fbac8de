"""A tiny Dask job end to end: an in-process LocalCluster reads two reports into records."""

from __future__ import annotations

import pytest

from storyline.engine.batch import Failure, records_of
from storyline.engine.run import process_in_process
from storyline.errors import EmptyInputError, InputError
from storyline.ingest.article import Article
from storyline.record.io import dumps
from storyline.settings import Settings

distributed = pytest.importorskip("dask.distributed")

pytestmark = pytest.mark.model

REPORTS = [
    Article(
        source="<flood>",
        text="The river burst its banks on Sunday, and 40 families were evacuated, "
        "officials said. “The water came in overnight,” a resident told reporters.",
    ),
    Article(
        source="<budget>",
        text="The council approved a budget of $12 million on Tuesday, its chair, Ana Ruiz, said.",
    ),
]


def _lines(results: list) -> list[str]:
    return [r.reason if isinstance(r, Failure) else dumps(r) for r in results]


def test_engine_dask_local_cluster_end_to_end() -> None:
    from storyline.engine.dask import process_dask

    items: list[Article | InputError] = [REPORTS[0], EmptyInputError("empty.txt"), REPORTS[1]]
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        results = list(process_dask(items, Settings(dask="local"), client=client))
    assert [r.source for r in results] == ["<flood>", "empty.txt", "<budget>"]
    assert _lines(results) == _lines(list(process_in_process(items, Settings(workers=1))))


def _failing_partition(articles, model, quotes, events):
    batch = list(articles)
    if any("BOOM" in a.text for a in batch):
        raise RuntimeError("worker lost")
    return records_of(batch, model, batch_size=len(batch), quotes=quotes, events=events)


def test_engine_dask_failed_task_gives_failures(monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.engine import dask as engine_dask

    monkeypatch.setattr(engine_dask, "_partition", _failing_partition)
    monkeypatch.setattr(engine_dask, "TASK_REPORTS", 1)  # one report per partition
    bad = Article(source="<bad>", text="BOOM went the boiler on Monday, the fire chief said.")
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        results = list(
            engine_dask.process_dask([REPORTS[0], bad, REPORTS[1]], Settings(), client=client)
        )
    assert [r.source for r in results] == ["<flood>", "<bad>", "<budget>"]
    assert isinstance(results[1], Failure)
    assert results[1].reason == "<bad>: the Dask task failed (RuntimeError: worker lost)"
    assert not isinstance(results[2], Failure)
