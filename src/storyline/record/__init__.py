"""The record layer: typed article records and their JSON form."""

from storyline.record.io import dumps, loads
from storyline.record.model import (
    SCHEMA,
    ArticleRecord,
    Caption,
    DateMention,
    Entity,
    Event,
    Figure,
    Mention,
    Quote,
    Span,
)

__all__ = [
    "SCHEMA",
    "ArticleRecord",
    "Caption",
    "DateMention",
    "Entity",
    "Event",
    "Figure",
    "Mention",
    "Quote",
    "Span",
    "dumps",
    "loads",
]
