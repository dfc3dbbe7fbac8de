"""The store's query API for the story and the explorer (issue 16): aggregates, not records.

The explorer used to load and validate every record's JSON to build the story in memory; at a
hundred thousand reports that is minutes and gigabytes. These queries answer the same
questions over the item tables instead, with the indexes they need (migrations), and give
back plain rows: counts, dates, names and offsets, never ORM objects or records. The story
layer (``storyline.story.summary``) turns them into what the pages show.

Cross-report identity is the store's global entities (``global_entities``, kept at ingest by
the entity layer's rules): an item names someone across reports through its ``*_global``
column. A name with no global entity (an unnamed "the agency", a group) is keyed by its
words, case-folded.

A syndicated copy's item that repeats its original's words is left out wherever items are
counted (``repeated``, marked at ingest): the wire story carried by ten outlets is one source.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    Connection,
    Executable,
    String,
    and_,
    case,
    cast,
    distinct,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    tuple_,
)

from storyline.store.tables import (
    CopyRow,
    Entity,
    EntityLink,
    EntityName,
    Event,
    Figure,
    GlobalEntity,
    Mention,
    Quote,
    Report,
)

__all__ = [
    "BoundsRow",
    "EntityRow",
    "EventFilter",
    "EventRow",
    "FigureRow",
    "ReportRow",
    "SpeakerRow",
    "StatementRow",
    "Totals",
    "cooccurring",
    "entities_by_ids",
    "entities_of_types",
    "entity_by_key",
    "entity_reports",
    "event_count",
    "event_days",
    "event_places",
    "event_totals",
    "event_types",
    "figure_bounds",
    "figure_points",
    "figure_things",
    "fingerprint",
    "global_id_of_name",
    "globals_of_names",
    "outlets",
    "place_tellings",
    "report_places",
    "speakers",
    "statement_count",
    "statements",
    "story_events",
    "surname_owners",
    "totals",
]

R = Report.__table__
Q = Quote.__table__
F = Figure.__table__
E = Event.__table__
G = GlobalEntity.__table__
L = EntityLink.__table__
C = CopyRow.__table__
N = Entity.__table__
M = Mention.__table__
_PERSONISH = ("PERSON", "person")
_CHUNK = 500  # values in one IN (...) list: well under every driver's parameter limit


@dataclass(frozen=True, slots=True)
class Totals:
    """How many reports, and the first and last publication dates among them."""

    reports: int
    first_published: str | None
    last_published: str | None


@dataclass(frozen=True, slots=True)
class ReportRow:
    """A report as lists show it, without its text."""

    id: str
    source: str
    outlet: str | None
    published: str | None
    headline: str | None


@dataclass(frozen=True, slots=True)
class EntityRow:
    """A global entity with how many reports link to it."""

    id: str
    key: str
    name: str
    type: str
    aliases: tuple[str, ...]
    reports: int


@dataclass(frozen=True, slots=True)
class SpeakerRow:
    """One speaker's tally: a global entity, or a name or description no entity holds."""

    global_id: str | None
    name: str
    speaker_type: str
    anonymous: bool
    statements: int
    reports: int
    outlets: int
    first: str | None
    last: str | None
    group: str = ""  # what the quotes were grouped on: a global id, "~" + name, a description


@dataclass(frozen=True, slots=True)
class StatementRow:
    """One quote with its report's citation fields."""

    report: ReportRow
    start: int
    end: int
    kind: str
    content: str
    cue: str | None
    date: str | None
    speaker: str
    speaker_type: str
    words: str = ""  # the report's characters from start to end (the citation's text)


@dataclass(frozen=True, slots=True)
class FigureRow:
    """One reported value with its report's citation fields and its source's name."""

    report: ReportRow
    start: int
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    approx: str | None
    unit: str
    what: str | None
    date: str | None
    source: str | None  # the global entity's name, else the report's words
    ordinal: bool
    cumulative: bool
    source_key: str | None = None  # the global entity's canonical key, when it has one
    carried_by: int = 1  # outlets that carried the report (its syndicated copies', and its own)


