"""The story of a store, from SQL (issue 16): what the explorer shows, without loading records.

``build_story`` reads every record into memory, which is right for the records a caller holds
and wrong for a store of a hundred thousand reports. Here the same views are asked of the
store's query API (``storyline.store.queries``) and come back as the story's own objects
(``FigureHistory``, ``SpeakerHistory``, ``StoryEvent``, ``Disagreement``), so the pages draw
them the same way:

- the summary (``summarize``): counts, outlets, dates, story events per day by type, counted
  things, speakers, and every disagreement between sources;
- one counted thing's history (``figure_history``), one entity's page (``entity_page``).

Cross-report identity is the store's global entities (kept at ingest by the entity layer's
rules, the ones ``build_story`` applies), so the names agree with ``storyline story``. Where
this path differs: a joint quote ("A and B said") counts for the speaker it is stored under,
and an event missing its target is not folded into the one that names it.

Disagreements are found from each source's extreme values per thing and day (one grouped
query); only the days found in conflict are read value by value.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import Connection

from storyline.extract.entities import name_key, normalize_name, surname
from storyline.store import queries
from storyline.store.store import Store
from storyline.story.citation import Citation
from storyline.story.entities import StoryEntity
from storyline.story.events import StoryEvent
from storyline.story.figures import (
    Disagreement,
    FigureHistory,
    FigurePoint,
    interval_of,
    point_order,
    report_name,
    sources_conflict,
    thing_of,
)
from storyline.story.speakers import SpeakerHistory, Statement, anonymous_description
from storyline.story.store_names import StoreNames
from storyline.story.story import StoryError

__all__ = [
    "EntityPage",
    "EventsPage",
    "SpeakerRef",
    "SpeakerTally",
    "StorySummary",
    "Thing",
    "entity_page",
    "events_page",
    "figure_histories",
    "find_entity",
    "speaker_history",
    "speakers_of",
    "story_scope",
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
        return f"{self.unit} {self.what}" if self.what else self.unit


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
        totals = queries.totals(conn, scope)
        outlets = queries.outlets(conn, scope)
        per_day: dict[str, dict[str, int]] = defaultdict(dict)
        for day, kind, n in queries.event_days(conn, scope):
            if len(day) == 10:  # a full YYYY-MM-DD day; "2025-03" is no bar of the chart
                per_day[day][kind] = n
        things = _things(queries.figure_things(conn, scope))
        names = StoreNames(conn)
        talliers = _resolve_speakers(names, queries.speakers(conn, scope))
        keys = {e.id: e.key for e in queries.entities_by_ids(conn, _ids(talliers))}
        disagreements, linked = _disagreements(conn, names, things, scope)
        n_events = queries.event_count(conn, scope)
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


def story_scope(
    store: Store, *, about: str | None = None, since: str | None = None
) -> tuple[queries.Scope, StoryEntity | None]:
    """The reports ``storyline story --about NAME --since DAY`` is about, and that entity.

    Raises:
        StoryError: ``about`` names no entity, or several people ("Clinton"): they are listed.
    """
    if about is None:
        return queries.Scope(since=since), None
    found = find_entity(store, name=about)
    if len(found) > 1:
        listed = "; ".join(f"{e.name} ({n} reports)" for e, n in found)
        raise StoryError(f"{about}: several people have that name ({listed}); name one")
    if not found:
        raise StoryError(f"{about}: no entity of that name in the reports")
    entity = found[0][0]
    with store.engine.connect() as conn:
        row = queries.entity_by_key(conn, entity.key)
    if row is None:
        raise StoryError(f"{about}: no entity of that name in the reports")
    return queries.Scope(entity_id=row.id, since=since), entity


@dataclass(frozen=True, slots=True)
class SpeakerRef:
    """Whose a quote is, as the story names the speaker."""

    speaker: str
    is_anonymous: bool


def speakers_of(
    store: Store, quotes: Sequence[tuple[str | None, str, str | None]]
) -> list[tuple[SpeakerRef, ...]]:
    """Whose each quote is, from its ``(speaker name, speaker type, global entity name)``.

    As the story names them: an anonymous source by its description, a named speaker by its
    global entity (or the one its words resolve to), each speaker of a joint quote ("A; B")
    apart, and no one for a speaker the report could not name (an unresolved "he").
    """
    with store.engine.connect() as conn:
        names = StoreNames(conn)
        loose = names.resolve(
            part
            for name, kind, gname in quotes
            if name and kind != "anonymous" and not gname
            for part in name.split("; ")
        )
    found: list[tuple[SpeakerRef, ...]] = []
    for name, kind, gname in quotes:
        if not name:
            found.append(())
        elif kind == "anonymous":
            found.append((SpeakerRef(anonymous_description(name), True),))
        elif gname and "; " not in name:
            found.append((SpeakerRef(gname, False),))
        else:
            parts = name.split("; ")
            found.append(
                tuple(SpeakerRef(hit[1] if (hit := loose.get(p)) else p, False) for p in parts)
            )
    return found


def speaker_history(
    store: Store,
    tally: SpeakerTally,
    *,
    limit: int | None = None,
    scope: queries.Scope = queries.EVERY,
    newest_first: bool = False,
) -> SpeakerHistory:
    """A speaker's statements, oldest first (the first ``limit``), or newest first."""
    with store.engine.connect() as conn:
        said = queries.statements(
            conn,
            groups=tally.groups,
            anonymous=tally.is_anonymous,
            limit=limit,
            scope=scope,
            newest_first=newest_first,
        )
    return SpeakerHistory(
        tally.speaker,
        tally.speaker_type,
        tally.is_anonymous,
        tuple(_statement(s, tally) for s in said),
    )


