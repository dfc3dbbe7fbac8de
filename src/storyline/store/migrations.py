"""Ordered, recorded schema migrations: each a named function run once, in a transaction.

The ``schema_version`` table holds one row per applied migration. ``migrate()`` applies the
missing ones in order, each in its own transaction together with its row, so a crash leaves the
store at the last whole version (PostgreSQL and SQLite both roll DDL back; the SQLite engine is
opened so that it does, see ``store.py``). A new schema change is a new function appended to
``MIGRATIONS``; a migration that has shipped is never edited.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, delete, func, insert, inspect, select, text

from storyline.store.copies import NewReport, key_rows, link_copies, mark_repeats
from storyline.store.global_entities import ITEM_GLOBALS, attach_entities
from storyline.store.locks import MIGRATION_LOCK, take_turns
from storyline.store.queries.cache import carry_over
from storyline.store.tables import (
    Base,
    CopyRow,
    EntityLink,
    EntityName,
    GlobalEntity,
    Report,
    ReportKey,
    SchemaVersion,
    StoryCache,
)

__all__ = [
    "MIGRATIONS",
    "SEARCH_INDEXES",
    "VIEWS",
    "WORD_INDEXES",
    "WRITE_OPTION",
    "Migration",
    "current_version",
    "has_fts5",
    "migrate",
    "words_of",
    "writing",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: its version, a readable name, and the function that applies it."""

    version: int
    name: str
    apply: Callable[[Connection], None]


def _create_tables(conn: Connection) -> None:
    """Create the report and item tables (version 1 of the schema, tables.py as first shipped)."""
    Base.metadata.create_all(conn)


# Convenience views for Datasette and SQL users: each item next to its report's headline,
# outlet and date, so a row reads on its own. Plain SQL that SQLite and PostgreSQL both run.
# Versions 2 and 6 make these; ``VIEWS`` (below) is every view of the current schema.
_ITEM_VIEWS: dict[str, str] = {
    "quotes_with_speakers": """
        SELECT q.report_id, q.n, r.published, r.outlet, r.headline,
               COALESCE(q.speaker_name, q.speaker) AS speaker, q.speaker_type, q.kind,
               q.content, q.cue, q.venue, q.via, q.date, q.start, q."end"
        FROM quotes q JOIN reports r ON r.id = q.report_id""",
    "figures_with_reports": """
        SELECT f.report_id, f.n, r.published, r.outlet, r.headline, f.text, f.value, f.low,
               f.high, f.approx, f.unit, f.what, f.source, f.date, f.start, f."end"
        FROM figures f JOIN reports r ON r.id = f.report_id""",
    "events_with_reports": """
        SELECT e.report_id, e.n, r.published, r.outlet, r.headline, e.date, e.type, e.actor,
               e.target, e.place, e.status, e.attribution, e.text, e.start, e."end"
        FROM events e JOIN reports r ON r.id = e.report_id""",
    "entity_mentions": """
        SELECT m.report_id, e.name, e.type, e.role, m.kind, m.text, m.start, m."end",
               r.outlet, r.published
        FROM mentions m
        JOIN entities e ON e.report_id = m.report_id AND e.n = m.entity_n
        JOIN reports r ON r.id = m.report_id""",
}


def _create_views(conn: Connection) -> None:
    """Create the Datasette convenience views."""
    for name, sql in _ITEM_VIEWS.items():
        conn.execute(text(f"CREATE VIEW {name} AS {sql}"))


# Full-text search for the explorer (issue 6): SQLite FTS5 tables over report text and quote
# words, kept in step with their tables by triggers, so a store stays searchable however it is
# written (ingest, Datasette, plain SQL). External-content tables: the words are not stored
# twice. A SQLite built without FTS5 is searched with LIKE.
SEARCH_INDEXES: dict[str, tuple[str, tuple[str, ...]]] = {
    "reports_fts": ("reports", ("headline", "text")),
    "quotes_fts": ("quotes", ("content", "speaker", "speaker_name")),
}
# PostgreSQL's counterpart (version 14): a GIN index over the words of the same columns, as
# ``words_of`` gives them; a query must repeat that expression for the planner to use it.
WORD_INDEXES: dict[str, tuple[str, tuple[str, ...]]] = {
    "ix_reports_words": SEARCH_INDEXES["reports_fts"],
    "ix_quotes_words": SEARCH_INDEXES["quotes_fts"],
}


