"""The worker pool: same records, same order, failures in place, a dead worker costs one report."""

from __future__ import annotations

import importlib
import os
from itertools import islice

import pytest

from storyline.engine.batch import Failure, records_of
from storyline.engine.parallel import _merge, n_workers, process_parallel
from storyline.engine.run import PARALLEL_FROM, process, process_in_process
from storyline.errors import EmptyInputError, InputError
from storyline.ingest.article import Article
from storyline.record.io import dumps
from storyline.settings import Settings

TOWNS = ["Arden", "Belmont", "Carrow", "Dunmore", "Elston", "Fairley", "Glenby", "Harwick"]


def _articles(n: int) -> list[Article]:
    return [
        Article(
            source=f"<report {i}>",
            text=f"The {TOWNS[i % len(TOWNS)]} bridge reopened on Monday after {i + 2} weeks, "
            f"the mayor said. “It is a relief,” she told reporters.",
        )
        for i in range(n)
    ]


def _as_lines(results: list) -> list[str]:
    return [r.reason if isinstance(r, Failure) else dumps(r) for r in results]


@pytest.mark.parametrize(("workers", "expected"), [(3, 3), (1, 1)])
def test_parallel_n_workers_explicit(workers: int, expected: int) -> None:
    assert n_workers(Settings(workers=workers)) == expected


def test_parallel_n_workers_zero_is_the_cores() -> None:
    assert n_workers(Settings(workers=0)) == len(os.sched_getaffinity(0))


@pytest.mark.parametrize("n_errors", [1])
def test_parallel_merge_puts_input_errors_in_place(n_errors: int) -> None:
    a, b = _articles(2)
    err = EmptyInputError("empty.txt")
    chunk: list[Article | InputError] = [a, err, b]
    merged = list(_merge(chunk, ["rec-a", "rec-b"]))  # type: ignore[list-item]
    assert merged[0] == "rec-a"
    assert isinstance(merged[1], Failure)
    assert merged[1].reason == "empty.txt: empty input: no text to read"
    assert merged[2] == "rec-b"
    assert sum(isinstance(m, Failure) for m in merged) == n_errors


@pytest.mark.model
@pytest.mark.parametrize("workers", [2])
def test_parallel_same_records_in_order(workers: int) -> None:
    items: list[Article | InputError] = list(_articles(PARALLEL_FROM + 3))
    items.insert(4, EmptyInputError("empty.txt"))
    serial = _as_lines(list(process_in_process(items, Settings(workers=1))))
    pooled = _as_lines(list(process_parallel(items, Settings(), workers=workers)))
    assert pooled == serial
    assert pooled[4] == "empty.txt: empty input: no text to read"


@pytest.mark.model
@pytest.mark.parametrize("workers", [2])
def test_parallel_small_input_stays_in_process(
    workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool was started for a small input")

    # the package's ``run`` function hides its ``run`` module from attribute lookup
    monkeypatch.setattr(
        importlib.import_module("storyline.engine.run"), "process_parallel", no_pool
    )
    results = list(process(_articles(PARALLEL_FROM - 1), Settings(workers=workers)))
    assert len(results) == PARALLEL_FROM - 1


@pytest.mark.model
def test_parallel_stopping_early_shuts_the_pool() -> None:
    results = process_parallel(_articles(40), Settings(), workers=2)
    first = list(islice(results, 3))
    results.close()  # the caller stops reading: the pool must go, and nothing hang
    assert [r.source for r in first] == ["<report 0>", "<report 1>", "<report 2>"]


def _dying_work(articles: list[Article], model: str, quotes: str, events: str) -> list:
    """A worker task that dies outright (as if killed for memory) on a report saying CRASH."""
    if any("CRASH" in a.text for a in articles):
        os._exit(1)
    return records_of(articles, model, batch_size=len(articles), quotes=quotes)


@pytest.mark.model
def test_parallel_dead_worker_costs_one_report(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("storyline.engine.parallel._work", _dying_work)
    items = _articles(12)
    items[5] = Article(source="<bad>", text="CRASH the worker, the engineer said on Monday.")
    results = list(process_parallel(items, Settings(), workers=2, start_method="fork"))
    assert [r.source for r in results] == [a.source for a in items]
    failed = [r for r in results if isinstance(r, Failure)]
    assert [f.reason for f in failed] == ["<bad>: the worker process died reading it"]
