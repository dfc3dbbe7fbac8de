"""Mentions to in-document entities, with roles and pronoun and description links."""

from __future__ import annotations

from spacy.tokens import Doc

from storyline.extract.context import Context
from storyline.record.model import Entity

__all__ = ["extract_entities"]


def extract_entities(doc: Doc, ctx: Context) -> list[Entity]:
    """Return the people, organisations and places of the body with all their mentions."""
    return []
