"""Paths, folders, URLs and stdin to articles in input order, failures kept in place.

Each input is checked at the door (missing, not a regular file, too large, empty, binary,
undecodable), its kind is sniffed from its name and then its first bytes, and it is handed to
the reader of that kind. Nothing here raises for a bad input: the error is yielded where the
article would have been, so a batch goes on and loses nothing.

Inputs are hostile, so the cost of each is bounded: special files (FIFOs, devices, sockets)
are never opened, a file is read to at most ``max_bytes + 1`` bytes whatever its size claims,
compressed data is inflated with the same bound, and only a URL the user gave is fetched
(``fetch.py``). A folder is walked without following a link back into itself, and whatever in
it cannot be read (a folder that cannot be listed, a broken link) gives an error line rather
than silence. Every input runs inside ``guard.contain_each``: whatever a reader library raises
becomes that input's one-line error.
"""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from storyline.errors import (
    InputError,
    MissingInputError,
    TooLargeError,
    UnreadableInputError,
    UnsupportedInputError,
    one_line,
)
from storyline.ingest.article import Article
from storyline.ingest.decode import declared_charset, decode_bytes
from storyline.ingest.feeds import FEED_SUFFIXES, is_feed, read_feed
from storyline.ingest.fetch import DEFAULT_TIMEOUT, fetch, is_url
from storyline.ingest.guard import contain_each
from storyline.ingest.html import read_html
from storyline.ingest.jsonl import read_json, read_jsonl
from storyline.ingest.text import read_text
from storyline.ingest.warc import is_warc, read_warc

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "ONE_REPORT_SUFFIXES",
    "STDIN",
    "is_input_name",
    "read_inputs",
    "read_source",
]

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20_000_000  # bytes per input; a news report is ~5 kB, a JSONL batch more
STDIN = "-"

_TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
_JSON_SUFFIXES = {".json"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_WARC_SUFFIXES = {".warc", ".gz"}  # .gz only as .warc.gz (checked by name in is_input_name)
_FOLDER_SUFFIXES = (
    _TEXT_SUFFIXES | _HTML_SUFFIXES | _JSON_SUFFIXES | _JSONL_SUFFIXES | FEED_SUFFIXES
) | _WARC_SUFFIXES
# The suffix that stands for a media type a server declares, when it names one we read.
_SUFFIX_OF_TYPE = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl",
    "application/rss+xml": ".rss",
    "application/atom+xml": ".atom",
    "application/rdf+xml": ".rss",
    "text/plain": ".txt",
}
# Open flags: never wait on a FIFO (O_NONBLOCK), never take a terminal (O_NOCTTY); 0 where
# the platform has no such flag.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)
_SPECIAL_FILES = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
# Files that hold exactly one report; any other input file may hold any number (a JSON list,
# JSONL, a feed, a WARC; a file without a suffix is sniffed, so it may be any of them).
ONE_REPORT_SUFFIXES = frozenset((_TEXT_SUFFIXES - {""}) | _HTML_SUFFIXES)


