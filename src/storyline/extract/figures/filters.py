"""What is not a count: the number expressions ruled out before the parse is read.

Dates and times (the dates layer's mentions and spaCy's DATE/TIME labels), years, ages ("Smith,
45,", "aged 45"), street numbers, phone numbers and reference codes, numbers inside names
("Resolution 2334", "the 2nd Battalion"), ordinals that rank rather than count, durations
("three days"), and "one" used as a pronoun ("one of the most …", "no one").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from storyline.extract import quantities as qx
from storyline.extract.figures.heads import _count_event, change_of
from storyline.extract.figures.scan import _Quantity
from storyline.extract.lexicon import PERSON_NOUNS
from storyline.record.model import DateMention

MAX_AGE = 120  # an apposed number above this is not an age
MIN_WORD_ORDINAL = 100  # "first".."ninetieth" rank; "hundredth", "thousandth" can be totals
MAX_STREET_NAME_WORDS = 3  # capitalised words between a number and "Street"
YEAR_RANGE = (1000, 2100)  # a bare four-digit number in this range is read as a year

_YEAR_RE = re.compile(r"^\d{4}$")
# Phone numbers ("555-123-4567", "(212) 555-1234", "555-1234") and reference codes with two or
# more separators and a digit ("2013-01-S-025", "10-year-old"): spans, never counts.
_PHONE_RE = re.compile(
    r"(?<![\w-])(?:\+?\d{1,3}[\s.-])?(?:\(\d{2,4}\)\s?|\d{3}[.-])?\d{3}-\d{4}(?![\w-])"
)
_CODE_RE = re.compile(r"(?<![\w-])(?=[\w.]*\d)[\w.]+(?:[-–/][\w.]+){2,}(?![\w-])")

_DATE_LABELS = frozenset({"DATE", "TIME"})
# Entity labels whose numbers belong to a name ("Apollo 11", "the 2nd Battalion", "G7").
_NAME_LABELS = frozenset(
    {"PERSON", "ORG", "FAC", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "NORP"}
)
_CLOSERS = frozenset({",", ")", ";"})
_ONE_MOMENT_NOUNS = frozenset({"point", "stage", "moment", "juncture"})
_PERSON_HEADS = PERSON_NOUNS | qx.PERSON_COUNT_NOUNS


def _blocked_ranges(text: str, dates: Sequence[DateMention]) -> list[tuple[int, int]]:
    """Return sorted char ranges no figure may touch: date mentions, phones, reference codes."""
    ranges = [(d.start, d.end) for d in dates]
    ranges += [m.span() for m in _PHONE_RE.finditer(text)]
    ranges += [m.span() for m in _CODE_RE.finditer(text)]
    return sorted(ranges)


def _overlaps(ranges: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Return True if ``start:end`` overlaps one of the sorted, short ``ranges``.

    Only the few ranges starting just before ``end`` are looked at: blocked ranges are a date,
    a phone number or a code, never long enough to reach past eight others.
    """
    k = bisect.bisect_left(ranges, (end, end))
    return any(s < end and start < e for s, e in ranges[max(k - 8, 0) : k])


def _not_a_count(doc: Doc, q: _Quantity, blocked: Sequence[tuple[int, int]]) -> str | None:
    """Return why the expression is not a count (a date, an age, a name…), or None."""
    toks = doc[q.i : q.j]
    first, last = doc[q.i], doc[q.j - 1]
    if _overlaps(blocked, first.idx, last.idx + len(last)):
        return "date, phone number or code"
    anchor = _anchor(doc, q)
    head = anchor.head
    counts_a_noun = head.pos_ == "NOUN" and head.lemma_.lower() not in qx.TIME_UNITS
    # "up from 60 last week" is a count that changed, not a date
    dated = any(t.ent_type_ in _DATE_LABELS for t in toks)
    if dated and not counts_a_noun and change_of(anchor) is None:
        return "date or time"
    if any(t.ent_type_ in _NAME_LABELS for t in toks):
        return "inside a name"
    if any(":" in t.text for t in toks):
        return "time of day"
    after = doc[q.j].lower_ if q.j < len(doc) else ""
    before = doc[q.i - 1] if q.i > 0 else None
    if after in qx.TIME_SUFFIXES:
        return "time of day"
    if _is_year(q, toks, anchor):
        return "year"
    if before is not None and before.lower_ in qx.AGE_WORDS:
        return "age"
    if _is_apposed_age(doc, q, anchor):
        return "age in apposition"
    if before is not None and before.lower_ in qx.LABEL_WORDS:
        return "label"
    if before is not None and before.pos_ == "PROPN" and head.i == before.i:
        return "number in a name"
    if _is_street_number(doc, q.j):
        return "street number"
    if q.is_ordinal and _is_rank(doc, q, anchor):
        return "ordinal rank"
    if _is_pronoun_one(doc, q, anchor):
        return "'one' as a pronoun"
    if q.value == 2 and before is not None and before.lower_ == "the" and q.j - q.i == 1:
        return "'the two': a pair named before"  # "between the two countries", "the two men"
    return None


