"""What ``storyline ingest`` reads beyond ``read``: RSS/Atom feed files and WARC archives."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.ingest.article import Article
from storyline.ingest.sources import read_inputs

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Lake Gazette</title>
<item><title>Ferry service resumes</title><link>https://lake.example/1</link>
<pubDate>Tue, 01 Apr 2025 08:00:00 GMT</pubDate>
<description>&lt;p&gt;The ferry resumed on Tuesday.&lt;/p&gt;
&lt;p&gt;“At last,” said Ona Reyes.&lt;/p&gt;</description></item>
<item><title>Empty one</title><link>https://lake.example/2</link><description></description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Hill Radio</title><id>urn:hill</id>
<updated>2025-04-02T09:00:00Z</updated>
<entry><title>Snow closes pass</title><link href="https://hill.example/a"/><id>urn:a</id>
<updated>2025-04-02T09:00:00Z</updated>
<content type="html">&lt;p&gt;Snow closed the pass on Wednesday.&lt;/p&gt;</content></entry>
</feed>
"""

PAGE = (
    "<!DOCTYPE html><html><head><title>Market fire</title></head><body><article>"
    "<h1>Market fire</h1><p>A fire damaged the covered market on Thursday, the fire service "
    "said. Nobody was hurt, a spokesman said, and traders hope to reopen next week.</p>"
    "</article></body></html>"
)


def _items(tmp_path: Path, name: str, data: bytes) -> list[Article | InputError]:
    path = tmp_path / name
    path.write_bytes(data)
    return list(read_inputs([path]))


@pytest.mark.parametrize("name", ["gazette.rss", "gazette.xml", "gazette"])
def test_feeds_rss_entries_become_articles(tmp_path: Path, name: str) -> None:
    first, second = _items(tmp_path, name, RSS.encode())
    assert isinstance(first, Article)
    assert first.outlet == "Lake Gazette"
    assert first.url == "https://lake.example/1"
    assert str(first.published) == "2025-04-01"
    assert (
        first.text
        == "Ferry service resumes\n\nThe ferry resumed on Tuesday.\n\n“At last,” said Ona Reyes."
    )
    start, end = first.layout.headline or (0, 0)
    assert first.text[start:end] == "Ferry service resumes"
    assert isinstance(second, InputError)
    assert "no summary or content" in str(second)


def test_feeds_atom_content_is_read(tmp_path: Path) -> None:
    (entry,) = _items(tmp_path, "hill.atom", ATOM.encode())
    assert isinstance(entry, Article)
    assert entry.outlet == "Hill Radio"
    assert entry.text.endswith("Snow closed the pass on Wednesday.")
    assert str(entry.published) == "2025-04-02"


def _warc(records: list[tuple[str, str, bytes]], *, gz: bool) -> bytes:
    """Write WARC 1.0 response records by hand (one gzip member per record when ``gz``)."""
    out = b""
    for i, (uri, ctype, body) in enumerate(records):
        http = f"HTTP/1.0 200 OK\r\nContent-Type: {ctype}\r\n\r\n".encode() + body
        head = (
            "WARC/1.0\r\nWARC-Type: response\r\n"
            f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{i:012d}>\r\n"
            f"WARC-Target-URI: {uri}\r\nWARC-Date: 2025-04-03T10:00:00Z\r\n"
            "Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http)}\r\n\r\n"
        ).encode()
        record = head + http + b"\r\n\r\n"
        out += gzip.compress(record) if gz else record
    return out


@pytest.mark.parametrize(
    ("name", "gz"), [("crawl.warc.gz", True), ("crawl.warc", False), ("crawl.bin", True)]
)
def test_warc_html_responses_become_articles(tmp_path: Path, name: str, gz: bool) -> None:
    data = _warc(
        [
            ("https://town.example/fire", "text/html; charset=utf-8", PAGE.encode()),
            ("https://town.example/logo.png", "image/png", b"\x89PNG"),
        ],
        gz=gz,
    )
    (article,) = _items(tmp_path, name, data)
    assert isinstance(article, Article)
    assert article.url == "https://town.example/fire"
    assert "covered market" in article.text


def test_warc_without_html_is_one_failure(tmp_path: Path) -> None:
    data = _warc([("https://x.example/a.png", "image/png", b"\x89PNG")], gz=True)
    (failure,) = _items(tmp_path, "img.warc.gz", data)
    assert isinstance(failure, InputError)
    assert "no HTML response" in str(failure)


def test_warc_folder_picks_up_archives_not_other_gz(tmp_path: Path) -> None:
    (tmp_path / "a.warc.gz").write_bytes(
        _warc([("https://town.example/fire", "text/html", PAGE.encode())], gz=True)
    )
    (tmp_path / "notes.txt.gz").write_bytes(gzip.compress(b"not read"))
    items = list(read_inputs([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Article"]
