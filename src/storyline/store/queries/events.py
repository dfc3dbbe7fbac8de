"""Story events from SQL: the reports' events grouped as the story groups them.

One story event is the events with the same type, actor, target and date; the places they
give are counted for the map.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    Connection,
    String,
    and_,
    cast,
    distinct,
    func,
    literal,
    or_,
    select,
)

from storyline.store.queries._common import (
    _CHUNK,
    EVERY,
    E,
    EntityRow,
    G,
    N,
    R,
    ReportRow,
    Scope,
    _one,
    _rows,
)


@dataclass(frozen=True, slots=True)
class EventRow:
    """One story event: the reports' events that share type, actor, target and date."""

    type: str
    actor: str | None
    target: str | None
    date: str | None
    place: str | None
    statuses: tuple[str, ...]
    reports: int
    first: tuple[ReportRow, int, int, str] | None  # the first telling: report, start, end, text
    named: tuple[tuple[str, str], ...] = ()  # (name, key) of the actor and target's entities


def _party(entity: Any, words: ColumnElement[Any]) -> ColumnElement[Any]:  # noqa: ANN401
    """An event party's cross-report key: its global entity's canonical key, else its words.

    The canonical key is the normalised, case-folded name, so a party a report gave no entity
    id ("Orrin") meets the same party named with an id in another report.
    """
    return func.coalesce(entity.c.key, func.lower(words), literal(""))


_GA, _GT = G.alias("ga"), G.alias("gt")  # the actor's and the target's global entities


_PARTIES = E.outerjoin(_GA, _GA.c.id == E.c.actor_global).outerjoin(
    _GT, _GT.c.id == E.c.target_global
)


def _event_groups(scope: Scope) -> Any:  # noqa: ANN401  (a SQLAlchemy subquery)
    return (
        select(
            E.c.date,
            func.upper(E.c.type).label("type"),
            _party(_GA, E.c.actor).label("actor"),
            _party(_GT, E.c.target).label("target"),
        )
        .select_from(_PARTIES)
        .where(E.c.date.is_not(None), *scope.reports(E.c.report_id))
        .distinct()
        .subquery()
    )


def event_days(conn: Connection, scope: Scope = EVERY) -> list[tuple[str, str, int]]:
    """Story events per date and type: ``(date, TYPE, n)``, by date.

    A story event is the reports' events with the same type, actor, target and date.
    """
    g = _event_groups(scope)
    rows = _rows(
        conn,
        select(g.c.date, g.c.type, func.count()).group_by(g.c.date, g.c.type).order_by(g.c.date),
    )
    return [(str(d), str(t), int(n)) for d, t, n in rows]


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which story events: an entity's as actor or target, a type, a date range, a place."""

    entity: EntityRow | None = None
    role: str = "actor"  # or "target"
    kind: str | None = None  # upper-case PLOVER type
    since: str | None = None  # YYYY-MM-DD; with since or until, undated events are left out
    until: str | None = None
    place: str | None = None  # the reports' own words for the place
    places: tuple[str, ...] | None = None  # any of these words (a place of the map)
    dated: bool = False  # dated events only (a timeline)
    scope: Scope = EVERY

    def where(self) -> list[ColumnElement[bool]]:
        """The conditions on an event row."""
        found: list[ColumnElement[bool]] = []
        if self.entity is not None:
            col = E.c.actor_global if self.role == "actor" else E.c.target_global
            words = E.c.actor if self.role == "actor" else E.c.target
            key = self.entity.key  # a party with no entity id, named by the canonical name
            found.append(or_(col == self.entity.id, and_(col.is_(None), func.lower(words) == key)))
        if self.kind is not None:
            found.append(func.upper(E.c.type) == self.kind)
        if self.since is not None:
            found.append(E.c.date >= self.since)
        if self.until is not None:
            found.append(func.substr(E.c.date, 1, 10) <= self.until)
        if self.place is not None:
            found.append(E.c.place == self.place)
        if self.places is not None:
            found.append(E.c.place.in_(list(self.places)))
        if self.dated:
            found.append(E.c.date.is_not(None))
        return found + self.scope.reports(E.c.report_id)


