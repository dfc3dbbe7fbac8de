"""Article: one report as read, before any language processing.

Offsets are Python ``str`` indices into ``text`` exactly as read (for plain text the decoded
file, untouched; for HTML and JSON the text storyline composed, which the record carries).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

__all__ = [
    "Article",
    "BylineSpan",
    "CaptionSpan",
    "DatelineSpan",
    "DebrisSpan",
    "Layout",
    "PublishedFrom",
    "article_id",
]

Range = tuple[int, int]
PublishedFrom = Literal["argument", "metadata", "text"]


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
class BylineSpan:
    """The byline line ("By Jane Roe and John Doe") and the names it gives."""

    start: int
    end: int
    names: tuple[str, ...] = ()

    def shifted(self, by: int) -> BylineSpan:
        """Return the same byline ``by`` characters further on."""
        return BylineSpan(self.start + by, self.end + by, self.names)


@dataclass(frozen=True, slots=True)
class DatelineSpan:
    """The dateline opening the first paragraph ("ROME (AP) —"), its place and agency."""

    start: int
    end: int
    place: str | None = None
    agency: str | None = None

    def shifted(self, by: int) -> DatelineSpan:
        """Return the same dateline ``by`` characters further on."""
        return DatelineSpan(self.start + by, self.end + by, self.place, self.agency)


@dataclass(frozen=True, slots=True)
class DebrisSpan:
    """Page debris: a line (or run of lines) the page showed that is not the report.

    ``kind`` says what it is: ``advertisement``, ``interface`` ("Continue reading the main
    story"), ``gallery`` (a gallery marker, counter or video title), ``credit`` (a photo credit
    line beyond the one a caption carries), ``published`` (a publication or update time),
    ``subhead`` (a crosshead between paragraphs), ``contributors`` ("(Reporting by ...)").
    """

    start: int
    end: int
    kind: str

    def shifted(self, by: int) -> DebrisSpan:
        """Return the same span ``by`` characters further on."""
        return DebrisSpan(self.start + by, self.end + by, self.kind)


@dataclass(frozen=True, slots=True)
class Layout:
    """What is not body in a text: kicker, headline, captions, byline, dateline, page debris.

    ``published_at`` is the date of a publication line ("Published March 3, 2025"), the
    characters a publication date can be read from when the input gives none.
    """

    section: Range | None = None
    headline: Range | None = None
    captions: tuple[CaptionSpan, ...] = ()
    byline: BylineSpan | None = None
    dateline: DatelineSpan | None = None
    boilerplate: tuple[DebrisSpan, ...] = ()
    published_at: Range | None = None

    def shifted(self, by: int) -> Layout:
        """Return the same layout ``by`` characters further on (text was put before it)."""

        def move(rng: Range | None) -> Range | None:
            return None if rng is None else (rng[0] + by, rng[1] + by)

        return Layout(
            section=move(self.section),
            headline=move(self.headline),
            captions=tuple(c.shifted(by) for c in self.captions),
            byline=None if self.byline is None else self.byline.shifted(by),
            dateline=None if self.dateline is None else self.dateline.shifted(by),
            boilerplate=tuple(b.shifted(by) for b in self.boilerplate),
            published_at=move(self.published_at),
        )


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
    published_span: Range | None = None  # where ``published`` was read in the text, if it was
    # Where ``published`` came from: "argument" (--published, read(published=)), "metadata"
    # (HTML, JSON or feed fields), "text" (a "Published ..." line or a dated dateline).
    published_from: PublishedFrom | None = None

    @property
    def id(self) -> str:
        """A stable id: a hash of the text."""
        return article_id(self.text)

    @property
    def masked(self) -> tuple[Range, ...]:
        """Ranges kept out of body analysis, sorted and disjoint.

        Section, headline, captions with credits, byline, dateline and page debris. The
        dateline masks only its own characters: the rest of its paragraph stays body.
        """
        layout = self.layout
        ranges = [r for r in (layout.section, layout.headline) if r is not None]
        for c in layout.captions:
            end = c.credit_end or c.end
            while end < len(self.text) and self.text[end] in ")]":  # "(AP Photo/Jo Kim)"
                end += 1
            ranges.append((c.start, end))
        ranges += [(s.start, s.end) for s in (layout.byline, layout.dateline) if s is not None]
        ranges += [(b.start, b.end) for b in layout.boilerplate]
        return _merged(ranges)


def _merged(ranges: list[Range]) -> tuple[Range, ...]:
    """Sort ranges and join those that overlap: readers bisect them and expect no overlap."""
    out: list[Range] = []
    for start, end in sorted(ranges):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def article_id(text: str) -> str:
    """Return the content hash that identifies a text (first 16 hex of SHA-256)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
