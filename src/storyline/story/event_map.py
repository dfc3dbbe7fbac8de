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

from storyline.story.places import (
    Gazetteer,
    Place,
    Resolution,
    ResolutionStatus,
    gazetteer,
    report_evidence,
)
from storyline.story.story import Story

__all__ = ["EventMap", "MappedPlace", "UnplacedName", "map_events"]


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

    resolutions: tuple[Resolution | None, ...]  # one per ``Story.events``; None: no place given
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
    return _count(resolutions)


def _agreed(gaz: Gazetteer, name: str, evidence: list[tuple[Place, ...]]) -> Resolution:
    """Resolve with each report's evidence: one place if those that settle it agree."""
    plain = gaz.resolve(name)
    if plain.status != "ambiguous":
        return plain
    settled = {r.place.key: r for e in evidence if (r := gaz.resolve(name, evidence=e)).place}
    return next(iter(settled.values())) if len(settled) == 1 else plain


def _count(resolutions: list[Resolution | None]) -> EventMap:
    counts: Counter[str] = Counter()
    names: Mapping[str, dict[str, None]] = defaultdict(dict)
    places: dict[str, Place] = {}
    unplaced: Counter[tuple[ResolutionStatus, str]] = Counter()
    candidates: dict[str, tuple[Place, ...]] = {}
    for r in resolutions:
        if r is None:
            continue
        if r.place is not None:
            counts[r.place.key] += 1
            names[r.place.key][r.name] = None
            places[r.place.key] = r.place
        else:
            unplaced[(r.status, r.name)] += 1
            candidates[r.name] = r.candidates
    mapped = tuple(
        MappedPlace(places[key], n, tuple(names[key]))
        for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], places[kv[0]].label))
    )
    by_count = sorted(unplaced.items(), key=lambda kv: (-kv[1], kv[0][1]))
    return EventMap(
        resolutions=tuple(resolutions),
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
        n_no_place=sum(1 for r in resolutions if r is None),
    )
