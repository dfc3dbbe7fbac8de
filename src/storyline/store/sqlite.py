"""configure_sqlite(): what a SQLite connection of the store is set up to do, on connect.

Python's sqlite3 only opens a transaction before DML, so a migration's CREATE TABLE would
commit on its own; the SQLAlchemy recipe ("Serializable isolation / Savepoints / Transactional
DDL") takes transaction control from the driver. WAL lets Datasette read while we write. A
reader leaves the journal mode as the writer set it and refuses writes (``query_only``).
"""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from sqlalchemy import Engine, event

from storyline.store.migrations import WRITE_OPTION

__all__ = ["configure_sqlite"]

# How long a new connection keeps asking for WAL while another process holds the write lock
# of a store still in its first (rollback-journal) mode: the connection's busy timeout.
WAL_WAIT_S = 30.0
_WAL_PAUSE_S = 0.05


def configure_sqlite(engine: Engine, *, read_only: bool = False) -> None:
    """Make SQLite transactions real: BEGIN before DDL too, WAL, and foreign keys enforced."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:  # noqa: ANN401
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if read_only:
            cur.execute("PRAGMA query_only=ON")
        else:
            _enter_wal(cur)
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:  # noqa: ANN401
        # A writer takes the write lock up front, so a second writer waits (busy timeout)
        # instead of failing to upgrade a read snapshot that the first one changed.
        is_writer = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if is_writer else "BEGIN")


def _enter_wal(cur: sqlite3.Cursor) -> None:
    """Switch to WAL, waiting for a writer that holds the lock instead of failing at once.

    Leaving the rollback journal needs an exclusive lock, and SQLite answers "database is
    locked" at once, without its busy timeout, while another connection writes: two ingests
    creating one store together (one still migrating it) would make the second fail to open.
    Once the file is in WAL (it stays so), the pragma takes no lock.
    """
    deadline = time.monotonic() + WAL_WAIT_S
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(_WAL_PAUSE_S)
