"""Finding date mentions in a parsed article: ``extract_dates`` and ``extract_record_dates``.

spaCy's DATE/TIME entities are the candidates, trimmed to TimeML extents (no preposition, no
possessive, no "the" before a calendar name) and joined with what spaCy misses: bare
weekdays, "last week", "the past two days", "now", "recently", "third-quarter", holidays.
Ages ("a 6-year-old") and counts are dropped, as the TempEval-3 gold leaves them
unannotated. Each candidate is resolved by ``resolver.resolve_timex`` with the direction of
its clause (``tense.resolve_in_clause``).

TIMEX3 values are what TempEval scores, but the record promises ISO 8601 (CONTRACT.md):
``extract_record_dates`` is the extractor the record uses, with each value passed through
``iso_value`` ("PRESENT_REF", "2023-SU", "XXXX-WXX-1" are not ISO 8601 and become the
coarser ISO value that holds them, else None).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Final

from spacy.tokens import Doc

from storyline.extract.context import Context
from storyline.extract.spans import make_span
from storyline.extract.time.resolver import iso_value, resolve_timex
from storyline.extract.time.tense import resolve_in_clause
from storyline.extract.time.words import (
    AGE_RE,
    APPROX_RE,
    FREQUENCY_WORDS,
    NAMED_DAYS,
    NUM_RE,
    NUM_WORDS_RE,
    REF_WORDS,
    TEMPORAL_WORDS,
    TEXT_MONTH_RE,
    TEXT_WEEKDAY_RE,
    UNIT_RE,
    WEEKDAYS,
)
from storyline.record.model import DateMention

__all__ = ["extract_dates", "extract_record_dates"]


def extract_dates(doc: Doc, ctx: Context) -> list[DateMention]:
    """Return every temporal expression of the body with its resolved ISO value.

    Candidates are spaCy's DATE/TIME entities plus the patterns spaCy misses; each is
    trimmed to a TimeML extent, skipped if it overlaps a masked range (captions, headline),
    and resolved against ``ctx.published`` with the future/past direction of its clause.

    Args:
        doc: the parse of ``ctx.text`` (``doc.text == ctx.text``).
        ctx: the article context; ``published`` anchors relative dates.

    Returns:
        Date mentions sorted by ``start``; ``value`` is None when the expression cannot be
        anchored (a relative one with no publication date, or "that day").

    Raises:
        ValueError: ``doc`` is not a parse of ``ctx.text``, so its offsets would not apply.
    """
    text = ctx.text
    if len(doc.text) != len(text):  # the parser may see odd spaces made plain, one for one
        raise ValueError("extract_dates: doc.text differs from ctx.text; parse ctx.text itself")
    out: list[DateMention] = []
    last_day: date | None = None  # the narrative's day: the last full date the text gave
    last_year: int | None = None  # and its year, from a date of any granularity
    for start, end in _candidates(doc, text):
        if ctx.is_masked(start, end):
            continue
        tail = _DAY_BEFORE_AFTER.match(text, end) if text[start:end].lower() == "the day" else None
        if tail is not None:
            end = tail.end()  # "the day before": spaCy stops at "the day"
        shift = _relative_day(text[start:end])
        if shift is not None:  # "the next day": after the day the text was just telling
            value = (last_day + timedelta(days=shift)).isoformat() if last_day else None
            out.append(DateMention(**make_span(text, start, end).model_dump(), value=value))
            continue
        years = _relative_years(text[start:end])
        if years is not None:  # "two years later": after the year the text was just telling
            value = f"{last_year + years:04d}" if last_year else None
            out.append(DateMention(**make_span(text, start, end).model_dump(), value=value))
            continue
        timex = resolve_in_clause(doc, text, start, end, ctx.published)
        span = make_span(text, start, end)
        out.append(DateMention(**span.model_dump(), value=timex.value, type=timex.type))
        if timex.value and _DAY_VALUE.fullmatch(timex.value):
            last_day = date.fromisoformat(timex.value)
        if timex.value and _YEAR_VALUE.match(timex.value):
            last_year = int(timex.value[:4])
    return _clock_on_its_day(out, text)


# "the next day", "the following morning", "the day before", "two days later": a day counted
# from the one the text was telling, not from publication (TimeML anchors them the same way).
_RELATIVE_DAY_RE: Final = re.compile(
    r"(?i)(?:the\s+(?P<dir>next|following|previous|preceding)\s+"
    r"(?:day|morning|afternoon|evening|night)"
    r"|the\s+day\s+(?P<rel>after|before)"
    r"|(?P<n>a|one|two|three|four|five|six)\s+days?\s+(?P<later>later|earlier))"
)
# "the day before" / "the day after" ending the phrase (not "the day after the vote")
_DAY_BEFORE_AFTER: Final = re.compile(
    r"\s+(?:before|after)\b(?!\s+(?:the|a|an|his|her|its|their)\b)"
)
# Only "later": "a year earlier" in business copy is a year before the report's own period
# ("profit rose from a year earlier"), which the resolver reads from publication (TBAQ).
_RELATIVE_YEARS_RE: Final = re.compile(
    r"(?i)(?P<n>a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+years?\s+later"
)
_YEAR_VALUE: Final = re.compile(r"\d{4}(?!\d)")
_COUNT: Final = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_DAY_VALUE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
# A clock time and the day it belongs to, next to each other: "4:10 p.m. last Tuesday",
# "5 p.m. (1500 GMT) on Thursday", "Tuesday at 4 p.m.".
_CLOCK_VALUE: Final = re.compile(r"(\d{4}-\d{2}-\d{2})(T.+)")
_TIME_THEN_DAY: Final = re.compile(r"[\s,]*(?:\([^()]{0,30}\)[\s,]*)?(?:on\s+|of\s+)?")
_DAY_THEN_TIME: Final = re.compile(r"[\s,]*(?:at\s+|around\s+|about\s+|from\s+|by\s+)?")
_NAMES_A_DAY: Final = re.compile(
    rf"{TEXT_WEEKDAY_RE}|{TEXT_MONTH_RE}|\d{{1,4}}[/-]\d|(?i:today|yesterday|tomorrow|tonight)"
)


def _relative_day(expression: str) -> int | None:
    """Days from the narrative's day that ``expression`` names, if it is such an expression."""
    m = _RELATIVE_DAY_RE.fullmatch(expression.strip())
    if m is None:
        return None
    if m["dir"]:
        return 1 if m["dir"].lower() in ("next", "following") else -1
    if m["rel"]:
        return 1 if m["rel"].lower() == "after" else -1
    n = _COUNT[m["n"].lower()]
    return n if m["later"].lower() == "later" else -n


