"""build_record(): one parsed article to its ArticleRecord, every extractor run in order."""

from __future__ import annotations

from spacy.tokens import Doc

from storyline.extract.context import Context
from storyline.extract.events.learned import EVENTS_KEY
from storyline.extract.registry import extract
from storyline.ingest.article import Article, DatelineSpan
from storyline.nlp.attribution import ROLE_SPANS_KEY
from storyline.record.model import ArticleRecord, Boilerplate, Caption, Dateline, Span

__all__ = ["build_record"]


def build_record(article: Article, doc: Doc) -> ArticleRecord:
    """Run the extractors over the parse of one article and assemble its record."""
    text = article.text
    ctx = Context(
        text=text,
        published=article.published,
        masked=article.masked,
        captions=tuple((c.start, c.credit_end or c.end) for c in article.layout.captions),
    )
    results = extract(doc, ctx)
    layout = article.layout
    return ArticleRecord(
        id=article.id,
        source=article.source,
        text=text,
        published=article.published.isoformat() if article.published else None,
        headline=_span(text, layout.headline),
        section=_span(text, layout.section),
        byline=article.byline,
        outlet=article.outlet,
        url=article.url,
        encoding=article.encoding,
        captions=[
            Caption(
                start=c.start,
                end=c.end,
                text=text[c.start : c.end],
                credit=c.credit,
                credit_span=_span(text, (c.credit_start, c.credit_end))
                if c.credit_start is not None and c.credit_end is not None
                else None,
            )
            for c in layout.captions
        ],
        byline_span=_span(text, (layout.byline.start, layout.byline.end))
        if layout.byline
        else None,
        byline_names=list(layout.byline.names) if layout.byline else [],
        dateline=_dateline(text, layout.dateline),
        boilerplate=[
            Boilerplate(start=b.start, end=b.end, text=text[b.start : b.end], kind=b.kind)
            for b in layout.boilerplate
        ],
        published_span=_span(text, article.published_span),
        published_from=article.published_from if article.published else None,
        extractor={
            "quotes": "model" if ROLE_SPANS_KEY in doc.user_data else "rules",
            "events": doc.user_data.get(EVENTS_KEY, "model"),
        },
        **{k: v for k, v in results.items() if k in _RECORD_FIELDS},
    )


_RECORD_FIELDS = frozenset(ArticleRecord.model_fields) - {"schema_", "id", "source", "text"}


def _dateline(text: str, found: DatelineSpan | None) -> Dateline | None:
    if found is None:
        return None
    return Dateline(
        start=found.start,
        end=found.end,
        text=text[found.start : found.end],
        place=found.place,
        agency=found.agency,
    )


def _span(text: str, rng: tuple[int, int] | None) -> Span | None:
    if rng is None:
        return None
    return Span(start=rng[0], end=rng[1], text=text[rng[0] : rng[1]])
