"""Properties: any bytes under any reader's name give Articles or one-line errors, never a crash."""

from __future__ import annotations

import gzip
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.errors import InputError
from storyline.ingest import Article
from storyline.ingest.sources import read_source

SUFFIXES = [".txt", ".html", ".json", ".jsonl", ".xml", ".rss", ".warc", ".warc.gz", ""]
NAMES = st.sampled_from(SUFFIXES).map(lambda suffix: "input" + suffix)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of every format read, so random inputs reach past the first check of each reader.
PIECES = st.sampled_from(
    [
        "WARC/1.0\r\n",
        "WARC-Type: response\r\n",
        "WARC-Target-URI: http://127.0.0.1:9/x\r\n",
        "Content-Length: 40\r\n",
        "Content-Type: application/http\r\n",
        "\r\n",
        "HTTP/1.1 200 OK\r\n",
        "Content-Type: text/html\r\n",
        "Content-Encoding: gzip\r\n",
        "Transfer-Encoding: chunked\r\n",
        '<?xml version="1.0"?>',
        '<rss version="2.0">',
        "<channel><item><title>T</title><description>",
        "</description></item>",
        "<html><body><p>",
        "The minister said on Monday that the talks would resume.",
        "</p></body></html>",
        '{"text": "',
        '{"html": "',
        '", "url": "http://127.0.0.1:9/"}',
        "\\ud800",
        "[",
        "]",
        "\n",
        "\x00",
        "\u202e",
        "http://127.0.0.1:9/x",
    ]
)


def _check(name: str, data: bytes) -> None:
    items = list(read_source(name, data))
    assert items, "every input yields at least one item"
    for item in items:
        assert isinstance(item, Article | InputError)
        if isinstance(item, InputError):
            message = str(item)
            assert "\n" not in message
            assert message.isprintable(), message
            message.encode("utf-8")
        else:
            item.text.encode("utf-8")
            item.source.encode("utf-8")
            for value in (item.url, item.outlet, item.byline):
                (value or "").encode("utf-8")
            for start, end in item.masked:
                assert 0 <= start <= end <= len(item.text)


@FAST
@given(name=NAMES, data=st.binary(max_size=3000))
def test_properties_random_bytes(name: str, data: bytes) -> None:
    _check(name, data)


@FAST
@given(name=NAMES, data=st.binary(max_size=2000))
def test_properties_random_gzip(name: str, data: bytes) -> None:
    _check(name, gzip.compress(data))


@FAST
@given(name=NAMES, text=st.text(max_size=2000))
def test_properties_random_text(name: str, text: str) -> None:
    _check(name, text.encode("utf-8", "surrogatepass"))


@FAST
@given(name=NAMES, pieces=st.lists(PIECES, max_size=40))
def test_properties_format_fragments(name: str, pieces: list[str]) -> None:
    data = "".join(pieces).encode("utf-8")
    _check(name, data)
    _check(name, gzip.compress(data))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)
JSON_OBJECTS = st.fixed_dictionaries(
    {},
    optional={
        key: JSON_VALUES | st.text(max_size=200)
        for key in ("text", "html", "url", "outlet", "headline", "published")
    },
)


@FAST
@given(objects=st.lists(JSON_OBJECTS, min_size=1, max_size=5))
def test_properties_json_objects(objects: list[dict[str, object]]) -> None:
    _check("batch.json", json.dumps(objects).encode())
    _check("batch.jsonl", "\n".join(json.dumps(o) for o in objects).encode())
