"""Locks that make concurrent writers take turns on PostgreSQL.

SQLite needs none of these: a write transaction there begins ``IMMEDIATE`` and holds the
database's one write lock (``store.sqlite``). PostgreSQL writers run side by side, and where two
of them would read the same state and write the same rows from it (a migration, resolving names
across reports, keeping the story's counts), each takes an advisory lock held until its
transaction ends, so the second reads what the first wrote.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

__all__ = ["COUNTS_LOCK", "ENTITY_LOCK", "MIGRATION_LOCK", "take_turns"]

# Advisory lock ids: any constants of our own, one per kind of write.
MIGRATION_LOCK = 0x5709_11E5
ENTITY_LOCK = 0x5709_E27
COUNTS_LOCK = 0x5709_C0C7


def take_turns(conn: Connection, key: int) -> None:
    """Wait for, then hold until the transaction ends, the lock ``key`` (PostgreSQL only)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