def _relative_years(expression: str) -> int | None:
    """Years after the narrative's year that ``expression`` names ("two years later")."""
    m = _RELATIVE_YEARS_RE.fullmatch(expression.strip())
    if m is None:
        return None
    return int(m["n"]) if m["n"].isdigit() else _COUNT[m["n"].lower()]


def _clock_on_its_day(mentions: list[DateMention], text: str) -> list[DateMention]:
    """Give a clock time the date of the day written next to it, instead of publication's."""
    out = list(mentions)
    for k, m in enumerate(mentions):
        clock = _CLOCK_VALUE.fullmatch(m.value or "")
        if clock is None or _NAMES_A_DAY.search(m.text):
            continue  # "Tuesday at 4 p.m." as one expression already has its day
        day: str | None = None
        after = mentions[k + 1] if k + 1 < len(mentions) else None
        before = mentions[k - 1] if k else None
        if after and _TIME_THEN_DAY.fullmatch(text[m.end : after.start]):
            day = _day_of(after.value)
        if day is None and before and _DAY_THEN_TIME.fullmatch(text[before.end : m.start]):
            day = _day_of(before.value)
        if day is not None:
            out[k] = m.model_copy(update={"value": day + clock[2]})
    return out


def _day_of(value: str | None) -> str | None:
    return value if value and _DAY_VALUE.fullmatch(value) else None


def extract_record_dates(doc: Doc, ctx: Context) -> list[DateMention]:
    """Return ``extract_dates`` with each value as the record has it: ISO 8601 or None.

    The record's contract is ISO 8601 at the expression's granularity ("2023-12-03",
    "2023-12", "2023-W48", "P3D"); see ``iso_value`` for what the TIMEX3 values become.
    """
    return [
        d if d.value == (value := iso_value(d.value)) else d.model_copy(update={"value": value})
        for d in extract_dates(doc, ctx)
    ]


