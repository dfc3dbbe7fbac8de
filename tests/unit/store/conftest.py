"""Helpers for the store tests: a store taken back to an older schema, as that version left it."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from datetime import datetime

import pytest
from sqlalchemy import Connection, inspect, text

from storyline import open_store

# What version 9 added (store/global_entities.py), undone to make a version-8 store.
V9_TABLES = ("entity_links", "global_entity_names", "global_entities")  # children first
V9_COLUMNS = {
    "quotes": ("speaker_global",),
    "figures": ("source_global",),
    "events": ("actor_global", "target_global"),
}
V9_VIEWS = ("global_entity_counts", "quotes_by_global_entity")
_TABLE_FK = re.compile(r",\s*FOREIGN KEY\((\w+_global)\) REFERENCES global_entities \(id\)")


def _sqlite_drop_table_fks(path: str) -> None:
    """Take the table-level foreign keys of the global columns out of SQLite's schema.

    SQLite will not drop a column a table-level FOREIGN KEY names (a new store declares them
    so; a migrated one has them inline, which DROP COLUMN removes). Editing the stored CREATE
    statement (``writable_schema``) is the documented way to change a constraint in place.
    """
    conn = sqlite3.connect(path)
    try:
        version = conn.execute("PRAGMA schema_version").fetchone()[0]
        conn.execute("PRAGMA writable_schema=ON")
        for table in V9_COLUMNS:
            (sql,) = conn.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
            ).fetchone()
            conn.execute(
                "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?",
                (_TABLE_FK.sub("", sql), table),
            )
        conn.execute(f"PRAGMA schema_version={version + 1}")
        conn.execute("PRAGMA writable_schema=OFF")
        conn.commit()
    finally:
        conn.close()


# What version 10 added (store/copies.py mark_repeats), undone to make a version-9 store.
V10_COLUMNS = {"quotes": ("repeated",), "figures": ("repeated",)}
V10_INDEXES = (
    "ix_quotes_story_speaker",
    "ix_figures_story_thing",
    "ix_events_story_actor",
    "ix_events_story_target",
    "ix_entities_story_id",
    "ix_reports_story",
)


def make_version_10(url: str) -> None:
    """Undo version 11 in the store at ``url``: keys unlike today's, and no sizes."""
    with open_store(url) as store, store.engine.begin() as conn:
        _undo_version_11(conn)


def make_version_11(url: str) -> None:
    """Undo version 12 in the store at ``url``: the store as version 11 left it."""
    with open_store(url) as store, store.engine.begin() as conn:
        _undo_version_12(conn)


def make_version_12(url: str) -> None:
    """Undo version 13 in the store at ``url``: kept counts under the older fingerprint."""
    with open_store(url) as store, store.engine.begin() as conn:
        _undo_version_13(conn)


def _undo_version_13(conn: Connection) -> None:
    # version 12's fingerprint: how many reports and the latest ingest, as one JSON list
    n, latest = conn.execute(text("SELECT count(*), max(ingested_at) FROM reports")).one()
    if conn.dialect.name == "sqlite":  # as SQLAlchemy's DateTime read it back
        latest = datetime.fromisoformat(latest) if latest is not None else None
    old = json.dumps([int(n), str(latest)])
    conn.execute(text("UPDATE story_cache SET fingerprint = :old"), {"old": old})
    conn.execute(text("DELETE FROM schema_version WHERE version >= 13"))


def _undo_version_12(conn: Connection) -> None:
    _undo_version_13(conn)
    conn.execute(text("DROP INDEX IF EXISTS ix_entity_links_global_report"))
    conn.execute(text("DELETE FROM schema_version WHERE version >= 12"))


def _undo_version_11(conn: Connection) -> None:
    _undo_version_12(conn)
    # version 10's keys came from other shingles: none equals a key made today
    conn.execute(text("UPDATE report_keys SET key = -key - 1"))
    if "size" in {c["name"] for c in inspect(conn).get_columns("report_keys")}:
        conn.execute(text("ALTER TABLE report_keys DROP COLUMN size"))
    conn.execute(text("DELETE FROM schema_version WHERE version >= 11"))


def make_version_9(url: str) -> None:
    """Undo version 10 in the store at ``url``: the store as version 9 left it."""
    with open_store(url) as store, store.engine.begin() as conn:
        _undo_version_10(conn)


def _undo_version_10(conn: Connection) -> None:
    _undo_version_11(conn)
    for index in V10_INDEXES:
        conn.execute(text(f"DROP INDEX IF EXISTS {index}"))
    for table, columns in V10_COLUMNS.items():
        present = {c["name"] for c in inspect(conn).get_columns(table)}
        for column in columns:
            if column in present:
                conn.execute(text(f'ALTER TABLE {table} DROP COLUMN "{column}"'))
    conn.execute(text("DROP TABLE IF EXISTS story_cache"))
    conn.execute(text("DELETE FROM schema_version WHERE version >= 10"))


def make_version_8(url: str) -> None:
    """Undo versions 10 and 9 in the store at ``url``: the store as version 8 left it."""
    if not url.startswith("postgresql"):
        _sqlite_drop_table_fks(url)  # a SQLite store_url is a file path
    with open_store(url) as store, store.engine.begin() as conn:
        _undo_version_10(conn)
        for view in V9_VIEWS:
            conn.execute(text(f"DROP VIEW IF EXISTS {view}"))
        for table, columns in V9_COLUMNS.items():
            present = {c["name"] for c in inspect(conn).get_columns(table)}
            for column in columns:
                conn.execute(text(f"DROP INDEX IF EXISTS ix_{table}_{column}"))
                if column in present:
                    conn.execute(text(f'ALTER TABLE {table} DROP COLUMN "{column}"'))
        for table in V9_TABLES:
            conn.execute(text(f"DROP TABLE {table}"))
        conn.execute(text("DELETE FROM schema_version WHERE version >= 9"))


@pytest.fixture
def version_12() -> Callable[[str], None]:
    """Undo version 13 of a store (``make_version_12``)."""
    return make_version_12


@pytest.fixture
def version_11() -> Callable[[str], None]:
    """Undo version 12 of a store (``make_version_11``)."""
    return make_version_11


@pytest.fixture
def version_10() -> Callable[[str], None]:
    """Undo version 11 of a store (``make_version_10``)."""
    return make_version_10


@pytest.fixture
def version_9() -> Callable[[str], None]:
    """Undo version 10 of a store (``make_version_9``)."""
    return make_version_9


@pytest.fixture
def version_8() -> Callable[[str], None]:
    """Undo version 9 of a store (``make_version_8``)."""
    return make_version_8