def words_of(table: str, columns: tuple[str, ...]) -> str:
    """PostgreSQL's words of these columns: lower-cased, unstemmed, like FTS5's ``unicode61``.

    The ``simple`` configuration neither stems nor drops stop words, so a name or a number is
    found as typed, as on SQLite.
    """
    joined = " || ' ' || ".join(f"coalesce({table}.{c}, '')" for c in columns)
    return f"to_tsvector('simple'::regconfig, {joined})"


def has_fts5(conn: Connection) -> bool:
    """Whether this SQLite library was built with FTS5."""
    if conn.dialect.name != "sqlite":
        return False
    options: list[str] = list(conn.exec_driver_sql("PRAGMA compile_options").scalars())
    return "ENABLE_FTS5" in options


def _create_search_indexes(conn: Connection) -> None:
    """Create the FTS5 search tables and their triggers, and index what is already stored."""
    if not has_fts5(conn):
        log.info("no FTS5 in this database: search will use LIKE")
        return
    for index, (table, columns) in SEARCH_INDEXES.items():
        cols = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        conn.exec_driver_sql(
            f"CREATE VIRTUAL TABLE {index} USING fts5({cols}, content='{table}', "
            "content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')"
        )
        conn.exec_driver_sql(
            f"CREATE TRIGGER {index}_ai AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {index}(rowid, {cols}) VALUES (new.rowid, {new}); END"
        )
        conn.exec_driver_sql(
            f"CREATE TRIGGER {index}_ad AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {index}({index}, rowid, {cols}) VALUES ('delete', old.rowid, {old}); END"
        )
        conn.exec_driver_sql(
            f"CREATE TRIGGER {index}_au AFTER UPDATE ON {table} BEGIN "
            f"INSERT INTO {index}({index}, rowid, {cols}) VALUES ('delete', old.rowid, {old}); "
            f"INSERT INTO {index}(rowid, {cols}) VALUES (new.rowid, {new}); END"
        )
        conn.exec_driver_sql(f"INSERT INTO {index}({index}) VALUES ('rebuild')")


def _index_ingest_time(conn: Connection) -> None:
    """Index reports by ingest time: "what came in last" is then a lookup, not a table scan.

    The explorer asks it on every request to know whether the store changed (13 ms on 10,000
    reports without the index, well under a millisecond with it).
    """
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_reports_ingested_at ON reports (ingested_at)"))


def _datasette_search_indexes(conn: Connection) -> None:
    """Recreate the search tables in the form Datasette detects, and index what is stored.

    Datasette offers a table's search box when an FTS table names it as ``content="table"``
    (double quotes) or ``content=[table]`` in its SQL (``datasette.utils.detect_fts_sql``);
    version 3 wrote ``content='table'``, which it misses. Same columns, tokenizer, triggers
    and rowids as before, so search and ``web/search.py`` are unchanged. A store whose
    SQLite had no FTS5 at version 3 gets the tables here if its SQLite has it now.
    """
    if not has_fts5(conn):
        log.info("no FTS5 in this database: search will use LIKE")
        return
    for index, (table, columns) in SEARCH_INDEXES.items():
        for statement in _fts5_index_sql(index, table, columns):
            conn.exec_driver_sql(statement)


def _fts5_index_sql(index: str, table: str, columns: tuple[str, ...]) -> list[str]:
    """The statements that (re)make one external-content FTS5 table, its triggers, its rows."""
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    delete = f"INSERT INTO {index}({index}, rowid, {cols}) VALUES ('delete', old.rowid, {old});"
    add = f"INSERT INTO {index}(rowid, {cols}) VALUES (new.rowid, {new});"
    options = f'content="{table}", content_rowid="rowid"'
    return [
        *(f"DROP TRIGGER IF EXISTS {index}_{suffix}" for suffix in ("ai", "ad", "au")),
        f"DROP TABLE IF EXISTS {index}",
        f"CREATE VIRTUAL TABLE {index} USING fts5({cols}, {options}, "
        "tokenize='unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER {index}_ai AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER {index}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {index}_au AFTER UPDATE ON {table} BEGIN {delete} {add} END",
        f"INSERT INTO {index}({index}) VALUES ('rebuild')",
    ]


