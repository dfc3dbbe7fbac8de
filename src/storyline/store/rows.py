r"""A record to the rows of every table: the flattening, apart from any database work.

Each item keeps its position ``n`` in the record and its offsets, so a row is found again in
the record JSON and in the text by the same numbers.

Rows are made storable here, the same way for every database, so that PostgreSQL stores what
SQLite stores and a query gives the same answer on both:

- A NUL character or a lone surrogate (which a JSON input can carry, ``"\u0000"``,
  ``"\ud800"``) becomes U+FFFD in every column. PostgreSQL text cannot hold NUL, and
  neither database can encode a lone surrogate to UTF-8. One character for one, so every
  ``start``/``end`` still slices ``reports.text``. ``record_json`` keeps them exactly, as JSON
  escapes: ``Store.get`` gives back the record that was read.
- A value in an indexed column (outlet, entity name, unit, ...) is cut to
  ``INDEXED_CHARS``: PostgreSQL refuses a B-tree index entry over 2,704 bytes. The full value
  stays in ``record_json``. Other columns are unbounded ``Text``.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from storyline.record.io import dumps
from storyline.record.model import ArticleRecord, Span

__all__ = ["INDEXED_CHARS", "Rows", "clamp", "record_rows", "storable"]

Row = dict[str, Any]
Rows = dict[str, list[Row]]

# Characters an indexed value keeps: at most 4 UTF-8 bytes each, so even the two-column
# figures index (unit, what) stays under PostgreSQL's 2,704-byte B-tree entry limit.
INDEXED_CHARS = 300
# The indexed text columns of each table (tables.py), cut to INDEXED_CHARS.
_INDEXED: dict[str, tuple[str, ...]] = {
    "reports": ("outlet", "published"),
    "entities": ("name",),
    "quotes": ("speaker_name",),
    "figures": ("unit", "what", "source_entity"),
    "events": ("date", "actor_entity", "target_entity"),
}
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # NUL; surrogates (in a str always lone)
# The same in JSON, which escapes them (record.io.dumps): a cheap test of a whole record.
_ESCAPED_UNSTORABLE = re.compile(r"\\u(?:0000|d[89a-f][0-9a-f]{2})", re.IGNORECASE)
_REPLACEMENT = "\ufffd"
_ELLIPSIS = "…"


def record_rows(record: ArticleRecord, *, ingested_at: datetime) -> Rows:
    """Return the rows of one record, by table name (``reports`` first, parents before children)."""
    rid = record.id
    raw = dumps(record)
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
                "record_json": _json_text(raw),
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
    # the record's JSON holds every string the rows do, a NUL or lone surrogate escaped
    return _storable_rows(rows, clean=_ESCAPED_UNSTORABLE.search(raw) is None)


def storable(value: str) -> str:
    """Return the text with NUL and lone surrogates replaced by U+FFFD, one for one."""
    return _UNSTORABLE.sub(_REPLACEMENT, value)


def clamp(value: str, limit: int = INDEXED_CHARS) -> str:
    """Return the text cut to ``limit`` characters, an ellipsis marking the cut."""
    return value if len(value) <= limit else value[: limit - 1] + _ELLIPSIS


def _storable_rows(rows: Rows, *, clean: bool = False) -> Rows:
    """Make every text value storable, and every indexed one short enough to index.

    ``clean``: no value holds a character to replace, so only the indexed ones are looked at
    (searching every value of every row for them was a tenth of the store's ingest, profiled).
    """
    for name, items in rows.items():
        indexed = _INDEXED.get(name, ())
        if clean and not indexed:
            continue
        for row in items:
            if clean:
                for key in indexed:
                    value = row.get(key)
                    if isinstance(value, str):
                        row[key] = clamp(value)
                continue
            for key, value in row.items():
                if isinstance(value, str) and key != "record_json":
                    value = storable(value)
                    row[key] = clamp(value) if key in indexed else value
    return rows


def _json_text(raw: str) -> str:
    r"""The record JSON with any lone surrogate written as its JSON escape (``\ud800``).

    ``json.dumps`` already escapes NUL as ``\u0000``; a lone surrogate it leaves raw, which
    no UTF-8 database column can hold. ``backslashreplace`` writes exactly JSON's escape.
    """
    if _UNSTORABLE.search(raw) is None:
        return raw
    return raw.encode("utf-8", "backslashreplace").decode("utf-8")


def _text(span: Span | None) -> str | None:
    return span.text if span is not None else None
