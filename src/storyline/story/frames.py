"""The story as pandas DataFrames: one row per item, with the report and offsets behind it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from storyline.story.citation import Citation

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped]  # no pandas-stubs pinned

    from storyline.story.story import Story

__all__ = ["FRAMES", "story_frame"]


def _cite(c: Citation) -> dict[str, Any]:
    return {f"report_{k}" if k in ("source",) else k: v for k, v in asdict(c).items()}


def _timeline(story: Story, *, all_events: bool = False) -> list[dict[str, Any]]:
    events = story.events if all_events else story.timeline
    return [
        {
            "date": e.date,
            "type": e.type,
            "actor": e.actor,
            "target": e.target,
            "place": e.place,
            "statuses": ", ".join(e.statuses),
            "n_reports": e.n_reports,
            "outlets": ", ".join(e.outlets),
        }
        | _cite(c)
        for e in events
        for c in e.citations
    ]


def _figures(story: Story) -> list[dict[str, Any]]:
    return [
        {
            "unit": h.unit,
            "what": h.what,
            "date": p.date,
            "value": p.value,
            "low": p.low,
            "high": p.high,
            "approx": p.approx,
            "shown": p.shown,
            "said_by": p.said_by,
            "source": p.source,
        }
        | _cite(p.citation)
        for h in story.figures
        for p in h.points
    ]


def _disagreements(story: Story) -> list[dict[str, Any]]:
    return [
        {"unit": d.unit, "what": d.what, "date": d.date, "shown": p.shown, "said_by": p.said_by}
        | _cite(p.citation)
        for d in story.disagreements
        for p in d.points
    ]


def _statements(story: Story) -> list[dict[str, Any]]:
    return [
        {
            "speaker": s.speaker,
            "speaker_type": s.speaker_type,
            "is_anonymous": s.is_anonymous,
            "date": s.date,
            "kind": s.kind,
            "content": s.content,
            "cue": s.cue,
        }
        | _cite(s.citation)
        for h in story.speakers
        for s in h.statements
    ]


def _speakers(story: Story) -> list[dict[str, Any]]:
    return [
        {
            "speaker": h.speaker,
            "speaker_type": h.speaker_type,
            "is_anonymous": h.is_anonymous,
            "n_statements": len(h.statements),
            "outlets": ", ".join(h.outlets),
            "first": h.statements[0].date,
            "last": h.statements[-1].date,
        }
        for h in story.speakers
    ]


def _entities(story: Story) -> list[dict[str, Any]]:
    return [
        {
            "name": e.name,
            "type": e.type,
            "n_reports": len(e.reports),
            "n_mentions": e.n_mentions,
            "variants": ", ".join(e.variants),
        }
        for e in story.entities
    ]


FRAMES: dict[str, Callable[[Story], list[dict[str, Any]]]] = {
    "timeline": _timeline,
    "events": lambda s: _timeline(s, all_events=True),
    "figures": _figures,
    "disagreements": _disagreements,
    "statements": _statements,
    "speakers": _speakers,
    "entities": _entities,
}


_CITE = ["report_id", "report_source", "outlet", "published", "start", "end", "text"]
# Column names of each view, so that an empty view still has them.
COLUMNS: dict[str, list[str]] = {
    "timeline": [
        *("date", "type", "actor", "target", "place", "statuses", "n_reports", "outlets"),
        *_CITE,
    ],
    "figures": [
        *("unit", "what", "date", "value", "low", "high", "approx", "shown", "said_by"),
        *("source", *_CITE),
    ],
    "disagreements": ["unit", "what", "date", "shown", "said_by", *_CITE],
    "statements": [
        *("speaker", "speaker_type", "is_anonymous", "date", "kind", "content", "cue"),
        *_CITE,
    ],
    "speakers": [
        *("speaker", "speaker_type", "is_anonymous", "n_statements", "outlets", "first", "last"),
    ],
    "entities": ["name", "type", "n_reports", "n_mentions", "variants"],
}
COLUMNS["events"] = COLUMNS["timeline"]


def story_frame(story: Story, name: str) -> pd.DataFrame:
    """Return the DataFrame of one view of the story (see ``FRAMES``).

    Raises:
        StoryError: an unknown view name.
    """
    import pandas as pd

    from storyline.story.story import StoryError

    if name not in FRAMES:
        raise StoryError(f"{name}: no such story view; choose one of {', '.join(FRAMES)}")
    return pd.DataFrame(FRAMES[name](story), columns=COLUMNS[name])