def read_inputs(
    paths: Iterable[str | Path],
    *,
    published: date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Iterator[Article | InputError]:
    """Yield an Article or an InputError for every report in the inputs, in order.

    Args:
        paths: files, folders (read recursively, sorted by path), ``http(s)://`` URLs
            (fetched), or ``-`` for stdin.
        published: the publication date to use for every input, over its metadata.
        max_bytes: inputs larger than this are refused (for a URL or compressed data: once
            downloaded or inflated).
        stdin: the stream ``-`` reads (default: ``sys.stdin.buffer``).
        timeout: seconds a URL may take to connect, and to download as a whole.
    """
    for raw in paths:
        source = _shown(raw)
        items = _read_input(raw, source, published, max_bytes, stdin, timeout)
        yield from contain_each(source, items)


def read_source(
    source: str, data: bytes, *, published: date | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | InputError]:
    """Yield the articles of one input given as bytes (its name decides nothing but the kind)."""
    shown = _shown(source)
    suffix = Path(source).suffix.lower()
    yield from contain_each(shown, _guarded(shown, data, suffix, published, max_bytes))


def _read_input(
    raw: str | Path,
    source: str,
    published: date | None,
    max_bytes: int,
    stdin: BinaryIO | None,
    timeout: float,
) -> Iterator[Article | InputError]:
    """Read one argument: stdin, a URL, a folder or a file."""
    path = str(raw)
    if path == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        yield from _guarded(STDIN, stream.read(max_bytes + 1), None, published, max_bytes)
    elif isinstance(raw, str) and is_url(path):
        yield from _read_url(path, source, published, max_bytes, timeout)
    elif isinstance(raw, str) and "://" in path and not os.path.lexists(path):
        scheme = path.split("://", 1)[0]
        yield UnsupportedInputError(source, f"{scheme}: URLs are not read; give http(s) or a path")
    elif _is_folder(Path(path)):
        yield from _read_folder(Path(path), source, published, max_bytes)
    else:
        yield from _read_file(Path(path), source, published, max_bytes)


def _read_url(
    url: str, source: str, published: date | None, max_bytes: int, timeout: float
) -> Iterator[Article | InputError]:
    """Fetch a page the user named and read it by its media type, the URL as its ``url``."""
    page = fetch(url, max_bytes=max_bytes, timeout=timeout)
    media_type = page.content_type.split(";")[0].strip()
    suffix = _SUFFIX_OF_TYPE.get(media_type) or Path(urlsplit(page.url).path).suffix.lower()
    yield from _guarded(
        source,
        page.data,
        suffix if suffix in _FOLDER_SUFFIXES - {""} else None,
        published,
        max_bytes,
        url=page.url,
        declared=declared_charset(page.content_type),
    )


def _read_folder(
    folder: Path, source: str, published: date | None, max_bytes: int
) -> Iterator[Article | InputError]:
    """Read every input file under a folder, each inside its own error boundary."""
    n = 0
    for found in _walk(folder):
        n += 1
        if isinstance(found, InputError):
            yield found
            continue
        shown = _shown(found)
        yield from contain_each(shown, _read_file(found, shown, published, max_bytes))
    if n == 0:
        yield InputError(
            source, "the folder holds no .txt, .html, .json, .jsonl, feed or WARC file"
        )


def _walk(root: Path) -> Iterator[Path | InputError]:
    """Yield the input files under ``root`` in path order, and an error per unlistable folder.

    Depth first, names sorted at each level: the order of ``sorted(root.rglob(...))``. Hidden
    names are passed over. A link to a folder is followed unless that folder was already
    walked, so a link loop ends. An explicit stack, so a deep tree cannot overflow recursion.
    """
    walked: set[tuple[int, int]] = set()
    stack: list[tuple[Path, bool]] = [(root, True)]
    while stack:
        path, is_folder = stack.pop()
        if not is_folder:
            yield path
            continue
        try:
            listing = _list_folder(path, walked)
        except OSError as exc:
            yield UnreadableInputError(_shown(path), exc)
            continue
        stack.extend(reversed(listing))


def _list_folder(folder: Path, walked: set[tuple[int, int]]) -> list[tuple[Path, bool]]:
    """Return a folder's visible entries that may be inputs, sorted, each with is-a-folder.

    Raises:
        OSError: the folder cannot be listed (permissions, gone meanwhile).
    """
    info = folder.stat()
    key = (info.st_dev, info.st_ino)
    if key in walked:
        log.debug("%s: already walked (a link back into the tree); not again", _shown(folder))
        return []
    walked.add(key)
    with os.scandir(folder) as entries:
        found = sorted(entries, key=lambda entry: entry.name)
    listing: list[tuple[Path, bool]] = []
    for entry in found:
        if entry.name.startswith("."):
            continue
        try:
            is_folder = entry.is_dir()  # follows links; False for a broken one
        except OSError:
            is_folder = False  # reading it will say what is wrong
        if is_folder or is_input_name(entry.name):
            listing.append((Path(entry.path), is_folder))
    return listing


def is_input_name(name: str) -> bool:
    """Whether a file of this name in a folder is read (by its suffix; .gz only as .warc.gz)."""
    suffix = Path(name).suffix.lower()
    if suffix == ".gz":
        return name.lower().endswith(".warc.gz")
    return suffix in _FOLDER_SUFFIXES


def _is_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(path.stat().st_mode)
    except (OSError, ValueError):
        return False  # reading it as a file will say what is wrong


def _read_file(
    path: Path, source: str, published: date | None, max_bytes: int
) -> Iterator[Article | InputError]:
    """Read one file, refusing before opening it what is missing, special or too large."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            yield MissingInputError(source, "a broken symbolic link: its target does not exist")
        else:
            yield MissingInputError(source)
        return
    refusal = _refusal(source, info, max_bytes)
    if refusal is not None:
        yield refusal
        return
    data = _read_bounded(path, source, max_bytes)
    yield from _guarded(source, data, path.suffix.lower(), published, max_bytes)


def _refusal(source: str, info: os.stat_result, max_bytes: int) -> InputError | None:
    """The error of a file storyline must not open or read: special, or over the limit."""
    for is_kind, what in _SPECIAL_FILES:
        if is_kind(info.st_mode):
            return UnsupportedInputError(source, f"not a regular file ({what})")
    if not stat.S_ISREG(info.st_mode):
        return UnsupportedInputError(source, "not a regular file")
    if info.st_size > max_bytes:
        return TooLargeError(source, info.st_size, max_bytes)
    return None


def _read_bounded(path: Path, source: str, max_bytes: int) -> bytes:
    """Read at most ``max_bytes + 1`` bytes: a size from stat can lie (or change).

    The file is checked again once open, in case it was swapped for a FIFO or a device
    between the stat and the open.

    Raises:
        InputError: it is no longer a regular file.
        OSError: it cannot be opened or read.
    """
    fd = os.open(path, _OPEN_FLAGS)
    with os.fdopen(fd, "rb") as fh:
        refusal = _refusal(source, os.fstat(fd), max_bytes)
        if refusal is not None:
            raise refusal
        return fh.read(max_bytes + 1)


def _guarded(
    source: str,
    data: bytes,
    suffix: str | None,
    published: date | None,
    max_bytes: int,
    *,
    url: str | None = None,
    declared: str | None = None,
) -> Iterator[Article | InputError]:
    """Read the bytes of one input by its kind."""
    if len(data) > max_bytes:
        yield TooLargeError(source, len(data), max_bytes)
        return
    if is_warc(source, data):
        yield from read_warc(source, data, published=published, max_bytes=max_bytes)
        return
    text, encoding = decode_bytes(source, data, declared=declared)
    kind = _sniff(suffix, text)
    if kind == "feed":
        yield from read_feed(source, text, published=published, encoding=encoding)
    elif kind == "jsonl":
        yield from read_jsonl(source, text, published=published, encoding=encoding)
    elif kind == "json":
        yield from read_json(source, text, published=published, encoding=encoding)
    elif kind == "html":
        yield read_html(source, text, published=published, url=url, encoding=encoding)
    else:
        yield read_text(source, text, published=published, url=url, encoding=encoding)


def _shown(name: str | Path) -> str:
    """The name of an input as printed: a file name's undecodable bytes and controls escaped."""
    return one_line(str(name), limit=None)


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