def _anchor(doc: Doc, q: _Quantity) -> Token:
    """Return the syntactic head of the number words (the token whose head is outside them)."""
    outside = [t for t in doc[q.i : q.j] if not (q.i <= t.head.i < q.j) or t.head.i == t.i]
    nums = [t for t in outside if t.lower_ not in qx.CURRENCY_SYMBOLS]
    return (nums or outside or [doc[q.j - 1]])[-1]


def _is_year(q: _Quantity, toks: Sequence[Token] | Span, anchor: Token) -> bool:
    if len(toks) != 1 or q.is_ordinal or q.value is None or not _YEAR_RE.match(toks[0].text):
        return False
    if not (YEAR_RANGE[0] <= q.value <= YEAR_RANGE[1]):
        return False
    return not (anchor.dep_ == "nummod" and anchor.head.tag_ in {"NNS", "NNPS"})


def _is_apposed_age(doc: Doc, q: _Quantity, anchor: Token) -> bool:
    """Return True for "Smith, 45, said": a small bare number between commas after a name."""
    if q.value is None or q.value > MAX_AGE or q.i < 2 or q.j >= len(doc):
        return False
    if doc[q.i - 1].text not in {",", "("} or doc[q.j].text not in _CLOSERS:
        return False
    if anchor.dep_ == "nummod" and anchor.head.i >= q.j:
        return False
    prev = doc[q.i - 2]
    return prev.pos_ == "PROPN" or prev.lemma_.lower() in _PERSON_HEADS


def _is_street_number(doc: Doc, j: int) -> bool:
    """Return True if capitalised words and a street suffix follow ("221 Baker Street")."""
    k = j
    while k < len(doc) and k - j <= MAX_STREET_NAME_WORDS and doc[k].text[:1].isupper():
        if k > j and doc[k].lower_ in qx.STREET_SUFFIXES:
            return True
        k += 1
    return False


def _is_rank(doc: Doc, q: _Quantity, anchor: Token) -> bool:
    """Return True if an ordinal ranks ("second", "the 2nd Battalion") instead of counting."""
    if not doc[q.j - 1].text[:1].isdigit() and (q.value or 0) < MIN_WORD_ORDINAL:
        return True
    noun = anchor.head
    if noun.pos_ != "NOUN" or noun.i < q.j:
        return True
    return noun.lemma_.lower() in qx.RANK_NOUNS | qx.TIME_UNITS


def _is_elliptical(doc: Doc, q: _Quantity, anchor: Token) -> bool:
    """Return True for a number standing for a noun counted before it, placed: "one in Mali"."""
    k = q.j
    if k + 1 >= len(doc) or doc[k].lower_ not in ("in", "at"):
        return False
    place = next((t for t in doc[k + 1 : k + 4] if t.ent_type_ in ("GPE", "LOC", "FAC")), None)
    if place is None:
        return False
    sent = anchor.sent
    return any(t.tag_ == "NNS" and t.i < q.i and any(c.like_num for c in t.children) for t in sent)


def _is_pronoun_one(doc: Doc, q: _Quantity, anchor: Token) -> bool:
    """Return True for "one" that is not a count: "one of the most…", "no one", "one day".

    "one" counts when it modifies a noun ("one soldier") or stands for one patient of a
    casualty verb ("killing one", "one of his associates was detained").
    """
    if q.j - q.i != 1 or doc[q.i].lower_ != "one":
        return False
    if q.i > 0 and doc[q.i - 1].lower_ in {"no", "any", "every", "each", "the", "that", "this"}:
        return True
    if anchor.dep_ == "nummod" and anchor.head.pos_ == "NOUN":
        # "at one point", "at one stage": a moment, not a count
        return anchor.head.lemma_.lower() in qx.GENERIC_HEADS | _ONE_MOMENT_NOUNS
    if _is_elliptical(doc, q, anchor):
        return False  # "eight deaths, and one in Mali": one of the things just counted
    return _count_event(anchor) is None