# The columns version 1 declared VARCHAR(n) that are not report keys (tables.py now makes them
# Text). Written out, not read from tables.py: a shipped migration never changes.
_BOUNDED_COLUMNS: dict[str, tuple[str, ...]] = {
    "reports": ("outlet", "published"),
    "entities": ("entity_id", "type", "kind"),
    "mentions": ("kind",),
    "quotes": ("kind", "speaker_entity", "speaker_type", "date"),
    "figures": ("approx", "unit", "what", "date"),
    "dates": ("value", "type"),
    "events": ("type", "mode", "date", "status"),
}


def _unbounded_text(conn: Connection) -> None:
    """Make every bounded text column ``text`` on PostgreSQL, where a longer value was refused.

    An outlet over 200 characters or a unit over 100 made PostgreSQL refuse the whole batch
    that held it, where SQLite (which ignores declared lengths) stored it. PostgreSQL will not
    change the type of a column a view reads, so the views are dropped and made again around
    the change; VARCHAR to text rewrites no rows. Nothing to do on SQLite.
    """
    if conn.dialect.name != "postgresql":
        return
    for name in _ITEM_VIEWS:
        conn.exec_driver_sql(f"DROP VIEW IF EXISTS {name}")
    for table, columns in _BOUNDED_COLUMNS.items():
        changes = ", ".join(f'ALTER COLUMN "{c}" TYPE text' for c in columns)
        conn.exec_driver_sql(f"ALTER TABLE {table} {changes}")
    _create_views(conn)


# The entity-id columns version 7 adds: who an item names, as the id of that entity in the
# item's report (entities.entity_id). Written out, not read from tables.py: a shipped migration
# never changes.
_ENTITY_ID_COLUMNS: dict[str, tuple[str, ...]] = {
    "figures": ("source_entity",),
    "events": ("actor_entity", "target_entity"),
}


def _entity_id_columns(conn: Connection) -> None:
    """Add the entity ids of figures and events as nullable, indexed ``text`` columns.

    A store created since tables.py declares them has them from version 1, which creates the
    tables as tables.py stands: only what is missing is added, so the step is the same on a
    new store and an old one. Rows stored before keep NULL there, as their records (made
    before the fields existed) carry no ids either. ``ALTER TABLE ... ADD COLUMN`` and
    ``CREATE INDEX IF NOT EXISTS`` read the same on SQLite and PostgreSQL, and neither
    rewrites the table for a nullable column with no default.
    """
    inspector = inspect(conn)
    for table, columns in _ENTITY_ID_COLUMNS.items():
        present = {c["name"] for c in inspector.get_columns(table)}
        for column in columns:
            if column not in present:
                conn.exec_driver_sql(f'ALTER TABLE {table} ADD COLUMN "{column}" TEXT')
            conn.exec_driver_sql(
                f'CREATE INDEX IF NOT EXISTS ix_{table}_{column} ON {table} ("{column}")'
            )


_BACKFILL_CHUNK = 200  # reports read and linked at a time while a store gets its copy index


