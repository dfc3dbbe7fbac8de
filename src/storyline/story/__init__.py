"""The story layer: entities resolved, events merged, figures and speakers traced across reports."""

from storyline.story.citation import Citation
from storyline.story.entities import EntityResolver, StoryEntity, resolve_entities
from storyline.story.events import StoryEvent, dedupe_events
from storyline.story.figures import (
    Disagreement,
    FigureHistory,
    FigurePoint,
    figure_histories,
    find_disagreements,
)
from storyline.story.frames import FRAMES
from storyline.story.speakers import SpeakerHistory, Statement, anonymous_share, speaker_histories
from storyline.story.story import Story, StoryError, build_story, load_story
from storyline.story.timeline import timeline

__all__ = [
    "FRAMES",
    "Citation",
    "Disagreement",
    "EntityResolver",
    "FigureHistory",
    "FigurePoint",
    "SpeakerHistory",
    "Statement",
    "Story",
    "StoryEntity",
    "StoryError",
    "StoryEvent",
    "anonymous_share",
    "build_story",
    "dedupe_events",
    "figure_histories",
    "find_disagreements",
    "load_story",
    "resolve_entities",
    "speaker_histories",
    "timeline",
]
