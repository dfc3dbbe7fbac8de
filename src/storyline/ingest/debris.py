"""Page debris in scraped text: bylines, publication, interface, advertisement and gallery lines.

A scraped page keeps everything it showed in reading order, so the report's own words come
mixed with lines that are not the report: "By Jane Roe and John Doe", "Published March 3,
2025 4:12pm", "ADVERTISEMENT", "open image in gallery" before a photo caption, "Continue
reading the main story", "(Reporting by ...; Editing by ...)". Left in the body, they become
quote text, sentence subjects and kickers. Nothing lists them by their words: each is told by
its **shape**, with a short closed list of function words ("By", "Published", UI verbs such as
open, view, scroll, and the nouns such lines act on: image, gallery, video, story).

- **Whole lines.** Debris here is a whole line, or a run of lines (a publication block laid
  out over several lines, "By" on a line above the names).
- **Position narrows the doubt.** Bylines and bare date lines count only above the first body
  paragraph; interface, advertisement and labelled publication lines count anywhere, their
  shape is enough.
- **Precision over recall.** A line taken for debris leaves the analysis; so every rule asks for
  a short line and for every part of its shape: a byline is "By" and capitalised names, nothing
  else ("By the end of the day, 40 people had left." is a sentence).

This is the first pass, before captions are assembled, so that no debris line is taken for a
kicker or a headline; ``layout.py`` then takes the captions gallery markers bring, the
dateline and crossheads. The text is never modified: every range is a ``str`` index pair
into it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date

from storyline.ingest.article import BylineSpan
from storyline.ingest.lines import CLOSERS, SENTENCE_END, Line, is_body_paragraph, skip_space

__all__ = [
    "MAX_GALLERY_CAPTION_WORDS",
    "MIN_GALLERY_CAPTION_WORDS",
    "PageLines",
    "classify_lines",
    "counter_end",
    "is_credit_line",
    "published_date",
]

Range = tuple[int, int]

# --- Thresholds -------------------------------------------------------------------------------
_MAX_UI_WORDS = 8  # "SCROLL TO CONTINUE WITH CONTENT", "View image in fullscreen"
_MAX_UI_CHARS = 60
_MAX_BYLINE_WORDS = 16  # "By Jane Roe, John Doe and Max Mustermann, Associated Press"
_MAX_BYLINE_NAMES = 6
_MAX_NAME_WORDS = 5  # "Mary Ann Example", "Jose de la Cruz"
_MAX_DATE_TOKENS = 16  # "PUBLISHED: 09:10 EST, 4 June 2019 | UPDATED: 11:20 EST, 5 June 2019"
MIN_GALLERY_CAPTION_WORDS = 3  # "A rescuer waits": fewer words are a stray mark or a label
MAX_GALLERY_CAPTION_WORDS = 60  # a caption after a gallery marker, with no credit to close it
_MAX_SIGNOFF_WORDS = 200  # "(Additional reporting by ... in JAKARTA, ...; Editing by ...)"
_MAX_UNBRACKETED_SIGNOFF_WORDS = 40  # "Reporting by Jane Doe; Editing by John Roe"
_MAX_CREDIT_LINE_WORDS = 15  # "Credit via Reuters", "Photo by Jane Doe, via ..."

# --- Closed lists of function words -----------------------------------------------------------
# fmt: off
# Verbs of page furniture (buttons, links, prompts) and the things they act on. A line is
# interface when it is short and pairs one of each; neither alone makes it one.
_UI_VERBS = frozenset([
    "open", "opens", "view", "views", "close", "expand", "collapse", "enlarge", "zoom", "share",
    "scroll", "click", "tap", "swipe", "watch", "play", "continue", "continues", "read", "see",
    "skip", "hide", "show", "toggle", "subscribe", "download", "listen", "jump", "load", "return",
    "go",
])
_UI_OBJECTS = frozenset([
    "image", "images", "gallery", "galleries", "fullscreen", "full-screen", "screen", "photo",
    "photos", "picture", "pictures", "video", "videos", "slideshow", "content", "story",
    "article", "more", "below", "above", "caption", "captions", "comments", "comment", "link",
    "links", "player", "audio", "podcast", "newsletter", "page", "next", "previous", "here",
    "app", "transcript", "graphic", "interactive", "ad", "advertisement", "top",
])
# With one of these and one of those, an interface line is a gallery marker that a photo
# caption follows: "open image in gallery", "View image in fullscreen", "Enlarge this image".
_IMAGE_NOUNS = frozenset(["image", "images", "photo", "photos", "picture", "pictures"])
_VIEWER_WORDS = frozenset([
    "gallery", "fullscreen", "full-screen", "slideshow", "lightbox", "expand", "enlarge", "zoom",
])
# A line that is only one of these words labels a photo or video slot ("Photo", "Video").
_MEDIA_LABELS = frozenset([
    "photo", "photos", "photograph", "image", "images", "picture", "pictures", "video", "videos",
    "gallery", "audio", "graphic", "graphics", "slideshow", "listen", "watch", "photo gallery",
    "video player",
])
_AD_LABELS = frozenset([
    "advertisement", "advertising", "ad", "sponsored", "sponsored content", "paid content",
    "promoted", "partner content", "paid post", "ad feedback",
])
_NAME_PARTICLES = frozenset([
    "de", "da", "del", "della", "di", "do", "dos", "das", "du", "van", "von", "der", "den", "ter",
    "ten", "le", "la", "y", "bin", "ibn", "al", "el",
])
# Words after a name that say where its bearer works: "Jane Doe for The Daily Star".
_NAME_JOINERS = frozenset(["for", "in", "at", "from", "of", "the", "via"])
# fmt: on
# Roles of a wire report's sign-off: "(Reporting by Jane Doe; Editing by John Roe)".
_SIGNOFF_ROLES = (
    r"(?:additional\s+)?reporting|writing|editing|compiled|research|contributing|graphics"
    r"|production|translation|translated|fact-checking"
)

# --- Patterns ---------------------------------------------------------------------------------
_U = "A-ZÀ-ÖØ-Þ"  # capitals (Latin-1): "É" in "ÉVORA"
_L = "a-zß-öø-ÿ"
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = (
    r"(?:Mon(?:day)?|Tue(?:s(?:day)?)?|Wed(?:nesday)?|Thu(?:r(?:s(?:day)?)?)?|Fri(?:day)?"
    r"|Sat(?:urday)?|Sun(?:day)?)\.?"
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NUMBER = {m: i + 1 for i, m in enumerate(_MONTHS)}

_BY_LABEL = re.compile(
    r"(?:By|BY|(?:Written|Words|Story|Reporting|Posted|Text)[ ]by|(?:WRITTEN|WORDS|STORY"
    r"|REPORTING|POSTED|TEXT)[ ]BY)(?:[ \t]*:)?(?=\s|$)"
)
_NAME_WORD = re.compile(
    rf"(?:(?:al|el|abu|ibn|bin|da|de|di|du|la|le|van|von|d)[-'’])?(?:(?:[{_U}]\.)+|[{_U}][\w'’.\-]*)"
)
_NAME_SEPARATOR = re.compile(r"\s*,\s*|\s+(?:and|AND)\s+|\s*&\s*")
_BYLINE_TAIL = re.compile(r"\s*(?:[|•·]|\s[—–-]\s)\s*")  # "By Jane Roe | March 3, 2025"

_PUB_LABEL = re.compile(
    r"(?P<label>(?:first|last|originally)\s+(?:published|updated|posted|modified)"
    r"|published|updated|posted|modified|publish(?:ed)?\s+date)(?:\s+(?:on|at))?\s*:?",
    re.IGNORECASE,
)
_DATE_TOKEN = re.compile(
    rf"(?i:{_MONTH}|{_WEEKDAY}|\d{{1,4}}(?:st|nd|rd|th)?|\d{{1,2}}[:.]\d{{2}}(?:[:.]\d{{2}})?"
    r"(?:\s?[ap]\.?m\.?)?|\d{4}-\d{2}-\d{2}(?:T[\d:.+\-Z]*)?|\d{1,2}/\d{1,2}/\d{2,4}"
    r"|[ap]\.?m\.?|at|on|ago|hours?|hrs?|minutes?|mins?|days?|h|m|(?:gmt|utc)(?:[+-]\d{1,2}(?::?\d{2})?)?)"
    r"|[A-Z]{2,5}"  # a time zone: EST, ET, BST, AEDT
)
_DATE_SEPARATORS = ",|•·–—-/()"
_FULL_DATE = re.compile(
    rf"(?:{_WEEKDAY},?\s+)?(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH}),?\s+(?P<y2>\d{{4}}))"
    r"|(?P<iso>\d{4}-\d{2}-\d{2})(?!\d)",
    re.IGNORECASE,
)

_COUNTER = re.compile(
    r"(?:(?i:photos?|images?|pictures?|slides?|gallery)\s+)?\(?(?P<n>\d{1,3})\s*(?:of|/)\s*"
    r"(?P<m>\d{1,3})\)?(?P<stop>[.:|)]|\s*$)"
)
_CREDIT_LINE = re.compile(
    r"(?i:credits?\b|photo(?:graph)?s?\s*(?:by\b|:)|images?\s*(?:by\b|:)|pictures?\s*(?:by\b|:)"
    r"|courtesy\b|copyright\b)|©|(?:By|BY)\s+[{U}]".replace("{U}", _U)
)
# A wire sign-off in brackets may list dozens of reporters; one without them is a short line.
_SIGNOFF_IN_PARENS = re.compile(rf"\(\s*(?i:{_SIGNOFF_ROLES})\s+(?i:by)\s[^()]*\)")
_SIGNOFF_LINE = re.compile(
    rf"(?i:{_SIGNOFF_ROLES})\s+(?i:by)\s.*"
    r"|.*\b(?i:contributed\s+(?:to\s+)?(?:this\s+)?report(?:ing)?)\.?"
)

_WORD_PUNCTUATION = ".,:;!?()[]{}\"'“”‘’«»|•·›»▶►→<>*+"  # stripped from a word's ends
_LEADING_SYMBOLS = "▶►•›»+*→>|-–— \t"


@dataclass(frozen=True, slots=True)
class PageLines:
    """Whole lines found to be debris, by line index, before captions are assembled.

    ``kinds`` maps a line index to its kind ("advertisement", "interface", "gallery" for a
    gallery marker that brings a caption, "media" for a lone "Photo"/"Video" label, "counter"
    for "3 of 10", "published", "contributors"); ``byline_lines`` are the one or two lines of
    the byline.
    """

    kinds: dict[int, str] = field(default_factory=dict)
    byline: BylineSpan | None = None
    byline_lines: frozenset[int] = frozenset()
    published_at: Range | None = None

    @property
    def claimed(self) -> frozenset[int]:
        """Indices of every line this layer takes out of the body."""
        return frozenset(self.kinds) | self.byline_lines


# --- Line classification ----------------------------------------------------------------------


def classify_lines(
    text: str, lines: list[Line], *, skip: Collection[int] = (), credits: Collection[int] = ()
) -> PageLines:
    """Find the debris lines of a text: interface, ads, gallery markers, publication, byline.

    Args:
        text: the report exactly as read.
        lines: its lines (``split_lines``).
        skip: lines already known to be something else (headline, captions): left alone.
        credits: lines that end with a photo credit: never body paragraphs, never debris here.
    """
    kinds: dict[int, str] = {}
    for i, line in enumerate(lines):
        if i in skip or i in credits:
            continue
        kind = _line_kind(text, line)
        if kind is not None:
            kinds[i] = kind
    published_at = _publication_runs(text, lines, kinds, skip=skip)
    top = _first_body_line(text, lines, set(kinds) | set(skip) | set(credits))
    byline, byline_lines = _find_byline(text, lines, range(top), {*kinds, *skip, *credits})
    for i in range(top):
        if i in kinds or i in skip or i in credits or i in byline_lines:
            continue
        if _is_date_only(text[lines[i].start : lines[i].end]):
            kinds[i] = "published"  # a bare date under the headline is the publication date
            published_at = published_at or _date_range(text, lines[i])
    return PageLines(kinds, byline, frozenset(byline_lines), published_at)


def _line_kind(text: str, line: Line) -> str | None:
    """Return the debris kind of a whole line by its shape alone, or None."""
    seg = text[line.start : line.end]
    words = _words(seg)
    if not words:
        return None
    if " ".join(words) in _AD_LABELS:
        return "advertisement"
    if _is_counter(seg):
        return "counter"
    if len(words) <= 2 and " ".join(words) in _MEDIA_LABELS:
        return "media"
    if _is_interface(seg, words):
        if _IMAGE_NOUNS & set(words) and _VIEWER_WORDS & set(words):
            return "gallery"  # "open image in gallery", "View image in fullscreen"
        return "interface"
    if _is_publication_line(seg):
        return "published"
    if _SIGNOFF_IN_PARENS.fullmatch(seg) and line.n_words <= _MAX_SIGNOFF_WORDS:
        return "contributors"
    if _SIGNOFF_LINE.fullmatch(seg) and line.n_words <= _MAX_UNBRACKETED_SIGNOFF_WORDS:
        return "contributors"
    return None


def _words(seg: str) -> list[str]:
    """The line's words, lower case, stripped of punctuation; symbols alone are dropped."""
    out = []
    for raw in seg.split():
        word = raw.strip(_WORD_PUNCTUATION).lower()
        if any(ch.isalnum() for ch in word):
            out.append(word)
    return out


