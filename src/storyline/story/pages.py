"""One page's rows from the store (issue 16): an entity, a speaker, a page of events, a scope.

The summary (``storyline.story.summary``) is the story as a whole; these read what one page
or one readout shows, as the story's own objects (``StoryEntity``, ``SpeakerHistory``,
``StoryEvent``), each from a few queries over the store's query API, never from records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from storyline.extract.entities import name_key, normalize_name, surname
from storyline.store import queries
from storyline.store.reading import read_together
from storyline.store.store import Store
from storyline.story.entities import StoryEntity
from storyline.story.events import StoryEvent
from storyline.story.figures import (
    FigureHistory,
    FigurePoint,
    thing_of,
)
from storyline.story.speakers import SpeakerHistory, Statement, anonymous_description
from storyline.story.store_names import StoreNames
from storyline.story.story import StoryError
from storyline.story.summary import SpeakerTally, _citation, _points

__all__ = [
    "COMPANY",
    "COMPANY_REPORTS",
    "EntityPage",
    "EventsPage",
    "SpeakerRef",
    "entity_page",
    "events_page",
    "find_entity",
    "speaker_history",
    "speakers_of",
    "story_scope",
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
        listed = "; ".join(f"{e.name} ({n} report{'' if n == 1 else 's'})" for e, n in found)
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
        tuple(_statement(s, tally.speaker, tally.speaker_type, tally.is_anonymous) for s in said),
    )


def _statement(
    s: queries.StatementRow, speaker: str, speaker_type: str, is_anonymous: bool
) -> Statement:
    return Statement(
        speaker=speaker,
        speaker_type=speaker_type,
        is_anonymous=is_anonymous,
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
    """An entity's page: its reports, statements, events, figures and company (``shown`` each).

    Its queries are read on two connections at once (``store.reading``), the longest first.
    """
    with store.engine.connect() as conn:
        row = queries.entity_by_key(conn, entity.key)
    if row is None:
        raise LookupError(entity.key)
    found = row

    def company(conn: Connection) -> tuple[list[queries.ReportRow], list[Any]]:
        newest = queries.entity_reports(conn, found, limit=max(shown, COMPANY_REPORTS))
        ids = [r.id for r in newest[:COMPANY_REPORTS]]
        return newest, queries.cooccurring(conn, found, ids, top=COMPANY)

    def figures(conn: Connection) -> tuple[list[queries.FigureRow], list[FigurePoint]]:
        rows = queries.figure_points(conn, (), source_global=found.id, limit=shown)
        return rows, _points(StoreNames(conn), rows)[0]

    def events(role: str) -> Callable[[Connection], list[queries.EventRow]]:
        which = queries.EventFilter(found, role)
        return lambda conn: queries.story_events(conn, which, newest_first=True, limit=shown)

    actor, said, (newest, cooccurring), target, (figure_rows, points), n_said = read_together(
        store,
        [
            events("actor"),
            lambda conn: queries.statements(conn, speaker_global=found.id, limit=shown),
            company,
            events("target"),
            figures,
            lambda conn: queries.statement_count(conn, speaker_global=found.id),
        ],
    )
    history = (
        SpeakerHistory(
            said[0].speaker,
            said[0].speaker_type,
            False,
            tuple(_statement(s, s.speaker, s.speaker_type, False) for s in said),
        )
        if said
        else None
    )
    by_thing: dict[tuple[str, str | None], list[FigurePoint]] = defaultdict(list)
    for f, point in zip(figure_rows, points, strict=True):
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
        cooccurring=tuple((_entity(e), n) for e, n in cooccurring),
        named={
            **dict(n for e in (*actor, *target) for n in e.named),
            **{f.source: f.source_key for f in figure_rows if f.source and f.source_key},
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
