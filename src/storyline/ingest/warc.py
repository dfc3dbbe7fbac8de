"""WARC archives (.warc, .warc.gz): one article per HTML response, read like any HTML page.

warcio walks the records (gzip per record or none) and undoes chunked and compressed HTTP
bodies. Requests, metadata, redirects, errors and non-HTML responses are passed over; the
archive as a whole fails only when it is not a WARC or holds no HTML response at all.
"""

from __future__ import annotations

import io
import logging
import zlib
from collections.abc import Iterator
from datetime import date

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storyline.errors import InputError
from storyline.ingest.article import Article
from storyline.ingest.decode import decode_bytes
from storyline.ingest.html import read_html

__all__ = ["is_warc", "read_warc"]

log = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_GZIP_MAGIC = b"\x1f\x8b"


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


def read_warc(
    source: str, data: bytes, *, published: date | None = None
) -> Iterator[Article | InputError]:
    """Yield an Article (or an InputError, in place) per HTML response in a WARC archive.

    Raises:
        InputError: the bytes are not a WARC archive, or it holds no HTML response.
    """
    n = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            status = record.http_headers.get_statuscode()
            ctype = (record.http_headers.get_header("Content-Type") or "").lower()
            if status != "200" or not ctype.startswith(_HTML_TYPES):
                log.debug("%s: skipped %s (%s, %s)", source, uri, status, ctype)
                continue
            n += 1
            name = f"{source}#{uri or n}"
            body = record.content_stream().read()
            try:
                html = _decode(name, body, ctype)
                yield read_html(name, html, published=published, url=uri or None)
            except InputError as exc:
                yield exc
    except ArchiveLoadFailed as exc:
        raise InputError(source, f"not a valid WARC archive ({exc})") from exc
    if n == 0:
        raise InputError(source, "the WARC archive holds no HTML response")


def _decode(name: str, body: bytes, ctype: str) -> str:
    """Decode a response body by its declared charset, else as any other input is decoded."""
    if "charset=" in ctype:
        charset = ctype.split("charset=", 1)[1].split(";")[0].strip(" \"'")
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            log.debug("%s: declared charset %s does not decode; sniffing", name, charset)
    return decode_bytes(name, body)[0]
