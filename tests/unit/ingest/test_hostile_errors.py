"""Hostile inputs that used to crash a reader: each is now one error line, and the rest goes on."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from storyline.errors import InputError, TooLargeError, UnreadableInputError, one_line
from storyline.ingest import Article
from storyline.ingest.sources import read_inputs, read_source

GOOD = "The council met on Monday and approved the budget, the mayor said."


def _items(name: str, data: bytes) -> list[Article | InputError]:
    return list(read_source(name, data))


def _assert_one_line(item: Article | InputError) -> None:
    if isinstance(item, InputError):
        message = str(item)
        assert "\n" not in message
        assert message.isprintable(), message
        message.encode("utf-8")


def _warc_record(uri: bytes | None, http: bytes, body: bytes) -> bytes:
    payload = http + b"\r\n" + body
    head = b"WARC/1.0\r\nWARC-Type: response\r\n"
    if uri is not None:
        head += b"WARC-Target-URI: " + uri + b"\r\n"
    head += b"Content-Type: application/http; msgtype=response\r\n"
    return head + b"Content-Length: %d\r\n\r\n" % len(payload) + payload + b"\r\n\r\n"


def _html_page(words: str) -> bytes:
    return (
        f"<html><head><title>{words}</title></head><body><article><p>{GOOD} {words}</p>"
        f"<p>{GOOD}</p></article></body></html>"
    ).encode()


# --- one_line ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain café report.txt", "plain café report.txt"),
        ("a\nb", "a\\x0ab"),
        ("a\r\nb", "a\\x0d\\x0ab"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("next\x85line", "next\\x85line"),
        ("del\x7f", "del\\x7f"),
        ("sep\u2028par\u2029", "sep\\u2028par\\u2029"),
        ("evil\u202etxt.exe", "evil\\u202etxt.exe"),
        ("iso\u2066late\u2069", "iso\\u2066late\\u2069"),
        (os.fsdecode(b"\xff.txt"), "\\xff.txt"),
        ("lone \ud800", "lone \\ud800"),
    ],
)
def test_one_line_escapes_what_a_terminal_would_act_on(raw: str, shown: str) -> None:
    assert one_line(raw) == shown


def test_one_line_cuts_long_text_without_splitting_an_escape() -> None:
    assert one_line("x" * 500, limit=10) == "x" * 9 + "…"
    cut = one_line("ab" + "\n" * 50, limit=9)
    assert cut == "ab\\x0a…"
    assert len(one_line("y" * 5000, limit=None)) == 5000


def test_input_error_message_is_one_printable_line() -> None:
    error = InputError("bad\nname.txt", "quoted \x1b[2J input\r\nsecond line")
    assert str(error) == "bad\\x0aname.txt: quoted \\x1b[2J input\\x0d\\x0asecond line"
    assert error.source == "bad\\x0aname.txt"


# --- crashers, one error line each --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("deep.json", b"[" * 1000 + b"]" * 1000, "nested too deeply"),
        ("deep-object.json", b'{"text": ' + b"[" * 5000 + b"]" * 5000 + b"}", "too deeply"),
        ("digits.json", b'{"text": "x", "n": ' + b"7" * 4301 + b"}", "digits"),
        ("no-uri.warc", _warc_record(None, b"HTTP/1.1 200 OK\r\n", b"")[:56], "WARC record 1"),
    ],
)
def test_hostile_crasher_is_one_error(name: str, data: bytes, said: str) -> None:
    items = _items(name, data)
    assert len(items) == 1
    (item,) = items
    assert isinstance(item, InputError)
    assert str(item).startswith(f"{name}: ")
    assert said in str(item)
    _assert_one_line(item)


def test_hostile_jsonl_bad_line_does_not_stop_the_file() -> None:
    lines = [
        json.dumps({"text": GOOD}),
        "[" * 1000 + "]" * 1000,
        '{"text": "x", "n": ' + "1" * 4301 + "}",
        json.dumps({"text": "Second good report, filed on Tuesday."}),
    ]
    items = _items("batch.jsonl", "\n".join(lines).encode())
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "InputError", "Article"]
    assert items[1].source == "batch.jsonl:2"
    assert items[2].source == "batch.jsonl:3"


@pytest.mark.parametrize("field", ["text", "url", "outlet", "headline", "html", "published"])
def test_hostile_lone_surrogate_becomes_replacement_char(field: str) -> None:
    obj = {
        "text": GOOD,
        "url": "https://news.example/a",
        "outlet": "The Ledger",
        "headline": "Budget approved",
    }
    if field == "html":
        obj["html"] = _html_page("\\ud800 storm").decode()
    else:
        obj[field] = obj.get(field, "2024-05-06") + " \\ud800"
    raw = json.dumps(obj).replace("\\\\ud800", "\\ud800")
    assert "\\ud800" in raw
    (article,) = _items("lone.json", raw.encode())
    assert isinstance(article, Article)
    for value in (article.text, article.url, article.outlet, article.source, article.byline):
        (value or "").encode("utf-8")  # no UnicodeEncodeError downstream
    if field in {"text", "headline"}:
        assert "\ufffd" in article.text
    if field in {"url", "outlet"}:
        assert getattr(article, field).endswith(" \ufffd")


def test_hostile_replacement_keeps_offsets() -> None:
    raw = b'{"text": "ab \\ud800 cd", "headline": "H"}'
    (article,) = _items("x.json", raw)
    assert isinstance(article, Article)
    assert article.text == "H\n\nab \ufffd cd"
    assert article.layout.headline is not None
    assert article.text[slice(*article.layout.headline)] == "H"


def test_hostile_truncated_warc_gz_is_one_error(tmp_path: Path) -> None:
    record = _warc_record(
        b"http://news.example/a", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n", _html_page("x")
    )
    cut = gzip.compress(record)[:-30]
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(cut)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    items = list(read_inputs([path, good]))
    assert len(items) == 2
    assert isinstance(items[0], InputError)
    assert str(items[0]).startswith(f"{path}")
    _assert_one_line(items[0])
    assert isinstance(items[1], Article)


def test_hostile_warc_bad_record_keeps_earlier_pages() -> None:
    ok = _warc_record(
        b"http://news.example/a", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n", _html_page("a")
    )
    bad = _warc_record(None, b"HTTP/1.1 200 OK\r\n", b"")
    items = _items("mixed.warc", ok + bad)
    assert isinstance(items[0], Article)
    assert items[0].source == "mixed.warc#http://news.example/a"
    assert isinstance(items[1], InputError)
    assert "WARC record 2 and after" in str(items[1])


def test_hostile_warc_uri_with_controls_is_escaped_in_the_name() -> None:
    uri = b"http://news.example/a\x1b[2J\xff"
    record = _warc_record(uri, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n", _html_page("a"))
    (article,) = _items("a.warc", record)
    assert isinstance(article, Article)
    assert article.source.isprintable()
    assert "\\x1b" in article.source
    (article.url or "").encode("utf-8")


def test_hostile_any_reader_exception_becomes_an_error_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import storyline.ingest.sources as sources

    def explode(*args: object, **kwargs: object) -> Article:
        raise ValueError("an\nunexpected failure")

    monkeypatch.setattr(sources, "read_text", explode)
    (item,) = _items("x.txt", GOOD.encode())
    assert isinstance(item, UnreadableInputError)
    assert str(item) == "x.txt: cannot read (ValueError: an\\x0aunexpected failure)"
    assert isinstance(item.__cause__, ValueError)


def test_hostile_too_large_names_the_limit() -> None:
    (item,) = read_source("big.txt", b"x" * 101, max_bytes=100)
    assert isinstance(item, TooLargeError)
    assert str(item).startswith("big.txt: 101 bytes exceeds max_bytes=100")


FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>
<item><title>Ferry resumes</title><description>The ferry resumed on Tuesday.</description>
</item></channel></rss>"""


