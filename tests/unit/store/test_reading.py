"""Reading a store on two connections at once (``store.reading.read_together``)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Connection, text

from storyline import ArticleRecord, open_store
from storyline.ingest.article import article_id
from storyline.store.reading import read_together


def _count(table: str) -> Callable[[Connection], int]:
    return lambda conn: int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def _record(body: str) -> ArticleRecord:
    return ArticleRecord(id=article_id(body), source=f"{body[:8]}.txt", text=body)


def test_reading_answers_come_in_the_readers_order_from_two_connections(store_url: str) -> None:
    texts = ["The river rose on Monday.", "Rain fell for a week.", "The dam held, officials said."]
    seen: list[tuple[str, int]] = []

    def where(conn: Connection) -> tuple[str, int]:
        found = (threading.current_thread().name, id(conn.connection.dbapi_connection))
        seen.append(found)
        time.sleep(0.2)  # long enough that the other worker takes the next reader
        return found

    with open_store(store_url) as store:
        store.ingest([_record(t) for t in texts])
        answers: list[Any] = read_together(
            store, [_count("reports"), where, where, _count("quotes")]
        )
    assert answers[0] == 3
    assert answers[3] == 0
    assert len({thread for thread, _ in seen}) == 2  # the two slow readers ran side by side
    assert len({conn for _, conn in seen}) == 2


def test_reading_an_error_is_raised_once_both_workers_stopped(store_url: str) -> None:
    def fails(conn: Connection) -> None:
        raise ValueError("no such thing")

    with open_store(store_url) as store, pytest.raises(ValueError, match="no such thing"):
        read_together(store, [_count("reports"), fails, _count("quotes")])


def test_reading_an_in_memory_store_reads_on_its_one_connection() -> None:
    with open_store(":memory:") as store:
        assert not store.parallel_reads
        assert read_together(store, [_count("reports"), _count("quotes")]) == [0, 0]
