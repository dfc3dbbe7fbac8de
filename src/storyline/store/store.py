"""Store: records in a SQL database, each report once, a transaction per batch.

A report is keyed by its record id (a hash of its text), so adding it again adds nothing. A
batch of records is written in one transaction: an ingest killed at any moment leaves whole
batches and nothing else, and rerunning it stores exactly what is missing. A batch the
database refuses is written again one report at a time, so one report it cannot hold becomes
a failure row instead of stopping every rerun at the same place.

SQLite is the default (a file that opens in Datasette); PostgreSQL is reached by URL.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Engine,
    Table,
    create_engine,
    func,
    insert,
    inspect,
    select,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    IntegrityError,
    NoSuchModuleError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.pool import NullPool, QueuePool, StaticPool

from storyline.errors import StorylineError
from storyline.record.io import loads
from storyline.record.model import ArticleRecord
from storyline.store import queries
from storyline.store.copies import (
    CopyLike,
    Syndication,
    copies_in,
    link_copies,
    mark_repeats,
    syndication,
)
from storyline.store.failures import FailureLike, Refused, record_failures
from storyline.store.global_entities import attach_entities, fill_item_globals
from storyline.store.migrations import MIGRATIONS, VIEWS, current_version, migrate, writing
from storyline.store.rows import Rows, record_rows
from storyline.store.sqlite import configure_sqlite
from storyline.store.tables import Base, FailureRow, Report

__all__ = [
    "DEFAULT_DB",
    "TABLES",
    "FailureLike",
    "IngestSummary",
    "Store",
    "StoreError",
    "open_store",
]

log = logging.getLogger(__name__)

DEFAULT_DB = "storyline.db"
DEFAULT_BATCH = 32  # reports per transaction: one commit per engine batch
TABLES: tuple[str, ...] = tuple(Base.metadata.tables) + tuple(VIEWS)
# SQLSTATE classes that mean the database refused the values written, not the write itself:
# data exception, integrity constraint, program limit (a value too large to index).
_VALUE_SQLSTATES = ("22", "23", "54")
_REFUSALS = (SQLAlchemyError, UnicodeError)  # UnicodeError: a driver could not encode a value
_CHILD_ORDER = (
    "captions",
    "entities",
    "mentions",
    "quotes",
    "quote_parts",
    "figures",
    "dates",
    "events",
)


class StoreError(StorylineError):
    """The store cannot be opened, read or written."""


@dataclass(slots=True)
class IngestSummary:
    """What an ingest did: reports stored, linked as copies, skipped, and failed (with reasons).

    ``copies`` counts the inputs linked to an original they copy: a near copy (its own text)
    is also counted in ``stored``; an identical one (``carried``) stores no report.

    ``failed`` holds the failures that are news: an input not failed before, or failed for
    another reason. ``failed_before`` holds those the ``failures`` table already had with the
    same reason, so a rerun (from cron, say) can tell nothing new went wrong.
    """

    stored: int = 0
    duplicates: int = 0
    copies: int = 0
    carried: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    failed_before: list[tuple[str, str]] = field(default_factory=list)

    @property
    def seen(self) -> int:
        """Inputs handled so far."""
        failed = len(self.failed) + len(self.failed_before)
        return self.stored + self.duplicates + self.carried + failed

    def _absorb(self, part: IngestSummary) -> None:
        self.stored += part.stored
        self.duplicates += part.duplicates
        self.copies += part.copies
        self.carried += part.carried
        self.failed.extend(part.failed)
        self.failed_before.extend(part.failed_before)


def open_store(
    target: str | Path = DEFAULT_DB,
    *,
    create: bool = True,
    read_only: bool = False,
    upgrade: bool = False,
) -> Store:
    """Open (and create or migrate) the store at a SQLite path or a SQLAlchemy URL.

    Example:
        >>> store = open_store("story.db")               # a SQLite file
        >>> store = open_store("postgresql://me@127.0.0.1/news")

    Args:
        target: a file path (SQLite) or a URL; ``postgresql://`` uses psycopg 3.
        create: create the tables if missing; otherwise an empty target is an error.
        read_only: open for reading only (implies ``create=False``): a SQLite file is opened
            with ``mode=ro`` and ``query_only``, a PostgreSQL session is read-only, so nothing
            that holds this store (the web explorer) can change it. A store of an older
            schema is refused then, with how to upgrade it: the story's queries need it.
        upgrade: with ``create=False``, bring an existing store of an older schema up to
            date (``storyline story`` reads it by the latest schema's columns).

    Raises:
        StoreError: the URL is malformed, its driver missing, or the server unreachable.
    """
    url = _url(target)
    shown = _shown(url)  # as the user named it, before a read-only URI rewrites it
    create = create and not read_only
    # A connection per transaction, none kept open between them: the engine forks parse
    # workers while an ingest runs, and a forked child that inherits an open connection keeps
    # the server's session (and any transaction a kill -9 interrupted) alive after we die.
    # Opening one per batch costs milliseconds next to parsing the batch.
    kwargs: dict[str, Any] = {"poolclass": NullPool}
    if url.get_backend_name() == "sqlite":
        path = url.database or ""
        if not create and path not in ("", ":memory:") and not Path(path).is_file():
            raise StoreError(f"{path}: no such store; run `storyline ingest` first")
        if path in ("", ":memory:"):
            kwargs["poolclass"] = StaticPool  # one shared connection, or every one is empty
        elif read_only:
            url = url.set(
                database=Path(path).resolve().as_uri(), query={"mode": "ro", "uri": "true"}
            )
        kwargs["connect_args"] = {"timeout": 30}  # wait for a concurrent writer, not fail
    elif read_only and url.get_backend_name() == "postgresql":
        given = url.query.get("options", "")  # e.g. a search_path: keep it
        given = " ".join(given) if isinstance(given, tuple) else given
        options = f"{given} -c default_transaction_read_only=on".strip()
        url = url.update_query_dict({"options": options})
        # A reader (the explorer) forks nothing and opens one to three connections a page:
        # a new PostgreSQL session cost 5 ms each; a few are kept open instead, and
        # checked before use, so a restarted server is met with a new one.
        kwargs = {"poolclass": QueuePool, "pool_size": 4, "max_overflow": 4, "pool_pre_ping": True}
    try:
        engine = create_engine(url, **kwargs)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise StoreError(f"{shown}: cannot open the store ({exc})") from exc
    if engine.dialect.name == "sqlite":
        configure_sqlite(engine, read_only=read_only)
    try:
        if create:
            migrate(engine)
        else:
            with engine.connect() as conn:
                found = inspect(conn).has_table(Report.__tablename__)
                version = current_version(conn) if found else 0
            if not found:
                raise StoreError(f"{shown}: no storyline store here; run ingest first")
            if read_only and version < MIGRATIONS[-1].version:  # the explorer never writes
                raise StoreError(
                    f"{shown}: the store has schema version {version} and this storyline "
                    f"reads version {MIGRATIONS[-1].version}; upgrade it once with "
                    f"`storyline story --db {shown}` (or any ingest)"
                )
            if upgrade and version < MIGRATIONS[-1].version:
                migrate(engine)  # an existing store, brought up to date as any writer would
    except DatabaseError as exc:  # unreachable server, not a database file, ...
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreError(f"{shown}: cannot open the store ({reason})") from exc
    except StoreError:
        engine.dispose()
        raise
    return Store(engine, shown=shown)


class Store:
    """A storyline database: add records idempotently, read them back, count and list tables."""

    def __init__(self, engine: Engine, *, shown: str | None = None) -> None:
        self.engine = engine
        self._shown = shown

    @property
    def url(self) -> str:
        """The database URL with any password hidden."""
        return self._shown or _shown(self.engine.url)

    @property
    def parallel_reads(self) -> bool:
        """Whether two threads may read at once, each on its own connection.

        Not so for an in-memory SQLite store, whose one connection every reader shares.
        """
        return not isinstance(self.engine.pool, StaticPool)

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, records: Sequence[ArticleRecord]) -> tuple[int, int]:
        """Store the records not stored yet, in one transaction; return (stored, duplicates).

        Unlike ``ingest``, all or nothing: a refused record is raised, not kept as a failure.

        Raises:
            StoreError: the database refused the batch.
        """
        part = self._write(records, [], salvage=False)
        if part.stored or part.copies:
            self.refresh_story()
        return part.stored, part.duplicates

    def ingest(
        self,
        results: Iterable[ArticleRecord | CopyLike | FailureLike],
        *,
        batch_size: int = DEFAULT_BATCH,
        on_progress: Callable[[IngestSummary], None] | None = None,
    ) -> IngestSummary:
        """Store a stream of records and failures, one transaction per ``batch_size`` items.

        A record whose text copies a stored report (``store/copies.py``) is stored and linked
        to it; an engine ``Copy`` (a text already stored, read from another input) is kept as a
        ``copies`` row with its own url, outlet and date, and nothing is stored twice.

        Failures are kept in the ``failures`` table (one row per input, the latest reason) and
        never stop the stream; an input that succeeds later loses its failure row. A batch the
        database refuses is written again a report at a time, and a report refused on its own
        becomes a failure of its input (``<source>: cannot store this report (<why>)``).

        Args:
            results: records and failures, as ``storyline.read_many`` yields them.
            batch_size: items per transaction; smaller loses less work to a crash.
            on_progress: called with the running summary after every item.

        Raises:
            StoreError: the database cannot be written (locked, full, unreachable, read-only);
                what was committed before stays.
        """
        summary = IngestSummary()
        records: list[ArticleRecord | CopyLike] = []
        failures: list[FailureLike] = []
        pending = 0
        for item in results:
            if isinstance(item, ArticleRecord | CopyLike):
                records.append(item)
            else:
                failures.append(item)
            pending += 1
            if pending >= batch_size:
                self._flush(records, failures, summary)
                records, failures, pending = [], [], 0
            if on_progress is not None:
                on_progress(summary if pending == 0 else _preview(summary, records, failures))
        if pending:
            self._flush(records, failures, summary)
            if on_progress is not None:
                on_progress(summary)
        if summary.stored or summary.copies or not self._story_is_current():
            self.refresh_story()  # also after a run killed before it kept the story's counts
        log.info(
            "ingest: %d stored, %d linked as copies, %d duplicates, %d failed, %d failed as before",
            summary.stored,
            summary.copies,
            summary.duplicates,
            len(summary.failed),
            len(summary.failed_before),
        )
        return summary

    def refresh_story(self) -> None:
        """Count the story again and keep the counts for the explorer (``queries.refresh``).

        Run at the end of every ingest that stored something: a second or two at a hundred
        thousand reports, once per run, so that no reader has to count them.

        Raises:
            StoreError: the database cannot be written.
        """
        try:
            with writing(self.engine) as conn:
                queries.refresh(conn)
        except _REFUSALS as exc:
            raise StoreError(
                f"{self.url}: cannot keep the story's counts ({_reason(exc)})"
            ) from exc

    def _story_is_current(self) -> bool:
        with self.engine.connect() as conn:
            return queries.is_current(conn)

    def has(self, report_id: str) -> bool:
        """Whether a report with this id is stored."""
        with self.engine.connect() as conn:
            found = conn.execute(select(Report.id).where(Report.id == report_id)).first()
        return found is not None

    def known(self, report_ids: Sequence[str]) -> set[str]:
        """Return which of these report ids are stored (one query; for ``read_many(known=)``)."""
        if not report_ids:
            return set()
        with self.engine.connect() as conn:
            found = conn.execute(select(Report.id).where(Report.id.in_(list(report_ids))))
            return set(found.scalars())

    def get(self, report_id: str) -> ArticleRecord:
        """Return the stored record with this id.

        Raises:
            StoreError: no report has this id.
        """
        with self.engine.connect() as conn:
            raw = conn.execute(select(Report.record_json).where(Report.id == report_id)).scalar()
        if raw is None:
            raise StoreError(f"{report_id}: no such report in {self.url}")
        return loads(raw)

    def iter_records(
        self, *, since: str | None = None, ids: Iterable[str] | None = None
    ) -> Iterator[ArticleRecord]:
        """Yield stored records by publication date, then id (undated ones first).

        Args:
            since: only reports published on or after this ISO date.
            ids: only these reports.
        """
        query = select(Report.record_json).order_by(Report.published, Report.id)
        if since is not None:
            query = query.where(Report.published >= since)
        if ids is not None:
            query = query.where(Report.id.in_(list(ids)))
        with self.engine.connect() as conn:
            for (raw,) in conn.execute(query.execution_options(yield_per=500)):
                yield loads(raw)

    def counts(self) -> dict[str, int]:
        """Return the number of rows in every table (views excluded)."""
        with self.engine.connect() as conn:
            return {
                name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in Base.metadata.tables.items()
                if name != "schema_version"
            }

    def failures(self) -> list[tuple[str, str]]:
        """Return the recorded failures as (input, reason), by input."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(FailureRow.input, FailureRow.reason).order_by(FailureRow.input)
            )
            return [(r[0], r[1]) for r in rows]

    def syndication(self, *, report_id: str | None = None) -> Syndication:
        """Return the copy links: which stored reports copy which, and who carried each.

        Args:
            report_id: only the links of this report's original and its copies.
        """
        with self.engine.connect() as conn:
            return syndication(conn, report_id=report_id)

    def schema_version(self) -> int:
        """Return the schema version the store is at."""
        with self.engine.connect() as conn:
            return current_version(conn)

    def _flush(
        self,
        records: list[ArticleRecord | CopyLike],
        failures: list[FailureLike],
        summary: IngestSummary,
    ) -> None:
        summary._absorb(self._write(records, failures, salvage=True))

    def _write(
        self,
        records: Sequence[ArticleRecord | CopyLike],
        failures: Sequence[FailureLike],
        *,
        salvage: bool,
    ) -> IngestSummary:
        """Write one batch in one transaction; if refused and ``salvage``, a report at a time."""
        try:
            return self._attempt(records, failures)
        except _REFUSALS as exc:
            if not (salvage and records and _refuses_values(exc)):
                raise StoreError(f"{self.url}: cannot write a batch ({_reason(exc)})") from exc
            log.warning(
                "%s: a batch was refused (%s); storing its reports one at a time",
                self.url,
                _reason(exc),
            )
        return self._one_at_a_time(records, failures)

    def _attempt(
        self, records: Sequence[ArticleRecord | CopyLike], failures: Sequence[FailureLike]
    ) -> IngestSummary:
        """One transaction, tried again once if another writer stored some ids meanwhile."""
        try:
            return self._transaction(records, failures)
        except IntegrityError as exc:
            # Another writer stored some of these ids since we looked: once more skips them.
            log.debug("batch raced another writer, retrying: %s", exc)
            return self._transaction(records, failures)

    def _one_at_a_time(
        self, records: Sequence[ArticleRecord | CopyLike], failures: Sequence[FailureLike]
    ) -> IngestSummary:
        """Store each report in a transaction of its own; one refused becomes a failure."""
        summary = IngestSummary()
        refused: list[FailureLike] = []
        for rec in records:
            try:
                summary._absorb(self._attempt([rec], []))
            except _REFUSALS as exc:
                if not _refuses_values(exc):
                    raise StoreError(f"{self.url}: cannot write ({_reason(exc)})") from exc
                log.debug("%s: refused", rec.source, exc_info=True)
                reason = f"{rec.source}: cannot store this report ({_reason(exc)})"
                refused.append(Refused(rec.source, reason))
        summary._absorb(self._write([], [*failures, *refused], salvage=False))
        return summary

    def _transaction(
        self, records: Sequence[ArticleRecord | CopyLike], failures: Sequence[FailureLike]
    ) -> IngestSummary:
        """Store the new records, link the copies and record the failures, in one transaction.

        A record whose text is stored already, or met earlier in the batch, is no new report:
        like an engine ``Copy`` it is a copy of that report from its own input (or the same
        input read again, which adds nothing).
        """
        unique: dict[str, ArticleRecord] = {}
        for rec in records:
            if isinstance(rec, ArticleRecord):
                unique.setdefault(rec.id, rec)
        with writing(self.engine) as conn:
            known = set(
                conn.execute(select(Report.id).where(Report.id.in_(list(unique)))).scalars()
            )
            new = [r for rid, r in unique.items() if rid not in known]
            carried = copies_in(records, {r.id for r in new})
            now = datetime.now(UTC)
            rows = _merge(record_rows(r, ingested_at=now) for r in new)
            for name in ("reports", *_CHILD_ORDER):
                if name == "quotes":  # the entities are in: link them, give items their ids
                    found = attach_entities(conn, [r.id for r in new], items_stored=False)
                    fill_item_globals(rows, found)
                if rows.get(name):
                    table = Base.metadata.tables[name]
                    conn.execute(insert(table), _only_columns(table, rows[name]))
            linked = link_copies(conn, new, carried, now=now)
            if linked.near:
                mark_repeats(conn, [r.id for r in new])
            failed, before = record_failures(conn, [r.source for r in records], failures, now=now)
        return IngestSummary(
            stored=len(new),
            duplicates=linked.duplicates,
            copies=linked.near + linked.identical,
            carried=linked.identical,
            failed=failed,
            failed_before=before,
        )