def _is_interface(seg: str, words: list[str]) -> bool:
    """A short line pairing a UI verb with what it acts on: "Continue reading the article".

    The verb opens the line (an imperative), or, on a line with no final stop, stands anywhere
    ("Story continues below advertisement").
    """
    if len(words) > _MAX_UI_WORDS or len(seg) > _MAX_UI_CHARS or len(words) < 2:
        return False
    if not any(w in _UI_OBJECTS for w in words):
        return False
    core = seg.lstrip(_LEADING_SYMBOLS)
    if not core or not core[0].isalpha():
        return False  # a quoted sentence: “Read more books,” she said.
    if words[0] in _UI_VERBS:
        return True
    ends_sentence = seg.rstrip(CLOSERS)[-1:] in SENTENCE_END
    return not ends_sentence and any(w in _UI_VERBS for w in words[1:]) and len(words) <= 6


def _is_counter(seg: str) -> bool:
    """A gallery counter, alone ("3 of 10") or before its caption ("3 of 10. A rescuer ...")."""
    m = _COUNTER.match(seg)
    if m is None or not 1 <= int(m.group("n")) <= int(m.group("m")):
        return False
    n_caption_words = len(seg[m.end() :].split())
    if n_caption_words == 0:
        return True
    return (
        m.group("stop").strip() != ""
        and MIN_GALLERY_CAPTION_WORDS <= n_caption_words <= MAX_GALLERY_CAPTION_WORDS
    )


