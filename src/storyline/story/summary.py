"""The story of a store, from SQL (issue 16): what the explorer shows, without loading records.

``build_story`` reads every record into memory, which is right for the records a caller holds
and wrong for a store of a hundred thousand reports. Here the same views are asked of the
store's query API (``storyline.store.queries``) and come back as the story's own objects
(``FigureHistory``, ``SpeakerHistory``, ``StoryEvent``, ``Disagreement``), so the pages draw
them the same way:

- the summary (``summarize``): counts, outlets, dates, story events per day by type, counted
  things, speakers, and every disagreement between sources;
- counted things' histories (``figure_histories``); one page's rows (an entity, a speaker, a
  page of events) are ``storyline.story.pages``.

Cross-report identity is the store's global entities (kept at ingest by the entity layer's
rules, the ones ``build_story`` applies), and names with no entity id are resolved by the
same rules (``story.store_names``), so the names agree with ``build_story``. Where this path
differs: a joint quote ("A and B said") counts for the speaker it is stored under, an event
missing its target is not folded into the one that names it, and an event party with no
entity id meets an entity only when its words are the entity's canonical name.

Disagreements are found from each source's extreme values per thing and day (one grouped
query); only the days found in conflict are read value by value.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import Connection

from storyline.store import queries
from storyline.store.store import Store
from storyline.story.citation import Citation
from storyline.story.figures import (
    Disagreement,
    FigureHistory,
    FigurePoint,
    interval_of,
    point_order,
    report_name,
    sources_conflict,
    thing_label,
    thing_of,
)
from storyline.story.speakers import anonymous_description
from storyline.story.store_names import StoreNames

__all__ = [
    "SpeakerTally",
    "StorySummary",
    "Thing",
    "figure_histories",
    "summarize",
]


@dataclass(frozen=True, slots=True)
class Thing:
    """A counted thing ("person killed"), the ways reports write it, and how many values."""

    unit: str
    what: str | None
    written: tuple[tuple[str, str | None], ...]  # the (unit, what) pairs as stored
    values: int

    @property
    def label(self) -> str:
        """The thing counted, in words."""
        return thing_label(self.unit, self.what)


@dataclass(frozen=True, slots=True)
class SpeakerTally:
    """One speaker's counts, for the speakers page (the statements are on its own page)."""

    speaker: str
    speaker_type: str
    is_anonymous: bool
    statements: int
    reports: int
    outlets: int
    first: str | None
    last: str | None
    key: str | None = None  # the global entity's canonical key, when it has one
    groups: tuple[str, ...] = ()  # the store's groups of its quotes (``SpeakerRow.group``)


@dataclass(frozen=True, slots=True)
class StorySummary:
    """The story of a whole store, as the overview and the speakers page show it."""

    n_reports: int
    outlets: tuple[tuple[str, int], ...]
    first_published: str | None
    last_published: str | None
    n_events: int
    events_per_day: Mapping[str, Mapping[str, int]]
    things: tuple[Thing, ...]
    named: tuple[SpeakerTally, ...]
    anonymous: tuple[SpeakerTally, ...]
    disagreements: tuple[Disagreement, ...]
    # The disagreements' sources that are global entities: their keys by name (entity pages).
    named_sources: Mapping[str, str] = field(default_factory=dict)
    # Every counted thing's distinct claims, as the store kept them at ingest (None when it
    # did not): ``figure_histories(known=...)`` draws the charts from them without a query.
    claims: tuple[queries.FigureRow, ...] | None = None

    @property
    def n_statements(self) -> int:
        """Attributed statements, named and anonymous."""
        return sum(s.statements for s in (*self.named, *self.anonymous))

    @property
    def anonymous_share(self) -> float:
        """The share of attributed statements that come from anonymous sources (0 to 1)."""
        total = self.n_statements
        return sum(s.statements for s in self.anonymous) / total if total else 0.0

    def speaker(self, name: str, *, anonymous: bool) -> SpeakerTally | None:
        """A speaker by the name the speakers page shows, or None."""
        found = self.anonymous if anonymous else self.named
        return next((s for s in found if s.speaker.casefold() == name.casefold()), None)

    def thing(self, unit: str, what: str | None) -> Thing | None:
        """A counted thing by its unit and what, or None."""
        return next((t for t in self.things if (t.unit, t.what) == (unit, what)), None)


