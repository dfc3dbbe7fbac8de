"""The story's timeline: its dated events in order, the most reported first on a day."""

from __future__ import annotations

from collections.abc import Iterable

from storyline.story.events import StoryEvent

__all__ = ["timeline"]


def timeline(
    events: Iterable[StoryEvent], *, since: str | None = None, include_negated: bool = False
) -> list[StoryEvent]:
    """Return the dated events, oldest first; an event only ever negated is left out.

    Args:
        events: de-duplicated story events.
        since: keep events on or after this ISO date.
        include_negated: keep events every report says did not happen.
    """
    kept = [
        e
        for e in events
        if e.date
        and (since is None or e.date >= since)
        and (include_negated or set(e.statuses) != {"negated"})
    ]
    kept.sort(key=lambda e: (e.date or "", -e.n_reports, e.type))
    return kept