def _is_publication_line(seg: str) -> bool:
    """A label ("Published", "Updated:") alone or followed by a date and time, nothing else."""
    m = _PUB_LABEL.match(seg)
    if m is None:
        return False
    rest = seg[m.end() :].strip()
    if not rest:
        return m.group().rstrip().endswith(":") or seg.strip().isupper()
    return _is_date_only(rest)


def _is_date_only(seg: str) -> bool:
    """Whether a stretch is only a date and time: date words, numbers, zones, labels, bars."""
    tokens = seg.replace("|", " | ").split()
    if not tokens or len(tokens) > _MAX_DATE_TOKENS or not any(ch.isdigit() for ch in seg):
        return False
    n_dated = 0
    for tok in tokens:
        core = tok.strip(_DATE_SEPARATORS + ":")
        if not core:
            continue
        if _PUB_LABEL.fullmatch(tok) or _PUB_LABEL.fullmatch(core):
            continue
        if not _DATE_TOKEN.fullmatch(core):
            return False
        n_dated += 1
    return n_dated > 0 and (_FULL_DATE.search(seg) is not None or _has_time(seg))


def _has_time(seg: str) -> bool:
    return re.search(r"\d{1,2}[:.]\d{2}", seg) is not None


def _publication_runs(
    text: str, lines: list[Line], kinds: dict[int, str], *, skip: Collection[int]
) -> Range | None:
    """Extend labelled publication lines over the date lines laid out below them.

    "PUBLISHED:" / "09:10 EST, 4 June 2019" / "|" / "UPDATED:" / "11:20 EST, 5 June 2019" is
    one block on some pages. A lone label with no date after it is no publication line.
    Returns the first publication date given under a "Published"/"Posted" label.
    """
    i = 0
    published_at: Range | None = None
    while i < len(lines):
        if kinds.get(i) != "published":
            i += 1
            continue
        j = i + 1
        while j < len(lines) and j not in skip:
            if kinds.get(j) == "published":
                j += 1
                continue
            seg = text[lines[j].start : lines[j].end]
            if j in kinds or not (_is_date_only(seg) or not any(ch.isalnum() for ch in seg)):
                break
            kinds[j] = "published"
            j += 1
        run = range(i, j)
        if not any(any(ch.isdigit() for ch in text[lines[k].start : lines[k].end]) for k in run):
            for k in run:
                del kinds[k]  # "Updated:" with no date: not a publication line after all
        elif published_at is None:
            published_at = _published_in_run(text, lines[run.start].start, lines[j - 1].end)
        i = j
    return published_at


