"""Plain text (.txt): decoded, never stripped or normalised; layout found in place."""

from __future__ import annotations

from datetime import date

from storyline.ingest.article import Article, PublishedFrom
from storyline.ingest.captions import detect_layout
from storyline.ingest.debris import dated_range, published_date

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
    """Return the Article of a plain-text report, its layout and page debris located.

    The text is kept exactly as given, so offsets into the file apply to the record. With no
    publication date given, the date of a publication line ("Published 4 June 2019") is used,
    else the date a dateline carries, and ``published_span`` says where it was read; a byline
    found in the text names the authors.
    """
    layout = detect_layout(text)
    published_span = None
    published_from: PublishedFrom | None = "argument" if published is not None else None
    if published is None and layout.published_at is not None:
        start, end = layout.published_at
        published = published_date(text[start:end])
        published_span = layout.published_at if published is not None else None
    if published is None and layout.dateline is not None:
        found = dated_range(text, layout.dateline.start, layout.dateline.end)
        if found is not None:  # "VALMORA, March 3, 2025 (Reuters) -"
            published, published_span = found
    byline = "; ".join(layout.byline.names) if layout.byline and layout.byline.names else None
    return Article(
        source=source,
        text=text,
        layout=layout,
        published=published,
        url=url,
        outlet=outlet,
        byline=byline,
        encoding=encoding,
        kind="text",
        published_span=published_span,
        published_from="text" if published_span is not None else published_from,
    )