def _syndicated_copies(conn: Connection) -> None:
    """Add ``copies`` and ``report_keys``; index the stored reports and link their copies.

    A store made since tables.py declares them has both from version 1; only what is missing
    is created. The stored reports are then keyed and linked in the order they came in, as an
    ingest would have done, so an old store counts its wire copies once too. Identical copies
    were never kept before this version (their inputs were dropped), so none can be linked.
    """
    for table in (CopyRow.__tablename__, ReportKey.__tablename__):
        Base.metadata.tables[table].create(conn, checkfirst=True)
    _add_key_size(conn)  # today's link_copies writes it (version 11); old tables lack it
    keyed = set(conn.execute(select(ReportKey.report_id).distinct()).scalars())
    copies = conn.execute(select(CopyRow.report_id).where(CopyRow.report_id.is_not(None)))
    keyed |= {rid for rid in copies.scalars() if rid is not None}  # copies are never keyed
    order = select(Report.id).order_by(Report.ingested_at, Report.id)
    todo = [rid for rid in conn.execute(order).scalars() if rid not in keyed]
    now = datetime.now(UTC)
    for i in range(0, len(todo), _BACKFILL_CHUNK):
        chunk = todo[i : i + _BACKFILL_CHUNK]
        query = select(
            Report.id,
            Report.text,
            Report.headline,
            Report.source,
            Report.url,
            Report.outlet,
            Report.published,
        ).where(Report.id.in_(chunk))
        found = {row[0]: NewReport(*row) for row in conn.execute(query)}
        link_copies(conn, [found[rid] for rid in chunk], [], now=now)


# Views over the global entities (version 9): each with its counts, and the quotes by speaker.
GLOBAL_VIEWS: dict[str, str] = {
    "global_entity_counts": """
        SELECT g.id, g.name, g.type, g.aliases, COUNT(DISTINCT l.report_id) AS reports,
               COUNT(m.n) AS mentions
        FROM global_entities g
        JOIN entity_links l ON l.global_id = g.id
        LEFT JOIN mentions m ON m.report_id = l.report_id AND m.entity_n = l.entity_n
        GROUP BY g.id, g.name, g.type, g.aliases""",
    "quotes_by_global_entity": """
        SELECT g.id AS entity, g.name AS speaker, g.type, q.report_id, q.n, r.published,
               r.outlet, r.headline, q.kind, q.content, q.cue, q.date, q.start, q."end"
        FROM quotes q
        JOIN global_entities g ON g.id = q.speaker_global
        JOIN reports r ON r.id = q.report_id""",
}
VIEWS: dict[str, str] = _ITEM_VIEWS | GLOBAL_VIEWS


def _global_entities(conn: Connection) -> None:
    """Add the global entities, their names and links, and the items' global columns; fill them.

    A store made since tables.py declares them has the tables and columns from version 1;
    only what is missing is added (``ADD COLUMN ... REFERENCES``, nullable, reads the same on
    SQLite and PostgreSQL). Then every stored report is linked in the order the reports came
    in, a chunk at a time, as an ingest would have linked them; the result does not depend on
    the order (``store/global_entities.py``).
    """
    for model in (GlobalEntity, EntityName, EntityLink):
        Base.metadata.tables[model.__tablename__].create(conn, checkfirst=True)
    inspector = inspect(conn)
    for table, pairs in ITEM_GLOBALS.items():
        present = {c["name"] for c in inspector.get_columns(table)}
        for _, column in pairs:
            if column not in present:
                conn.exec_driver_sql(
                    f'ALTER TABLE {table} ADD COLUMN "{column}" VARCHAR(32) '
                    "REFERENCES global_entities (id)"
                )
            conn.exec_driver_sql(
                f'CREATE INDEX IF NOT EXISTS ix_{table}_{column} ON {table} ("{column}")'
            )
    for name, sql in GLOBAL_VIEWS.items():
        conn.execute(text(f"DROP VIEW IF EXISTS {name}"))
        conn.execute(text(f"CREATE VIEW {name} AS {sql}"))
    _quotes_search_on_words_only(conn)
    linked = set(conn.execute(select(EntityLink.report_id).distinct()).scalars())
    order = select(Report.id).order_by(Report.ingested_at, Report.id)
    todo = [rid for rid in conn.execute(order).scalars() if rid not in linked]
    for i in range(0, len(todo), _BACKFILL_CHUNK):
        attach_entities(conn, todo[i : i + _BACKFILL_CHUNK])


