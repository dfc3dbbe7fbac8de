"""Event de-duplication: one story event per (type, actor, target, date), with all its reports.

Several outlets telling the same event give several record events; their actors and targets
go through entity resolution first, so "Castell" and "Gov. Miriam Castell" agree (by their
record entity when the event carries its id, ``entities.keyed_name``). An event
with no date is never merged: without a date two reports of "X attacked Y" may well be two
attacks.

A report that leaves out the target ("the governor ordered an inquiry") tells the same act as
one that names it ("... an inquiry into the dam") when it is the only such act of that type by
that actor on that day; so with the actor. With two candidates it stays apart: which one it
tells is not known.
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
    # How many reports tell it, when ``citations`` keeps only the first (``story.summary``).
    told: int = 0

    @property
    def n_reports(self) -> int:
        """How many reports tell this event."""
        return self.told or len({c.report_id for c in self.citations})

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
    _fold_unnamed(groups)
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


def _fold_unnamed(groups: dict[tuple[str, ...], list[tuple[ArticleRecord, int]]]) -> None:
    """Merge a dated group missing its target (or actor) into the one group that names it.

    Keys are ``(type, actor, target, date)``; an empty string is an unnamed argument.
    """
    for slot in (2, 1):  # the target first: "ordered an inquiry" beside "... into the dam"
        for key in [k for k in groups if len(k) == 4 and k[slot] == ""]:
            other = 1 if slot == 2 else 2
            named = [
                k for k in groups
                if len(k) == 4 and k[slot] != ""
                and (k[0], k[other], k[3]) == (key[0], key[other], key[3])
            ]  # fmt: skip
            if len(named) == 1 and (key[other] != "" or slot == 2):
                groups[named[0]].extend(groups.pop(key))