@dataclass(frozen=True, slots=True)
class BoundsRow:
    """The extreme values one source gave for one counted thing on one day, by kind of value.

    Enough to tell whether sources disagree without reading every value (``story.summary``).
    """

    unit: str
    what: str | None
    day: str
    source: str  # who gave it: the source's name, else the outlet, else the report's source
    approx: str | None
    ranged: bool  # the values are ranges (``value`` NULL), not one number
    min_value: float | None
    max_value: float | None
    max_low: float | None
    min_high: float | None
    open_high: bool  # some range has no upper end


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


def _rows(conn: Connection, query: Executable) -> list[tuple[Any, ...]]:
    """The rows of a query as plain tuples: this module reads its columns by position."""
    return [tuple(r) for r in conn.execute(query)]


def _one(conn: Connection, query: Executable) -> tuple[Any, ...]:
    """The one row of an aggregate query."""
    return tuple(conn.execute(query).one())


def totals(conn: Connection) -> Totals:
    """How many reports, first and last publication date."""
    n, first, last = _one(
        conn, select(func.count(), func.min(R.c.published), func.max(R.c.published))
    )
    return Totals(int(n), first, last)


def fingerprint(conn: Connection) -> tuple[int, str]:
    """How many reports, and the latest ingest time: changes whenever reports are added."""
    n, latest = _one(conn, select(func.count(), func.max(R.c.ingested_at)))
    return int(n), str(latest)


def outlets(conn: Connection) -> list[tuple[str, int]]:
    """Every outlet with its number of reports, most reports first."""
    rows = _rows(
        conn,
        select(R.c.outlet, func.count())
        .where(R.c.outlet.is_not(None))
        .group_by(R.c.outlet)
        .order_by(func.count().desc(), R.c.outlet),
    )
    return [(str(o), int(n)) for o, n in rows]


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


def _event_groups() -> Any:  # noqa: ANN401  (a SQLAlchemy subquery)
    return (
        select(
            E.c.date,
            func.upper(E.c.type).label("type"),
            _party(_GA, E.c.actor).label("actor"),
            _party(_GT, E.c.target).label("target"),
        )
        .select_from(_PARTIES)
        .where(E.c.date.is_not(None))
        .distinct()
        .subquery()
    )


def event_days(conn: Connection) -> list[tuple[str, str, int]]:
    """Story events per date and type: ``(date, TYPE, n)``, by date.

    A story event is the reports' events with the same type, actor, target and date.
    """
    g = _event_groups()
    rows = _rows(
        conn,
        select(g.c.date, g.c.type, func.count()).group_by(g.c.date, g.c.type).order_by(g.c.date),
    )
    return [(str(d), str(t), int(n)) for d, t, n in rows]


def event_count(conn: Connection) -> int:
    """How many story events: dated groups, plus every undated event (never merged)."""
    g = _event_groups()
    dated = _one(conn, select(func.count()).select_from(g))[0]
    undated = _one(conn, select(func.count()).where(E.c.date.is_(None)))[0]
    return int(dated) + int(undated)


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
        return found


_GROUP = (func.upper(E.c.type), _party(_GA, E.c.actor), _party(_GT, E.c.target), E.c.date)


