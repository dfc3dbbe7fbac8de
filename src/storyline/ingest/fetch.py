"""URLs given as inputs: fetched over HTTP(S) with a timeout and a size bound.

This is the one place storyline opens a connection, and only for a URL the user named as an
input: a URL found *inside* an input (a JSON ``url``, an ``html`` field that looks like one, a
feed link) is data and is never fetched. Only ``http`` and ``https`` are spoken, redirects
included (no ``file:``, ``ftp:`` or ``data:``), the body is streamed and dropped past
``max_bytes`` (after inflating gzip or deflate, itself bounded), and the download as a whole
stops after ``timeout`` seconds even when the server trickles bytes. The standard library's
urllib does it, so no dependency is added.
"""

from __future__ import annotations

import http.client
import logging
import re
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from typing import IO
from urllib.parse import urlsplit

from storyline.errors import InputError, TooLargeError, UnsupportedInputError, describe
from storyline.ingest.decode import inflate

__all__ = ["DEFAULT_TIMEOUT", "Fetched", "fetch", "is_url"]

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 30.0  # seconds: to connect, for each read, and for the whole download
MAX_REDIRECTS = 5  # a news page that needs more is a redirect loop
CHUNK_BYTES = 65_536  # read at a time, so the size and time bounds are checked often
USER_AGENT = "Mozilla/5.0 (compatible; storyline)"  # the customary form for a non-browser agent
ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,application/json;q=0.9,text/plain;q=0.8,*/*;q=0.5"
)
_URL = re.compile(r"https?://", re.IGNORECASE)
_SCHEMES = frozenset({"http", "https"})
_INFLATED = frozenset({"gzip", "x-gzip", "deflate"})


@dataclass(frozen=True, slots=True)
class Fetched:
    """A downloaded page: where it ended up after redirects, its bytes and its media type."""

    url: str
    data: bytes
    content_type: str  # lower-cased header value, "" when the server sent none


def is_url(value: str) -> bool:
    """Whether an input names an http(s) URL rather than a path."""
    return _URL.match(value) is not None


def fetch(url: str, *, max_bytes: int, timeout: float = DEFAULT_TIMEOUT) -> Fetched:
    """Download one page, bounded in time and size.

    Args:
        url: an ``http://`` or ``https://`` URL the user gave as an input.
        max_bytes: the most bytes kept, after inflating a compressed body.
        timeout: seconds allowed to connect, for each read and for the whole download.

    Returns:
        The final URL, the body and its content type.

    Raises:
        InputError: the URL is not http(s), the server cannot be reached, answers an error
            status, is too slow, or sends more than ``max_bytes``.
    """
    if urlsplit(url).scheme.lower() not in _SCHEMES:
        raise UnsupportedInputError(url, "only http:// and https:// URLs are fetched")
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": "gzip"}
    )
    deadline = time.monotonic() + timeout
    try:
        with _opener().open(request, timeout=timeout) as response:
            headers: Message = response.headers
            _check_declared_size(url, headers, max_bytes)
            data = _read_bounded(url, response, max_bytes, deadline, timeout)
            final_url: str = response.geturl()
    except urllib.error.HTTPError as exc:
        exc.close()
        raise InputError(url, f"the server answered HTTP {exc.code} ({exc.reason})") from exc
    except urllib.error.URLError as exc:
        why = exc.reason if isinstance(exc.reason, str) else describe(exc.reason)
        raise InputError(url, f"cannot fetch ({why})") from exc
    except TimeoutError as exc:
        raise InputError(url, f"cannot fetch (no answer within {timeout:g} s)") from exc
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise InputError(url, f"cannot fetch ({describe(exc)})") from exc
    encoding = (headers.get("Content-Encoding") or "").strip().lower()
    if encoding in _INFLATED:
        data = inflate(url, data, limit=max_bytes)
    elif encoding not in {"", "identity"}:
        raise UnsupportedInputError(url, f"the page is sent as {encoding!r}, not decoded here")
    content_type = (headers.get("Content-Type") or "").strip().lower()
    log.debug("%s: fetched %d bytes (%s) from %s", url, len(data), content_type, final_url)
    return Fetched(final_url, data, content_type)


def _opener() -> urllib.request.OpenerDirector:
    """An opener that speaks only HTTP(S): no file:, ftp: or data: handler, even by redirect."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),  # honours http_proxy/https_proxy/no_proxy, as curl does
        urllib.request.UnknownHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(context=ssl.create_default_context()),
        urllib.request.HTTPDefaultErrorHandler(),
        _HttpOnlyRedirects(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow at most MAX_REDIRECTS redirects, and only to http(s) URLs (the stdlib adds ftp)."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        """Refuse a redirect that leaves HTTP(S); otherwise redirect as the stdlib does."""
        if urlsplit(newurl).scheme.lower() not in _SCHEMES:
            raise urllib.error.HTTPError(
                newurl, code, f"redirect to a URL that is not http(s): {newurl}", headers, fp
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _check_declared_size(url: str, headers: Message, max_bytes: int) -> None:
    """Refuse before reading when the server says the body is too large."""
    declared = headers.get("Content-Length") or ""
    if declared.strip().isdigit() and int(declared) > max_bytes:
        raise TooLargeError(url, int(declared), max_bytes)


def _read_bounded(
    url: str, response: http.client.HTTPResponse, max_bytes: int, deadline: float, timeout: float
) -> bytes:
    """Read the body a chunk at a time, stopping past ``max_bytes`` or the deadline."""
    body = bytearray()
    while chunk := response.read1(CHUNK_BYTES):
        body += chunk
        if len(body) > max_bytes:
            raise TooLargeError(url, len(body), max_bytes)
        if time.monotonic() > deadline:
            raise InputError(url, f"cannot fetch (the download took over {timeout:g} s)")
    return bytes(body)
