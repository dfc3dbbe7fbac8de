"""A record to the rows of every table: the flattening, apart from any database work.

Each item keeps its position ``n`` in the record and its offsets, so a row is found again in
the record JSON and in the text by the same numbers.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from storyline.record.io import dumps
from storyline.record.model import ArticleRecord, Span

__all__ = ["Rows", "record_rows"]

Row = dict[str, Any]
Rows = dict[str, list[Row]]


def record_rows(record: ArticleRecord, *, ingested_at: datetime) -> Rows:
    """Return the rows of one record, by table name (``reports`` first, parents before children)."""
    rid = record.id
    rows: Rows = {
        "reports": [
            {
                "id": rid,
                "source": record.source,
                "url": record.url,
                "outlet": record.outlet,
                "published": record.published,
                "headline": _text(record.headline),
                "section": _text(record.section),
                "byline": record.byline,
                "text": record.text,
                "record_json": dumps(record),
                "ingested_at": ingested_at,
            }
        ],
        "captions": [
            {
                "report_id": rid,
                "n": n,
                "start": c.start,
                "end": c.end,
                "text": c.text,
                "credit": c.credit,
                "credit_start": c.credit_span.start if c.credit_span else None,
                "credit_end": c.credit_span.end if c.credit_span else None,
            }
            for n, c in enumerate(record.captions)
        ],
        "entities": [],
        "mentions": [],
        "quotes": [],
        "quote_parts": [],
        "figures": [
            {"report_id": rid, "n": n} | f.model_dump() for n, f in enumerate(record.figures)
        ],
        "dates": [{"report_id": rid, "n": n} | d.model_dump() for n, d in enumerate(record.dates)],
        "events": [
            {"report_id": rid, "n": n} | e.model_dump() for n, e in enumerate(record.events)
        ],
    }
    m = 0
    for n, e in enumerate(record.entities):
        rows["entities"].append(
            {
                "report_id": rid,
                "n": n,
                "entity_id": e.id,
                "name": e.name,
                "type": e.type,
                "kind": e.kind,
                "role": e.role,
            }
        )
        for mention in e.mentions:
            rows["mentions"].append(
                {"report_id": rid, "n": m, "entity_n": n} | mention.model_dump()
            )
            m += 1
    p = 0
    for n, q in enumerate(record.quotes):
        rows["quotes"].append(
            {
                "report_id": rid,
                "n": n,
                "kind": q.kind,
                "start": min(s.start for s in q.content) if q.content else 0,
                "end": max(s.end for s in q.content) if q.content else 0,
                "content": " … ".join(s.text for s in q.content),
                "speaker": _text(q.speaker),
                "speaker_start": q.speaker.start if q.speaker else None,
                "speaker_end": q.speaker.end if q.speaker else None,
                "speaker_entity": q.speaker_entity,
                "speaker_name": q.speaker_name,
                "speaker_type": q.speaker_type,
                "cue": _text(q.cue),
                "cue_start": q.cue.start if q.cue else None,
                "cue_end": q.cue.end if q.cue else None,
                "venue": q.venue,
                "via": q.via,
                "audience": q.audience,
                "date": q.date,
            }
        )
        for s in q.content:
            rows["quote_parts"].append(
                {
                    "report_id": rid,
                    "n": p,
                    "quote_n": n,
                    "start": s.start,
                    "end": s.end,
                    "text": s.text,
                }
            )
            p += 1
    return rows


def _text(span: Span | None) -> str | None:
    return span.text if span is not None else None