def _quotes_search_on_words_only(conn: Connection) -> None:
    """Reindex a quote for search only when its words change, not when its global id is set.

    Ingest fills ``quotes.speaker_global`` by an UPDATE after the rows are inserted; the
    version-5 trigger re-indexed the whole quote on any UPDATE, which is wasted work there.
    """
    found = conn.execute(
        text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name = 'quotes_fts_au'")
        if conn.dialect.name == "sqlite"
        else text("SELECT NULL WHERE FALSE")
    ).first()
    if found is None:
        return
    index, (table, columns) = "quotes_fts", SEARCH_INDEXES["quotes_fts"]
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    conn.exec_driver_sql(f"DROP TRIGGER {index}_au")
    conn.exec_driver_sql(
        f"CREATE TRIGGER {index}_au AFTER UPDATE OF {cols} ON {table} BEGIN "
        f"INSERT INTO {index}({index}, rowid, {cols}) VALUES ('delete', old.rowid, {old}); "
        f"INSERT INTO {index}(rowid, {cols}) VALUES (new.rowid, {new}); END"
    )


def _repeated_items(conn: Connection) -> None:
    """Add ``repeated`` to quotes and figures, and mark the stored copies' repeats.

    Counts over the item tables (the story from SQL) skip a near copy's quote or figure that
    repeats its original's words (``store/copies.py``, ``mark_repeats``); an ingest marks
    them as it links a copy, and this marks those of the copies linked before. The indexes
    serve the story's counts by speaker and by counted thing; ``story_cache`` keeps those
    counts between ingests (``store/queries/cache.py``).
    """
    inspector = inspect(conn)
    for table in ("quotes", "figures"):
        if "repeated" not in {c["name"] for c in inspector.get_columns(table)}:
            conn.exec_driver_sql(
                f"ALTER TABLE {table} ADD COLUMN repeated BOOLEAN NOT NULL DEFAULT FALSE"
            )
    for name, sql in _STORY_INDEXES.items():
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {name} ON {sql}")
    Base.metadata.tables[StoryCache.__tablename__].create(conn, checkfirst=True)
    copies = select(CopyRow.report_id).where(CopyRow.report_id.is_not(None)).distinct()
    mark_repeats(conn, sorted(str(r) for r in conn.execute(copies).scalars()))


# Indexes the story's grouped queries read (storyline.store.queries), by name.
_STORY_INDEXES: dict[str, str] = {
    "ix_quotes_story_speaker": "quotes (speaker_global, repeated)",
    "ix_figures_story_thing": "figures (unit, what, repeated)",
    "ix_events_story_actor": "events (lower(actor))",  # a party with no entity id, by its words
    "ix_events_story_target": "events (lower(target))",
    "ix_entities_story_id": "entities (report_id, entity_id)",  # an item's entity, by its id
    "ix_reports_story": "reports (id, published, outlet)",  # joins that skip the report text
}


def _add_key_size(conn: Connection) -> None:
    columns = {c["name"] for c in inspect(conn).get_columns(ReportKey.__tablename__)}
    if "size" not in columns:
        conn.exec_driver_sql(f"ALTER TABLE {ReportKey.__tablename__} ADD COLUMN size INTEGER")


def _copy_keys_from_word_hashes(conn: Connection) -> None:
    """Key the stored originals again, by the shingles of version 11, and keep their sizes.

    A shingle became a hash of its words (``store.shingles``, several times faster to make), so
    the MinHash keys changed: a key made from the old shingles would never meet a new
    report's. Every report that held keys (the originals; copies hold none) is keyed anew,
    with its count of shingles (``report_keys.size``), which lets an ingest compare only the
    candidates likely to be copies. Links already made stay as they are.
    """
    _add_key_size(conn)
    keyed = sorted(set(conn.execute(select(ReportKey.report_id).distinct()).scalars()))
    conn.execute(delete(ReportKey))
    for i in range(0, len(keyed), _BACKFILL_CHUNK):
        chunk = keyed[i : i + _BACKFILL_CHUNK]
        query = select(Report.id, Report.text, Report.headline).where(Report.id.in_(chunk))
        rows = [row for rid, txt, head in conn.execute(query) for row in key_rows(rid, txt, head)]
        if rows:
            conn.execute(insert(ReportKey), rows)