# --------------------------------------------------------------------------------------------
# Finding candidates in the text
# --------------------------------------------------------------------------------------------

_PERIOD_RE = (
    r"(?:week|weekend|month|quarter|year|decade|century|spring|summer|fall|autumn|winter|season)"
)
_ORD_Q_RE = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
# Clock times in running text: AP's "a.m."/"p.m." (or am/pm, AM/PM) after an hour 1-12, or
# noon/midnight; "12 Am" and "I am" are not times.
_TEXT_CLOCK_RE: Final = (
    r"(?:(?:1[0-2]|0?[1-9])(?::[0-5]\d)?\s*"
    r"(?:a\.m\.?|p\.m\.?|am\b|pm\b|AM\b|PM\b|A\.M\.|P\.M\.)|\b(?i:noon|midnight)\b)"
)

# Finders over the article text. Each yields the candidate as group "t" (or the whole match).
# Names are case-sensitive (capitalised in news copy); function words match either case.
_FINDERS: Final[tuple[re.Pattern[str], ...]] = tuple(
    re.compile(p)
    for p in (
        # weekday, optionally with a month-day/year and a part of the day
        rf"\b(?:(?i:last|next|this(?: coming| past)?|coming|early|late|earlier|later)\s+)?"
        rf"{TEXT_WEEKDAY_RE}\b(?:,?\s+{TEXT_MONTH_RE}\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
        rf"(?:,?\s+\d{{4}}\b)?)?(?:\s+(?:morning|afternoon|evening|night))?\b",
        # month and day with or without a year; day and month; month and year
        rf"\b(?:(?i:early|late|mid)[-\s])?{TEXT_MONTH_RE}\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
        rf"(?:,?\s+\d{{4}}\b)?",
        rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{TEXT_MONTH_RE}(?:,?\s+\d{{4}}\b)?",
        rf"\b(?:(?i:early|late|mid)[-\s])?{TEXT_MONTH_RE},?\s+(?:of\s+)?\d{{4}}\b",
        # a month with a modifier, or after a preposition ("in May" but not "Theresa May")
        rf"\b(?i:last|next|this(?: past| coming)?|early|late|mid|earlier|later)[-\s]"
        rf"{TEXT_MONTH_RE}(?![\w-]|\s+\d)",
        rf"\b(?i:in|since|until|till|through|during|before|after|from)\s+"
        rf"(?P<t>{TEXT_MONTH_RE})(?![\w-]|\s+\d)",
        # a year after a preposition, decades
        r"\b(?i:in|since|until|till|through|during|before|after|by|from|fiscal|early|late)\s+"
        r"(?:(?i:at\s+(?:least|the\s+earliest|the\s+latest))\s+)?"
        r"(?P<t>(?:1[89]|20)\d\d)\b(?![-–]\w|,\d|\s+[a-z]+s\b)",
        # a year naming the event or period it modifies: "the 2016 election campaign", "the
        # 2018 flu season", "Holcomb's 2016 campaign"
        r"(?P<t>\b(?:1[89]|20)\d\d)\s+(?=(?:(?:presidential|general|primary|midterm|local"
        r"|flu|fiscal|budget|academic|school|tax)\s+)?(?:elections?|campaigns?|seasons?|race"
        r"|vote|census|budget|Olympics|World\s+Cup|war|uprising|revolution|coup|crisis"
        r"|attacks?|earthquake|floods?)\b)",
        r"\b(?i:the\s+)?(?i:early\s+|late\s+|mid-)?(?:(?:1[89]|20)\d0|['’]\d0)['’]?s\b",
        # deictic days and parts of the day
        r"(?i)\b(?:(?:early|late|earlier|later)\s+)?(?:today|tonight|yesterday|tomorrow)"
        r"(?:\s+(?:morning|afternoon|evening|night))?\b",
        r"(?i)\b(?:this\s+(?:morning|afternoon|evening)|last\s+night|overnight"
        r"|the day (?:before yesterday|after tomorrow))\b",
        # relative periods: "last week", "earlier this year", "the past year", "this fall"
        rf"(?i)\b(?:(?:earlier|later|early|late|so far)\s+)?(?:the\s+)?"
        rf"(?:this(?: past| coming)?|last|next|past|coming|current|previous|prior|latest)\s+"
        rf"(?:fiscal\s+)?{_PERIOD_RE}\b",
        rf"(?i)\b(?:the\s+)?(?:past|last|next|coming|previous|first|final)\s+{NUM_RE}\s+"
        rf"(?:more\s+)?{UNIT_RE}\b",
        rf"(?i)\b(?:the\s+)?(?:past|last|next|coming)\s+(?:few|several)\s+{UNIT_RE}\b",
        rf"(?i)\brecent\s+{UNIT_RE}\b",
        rf"(?i)\b{APPROX_RE}?(?:{NUM_RE}\s+)?{UNIT_RE}\s+ago\b",
        # quarters and year ends
        rf"(?i)\b(?:the\s+)?(?:(?:19|20)\d\d\s+)?(?:fiscal[-\s]+)?{_ORD_Q_RE}[-\s]quarter\b"
        rf"(?:\s+of\s+(?:19|20)\d\d\b)?",
        r"(?i)\b(?:year[-\s]end|year['’]s end|the end of the year|midyear)\b",
        # present / past / future references (TimeML PRESENT_REF, PAST_REF, FUTURE_REF).
        # TBAQ gold marks "soon" 5 times of 18 and "previously" 3 of 23, so both are left
        # out; "current" (13 of 21) and "recent" (18 of 29) are kept.
        r"(?i)\b(?:right\s+)?now\b|\bcurrently\b|\b(?:more\s+|most\s+)?recently\b|\bnowadays\b"
        r"|\bthese days\b|\bat present\b|\blately\b|\bcurrent\b|\brecent\b"
        r"|\bthe (?:near |distant )?future\b|\bthe past\b(?!\s+(?:\w+\s+)?(?:\d|"
        rf"{NUM_WORDS_RE}|few|several|{UNIT_RE}))",
        # sets: "every week", "each Thursday"
        rf"(?i)\b(?:every|each)\s+(?:other\s+)?(?:\d+\s+)?(?:{UNIT_RE}|morning|evening"
        rf"|weekend|(?-i:{TEXT_WEEKDAY_RE}|{TEXT_MONTH_RE}))\b",
        # clock times, with the day they fall on ("noon Thursday", "10 a.m. on Oct. 7")
        rf"\b{_TEXT_CLOCK_RE}(?:\s+(?:[ECMP][SD]T|GMT|UTC))?(?:,?\s+(?:on\s+)?"
        rf"(?:{TEXT_WEEKDAY_RE}|(?i:today|tonight|yesterday|tomorrow)"
        rf"|{TEXT_MONTH_RE}\s+\d{{1,2}}\b))?",
        r"(?i)\b(?:early|late|mid)[-\s]?(?:morning|afternoon|evening)\b",
        # holidays
        r"\b(?:(?i:last|next|this)\s+)?(?:New Year['’]s(?: Day| Eve)?|Christmas(?: Day| Eve)?"
        r"|Thanksgiving(?: Day)?|Easter(?: Sunday| Monday)?|Good Friday|Halloween"
        r"|Independence Day|Labor Day|Memorial Day|Veterans Day|Election Day"
        r"|Valentine['’]s Day|May Day)\b",
        # days news names by their date alone
        r"(?<![\w/])9/11(?![\w/])",
    )
)

