r"""JSON and JSONL article objects: ``text`` or ``html``, plus url, published, headline, outlet.

A JSON file holds one object or a list of them; a JSONL file one object per line. When an
object gives its headline apart from its text, the record's text is the headline, a blank
line, then the text, so that the headline is a span like everywhere else.

The values are data, never addresses: an ``html`` or ``url`` that looks like a URL is not
fetched. Each string has its lone surrogates (``"\ud800"`` is valid JSON) replaced, so the
record can be written as UTF-8; JSON nested past the interpreter's depth or holding a number
too long to convert is an error for that document or line, not a crash.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from functools import partial

from storyline.errors import EmptyInputError, InputError
from storyline.ingest.article import Article, PublishedFrom
from storyline.ingest.dates import metadata_date
from storyline.ingest.decode import replace_surrogates
from storyline.ingest.guard import contain
from storyline.ingest.html import read_html
from storyline.ingest.text import read_text

__all__ = ["read_json", "read_jsonl"]

MAX_DATE_CHARS = 100  # a longer "published" is not a date, and dateparser's cost grows with it


def read_json(
    source: str, raw: str, *, published: date | None = None, encoding: str | None = None
) -> Iterator[Article | InputError]:
    """Yield the articles of a JSON document (one object, or a list of objects).

    Raises:
        InputError: the document is not JSON, or holds no object.
    """
    data = _loads(source, raw, with_line=True)
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
            item = _loads(name, line, with_line=False)
        except InputError as exc:
            yield exc
            continue
        yield _guard(name, item, published, encoding)
    if n == 0:
        raise EmptyInputError(source)


def _loads(name: str, raw: str, *, with_line: bool) -> object:
    """Parse JSON text, every way it can fail told as an InputError naming the input.

    Raises:
        InputError: not JSON, nested deeper than Python's recursion limit, or a number of
            more digits than ``int`` converts (4,300 by default, CVE-2020-10735).
    """
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}" if with_line else f"column {exc.colno}"
        raise InputError(name, f"not valid JSON ({exc.msg}: {where})") from exc
    except RecursionError as exc:
        raise InputError(name, "JSON nested too deeply to read (RecursionError)") from exc
    except ValueError as exc:  # the only other failure: a number past int's digit limit
        limit = sys.get_int_max_str_digits()
        raise InputError(name, f"JSON holding a number of more than {limit:,} digits") from exc


def _guard(
    name: str,
    item: object,
    published: date | None,
    encoding: str | None,
) -> Article | InputError:
    read = partial(article_from_object, name, item, published=published, encoding=encoding)
    return contain(name, read)


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
    pub = published or _published(item.get("published"))
    origin: PublishedFrom | None = "argument" if published else ("metadata" if pub else None)
    html, text = _str(item.get("html")), _str(item.get("text"))
    if html and html.strip():
        article = read_html(source, html, published=pub, url=url, outlet=outlet, encoding=encoding)
        return replace(article, published_from=origin or article.published_from)
    if not text or not text.strip():
        raise InputError(source, "the object has no 'text' or 'html' to read")
    headline = _str(item.get("headline"))
    if not headline or text.lstrip().startswith(headline.strip()):
        article = read_text(source, text, encoding=encoding, published=pub, url=url, outlet=outlet)
        return replace(article, published_from=origin or article.published_from)
    headline = headline.strip()
    body = read_text(source, text, encoding=encoding)
    shift = len(headline) + 2
    # The body's layout (captions, byline, dateline, debris) moved past the headline put first.
    layout = replace(body.layout.shifted(shift), section=None, headline=(0, len(headline)))
    from_text = pub is None and body.published_span is not None  # a "Published ..." line
    return Article(
        source=source,
        text=f"{headline}\n\n{text}",
        layout=layout,
        published=pub or body.published,
        published_span=_moved(body.published_span, shift) if from_text else None,
        published_from="text" if from_text else origin,
        url=url,
        outlet=outlet,
        byline=body.byline,
        encoding=encoding,
        kind="json",
    )


def _moved(rng: tuple[int, int] | None, by: int) -> tuple[int, int] | None:
    return None if rng is None else (rng[0] + by, rng[1] + by)


def _str(value: object) -> str | None:
    """A string value with its lone surrogates replaced (one for one); None for any other."""
    return replace_surrogates(value) if isinstance(value, str) else None


def _published(value: object) -> date | None:
    """The date a ``published`` value gives, a string too long to be a date giving none."""
    if isinstance(value, str) and len(value) > MAX_DATE_CHARS:
        return None
    return metadata_date(_str(value) if isinstance(value, str) else value)
