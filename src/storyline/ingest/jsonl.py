"""JSON and JSONL article objects: ``text`` or ``html``, plus url, published, headline, outlet.

A JSON file holds one object or a list of them; a JSONL file one object per line. When an
object gives its headline apart from its text, the record's text is the headline, a blank
line, then the text, so that the headline is a span like everywhere else.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

from storyline.errors import EmptyInputError, InputError
from storyline.ingest.article import Article, Layout
from storyline.ingest.dates import parse_published
from storyline.ingest.html import read_html
from storyline.ingest.text import read_text

__all__ = ["read_json", "read_jsonl"]


def read_json(
    source: str, raw: str, *, published: date | None = None, encoding: str | None = None
) -> Iterator[Article | InputError]:
    """Yield the articles of a JSON document (one object, or a list of objects).

    Raises:
        InputError: the document is not JSON, or holds no object.
    """
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    items = data if isinstance(data, list) else [data]
    if not items:
        raise EmptyInputError(source)
    for i, item in enumerate(items, 1):
        name = source if len(items) == 1 else f"{source}[{i}]"
        yield _guard(name, item, published, encoding)


def read_jsonl(
    source: str, raw: str, *, published: date | None = None, encoding: str | None = None
) -> Iterator[Article | InputError]:
    """Yield the articles of a JSONL document, one per non-blank line, with failures in place."""
    n = 0
    for lineno, line in enumerate(raw.split("\n"), 1):
        if not line.strip():
            continue
        n += 1
        name = f"{source}:{lineno}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(name, f"not valid JSON ({exc.msg})")
            continue
        yield _guard(name, item, published, encoding)
    if n == 0:
        raise EmptyInputError(source)


def _guard(
    name: str,
    item: object,
    published: date | None,
    encoding: str | None,
) -> Article | InputError:
    try:
        return article_from_object(name, item, published=published, encoding=encoding)
    except InputError as exc:
        return exc


def article_from_object(
    source: str,
    item: object,
    *,
    published: date | None = None,
    encoding: str | None = None,
) -> Article:
    """Return the Article of one JSON object.

    Raises:
        InputError: the object has neither a non-empty ``text`` nor ``html``.
    """
    if not isinstance(item, dict):
        raise InputError(source, "expected a JSON object with 'text' or 'html'")
    url = _str(item.get("url"))
    outlet = _str(item.get("outlet"))
    pub = published or parse_published(item.get("published"))
    html, text = _str(item.get("html")), _str(item.get("text"))
    if html and html.strip():
        return read_html(source, html, published=pub, url=url, outlet=outlet, encoding=encoding)
    if not text or not text.strip():
        raise InputError(source, "the object has no 'text' or 'html' to read")
    headline = _str(item.get("headline"))
    if not headline or text.lstrip().startswith(headline.strip()):
        return read_text(source, text, encoding=encoding, published=pub, url=url, outlet=outlet)
    headline = headline.strip()
    body = read_text(source, text, encoding=encoding)
    shift = len(headline) + 2
    layout = Layout(
        section=None,
        headline=(0, len(headline)),
        captions=tuple(c.shifted(shift) for c in body.layout.captions),
    )
    return Article(
        source=source,
        text=f"{headline}\n\n{text}",
        layout=layout,
        published=pub,
        url=url,
        outlet=outlet,
        encoding=encoding,
        kind="json",
    )


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None
