"""WARC archives (.warc, .warc.gz): one article per HTML response, read like any HTML page.

warcio walks the records. Requests, metadata, redirects, errors and non-HTML responses are
passed over; the archive as a whole fails only when it is not a WARC or holds no HTML response
at all. A record that cannot be read is an error in its place, and when warcio itself fails
(a record with no target URI, an archive cut short) the error stands for the rest.

Compressed data is inflated here, not by warcio, because warcio inflates without a bound: the
``.warc.gz`` members up front, and each HTTP body sent with ``Content-Encoding: gzip`` or
``deflate`` from a budget of ``max_bytes`` shared by the whole archive, so neither one body nor
a thousand small ones can inflate into gigabytes.
"""

from __future__ import annotations

import io
import logging
import zlib
from collections.abc import Iterator
from datetime import date
from functools import partial
from itertools import count
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed

from storyline.errors import InputError, TooLargeError, UnsupportedInputError, one_line
from storyline.ingest.article import Article
from storyline.ingest.decode import declared_charset, decode_bytes, inflate, replace_surrogates
from storyline.ingest.guard import contain
from storyline.ingest.html import read_html

__all__ = ["is_warc", "read_warc"]

log = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_GZIP_MAGIC = b"\x1f\x8b"
_INFLATED = frozenset({"gzip", "x-gzip", "deflate"})
URI_CHARS = 500  # of a record's target URI kept in the name of its article


def is_warc(source: str, data: bytes) -> bool:
    """Whether an input is a WARC archive: by its name, else by its first bytes."""
    name = source.lower()
    if name.endswith((".warc", ".warc.gz")):
        return True
    if data.startswith(b"WARC/"):
        return True
    if data.startswith(_GZIP_MAGIC):
        try:
            head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(data[:4096], 16)
        except zlib.error:
            return False
        return head.startswith(b"WARC/")
    return False


class _Budget:
    """The bytes HTTP bodies of one archive may still inflate to."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.left = limit


def read_warc(
    source: str, data: bytes, *, published: date | None = None, max_bytes: int
) -> Iterator[Article | InputError]:
    """Yield an Article (or an InputError, in place) per HTML response in a WARC archive.

    Args:
        source: the archive's name; each article is named ``<source>#<target URI>``.
        data: the archive, gzipped or not.
        published: the publication date for every page, over what the page says.
        max_bytes: the most bytes the archive, and all its compressed bodies together, may
            inflate to.

    Raises:
        InputError: the bytes are not a WARC archive, inflate past ``max_bytes``, or hold no
            HTML response.
    """
    records = iter(_QuietArchiveIterator(io.BytesIO(_unpacked(source, data, max_bytes))))
    budget = _Budget(max_bytes)
    n = 0
    for i in count(1):
        record = contain(source, partial(_next_record, records))
        if isinstance(record, InputError):
            yield _broken(source, i, record)
            return
        if record is None:
            break
        if not _is_html_response(source, record):
            continue
        n += 1
        uri = replace_surrogates(record.rec_headers.get_header("WARC-Target-URI") or "")
        name = f"{source}#{one_line(uri, limit=URI_CHARS) or n}"
        yield contain(name, partial(_read_page, name, record, uri, published, budget))
    if n == 0:
        raise InputError(source, "the WARC archive holds no HTML response")


class _QuietArchiveIterator(ArchiveIterator):  # type: ignore[misc] # warcio is untyped
    """warcio's record iterator, minus its writing to ``sys.stderr``.

    On a record whose Content-Length is wrong warcio writes a three-line warning straight to
    stderr, which would break the CLI's one line per bad input; it is logged here instead.
    This is ``ArchiveIterator._consume_blanklines`` of warcio 1.7-1.8 with that write alone
    changed (warcio offers no switch for it).
    """

    def _consume_blanklines(self) -> tuple[bytes | None, int]:
        empty_size = 0
        first_line = True
        while True:
            line: bytes = self.reader.readline()
            if not line:
                return None, empty_size
            if not line.rstrip() or first_line:
                empty_size += len(line)
                if line.rstrip():
                    log.debug("a WARC record runs past its Content-Length: %r", line[:80])
                    self.err_count += 1
                first_line = False
                continue
            return line, empty_size


def _next_record(records: Iterator[Any]) -> Any:  # noqa: ANN401 - warcio is untyped
    return next(records, None)


def _unpacked(source: str, data: bytes, max_bytes: int) -> bytes:
    """The archive uncompressed: ``.warc.gz`` members inflated, bounded by ``max_bytes``."""
    if not data.startswith(_GZIP_MAGIC):
        return data
    plain = inflate(source, data, limit=max_bytes)
    if plain.startswith(_GZIP_MAGIC):
        raise InputError(source, "gzip data inside gzip data, not a WARC archive")
    return plain


def _broken(source: str, i: int, failure: InputError) -> InputError:
    """The error standing for the rest of an archive warcio could not go on reading."""
    if i == 1 and isinstance(failure.__cause__, ArchiveLoadFailed):
        return InputError(source, f"not a valid WARC archive ({failure.__cause__})")
    return InputError(source, f"WARC record {i} and after: {failure.reason}")


def _is_html_response(source: str, record: Any) -> bool:  # noqa: ANN401 - warcio is untyped
    """Whether a record is a 200 HTML response, the only kind read."""
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode()
    ctype = (record.http_headers.get_header("Content-Type") or "").lower()
    if status != "200" or not ctype.startswith(_HTML_TYPES):
        log.debug("%s: skipped a %s response (%s)", source, one_line(status or ""), one_line(ctype))
        return False
    return True


def _read_page(
    name: str,
    record: Any,  # noqa: ANN401 - warcio is untyped
    uri: str,
    published: date | None,
    budget: _Budget,
) -> Article:
    """Read the HTML page in one response record."""
    ctype = record.http_headers.get_header("Content-Type") or ""
    body = _body(name, record, budget)
    html, _ = decode_bytes(name, body, declared=declared_charset(ctype))
    return read_html(name, html, published=published, url=uri or None)


def _body(name: str, record: Any, budget: _Budget) -> bytes:  # noqa: ANN401 - warcio is untyped
    """The body of a response: de-chunked by warcio, inflated here within the budget.

    Raises:
        TooLargeError: the body inflates past what the archive's budget has left.
        UnsupportedInputError: a content encoding other than gzip or deflate.
    """
    headers = record.http_headers
    stream = record.raw_stream
    if (headers.get_header("Transfer-Encoding") or "").strip().lower() == "chunked":
        stream = ChunkedDataReader(stream, decomp_type=None)
    raw: bytes = stream.read(budget.limit + 1)
    encoding = (headers.get_header("Content-Encoding") or "").strip().lower()
    if encoding in {"", "identity"}:
        return raw
    if encoding not in _INFLATED:
        raise UnsupportedInputError(name, f"the page is encoded as {encoding!r}, not read here")
    try:
        body = inflate(name, raw, limit=budget.left)
    except TooLargeError as exc:
        budget.left = 0
        raise TooLargeError(name, exc.size, budget.limit, inflated=True) from exc
    budget.left -= len(body)
    return body
