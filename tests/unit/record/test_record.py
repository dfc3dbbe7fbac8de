"""The record: round trip, provenance enforced, schema first."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from storyline.errors import RecordError
from storyline.record import ArticleRecord, Caption, Span, dumps, loads

TEXT = "Sports\n\nHome side wins\n\nThe home side won 3-1 on Saturday."


def _record(**kw: object) -> ArticleRecord:
    return ArticleRecord(id="abc", source="t.txt", text=TEXT, **kw)  # type: ignore[arg-type]


def test_record_round_trip_is_byte_identical() -> None:
    rec = _record(
        section=Span(start=0, end=6, text="Sports"),
        captions=[Caption(start=8, end=22, text="Home side wins", credit=None)],
    )
    raw = dumps(rec)
    assert next(iter(json.loads(raw))) == "schema"
    assert json.loads(raw)["schema"] == "storyline.article/1"
    assert dumps(loads(raw)) == raw


@pytest.mark.parametrize(("start", "end", "text"), [(0, 6, "Sport"), (50, 90, "x"), (3, 2, "")])
def test_record_span_must_match_text(start: int, end: int, text: str) -> None:
    with pytest.raises(ValidationError, match="headline"):
        _record(headline=Span(start=start, end=end, text=text))


def test_record_loads_rejects_drift() -> None:
    raw = json.loads(dumps(_record()))
    raw["quotes"] = [{"kind": "rumour", "content": []}]
    with pytest.raises(RecordError, match="not a valid article record"):
        loads(json.dumps(raw))