def _published_in_run(text: str, start: int, end: int) -> Range | None:
    """The first full date after a "Published"/"Posted" label (never "Updated") in a run."""
    labels = list(_PUB_LABEL.finditer(text, start, end))
    for k, label in enumerate(labels):
        word = label.group("label").lower()
        if "updated" in word or "modified" in word:
            continue
        stop = labels[k + 1].start() if k + 1 < len(labels) else end
        m = _FULL_DATE.search(text, label.end(), stop)
        if m is not None:
            return m.span()
    return None


def _date_range(text: str, line: Line) -> Range | None:
    m = _FULL_DATE.search(text, line.start, line.end)
    return m.span() if m is not None else None


def dated_range(text: str, start: int, end: int) -> tuple[date, Range] | None:
    """The first full calendar date inside ``text[start:end]`` and where it is.

    For a dateline that carries its date ("VALMORA, March 3, 2025 (Reuters) -"): the same
    strict forms as :func:`published_date`.
    """
    for m in _FULL_DATE.finditer(text, start, end):
        day = published_date(m.group())
        if day is not None:
            return day, (m.start(), m.end())
    return None


def published_date(text: str) -> date | None:
    """Return the calendar date a publication line gives ("4 June 2019", "March 3, 2025").

    Strict: a month name, a day and a four-digit year, or an ISO date; anything else, or a day
    that does not exist, gives None.
    """
    m = _FULL_DATE.fullmatch(text.strip())
    if m is None:
        return None
    try:
        if m.group("iso"):
            return date.fromisoformat(m.group("iso"))
        month = m.group("m1") or m.group("m2")
        day = m.group("d1") or m.group("d2")
        year = m.group("y1") or m.group("y2")
        return date(int(year), _MONTH_NUMBER[month[:3].lower()], int(day))
    except ValueError:
        return None


