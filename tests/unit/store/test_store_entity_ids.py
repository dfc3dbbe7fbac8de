"""Entity ids of figures and events in the store (schema v7), and stores from before them."""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable

from sqlalchemy import Connection, inspect, text

from storyline import ArticleRecord, export_table, open_store
from storyline.ingest.article import article_id
from storyline.record.model import Entity, Event, Figure, Mention, Span
from storyline.store import MIGRATIONS
from storyline.store.tables import Base

BODY = (
    "Strike at Valmora\n\n"
    "The union said 300 workers walked out. The union blamed Northline Terminals on Tuesday.\n"
)
NEW = {"figures": ("source_entity",), "events": ("actor_entity", "target_entity")}


def _span(part: str, cls: type[Span] = Span, **kw: object) -> Span:
    start = BODY.index(part)
    return cls(start=start, end=start + len(part), text=part, **kw)


def make_record(*, ids: bool, body: str = BODY) -> ArticleRecord:
    """The strike report; with ``ids``, its figure and event carry their entities' ids."""
    return ArticleRecord(
        id=article_id(body + str(ids)),
        source=f"strike-{ids}.txt",
        text=BODY,
        published="2025-04-08",
        entities=[
            Entity(id="e1", name="union", type="ORG", mentions=[_span("union", Mention)]),
            Entity(
                id="e2",
                name="Northline Terminals",
                type="ORG",
                mentions=[_span("Northline Terminals", Mention)],
            ),
        ],
        figures=[
            _span(
                "300 workers",
                Figure,
                value=300,
                unit="worker",
                source="union",
                source_entity="e1" if ids else None,
            )
        ],
        events=[
            _span(
                "The union blamed Northline Terminals",
                Event,
                type="ACCUSE",
                actor="union",
                actor_entity="e1" if ids else None,
                target="Northline Terminals",
                target_entity="e2" if ids else None,
                date="2025-04-08",
            )
        ],
    )


def _columns(conn: Connection, table: str) -> list[str]:
    return [c["name"] for c in inspect(conn).get_columns(table)]


def _indexes(conn: Connection, table: str) -> set[str]:
    with warnings.catch_warnings():  # version 10's indexes on lower(actor) are expressions
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based")
        return {i["name"] or "" for i in inspect(conn).get_indexes(table)}


def _make_version_6(url: str, make_version_8: Callable[[str], None]) -> None:
    """Take the new columns and their indexes out again: the store as version 6 left it."""
    make_version_8(url)  # what came after version 7 goes first
    with open_store(url, create=False) as store, store.engine.begin() as conn:
        for table, columns in NEW.items():
            for column in columns:
                conn.execute(text(f"DROP INDEX ix_{table}_{column}"))
                conn.execute(text(f'ALTER TABLE {table} DROP COLUMN "{column}"'))
        conn.execute(text("DELETE FROM schema_version WHERE version >= 7"))


def test_store_entity_ids_stored_and_joined(store_url: str) -> None:
    rec = make_record(ids=True)
    with open_store(store_url) as store:
        store.add([rec])
        assert store.get(rec.id) == rec
        with store.engine.connect() as conn:
            joined = conn.execute(
                text(
                    "SELECT a.name, t.name, s.name FROM events ev"
                    " JOIN entities a"
                    " ON a.report_id = ev.report_id AND a.entity_id = ev.actor_entity"
                    " JOIN entities t"
                    " ON t.report_id = ev.report_id AND t.entity_id = ev.target_entity"
                    " JOIN figures f ON f.report_id = ev.report_id"
                    " JOIN entities s"
                    " ON s.report_id = f.report_id AND s.entity_id = f.source_entity"
                )
            ).one()
    assert tuple(joined) == ("union", "Northline Terminals", "union")


def test_store_new_store_has_the_columns_in_tables_order(store_url: str) -> None:
    with open_store(store_url) as store, store.engine.connect() as conn:
        for table in NEW:
            assert _columns(conn, table) == list(Base.metadata.tables[table].columns.keys())
            assert {f"ix_{table}_{c}" for c in NEW[table]} <= _indexes(conn, table)


def test_store_migration_7_adds_entity_ids_to_an_old_store(
    store_url: str, version_8: Callable[[str], None]
) -> None:
    old = make_record(ids=False)
    with open_store(store_url) as store:
        store.add([old])
        with store.engine.connect() as conn:
            fresh = {table: _columns(conn, table) for table in NEW}
    _make_version_6(store_url, version_8)
    with open_store(store_url, create=False) as store:  # not migrated: as version 6 left it
        assert store.schema_version() == 6
        with store.engine.connect() as conn:
            assert "actor_entity" not in _columns(conn, "events")
            assert "source_entity" not in _columns(conn, "figures")
        out = io.BytesIO()
        assert export_table(store, "events", format="csv", out=out) == 1
        assert "actor_entity" not in out.getvalue().decode().splitlines()[0]

    with open_store(store_url) as store:  # migrates
        assert store.schema_version() == MIGRATIONS[-1].version >= 7
        new = make_record(ids=True)
        store.add([new])
        with store.engine.connect() as conn:
            for table, columns in NEW.items():
                assert _columns(conn, table) == fresh[table]  # same order as a new store
                assert {f"ix_{table}_{c}" for c in columns} <= _indexes(conn, table)
            rows = conn.execute(
                text(
                    "SELECT r.source, ev.actor, ev.actor_entity, ev.target_entity, f.value,"
                    " f.source_entity FROM events ev JOIN reports r ON r.id = ev.report_id"
                    " JOIN figures f ON f.report_id = ev.report_id ORDER BY r.source"
                )
            ).all()
        assert store.get(old.id) == old  # the old report survives whole
    assert [tuple(r) for r in rows] == [
        ("strike-False.txt", "union", None, None, 300.0, None),
        ("strike-True.txt", "union", "e1", "e2", 300.0, "e1"),
    ]


def test_store_migration_7_twice_changes_nothing(store_url: str) -> None:
    """Version 7 on a store that already has the columns (a new one) only checks them."""
    with open_store(store_url) as store:
        store.add([make_record(ids=True)])
        with store.engine.begin() as conn:
            conn.execute(text("DELETE FROM schema_version WHERE version >= 7"))
    with open_store(store_url) as store:
        assert store.schema_version() == MIGRATIONS[-1].version
        assert store.counts()["events"] == 1
