"""Hostile inputs for the fuzz campaign: every kind of file a reader can be handed, broken.

Each generator takes a seeded ``random.Random`` and returns ``(suffix, bytes)``; ``KINDS`` names
them. Nothing here comes from a benchmark text: the words are made up, the damage is random
(truncation, byte flips, wrong encodings, NUL bytes, runs of punctuation, deep nesting), so a run
is reproducible from its seed alone.
"""

from __future__ import annotations

import gzip
import io
import json
import random
from collections.abc import Callable

Generator = Callable[[random.Random], tuple[str, bytes]]

PHRASES = (
    "the minister said talks would resume on Monday after 40 people were hurt in Arden",
    "according to officials who asked not to be named police fired at least 12 rounds",
    "protesters accused the government of lying the union rejected the offer",
)
WORDS = [w for phrase in PHRASES for w in phrase.split(" ")]
NAMES = ["Helen Marsh", "Tomas Berg", "Ana Quiroga", "the ministry", "a spokesperson", "He"]
QUOTES = ['"', "“", "”", "'", "‘", "’", "«", "»", "„"]
ODD = ["\x00", "\x1b[2J", "\x1b]0;pwned\x07", "\u202e", "\u2028", "\u0085", "\ufeff", "\ud7ff"]
RTL = "قال الوزير إن المحادثات ستستأنف يوم الاثنين"
FLAGS = "🇺🇸🇬🇧🇫🇷🇩🇪🇯🇵"


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(4, 18))
    if rng.random() < 0.5:
        q = rng.choice(QUOTES)
        return f"{q}{' '.join(words)},{q} {rng.choice(NAMES)} said."
    return " ".join(words).capitalize() + rng.choice([".", "!", "?", ":", " —", ""])


def _report(rng: random.Random, paragraphs: int | None = None) -> str:
    n = paragraphs or rng.randint(1, 8)
    paras = [" ".join(_sentence(rng) for _ in range(rng.randint(1, 4))) for _ in range(n)]
    return "\n\n".join(paras) + "\n"


def _damage(rng: random.Random, text: str) -> str:
    """Sprinkle odd characters, RTL runs and emoji into a text."""
    chars = list(text)
    for _ in range(rng.randint(1, 12)):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice([*ODD, RTL, FLAGS, "\n", "\t"]))
    return "".join(chars)


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randint(0, max(len(data) - 1, 0))]


