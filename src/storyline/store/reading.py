"""Reading a store on two connections at once: a page's independent queries side by side.

A page of the explorer asks several queries that do not depend on each other (an entity's
statements, its events, its reports). The database sorts and groups each in its own code,
without Python's lock, so two connections read in parallel on a machine of two cores or
more: an entity in a third of 100,000 reports is read in about two thirds of the time.
"""

from __future__ import annotations

import queue
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import Any

from sqlalchemy import Connection

from storyline.store.store import Store

__all__ = ["read_together"]

Reader = Callable[[Connection], Any]


def read_together(store: Store, readers: Sequence[Reader]) -> list[Any]:
    """Run the readers on two connections at once and return their answers in their order.

    Two workers, each with a connection of its own, take the next reader as they finish the
    last, so list the longest first. A store whose one connection every reader shares (an
    in-memory SQLite store) runs them one after the other. An error of any reader is raised
    once both workers have stopped.
    """
    if len(readers) < 2 or not store.parallel_reads:
        with store.engine.connect() as conn:
            return [read(conn) for read in readers]
    todo: queue.SimpleQueue[tuple[int, Reader]] = queue.SimpleQueue()
    for i, read in enumerate(readers):
        todo.put((i, read))
    answers: list[Any] = [None] * len(readers)

    def work() -> None:
        with store.engine.connect() as conn:
            while True:
                try:
                    i, read = todo.get_nowait()
                except queue.Empty:
                    return
                answers[i] = read(conn)

    helper = _pool().submit(work)
    try:
        work()
    finally:
        helper.result()  # waits for the other worker; raises its error, if any
    return answers


@cache
def _pool() -> ThreadPoolExecutor:
    """The process's helper workers (one per page being read; made when first needed)."""
    return ThreadPoolExecutor(max_workers=4, thread_name_prefix="storyline-read")
