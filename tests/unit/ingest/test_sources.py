"""Readers: every kind of input, kept verbatim, and every bad input refused in one line."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from storyline.errors import (
    BinaryInputError,
    DecodeError,
    EmptyInputError,
    InputError,
    MissingInputError,
    TooLargeError,
)
from storyline.ingest import Article
from storyline.ingest.sources import read_inputs, read_source

REPORT = (
    "Politics\n\n"
    "Council approves new budget after late-night session\n\n"
    "The city council approved a $4.2 billion budget on Tuesday, Mayor Ruth Kane said.\n\n"
    "“This budget keeps every library open,” Kane told reporters.\n"
)


def _one(items: list[Article | InputError]) -> Article:
    assert len(items) == 1, items
    assert isinstance(items[0], Article), items[0]
    return items[0]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_sources_text_kept_verbatim(tmp_path: Path, newline: str) -> None:
    raw = "\ufeff" + REPORT.replace("\n", newline)
    path = tmp_path / "report.txt"
    path.write_bytes(raw.encode("utf-8"))
    article = _one(list(read_inputs([path])))
    assert article.text == raw
    assert article.encoding == "utf-8"
    assert article.kind == "text"


def test_sources_published_flag_wins_over_metadata(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"text": REPORT, "published": "2020-01-02"}), encoding="utf-8")
    assert _one(list(read_inputs([path]))).published == date(2020, 1, 2)
    forced = _one(list(read_inputs([path], published=date(2021, 5, 6))))
    assert forced.published == date(2021, 5, 6)
    assert _one(list(read_inputs([path]))).published_from == "metadata"
    assert forced.published_from == "argument"


def test_sources_json_headline_becomes_a_span(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    obj = {
        "text": "The vote passed 7-2 on Monday.",
        "headline": "Vote passes",
        "url": "https://example.org/vote",
        "outlet": "The Ledger",
    }
    path.write_text(json.dumps(obj), encoding="utf-8")
    article = _one(list(read_inputs([path])))
    assert article.layout.headline is not None
    start, end = article.layout.headline
    assert article.text[start:end] == "Vote passes"
    assert article.text.endswith(obj["text"])
    assert (article.url, article.outlet) == (obj["url"], obj["outlet"])


def test_sources_jsonl_keeps_order_and_failures_in_place(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"text": "First report, filed on Monday."}),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps({"text": "Third report."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_inputs([path]))
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "InputError", "Article"]
    assert items[1].source == f"{path}:2"
    assert "not valid JSON" in str(items[1])
    assert isinstance(items[3], Article)
    assert items[3].text == "Third report."


def test_sources_folder_sorted_and_recursive(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Second report text.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First report text.", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4 not read")
    (tmp_path / ".hidden.txt").write_text("skipped", encoding="utf-8")
    items = list(read_inputs([tmp_path]))
    assert [Path(i.source).name for i in items] == ["a.txt", "two.txt"]


def test_sources_stdin(tmp_path: Path) -> None:
    article = _one(list(read_inputs(["-"], stdin=io.BytesIO(REPORT.encode()))))
    assert article.source == "-"
    assert article.text == REPORT


def test_sources_html_caption_kept_apart() -> None:
    html = """<html><head><title>Storm hits coast</title>
    <meta property="article:published_time" content="2024-03-05T10:00:00Z"></head><body>
    <article><h1>Storm hits coast</h1>
    <p>A powerful storm struck the coast on Monday, officials said. More than 2,000 homes lost
    power and emergency crews worked through the night to restore it.</p>
    <figure><img src="x.jpg"><figcaption>Waves crash over the sea wall.
    <span class="credit">Jim Doe/Reuters</span></figcaption></figure>
    <p>"We have never seen anything like it," said Mayor Ann Lee, who toured the damage on
    Tuesday. The city expects to reopen schools by Thursday.</p>
    <p>Forecasters warned that a second storm could arrive next week, bringing more rain to the
    already flooded region and delaying the repairs.</p></article></body></html>"""
    article = _one(list(read_source("storm.html", html.encode())))
    text = article.text
    assert article.kind == "html"
    assert article.published == date(2024, 3, 5)
    assert article.layout.headline is not None
    assert text[slice(*article.layout.headline)] == "Storm hits coast"
    (cap,) = article.layout.captions
    assert text[cap.start : cap.end] == "Waves crash over the sea wall."
    assert cap.credit == "Jim Doe/Reuters"
    assert cap.credit_start is not None
    assert text[cap.credit_start : cap.credit_end] == "Jim Doe/Reuters"
    body_end = cap.start
    assert "Waves crash" not in text[:body_end]
    assert "We have never seen anything like it" in text[:body_end]


def test_sources_cp1252_is_detected_and_recorded(tmp_path: Path) -> None:
    raw = (
        "The minister’s office said on Friday that the café near the station would "
        "reopen after repairs costing €40,000 — officials called it “urgent”.\n"
    ) * 3
    path = tmp_path / "legacy.txt"
    path.write_bytes(raw.encode("cp1252"))
    article = _one(list(read_inputs([path])))
    assert article.text == raw
    # cp1250 and cp1252 decode these bytes identically; either name is honest
    assert article.encoding is not None
    assert article.encoding.lower() not in {"utf-8", "utf_8", "ascii"}


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("empty.txt", b"", EmptyInputError),
        ("blank.txt", b" \n\t\n", EmptyInputError),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", BinaryInputError),
        ("nul.txt", b"abc\x00def" * 100, BinaryInputError),
        ("cut.html", b"<html><body><p>Then the", InputError),
        ("bad.json", b'{"text": "unterminated', InputError),
        ("noise.txt", bytes(range(128, 256)) * 4, (DecodeError, BinaryInputError)),
    ],
)
def test_sources_bad_input_gives_one_line_reason(name: str, data: bytes, error: type) -> None:
    items = list(read_source(name, data))
    assert len(items) == 1
    assert isinstance(items[0], error)
    message = str(items[0])
    assert message.startswith(f"{name}: ")
    assert "\n" not in message


def test_sources_missing_path_and_batch_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(REPORT, encoding="utf-8")
    items = list(read_inputs([tmp_path / "nope.txt", good]))
    assert isinstance(items[0], MissingInputError)
    assert str(items[0]) == f"{tmp_path / 'nope.txt'}: no such file or directory"
    assert isinstance(items[1], Article)


def test_sources_too_large_is_refused_without_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:  # a sparse 50 MB file: the size check must not read it
        fh.truncate(50_000_000)
    (item,) = read_inputs([big])
    assert isinstance(item, TooLargeError)
    assert item.size == 50_000_000
    assert "50,000,000 bytes exceeds" in str(item)