# --- Bylines --------------------------------------------------------------


def _first_body_line(text: str, lines: list[Line], taken: Collection[int]) -> int:
    """Index of the first body paragraph (or the number of lines when there is none)."""
    for i, line in enumerate(lines):
        if i not in taken and is_body_paragraph(text, line):
            return i
    return len(lines)


def _find_byline(
    text: str, lines: list[Line], where: Iterable[int], taken: Collection[int]
) -> tuple[BylineSpan | None, set[int]]:
    """Return the first byline above the body: "By Jane Roe", or "By" on a line of its own."""
    for i in where:
        if i in taken:
            continue
        line = lines[i]
        label = _BY_LABEL.match(text, line.start, line.end)
        if label is None:
            continue
        rest_start = skip_space(text, label.end(), line.end)
        if rest_start < line.end:
            names = _byline_names(text[rest_start : line.end])
            if names:
                return BylineSpan(line.start, line.end, names), {i}
            continue
        nxt = i + 1
        if nxt < len(lines) and nxt not in taken:
            names = _byline_names(text[lines[nxt].start : lines[nxt].end])
            if names:
                return BylineSpan(line.start, lines[nxt].end, names), {i, nxt}
    return None, set()


def _byline_names(seg: str) -> tuple[str, ...]:
    """The names of a byline's text after "By", or () when it is not only names.

    "Jane Roe and John Doe" gives both; "JANE ROE, Associated Press" gives both parts (an
    outlet reads like a name); "the end of the day, 40 people had left." gives nothing.
    """
    tail = _BYLINE_TAIL.search(seg)
    if tail is not None and (_is_date_only(seg[tail.end() :]) or _PUB_LABEL.match(seg, tail.end())):
        seg = seg[: tail.start()]  # "By Jane Roe | Updated March 3, 2025"
    seg = seg.strip()
    if not seg or len(seg.split()) > _MAX_BYLINE_WORDS:
        return ()
    parts = [p for p in _NAME_SEPARATOR.split(seg) if p]
    if not parts or len(parts) > _MAX_BYLINE_NAMES:
        return ()
    names = []
    for part in parts:
        name = _name_of(part)
        if name is None:
            return ()
        names.append(name)
    return tuple(names)


