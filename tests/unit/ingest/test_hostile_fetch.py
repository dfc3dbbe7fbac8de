"""URL inputs: fetched from a server on 127.0.0.1 started here, bounded in size and time."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from storyline.errors import InputError, TooLargeError
from storyline.ingest import Article
from storyline.ingest.fetch import is_url
from storyline.ingest.sources import read_inputs

PAGE = (
    b"<html><head><title>Ferry resumes</title></head><body><article><h1>Ferry resumes</h1>"
    b"<p>The ferry between the islands resumed on Tuesday after a two-week halt, the port said.</p>"
    b"<p>About 300 passengers crossed on the first day, officials told reporters.</p>"
    b"</article></body></html>"
)
FEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>'
    b"<item><title>Ferry resumes</title><description>The ferry resumed on Tuesday."
    b"</description></item></channel></rss>"
)
LIMIT = 100_000


class _Handler(BaseHTTPRequestHandler):
    """One route per behaviour a server may have; each answers in a few lines."""

    def do_GET(self) -> None:
        route = _ROUTES.get(self.path.split("?")[0])
        if route is None:
            self.send_error(404, "Not Found")
            return
        route(self)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean


def _send(handler: BaseHTTPRequestHandler, body: bytes, ctype: str, **headers: str) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", ctype)
    handler.send_header("Content-Length", str(len(body)))
    for key, value in headers.items():
        handler.send_header(key.replace("_", "-"), value)
    handler.end_headers()
    handler.wfile.write(body)


def _streamed(handler: BaseHTTPRequestHandler, chunks: Iterator[bytes], pause: float) -> None:
    """A body with no Content-Length, sent a piece at a time until the client hangs up."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    try:
        for chunk in chunks:
            handler.wfile.write(chunk)
            handler.wfile.flush()
            time.sleep(pause)
    except OSError:
        pass  # the client stopped reading: what the test wants


def _slow(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(1.5)
    with suppress(OSError):  # the client gave up long ago
        _send(handler, PAGE, "text/html")


def _redirect(to: str) -> Callable[[BaseHTTPRequestHandler], None]:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", to)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return route


_ROUTES: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {
    "/page": lambda h: _send(h, PAGE, "text/html; charset=utf-8"),
    "/page.html": lambda h: _send(h, PAGE, "application/octet-stream"),
    "/latin": lambda h: _send(
        h, PAGE.replace(b"Tuesday", "Tuesday’s café".encode("cp1252")), "text/html; charset=cp1252"
    ),
    "/feed": lambda h: _send(h, FEED, "application/rss+xml"),
    "/text": lambda h: _send(h, b"http://127.0.0.1:9/not-fetched", "text/plain"),
    "/gzip": lambda h: _send(h, gzip.compress(PAGE), "text/html", Content_Encoding="gzip"),
    "/bomb": lambda h: _send(
        h, gzip.compress(bytes(20_000_000)), "text/html", Content_Encoding="gzip"
    ),
    "/declared-big": lambda h: _send(h, b"x" * (LIMIT + 1), "text/html"),
    "/endless": lambda h: _streamed(h, iter(lambda: b"<p>more</p>" * 1000, None), 0.0),
    "/trickle": lambda h: _streamed(h, iter(lambda: b"<p>", None), 0.05),
    "/slow": _slow,
    "/redirect": _redirect("/page"),
    "/to-file": _redirect("file:///etc/passwd"),
    "/to-ftp": _redirect("ftp://127.0.0.1/report.txt"),
    "/loop": _redirect("/loop"),
}


@contextmanager
def _server() -> Iterator[str]:
    """Serve _ROUTES on 127.0.0.1 (an ephemeral port) in a thread; yield the base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)


def _read(url: str, **options: float) -> list[Article | InputError]:
    return list(read_inputs([url], max_bytes=LIMIT, **options))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("https://example.com/x", True), ("HTTP://x", True), ("ftp://x", False), ("http.txt", False)],
)
def test_fetch_is_url(value: str, expected: bool) -> None:
    assert is_url(value) is expected


@pytest.mark.parametrize("route", ["/page", "/page.html", "/gzip", "/redirect"])
def test_fetch_url_is_read_as_html(route: str) -> None:
    with _server() as base:
        (article,) = _read(base + route)
    assert isinstance(article, Article)
    assert article.source == base + route
    assert article.kind == "html"
    assert article.url == base + ("/page" if route == "/redirect" else route)
    assert "ferry between the islands" in article.text
    assert article.layout.headline is not None
    assert article.text[slice(*article.layout.headline)] == "Ferry resumes"


def test_fetch_declared_charset_is_used() -> None:
    with _server() as base:
        (article,) = _read(base + "/latin")
    assert isinstance(article, Article)
    assert "Tuesday’s café" in article.text
    assert article.encoding == "cp1252"


def test_fetch_feed_by_media_type() -> None:
    with _server() as base:
        (article,) = _read(base + "/feed")
    assert isinstance(article, Article)
    assert article.outlet == "Gazette"


def test_fetch_plain_text_naming_a_url_is_not_fetched_again() -> None:
    with _server() as base:
        (article,) = _read(base + "/text")
    assert isinstance(article, Article)
    assert article.text == "http://127.0.0.1:9/not-fetched"


@pytest.mark.parametrize(
    ("route", "error", "said"),
    [
        ("/missing", InputError, "the server answered HTTP 404 (Not Found)"),
        ("/declared-big", TooLargeError, "100,001 bytes exceeds max_bytes=100,000"),
        ("/endless", TooLargeError, "exceeds max_bytes=100,000"),
        ("/bomb", TooLargeError, "inflates past max_bytes=100,000"),
        ("/to-file", InputError, "Redirection to url 'file:///etc/passwd' is not allowed"),
        ("/to-ftp", InputError, "redirect to a URL that is not http(s): ftp://"),
        ("/loop", InputError, "HTTP 302"),
    ],
)
def test_fetch_failure_is_one_line(route: str, error: type[InputError], said: str) -> None:
    with _server() as base:
        items = _read(base + route)
    assert len(items) == 1
    assert isinstance(items[0], error)
    message = str(items[0])
    assert message.startswith(f"{base}{route}: ")
    assert said in message
    assert "\n" not in message


@pytest.mark.parametrize("route", ["/slow", "/trickle"])
def test_fetch_slow_server_times_out(route: str) -> None:
    with _server() as base:
        began = time.monotonic()
        (item,) = _read(base + route, timeout=0.5)
        took = time.monotonic() - began
    assert isinstance(item, InputError)
    assert "cannot fetch" in str(item)
    assert took < 1.4


def test_fetch_unreachable_url_is_one_line_and_the_rest_goes_on(tmp_path: object) -> None:
    with _server() as base:
        items = list(read_inputs(["http://127.0.0.1:9/report", base + "/page"], timeout=5))
    assert isinstance(items[0], InputError)
    assert str(items[0]).startswith("http://127.0.0.1:9/report: cannot fetch (")
    assert isinstance(items[1], Article)
