"""The story's grouped counts, kept beside the reports and refreshed at the end of every ingest.

Counting them is a pass over every quote, figure and event: a second or more at a hundred
thousand reports, which the explorer's first page should not wait for. ``refresh`` (run by
``Store.ingest`` once a run has stored something) writes them as one JSON row together with the
store's fingerprint (how many reports, the latest ingest); ``counts`` reads that row back while
the fingerprint still matches, and counts afresh otherwise (a store written by an older
storyline, an ingest that crashed before its refresh, another scope than the whole store).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from storyline.store.locks import COUNTS_LOCK, take_turns
from storyline.store.queries._common import EVERY, ReportRow, Scope
from storyline.store.queries.corpus import Totals, fingerprint, outlets, totals
from storyline.store.queries.events import event_count, event_days
from storyline.store.queries.figures import (
    BoundsRow,
    FigureRow,
    figure_bounds,
    figure_claims,
    figure_things,
)
from storyline.store.queries.speakers import SpeakerRow, speakers
from storyline.store.tables import StoryCache

__all__ = ["Counts", "carry_over", "counts", "is_current", "refresh"]

_NAME = "counts"  # the one row of story_cache this module keeps
T = StoryCache.__table__


@dataclass(frozen=True, slots=True)
class Counts:
    """What the story's summary is counted from: the grouped rows of the item tables."""

    totals: Totals
    outlets: list[tuple[str, int]]
    event_days: list[tuple[str, str, int]]
    event_count: int
    figure_things: list[tuple[str, str | None, int]]
    speakers: list[SpeakerRow]
    bounds: list[BoundsRow]
    # Every counted thing's distinct claims (``figure_claims``), what the charts and the
    # disagreements draw; None past ``MAX_CLAIMS``, when each is asked for on its own.
    claims: list[FigureRow] | None = None


# Claims kept with the counts at most: grouping every value into claims was a quarter of
# the overview's first answer at 100,000 reports (49 claims there); a store whose values
# are mostly distinct would keep a payload larger than the query it saves.
MAX_CLAIMS = 20_000


def compute(conn: Connection, scope: Scope = EVERY) -> Counts:
    """Count the story of the reports in ``scope`` from the item tables."""
    things = figure_things(conn, scope)
    claims = figure_claims(conn, None, scope=scope) if things else []  # every thing's
    return Counts(
        totals=totals(conn, scope),
        outlets=outlets(conn, scope),
        event_days=event_days(conn, scope),
        event_count=event_count(conn, scope),
        figure_things=things,
        speakers=speakers(conn, scope),
        bounds=figure_bounds(conn, scope),
        claims=claims if len(claims) <= MAX_CLAIMS else None,
    )


def counts(conn: Connection, scope: Scope = EVERY) -> Counts:
    """The counts of ``scope``: the whole store's from the cache while it is current."""
    if scope == EVERY:
        row = conn.execute(select(T.c.fingerprint, T.c.payload).where(T.c.name == _NAME)).first()
        if row is not None and row[0] == json.dumps(fingerprint(conn)):
            return _loads(str(row[1]))
    return compute(conn, scope)


def is_current(conn: Connection) -> bool:
    """Whether the kept counts are the store's as it is.

    An ingest killed after its last batch and before keeping them leaves none, or a stale row.
    """
    kept = conn.execute(select(T.c.fingerprint).where(T.c.name == _NAME)).scalar()
    return kept is not None and kept == json.dumps(fingerprint(conn))


def carry_over(conn: Connection, was_current: str) -> None:
    """Give the kept counts today's fingerprint if they were current by an older one, or drop them.

    For a migration that changes what the fingerprint holds: ``was_current`` is the store's
    fingerprint as the older storyline wrote it. Counts it no longer matches are stale, and
    dropping them makes the next read count afresh and the next ingest keep them again.
    """
    kept = conn.execute(select(T.c.fingerprint).where(T.c.name == _NAME)).scalar()
    if kept is None:
        return
    if kept == was_current:
        now = json.dumps(fingerprint(conn))
        conn.execute(update(StoryCache).where(T.c.name == _NAME).values(fingerprint=now))
    else:
        conn.execute(delete(StoryCache).where(T.c.name == _NAME))


def refresh(conn: Connection) -> None:
    """Count the whole store and keep the counts with its fingerprint (a write transaction).

    On SQLite the planner's statistics are gathered again first (``ANALYZE``, a read of the
    indexes): without them it joins a quote to its report through the primary key and reads
    the report's whole row, text and all, where an index holding the date and outlet serves.
    PostgreSQL keeps its statistics itself.
    """
    take_turns(conn, COUNTS_LOCK)  # two ingests ending at once: the second replaces the row
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("ANALYZE")
    # The fingerprint before the counts: on PostgreSQL each statement sees what has committed by
    # then, and a batch another ingest commits in between must leave the row stale, not current.
    kept = json.dumps(fingerprint(conn))
    found = compute(conn)
    conn.execute(delete(StoryCache).where(StoryCache.name == _NAME))
    conn.execute(
        insert(StoryCache).values(
            name=_NAME,
            fingerprint=kept,
            payload=json.dumps(asdict(found)),
            written_at=datetime.now(UTC),
        )
    )


def _loads(payload: str) -> Counts:
    raw: dict[str, Any] = json.loads(payload)
    return Counts(
        totals=Totals(**raw["totals"]),
        outlets=[(str(o), int(n)) for o, n in raw["outlets"]],
        event_days=[(str(d), str(t), int(n)) for d, t, n in raw["event_days"]],
        event_count=int(raw["event_count"]),
        figure_things=[(str(u), w, int(n)) for u, w, n in raw["figure_things"]],
        speakers=[SpeakerRow(**r) for r in raw["speakers"]],
        bounds=[BoundsRow(**r) for r in raw["bounds"]],
        claims=None if raw.get("claims") is None else [_claim(r) for r in raw["claims"]],
    )


def _claim(raw: dict[str, Any]) -> FigureRow:
    return FigureRow(**(raw | {"report": ReportRow(**raw["report"])}))