def _statement(s: queries.StatementRow, tally: SpeakerTally) -> Statement:
    return Statement(
        speaker=tally.speaker,
        speaker_type=tally.speaker_type,
        is_anonymous=tally.is_anonymous,
        kind=s.kind,
        content=s.content,
        cue=s.cue,
        date=s.date,
        citation=_citation(s.report, s.start, s.end, s.words),
    )


@dataclass(frozen=True, slots=True)
class EventsPage:
    """One page of story events, how many pass the filter, and the names with entity pages."""

    events: tuple[StoryEvent, ...]
    total: int
    dated: int
    types: tuple[str, ...]  # every type the store holds
    named: Mapping[str, str]  # the parties that are global entities: their keys by name


def events_page(store: Store, which: queries.EventFilter, *, offset: int, limit: int) -> EventsPage:
    """The story events that pass the filter, oldest first, ``limit`` from ``offset``."""
    with store.engine.connect() as conn:
        total, dated = queries.event_totals(conn, which)
        rows = queries.story_events(conn, which, newest_first=False, offset=offset, limit=limit)
        types = queries.event_types(conn)
    return EventsPage(
        events=tuple(_event(e) for e in rows),
        total=total,
        dated=dated,
        types=tuple(types),
        named=dict(n for e in rows for n in e.named),
    )


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
            )
        )
    return points, keys


def figure_histories(
    store: Store,
    things: Iterable[Thing],
    *,
    limit: int | None = None,
    scope: queries.Scope = queries.EVERY,
) -> tuple[list[FigureHistory], dict[str, str]]:
    """The values of these counted things, oldest first (the first ``limit`` of each).

    Also the sources among them that are global entities: their keys by name.
    """
    histories: list[FigureHistory] = []
    named: dict[str, str] = {}
    with store.engine.connect() as conn:
        names = StoreNames(conn)
        for thing in things:
            rows = queries.figure_points(conn, thing.written, limit=limit, scope=scope)
            points, keys = _points(names, rows)
            named.update(keys)
            histories.append(FigureHistory(thing.unit, thing.what, tuple(points)))
    return histories, named


def _bounds(row: queries.BoundsRow) -> tuple[float, float]:
    """The highest lower end and lowest upper end of one source's values of one kind."""
    if row.ranged:
        return row.max_low or 0.0, math.inf if row.open_high else (row.min_high or math.inf)
    low_of_max = interval_of(row.max_value, None, None, row.approx)[0]
    high_of_min = interval_of(row.min_value, None, None, row.approx)[1]
    return low_of_max, high_of_min


def _disagreements(
    conn: Connection, names: StoreNames, things: Sequence[Thing], scope: queries.Scope
) -> tuple[list[Disagreement], dict[str, str]]:
    """Every (thing, day) on which two sources give values that cannot both hold.

    Also their sources that are global entities: their keys by name.
    """
    lows: dict[tuple[str, str | None, str], dict[str, float]] = defaultdict(dict)
    highs: dict[tuple[str, str | None, str], dict[str, float]] = defaultdict(dict)
    bounds = queries.figure_bounds(conn, scope)
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
    found = []
    linked: dict[str, str] = {}
    for key in sorted(lows, key=lambda k: (k[0], k[1] or "", k[2])):
        if not sources_conflict(lows[key], highs[key]):
            continue
        thing = by_thing[(key[0], key[1])]
        rows = queries.figure_points(conn, thing.written, day=key[2], scope=scope)
        points, keys = _points(names, rows)
        found.append(Disagreement(key[0], key[1], key[2], tuple(sorted(points, key=point_order))))
        linked.update(keys)
    found.sort(key=lambda d: (f"{d.unit} {d.what}" if d.what else d.unit, d.date))
    return found, linked


