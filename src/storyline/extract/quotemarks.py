"""Quoted stretches of text: quote marks paired per paragraph, across paragraphs when open.

News style: a quotation that runs over several paragraphs has an opening mark at the start
of each paragraph and a closing mark only at its very end. So a paragraph that ends with a
quote still open continues into the next paragraph *if* that paragraph opens with a quote
mark; otherwise the open quote is closed at the paragraph end. Unbalanced marks therefore
never swallow more than one paragraph, and nothing here can raise on odd counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Quoted", "find_quoted"]

# Opening and closing marks, paired by their Unicode roles; straight quotes decide by context.
_OPEN = {"“": "”", "«": "»", "„": "“"}
_CLOSE = {"”", "»"}
_STRAIGHT = '"'
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True, slots=True)
class Quoted:
    """The words between quote marks: ``start:end`` excludes the outer marks.

    ``open_mark`` is the offset of the opening mark, ``close_mark`` that of the closing
    mark, or ``None`` when the quote was closed by the end of its paragraph.
    """

    start: int
    end: int
    open_mark: int
    close_mark: int | None


def find_quoted(text: str, masked: tuple[tuple[int, int], ...] = ()) -> list[Quoted]:
    """Return every quoted stretch of the text outside the masked ranges, in order.

    Args:
        text: the article text.
        masked: ranges (captions, headline) whose marks are ignored.
    """
    out: list[Quoted] = []
    pending: tuple[int, str] | None = None  # (offset of the opening mark, closer) carried over
    for para in _PARAGRAPH.finditer(text):
        p_start, p_end = para.span()
        p_start = _after_lead(text, p_start, p_end, masked)
        if any(s < p_end and p_start < e for s, e in masked):
            if pending is not None:
                out.append(_close(text, pending[0], _last_before(text, p_start), None))
                pending = None
            continue
        first = _first_char(text, p_start, p_end)
        if pending is not None and (
            first is None or (text[first] not in _OPEN and text[first] != _STRAIGHT)
        ):
            out.append(_close(text, pending[0], _last_before(text, p_start), None))
            pending = None
        # a continuation's own opening mark is part of the content
        i = first + 1 if pending is not None and first is not None else p_start
        pending = _scan(text, i, p_end, pending, out)
    if pending is not None:
        out.append(_close(text, pending[0], len(text.rstrip()), None))
    return [q for q in out if q.end > q.start]


def _after_lead(text: str, start: int, end: int, masked: tuple[tuple[int, int], ...]) -> int:
    """Where a paragraph's own words begin after a masked lead (a dateline: "ROME (AP) —").

    A dateline is masked but the rest of its paragraph is body, often a quote; without this the
    whole paragraph would count as masked and its quote marks be ignored.
    """
    first = start
    while first < end and text[first].isspace():
        first += 1
    for s, e in masked:
        if s <= first < e < end:
            while e < end and text[e].isspace():
                e += 1
            return e
    return start


def _scan(
    text: str, i: int, end: int, pending: tuple[int, str] | None, out: list[Quoted]
) -> tuple[int, str] | None:
    """Pair marks in ``text[i:end]``; return the quote still open at the paragraph end."""
    while i < end:
        ch = text[i]
        if pending is None:
            if ch in _OPEN:
                pending = (i, _OPEN[ch])
            elif ch == _STRAIGHT and _opens(text, i):
                pending = (i, _STRAIGHT)
        else:
            closer = pending[1]
            if (ch == closer and (closer != _STRAIGHT or _closes(text, i))) or (
                closer != _STRAIGHT and ch in _CLOSE
            ):
                out.append(_close(text, pending[0], i, i))
                pending = None
            elif ch in _OPEN and closer != _STRAIGHT:
                # a second opener before any closer: the first quote was never closed
                out.append(_close(text, pending[0], _trim_end(text, i), None))
                pending = (i, _OPEN[ch])
        i += 1
    return pending


def _close(text: str, open_mark: int, end: int, close_mark: int | None) -> Quoted:
    start = open_mark + 1
    return Quoted(start, max(start, _trim_end(text, end)), open_mark, close_mark)


def _opens(text: str, i: int) -> bool:
    return (i == 0 or not text[i - 1].isalnum()) and i + 1 < len(text) and not text[i + 1].isspace()


def _closes(text: str, i: int) -> bool:
    return i + 1 >= len(text) or not text[i + 1].isalnum()


def _first_char(text: str, start: int, end: int) -> int | None:
    for i in range(start, end):
        if not text[i].isspace():
            return i
    return None


def _last_before(text: str, pos: int) -> int:
    return len(text[:pos].rstrip())


def _trim_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end
