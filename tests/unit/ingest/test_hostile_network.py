"""No network from hostile data: a URL inside an input is data, never something to fetch.

Every reader runs with the socket layer replaced by one that records each attempt and fails
it. The control case shows the trap works: htmldate, given a URL-looking string, does try.
"""

from __future__ import annotations

import gzip
import json
import socket
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.ingest import Article
from storyline.ingest.sources import read_inputs, read_source

TARGET = "http://127.0.0.1:9/admin"  # port 9 (discard): nothing should ever knock on it
PAGE = (
    "<html><head><title>Ferry resumes</title>"
    f'<link rel="canonical" href="{TARGET}"><meta http-equiv="refresh" content="0;url={TARGET}">'
    f'<script src="{TARGET}/x.js"></script></head><body><article>'
    "<p>The ferry between the islands resumed on Tuesday after a two-week halt, the port said.</p>"
    f'<p>About 300 passengers crossed, officials said. <img src="{TARGET}/i.png"></p>'
    f'<iframe src="{TARGET}/frame"></iframe></article></body></html>'
)


@pytest.fixture
def attempts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record, and refuse, every connection and name lookup made while a test runs."""
    seen: list[str] = []

    def refuse(what: str) -> OSError:
        seen.append(what)
        return ConnectionRefusedError(111, f"blocked by the test: {what}")

    def connect(self: socket.socket, address: object) -> None:
        raise refuse(f"connect {address}")

    def connect_ex(self: socket.socket, address: object) -> int:
        raise refuse(f"connect_ex {address}")

    def create_connection(address: object, *args: object, **kwargs: object) -> socket.socket:
        raise refuse(f"create_connection {address}")

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> list[object]:
        raise refuse(f"getaddrinfo {host}")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return seen


def _warc(body: bytes, uri: bytes = TARGET.encode()) -> bytes:
    payload = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    head = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri + b"\r\n"
    head += b"Content-Type: application/http; msgtype=response\r\n"
    return head + b"Content-Length: %d\r\n\r\n" % len(payload) + payload + b"\r\n\r\n"


def _feed(item: str, doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0"?>{doctype}<rss version="2.0"><channel><title>G</title>'
        f"<link>{TARGET}</link><item><title>Ferry</title><link>{TARGET}</link>"
        f'<enclosure url="{TARGET}/a.mp3" type="audio/mpeg" length="1"/>{item}</item>'
        "</channel></rss>"
    ).encode()


HOSTILE: list[tuple[str, bytes]] = [
    ("url.txt", TARGET.encode()),
    ("url", TARGET.encode()),
    ("url.html", TARGET.encode()),
    ("url-space.html", f"  {TARGET}\n".encode()),
    ("page.html", PAGE.encode()),
    (
        "doctype.html",
        f'<!DOCTYPE html SYSTEM "{TARGET}/x.dtd"><html><body><p>x</p></body></html>'.encode(),
    ),
    ("html-field.json", json.dumps({"html": TARGET, "url": TARGET}).encode()),
    ("https-field.json", json.dumps({"html": "https://127.0.0.1:9/x"}).encode()),
    ("text-field.json", json.dumps({"text": TARGET, "url": TARGET, "outlet": TARGET}).encode()),
    ("page-field.json", json.dumps({"html": PAGE, "url": TARGET}).encode()),
    ("list.json", json.dumps([{"html": TARGET}, {"text": TARGET}]).encode()),
    (
        "lines.jsonl",
        (json.dumps({"html": TARGET}) + "\n" + json.dumps({"html": PAGE}) + "\n").encode(),
    ),
    ("url.rss", TARGET.encode()),
    ("url.xml", f"  {TARGET}".encode()),
    ("feed.rss", _feed(f"<description>{TARGET}</description>")),
    ("html.rss", _feed(f"<description><![CDATA[{PAGE}]]></description>")),
    (
        "entity.rss",
        _feed(
            "<description>&ext;</description>",
            f'<!DOCTYPE rss [<!ENTITY ext SYSTEM "{TARGET}/entity">]>',
        ),
    ),
    ("dtd.xml", _feed("<description>x</description>", f'<!DOCTYPE rss SYSTEM "{TARGET}/d">')),
    ("body-url.warc", _warc(TARGET.encode())),
    ("page.warc", _warc(PAGE.encode())),
    ("page.warc.gz", gzip.compress(_warc(PAGE.encode()))),
]


@pytest.mark.parametrize(("name", "data"), HOSTILE, ids=[name for name, _ in HOSTILE])
def test_hostile_input_opens_no_connection(attempts: list[str], name: str, data: bytes) -> None:
    items = list(read_source(name, data))
    assert items
    assert all(isinstance(i, Article | InputError) for i in items)
    assert attempts == []


def test_hostile_files_and_folders_open_no_connection(attempts: list[str], tmp_path: Path) -> None:
    for name, data in HOSTILE:
        (tmp_path / name).write_bytes(data)
    items = list(read_inputs([tmp_path, *sorted(tmp_path.iterdir())]))
    assert len(items) >= 2 * len(HOSTILE)
    assert attempts == []


def test_hostile_trap_catches_a_library_fetch(attempts: list[str]) -> None:
    """The control: htmldate handed a URL string downloads it, and the trap sees that."""
    from htmldate import find_date

    with pytest.raises(ValueError, match="URL couldn't be processed"):
        find_date(TARGET)
    assert attempts
