"""The record's byline, dateline, page debris and publication-date source: spans like any other."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError
from spacy.language import Language

from storyline.extract.build import build_record
from storyline.ingest.text import read_text
from storyline.nlp import parse
from storyline.record import ArticleRecord, Span, dumps, loads
from storyline.record.model import Boilerplate, Dateline

TEXT = (
    "Bridge to close\n\nBy Jane Roe and John Doe\n\nPublished March 3, 2025 4:12pm\n\n"
    "ROME (AP) — “The bridge is not safe,” the mayor said on Monday.\n\n"
    "ADVERTISEMENT\n\nEngineers had warned for years that its supports were failing, "
    "the council said.\n"
)


def _span(text: str) -> Span:
    start = TEXT.index(text)
    return Span(start=start, end=start + len(text), text=text)


def _record(**kw: object) -> ArticleRecord:
    return ArticleRecord(id="abc", source="t.txt", text=TEXT, **kw)  # type: ignore[arg-type]


def test_model_debris_fields_round_trip() -> None:
    dl = _span("ROME (AP) —")
    ad = _span("ADVERTISEMENT")
    rec = _record(
        byline_span=_span("By Jane Roe and John Doe"),
        byline_names=["Jane Roe", "John Doe"],
        dateline=Dateline(start=dl.start, end=dl.end, text=dl.text, place="ROME", agency="AP"),
        boilerplate=[Boilerplate(start=ad.start, end=ad.end, text=ad.text, kind="advertisement")],
        published_span=_span("March 3, 2025"),
    )
    raw = dumps(rec)
    assert dumps(loads(raw)) == raw
    data = json.loads(raw)
    assert data["dateline"]["agency"] == "AP"
    assert data["boilerplate"][0]["kind"] == "advertisement"


def test_model_debris_old_records_still_load() -> None:
    raw = json.loads(dumps(_record()))
    for name in ("byline_span", "byline_names", "dateline", "boilerplate", "published_span"):
        raw.pop(name)
    rec = loads(json.dumps(raw))
    assert rec.dateline is None
    assert rec.boilerplate == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("byline_span", Span(start=17, end=20, text="xyz")),
        ("dateline", Dateline(start=0, end=4, text="ROME")),
        ("published_span", Span(start=5, end=900, text="x")),
    ],
)
def test_model_debris_spans_must_match_text(field: str, value: Span) -> None:
    with pytest.raises(ValidationError, match=field):
        _record(**{field: value})


def test_model_debris_boilerplate_span_must_match_text() -> None:
    with pytest.raises(ValidationError, match=r"boilerplate\[0\]"):
        _record(boilerplate=[Boilerplate(start=0, end=4, text="Nope", kind="interface")])


def test_model_debris_build_record_carries_the_layout(nlp: Language) -> None:
    article = read_text("t.txt", TEXT)
    _, doc = next(parse(nlp, [article]))
    rec = build_record(article, doc)
    assert rec.byline == "Jane Roe; John Doe"
    assert rec.byline_span is not None
    assert rec.byline_span.text == "By Jane Roe and John Doe"
    assert rec.byline_names == ["Jane Roe", "John Doe"]
    assert rec.dateline is not None
    assert (rec.dateline.text, rec.dateline.place, rec.dateline.agency) == (
        "ROME (AP) —",
        "ROME",
        "AP",
    )
    assert [(b.kind, b.text) for b in rec.boilerplate] == [
        ("published", "Published March 3, 2025 4:12pm"),
        ("advertisement", "ADVERTISEMENT"),
    ]
    assert rec.published == "2025-03-03"
    assert rec.published_span is not None
    assert rec.published_span.text == "March 3, 2025"
    debris = [(s.start, s.end) for s in (rec.byline_span, rec.dateline, *rec.boilerplate)]
    for q in rec.quotes:
        for part in (*q.content, q.speaker):
            if part is not None:
                assert not any(s < part.end and part.start < e for s, e in debris), part
