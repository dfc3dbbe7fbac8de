"""Paths, folders and stdin to articles in input order, failures kept in place.

Each input is checked at the door (missing, too large, empty, binary, undecodable), its kind
is sniffed from its name and then its first bytes, and it is handed to the reader of that
kind. Nothing here raises for a bad input: the error is yielded where the article would
have been, so a batch goes on and loses nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO

from storyline.errors import InputError, MissingInputError, TooLargeError
from storyline.ingest.article import Article
from storyline.ingest.decode import decode_bytes
from storyline.ingest.feeds import FEED_SUFFIXES, is_feed, read_feed
from storyline.ingest.html import read_html
from storyline.ingest.jsonl import read_json, read_jsonl
from storyline.ingest.text import read_text
from storyline.ingest.warc import is_warc, read_warc

__all__ = ["DEFAULT_MAX_BYTES", "STDIN", "read_inputs", "read_source"]

DEFAULT_MAX_BYTES = 20_000_000  # bytes per input; a news report is ~5 kB, a JSONL batch more
STDIN = "-"

_TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
_JSON_SUFFIXES = {".json"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_WARC_SUFFIXES = {".warc", ".gz"}  # .gz only as .warc.gz (checked by name in read_inputs)
_FOLDER_SUFFIXES = (
    _TEXT_SUFFIXES | _HTML_SUFFIXES | _JSON_SUFFIXES | _JSONL_SUFFIXES | FEED_SUFFIXES
) | _WARC_SUFFIXES


def read_inputs(
    paths: Iterable[str | Path],
    *,
    published: date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
) -> Iterator[Article | InputError]:
    """Yield an Article or an InputError for every report in the inputs, in order.

    Args:
        paths: files, folders (read recursively, sorted by path), or ``-`` for stdin.
        published: the publication date to use for every input, over its metadata.
        max_bytes: inputs larger than this are refused.
        stdin: the stream ``-`` reads (default: ``sys.stdin.buffer``).
    """
    for raw in paths:
        path = str(raw)
        if path == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read(max_bytes + 1)
            yield from _guarded(STDIN, data, None, published, max_bytes)
            continue
        p = Path(path)
        if p.is_dir():
            files = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in _FOLDER_SUFFIXES
                and (f.suffix.lower() != ".gz" or f.name.lower().endswith(".warc.gz"))
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not files:
                yield InputError(
                    path, "the folder holds no .txt, .html, .json, .jsonl, feed or WARC file"
                )
            for f in files:
                yield from _read_file(f, published, max_bytes)
        else:
            yield from _read_file(p, published, max_bytes)


def read_source(
    source: str, data: bytes, *, published: date | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | InputError]:
    """Yield the articles of one input given as bytes (its name decides nothing but the kind)."""
    yield from _guarded(source, data, Path(source).suffix.lower(), published, max_bytes)


def _read_file(p: Path, published: date | None, max_bytes: int) -> Iterator[Article | InputError]:
    source = str(p)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        yield MissingInputError(source)
        return
    except OSError as exc:
        yield InputError(source, f"cannot read ({exc.strerror})")
        return
    if size > max_bytes:
        yield TooLargeError(source, size, max_bytes)
        return
    try:
        data = p.read_bytes()
    except OSError as exc:
        yield InputError(source, f"cannot read ({exc.strerror})")
        return
    yield from _guarded(source, data, p.suffix.lower(), published, max_bytes)


def _guarded(
    source: str, data: bytes, suffix: str | None, published: date | None, max_bytes: int
) -> Iterator[Article | InputError]:
    if len(data) > max_bytes:
        yield TooLargeError(source, len(data), max_bytes)
        return
    try:
        if is_warc(source, data):
            yield from read_warc(source, data, published=published)
            return
        text, encoding = decode_bytes(source, data)
        kind = _sniff(suffix, text)
        if kind == "feed":
            yield from read_feed(source, text, published=published, encoding=encoding)
        elif kind == "jsonl":
            yield from read_jsonl(source, text, published=published, encoding=encoding)
        elif kind == "json":
            yield from read_json(source, text, published=published, encoding=encoding)
        elif kind == "html":
            yield read_html(source, text, published=published, encoding=encoding)
        else:
            yield read_text(source, text, published=published, encoding=encoding)
    except InputError as exc:
        yield exc


def _sniff(suffix: str | None, text: str) -> str:
    """Decide the kind from the name, else from the first characters."""
    if suffix in _JSONL_SUFFIXES:
        return "jsonl"
    if suffix in _JSON_SUFFIXES:
        return "json"
    if suffix in _HTML_SUFFIXES:
        return "html"
    if suffix in _TEXT_SUFFIXES - {""}:
        return "text"
    if suffix in FEED_SUFFIXES or is_feed(text.lstrip("\ufeff \t\r\n")[:1024]):
        return "feed"
    head = text.lstrip("\ufeff \t\r\n")[:512].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or (
        head.startswith("<") and ("<body" in head or "<head" in head or "<p" in head)
    ):
        return "html"
    if head.startswith(("{", "[")):
        first = text.lstrip("\ufeff \t\r\n").split("\n", 1)[0].strip()
        if first.startswith("{") and first.endswith("}") and "\n" in text.strip():
            return "jsonl"
        return "json"
    return "text"