def _name_of(part: str) -> str | None:
    """A name: capitalised words, inner particles ("de la"), joiners after it ("for The Star")."""
    words = part.split()
    if not words or not _NAME_WORD.fullmatch(words[0]):
        return None
    kept: list[str] = []
    joined = False
    for k, word in enumerate(words):
        if _NAME_WORD.fullmatch(word):
            if not joined:
                kept.append(word)
            continue
        is_last = k == len(words) - 1
        if word in _NAME_PARTICLES and not is_last and not joined:
            kept.append(word)
        elif word in _NAME_JOINERS and not is_last:
            joined = True  # "for The Daily Star": the rest is where the author works
        else:
            return None
    if len(kept) > _MAX_NAME_WORDS or kept[-1] in _NAME_PARTICLES:
        return None
    return " ".join(kept)


# --- For the gallery pass ---------------------------------------------------------------------


def counter_end(text: str, line: Line) -> int:
    """Where the gallery counter opening a line ends ("3 of 10." in "3 of 10. A rescuer ...")."""
    m = _COUNTER.match(text, line.start, line.end)
    return m.end() if m is not None else line.end


def is_credit_line(text: str, line: Line) -> bool:
    """A short line that credits a photo or video: "Credit via AP", "Photo by ...", "© ..."."""
    return line.n_words <= _MAX_CREDIT_LINE_WORDS and (
        _CREDIT_LINE.match(text, line.start, line.end) is not None
    )