@pytest.mark.parametrize("name", ["x.rss", "x.xml", "x"])
def test_hostile_feed_text_naming_a_file_is_not_opened(tmp_path: Path, name: str) -> None:
    """feedparser opens bytes that name a file; a feed whose text is a path must not be read."""
    elsewhere = tmp_path / "elsewhere.rss"
    elsewhere.write_text(FEED, encoding="utf-8")
    assert isinstance(_items("feed.rss", FEED.encode())[0], Article)  # the file is a good feed
    items = _items(name, str(elsewhere).encode())
    (item,) = items
    if isinstance(item, Article):  # read as the text it is, never as the feed it names
        assert item.kind == "text"
        assert item.text == str(elsewhere)
    else:
        assert "Ferry" not in str(item)


def test_hostile_warc_with_a_wrong_length_writes_nothing_to_stderr(
    capfd: pytest.CaptureFixture[str],
) -> None:
    """warcio warns on stderr about a record longer than its Content-Length; we must not."""
    record = _warc_record(
        b"http://news.example/a", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n", _html_page("a")
    )
    head, _, rest = record.partition(b"Content-Length: ")
    length, _, payload = rest.partition(b"\r\n")
    short = head + b"Content-Length: %d\r\n" % (int(length) - 10) + payload
    long = head + b"Content-Length: %d\r\n" % (int(length) * 10) + payload
    for data in (short, long, record + b"garbage after the record\r\n"):
        items = list(read_source("a.warc", data))
        assert items
        for item in items:
            _assert_one_line(item)
    assert capfd.readouterr().err == ""


def test_hostile_xhtml_with_an_encoding_declaration_is_read() -> None:
    page = b'<?xml version="1.0" encoding="utf-8"?>\n' + _html_page("declared")
    (article,) = _items("page.xhtml", page)
    assert isinstance(article, Article)
    assert "The council met on Monday" in article.text
