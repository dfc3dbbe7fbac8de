"""HTML: trafilatura for the main text and metadata, htmldate for the publication date.

The record's text is composed here, so that the headline and the photo captions are spans
of it like everywhere else: ``headline``, a blank line, the body paragraphs trafilatura
keeps, then one line per caption (its text, a space, its credit). Captions come from
``figure/figcaption`` (and elements whose class says caption), removed from the tree before
trafilatura sees it so that they never leak into the body.

The page is parsed here, once, with lxml, and htmldate and trafilatura are handed the tree,
never the string: both take a string that starts with ``http`` and has no space for a URL and
download it (``htmldate.utils.load_html``), so an ``html`` field of a JSON object, or a WARC
body, reading ``http://127.0.0.1/...`` would make storyline open a connection.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date

import lxml.html
import trafilatura
from htmldate import find_date
from lxml import etree

from storyline.errors import InputError
from storyline.ingest.article import Article, CaptionSpan, Layout
from storyline.ingest.captions import detect_layout
from storyline.ingest.decode import replace_surrogates
from storyline.ingest.layout import add_debris

__all__ = ["read_html"]

log = logging.getLogger(__name__)

# Where photo captions and their credits live in news HTML (schema.org, WordPress, Arc, Guardian).
_CAPTION_XPATH = (
    "//figcaption"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' caption ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' wp-caption-text ')]"
)
_CREDIT_CLASS = re.compile(r"credit|copyright|byline|photographer|source|author", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
# An XHTML page's XML declaration: the text is decoded already, and lxml refuses a str that
# still declares an encoding ("Unicode strings with encoding declaration are not supported").
_XML_DECL = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>")
MIN_CAPTION_WORDS = 3  # a shorter caption element with no credit is a widget, not a caption


@dataclass(frozen=True, slots=True)
class _Caption:
    text: str
    credit: str | None


def read_html(
    source: str,
    html: str,
    *,
    published: date | None = None,
    url: str | None = None,
    outlet: str | None = None,
    encoding: str | None = None,
) -> Article:
    """Return the Article of an HTML page: body, headline, captions with credits, metadata.

    Raises:
        InputError: the page has no article text trafilatura can find (empty or truncated).
    """
    if _is_truncated(html):
        raise InputError(source, "truncated HTML: the document ends before </html>")
    try:
        tree = lxml.html.fromstring(_XML_DECL.sub("", html, count=1))
    except (etree.ParserError, ValueError) as exc:
        raise InputError(source, f"cannot parse the HTML ({exc})") from exc
    pub = published or _find_published(tree)
    captions = _pop_captions(tree)
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        include_tables=False,
        favor_precision=True,
    )
    if isinstance(doc, dict):  # only with as_dict=True, which we never pass
        raise TypeError("trafilatura returned a dict")
    body = (doc.text if doc is not None else None) or ""
    if not body.strip():
        raise InputError(source, "no article text found in the HTML")
    body = replace_surrogates(body)
    title = _clean(doc.title) if doc is not None and doc.title else None
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    if title and paragraphs and _clean(paragraphs[0]) == title:
        paragraphs = paragraphs[1:]  # trafilatura keeps the <h1>; the headline is set apart
    return _compose(
        source,
        title,
        paragraphs,
        captions,
        published=pub,
        published_from="argument" if published else ("metadata" if pub else None),
        url=url or _meta(doc.url if doc is not None else None),
        outlet=outlet or _meta(doc.sitename if doc is not None else None),
        byline=_meta(doc.author if doc is not None else None),
        encoding=encoding,
    )


def _compose(
    source: str,
    title: str | None,
    paragraphs: list[str],
    captions: list[_Caption],
    **facts: str | date | None,
) -> Article:
    parts: list[str] = []
    headline = None
    pos = 0
    if title:
        parts.append(title)
        headline = (0, len(title))
        pos = len(title) + 2
    body = "\n\n".join(paragraphs)
    parts.append(body)
    pos += len(body) + 2
    spans: list[CaptionSpan] = []
    for cap in captions:
        line = cap.text if not cap.credit else f"{cap.text} {cap.credit}".strip()
        if cap.credit:
            c_start = pos + len(line) - len(cap.credit)
            end = pos + len(cap.text.rstrip())
            spans.append(CaptionSpan(pos, end, cap.credit, c_start, c_start + len(cap.credit)))
        else:
            spans.append(_caption_of_line(line, pos))
        parts.append(line)
        pos += len(line) + 2
    text = "\n\n".join(parts)
    return Article(
        source=source,
        text=text,
        layout=add_debris(text, Layout(headline=headline, captions=tuple(spans))),
        kind="html",
        **facts,  # type: ignore[arg-type]
    )


def _caption_of_line(line: str, offset: int) -> CaptionSpan:
    """A figcaption with no credit element: look for a credit at its end in the text itself."""
    found = detect_layout(line).captions
    if found:
        c = found[-1]
        if c.credit_end is not None and c.credit_start is not None:
            return CaptionSpan(
                offset, offset + c.end, c.credit, offset + c.credit_start, offset + c.credit_end
            )
    return CaptionSpan(offset, offset + len(line))


def _pop_captions(tree: lxml.html.HtmlElement) -> list[_Caption]:
    captions: list[_Caption] = []
    seen: set[str] = set()
    for el in tree.xpath(_CAPTION_XPATH):
        if el.getparent() is None:
            continue
        credit = None
        for sub in el.iter():
            marks = f"{sub.get('class') or ''} {sub.get('itemprop') or ''}"
            if sub is not el and _CREDIT_CLASS.search(marks):
                credit = _text_of(sub)
                sub.drop_tree()
                break
        text = _text_of(el)
        if len(text.split()) < MIN_CAPTION_WORDS and not credit:
            continue  # "604 COMMENTS": a widget that borrowed the class, not a caption
        key = f"{text}|{credit}"
        if key not in seen:
            seen.add(key)
            captions.append(_Caption(text, credit or None))
        el.drop_tree()
    return captions


def _text_of(el: lxml.html.HtmlElement) -> str:
    """The words of an element, its children's texts joined by spaces, not glued together."""
    return _clean(" ".join(el.itertext()))


def _find_published(tree: lxml.html.HtmlElement) -> date | None:
    """The publication date htmldate finds in the page (it works on a copy of the tree)."""
    found = find_date(tree, extensive_search=True, original_date=True, outputformat="%Y-%m-%d")
    if not found:
        return None
    try:
        return date.fromisoformat(found)
    except ValueError:
        log.debug("htmldate gave an unusable date %r", found)
        return None


def _is_truncated(html: str) -> bool:
    """A whole document (it opens with <html> or a doctype) that never closes is cut short."""
    head = html.lstrip("\ufeff \t\r\n")[:200].lower()
    whole = head.startswith(("<!doctype html", "<html"))
    return whole and "</html" not in html[-4096:].lower()


def _clean(s: str) -> str:
    return replace_surrogates(_SPACE.sub(" ", s).strip())


def _meta(value: str | None) -> str | None:
    """A metadata string trafilatura found, safe to write as UTF-8."""
    return replace_surrogates(value) if value else None
