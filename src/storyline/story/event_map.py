"""The map of a story's events: each event's place resolved, counted per place.

An event is told by one report or several; each report is its own evidence (its dateline and
the places it names, ``Story.place_names``). The event's place name is resolved with each
report's evidence in turn (``storyline.story.places``): it is placed when the reports that
settle it agree on one place, and stays unplaced when none does or two settle it differently.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from storyline.store import queries
from storyline.store.store import Store
from storyline.story.places import (
    Gazetteer,
    Place,
    Resolution,
    ResolutionStatus,
    gazetteer,
    report_evidence,
)
from storyline.story.story import PLACE_TYPES, Story

__all__ = ["EventMap", "MappedPlace", "UnplacedName", "map_events", "map_store"]


@dataclass(frozen=True, slots=True)
class MappedPlace:
    """One place on the map, with how many events happened there and the names they used."""

    place: Place
    n_events: int
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class UnplacedName:
    """A place name no event could be placed at: ``ambiguous`` (with candidates) or ``unknown``."""

    name: str
    status: ResolutionStatus
    n_events: int
    candidates: tuple[Place, ...]


@dataclass(frozen=True, slots=True)
class EventMap:
    """Where the story's events happened, and which of them the gazetteer cannot place."""

    # One per ``Story.events`` (None: no place given); empty for a store's map (``map_store``).
    resolutions: tuple[Resolution | None, ...]
    places: tuple[MappedPlace, ...]  # most events first
    ambiguous: tuple[UnplacedName, ...]  # most events first
    unknown: tuple[UnplacedName, ...]  # most events first
    n_no_place: int  # events whose reports give no place at all

    @property
    def n_placed(self) -> int:
        """Events drawn on the map."""
        return sum(p.n_events for p in self.places)

    @property
    def n_ambiguous(self) -> int:
        """Events at a name that could be several places."""
        return sum(u.n_events for u in self.ambiguous)

    @property
    def n_unknown(self) -> int:
        """Events at a name the gazetteer does not have."""
        return sum(u.n_events for u in self.unknown)

    def place(self, key: str) -> Place | None:
        """The mapped place with this key ("city:2988507"), if any event is there."""
        return next((p.place for p in self.places if p.place.key == key), None)

    def names_at(self, key: str) -> tuple[str, ...]:
        """The reports' names for the mapped place with this key ("Kyiv", "Kiev")."""
        return next((p.names for p in self.places if p.place.key == key), ())


def map_events(story: Story, *, gaz: Gazetteer | None = None) -> EventMap:
    """Resolve the place of every event of a story and count the events per place.

    Args:
        story: a built story (``build_story`` or ``load_story``).
        gaz: the gazetteer; the process's own (read on first use) by default.
    """
    gaz = gaz or gazetteer()
    evidence: dict[str, tuple[Place, ...]] = {}

    def evidence_of(report_id: str) -> tuple[Place, ...]:
        if report_id not in evidence:
            evidence[report_id] = report_evidence(story.place_names.get(report_id, ()), gaz)
        return evidence[report_id]

    resolutions: list[Resolution | None] = []
    for event in story.events:
        if not event.place:
            resolutions.append(None)
            continue
        reports = dict.fromkeys(c.report_id for c in event.citations)
        resolutions.append(_agreed(gaz, event.place, [evidence_of(r) for r in reports]))
    return _count([(r, 1) for r in resolutions], tuple(resolutions))


def map_store(store: Store, *, gaz: Gazetteer | None = None) -> EventMap:
    """Resolve the places of every story event in a store, from SQL, and count them per place.

    As ``map_events`` does, without building the story: a place name that resolves on its own
    is counted once for each story event that gives it; only the events at an ambiguous name
    are read one by one, with their reports' datelines and named places as evidence. A story
    event whose reports give two place names counts at both. ``resolutions`` is empty (there
    is no list of story events to align it with): ask the events page by place names instead.
    """
    gaz = gaz or gazetteer()
    with store.engine.connect() as conn:
        named = queries.event_places(conn)
        n_events = queries.event_count(conn)
        plain = {name: gaz.resolve(name) for name, _ in named}
        ambiguous = sorted(n for n, r in plain.items() if r.status == "ambiguous")
        tellings = queries.place_tellings(conn, ambiguous)
        places_of = queries.report_places(conn, [r for *_, r in tellings], sorted(PLACE_TYPES))
    weighted: list[tuple[Resolution | None, int]] = [
        (plain[name], n) for name, n in named if plain[name].status != "ambiguous"
    ]
    reports: dict[tuple[str, str], list[str]] = defaultdict(list)
    for place, group, report_id in tellings:
        reports[(place, group)].append(report_id)
    evidence = {rid: report_evidence(names, gaz) for rid, names in places_of.items()}
    for (place, _), rids in sorted(reports.items()):
        weighted.append((_agreed(gaz, place, [evidence.get(r, ()) for r in rids]), 1))
    placed = sum(n for _, n in named)
    return _count(weighted, (), n_no_place=max(0, n_events - placed))


def _agreed(gaz: Gazetteer, name: str, evidence: list[tuple[Place, ...]]) -> Resolution:
    """Resolve with each report's evidence: one place if those that settle it agree."""
    plain = gaz.resolve(name)
    if plain.status != "ambiguous":
        return plain
    settled = {r.place.key: r for e in evidence if (r := gaz.resolve(name, evidence=e)).place}
    return next(iter(settled.values())) if len(settled) == 1 else plain


def _count(
    weighted: list[tuple[Resolution | None, int]],
    resolutions: tuple[Resolution | None, ...],
    *,
    n_no_place: int | None = None,
) -> EventMap:
    """Count resolutions (each standing for ``n`` story events) per place and per name."""
    counts: Counter[str] = Counter()
    names: Mapping[str, dict[str, None]] = defaultdict(dict)
    places: dict[str, Place] = {}
    unplaced: Counter[tuple[ResolutionStatus, str]] = Counter()
    candidates: dict[str, tuple[Place, ...]] = {}
    for r, n in weighted:
        if r is None:
            continue
        if r.place is not None:
            counts[r.place.key] += n
            names[r.place.key][r.name] = None
            places[r.place.key] = r.place
        else:
            unplaced[(r.status, r.name)] += n
            candidates[r.name] = r.candidates
    mapped = tuple(
        MappedPlace(places[key], n, tuple(names[key]))
        for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], places[kv[0]].label))
    )
    by_count = sorted(unplaced.items(), key=lambda kv: (-kv[1], kv[0][1]))
    return EventMap(
        resolutions=resolutions,
        places=mapped,
        ambiguous=tuple(
            UnplacedName(name, status, n, candidates[name])
            for (status, name), n in by_count
            if status == "ambiguous"
        ),
        unknown=tuple(
            UnplacedName(name, status, n, ())
            for (status, name), n in by_count
            if status == "unknown"
        ),
        n_no_place=sum(n for r, n in weighted if r is None) if n_no_place is None else n_no_place,
    )
