"""Figures from SQL: counted things, their values with citations, per-source extremes.

The extremes are what disagreements are found from without reading every value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import (
    ColumnElement,
    Connection,
    String,
    and_,
    case,
    cast,
    distinct,
    false,
    func,
    or_,
    select,
    tuple_,
)

from storyline.store.queries._common import (
    _CHUNK,
    EVERY,
    C,
    F,
    G,
    R,
    ReportRow,
    Scope,
    _counted,
    _rows,
)


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
    reports: int = 1  # reports giving the same claim (``figure_claims``): this is the first


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


def figure_things(conn: Connection, scope: Scope = EVERY) -> list[tuple[str, str | None, int]]:
    """Every ``(unit, what)`` as reports write them, with how many values (copies once)."""
    has_value = or_(F.c.value.is_not(None), F.c.low.is_not(None), F.c.high.is_not(None))
    rows = _rows(
        conn,
        select(F.c.unit, F.c.what, func.count())
        .where(has_value, _counted(F), *scope.reports(F.c.report_id))
        .group_by(F.c.unit, F.c.what),
    )
    return [(str(u), w, int(n)) for u, w, n in rows]


def _things(things: Sequence[tuple[str, str | None]]) -> ColumnElement[bool]:
    """Rows of these ``(unit, what)``: two lists, not one condition per thing.

    An OR of one condition per thing is as deep as the things are many, and SQLite refuses an
    expression deeper than 1,000 (a store of real reports counts more kinds of things).
    """
    named = sorted({(u, w) for u, w in things if w is not None})
    bare = sorted({u for u, w in things if w is None})
    return or_(
        tuple_(F.c.unit, F.c.what).in_(named) if named else false(),
        and_(F.c.what.is_(None), F.c.unit.in_(bare)) if bare else false(),
    )


def figure_points(
    conn: Connection,
    things: Sequence[tuple[str, str | None]],
    *,
    source_global: str | None = None,
    day: str | None = None,
    limit: int | None = None,
    scope: Scope = EVERY,
) -> list[FigureRow]:
    """The values of these ``(unit, what)`` as written, or those one entity gave, or one day's."""
    has_value = or_(F.c.value.is_not(None), F.c.low.is_not(None), F.c.high.is_not(None))
    where = [has_value, _counted(F), *scope.reports(F.c.report_id)]
    if things:
        where.append(_things(things))
    if source_global is not None:
        where.append(F.c.source_global == source_global)
    if day is not None:
        where.append(func.coalesce(F.c.date, R.c.published) == day)
    rows = _figure_rows(conn, where, limit=limit)
    return [row for row, _ in rows]


def _figure_rows(
    conn: Connection, where: Sequence[ColumnElement[bool]], *, limit: int | None = None
) -> list[tuple[FigureRow, int]]:
    """Figure rows with their report's citation fields, oldest first, and each one's ``n``."""
    query = (
        select(
            R.c.id, R.c.source, R.c.outlet, R.c.published, R.c.headline,
            F.c.start, F.c.end, F.c.text, F.c.value, F.c.low, F.c.high, F.c.approx,
            F.c.unit, F.c.what, F.c.date, func.coalesce(G.c.name, F.c.source),
            F.c.ordinal, F.c.cumulative, G.c.key, _carriers(), F.c.n,
        )
        .select_from(F.join(R, R.c.id == F.c.report_id).outerjoin(G, G.c.id == F.c.source_global))
        .where(*where)
        .order_by(func.coalesce(F.c.date, R.c.published), R.c.id, F.c.n)
    )  # fmt: skip
    if limit is not None:
        query = query.limit(limit)
    return [
        (
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
            ),
            int(r[20]),
        )
        for r in _rows(conn, query)
    ]


def figure_claims(
    conn: Connection,
    things: Sequence[tuple[str, str | None]] | None,
    *,
    day: str | None = None,
    scope: Scope = EVERY,
) -> list[FigureRow]:
    """Distinct claims about these things (one day's, or every day's): each given once.

    A disputed day of a big story holds thousands of values ("St Brannock Hospital: 14" in
    every report that repeats it); a claim is a day, a source and a value (with its bounds and
    wording), shown by its first report, with how many reports give it. A chart draws the
    same points from its claims as from every value. ``None``: every counted thing's.
    """
    which = [] if things is None else [_things(things)]
    has_value = or_(F.c.value.is_not(None), F.c.low.is_not(None), F.c.high.is_not(None))
    source = func.coalesce(G.c.name, F.c.source, R.c.outlet, "report " + R.c.id)
    on = func.coalesce(F.c.date, R.c.published)
    claim = (F.c.unit, F.c.what, on, source, F.c.value, F.c.low, F.c.high, F.c.approx)
    first = func.min(F.c.report_id + "/" + cast(F.c.n, String))  # any one telling: the least
    firsts: dict[tuple[str, int], int] = {}
    for telling, told in _rows(
        conn,
        select(first, func.count())
        .select_from(F.join(R, R.c.id == F.c.report_id).outerjoin(G, G.c.id == F.c.source_global))
        .where(
            has_value,
            _counted(F),
            *which,
            *([on == day] if day is not None else []),
            *scope.reports(F.c.report_id),
        )
        .group_by(*claim),
    ):
        rid, n = str(telling).rsplit("/", 1)
        firsts[(rid, int(n))] = int(told)
    found: list[FigureRow] = []
    ids = sorted({rid for rid, _ in firsts})  # by report id, then picked: see events._tellings
    for i in range(0, len(ids), _CHUNK):
        where = [F.c.report_id.in_(ids[i : i + _CHUNK]), *which]
        found += [
            replace(row, reports=firsts[(row.report.id, n)])
            for row, n in _figure_rows(conn, where)
            if (row.report.id, n) in firsts
        ]
    found.sort(key=lambda r: (r.date or r.report.published or "", r.report.id))
    return found


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


def figure_bounds(conn: Connection, scope: Scope = EVERY) -> list[BoundsRow]:
    """Per counted thing, day, source and kind of value: the extreme values given.

    The day is the figure's own date, else its report's publication date; the source is the
    figure's (its global entity's name, else its words), else the outlet, else the report.
    """
    day = func.coalesce(F.c.date, R.c.published)
    source = func.coalesce(G.c.name, F.c.source, R.c.outlet, "report " + R.c.id)
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
            *scope.reports(F.c.report_id),
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