# Unit-bearing words (for the single-bare-noun filter and for "the" handling).
_UNIT_WORDS: Final = frozenset(
    {"second", "minute", "hour", "day", "night", "week", "weekend", "fortnight", "month",
     "quarter", "year", "decade", "century", "morning", "afternoon", "evening", "season",
     "period", "term", "time", "moment", "era", "age"}
)  # fmt: skip
_BARE_DROP: Final = frozenset(
    {"day", "days", "night", "nights", "morning", "mornings", "afternoon", "evening", "week",
     "weeks", "month", "months", "year", "years", "decade", "decades", "hour", "hours",
     "minute", "minutes", "second", "seconds", "time", "times", "season", "period", "moment",
     "age", "era", "term", "quarter", "quarters", "past"}
)  # fmt: skip
_EDGE_PUNCT: Final = " \t\r\n,;:!?\"“”‘’'()[]{}—–-/*"
_LEAD_DROP: Final = frozenset(
    {"between", "from", "since", "until", "till", "through", "by", "in", "on", "at",
     "during", "of", "and", "or", "to", "as", "for", "within", "into", "over", "after",
     "before", "than", "like", "per", "with", "that", "which", "when", "while", "but"}
)  # fmt: skip
_TRAIL_DROP: Final = frozenset(
    {"of", "and", "or", "to", "from", "before", "after", "until", "till", "through", "in",
     "on", "at", "with", "the", "a", "an", "for", "as", "when", "that", "which", "but"}
)  # fmt: skip
# "just last month", "as early as Tuesday": TE3 extents leave the focus adverb out.
_LEAD_ADVERB_RE: Final = re.compile(
    r"(?i)(?:just|only|as (?:early|late|recently) as|as soon as(?! possible))\s+"
)
_ABBREV_END_RE: Final = re.compile(
    r"(?:\b(?:jan|feb|mar|apr|aug|sept?|oct|nov|dec|a\.m|p\.m|[a-z])\.)$", re.IGNORECASE
)
_MONTH_NAME_RE: Final = re.compile(rf"\b{TEXT_MONTH_RE}(?!\w)")
_WEEKDAY_NAME_RE: Final = re.compile(rf"\b{TEXT_WEEKDAY_RE}s?\b")
_YEAR_RE: Final = re.compile(r"(?<![\d,.])(?:1\d|20|21)\d\d(?![\d,])|['’]\d0s\b")
_CLOCK_TEXT_RE: Final = re.compile(rf"\b{_TEXT_CLOCK_RE}")
_HOLIDAY_TEXT_RE: Final = re.compile(
    r"\b(?:New Year|Christmas|Thanksgiving|Easter|Good Friday|Halloween|Independence Day"
    r"|Labor Day|Memorial Day|Veterans Day|Election Day|Valentine|May Day)"
)
_AGE_TEXT_RE: Final = re.compile(AGE_RE, re.IGNORECASE)
_SPLIT_RE: Final = re.compile(
    r"\s*(?:,\s*|\s+)(?:and|or|to|through|until|till|&)\s+|\s*[-–—]\s*(?=\S)|\s*,\s+"
)


