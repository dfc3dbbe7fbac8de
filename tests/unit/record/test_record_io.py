"""dumps(): JSONL stays one record a line and always encodes; loads() reads it all back."""

from __future__ import annotations

import json

import pytest

from storyline.record import ArticleRecord, dumps, loads

LINE_BREAKERS = ["\u2028", "\u2029", "\x85"]


def _record(text: str) -> ArticleRecord:
    return ArticleRecord(id="abc", source="t.txt", text=text)


@pytest.mark.parametrize("char", [*LINE_BREAKERS, chr(0xD800), chr(0xDFFF)])
def test_record_io_escapes_line_breakers_and_surrogates(char: str) -> None:
    text = f"Before{char}after, the mayor said.\n"
    line = dumps(_record(text))
    assert char not in line
    assert len(line.splitlines()) == 1
    line.encode("utf-8")  # never UnicodeEncodeError
    assert json.loads(line)["text"] == text
    assert loads(line).text == text
    assert dumps(loads(line)) == line


def test_record_io_jsonl_stream_splits_into_records() -> None:
    texts = [f"One{c}two." for c in LINE_BREAKERS] + ["Plain, “quoted” and é."]
    stream = "".join(dumps(_record(t)) + "\n" for t in texts)
    lines = stream.splitlines()
    assert len(lines) == len(texts)
    assert [loads(x).text for x in lines] == texts


def test_record_io_keeps_other_non_ascii_as_is() -> None:
    line = dumps(_record("“Café” — 東京"))
    assert "“Café” — 東京" in line


def test_record_io_indented_is_escaped_too() -> None:
    raw = dumps(_record("a\u2028b"), indent=1)
    assert "\u2028" not in raw
    assert loads(raw).text == "a\u2028b"