def summarize(store: Store, *, scope: queries.Scope = queries.EVERY) -> StorySummary:
    """The summary of the store's reports (those in ``scope``), in a handful of grouped queries."""
    with store.engine.connect() as conn:
        counted = queries.counts(conn, scope)
        per_day: dict[str, dict[str, int]] = defaultdict(dict)
        for day, kind, n in counted.event_days:
            if len(day) == 10:  # a full YYYY-MM-DD day; "2025-03" is no bar of the chart
                per_day[day][kind] = n
        things = _things(counted.figure_things)
        names = StoreNames(conn)
        talliers = _resolve_speakers(names, counted.speakers)
        found = queries.entities_by_ids(conn, _ids(talliers), counted=False)
        keys = {e.id: e.key for e in found}
        disagreements, linked = _disagreements(
            conn, names, things, counted.bounds, scope, counted.claims
        )
        n_events = counted.event_count
        totals, outlets = counted.totals, counted.outlets
    named = _tallies((s for s in talliers if not s.anonymous), keys)
    anonymous = _tallies((s for s in talliers if s.anonymous), keys, fold=anonymous_description)
    return StorySummary(
        n_reports=totals.reports,
        outlets=tuple(outlets),
        first_published=totals.first_published,
        last_published=totals.last_published,
        n_events=n_events,
        events_per_day={d: per_day[d] for d in sorted(per_day)},
        things=things,
        named=named,
        anonymous=anonymous,
        disagreements=tuple(disagreements),
        named_sources=linked,
        claims=None if counted.claims is None else tuple(counted.claims),
    )


def _resolve_speakers(
    names: StoreNames, rows: list[queries.SpeakerRow]
) -> list[queries.SpeakerRow]:
    """Give a named speaker with no global entity the one its words name (``StoreNames``).

    "The emergency agency" is then "Keltvale Emergency Agency" when the store has one such
    organisation, as the story resolves it; with two it stays its own speaker.
    """
    loose = names.resolve(r.name for r in rows if r.global_id is None and not r.anonymous)
    return [
        replace(r, global_id=hit[0], name=hit[1])
        if r.global_id is None and not r.anonymous and (hit := loose.get(r.name))
        else r
        for r in rows
    ]


def _ids(rows: Iterable[queries.SpeakerRow]) -> list[str]:
    return sorted({r.global_id for r in rows if r.global_id})


def _tallies(
    rows: Iterable[queries.SpeakerRow],
    keys: Mapping[str, str],
    *,
    fold: Callable[[str], str] | None = None,
) -> tuple[SpeakerTally, ...]:
    """Speakers most quoted first; with ``fold``, descriptions that read the same are one."""
    merged: dict[str, SpeakerTally] = {}
    for r in rows:
        name = fold(r.name) if fold is not None else r.name
        if not name:
            continue
        k = r.global_id or ("anon:" if r.anonymous else "") + name.casefold()
        old = merged.get(k)
        if old is None:
            merged[k] = SpeakerTally(
                name,
                r.speaker_type,
                r.anonymous,
                r.statements,
                r.reports,
                r.outlets,
                r.first,
                r.last,
                keys.get(r.global_id) if r.global_id else None,
                (r.group,),
            )
        else:  # descriptions written differently: the counts add (reports may overlap)
            merged[k] = SpeakerTally(
                old.speaker,
                old.speaker_type,
                old.is_anonymous,
                old.statements + r.statements,
                old.reports + r.reports,
                max(old.outlets, r.outlets),
                min(filter(None, (old.first, r.first)), default=None),
                max(filter(None, (old.last, r.last)), default=None),
                old.key,
                (*old.groups, r.group),
            )
    return tuple(sorted(merged.values(), key=lambda s: (-s.statements, s.speaker)))


def _things(rows: Iterable[tuple[str, str | None, int]]) -> tuple[Thing, ...]:
    written: dict[tuple[str, str | None], list[tuple[str, str | None]]] = defaultdict(list)
    values: dict[tuple[str, str | None], int] = defaultdict(int)
    for unit, what, n in rows:
        thing = thing_of(unit, what)
        written[thing].append((unit, what))
        values[thing] += n
    found = [
        Thing(u, w, tuple(sorted(written[(u, w)], key=str)), values[(u, w)]) for u, w in written
    ]
    found.sort(key=lambda t: (-t.values, t.label))
    return tuple(found)


def _citation(report: queries.ReportRow, start: int, end: int, text: str) -> Citation:
    return Citation(report.id, report.source, report.outlet, report.published, start, end, text)


def _points(
    names: StoreNames, rows: Sequence[queries.FigureRow]
) -> tuple[list[FigurePoint], dict[str, str]]:
    """The rows as a history's values, and their sources that are global entities (keys by name).

    A source with no entity id is resolved by its words (``StoreNames``), as the story does.
    """
    loose = names.resolve(r.source for r in rows if r.source and not r.source_key)
    points: list[FigurePoint] = []
    keys: dict[str, str] = {}
    for row in rows:
        source, key = row.source, row.source_key
        if source and not key and (hit := loose.get(source)):
            source, key = hit[1], hit[2]
        if source and key:
            keys[source] = key
        points.append(
            FigurePoint(
                value=row.value,
                low=row.low,
                high=row.high,
                approx=row.approx,
                date=row.date or row.report.published,
                said_by=source or row.report.outlet or report_name(row.report.source),
                source=source,
                ordinal=row.ordinal,
                cumulative=row.cumulative,
                citation=_citation(row.report, row.start, row.end, row.text),
                carried_by=row.carried_by,
                reports=row.reports,
            )
        )
    return points, keys


