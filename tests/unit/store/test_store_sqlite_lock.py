"""A second process opening a new SQLite store while the first still writes it waits its turn."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from storyline.store import open_store


def test_opening_a_store_another_connection_is_writing_waits_for_it(tmp_path: Path) -> None:
    # A store file still in its first (rollback-journal) mode, with a write under way: what a
    # second `storyline ingest` meets while the first one is creating and migrating the store.
    path = tmp_path / "story.db"
    holding = threading.Event()
    release = threading.Event()

    def write() -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("CREATE TABLE scratch (x)")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO scratch VALUES (1)")
        holding.set()
        release.wait(timeout=20)
        conn.execute("COMMIT")
        conn.close()

    writer = threading.Thread(target=write)
    writer.start()
    assert holding.wait(timeout=20)
    threading.Timer(0.5, release.set).start()  # the writer commits while we are opening
    try:
        with open_store(path) as store:
            assert store.counts()["reports"] == 0
    finally:
        release.set()
        writer.join()
    check = sqlite3.connect(path)
    try:
        assert check.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        check.close()