def _refuses_values(exc: Exception) -> bool:
    """Whether the database refused the values written (one report may be to blame).

    Not so when the write itself failed (locked, disk full, connection lost, read-only):
    writing the reports one at a time would only fail as many times.
    """
    if isinstance(exc, UnicodeError):
        return True
    state = getattr(getattr(exc, "orig", None), "sqlstate", None)
    if isinstance(state, str):
        return state.startswith(_VALUE_SQLSTATES)
    return not isinstance(exc, OperationalError)


def _merge(parts: Iterable[Rows]) -> Rows:
    merged: Rows = {}
    for rows in parts:
        for name, items in rows.items():
            merged.setdefault(name, []).extend(items)
    return merged


def _only_columns(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep the keys the table has: a record may carry fields the schema does not store yet."""
    cols = set(table.c.keys())
    if rows and set(rows[0]) <= cols:
        return rows
    return [{k: v for k, v in row.items() if k in cols} for row in rows]


def _preview(
    summary: IngestSummary, records: list[ArticleRecord | CopyLike], failures: list[FailureLike]
) -> IngestSummary:
    """The running summary with the pending batch counted as stored (for progress only)."""
    return IngestSummary(
        stored=summary.stored + len(records),
        duplicates=summary.duplicates,
        copies=summary.copies,
        carried=summary.carried,
        failed=summary.failed + [(f.source, f.reason) for f in failures],
        failed_before=list(summary.failed_before),
    )


def _url(target: str | Path) -> URL:
    raw = str(target)
    if "://" not in raw:
        return URL.create("sqlite", database=str(Path(raw).expanduser()))
    for alias in ("postgresql://", "postgres://"):
        if raw.startswith(alias):
            raw = "postgresql+psycopg://" + raw[len(alias) :]
    try:
        return make_url(raw)
    except ArgumentError as exc:
        raise StoreError(f"{target}: not a database URL or path ({exc})") from exc


def _shown(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def _reason(exc: Exception) -> str:
    orig = getattr(exc, "orig", None)
    return (str(orig) if orig is not None else str(exc)).strip().splitlines()[0]
