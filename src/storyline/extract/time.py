"""Date mentions resolved against the publication date under news rules."""

from __future__ import annotations

from spacy.tokens import Doc

from storyline.extract.context import Context
from storyline.record.model import DateMention

__all__ = ["extract_dates"]


def extract_dates(doc: Doc, ctx: Context) -> list[DateMention]:
    """Return every temporal expression of the body with its resolved ISO value."""
    return []