def _flip(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if buf:
            buf[rng.randrange(len(buf))] = rng.randrange(256)
    return bytes(buf)


def random_bytes(rng: random.Random) -> tuple[str, bytes]:
    return rng.choice([".txt", ".html", ".json", ""]), rng.randbytes(rng.randint(1, 4096))


def damaged_text(rng: random.Random) -> tuple[str, bytes]:
    return ".txt", _damage(rng, _report(rng)).encode("utf-8", "surrogatepass")


def wrong_encoding(rng: random.Random) -> tuple[str, bytes]:
    text = _report(rng) + " café – naïve – Zürich – 東京 – " + RTL
    codec = rng.choice(["utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "shift_jis"])
    data = text.encode(codec, "replace")
    return ".txt", _flip(rng, data) if rng.random() < 0.3 else data


def nul_bytes(rng: random.Random) -> tuple[str, bytes]:
    text = _report(rng).encode()
    return rng.choice([".txt", ".html", ".json"]), text.replace(b" ", b"\x00", rng.randint(1, 20))


def one_long_word(rng: random.Random) -> tuple[str, bytes]:
    return ".txt", rng.choice([b"a", b"x1", b"\xe2\x80\x94"]) * rng.choice([100_000, 1_000_000])


def long_line(rng: random.Random) -> tuple[str, bytes]:
    return ".txt", " ".join(_sentence(rng) for _ in range(rng.randint(500, 3000))).encode()


def punctuation_run(rng: random.Random) -> tuple[str, bytes]:
    mark = rng.choice(['"', ")", "!", "“", "(", ".", "-", FLAGS, "😀"])
    run = mark * rng.choice([1000, 5000, 25_600])
    return ".txt", (_sentence(rng) + " " + run + " " + _sentence(rng)).encode()


def rtl_text(rng: random.Random) -> tuple[str, bytes]:
    return ".txt", ("\n\n".join([RTL, "\u202b" + _sentence(rng) + "\u202c", RTL * 20])).encode()


def broken_html(rng: random.Random) -> tuple[str, bytes]:
    body = "".join(f"<p>{_damage(rng, _sentence(rng))}</p>" for _ in range(rng.randint(1, 10)))
    page = (
        f"<!doctype html><html><head><title>{_sentence(rng)}</title>"
        '<meta property="og:url" content="http://127.0.0.1:9/x">'
        '<link rel="canonical" href="http://127.0.0.1:9/y"></head>'
        f'<body><article>{body}<img src="http://127.0.0.1:9/z.jpg">'
        f"<figure><figcaption>{_sentence(rng)}</figcaption></figure></article></body></html>"
    ).encode()
    page = _truncate(rng, page) if rng.random() < 0.5 else page
    return ".html", _flip(rng, page) if rng.random() < 0.3 else page


def url_as_html(rng: random.Random) -> tuple[str, bytes]:
    """A JSON object whose html (or text) is only a URL: it must never be fetched."""
    field = rng.choice(["html", "text", "url"])
    obj = {field: f"http://127.0.0.1:{rng.randint(1, 65535)}/x"}
    if field == "url":
        obj["text"] = _report(rng)
    return ".json", json.dumps(obj).encode()


def broken_json(rng: random.Random) -> tuple[str, bytes]:
    choice = rng.randrange(6)
    if choice == 0:
        depth = rng.choice([500, 1000, 5000])
        return ".json", ("[" * depth + "]" * depth).encode()
    if choice == 1:
        return ".json", b'{"text": "a", "published": ' + b"9" * 4301 + b"}"
    if choice == 2:
        field = rng.choice(["text", "url", "outlet", "headline"])
        obj = {"text": _report(rng), field: "x\ud800y" if field != "text" else "a \ud800 b"}
        return ".json", json.dumps(obj).encode()
    if choice == 3:
        obj = {"text": rng.choice([None, 5, [], {}, True]), "published": rng.choice(["x", 3])}
        return ".json", json.dumps(obj).encode()
    if choice == 4:
        lines = [json.dumps({"text": _report(rng)}) for _ in range(rng.randint(1, 5))]
        lines.insert(rng.randrange(len(lines) + 1), "{not json")
        return ".jsonl", "\n".join(lines).encode()
    data = json.dumps({"text": _report(rng), "published": "2024-03-01"}).encode()
    return ".json", _truncate(rng, data)


def broken_feed(rng: random.Random) -> tuple[str, bytes]:
    items = "".join(
        f"<item><title>{_sentence(rng)}</title><link>http://127.0.0.1:9/{i}</link>"
        f"<description>{_damage(rng, _sentence(rng))}</description></item>"
        for i in range(rng.randint(0, 5))
    )
    feed = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e "&#38;#38;">]><rss version="2.0">'
        f"<channel><title>t</title>{items}</channel></rss>"
    ).encode()
    return ".rss", _truncate(rng, feed) if rng.random() < 0.5 else feed


def _warc_record(uri: str | None, body: bytes, *, gzip_body: bool) -> bytes:
    headers = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
    if gzip_body:
        body = gzip.compress(body)
        headers += b"Content-Encoding: gzip\r\n"
    payload = headers + f"Content-Length: {len(body)}\r\n\r\n".encode() + body
    warc = b"WARC/1.0\r\nWARC-Type: response\r\n"
    if uri is not None:
        warc += f"WARC-Target-URI: {uri}\r\n".encode()
    warc += b"Content-Type: application/http; msgtype=response\r\n"
    return warc + f"Content-Length: {len(payload)}\r\n\r\n".encode() + payload + b"\r\n\r\n"


def broken_warc(rng: random.Random) -> tuple[str, bytes]:
    body = f"<html><body><p>{_sentence(rng)}</p></body></html>".encode()
    choice = rng.randrange(4)
    if choice == 0:
        return ".warc", b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 2\r\n\r\nhi"
    if choice == 1:
        bomb = b"<p>" + b"a" * rng.choice([5_000_000, 30_000_000]) + b"</p>"
        return ".warc", _warc_record("http://example.org/a", bomb, gzip_body=True)
    record = _warc_record(
        rng.choice(["http://example.org/a", None]), body, gzip_body=rng.random() < 0.5
    )
    if choice == 2:
        return ".warc", _truncate(rng, record)
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb") as gz:
        gz.write(record)
    return ".warc.gz", _truncate(rng, buf.getvalue())


def good_report(rng: random.Random) -> tuple[str, bytes]:
    """An ordinary report: the inputs that must come through whatever sits beside them."""
    return ".txt", _report(rng, rng.randint(2, 6)).encode()


KINDS: dict[str, Generator] = {
    "random-bytes": random_bytes,
    "damaged-text": damaged_text,
    "wrong-encoding": wrong_encoding,
    "nul-bytes": nul_bytes,
    "one-long-word": one_long_word,
    "long-line": long_line,
    "punctuation-run": punctuation_run,
    "rtl-text": rtl_text,
    "broken-html": broken_html,
    "url-as-html": url_as_html,
    "broken-json": broken_json,
    "broken-feed": broken_feed,
    "broken-warc": broken_warc,
    "good-report": good_report,
}
# Heavy generators are drawn less often so a campaign of 10,000 stays within minutes.
WEIGHTS = {"one-long-word": 0.2, "long-line": 0.3, "punctuation-run": 0.4, "broken-warc": 0.6}