def figure_histories(
    store: Store,
    things: Iterable[Thing],
    *,
    limit: int | None = None,
    scope: queries.Scope = queries.EVERY,
    claims: bool = False,
    known: Sequence[queries.FigureRow] | None = None,
) -> tuple[list[FigureHistory], dict[str, str]]:
    """The values of these counted things, oldest first (the first ``limit`` of each).

    With ``claims``, each day's distinct claims instead (a source and a value, once, with how
    many reports give it: what a chart draws), taken from ``known`` when given (a summary's
    ``claims`` of the same scope) instead of asked of the store. Also the sources among them
    that are global entities: their keys by name.
    """
    things = list(things)
    histories: list[FigureHistory] = []
    named: dict[str, str] = {}
    with store.engine.connect() as conn:
        names = StoreNames(conn)
        claimed: dict[tuple[str, str | None], list[queries.FigureRow]] = defaultdict(list)
        if claims and things:  # one pass over the things' values, not one per thing
            written = [w for t in things for w in t.written]
            kept = None if known is None else _Claims(known)
            for row in _claims(conn, written, scope=scope, known=kept):
                claimed[thing_of(row.unit, row.what)].append(row)
        for thing in things:
            if claims:
                rows = claimed[(thing.unit, thing.what)][:limit]
            else:
                rows = queries.figure_points(conn, thing.written, limit=limit, scope=scope)
            points, keys = _points(names, rows)
            named.update(keys)
            histories.append(FigureHistory(thing.unit, thing.what, tuple(points)))
    return histories, named


class _Claims:
    """Kept claims (a summary's), found by thing and day as ``queries.figure_claims`` finds them.

    A disputed day is looked up among thousands of claims once per day: an index, not a scan.
    """

    def __init__(self, known: Sequence[queries.FigureRow]) -> None:
        self._at: dict[tuple[str, str | None, str | None], list[int]] = defaultdict(list)
        self._known = known
        for i, r in enumerate(known):
            self._at[(r.unit, r.what, None)].append(i)
            self._at[(r.unit, r.what, r.date or r.report.published)].append(i)

    def of(
        self, written: Sequence[tuple[str, str | None]], day: str | None
    ) -> list[queries.FigureRow]:
        """The claims of these ``(unit, what)`` (on ``day``), in the order they were kept."""
        found = sorted({i for u, w in set(written) for i in self._at.get((u, w, day), ())})
        return [self._known[i] for i in found]


def _claims(
    conn: Connection,
    written: Sequence[tuple[str, str | None]],
    *,
    day: str | None = None,
    scope: queries.Scope,
    known: _Claims | None,
) -> Sequence[queries.FigureRow]:
    """``queries.figure_claims``, or the same rows from the kept ones."""
    if known is None:
        return queries.figure_claims(conn, written, day=day, scope=scope)
    return known.of(written, day)


def _bounds(row: queries.BoundsRow) -> tuple[float, float]:
    """The highest lower end and lowest upper end of one source's values of one kind."""
    if row.ranged:
        return row.max_low or 0.0, math.inf if row.open_high else (row.min_high or math.inf)
    low_of_max = interval_of(row.max_value, None, None, row.approx)[0]
    high_of_min = interval_of(row.min_value, None, None, row.approx)[1]
    return low_of_max, high_of_min


def _disagreements(
    conn: Connection,
    names: StoreNames,
    things: Sequence[Thing],
    bounds: Sequence[queries.BoundsRow],
    scope: queries.Scope,
    known: Sequence[queries.FigureRow] | None = None,
) -> tuple[list[Disagreement], dict[str, str]]:
    """Every (thing, day) on which two sources give values that cannot both hold.

    Each disagreement holds the day's distinct claims (a source and a value, shown by its
    first report, with how many reports give it), not every report's value.

    Also their sources that are global entities: their keys by name.
    """
    lows: dict[tuple[str, str | None, str], dict[str, float]] = defaultdict(dict)
    highs: dict[tuple[str, str | None, str], dict[str, float]] = defaultdict(dict)
    shown = names.resolve(r.source for r in bounds)
    for row in bounds:
        unit, what = thing_of(row.unit, row.what)
        key = (unit, what, row.day)
        hit = shown.get(row.source)
        source = (hit[1] if hit else row.source).casefold()
        low, high = _bounds(row)
        lows[key][source] = max(low, lows[key].get(source, -math.inf))
        highs[key][source] = min(high, highs[key].get(source, math.inf))
    by_thing = {(t.unit, t.what): t for t in things}
    kept = None if known is None else _Claims(known)
    found = []
    linked: dict[str, str] = {}
    for key in sorted(lows, key=lambda k: (k[0], k[1] or "", k[2])):
        if not sources_conflict(lows[key], highs[key]):
            continue
        thing = by_thing[(key[0], key[1])]
        rows = _claims(conn, thing.written, day=key[2], scope=scope, known=kept)
        points, keys = _points(names, rows)
        found.append(Disagreement(key[0], key[1], key[2], tuple(sorted(points, key=point_order))))
        linked.update(keys)
    found.sort(key=lambda d: (thing_label(d.unit, d.what), d.date))
    return found, linked
