"""Figures: numbers with unit, hedge, range, ordinal/cumulative, source, date.

How it works, in three passes over the parse:

1. *Scan.* Number expressions are read off the tokens with a small number grammar (digits,
   "1.5 million", "twenty-five", "a dozen", "10,000th", "$4.2 billion", "5%"), the vague
   quantities of :data:`~storyline.extract.quantities.VAGUE_QUANTITIES` ("dozens", "a
   handful", "tens of thousands"), ranges ("between 20 and 30", "20-30", "two or three") and
   the hedges around them ("more than", "at least", "about", "or more"). spaCy's entity
   labels are not the source of candidates because the small model misses some ("10,000th"
   is often unlabelled) and mislabels others; they only help to rule candidates out.
2. *Rule out what is not a count:* dates and times (the dates layer's mentions and spaCy's
   DATE/TIME labels), years, ages ("Smith, 45,", "aged 45"), street numbers, phone numbers
   and reference codes, numbers inside names ("Resolution 2334", "the 2nd Battalion"),
   ordinals that rank rather than count, durations ("three days"), and "one" used as a
   pronoun ("one of the most …", "no one").
3. *Read the parse* for what is counted and by whom: the unit is the noun the number
   modifies, the object of "of" ("dozens of the 240 hostages"), or, for a bare number ("the
   105 who have been freed", "wounded two others"), the nearest thing counted before it in
   the sentence. ``what`` is the governing verb — a participle for what the counted things
   underwent ("taken", "freed", "killed"), the lemma for what they do ("remain",
   "demonstrate") — or the event noun they are "of" ("the release of dozens"). The date is
   the resolved date mention attached to that verb, else the date of the quote around it;
   the source is the speaker of that quote.

One more figure kind: an indefinite singular patient of a casualty or detention verb ("an
insurgent was killed", "detained a Taliban leader", "one of his associates was captured")
is a count of one, as the PLOVER GSR coders and the ISAF annotators read it. It is limited
to the verbs of :data:`~storyline.extract.quantities.COUNT_EVENT_VERBS` and to nouns of
people, so "released a statement" is not a figure.

Figures in photo captions (``ctx.captions``) are reported with ``in_caption=True``; the
headline and kicker (masked, not captions) give none; everything else is the body's.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from storyline.extract import quantities as qx
from storyline.extract.context import Context
from storyline.extract.lexicon import PERSON_NOUNS
from storyline.extract.spans import FirstHolder
from storyline.extract.time import iso_day
from storyline.record.model import DateMention, Figure, Quote

__all__ = ["extract_figures"]

log = logging.getLogger(__name__)

MAX_ANTECEDENT_GAP = 30  # tokens back from a bare number to the noun it counts, same sentence
MAX_AGE = 120  # an apposed number above this is not an age
MIN_WORD_ORDINAL = 100  # "first".."ninetieth" rank; "hundredth", "thousandth" can be totals
MAX_STREET_NAME_WORDS = 3  # capitalised words between a number and "Street"
YEAR_RANGE = (1000, 2100)  # a bare four-digit number in this range is read as a year

# Digits as news copy writes them: "240", "10,000", "1.5"; with an ordinal suffix; a range in
# one token ("20-30", "20–30"). Commas must group thousands, so "1314,1198" is no number.
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_DIGITS_RE = re.compile(rf"^{_NUMBER}$")
_ORDINAL_RE = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(?:st|nd|rd|th)$", re.IGNORECASE)
_RANGE_TOKEN_RE = re.compile(rf"^({_NUMBER})[-–]({_NUMBER})$")
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
_NOUNS = frozenset({"NOUN", "PROPN"})
_VERBS = frozenset({"VERB", "AUX"})
# Dependencies of a number that modifies the noun it counts.
_MODIFIER_DEPS = frozenset({"nummod", "quantmod", "amod", "compound", "nmod", "det"})
# Dependencies of a bare number standing for what it counts ("freed 105", "killing one").
_ARGUMENT_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "attr", "dative", "oprd"}
)
_PATIENT_DEPS = frozenset({"dobj", "nsubjpass"})
_CLAUSE_DEPS = frozenset({"acl", "relcl"})
_STATE_DEPS = frozenset({"oprd", "attr", "acomp", "npadvmod", "advmod", "xcomp"})
_RANGE_JOINERS = frozenset({"-", "–", "to", "or"})
_CLOSERS = frozenset({",", ")", ";"})
_VOWELS = frozenset("aeiou")
_PARTITIVE_POS = frozenset({"PRON", "DET", "NUM"})  # "some of", "all of", "three of"
_MEASURE_HEADS = frozenset({"total", "number", "tally", "count", "sum"})  # "a total of 40"
_COMITATIVE = frozenset({"along", "together"})  # "along with", "together with"
_SINGULAR_DETS = frozenset({"a", "an", "another"})  # "detained a leader and another militant"
_VAGUE_WORDS = frozenset(w for words in qx.VAGUE_QUANTITIES for w in words) - {"a", "of"}
_PERSON_HEADS = PERSON_NOUNS | qx.PERSON_COUNT_NOUNS
_VAGUE_BY_LENGTH = sorted(qx.VAGUE_QUANTITIES, key=len, reverse=True)
_VAGUE_FIRST_WORDS = frozenset(words[0] for words in qx.VAGUE_QUANTITIES)
_HEDGES_BY_LENGTH = sorted(qx.HEDGES, key=len, reverse=True)
_POST_HEDGES_BY_LENGTH = sorted(qx.POST_HEDGES, key=len, reverse=True)


@dataclass(frozen=True, slots=True)
class _Quantity:
    """A number expression found in the tokens, before the parse is read.

    ``i:j`` are the number words ("1.5 million", "dozens", "between 20 and 30"); ``hedge_i``
    and ``post_j`` widen them to the hedges ("more than", "or more") kept in ``approx``.
    """

    i: int
    j: int
    value: float | None
    low: float | None = None
    high: float | None = None
    approx: str | None = None
    is_ordinal: bool = False
    is_vague: bool = False
    hedge_i: int = -1
    post_j: int = -1
    unit: str | None = None  # fixed by the number itself: a currency, "percent"


def extract_figures(doc: Doc, ctx: Context) -> list[Figure]:
    """Return the reported figures of the report, body and captions, in text order.

    Requires the ``dates`` and ``quotes`` results (``entities`` is not read). Pure: reads the
    parse and the context, writes nothing.
    """
    dates: list[DateMention] = list(ctx.results.get("dates", []))
    quotes: list[Quote] = list(ctx.results.get("quotes", []))
    blocked = _blocked_ranges(ctx.text, dates)
    date_of = _dates_by_head(doc, dates)
    reader = _Reader(doc, ctx, quotes, date_of)

    figures: list[Figure] = []
    counted: dict[int, list[Token]] = {}  # sentence start -> unit nouns counted so far
    for q in _scan(doc):
        reason = _not_a_count(doc, q, blocked)
        if reason:
            log.debug("not a count: %r (%s)", doc[q.i : q.j].text, reason)
            continue
        fig = reader.figure(q, counted)
        if fig is not None:
            figures.append(fig)
    figures.extend(reader.singular_patients())
    # headline and kicker repeat the body; captions are kept, flagged
    figures = [f for f in figures if not ctx.is_masked(f.start, f.end) or f.in_caption]
    figures.sort(key=lambda f: (f.start, f.end))
    return figures


# --- 1. Scan ----------------------------------------------------------------------------------


def _scan(doc: Doc) -> Iterable[_Quantity]:
    """Yield the number expressions of the document, left to right, never overlapping."""
    i, n = 0, len(doc)
    while i < n:
        q = _match_vague(doc, i) or _match_number(doc, i)
        if q is None:
            i += 1
            continue
        q = _with_range(doc, q)
        q = _with_hedges(doc, q)
        yield q
        i = max(q.j, q.post_j)


def _lower(doc: Doc, i: int, k: int) -> tuple[str, ...]:
    return tuple(t.lower_ for t in doc[max(i, 0) : min(k, len(doc))])


def _match_vague(doc: Doc, i: int) -> _Quantity | None:
    """Match a vague quantity ("dozens", "a handful of") at token ``i``."""
    if doc[i].lower_ not in _VAGUE_FIRST_WORDS:
        return None  # the common case, checked once instead of slicing the doc per phrase
    for words in _VAGUE_BY_LENGTH:
        j = i + len(words)
        if _lower(doc, i, j) != words:
            continue
        if words in qx.VAGUE_NEEDS_OF and (j >= len(doc) or doc[j].lower_ != "of"):
            continue
        low, high = qx.VAGUE_QUANTITIES[words]
        return _Quantity(i, j, None, low=low, high=high, approx=" ".join(words), is_vague=True)
    return None


def _match_number(doc: Doc, i: int) -> _Quantity | None:
    """Match a number at token ``i``: a currency sign, digits or words, a percent sign."""
    unit = None
    start = i
    sign = doc[i].lower_
    if sign in qx.CURRENCY_SYMBOLS and i + 1 < len(doc):
        unit = qx.CURRENCY_SYMBOLS[sign]
        i += 1
    q = _match_digits(doc, i) or _match_words(doc, i)
    if q is None:
        return None
    j = q.j
    if unit is None and j < len(doc):
        if doc[j].lower_ in qx.PERCENT_WORDS:
            unit, j = "percent", j + 1
        elif _lower(doc, j, j + 2) == ("per", "cent"):
            unit, j = "percent", j + 2
    return replace(q, i=start, j=j, unit=unit)


def _match_digits(doc: Doc, i: int) -> _Quantity | None:
    """Match "240", "10,000th", "20-30" or "1.5 million" at token ``i``."""
    text = doc[i].text
    if m := _ORDINAL_RE.match(text):
        return _Quantity(i, i + 1, _to_float(m.group(1)), is_ordinal=True)
    if m := _RANGE_TOKEN_RE.match(text):
        low, high = _to_float(m.group(1)), _to_float(m.group(2))
        if high > low:
            return _Quantity(i, i + 1, None, low=low, high=high)
        return None
    if not _DIGITS_RE.match(text):
        return None
    value, j = _to_float(text), i + 1
    while j < len(doc) and doc[j].lower_ in qx.SCALE_WORDS:
        value *= qx.SCALE_WORDS[doc[j].lower_]
        j += 1
    return _Quantity(i, j, value)


def _match_words(doc: Doc, i: int) -> _Quantity | None:
    """Match a number in words ("three", "twenty-five", "a dozen", "two hundred", "thousandth")."""
    n = len(doc)
    low = doc[i].lower_
    if low in qx.ORDINAL_WORDS:
        return _Quantity(i, i + 1, float(qx.ORDINAL_WORDS[low]), is_ordinal=True)
    if low == "half" and _lower(doc, i + 1, i + 2) in {("a",), ("an",)}:
        scale = doc[i + 2].lower_ if i + 2 < n else ""
        if scale in qx.SCALE_WORDS:
            return _Quantity(i, i + 3, qx.SCALE_WORDS[scale] / 2)
        return None
    j = i
    if low in {"a", "an"}:
        if i + 1 >= n or doc[i + 1].lower_ not in qx.SCALE_WORDS:
            return None
        j = i + 1  # "a dozen", "a hundred": the article is the one
    elif low not in qx.CARDINAL_WORDS:
        return None
    total, current, last, is_ordinal = 0.0, 0.0, "", False
    while j < n:
        w = doc[j].lower_
        if w in qx.CARDINAL_WORDS and last in {"", "tens-", "scale"}:
            value = qx.CARDINAL_WORDS[w]
            if last == "tens-" and value >= 10:
                break
            current += value
            last = "tens" if value >= 20 and value % 10 == 0 else "card"
        elif w in qx.ORDINAL_WORDS and last == "tens-":
            current += qx.ORDINAL_WORDS[w]
            is_ordinal, j = True, j + 1
            break
        elif w in qx.SCALE_WORDS and last in {"", "card", "tens", "scale"}:
            factor = qx.SCALE_WORDS[w]
            if factor <= 100:  # "hundred" and "dozen" multiply what precedes
                current = max(current, 1.0) * factor
            else:
                total += max(current, 1.0) * factor
                current = 0.0
            last = "scale"
        elif w == "-" and last == "tens" and j + 1 < n and not doc[j - 1].whitespace_:
            last = "tens-"
        elif (
            w == "and" and last == "scale" and j + 1 < n and doc[j + 1].lower_ in qx.CARDINAL_WORDS
        ):
            pass
        else:
            break
        j += 1
    if last == "tens-":  # "twenty-" followed by no number word: give the hyphen back
        j -= 1
    if j == i or (low in {"a", "an"} and j == i + 1):
        return None
    return _Quantity(i, j, total + current, is_ordinal=is_ordinal)


def _with_range(doc: Doc, q: _Quantity) -> _Quantity:
    """Join "20 to 30", "20 - 30", "two or three" and "between 20 and 30" into one range."""
    if q.is_vague or q.is_ordinal or q.value is None or q.j + 1 >= len(doc):
        return q
    joiner = doc[q.j].lower_
    is_between = q.i > 0 and doc[q.i - 1].lower_ == "between"
    if joiner not in _RANGE_JOINERS and not (joiner == "and" and is_between):
        return q
    if joiner == "to" and q.i > 0 and doc[q.i - 1].lower_ == "from":
        return q  # "rose from 20 to 30" is two figures, not a range
    other = _match_digits(doc, q.j + 1) or _match_words(doc, q.j + 1)
    if other is None or other.value is None or other.is_ordinal or other.value <= q.value:
        return q
    return replace(
        q,
        j=other.j,
        value=None,
        low=q.value,
        high=other.value,
        approx="between" if is_between else None,
        hedge_i=q.i - 1 if is_between else -1,
    )


def _with_hedges(doc: Doc, q: _Quantity) -> _Quantity:
    """Attach the hedge before ("more than") and after ("or more") a number, and its bounds."""
    hedge_i = q.hedge_i if q.hedge_i >= 0 else q.i
    post_j = q.j
    approx_words: list[str] = []
    kind: qx.HedgeKind | None = None
    if q.approx != "between":
        for words in _HEDGES_BY_LENGTH:
            if _lower(doc, q.i - len(words), q.i) == words and q.i - len(words) >= 0:
                hedge_i, kind = q.i - len(words), qx.HEDGES[words]
                approx_words.extend(words)
                break
    if q.approx:
        approx_words.append(q.approx)
    for words in _POST_HEDGES_BY_LENGTH:
        if _lower(doc, q.j, q.j + len(words)) == words:
            post_j, kind = q.j + len(words), kind or qx.POST_HEDGES[words]
            approx_words.extend(w for w in words if w != "-")
            break
    low, high = q.low, q.high
    if q.value is not None and kind == "lower":
        low = q.value
    elif q.value is not None and kind == "upper":
        high = q.value
    return replace(
        q,
        low=low,
        high=high,
        approx=" ".join(approx_words) or None,
        hedge_i=hedge_i,
        post_j=post_j,
    )


def _to_float(text: str) -> float:
    return float(text.replace(",", ""))


# --- 2. What is not a count ---------------------------------------------------------------------


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
    if any(t.ent_type_ in _DATE_LABELS for t in toks) and not counts_a_noun:
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
        return anchor.head.lemma_.lower() in qx.GENERIC_HEADS
    return _count_event(anchor) is None


# --- 3. Read the parse ----------------------------------------------------------------------------


def _count_event(tok: Token) -> tuple[str, Token | None] | None:
    """Return ``(what, verb)`` if ``tok`` is the patient of a casualty or detention event.

    The event is a verb of :data:`~storyline.extract.quantities.COUNT_EVENT_VERBS` ("killed
    an insurgent", "one of them was detained"), a subject verb ("a prisoner died") or an event
    noun ("the capture of a facilitator"). Conjuncts and "along with" share the role.
    """
    tok = _climb(tok, partitive=False)
    head = tok.head
    lemma = head.lemma_.lower()
    if tok.dep_ in _PATIENT_DEPS and lemma in qx.COUNT_EVENT_VERBS:
        return _participle(head), head
    if tok.lower_ in _COMITATIVE and lemma in qx.COUNT_EVENT_VERBS:
        return _participle(head), head
    if tok.dep_ == "nsubj" and lemma in qx.SUBJECT_COUNT_VERBS:
        return _active_what(head), head
    if tok.dep_ == "pobj" and head.lower_ == "of":
        nominal = head.head.lemma_.lower()
        if nominal in qx.EVENT_NOMINALS and nominal in qx.COUNT_EVENT_NOMINALS:
            return qx.EVENT_NOMINALS[nominal], _verb_of(head)
    return None


def _is_realis(verb: Token) -> bool:
    """Return False for a verb that reports no outcome: "to capture", "would free", "not kill".

    An implicit count of one ("detained a leader") needs the event to have happened; "an
    operation to capture a Taliban leader" does not say he was captured.
    """
    for child in verb.children:
        if child.dep_ == "neg" or (child.dep_ == "aux" and child.tag_ in {"TO", "MD"}):
            return False
    return True


def _dates_by_head(doc: Doc, dates: Sequence[DateMention]) -> dict[int, str]:
    """Map the token a date attaches to, and the verb of its clause, to its day.

    "240 hostages taken by Hamas during its assault on Oct. 7": the date hangs from
    "assault", and its clause is that of "taken", the figure's verb.
    """
    out: dict[int, str] = {}
    for d in dates:
        day = iso_day(d.value)
        span = doc.char_span(d.start, d.end, alignment_mode="expand")
        if day is None or span is None:
            continue
        root = span.root
        attach = root.head.head if root.dep_ == "pobj" else root.head
        verb = attach if attach.pos_ in _VERBS else _verb_of(attach)
        out.setdefault(attach.i, day)
        if verb is not None:
            out.setdefault(verb.i, day)
    return out


def _lemma(tok: Token) -> str:
    """Return the singular lowercase lemma of a counted noun ("people" -> "person")."""
    lemma = tok.lemma_.lower()
    if tok.tag_ == "NNPS" and lemma == tok.lower_ and lemma.endswith("s"):
        lemma = lemma[:-3] + "y" if lemma.endswith("ies") else lemma[:-1]
    return qx.UNIT_LEMMAS.get(lemma, lemma)


def _with_particle(verb: Token, form: str) -> str:
    """Return ``form`` with the verb's particle and state ("carried out", "taken into custody").

    The state words of :data:`~storyline.extract.quantities.STATE_WORDS` complete a verb
    that says little alone: "taken hostage", "taken into custody", "shot dead".
    """
    words = [form]
    for child in verb.children:
        is_state = child.dep_ in _STATE_DEPS and child.lemma_.lower() in qx.STATE_WORDS
        if child.dep_ == "prt" or is_state:
            words.append(child.lower_)
        elif child.dep_ == "prep":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_.lower() in qx.STATE_WORDS:
                words += [child.lower_, pobj.lower_]
    return " ".join(words)


def _participle(verb: Token) -> str:
    """Return the past participle of ``verb``, particle kept: the state of what it was done to."""
    return _with_particle(verb, _bare_participle(verb))


def _bare_participle(verb: Token) -> str:
    lemma = verb.lemma_.lower()
    if verb.tag_ == "VBN":
        return verb.lower_
    if lemma in qx.IRREGULAR_PARTICIPLES:
        return qx.IRREGULAR_PARTICIPLES[lemma]
    if verb.tag_ == "VBD":
        return verb.lower_
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in _VOWELS:
        return lemma[:-1] + "ied"
    if lemma in qx.DOUBLED_FINAL_VERBS:
        return lemma + lemma[-1] + "ed"
    return lemma + "ed"


def _clause_what(clause: Token) -> str:
    """Return ``what`` for a relative or participial clause on the counted phrase."""
    deps = {c.dep_ for c in clause.children}
    if clause.tag_ == "VBN" or "nsubjpass" in deps or "auxpass" in deps:
        return _participle(clause)
    return _active_what(clause)


def _active_what(verb: Token) -> str:
    """Return ``what`` for counted things that are the subject: "remain captive", "dead"."""
    state = next((c for c in verb.children if c.dep_ in {"acomp", "oprd"}), None)
    lemma = verb.lemma_.lower()
    if lemma == "be":
        return state.lower_ if state is not None else lemma
    if state is not None and lemma in {"remain", "stay"}:
        return f"{lemma} {state.lower_}"
    return _with_particle(verb, lemma)


def _verb_of(tok: Token) -> Token | None:
    """Return the nearest verb that ``tok`` depends on, or None."""
    for anc in tok.ancestors:
        if anc.pos_ in _VERBS:
            return anc
    return None


def _climb(tok: Token, *, partitive: bool = True) -> Token:
    """Climb from a counted phrase to the token that carries its role in the clause.

    Over conjuncts ("a leader and two of his associates"), companions ("a leader along with
    two insurgents": the result is "along", whose head is the verb or the noun) and, with
    ``partitive``, partitives and measure nouns ("some of the 240 hostages", "a total of 40").
    """
    while True:
        head = tok.head
        if tok.dep_ == "conj" and head.pos_ in _NOUNS | {"NUM"}:
            tok = head
        elif tok.dep_ == "pobj" and head.lower_ == "with" and head.head.lower_ in _COMITATIVE:
            tok = head.head
            if tok.head.pos_ in _NOUNS:
                tok = tok.head
            else:
                return tok
        elif (
            partitive
            and tok.dep_ == "pobj"
            and head.lower_ == "of"
            and (
                head.head.pos_ in _PARTITIVE_POS
                or head.head.lower_ in _VAGUE_WORDS
                or head.head.lemma_.lower() in _MEASURE_HEADS
            )
        ):
            tok = head.head
        else:
            return tok


def _is_clause_on(tok: Token) -> bool:
    """Return True for a relative clause or a participle on a noun ("hostages taken by …").

    A finite verb tagged ``acl`` is a parse error ("… hostages ended Friday"), not a clause.
    """
    if tok.pos_ not in _VERBS:
        return False
    return tok.dep_ == "relcl" or (tok.dep_ == "acl" and tok.tag_ in {"VBN", "VBG"})


def _clause_on(*toks: Token) -> tuple[str | None, Token | None]:
    """Return ``what`` and the verb of the first clause on one of ``toks``, or ``(None, None)``."""
    for tok in toks:
        for child in tok.children:
            if _is_clause_on(child):
                return _clause_what(child), child
    return None, None


class _Reader:
    """Reads unit, what, date, source and flags of the figures of one document."""

    def __init__(
        self, doc: Doc, ctx: Context, quotes: Sequence[Quote], date_of: dict[int, str]
    ) -> None:
        self.doc = doc
        self.ctx = ctx
        self.date_of = date_of
        self.quotes = [
            (c.start, c.end, q.speaker_name or (q.speaker.text if q.speaker else None), q.date)
            for q in quotes
            for c in q.content
        ]
        self.quote_of = FirstHolder((s, e, n) for n, (s, e, _, _) in enumerate(self.quotes))

    def figure(self, q: _Quantity, counted: dict[int, list[Token]]) -> Figure | None:
        """Return the figure of one number expression, or None if it counts nothing."""
        doc = self.doc
        anchor = _anchor(doc, q)
        phrase, via_of = self._counted_noun(q, anchor)  # the noun written with the number
        sent_start = anchor.sent.start
        unit, unit_tok = q.unit, phrase
        if unit is None and (
            (phrase is None and self._stands_alone(anchor))
            or (phrase is not None and phrase.lemma_.lower() in qx.GENERIC_HEADS)
        ):
            unit_tok = self._antecedent(q, counted.get(sent_start, []), sent_start)
        if unit is None:
            if unit_tok is None:
                log.debug("no unit: %r", doc[q.i : q.j].text)
                return None
            unit = _lemma(unit_tok)
            if unit in qx.TIME_UNITS:
                return None  # a duration or a frequency
            if unit in qx.PERCENT_WORDS:
                unit = "percent"
            counted.setdefault(sent_start, []).append(unit_tok)
        holder = phrase if phrase is not None and not via_of else anchor
        what, verb = self._what(anchor, holder, via_of)
        start = doc[q.hedge_i].idx
        last = doc[max(q.j, q.post_j) - 1]
        end = last.idx + len(last)
        if phrase is not None and phrase.i >= q.j:
            end = max(end, phrase.idx + len(phrase))
        return self._make(
            start, end, q=q, unit=unit, what=what, verb=verb, anchor=anchor, noun=holder
        )

    def singular_patients(self) -> list[Figure]:
        """Return count-of-one figures: "an insurgent was killed", "detained another militant"."""
        out: list[Figure] = []
        for tok in self.doc:
            if tok.lower_ not in _SINGULAR_DETS or tok.dep_ != "det":
                continue
            noun = tok.head
            if noun.tag_ not in {"NN", "NNP"} or noun.i < tok.i:
                continue
            if noun.lemma_.lower() not in _PERSON_HEADS and noun.ent_type_ not in {"NORP"}:
                continue
            event = _count_event(noun)
            if event is None or (event[1] is not None and not _is_realis(event[1])):
                continue
            what, verb = event
            single = _Quantity(tok.i, tok.i + 1, 1.0, hedge_i=tok.i, post_j=tok.i + 1)
            out.append(
                self._make(
                    tok.idx,
                    noun.idx + len(noun),
                    q=single,
                    unit=_lemma(noun),
                    what=what,
                    verb=verb,
                    anchor=noun,
                    noun=noun,
                )
            )
        return out

    def _make(
        self,
        start: int,
        end: int,
        *,
        q: _Quantity,
        unit: str,
        what: str | None,
        verb: Token | None,
        anchor: Token,
        noun: Token | None,
    ) -> Figure:
        source, quote_date = self._quote_at(anchor.idx)
        clause_verb = verb or _verb_of(anchor)
        date = None
        for tok in (clause_verb, noun):
            if tok is not None and date is None:
                date = self.date_of.get(tok.i)
        return Figure(
            start=start,
            end=end,
            text=self.ctx.text[start:end],
            value=q.value,
            low=q.low,
            high=q.high,
            approx=q.approx,
            unit=unit,
            what=what,
            ordinal=q.is_ordinal,
            cumulative=q.is_ordinal or self._is_cumulative(anchor, clause_verb),
            source=source,
            date=date or quote_date,
            in_caption=self.ctx.in_caption(start, end),
        )

    def _counted_noun(self, q: _Quantity, anchor: Token) -> tuple[Token | None, bool]:
        """Return the noun the number counts and whether it came through "of"."""
        head = anchor.head
        if anchor.dep_ in _MODIFIER_DEPS and head.pos_ in _NOUNS and head.i >= q.j:
            while head.dep_ == "compound" and head.head.i > head.i and head.head.pos_ in _NOUNS:
                head = head.head  # "a dozen aid workers" parsed as "a dozen aid"
            return head, False
        for prep in anchor.children:
            if prep.dep_ == "prep" and prep.lower_ == "of" and prep.i >= q.j:
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is not None and pobj.pos_ in _NOUNS | {"PRON"}:
                    return pobj, True
        return None, False

    @staticmethod
    def _stands_alone(anchor: Token) -> bool:
        """Return True if a number stands for what it counts ("freed 105", "killing one")."""
        if anchor.dep_ in _ARGUMENT_DEPS:
            return True
        return any(c.dep_ in _CLAUSE_DEPS for c in anchor.children)

    def _antecedent(self, q: _Quantity, counted: Sequence[Token], sent_start: int) -> Token | None:
        """Return the thing counted just before a bare number in its sentence."""
        lo = max(sent_start, q.i - MAX_ANTECEDENT_GAP)
        governors = {t.i for t in self.doc[q.i].ancestors}
        best: Token | None = None
        for tok in self.doc[lo : q.i]:
            lemma = tok.lemma_.lower()
            plural = tok.tag_ == "NNS" and tok.pos_ == "NOUN"
            if not (plural or tok in counted) or lemma in qx.TIME_UNITS | qx.GENERIC_HEADS:
                continue
            if tok.dep_ in {"nsubj", "agent"} and tok.head.i in governors:
                continue  # the doer is not what is done to: "forces rounded up scores of others"
            best = tok
        return best

    def _what(self, anchor: Token, holder: Token, via_of: bool) -> tuple[str | None, Token | None]:
        """Return the state or event counted and the verb it comes from.

        The predicate of the counted phrase comes first ("More than 100 hostages taken … were
        released" counts releases), then a clause on it ("the 105 who have been freed"), then
        the event noun it is "of" ("the release of dozens").
        """
        start = anchor if via_of else holder
        tok = _climb(start)
        if tok != _climb(start, partitive=False):
            # The number counts a whole that a part is taken from ("freed dozens of the 150
            # prisoners held by …"): the verb over the part is not the whole's; only a clause
            # on the whole describes it.
            return _clause_on(holder, anchor)
        head = tok.head
        if tok.dep_ in _PATIENT_DEPS and head.pos_ in _VERBS:
            return _participle(head), head
        if tok.lower_ in _COMITATIVE and head.pos_ in _VERBS:
            return _participle(head), head  # "detained a leader along with two insurgents"
        if tok.dep_ in {"nsubj", "csubj"} and head.pos_ in _VERBS:
            return _active_what(head), head
        clause = _clause_on(holder, anchor)
        if clause[1] is not None:
            return clause
        if tok.dep_ == "pobj":
            prep = head
            nominal = prep.head.lemma_.lower()
            if prep.lower_ == "of" and nominal in qx.EVENT_NOMINALS:
                return qx.EVENT_NOMINALS[nominal], _verb_of(prep)
            if prep.dep_ == "agent" and prep.head.pos_ in _VERBS:
                return prep.head.lemma_.lower(), prep.head
        return None, None

    def _is_cumulative(self, anchor: Token, verb: Token | None) -> bool:
        """Return True if the clause says the count is a running total ("so far", "since")."""
        toks = list(anchor.ancestors)
        if verb is not None:
            toks += [t for t in verb.subtree if t == verb or _verb_of(t) == verb]
        doc = self.doc
        for t in toks:
            if t.lower_ in qx.CUMULATIVE_WORDS:
                return True
            if t.i + 1 < len(doc) and (t.lower_, doc[t.i + 1].lower_) in qx.CUMULATIVE_PHRASES:
                return True
        return False

    def _quote_at(self, offset: int) -> tuple[str | None, str | None]:
        """Return the speaker and date of the quote whose content holds ``offset``."""
        n = self.quote_of.at(offset)
        if n is None:
            return None, None
        _, _, speaker, date = self.quotes[n]
        return speaker, date
