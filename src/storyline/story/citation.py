"""Citation: where a story item comes from, down to its characters in one report."""

from __future__ import annotations

from dataclasses import dataclass

from storyline.record.model import ArticleRecord

__all__ = ["Citation", "cite"]


@dataclass(frozen=True, slots=True)
class Citation:
    """One report's words behind a story item: ``text == report text[start:end]``."""

    report_id: str
    source: str
    outlet: str | None
    published: str | None
    start: int
    end: int
    text: str


def cite(record: ArticleRecord, start: int, end: int) -> Citation:
    """Return the citation of ``record.text[start:end]``."""
    return Citation(
        report_id=record.id,
        source=record.source,
        outlet=record.outlet,
        published=record.published,
        start=start,
        end=end,
        text=record.text[start:end],
    )
