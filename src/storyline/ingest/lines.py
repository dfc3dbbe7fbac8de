"""The lines of a scraped text, as the layout detectors see them.

Captions, bylines, datelines and page debris are all recognised line by line, so the split is
made once, here: every non-blank line with its stripped range (``str`` indices into the text,
which is never modified), its paragraph and its word count. Line breaks are those of
``str.splitlines`` so CRLF, form feeds and U+2028 behave as Python does everywhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "CLOSERS",
    "LINE_BREAK",
    "MARKUP_HEADING",
    "OPENERS",
    "SENTENCE_END",
    "SPACE",
    "UPPER",
    "Line",
    "ends_with_stop",
    "is_body_paragraph",
    "opens_like_heading",
    "skip_space",
    "split_lines",
]

LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")  # as str.splitlines
CLOSERS = "\"'”’»)]"  # closing quotes and brackets after final punctuation
OPENERS = "\"'“‘«"
SENTENCE_END = ".!?…"
SPACE = r"[ \t\u00a0\u2009\u202f]"  # a regex class: spaces inside one line
UPPER = r"A-ZÀ-ÖØ-Þ\u0100-\u024f"  # a regex class body: capitals, Latin-1 and Extended-A/B
_MIN_BODY_WORDS = 10  # a body paragraph: this many words and a final stop (or twice as many)
MARKUP_HEADING = re.compile(r"#{1,6}[ \t]+(?=\S)")  # "# Headline", "## Crosshead" in Markdown


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line: its stripped range, its paragraph (block) and its word count.

    ``block`` counts blank-line-separated paragraphs: two lines share a block when no blank
    line stands between them (a hard-wrapped paragraph, or a text with single newlines only).
    """

    start: int
    end: int
    block: int
    n_words: int


def split_lines(text: str) -> list[Line]:
    """Return the non-blank lines; a blank line between two lines starts a new block."""
    lines: list[Line] = []
    block, pos, gap = 0, 0, False
    ends = [m.span() for m in LINE_BREAK.finditer(text)] + [(len(text), len(text))]
    for brk_start, brk_end in ends:
        raw = text[pos:brk_start]
        stripped = raw.strip()
        if stripped:
            if gap and lines:
                block += 1
            gap = False
            start = pos + len(raw) - len(raw.lstrip())
            lines.append(Line(start, pos + len(raw.rstrip()), block, len(stripped.split())))
        else:
            gap = True
        pos = brk_end
    return lines


def is_body_paragraph(text: str, line: Line) -> bool:
    """Whether a line reads as a paragraph of the report: enough words and a final stop."""
    if line.n_words >= 2 * _MIN_BODY_WORDS:
        return True
    core = text[line.start : line.end].rstrip(CLOSERS)
    return line.n_words >= _MIN_BODY_WORDS and core[-1:] in SENTENCE_END


def ends_with_stop(seg: str) -> bool:
    """Whether a line ends like a sentence or a clause: a stop, comma, colon or semicolon."""
    core = seg.rstrip(CLOSERS)
    return not core or core[-1] in SENTENCE_END + ",;:"


def opens_like_heading(seg: str) -> bool:
    """Whether a line opens with a capital or a digit (after quotes and a Markdown mark)."""
    core = MARKUP_HEADING.sub("", seg, count=1).lstrip(OPENERS)
    return bool(core) and (core[0].isupper() or core[0].isdigit())


def skip_space(text: str, pos: int, end: int) -> int:
    """Return the first position from ``pos`` (before ``end``) that is not whitespace."""
    while pos < end and text[pos].isspace():
        pos += 1
    return pos
