"""Number expressions read off the tokens, before the parse is read.

A small number grammar reads digits, "1.5 million", "twenty-five", "a dozen", "10,000th",
"$4.2 billion" and "5%", the vague quantities of
:data:`~storyline.extract.quantities.VAGUE_QUANTITIES` ("dozens", "a handful", "tens of
thousands"), ranges ("between 20 and 30", "20-30", "two or three") and the hedges around them
("more than", "at least", "about", "or more"). spaCy's entity labels are not the source of
candidates because the small model misses some ("10,000th" is often unlabelled) and mislabels
others; they only help to rule candidates out (:mod:`.filters`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from storyline.extract import quantities as qx

# Digits as news copy writes them: "240", "10,000", "1.5"; with an ordinal suffix; a range in
# one token ("20-30", "20–30"). Commas must group thousands, so "1314,1198" is no number.
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_DIGITS_RE = re.compile(rf"^{_NUMBER}$")
_ORDINAL_RE = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(?:st|nd|rd|th)$", re.IGNORECASE)
_RANGE_TOKEN_RE = re.compile(rf"^({_NUMBER})[-–]({_NUMBER})$")
_GLUED_SCALE_RE = re.compile(rf"^({_NUMBER})(thousand|million|billion|trillion)$", re.IGNORECASE)
_RANGE_JOINERS = frozenset({"-", "–", "to", "or"})
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
        after = doc[j].lower_ if j < len(doc) else ""
        scale = qx.SCALE_WORDS.get(after, 0) if words in qx.VAGUE_MULTIPLIERS else 0
        if scale >= 100:  # "several thousand", "a few hundred", "a couple hundred"
            low, high = qx.VAGUE_QUANTITIES[words]
            return _Quantity(
                i,
                j + 1,
                None,
                low=low * scale,
                high=high * scale if high is not None else None,
                approx=" ".join((*words, after)),
                is_vague=True,
            )
        if words in qx.VAGUE_NEEDS_OF and after not in qx.VAGUE_FOLLOWERS[words]:
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
    if m := _GLUED_SCALE_RE.match(text):  # "10million", as some copy writes it
        return _Quantity(i, i + 1, _to_float(m.group(1)) * qx.SCALE_WORDS[m.group(2).lower()])
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
    if low in {"a", "half"} and (half := _match_half(doc, i)) is not None:
        return half
    if low == "half":
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


def _match_half(doc: Doc, i: int) -> _Quantity | None:
    """Match "half a dozen", "a half-dozen" and "half-dozen" at token ``i``: half the scale."""
    k = i + 1 if doc[i].lower_ == "a" else i
    words = _lower(doc, k, k + 3)
    if words[:1] != ("half",) or len(words) < 3:
        return None
    if words[1] in {"a", "an", "-", "–"} and words[2] in qx.SCALE_WORDS:
        if words[1] in {"a", "an"} and k != i:
            return None  # "a half a dozen" is no phrase
        return _Quantity(i, k + 3, qx.SCALE_WORDS[words[2]] / 2)
    return None


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
