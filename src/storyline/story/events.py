"""Event de-duplication: one story event per (type, actor, target, date), with all its reports.

Several outlets telling the same event give several record events; their actors and targets
go through entity resolution first, so "Castell" and "Gov. Miriam Castell" agree (by their
record entity when the event carries its id, ``entities.keyed_name``). An event
with no date is never merged: without a date two reports of "X attacked Y" may well be two
attacks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from storyline.record.model import ArticleRecord
from storyline.story.citation import Citation, cite
from storyline.story.entities import EntityResolver, keyed_name

__all__ = ["StoryEvent", "dedupe_events"]


@dataclass(frozen=True, slots=True)
class StoryEvent:
    """One event as all its reports tell it."""

    type: str
    actor: str | None
    target: str | None
    date: str | None
    place: str | None
    statuses: tuple[str, ...]
    citations: tuple[Citation, ...]

    @property
    def n_reports(self) -> int:
        """How many reports tell this event."""
        return len({c.report_id for c in self.citations})

    @property
    def outlets(self) -> tuple[str, ...]:
        """The outlets that reported it, in order of first report."""
        return tuple(dict.fromkeys(c.outlet for c in self.citations if c.outlet))


def dedupe_events(records: Iterable[ArticleRecord], resolver: EntityResolver) -> list[StoryEvent]:
    """Merge the events of every record that share type, actor, target and date.

    Returns:
        Story events, dated ones by date then undated, each with every report's span.
    """
    groups: dict[tuple[str, ...], list[tuple[ArticleRecord, int]]] = {}
    for rec in records:
        for i, e in enumerate(rec.events):
            actor = resolver.key(*keyed_name(rec, e.actor, e.actor_entity)) or ""
            target = resolver.key(*keyed_name(rec, e.target, e.target_entity)) or ""
            if e.date:
                key: tuple[str, ...] = (e.type.upper(), actor, target, e.date)
            else:
                key = (e.type.upper(), actor, target, "", rec.id, str(i))
            groups.setdefault(key, []).append((rec, i))
    events = []
    for items in groups.values():
        first_rec, first_i = items[0]
        first = first_rec.events[first_i]
        places = [rec.events[i].place for rec, i in items if rec.events[i].place]
        events.append(
            StoryEvent(
                type=first.type,
                actor=resolver.name(*keyed_name(first_rec, first.actor, first.actor_entity)),
                target=resolver.name(*keyed_name(first_rec, first.target, first.target_entity)),
                date=first.date,
                place=places[0] if places else None,
                statuses=tuple(dict.fromkeys(rec.events[i].status for rec, i in items)),
                citations=tuple(
                    cite(rec, rec.events[i].start, rec.events[i].end) for rec, i in items
                ),
            )
        )
    events.sort(key=lambda e: (e.date is None, e.date or "", -e.n_reports, e.type))
    return events