def event_totals(conn: Connection, which: EventFilter) -> tuple[int, int]:
    """How many story events pass the filter, and how many of them are dated."""
    groups = select(*_GROUP).select_from(_PARTIES).where(*which.where(), E.c.date.is_not(None))
    dated = _one(conn, select(func.count()).select_from(groups.distinct().subquery()))[0]
    undated = _one(conn, select(func.count()).where(*which.where(), E.c.date.is_(None)))[0]
    return int(dated) + int(undated), int(dated)


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
    """Events by ``(report id, n)``: their report, offsets and words."""
    told: dict[tuple[str, int], tuple[ReportRow, int, int, str]] = {}
    for i in range(0, len(items), _CHUNK // 2):
        for r in _rows(conn,
            select(
                R.c.id, R.c.source, R.c.outlet, R.c.published, R.c.headline,
                E.c.n, E.c.start, E.c.end, E.c.text,
            )
            .select_from(E.join(R, R.c.id == E.c.report_id))
            .where(tuple_(E.c.report_id, E.c.n).in_(list(items[i : i + _CHUNK // 2])))
        ):  # fmt: skip
            told[(str(r[0]), int(r[5]))] = (ReportRow(*r[:5]), int(r[6]), int(r[7]), str(r[8]))
    return told


def _counted(item: Any) -> ColumnElement[bool]:  # noqa: ANN401  (a SQLAlchemy table)
    """Not a syndicated copy's repeat of its original's item (``copies.mark_repeats``)."""
    counted: ColumnElement[bool] = item.c.repeated == false()
    return counted


def figure_things(conn: Connection) -> list[tuple[str, str | None, int]]:
    """Every ``(unit, what)`` as reports write them, with how many values (copies once)."""
    has_value = or_(F.c.value.is_not(None), F.c.low.is_not(None), F.c.high.is_not(None))
    rows = _rows(
        conn,
        select(F.c.unit, F.c.what, func.count())
        .where(has_value, _counted(F))
        .group_by(F.c.unit, F.c.what),
    )
    return [(str(u), w, int(n)) for u, w, n in rows]


def _things(things: Sequence[tuple[str, str | None]]) -> ColumnElement[bool]:
    return or_(
        *(
            and_(F.c.unit == unit, F.c.what.is_(None) if what is None else F.c.what == what)
            for unit, what in things
        )
    )


def figure_points(
    conn: Connection,
    things: Sequence[tuple[str, str | None]],
    *,
    source_global: str | None = None,
    day: str | None = None,
    limit: int | None = None,
) -> list[FigureRow]:
    """The values of these ``(unit, what)`` as written, or those one entity gave, or one day's."""
    has_value = or_(F.c.value.is_not(None), F.c.low.is_not(None), F.c.high.is_not(None))
    where = [has_value, _counted(F)]
    if things:
        where.append(_things(things))
    if source_global is not None:
        where.append(F.c.source_global == source_global)
    if day is not None:
        where.append(func.coalesce(F.c.date, R.c.published) == day)
    query = (
        select(
            R.c.id, R.c.source, R.c.outlet, R.c.published, R.c.headline,
            F.c.start, F.c.end, F.c.text, F.c.value, F.c.low, F.c.high, F.c.approx,
            F.c.unit, F.c.what, F.c.date, func.coalesce(G.c.name, F.c.source),
            F.c.ordinal, F.c.cumulative, G.c.key, _carriers(),
        )
        .select_from(F.join(R, R.c.id == F.c.report_id).outerjoin(G, G.c.id == F.c.source_global))
        .where(*where)
        .order_by(func.coalesce(F.c.date, R.c.published), R.c.id, F.c.n)
    )  # fmt: skip
    if limit is not None:
        query = query.limit(limit)
    return [
        FigureRow(
            report=ReportRow(*r[:5]),
            start=int(r[5]),
            end=int(r[6]),
            text=str(r[7]),
            value=r[8],
            low=r[9],
            high=r[10],
            approx=r[11],
            unit=str(r[12]),
            what=r[13],
            date=r[14],
            source=r[15],
            ordinal=bool(r[16]),
            cumulative=bool(r[17]),
            source_key=r[18],
            carried_by=int(r[19]),
        )
        for r in _rows(conn, query)
    ]


def _carriers() -> ColumnElement[int]:
    """How many outlets carried a figure's report: its own, and its copies' other ones.

    As ``Syndication.carried_by`` counts them (an outlet, else a url, else an input), for an
    original; a copy's own figure counts its report alone.
    """
    own = func.coalesce(R.c.outlet, R.c.url, R.c.source)
    others = func.coalesce(C.c.outlet, C.c.url, C.c.source)
    found = (
        select(func.count(distinct(others)))
        .where(C.c.original_id == F.c.report_id, others != own)
        .scalar_subquery()
    )
    return 1 + found


def figure_bounds(conn: Connection) -> list[BoundsRow]:
    """Per counted thing, day, source and kind of value: the extreme values given.

    The day is the figure's own date, else its report's publication date; the source is the
    figure's (its global entity's name, else its words), else the outlet, else the report.
    """
    day = func.coalesce(F.c.date, R.c.published)
    source = func.coalesce(G.c.name, F.c.source, R.c.outlet, "report " + R.c.source)
    ranged = F.c.value.is_(None)
    rows = _rows(conn,
        select(
            F.c.unit, F.c.what, day, source, F.c.approx, ranged,
            func.min(F.c.value), func.max(F.c.value),
            func.max(func.coalesce(F.c.low, 0.0)), func.min(F.c.high),
            func.sum(case((and_(ranged, F.c.high.is_(None)), 1), else_=0)),
        )
        .select_from(F.join(R, R.c.id == F.c.report_id).outerjoin(G, G.c.id == F.c.source_global))
        .where(
            day.is_not(None),
            or_(F.c.value.is_not(None), F.c.low.is_not(None), F.c.high.is_not(None)),
            _counted(F),
        )
        .group_by(F.c.unit, F.c.what, day, source, F.c.approx, ranged)
    )  # fmt: skip
    return [
        BoundsRow(
            unit=str(r[0]),
            what=r[1],
            day=str(r[2]),
            source=str(r[3]),
            approx=r[4],
            ranged=bool(r[5]),
            min_value=r[6],
            max_value=r[7],
            max_low=r[8],
            min_high=r[9],
            open_high=bool(r[10]),
        )
        for r in rows
    ]


def _anonymous() -> ColumnElement[bool]:
    """A quote whose source is unnamed: typed anonymous, or a person known by description."""
    described = exists().where(
        N.c.report_id == Q.c.report_id,
        N.c.entity_id == Q.c.speaker_entity,
        N.c.kind == "description",
    )
    return or_(Q.c.speaker_type == "anonymous", and_(Q.c.speaker_type == "person", described))


def _attributed() -> ColumnElement[bool]:
    """A quote someone is named or described for (not an unresolved "he")."""
    return and_(
        or_(Q.c.speaker.is_not(None), Q.c.speaker_name.is_not(None)),
        or_(Q.c.speaker_name.is_not(None), Q.c.speaker_type != "unknown"),
    )


def speakers(conn: Connection) -> list[SpeakerRow]:
    """Every speaker with its statements, reports, outlets and first and last dates.

    Named speakers are keyed by global entity, else by their name as written; anonymous
    ones by their description (``story.summary`` folds descriptions into one source).
    """
    anon = _anonymous()
    day = func.coalesce(Q.c.date, R.c.published)
    named_key = func.coalesce(Q.c.speaker_global, "~" + func.lower(Q.c.speaker_name, type_=String))
    name = func.coalesce(Q.c.speaker_name, Q.c.speaker)
    found: list[SpeakerRow] = []
    for anonymous in (False, True):
        key = func.coalesce(Q.c.speaker_name, Q.c.speaker) if anonymous else named_key
        rows = _rows(conn,
            select(
                key, func.min(G.c.name), func.min(name), func.min(Q.c.speaker_type),
                func.count(), func.count(distinct(Q.c.report_id)),
                func.count(distinct(R.c.outlet)), func.min(day), func.max(day),
            )
            .select_from(
                Q.join(R, R.c.id == Q.c.report_id).outerjoin(G, G.c.id == Q.c.speaker_global)
            )
            .where(_attributed(), anon if anonymous else ~anon, _counted(Q))
            .group_by(key)
        )  # fmt: skip
        kinds = _majority_types(conn, key, anon if anonymous else ~anon)
        for k, gname, written, kind, n, n_reports, n_outlets, first, last in rows:
            is_global = not anonymous and not str(k).startswith("~")
            found.append(
                SpeakerRow(
                    global_id=str(k) if is_global else None,
                    name=str(gname or written or k),
                    speaker_type="anonymous" if anonymous else kinds.get(k, str(kind)),
                    anonymous=anonymous,
                    statements=int(n),
                    reports=int(n_reports),
                    outlets=int(n_outlets),
                    first=first,
                    last=last,
                    group=str(k),
                )
            )
    return found


def _majority_types(
    conn: Connection, key: ColumnElement[Any], which: ColumnElement[bool]
) -> dict[Any, str]:
    """Each speaker's type as most of its quotes give it (one report may type a person a group)."""
    counts: dict[Any, tuple[int, str]] = {}
    for k, kind, n in _rows(
        conn,
        select(key, Q.c.speaker_type, func.count())
        .where(_attributed(), which, _counted(Q))
        .group_by(key, Q.c.speaker_type),
    ):
        best = counts.get(k)
        if best is None or (int(n), str(kind)) > best:
            counts[k] = (int(n), str(kind))
    return {k: kind for k, (_, kind) in counts.items()}


def statement_count(conn: Connection, *, speaker_global: str) -> int:
    """How many statements a global entity made (copies' repeats left out)."""
    return int(
        _one(conn, select(func.count()).where(Q.c.speaker_global == speaker_global, _counted(Q)))[0]
    )


def statements(
    conn: Connection,
    *,
    speaker_global: str | None = None,
    groups: Sequence[str] = (),
    anonymous: bool = False,
    limit: int | None = None,
) -> list[StatementRow]:
    """One speaker's statements, oldest first (copies' repeats left out).

    The speaker is a global entity, or the groups ``speakers`` gave (``SpeakerRow.group``):
    global ids and ``"~"`` + a name no entity holds, or, ``anonymous``, descriptions.
    """
    if anonymous:
        which = and_(func.coalesce(Q.c.speaker_name, Q.c.speaker).in_(list(groups)), _anonymous())
    else:
        ids = [g for g in groups if not g.startswith("~")] + (
            [speaker_global] if speaker_global else []
        )
        loose = [g[1:] for g in groups if g.startswith("~")]
        which = or_(
            Q.c.speaker_global.in_(ids),
            and_(
                Q.c.speaker_global.is_(None),
                func.lower(Q.c.speaker_name).in_(loose),
                ~_anonymous(),
            ),
        )
    query = (
        select(
            R.c.id, R.c.source, R.c.outlet, R.c.published, R.c.headline,
            Q.c.start, Q.c.end, Q.c.kind, Q.c.content, Q.c.cue,
            func.coalesce(Q.c.date, R.c.published), func.coalesce(G.c.name, Q.c.speaker_name),
            Q.c.speaker_type, func.substr(R.c.text, Q.c.start + 1, Q.c.end - Q.c.start),
        )
        .select_from(Q.join(R, R.c.id == Q.c.report_id).outerjoin(G, G.c.id == Q.c.speaker_global))
        .where(which, _counted(Q))
        .order_by(func.coalesce(Q.c.date, R.c.published), R.c.published, Q.c.start)
    )  # fmt: skip
    if limit is not None:
        query = query.limit(limit)
    return [
        StatementRow(
            report=ReportRow(*r[:5]),
            start=int(r[5]),
            end=int(r[6]),
            kind=str(r[7]),
            content=str(r[8]),
            cue=r[9],
            date=r[10],
            speaker=str(r[11]),
            speaker_type=str(r[12]),
            words=str(r[13]),
        )
        for r in _rows(conn, query)
    ]


def _entity_rows(
    conn: Connection, where: ColumnElement[bool], *, counted: bool = True
) -> list[EntityRow]:
    """Global entities, with how many reports link to each unless not ``counted`` (0 then)."""
    rows = _rows(conn, select(G.c.id, G.c.key, G.c.name, G.c.type, G.c.aliases).where(where))
    if not rows:
        return []
    ids = [r[0] for r in rows]
    counts: dict[Any, Any] = (
        {}
        if not counted
        else dict(
            _rows(
                conn,
                select(L.c.global_id, func.count(distinct(L.c.report_id)))
                .where(L.c.global_id.in_(ids))
                .group_by(L.c.global_id),
            )
        )
    )
    return [
        EntityRow(
            str(i), str(k), str(n), str(t), tuple(json.loads(a or "[]")), int(counts.get(i, 0))
        )
        for i, k, n, t, a in rows
    ]


def entity_by_key(conn: Connection, key: str) -> EntityRow | None:
    """The global entity whose canonical key this is, or None."""
    found = _entity_rows(conn, G.c.key == key)
    return found[0] if found else None


def entities_by_ids(conn: Connection, ids: Sequence[str]) -> list[EntityRow]:
    """The global entities of these ids (those that exist)."""
    found: list[EntityRow] = []
    for i in range(0, len(ids), _CHUNK):
        found += _entity_rows(conn, G.c.id.in_(list(ids[i : i + _CHUNK])))
    return found


def entities_of_types(conn: Connection, types: Sequence[str]) -> list[tuple[str, str, str]]:
    """``(id, key, name)`` of every global entity of these types."""
    rows = _rows(conn, select(G.c.id, G.c.key, G.c.name).where(G.c.type.in_(list(types))))
    return [(str(i), str(k), str(n)) for i, k, n in rows]


def globals_of_names(conn: Connection, keys: Sequence[str]) -> dict[str, tuple[str, str, str]]:
    """``{name key: (global id, display name, canonical key)}`` for the keys the store knows."""
    names = EntityName.__table__
    found: dict[str, tuple[str, str, str]] = {}
    for i in range(0, len(keys), _CHUNK):
        rows = _rows(
            conn,
            select(names.c.key, G.c.id, G.c.name, G.c.key)
            .select_from(names.join(G, G.c.id == names.c.global_id))
            .where(names.c.key.in_(list(keys[i : i + _CHUNK]))),
        )
        found.update({str(k): (str(g), str(n), str(gk)) for k, g, n, gk in rows})
    return found


def global_id_of_name(conn: Connection, name_key: str) -> str | None:
    """The global entity a normalised name resolves to (``global_entity_names``), or None."""
    names = EntityName.__table__
    row = conn.execute(select(names.c.global_id).where(names.c.key == name_key)).first()
    return str(row[0]) if row and row[0] else None


def surname_owners(conn: Connection, surname: str) -> list[EntityRow]:
    """The people whose canonical name has more than one word and ends with this surname."""
    found = _entity_rows(
        conn,
        and_(
            G.c.type.in_(_PERSONISH),
            G.c.key.like("% " + surname.replace("%", "").replace("_", "")),
        ),
    )
    return sorted(found, key=lambda e: (-e.reports, e.name))


_WALK_FROM = 10_000  # reports naming an entity past which its newest are met walking by date


def entity_reports(conn: Connection, entity: EntityRow, *, limit: int) -> list[ReportRow]:
    """The newest reports that name this entity, undated last.

    A frequent entity's newest reports are met soon walking all reports newest first (the
    publication-date index, each report's links by its key); a rarer one's are fewer to sort
    than the reports that walk would pass. Walking finds ``limit`` of ``k`` in about
    ``limit * N / k`` steps against ``k log k`` to sort: past about ten thousand reports the
    walk wins in a store of a hundred thousand.
    """
    cols = (R.c.id, R.c.source, R.c.outlet, R.c.published, R.c.headline)
    if entity.reports > _WALK_FROM:
        # coalesce() keeps SQLite from reading the links by global id for every report
        named = exists().where(
            L.c.report_id == R.c.id, func.coalesce(L.c.global_id, "") == entity.id
        )
        query = select(*cols).where(named)
    else:
        query = select(*cols).where(
            R.c.id.in_(select(L.c.report_id).where(L.c.global_id == entity.id))
        )
    query = query.order_by(*_newest_first(conn)).limit(limit)
    return [ReportRow(*r) for r in _rows(conn, query)]


def _newest_first(conn: Connection) -> tuple[ColumnElement[Any], ...]:
    """Reports newest first, undated last, ties by id (SQLite sorts NULL last when descending)."""
    if conn.dialect.name == "sqlite":
        return (R.c.published.desc(), R.c.id.desc())
    return (R.c.published.desc().nulls_last(), R.c.id.desc())


def cooccurring(
    conn: Connection, entity: EntityRow, report_ids: Sequence[str], *, top: int
) -> list[tuple[EntityRow, int]]:
    """The global entities named in most of these reports besides this one, with how many."""
    counts: dict[str, int] = defaultdict(int)
    for i in range(0, len(report_ids), _CHUNK):
        chunk = list(report_ids[i : i + _CHUNK])
        for gid, n in _rows(
            conn,
            select(L.c.global_id, func.count(distinct(L.c.report_id)))
            .where(L.c.report_id.in_(chunk), L.c.global_id != entity.id)
            .group_by(L.c.global_id),
        ):
            counts[str(gid)] += int(n)
    best = sorted(counts.items(), key=lambda kv: -kv[1])[: top * 2]
    by_id = {e.id: e for e in _entity_rows(conn, G.c.id.in_([g for g, _ in best]), counted=False)}
    ranked = [(by_id[g], n) for g, n in best if g in by_id]
    ranked.sort(key=lambda en: (-en[1], en[0].name))
    return ranked[:top]


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
