"""The section kicker and the headline: the first lines of a scraped report.

A kicker is a short line with no final punctuation followed by a headline ("US News"); a
headline is a line of at most a few dozen words with no final period, followed by more text.
A dateline ("WASHINGTON (AP) -- ..."), a byline ("By Jane Doe"), a date line or a first
paragraph ending with a period is never a headline. A Markdown heading mark ("# ") before the
first line is set apart, so that the headline is its words alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from storyline.ingest.lines import CLOSERS, MARKUP_HEADING, SPACE, UPPER, Line

__all__ = ["BYLINE", "DATE_LINE", "find_heading", "strip_markup"]

Range = tuple[int, int]

_MAX_KICKER_WORDS = 4  # words: "US News", "Middle East", "Israel-Hamas war"
_MAX_KICKER_CHARS = 40  # characters
_MAX_HEADLINE_WORDS = 25  # words: news headlines run 6-15 words, decks up to ~25
_MAX_HEADLINE_CHARS = 200  # characters

# Sections news sites print as a kicker above the headline (the sections of the seed outlet,
# of Reuters, AP, BBC and the Guardian). A known one is a kicker even with no headline after it.
_KNOWN_SECTIONS = (
    "News",
    "US News",
    "U.S. News",
    "US",
    "U.S.",
    "World",
    "World News",
    "Politics",
    "Business",
    "Markets",
    "Economy",
    "Tech",
    "Technology",
    "Science",
    "Health",
    "Climate",
    "Environment",
    "Sports",
    "Sport",
    "Opinion",
    "Analysis",
    "Middle East",
    "Europe",
    "Asia",
    "Asia Pacific",
    "Africa",
    "Americas",
    "Latin America",
    "UK",
    "UK News",
    "UK Politics",
    "National",
    "Local",
    "Metro",
    "Breaking News",
    "Exclusive",
    "Entertainment",
    "Culture",
    "Lifestyle",
    "Travel",
    "Israel-Hamas War",
    "Israel-Hamas war",
    "Ukraine",
    "Russia-Ukraine War",
    "Elections",
)

_SECTIONS = frozenset(s.casefold() for s in _KNOWN_SECTIONS)

# Lines that open a body or stand between headline and body.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*\.?"
BYLINE = re.compile(
    rf"(?:By|BY|Written by|Words by|Story by|Reporting by|Posted by){SPACE}+[{UPPER}]"
)
DATE_LINE = re.compile(
    rf"(?i:(?:published|updated|posted|last\s+updated|first\s+published|modified)"
    rf"(?:{SPACE}*:|{SPACE}+(?:on|at|\d|{_MONTH}|{_WEEKDAY}))"
    rf"|{_WEEKDAY},?{SPACE}+(?:\d|{_MONTH})"
    rf"|{_MONTH}{SPACE}+\d{{1,2}}(?:st|nd|rd|th)?,?{SPACE}+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?{SPACE}+{_MONTH},?{SPACE}+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.))"
)
# "WASHINGTON (AP) -- ", "GAZA CITY, Dec 4 (Reuters) - ", "Kyiv, Ukraine (CNN) -- ".
_DATELINE = re.compile(
    rf"[{UPPER}][{UPPER}.'’ -]{{2,}}[{UPPER}.](?:,[^—–()]{{1,40}})?{SPACE}*"
    rf"(?:\([^()]{{1,40}}\))?{SPACE}*[—–-]{{1,2}}(?:\s|$)"
    rf"|[^()]{{1,60}}\([{UPPER}][\w .&-]{{0,30}}\){SPACE}*[—–-]{{1,2}}(?:\s|$)"
)
_INITIALISM = re.compile(r"(?:\b[A-Z]\.){2,}$")  # "U.S." may end a kicker or a headline


def strip_markup(text: str, lines: list[Line]) -> tuple[Range | None, list[Line]]:
    """Set a Markdown heading mark ("# ") apart from the first line, which may be a headline."""
    if not lines:
        return None, lines
    first = lines[0]
    m = MARKUP_HEADING.match(text, first.start, first.end)
    if m is None:
        return None, lines
    rest = Line(m.end(), first.end, first.block, first.n_words - 1)
    return (first.start, m.end()), [rest, *lines[1:]]


# --- Kicker and headline ----------------------------------------------------------------------


def find_heading(
    text: str,
    lines: list[Line],
    credits: Collection[int],
    *,
    is_agency: Callable[[str], bool],
) -> tuple[Range | None, Range | None, int]:
    """Return the kicker, the headline and how many lines they take at the top.

    Args:
        text: the report exactly as read.
        lines: its lines, page debris left out.
        credits: indices of the lines that end with a photo credit: never a heading.
        is_agency: whether a line is only an agency name ("REUTERS"): never a headline.
    """
    if not lines or 0 in credits:
        return None, None, 0
    first = lines[0]
    second = lines[1] if len(lines) > 1 and 1 not in credits else None
    is_known = text[first.start : first.end].casefold() in _SECTIONS
    if second is not None and _is_kicker(text, first):
        if (
            len(lines) > 2
            and _is_headline(text, second, is_agency)
            and (second.n_words > first.n_words or is_known)
        ):
            return (first.start, first.end), (second.start, second.end), 2
        if is_known:
            return (first.start, first.end), None, 1
    if len(lines) > 1 and _is_headline(text, first, is_agency):
        return None, (first.start, first.end), 1
    return None, None, 0


def _is_kicker(text: str, line: Line) -> bool:
    """A kicker: a few words, capitalised, no final punctuation, no quotes or questions."""
    seg = text[line.start : line.end]
    return (
        line.n_words <= _MAX_KICKER_WORDS
        and len(seg) <= _MAX_KICKER_CHARS
        and (seg[0].isupper() or seg[0].isdigit())
        and not any(ch in seg for ch in '?!"“”:;')
        and not _ends_clause(seg)
        and _is_heading_like(seg)
    )


def _is_headline(text: str, line: Line, is_agency: Callable[[str], bool]) -> bool:
    """A headline: under the word limit, no final period, not a dateline, byline or date."""
    seg = text[line.start : line.end]
    return (
        line.n_words <= _MAX_HEADLINE_WORDS
        and len(seg) <= _MAX_HEADLINE_CHARS
        and (seg[0].isupper() or seg[0].isdigit() or seg[0] in "\"'“‘«")
        and not _ends_clause(seg)
        and _is_heading_like(seg)
        and not is_agency(seg)
    )


def _is_heading_like(seg: str) -> bool:
    """Not a byline, a date line or a dateline opening the body, and has letters."""
    return (
        any(ch.isalpha() for ch in seg)
        and BYLINE.match(seg) is None
        and DATE_LINE.match(seg) is None
        and _DATELINE.match(seg) is None
    )


def _ends_clause(seg: str) -> bool:
    """Whether a line ends like body text: a final period, a comma or colon, a quoted sentence."""
    core = seg.rstrip(CLOSERS)
    if not core:
        return True
    last = core[-1]
    if last in ",;:-—–":
        return True
    if last == ".":
        return not (core == seg and _INITIALISM.search(core) is not None)
    if last in "!?…":
        return core != seg  # "Is the truce over?" is a headline; "“Go!”" is a quoted sentence
    return False
