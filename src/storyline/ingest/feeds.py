"""RSS and Atom feed files: one article per entry, with its link, date, title and text.

feedparser reads the feed (every RSS version, Atom, RDF; it also sanitises the HTML). An entry's
text is its full ``content`` when the feed carries it, else its ``summary``; HTML in either is
turned into plain paragraphs, because a feed fragment is not a page trafilatura can extract
from. The entry becomes the same JSON-like object the JSON reader takes, so the headline is a
span of the text like everywhere else.

feedparser is handed a stream, never bytes or a string: given those it tries them as a URL to
download and as a file name to open (``feedparser.api._open_resource``), so a feed whose text
is ``/dev/zero`` or ``http://127.0.0.1/`` would be fetched or opened instead of read.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from datetime import date
from functools import partial
from typing import Any

import feedparser
import lxml.html
from lxml import etree

from storyline.errors import EmptyInputError, InputError, one_line
from storyline.ingest.article import Article
from storyline.ingest.guard import contain
from storyline.ingest.jsonl import article_from_object

__all__ = ["FEED_SUFFIXES", "is_feed", "read_feed"]

FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
_XML_DECL = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>")
_FEED_ROOT = re.compile(r"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr")
_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")


def is_feed(head: str) -> bool:
    """Whether the first characters of a document are those of an RSS, Atom or RDF feed."""
    return _FEED_ROOT.search(head[:1024]) is not None


def read_feed(
    source: str, raw: str, *, published: date | None = None, encoding: str | None = None
) -> Iterator[Article | InputError]:
    """Yield one Article (or InputError, in place) per entry of an RSS or Atom feed.

    Raises:
        InputError: the document is not a feed, or a feed with no entries.
    """
    # The text is already decoded: drop the XML declaration so its encoding cannot mislead.
    stream = io.BytesIO(_XML_DECL.sub("", raw).encode("utf-8", "replace"))
    parsed: Any = feedparser.parse(stream)
    if not parsed.entries:
        if parsed.get("bozo") and not parsed.get("version"):
            reason = one_line(str(parsed.get("bozo_exception", "unreadable")))
            raise InputError(source, f"not a valid RSS or Atom feed ({reason})")
        raise EmptyInputError(source)
    outlet = parsed.feed.get("title") or None
    for i, entry in enumerate(parsed.entries, 1):
        name = f"{source}#{i}"
        yield contain(name, partial(_entry_article, name, entry, outlet, published, encoding))


def _entry_article(
    name: str,
    entry: Any,  # noqa: ANN401 - feedparser is untyped
    outlet: str | None,
    published: date | None,
    encoding: str | None,
) -> Article:
    """Return the Article of one feed entry."""
    item = _entry_object(name, entry, outlet)
    return article_from_object(name, item, published=published, encoding=encoding)


def _entry_object(name: str, entry: Any, outlet: str | None) -> dict[str, str | None]:  # noqa: ANN401
    """Return the JSON-like article object of one feed entry."""
    body = ""
    for part in entry.get("content") or []:
        body = part.get("value") or ""
        if body.strip():
            break
    if not body.strip():
        body = entry.get("summary") or ""
    text = _plain(body)
    if not text.strip():
        raise InputError(name, "the feed entry has no summary or content to read")
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    return {
        "text": text,
        "headline": _plain(entry.get("title") or "") or None,
        "url": entry.get("link") or None,
        "published": time.strftime("%Y-%m-%d", when) if when else None,
        "outlet": outlet,
    }


def _plain(fragment: str) -> str:
    """Return the text of an HTML fragment, one paragraph per block, blank lines between."""
    if not _TAG.search(fragment):
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return _TAG.sub(" ", fragment).strip()
    for el in root.iter(*_BLOCKS):
        el.tail = "\n\n" + (el.tail or "")
    text = root.text_content()
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)
