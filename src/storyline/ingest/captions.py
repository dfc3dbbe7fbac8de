"""Spans of the kicker, headline and captions with credits spliced into plain text.

Scraped plain text keeps what the page showed in reading order: a section kicker ("US News"),
the headline, then body paragraphs with photo captions spliced between them. Nothing in the
text marks a caption: its words often read exactly like a body sentence, because the caption
retells the story. What gives it away is the photo credit that ends it ("... on Sunday. via
REUTERS", "(AP Photo/Evan Vucci)", "Jack Guez/AFP via Getty Images"). So:

- **The credit at the end of a line is the decisive cue.** A line is a caption only when it
  ends with a credit, or when it opens with a caption label ("Photo: ...") and is short. Body
  sentences that merely mention an agency ("..., Reuters reported.", "told AFP") end with a
  period after the name, or have no sentence break before it, so they never qualify.
- **Credits are data.** Wire services, photo agencies and credit roles are tables below,
  matched whole, part by part ("Name/AGENCY via SERVICE"); a credit must name one of them,
  unless a label introduces it ("Photo: Jane Doe") or a slash joins a photographer to an outlet
  right after a sentence.
- **How sure a credit is decides where it may stand.** A photo-service or "Name/Agency" credit
  counts anywhere at the end of a line; "via AGENCY" needs a sentence break, a dash or a line
  of its own before it; a bare wire name ("REUTERS", "(AFP)") needs a sentence break or
  parentheses, is never a line of its own (bylines) and never ends the last line of the text,
  where wire copy signs off ("... on Monday. (Reuters)").
- **Precision over recall.** A false caption removes body text from analysis; a missed one
  leaves a caption in the body. Captions have a word limit, multi-line captions are joined
  only across hard-wrapped lines, and a caption line with its credit on the next line is
  joined only when the two lines form a paragraph of their own.
- **Kicker and headline come from the first lines** (headings.py), once the page debris of
  debris.py (ads, interface lines, bylines, publication lines) is set apart; gallery captions,
  the dateline and crossheads follow (layout.py).

The text is never modified: every range is a ``str`` index pair into it, surrounding
whitespace excluded, and CRLF line endings are kept as they are.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace

from storyline.ingest.article import CaptionSpan, DebrisSpan, Layout
from storyline.ingest.debris import classify_lines
from storyline.ingest.headings import BYLINE, DATE_LINE, find_heading, strip_markup
from storyline.ingest.layout import finish_layout
from storyline.ingest.lines import CLOSERS, SENTENCE_END, SPACE, UPPER, Line, split_lines
from storyline.lexicon import agencies

__all__ = ["detect_layout"]

log = logging.getLogger(__name__)

Range = tuple[int, int]

# --- Thresholds -------------------------------------------------------------------------------
_MAX_CAPTION_WORDS = 80  # words of caption text before a credit: AP captions run to ~60
_MAX_WEAK_CAPTION_WORDS = 50  # words, when the credit is a bare wire name ("... REUTERS")
_MAX_LABELLED_CAPTION_WORDS = 40  # words of a "Photo: ..." line that has no credit
_MIN_TITLED_CAPTION_WORDS = 6  # words after the title of a "Title: caption" paragraph
_MAX_JOINED_CAPTION_WORDS = 40  # words of a caption line whose credit is on the next line
_MAX_CREDIT_CHARS = 120  # characters: how far back from the end of a line a credit may start
_MAX_LOOSE_CREDIT_WORDS = 12  # words after a label such as "Photo by" or "Credit:"

# --- Credit vocabulary ------------------------------------------------------------------------
# Wire services and photo services, from ``storyline/lexicon/agencies.tsv`` (each name with its
# source; the same data folder lists the news outlets extract reads). Wire services: alone at
# the end of a caption they are a credit ("... Oct. 7. REUTERS"), but the same names sign off
# wire copy ("- AFP", "(Reuters)") and fill bylines, so alone they are weak. From the agencies'
# own photo-credit styles (Reuters "REUTERS/Name", AP "(AP Photo/Name)", AFP "NAME/AFP", EPA-EFE
# "EPA-EFE/NAME") and the national agencies of the European Alliance of News Agencies and OANA
# that credit photos in English. Photo services: photo agencies, picture desks and stock
# libraries, from Getty Images' partner credit lines ("NurPhoto via Getty Images"), the
# trafilatura eval "without" snippets (research/extraction_time.md A.5: "TebNad/Shutterstock.com",
# "Photo by ev on Unsplash") and the Israeli and Palestinian photo agencies of the Gaza war
# coverage. Any of these ending a line after a sentence break is a credit.
_WIRE_AGENCIES = tuple(a.name for a in agencies() if a.kind == "wire")
_PHOTO_SERVICES = tuple(a.name for a in agencies() if a.kind == "photo")
# Roles a credit names next to the agency: "IDF/Handout via REUTERS", "(AP Photo/Name, File)",
# "POOL/AFP", "REUTERS/Name/File Photo" (the same agencies' credit styles).
_CREDIT_ROLES = (
    "Handout",
    "Pool",
    "Pool Photo",
    "Pool via AP",
    "File",
    "Files",
    "File Photo",
    "Stringer",
    "Staff",
    "Reuters Files",
    "AFP Files",
)
# --- Patterns (compiled once) -----------------------------------------------------------------


def _variants(names: tuple[str, ...]) -> str:
    """Return an alternation of the names as written and in capitals, longest first."""
    forms = {form for name in names for form in (name, name.upper())}
    return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))


# An agency may be followed by "file": "Leonhard Foeger / Reuters file", "REUTERS File Photo".
_AGENCY = re.compile(
    rf"(?:{_variants(_WIRE_AGENCIES + _PHOTO_SERVICES)})(?:[ ](?i:file(?:[ ]photo)?|files))?"
)
_SERVICE = re.compile(_variants(_PHOTO_SERVICES + _CREDIT_ROLES))
_LOWER_NAMES = tuple(n for n in _WIRE_AGENCIES + _PHOTO_SERVICES if n[0].islower())

# A name word: capitalised or in capitals ("Jane", "GPO", "EPA-EFE", "O'Neil", "al-Masri"), an
# initial ("J."), or an agency written in lower case ("dpa", "picture alliance").
_WORD = (
    rf"(?:(?:al|el|ad|an|ar|as|at|az|abu|ibn|bin|da|de|di|du|la|le|van|von)[-'’])?"
    rf"(?:(?:[{UPPER}]\.)+|[{UPPER}](?:[\w'’&-]|\.(?=\w))*)"
    rf"|(?:{_variants(_LOWER_NAMES)})(?![\w-])"
)
# Lower-case words inside a name: "Jose de la Cruz", "Jane Doe for The Daily Star".
_PARTICLE = (
    r"(?:de|da|del|della|di|do|dos|das|du|van|von|der|den|ter|ten|le|la|y|bin|ibn|al|el"
    r"|of|for|the|and|&)"
)
_PART = rf"(?:{_WORD})(?:{SPACE}+(?:{_PARTICLE}{SPACE}+){{0,3}}(?:{_WORD})){{0,7}}"
# Between the parts of one credit: "/", " | ", " via ", ", ", and " - " ("Name/AFP - Getty Images").
_PART_SEP = rf"{SPACE}*/{SPACE}*|{SPACE}+[|—–]{SPACE}+|{SPACE}+(?i:via){SPACE}+|,{SPACE}*"
_CHAIN = rf"(?:{_PART})(?:(?:{_PART_SEP})(?:{_PART})){{0,5}}"

# Labels that introduce a credit. A colon label is explicit enough to follow any word.
_COLON_LABEL = (
    r"(?i:(?:(?:photo|image|picture)\s+)?(?:credits?|courtesy)|photo(?:graph)?s?|pictures?|pics?"
    r"|images?|file(?:\s+photo)?)\s*(?::|\.\.\.|…)"
)
_WORD_LABEL = (
    r"(?i:(?:photo(?:graph)?s?|pictures?|images?)\s+by|(?:photo\s+)?courtesy(?:\s+of)?"
    r"|photo\s+credit\s+should\s+read|image\s+copyright|copyright(?:\s+\d{4})?)\s+"
    r"|©\s*(?:\d{4}\s*)?"
)
_VIA_LABEL = rf"(?i:via){SPACE}+"
_LABEL = re.compile(
    rf"(?P<colon>{_COLON_LABEL}){SPACE}*|(?P<word>{_WORD_LABEL})|(?P<via>{_VIA_LABEL})"
)
_CREDIT = re.compile(rf"(?:(?:{_COLON_LABEL}){SPACE}*|(?:{_WORD_LABEL})|(?:{_VIA_LABEL}))?{_CHAIN}")
# After a label the credit may be free words ("Photo by ev on Unsplash"), with no sentence break.
_LOOSE_WORD = r"(?:(?:[A-Z]\.)+|[^\s!?;.()\[\]]+(?:\.[^\s!?;.()\[\]]+)*)"
_LOOSE_CREDIT = re.compile(
    rf"(?:(?:{_COLON_LABEL}){SPACE}*|(?:{_WORD_LABEL})){_LOOSE_WORD}"
    rf"(?:{SPACE}+{_LOOSE_WORD}){{0,{_MAX_LOOSE_CREDIT_WORDS - 1}}}"
)
SPACELIT_PARTS = re.compile(_PART_SEP)
_VIA_INSIDE = re.compile(rf"{SPACE}(?i:via){SPACE}")
# A line that opens with a caption label: "Photo: ...", "Pictured: ...", "Image caption ...".
# A caption's title: a few words, or a quoted phrase, then a colon and a capitalised word.
_CAPTION_TITLE = re.compile(
    rf"(?:[{UPPER}][\w'’-]*(?:{SPACE}+[\w'’-]+){{0,4}}|['‘\"“][^'’\"”\n]{{2,60}}['’\"”])"
    rf":{SPACE}+(?=[{UPPER}\"'“‘])"
)
_CAPTION_LABEL = re.compile(
    r"(?i:(?:photo|image|picture)\s+caption\b:?|(?:photo(?:graph)?s?|pictures?|pics?|images?"
    r"|pictured|caption)\s*:)\s*\S"
)

_INITIAL_END = re.compile(r"(?:^|[\s.])[A-Z]\.$")  # "Amy K." "Ringo H.W.": not a sentence end
SPACEACED_SLASH = re.compile(r"\s/|/\s")

_DASHES = "—–-|•·/"

# Where a credit stands, by what comes before it on its line.
_ON_LINE = "line"  # nothing: the credit is the whole line
_AFTER_SENTENCE = "sentence"  # final punctuation: "... on Sunday. REUTERS"
_IN_PARENS = "parens"  # "... on Sunday (AP Photo/Name)"
_AFTER_DASH = "dash"  # "... on Sunday - Name/AFP via Getty Images"
_AFTER_WORD = "word"  # a plain space: "... on Sunday REUTERS/Name"
_ANYWHERE = frozenset({_ON_LINE, _AFTER_SENTENCE, _IN_PARENS, _AFTER_DASH, _AFTER_WORD})
_NOT_AFTER_WORD = frozenset({_ON_LINE, _AFTER_SENTENCE, _IN_PARENS, _AFTER_DASH})
_AFTER_BREAK = frozenset({_AFTER_SENTENCE, _IN_PARENS, _AFTER_DASH})
_SENTENCE_OR_PARENS = frozenset({_AFTER_SENTENCE, _IN_PARENS})
_NOWHERE: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class _Credit:
    """A credit ending a line, and where the caption text before it ends."""

    start: int
    end: int
    caption_end: int
    is_alone: bool  # the credit is the whole line: no caption text before it


def detect_layout(text: str) -> Layout:
    r"""Find kicker, headline, photo captions, byline, dateline and page debris in plain text.

    Debris lines (ads, interface lines, bylines, publication lines: ingest/debris.py) are set
    apart first, so that none of them is taken for a kicker or a headline.

    Args:
        text: the report exactly as read; it is not modified.

    Returns:
        The ranges of the kicker and the headline (or None), and the captions in text order,
        each with its credit. A credit standing alone on a line is a caption with empty text.

    Example:
        >>> text = "World\n\nTalks stall\n\nShips docked. REUTERS/Jane Doe\n\nMore."
        >>> layout = detect_layout(text)
        >>> text[slice(*layout.headline)], layout.captions[0].credit
        ('Talks stall', 'REUTERS/Jane Doe')
    """
    lines = split_lines(text)
    if not lines:
        return Layout()
    last = len(lines) - 1
    credits = {
        i: found
        for i, line in enumerate(lines)
        if (found := _find_credit(text, line, is_signoff=last > 0 and i == last)) is not None
    }
    page = classify_lines(text, lines, credits=credits)
    kept = [i for i in range(len(lines)) if i not in page.claimed]
    markup, heading_lines = strip_markup(text, [lines[i] for i in kept])
    section, headline, n_heading = find_heading(
        text,
        heading_lines,
        {k for k, i in enumerate(kept) if i in credits},
        is_agency=lambda seg: _AGENCY.fullmatch(seg) is not None,
    )
    used = set(kept[:n_heading]) | page.claimed
    captions = _assemble_captions(text, lines, credits, used=used)
    layout = Layout(section=section, headline=headline, captions=captions)
    layout = finish_layout(text, lines, layout, page)
    if markup is not None and n_heading and headline is not None and headline[0] == markup[1]:
        debris = (DebrisSpan(*markup, "markup"), *layout.boilerplate)
        layout = replace(layout, boilerplate=debris)
    log.debug(
        "layout: section=%s headline=%s captions=%d byline=%s dateline=%s debris=%d",
        section,
        headline,
        len(captions),
        layout.byline,
        layout.dateline,
        len(layout.boilerplate),
    )
    return layout


# --- Captions ---------------------------------------------------------------------------------


def _find_credit(text: str, line: Line, *, is_signoff: bool) -> _Credit | None:
    """Return the credit that ends ``line``, if it has one where such a credit may stand."""
    if BYLINE.match(text, line.start, line.end):
        return None  # "By Jane Doe/Reuters" is a byline, whatever its end looks like
    found = _credit_in_parens(text, line, is_signoff=is_signoff)
    if found is not None:
        return found
    fallback: _Credit | None = None
    for pos in range(max(line.start, line.end - _MAX_CREDIT_CHARS), line.end):
        if text[pos].isspace() or (pos > line.start and not text[pos - 1].isspace()):
            continue
        before = text[line.start : pos].rstrip()
        where = _where(before)
        match = _CREDIT.fullmatch(text, pos, line.end)
        if match is None and where != _ON_LINE:
            match = _LOOSE_CREDIT.fullmatch(text, pos, line.end)
        if match is None:
            continue
        places = _allowed_places(match.group())
        caption_end = line.start + len(before.rstrip(_DASHES).rstrip())
        if where == _AFTER_SENTENCE:
            caption_end = line.start + len(before)
        credit = _Credit(pos, line.end, caption_end, is_alone=where == _ON_LINE)
        if not _is_acceptable(text, line, credit, where, places, is_signoff=is_signoff):
            continue
        if where != _AFTER_WORD:
            return credit  # the leftmost credit after a break: the longest name
        fallback = fallback or credit
    return fallback


def _credit_in_parens(text: str, line: Line, *, is_signoff: bool) -> _Credit | None:
    """Return a credit in brackets closing the line: "... (AP Photo/Evan Vucci)"."""
    closer = text[line.end - 1]
    if closer not in ")]":
        return None
    opener = text.rfind("(" if closer == ")" else "[", line.start, line.end - 1)
    if opener < 0 or ")" in text[opener + 1 : line.end - 1]:
        return None
    inner = text[opener + 1 : line.end - 1]
    start = opener + 1 + len(inner) - len(inner.lstrip())
    end = opener + 1 + len(inner.rstrip())
    if start >= end:
        return None
    match = _CREDIT.fullmatch(text, start, end) or _LOOSE_CREDIT.fullmatch(text, start, end)
    if match is None:
        return None
    before = text[line.start : opener].rstrip()
    credit = _Credit(start, end, line.start + len(before), is_alone=not before)
    places = _allowed_places(match.group())
    if closer == "]" and places[1]:
        return None  # "[ Bloomberg ]" links to a story; a bare wire name needs parentheses
    if not _is_acceptable(text, line, credit, _IN_PARENS, places, is_signoff=is_signoff):
        return None
    return credit


def _where(before: str) -> str:
    """Classify what stands before a credit on its line (``before`` is right-stripped)."""
    if not before:
        return _ON_LINE
    last = before[-1]
    if last in _DASHES and (len(before) == 1 or before[-2].isspace() or before[-2] in _DASHES):
        return _AFTER_DASH
    core = before.rstrip(CLOSERS)
    if core and core[-1] in SENTENCE_END and not _INITIAL_END.search(core):
        return _AFTER_SENTENCE
    return _AFTER_WORD


def _allowed_places(credit: str) -> tuple[frozenset[str], bool]:
    """Return where a credit may stand (the surer it is, the fewer cues it needs) and if weak."""
    label = _LABEL.match(credit)
    body = credit[label.end() :] if label else credit
    parts = [p.strip() for p in SPACELIT_PARTS.split(body) if p.strip()]
    has_agency = any(_AGENCY.fullmatch(p) for p in parts)
    if label is not None and label.group("colon"):
        if label.group()[0].isupper() or "credit" in label.group().lower():
            return _ANYWHERE, False  # "Photo: Jane Doe", "image credit: Getty" are explicit
        return _NOT_AFTER_WORD, False  # "the big picture: ..." is a phrase
    if label is not None and label.group("word"):
        if label.group().lower().startswith(("©", "copyright")):
            return _AFTER_BREAK, False  # alone on a line, a copyright notice ends a page
        return _NOT_AFTER_WORD, False  # "photo by ..." could be a phrase in a headline
    if label is not None:  # "via REUTERS": a credit only if an agency follows
        return (_NOT_AFTER_WORD if has_agency else _NOWHERE), False
    if has_agency:
        if "/" in body:
            return _ANYWHERE, False  # "REUTERS/Jane Doe", "GPO/AFP via Getty Images"
        if any(_SERVICE.fullmatch(p) for p in parts) or _VIA_INSIDE.search(body):
            return _NOT_AFTER_WORD, False  # "Getty Images", "KCNA via REUTERS"
        return _SENTENCE_OR_PARENS, True  # a bare wire name: "REUTERS", "(AFP)"
    if "/" in body and len(parts) > 1 and not SPACEACED_SLASH.search(body):
        return _SENTENCE_OR_PARENS, False  # photographer/outlet: "Doug Mills/The New York Times"
    return _NOWHERE, False


def _is_acceptable(
    text: str,
    line: Line,
    credit: _Credit,
    where: str,
    places: tuple[frozenset[str], bool],
    *,
    is_signoff: bool,
) -> bool:
    """Check the place of a credit and the length of the caption before it."""
    allowed, is_weak = places
    if where not in allowed or (credit.is_alone and _ON_LINE not in allowed):
        return False
    if is_weak and is_signoff:
        return False  # "... on Monday. (Reuters)" ending a text is wire copy signing off
    n_words = len(text[line.start : credit.caption_end].split())
    if not credit.is_alone and n_words == 0:
        return False
    return n_words <= (_MAX_WEAK_CAPTION_WORDS if is_weak else _MAX_CAPTION_WORDS)


def _assemble_captions(
    text: str, lines: list[Line], credits: dict[int, _Credit], used: set[int]
) -> tuple[CaptionSpan, ...]:
    """Turn the credits into captions, then add the labelled captions that have no credit."""
    used = used | set(credits)
    is_wrapped_text = lines[-1].block > 0  # blank lines part paragraphs: single breaks wrap
    captions: list[CaptionSpan] = []
    for i, credit in sorted(credits.items()):
        line = lines[i]
        if credit.is_alone:
            start = end = line.start  # no caption text; from here the bracket is masked too
            if _is_caption_above(text, lines, i, used):
                start, end = lines[i - 1].start, lines[i - 1].end
                used.add(i - 1)
        else:
            start, end = line.start, credit.caption_end
            n_words = len(text[start:end].split())
            j = i - 1
            while (
                is_wrapped_text
                and j >= 0
                and j not in used
                and lines[j].block == line.block
                and _ends_mid_sentence(text, lines[j])
                and n_words + lines[j].n_words <= _MAX_CAPTION_WORDS
            ):
                start, n_words = lines[j].start, n_words + lines[j].n_words
                used.add(j)
                j -= 1
        captions.append(
            CaptionSpan(start, end, text[credit.start : credit.end], credit.start, credit.end)
        )
    for i, line in enumerate(lines):
        if i in used or i in credits:
            continue
        if (
            line.n_words <= _MAX_LABELLED_CAPTION_WORDS
            and _CAPTION_LABEL.match(text, line.start, line.end)
        ) or (is_wrapped_text and _is_titled_caption(text, lines, i)):
            captions.append(CaptionSpan(line.start, line.end))
    return tuple(sorted(captions, key=lambda c: c.start))


def _is_titled_caption(text: str, lines: list[Line], i: int) -> bool:
    """A caption titled by a few words and a colon, with no final stop, as a paragraph alone.

    "Mass burial: The bodies of 34 workers were buried a week after the disaster": some sites
    title every photo caption so and end it without a period. A body paragraph ends with a
    stop; a heading has no "Title: Sentence" shape and fewer words.
    """
    line = lines[i]
    alone = (i == 0 or lines[i - 1].block != line.block) and (
        i + 1 == len(lines) or lines[i + 1].block != line.block
    )
    if not alone or line.n_words > _MAX_CAPTION_WORDS:
        return False
    m = _CAPTION_TITLE.match(text, line.start, line.end)
    if m is None or len(text[m.end() : line.end].split()) < _MIN_TITLED_CAPTION_WORDS:
        return False
    return text[line.start : line.end].rstrip(CLOSERS)[-1:] not in SENTENCE_END + ",;:"


def _is_caption_above(text: str, lines: list[Line], i: int, used: set[int]) -> bool:
    """Whether the line above a lone credit is its caption: the two make a paragraph alone."""
    if i == 0 or (i - 1) in used:
        return False
    above, line = lines[i - 1], lines[i]
    if BYLINE.match(text, above.start, above.end) or DATE_LINE.match(text, above.start):
        return False
    starts_block = i - 1 == 0 or lines[i - 2].block != above.block
    ends_block = i + 1 == len(lines) or lines[i + 1].block != line.block
    return (
        above.block == line.block
        and starts_block
        and ends_block
        and above.n_words <= _MAX_JOINED_CAPTION_WORDS
    )


def _ends_mid_sentence(text: str, line: Line) -> bool:
    """Whether a line breaks off mid-sentence (hard-wrapped): it ends in a word or a comma."""
    last = text[line.end - 1]
    return last.islower() or last.isdigit() or last == ","
