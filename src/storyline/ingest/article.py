"""Article: one report as read, before any language processing.

Offsets are Python ``str`` indices into ``text`` exactly as read (for plain text the decoded
file, untouched; for HTML and JSON the text storyline composed, which the record carries).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

__all__ = ["Article", "CaptionSpan", "Layout", "article_id"]

Range = tuple[int, int]


@dataclass(frozen=True, slots=True)
class CaptionSpan:
    """A photo caption spliced into the text, and the agency credit that ends it."""

    start: int
    end: int
    credit: str | None = None
    credit_start: int | None = None
    credit_end: int | None = None

    def shifted(self, by: int) -> CaptionSpan:
        """Return the same caption ``by`` characters further on (text was put before it)."""
        return CaptionSpan(
            self.start + by,
            self.end + by,
            self.credit,
            None if self.credit_start is None else self.credit_start + by,
            None if self.credit_end is None else self.credit_end + by,
        )


@dataclass(frozen=True, slots=True)
class Layout:
    """What is not body in a text: the section kicker, the headline and the captions."""

    section: Range | None = None
    headline: Range | None = None
    captions: tuple[CaptionSpan, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """One report: its text, what is not body in it, and the facts known about it."""

    source: str
    text: str
    layout: Layout = field(default_factory=Layout)
    published: date | None = None
    url: str | None = None
    outlet: str | None = None
    byline: str | None = None
    encoding: str | None = None
    kind: str = "text"

    @property
    def id(self) -> str:
        """A stable id: a hash of the text."""
        return article_id(self.text)

    @property
    def masked(self) -> tuple[Range, ...]:
        """Ranges kept out of body analysis: section, headline, captions with credits."""
        ranges = [r for r in (self.layout.section, self.layout.headline) if r is not None]
        for c in self.layout.captions:
            end = c.credit_end or c.end
            while end < len(self.text) and self.text[end] in ")]":  # "(AP Photo/Jo Kim)"
                end += 1
            ranges.append((c.start, end))
        return tuple(sorted(ranges))


def article_id(text: str) -> str:
    """Return the content hash that identifies a text (first 16 hex of SHA-256)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