def _entity_report_index(conn: Connection) -> None:
    """Index the entity links by global entity and report together.

    An entity page counts its entity's reports and picks their newest; by the global id
    alone, SQLite read each link's row for its report (17 ms for an entity in 33,000 reports,
    4 ms from this index, which holds both).
    """
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_entity_links_global_report "
        "ON entity_links (global_id, report_id)"
    )


def _fingerprint_with_copies(conn: Connection) -> None:
    """Carry the kept story counts over to a fingerprint that also counts copies.

    Version 10 keyed the kept counts on how many reports there were and the latest ingest; an
    identical copy adds neither, so the explorer kept showing the story as carried by fewer
    outlets until a new report came. Counts that were current stay current, under the new
    fingerprint; stale ones are dropped (``queries.carry_over``).
    """
    n, latest = conn.execute(select(func.count(), func.max(Report.ingested_at))).one()
    carry_over(conn, json.dumps([int(n), str(latest)]))


def _word_indexes(conn: Connection) -> None:
    """Index the words of reports and quotes on PostgreSQL, which searched them with LIKE.

    ``ILIKE '%word%'`` reads every report's text: 160 to 500 ms at 100,000 reports of 4.6 KB,
    against 15 ms for the same word from this index (docs/benchmarks.md). Building it reads
    every stored text once (about a minute at that size). SQLite has its FTS5 tables.
    """
    if conn.dialect.name != "postgresql":
        return
    for index, (table, columns) in WORD_INDEXES.items():
        conn.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING GIN ({words_of(table, columns)})"
        )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "create_tables", _create_tables),
    Migration(2, "create_views", _create_views),
    Migration(3, "create_search_indexes", _create_search_indexes),
    Migration(4, "index_ingest_time", _index_ingest_time),
    Migration(5, "datasette_search_indexes", _datasette_search_indexes),
    Migration(6, "unbounded_text", _unbounded_text),
    Migration(7, "entity_id_columns", _entity_id_columns),
    Migration(8, "syndicated_copies", _syndicated_copies),
    Migration(9, "global_entities", _global_entities),
    Migration(10, "repeated_items", _repeated_items),
    Migration(11, "copy_keys_from_word_hashes", _copy_keys_from_word_hashes),
    Migration(12, "entity_report_index", _entity_report_index),
    Migration(13, "fingerprint_with_copies", _fingerprint_with_copies),
    Migration(14, "word_indexes", _word_indexes),
)


def current_version(conn: Connection) -> int:
    """Return the highest applied migration, 0 for an empty database."""
    if not inspect(conn).has_table(SchemaVersion.__tablename__):
        return 0
    versions = conn.execute(select(SchemaVersion.version)).scalars().all()
    return max(versions, default=0)


WRITE_OPTION = "storyline_write"  # execution option: this transaction will write


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """Open a write transaction that concurrent writers queue behind, not fail against.

    SQLite gets ``BEGIN IMMEDIATE`` (see ``store.sqlite.configure_sqlite``); PostgreSQL's row
    locks already serialise conflicting inserts.
    """
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            yield conn


def migrate(engine: Engine) -> int:
    """Apply every missing migration in order, one transaction each; return the version reached.

    Two processes opening a new store at once take turns: SQLite by its write lock,
    PostgreSQL by an advisory lock held for the transaction.
    """
    with writing(engine) as conn:
        take_turns(conn, MIGRATION_LOCK)
        Base.metadata.tables[SchemaVersion.__tablename__].create(conn, checkfirst=True)
    version = 0
    for step in MIGRATIONS:
        with writing(engine) as conn:
            take_turns(conn, MIGRATION_LOCK)
            version = current_version(conn)
            if step.version <= version:
                continue
            log.info("migrating the store to version %d (%s)", step.version, step.name)
            step.apply(conn)
            conn.execute(
                insert(SchemaVersion).values(
                    version=step.version, name=step.name, applied_at=datetime.now(UTC)
                )
            )
            version = step.version
    return version
