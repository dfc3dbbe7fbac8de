"""The dateline opening a first paragraph: "ROME (AP) —", "LONDON, March 3 (Reuters) -".

Wire copy opens its first paragraph with where (and sometimes when) it was filed and the
agency that filed it, then a dash; web copies of the same report keep the place and lose the
rest ("NEW DELHI Indian officials said ..."). Left in the body, the dateline becomes the
subject of the first sentence or the head of a quote. It is told by its shape alone, never by
a list of places:

- a place in capitals ("GAZA CITY", "PARIS/BERLIN", "U.S."), then an optional region in title
  case (", Indonesia"), date (", March 3") and agency in parentheses ("(Reuters)"), then a dash;
- a place in title case ("Kyiv, Ukraine (CNN) --", "Springfield –") only with an agency or a
  spaced long dash, a capitalised word after it, and no second dash closing an aside
  ("Hamas – which ... – said" is no dateline);
- two or more words in capitals (or places joined by "/") and a capitalised word, with no
  dash, for the web copies that dropped it; a lone acronym ("NATO", "US") never qualifies.

Only the first body paragraphs are searched, and only their start: "WASHINGTON — " inside a
paragraph is a quote or an aside. The dateline's range ends after the dash; the rest of the
paragraph is body.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from storyline.ingest.article import DatelineSpan
from storyline.ingest.lines import Line

__all__ = ["dateline_at", "find_dateline"]

_MIN_DATELINE_LETTERS = 3  # "A —" or "I —" open sentences, not datelines
_MIN_WORDS_AFTER_DATELINE = 5  # the rest of the dateline's paragraph is a sentence
_DATELINE_PARAGRAPHS = 2  # how many first body paragraphs may open with a dateline

_U = "A-ZÀ-ÖØ-Þ"  # capitals (Latin-1): "É" in "ÉVORA"
_L = "a-zß-öø-ÿ"
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# A place in capitals ("GAZA CITY", "PARIS/BERLIN", "U.S."), or in title case with a
# spaced dash or an agency; then an optional region (", Indonesia"), date (", March 3") and
# agency ("(Reuters)"); then the dash that opens the sentence.
_CAPS_WORD = rf"[{_U}](?:[{_U}'’.\-]*[{_U}.])?"
_CAPS_PLACE = rf"{_CAPS_WORD}(?:[ ]{_CAPS_WORD}){{0,3}}(?:/{_CAPS_WORD}(?:[ ]{_CAPS_WORD}){{0,3}})*"
_TITLE_WORD = rf"[{_U}][{_L}{_U}'’.\-]*"
_REGION = rf",[ ]{_TITLE_WORD}(?:[ ]{_TITLE_WORD}){{0,2}}(?:/{_CAPS_PLACE})?"
_DATE_PART = rf",?[ ](?:{_MONTH}[ ]\d{{1,2}}|\d{{1,2}}[ ]{_MONTH})(?:,[ ]\d{{4}})?"
_AGENCY = rf"[ ]?\((?P<agency>[{_U}][^()\n]{{0,39}})\)"
_DASH = r"[ \t]*(?:—|–|―|-{1,2})"
_CAPS_DATELINE = re.compile(
    rf"(?P<place>{_CAPS_PLACE})(?P<region>{_REGION})?(?:{_DATE_PART})?(?:{_AGENCY})?{_DASH}"
    r"(?=[ \t]+\S)"
)
_TITLE_DATELINE = re.compile(
    rf"(?P<place>{_TITLE_WORD}(?:[ ]{_TITLE_WORD}){{0,2}})(?P<region>{_REGION})?(?:{_DATE_PART})?"
    rf"(?:{_AGENCY}{_DASH}|[ \t]+(?:—|–|―|--))(?=[ \t]+[{_U}\"“‘'])"
)
# Web copy of wire reports often drops the agency and the dash: "NEW DELHI Indian officials
# said ...". Then the place must be two words in capitals (or two places joined by "/") and
# the next word a capitalised one, so a lone acronym ("NATO", "US") never qualifies.
_BARE_DATELINE = re.compile(
    rf"(?P<place>{_CAPS_WORD}(?:[ ]{_CAPS_WORD}){{1,3}}|{_CAPS_WORD}(?:/{_CAPS_WORD})+)"
    rf"(?=[ ][{_U}][{_L}])"
)


def find_dateline(text: str, lines: list[Line], taken: Collection[int]) -> DatelineSpan | None:
    """Return the dateline that opens one of the first body paragraphs, if there is one."""
    seen = 0
    for i, line in enumerate(lines):
        if i in taken or line.n_words < _MIN_WORDS_AFTER_DATELINE + 1:
            continue
        found = dateline_at(text, line)
        if found is not None:
            return found
        seen += 1
        if seen >= _DATELINE_PARAGRAPHS:
            break
    return None


def dateline_at(text: str, line: Line) -> DatelineSpan | None:
    """The dateline at the start of a paragraph: capitals, or title case with a clear dash."""
    for pattern in (_CAPS_DATELINE, _TITLE_DATELINE, _BARE_DATELINE):
        m = pattern.match(text, line.start, line.end)
        if m is None or not _is_place(m.group("place"), in_capitals=pattern is not _TITLE_DATELINE):
            continue
        if pattern is _BARE_DATELINE and min(len(w) for w in re.split(r"[ /]", m["place"])) < 2:
            continue  # "U S" or "A/B": initials, not places
        rest = text[m.end() : line.end]
        if len(rest.split()) < _MIN_WORDS_AFTER_DATELINE:
            continue
        if pattern is _TITLE_DATELINE and _dash_closes_aside(rest, text[m.start() : m.end()]):
            continue
        groups = m.groupdict()
        region = (groups.get("region") or "").strip()
        place = f"{m['place']}{region}" if region else m["place"]
        return DatelineSpan(m.start(), m.end(), place, groups.get("agency"))
    return None


def _is_place(place: str, *, in_capitals: bool) -> bool:
    """Enough letters to name a place ("I —" opens a sentence), in capitals where required."""
    letters = [ch for ch in place if ch.isalpha()]
    if len(letters) < _MIN_DATELINE_LETTERS:
        return False
    return not in_capitals or all(ch.isupper() for ch in letters)


def _dash_closes_aside(rest: str, head: str) -> bool:
    """Whether the dash after a title-case word opens an aside the same sentence closes.

    "Hamas – which ... – said" is a parenthesis, not a dateline: the same dash comes back
    before the sentence ends.
    """
    dash = head.rstrip()[-1]
    sentence = re.split(r"(?<=[.!?])\s", rest, maxsplit=1)[0]
    return f" {dash} " in sentence or f" {dash}{dash} " in sentence