_GROUP = (func.upper(E.c.type), _party(_GA, E.c.actor), _party(_GT, E.c.target), E.c.date)


def event_totals(conn: Connection, which: EventFilter) -> tuple[int, int]:
    """How many story events pass the filter, and how many of them are dated."""
    groups = select(*_GROUP).select_from(_PARTIES).where(*which.where(), E.c.date.is_not(None))
    dated = _one(conn, select(func.count()).select_from(groups.distinct().subquery()))[0]
    undated = _one(conn, select(func.count()).where(*which.where(), E.c.date.is_(None)))[0]
    return int(dated) + int(undated), int(dated)


def event_count(conn: Connection, scope: Scope = EVERY) -> int:
    """How many story events: dated groups, plus every undated event (never merged)."""
    return event_totals(conn, EventFilter(scope=scope))[0]


def story_events(
    conn: Connection, which: EventFilter, *, newest_first: bool, offset: int = 0, limit: int
) -> list[EventRow]:
    """The story events that pass the filter, dated ones first, one page of them.

    Grouped as the story groups them: type, actor, target and date. An undated event is a
    story event of its own; they come after the dated ones in their reports' order. Dated
    ones come by date (newest first when asked), then by how many reports tell them.
    """
    ga, gt = _GA, _GT
    telling = E.c.report_id + "/" + cast(E.c.n, String)
    told_by = func.count(distinct(E.c.report_id))
    names = (
        func.min(E.c.type), func.min(func.coalesce(ga.c.name, E.c.actor)),
        func.min(func.coalesce(gt.c.name, E.c.target)), func.min(E.c.place),
        func.min(E.c.status), func.max(E.c.status), told_by,
        func.min(telling), func.min(ga.c.name), func.min(ga.c.key), func.min(gt.c.name),
        func.min(gt.c.key),
    )  # fmt: skip
    by_date = E.c.date.desc() if newest_first else E.c.date
    rows = _rows(
        conn,
        select(E.c.date, *names)
        .select_from(_PARTIES)
        .where(*which.where(), E.c.date.is_not(None))
        .group_by(*_GROUP)
        .order_by(by_date, told_by.desc(), func.min(E.c.type), func.min(telling))
        .offset(offset)
        .limit(limit),
    )
    if len(rows) < limit:
        skipped = 0 if rows else max(0, offset - event_totals(conn, which)[1])
        by_report = R.c.published.desc() if newest_first else R.c.published
        undated = (
            select(E.c.report_id, E.c.n)
            .select_from(E.join(R, R.c.id == E.c.report_id))
            .where(*which.where(), E.c.date.is_(None))
            .order_by(by_report, E.c.report_id, E.c.n)
            .offset(skipped)
            .limit(limit - len(rows))
            .subquery()
        )
        rows += _rows(
            conn,
            select(E.c.date, *names)
            .select_from(
                _PARTIES.join(
                    undated, and_(undated.c.report_id == E.c.report_id, undated.c.n == E.c.n)
                )
            )
            .group_by(E.c.report_id, E.c.n),
        )
    firsts = [str(r[8]).rsplit("/", 1) for r in rows]
    told = _tellings(conn, [(i, int(n)) for i, n in firsts])
    return [
        EventRow(
            type=str(kind),
            actor=actor,
            target=target,
            date=d,
            place=place,
            statuses=tuple(dict.fromkeys((str(s1), str(s2)))),
            reports=int(n),
            first=told.get((rid, int(num))),
            named=tuple((str(a), str(k)) for a, k in ((ga_name, ga_key), (gt_name, gt_key)) if k),
        )
        for (d, kind, actor, target, place, s1, s2, n, _, ga_name, ga_key, gt_name, gt_key), (
            rid,
            num,
        ) in zip(rows, firsts, strict=True)
    ]


def event_types(conn: Connection) -> list[str]:
    """Every event type the store holds, upper-case, sorted."""
    return sorted({str(t) for (t,) in _rows(conn, select(func.upper(E.c.type)).distinct())})