COMPANY = 15  # entities listed as named with an entity
COMPANY_REPORTS = 1_000  # its newest reports that company is counted over


@dataclass(frozen=True, slots=True)
class EntityPage:
    """What one entity page shows, read from the store."""

    entity: StoryEntity
    n_reports: int
    history: SpeakerHistory | None  # its first ``shown`` statements
    n_statements: int
    as_actor: tuple[StoryEvent, ...]
    as_target: tuple[StoryEvent, ...]
    figures: tuple[FigureHistory, ...]
    reports: tuple[queries.ReportRow, ...]
    cooccurring: tuple[tuple[StoryEntity, int], ...]
    named: Mapping[str, str]  # the names on the page that are global entities: their keys


def _entity(row: queries.EntityRow) -> StoryEntity:
    return StoryEntity(
        key=row.key,
        name=row.name,
        type=row.type,
        variants=tuple(sorted(row.aliases or (row.name,))),
        reports=(),
        n_mentions=0,  # not counted here: the page says how many reports name it
    )


def find_entity(
    store: Store, *, key: str | None = None, name: str | None = None
) -> list[tuple[StoryEntity, int]]:
    """The entity of a key, or the ones a name could be, with how many reports name each.

    A name is looked up as ``storyline story --about`` looks it up: its own global entity when
    the store resolved it to one, else the one person whose full name it ends, else the entity
    whose key it is. A bare surname that ends several people's names ("Clinton") gives them all.
    """
    with store.engine.connect() as conn:
        if key is not None:
            row = queries.entity_by_key(conn, key)
            return [(_entity(row), row.reports)] if row else []
        if not name:
            return []
        k = name_key(normalize_name(name))
        owners = queries.surname_owners(conn, surname(k)) if len(k.split()) == 1 else []
        if len(owners) > 1:
            return [(_entity(r), r.reports) for r in owners]
        gid = queries.global_id_of_name(conn, k)
        rows = queries.entities_by_ids(conn, [gid]) if gid is not None else owners
        if not rows:
            row = queries.entity_by_key(conn, k)
            rows = [row] if row else []
    return [(_entity(r), r.reports) for r in rows]


def entity_page(store: Store, entity: StoryEntity, *, shown: int) -> EntityPage:
    """An entity's page: its reports, statements, events, figures and company (``shown`` each)."""
    with store.engine.connect() as conn:
        row = queries.entity_by_key(conn, entity.key)
        if row is None:
            raise LookupError(entity.key)
        newest = queries.entity_reports(conn, row, limit=max(shown, COMPANY_REPORTS))
        said = queries.statements(conn, speaker_global=row.id, limit=shown)
        n_said = queries.statement_count(conn, speaker_global=row.id)
        actor = queries.story_events(
            conn, queries.EventFilter(row, "actor"), newest_first=True, limit=shown
        )
        target = queries.story_events(
            conn, queries.EventFilter(row, "target"), newest_first=True, limit=shown
        )
        figures = queries.figure_points(conn, (), source_global=row.id, limit=shown)
        points, _ = _points(StoreNames(conn), figures)
        company = queries.cooccurring(
            conn, row, [r.id for r in newest[:COMPANY_REPORTS]], top=COMPANY
        )
    history = (
        SpeakerHistory(
            said[0].speaker,
            said[0].speaker_type,
            False,
            tuple(
                Statement(
                    s.speaker,
                    s.speaker_type,
                    False,
                    s.kind,
                    s.content,
                    s.cue,
                    s.date,
                    _citation(s.report, s.start, s.end, s.words),
                )
                for s in said
            ),
        )
        if said
        else None
    )
    by_thing: dict[tuple[str, str | None], list[FigurePoint]] = defaultdict(list)
    for f, point in zip(figures, points, strict=True):
        by_thing[thing_of(f.unit, f.what)].append(point)
    return EntityPage(
        entity=_entity(row),
        n_reports=row.reports,
        history=history,
        n_statements=n_said,
        as_actor=tuple(_event(e) for e in actor),
        as_target=tuple(_event(e) for e in target),
        figures=tuple(FigureHistory(u, w, tuple(p)) for (u, w), p in by_thing.items()),
        reports=tuple(newest[:shown]),
        cooccurring=tuple((_entity(e), n) for e, n in company),
        named={
            **dict(n for e in (*actor, *target) for n in e.named),
            **{f.source: f.source_key for f in figures if f.source and f.source_key},
        },
    )


def _event(e: queries.EventRow) -> StoryEvent:
    citations = (_citation(*e.first),) if e.first else ()
    return StoryEvent(
        type=e.type,
        actor=e.actor,
        target=e.target,
        date=e.date,
        place=e.place,
        statuses=e.statuses,
        citations=citations,
        told=e.reports,
    )
