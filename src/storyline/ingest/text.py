"""Plain text (.txt): decoded, never stripped or normalised; layout found in place."""

from __future__ import annotations

from datetime import date

from storyline.ingest.article import Article
from storyline.ingest.captions import detect_layout

__all__ = ["read_text"]


def read_text(
    source: str,
    text: str,
    *,
    encoding: str | None = None,
    published: date | None = None,
    url: str | None = None,
    outlet: str | None = None,
) -> Article:
    """Return the Article of a plain-text report, its kicker, headline and captions located.

    The text is kept exactly as given, so offsets into the file apply to the record.
    """
    return Article(
        source=source,
        text=text,
        layout=detect_layout(text),
        published=published,
        url=url,
        outlet=outlet,
        encoding=encoding,
        kind="text",
    )