def _tellings(
    conn: Connection, items: Sequence[tuple[str, int]]
) -> dict[tuple[str, int], tuple[ReportRow, int, int, str]]:
    """Events by ``(report id, n)``: their report, offsets and words.

    Read by report id (the key's first column) and picked here: a ``(report_id, n) IN``
    list makes SQLite scan every event.
    """
    wanted = set(items)
    told: dict[tuple[str, int], tuple[ReportRow, int, int, str]] = {}
    ids = sorted({rid for rid, _ in wanted})
    for i in range(0, len(ids), _CHUNK):
        for r in _rows(conn,
            select(
                R.c.id, R.c.source, R.c.outlet, R.c.published, R.c.headline,
                E.c.n, E.c.start, E.c.end, E.c.text,
            )
            .select_from(E.join(R, R.c.id == E.c.report_id))
            .where(E.c.report_id.in_(ids[i : i + _CHUNK]))
        ):  # fmt: skip
            if (str(r[0]), int(r[5])) in wanted:
                told[(str(r[0]), int(r[5]))] = (ReportRow(*r[:5]), int(r[6]), int(r[7]), str(r[8]))
    return told


def event_places(conn: Connection) -> list[tuple[str, int]]:
    """Each place name the events give, with how many story events give it (dated groups once)."""
    dated = (
        select(*_GROUP, E.c.place)
        .select_from(_PARTIES)
        .where(E.c.place.is_not(None), E.c.date.is_not(None))
        .distinct()
        .subquery()
    )
    counts: dict[str, int] = defaultdict(int)
    for place, n in _rows(
        conn, select(dated.c.place, func.count()).group_by(dated.c.place)
    ) + _rows(
        conn,
        select(E.c.place, func.count())
        .where(E.c.place.is_not(None), E.c.date.is_(None))
        .group_by(E.c.place),
    ):
        counts[str(place)] += int(n)
    return sorted(counts.items())


def place_tellings(conn: Connection, places: Sequence[str]) -> list[tuple[str, str, str]]:
    """``(place, story event, report id)`` for every event at these place names.

    The story event is its group key as text (type, actor, target, date; an undated event
    its own report and position), so the caller can gather each one's reports.
    """
    group = func.coalesce(
        func.upper(E.c.type) + "|" + _party(_GA, E.c.actor) + "|" + _party(_GT, E.c.target)
        + "|" + E.c.date,
        "~" + E.c.report_id + "/" + cast(E.c.n, String),
    )  # fmt: skip
    found: list[tuple[str, str, str]] = []
    for i in range(0, len(places), _CHUNK):
        found += [
            (str(p), str(g), str(r))
            for p, g, r in _rows(
                conn,
                select(E.c.place, group, E.c.report_id)
                .select_from(_PARTIES)
                .where(E.c.place.in_(list(places[i : i + _CHUNK])))
                .distinct(),
            )
        ]
    return found


def report_places(
    conn: Connection, report_ids: Sequence[str], place_types: Sequence[str]
) -> dict[str, tuple[str, ...]]:
    """The places each report names: its dateline's, then its named entities of these types."""
    found: dict[str, dict[str, None]] = defaultdict(dict)
    ids = sorted(set(report_ids))
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        for rid, place in _rows(
            conn, select(R.c.id, _dateline_place(conn)).where(R.c.id.in_(chunk))
        ):
            if place:
                found[str(rid)][str(place)] = None
        for rid, name in _rows(
            conn,
            select(N.c.report_id, N.c.name)
            .where(N.c.report_id.in_(chunk), N.c.kind == "named", N.c.type.in_(list(place_types)))
            .order_by(N.c.report_id, N.c.n),
        ):
            found[str(rid)][str(name)] = None
    return {rid: tuple(names) for rid, names in found.items()}


def _dateline_place(conn: Connection) -> ColumnElement[Any]:
    """A report's dateline place, read from its record's JSON by the database."""
    place: ColumnElement[Any]
    if conn.dialect.name == "postgresql":
        place = cast(R.c.record_json, JSON)["dateline"]["place"].as_string()
    else:
        place = func.json_extract(R.c.record_json, "$.dateline.place")
    return place