def _candidates(doc: Doc, text: str) -> list[tuple[int, int]]:
    """Character ranges of the temporal expressions in ``text``, sorted and disjoint."""
    raw: list[tuple[int, int, bool]] = [
        (e.start_char, e.end_char, False) for e in doc.ents if e.label_ in ("DATE", "TIME")
    ]
    for finder in _FINDERS:
        for m in finder.finditer(text):
            s, e = m.span("t") if "t" in finder.groupindex and m.group("t") else m.span()
            raw.append((s, e, True))
    cleaned = [(r[0], r[1], is_regex) for s, e, is_regex in raw if (r := _clean(doc, text, s, e))]
    cleaned.sort()
    out: list[tuple[int, int]] = []
    group: list[tuple[int, int, bool]] = []
    group_end = -1
    for s, e, is_regex in [*cleaned, (len(text) + 1, len(text) + 1, False)]:
        if group and s >= group_end:
            out.extend(_settle(doc, text, group))
            group = []
        group.append((s, e, is_regex))
        group_end = max(group_end, e) if len(group) > 1 else e
    return [r for r in out if r[0] < len(text)]


def _settle(doc: Doc, text: str, group: list[tuple[int, int, bool]]) -> Iterator[tuple[int, int]]:
    """Merge one group of overlapping candidates into final expressions.

    The union is kept when it resolves as a whole ("Sunday night" from spaCy's "Sunday" and
    our "Sunday night", "Aug. 7, 1998"); otherwise it is split at conjunctions and commas if
    every piece resolves ("Friday and Saturday"), or else our own resolvable pieces win over
    a spaCy span that says nothing ("the day before the Oct. 7" keeps "Oct. 7").
    """
    start = min(s for s, _, _ in group)
    end = max(e for _, e, _ in group)
    if _resolves(text[start:end]):
        yield start, end
        return
    pieces = list(_split(doc, text, start, end))
    if len(pieces) > 1 and all(_resolves(text[s:e]) for s, e in pieces):
        yield from pieces
        return
    regex = sorted({(s, e) for s, e, is_regex in group if is_regex and _resolves(text[s:e])})
    if not regex:
        yield start, end
        return
    last = -1
    for s, e in sorted(regex, key=lambda r: (r[0], -r[1])):
        if s >= last:
            yield s, e
            last = e


