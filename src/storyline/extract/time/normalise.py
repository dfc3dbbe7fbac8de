"""Expressions brought to the one form the rules match.

Lower case, straight apostrophes, single spaces, no edge punctuation or possessive; years and
day ordinals spelled out, as broadcast transcripts write them, become digits. The number-word
table is shared with ``calendar._number``, which reads counts ("twenty-five years").
"""

from __future__ import annotations

import re
from typing import Final

from storyline.extract.time.words import MONTH_RE

__all__: list[str] = []  # package-internal: used by the resolver and the calendar helpers


def _normalise(expression: str) -> str:
    """Lower-case, straight apostrophes, single spaces, no edge punctuation or possessive.

    Spelled-out years and day ordinals, as broadcast transcripts write them, become digits:
    "nineteen ninety-six" → "1996", "two thousand" → "2000", "march eighth" → "march 8".
    """
    s = expression.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    s = " ".join(s.lower().split())
    s = s.strip(' ,;:!?"()[]')
    s = re.sub(r"'s$", "", s)
    if s.endswith(".") and not re.search(r"\b(?:a\.m|p\.m)\.$", s):
        s = s.rstrip(".")
    s = re.sub(r"^(?:just|only|as (?:early|late|recently) as) (?=\S)", "", s)
    if re.search(r"teen|thousand|ty\b|th\b|first|second|third", s):
        s = _SPELLED_YEAR_RE.sub(_spelled_year, s)
        s = _SPELLED_DAY_RE.sub(lambda m: f"{m.group(1)} {_ORDINAL_WORDS[m.group(2)]}", s)
    return s


_UNITS_WORDS: Final = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS_WORDS: Final = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                       "seventeen", "eighteen", "nineteen")  # fmt: skip
_TENS_WORDS: Final = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
                      "ninety")  # fmt: skip


def _two_digit_words() -> dict[str, int]:
    out = {w: i + 1 for i, w in enumerate(_UNITS_WORDS)}
    out |= {w: i + 10 for i, w in enumerate(_TEENS_WORDS)}
    for i, tens in enumerate(_TENS_WORDS):
        out[tens] = 20 + 10 * i
        for j, unit in enumerate(_UNITS_WORDS):
            out[f"{tens}-{unit}"] = out[f"{tens} {unit}"] = 20 + 10 * i + j + 1
    return out


_TWO_DIGIT_WORDS: Final = _two_digit_words()
_TWO_DIGIT_RE: Final = "|".join(sorted(map(re.escape, _TWO_DIGIT_WORDS), key=len, reverse=True))
_UNITS_RE: Final = "|".join(_UNITS_WORDS)
_TEENS_RE: Final = "|".join(_TEENS_WORDS)
_TENS_RE: Final = "|".join(_TENS_WORDS)
_SPELLED_YEAR_RE: Final = re.compile(
    rf"\b(?:(?P<century>eighteen|nineteen|twenty) (?:(?:hundred(?: and)? |oh )(?P<low>"
    rf"{_TWO_DIGIT_RE})|(?P<rest>(?:{_TEENS_RE})|(?:{_TENS_RE})(?:[- ](?:{_UNITS_RE}))?))"
    rf"|two thousand(?:(?: and)? (?P<after>{_TWO_DIGIT_RE}))?)\b"
)


def _spelled_year(m: re.Match[str]) -> str:
    if m.group("century"):
        century = {"eighteen": 18, "nineteen": 19, "twenty": 20}[m.group("century")]
        rest = (m.group("rest") or m.group("low")).replace(" ", "-")
        return str(century * 100 + _TWO_DIGIT_WORDS[rest])
    return str(2000 + (_TWO_DIGIT_WORDS[m.group("after")] if m.group("after") else 0))


_ORDINAL_UNITS: Final = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                         "eighth", "ninth")  # fmt: skip
_ORDINAL_TEENS: Final = ("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth",
                         "fifteenth", "sixteenth", "seventeenth", "eighteenth",
                         "nineteenth")  # fmt: skip
_ORDINAL_WORDS: Final = (
    {w: i for i, w in enumerate(_ORDINAL_UNITS, start=1)}
    | {w: i for i, w in enumerate(_ORDINAL_TEENS, start=10)}
    | {"twentieth": 20, "thirtieth": 30, "thirty-first": 31}
    | {f"twenty-{w}": 20 + i for i, w in enumerate(_ORDINAL_UNITS, start=1)}
)
_SPELLED_DAY_RE: Final = re.compile(
    rf"\b({MONTH_RE}) (?:the )?({'|'.join(sorted(_ORDINAL_WORDS, key=len, reverse=True))})\b"
)
