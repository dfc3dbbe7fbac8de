"""Decompression bombs: compressed data is inflated with the same bound as any input."""

from __future__ import annotations

import functools
import gzip
import time
import zlib

import pytest

from storyline.errors import InputError, TooLargeError
from storyline.ingest import Article
from storyline.ingest.decode import inflate
from storyline.ingest.sources import read_source

BOMB_BYTES = 50_000_000  # inflated; ~50 kB compressed
LIMIT = 1_000_000
PAGE = (
    b"<html><head><title>Ferry resumes</title></head><body><article>"
    b"<p>The ferry between the islands resumed on Tuesday after a two-week halt, the port said.</p>"
    b"<p>About 300 passengers crossed on the first day, officials told reporters.</p>"
    b"</article></body></html>"
)


@functools.cache
def _bomb() -> bytes:
    return gzip.compress(bytes(BOMB_BYTES), compresslevel=9)


def _record(
    uri: bytes, body: bytes, *, encoding: bytes | None = None, chunked: bool = False
) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
    if encoding:
        http += b"Content-Encoding: " + encoding + b"\r\n"
    if chunked:
        http += b"Transfer-Encoding: chunked\r\n"
        body = b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n"
    payload = http + b"\r\n" + body
    head = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri + b"\r\n"
    head += b"Content-Type: application/http; msgtype=response\r\n"
    return head + b"Content-Length: %d\r\n\r\n" % len(payload) + payload + b"\r\n\r\n"


def test_inflate_stops_at_the_limit_not_at_the_end() -> None:
    bomb = _bomb()
    began = time.monotonic()
    with pytest.raises(TooLargeError) as caught:
        inflate("bomb.gz", bomb, limit=LIMIT)
    assert time.monotonic() - began < 2  # inflating all 50 MB is what must not happen
    assert caught.value.size == LIMIT + 1
    assert str(caught.value).startswith("bomb.gz: inflates past max_bytes=1,000,000")


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS, zlib.MAX_WBITS | 16])
def test_inflate_reads_zlib_raw_deflate_and_gzip(wbits: int) -> None:
    engine = zlib.compressobj(wbits=wbits)
    data = engine.compress(PAGE) + engine.flush()
    assert inflate("x", data, limit=LIMIT) == PAGE


def test_inflate_reads_every_gzip_member_and_keeps_a_cut_one() -> None:
    whole = gzip.compress(b"first ") + gzip.compress(b"second")
    assert inflate("x", whole, limit=LIMIT) == b"first second"
    cut = gzip.compress(b"first ") + gzip.compress(b"second " * 1000)[:-10]
    assert inflate("x", cut, limit=LIMIT).startswith(b"first second second")


def test_inflate_refuses_what_is_not_compressed() -> None:
    with pytest.raises(InputError, match="cannot inflate"):
        inflate("x", b"plain words, not deflate data at all", limit=LIMIT)


def test_hostile_warc_gz_bomb_is_refused() -> None:
    member = gzip.compress(_record(b"http://news.example/a", bytes(BOMB_BYTES)), compresslevel=9)
    (item,) = read_source("bomb.warc.gz", member, max_bytes=LIMIT)
    assert isinstance(item, TooLargeError)
    assert str(item).startswith("bomb.warc.gz: inflates past max_bytes=1,000,000")


@pytest.mark.parametrize("chunked", [False, True])
def test_hostile_gzip_body_bomb_in_a_warc_record_is_refused_in_place(chunked: bool) -> None:
    good = _record(b"http://news.example/good", gzip.compress(PAGE), encoding=b"gzip")
    bomb = _record(b"http://news.example/bomb", _bomb(), encoding=b"gzip", chunked=chunked)
    after = _record(b"http://news.example/after", PAGE)
    items = list(read_source("pages.warc", good + bomb + after, max_bytes=LIMIT))
    assert [type(i).__name__ for i in items] == ["Article", "TooLargeError", "Article"]
    assert str(items[1]).startswith("pages.warc#http://news.example/bomb: inflates past")
    assert isinstance(items[0], Article)
    assert "ferry" in items[0].text


def test_hostile_many_small_bodies_share_one_budget() -> None:
    """A thousand bodies of 1/10 the limit each must not cost a thousand times the limit."""
    body = gzip.compress(bytes(LIMIT // 10))
    records = b"".join(
        _record(b"http://news.example/%d" % i, body, encoding=b"gzip") for i in range(40)
    )
    items = list(read_source("many.warc", records, max_bytes=LIMIT))
    assert len(items) == 40
    refused = [i for i in items if isinstance(i, TooLargeError)]
    assert len(refused) >= 30  # once the budget is spent, every further body is refused


def test_hostile_deflate_and_chunked_bodies_are_read() -> None:
    engine = zlib.compressobj()
    deflated = engine.compress(PAGE) + engine.flush()
    items = list(
        read_source(
            "ok.warc",
            _record(b"http://news.example/d", deflated, encoding=b"deflate")
            + _record(b"http://news.example/c", PAGE, chunked=True),
        )
    )
    assert [type(i).__name__ for i in items] == ["Article", "Article"]


def test_hostile_unknown_content_encoding_is_one_line() -> None:
    (item,) = read_source("br.warc", _record(b"http://news.example/b", b"\x0b\x02", encoding=b"br"))
    assert isinstance(item, InputError)
    assert "'br'" in str(item)