def _split(doc: Doc, text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Pieces of ``text[start:end]`` between conjunctions and commas, cleaned."""
    pos = start
    for m in _SPLIT_RE.finditer(text, start, end):
        if (r := _clean(doc, text, pos, m.start())) is not None:
            yield r
        pos = m.end()
    if (r := _clean(doc, text, pos, end)) is not None:
        yield r


def _resolves(expression: str) -> bool:
    """True if the expression has a value with an anchor (any fixed one will do)."""
    return resolve_timex(expression, _PROBE_ANCHOR).value is not None


_PROBE_ANCHOR: Final = date(2000, 6, 15)  # any date: only "does it resolve" is asked


def _clean(doc: Doc, text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim a candidate to a TimeML extent, or None if it is not a temporal expression."""
    for _ in range(6):  # each pass strips one layer; a handful is always enough
        before = (start, end)
        while start < end and text[start] in _EDGE_PUNCT:
            start += 1
        while end > start and text[end - 1] in _EDGE_PUNCT:
            end -= 1
        if end > start and text[end - 1] == "." and not _ABBREV_END_RE.search(text[start:end]):
            end -= 1
        m = re.search(r"['’]s$", text[start:end])
        if m:
            end = start + m.start()
        words = text[start:end].split()
        lead = _LEAD_ADVERB_RE.match(text, start, end)
        if lead and len(words) > 1:
            start = lead.end()
        elif (
            len(words) > 1
            and words[0].lower() in _LEAD_DROP
            and not (words[0].lower() == "at" and words[1].lower() in ("least", "most"))
        ):
            start = text.index(words[1], start + len(words[0]))
        elif len(words) > 1 and words[-1].lower() in _TRAIL_DROP:
            end = text.rindex(words[-2], start, end) + len(words[-2])
        elif len(words) > 2 and words[0].lower() == words[1].lower() == "the":
            start = text.index(words[1], start + 3)  # "at the the end of November"
        elif (
            len(words) > 1
            and words[0].lower() == "the"
            and (
                _MONTH_NAME_RE.match(words[1])
                or _WEEKDAY_NAME_RE.match(words[1])
                or (words[1][0].isdigit() and words[-1].lower().rstrip("s") not in _UNIT_WORDS)
            )
        ):
            start = text.index(words[1], start + 3)
        if (start, end) == before:
            break
    if end <= start:
        return None
    return (start, end) if _is_temporal(doc, text, start, end) else None


def _is_temporal(doc: Doc, text: str, start: int, end: int) -> bool:
    """True if the span carries a temporal cue and is not an age or a frequency adjective."""
    chunk = text[start:end]
    if _AGE_TEXT_RE.search(chunk) or re.match(r"[\s-]*old\b", text[end : end + 6]):
        return False
    words = re.findall(r"[a-z]+(?:['’][a-z]+)?|\d+", chunk.lower())
    if not words:
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if len(words) == 1:
        word = words[0]
        if word in _BARE_DROP and not chunk[0].isupper():
            return False
        if word in FREQUENCY_WORDS or word in ("annual", "current", "recent", "future"):
            # adverbs only: "trades daily" is a SET, "a daily paper" is not a TIMEX3
            tok = span.root if span is not None and len(span) else None
            if tok is not None and word in FREQUENCY_WORDS:
                return tok.pos_ == "ADV" or tok.dep_ in ("advmod", "npadvmod")
            return word != "annual" and tok is not None and tok.dep_ == "amod"
    if any(w in TEMPORAL_WORDS or w in WEEKDAYS or w.rstrip("s") in WEEKDAYS for w in words):
        return True
    return bool(
        _MONTH_NAME_RE.search(chunk)
        or _YEAR_RE.search(chunk)
        or _CLOCK_TEXT_RE.search(chunk)
        or _HOLIDAY_TEXT_RE.search(chunk)
        or chunk.lower() in REF_WORDS
        or chunk in NAMED_DAYS
    )
