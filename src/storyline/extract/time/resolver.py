"""Resolving a date expression against the publication date: ``resolve_timex``, spaCy-free.

A rule table for what news writes ("Sunday", "Oct. 7", "last week", "this year", "a year
ago", "the third quarter") gives a TIMEX3 value at the expression's own granularity, anchored
on the publication date; what the table does not cover falls back to dateparser with
``RELATIVE_BASE`` = the anchor.

News rules (shared/research/extraction_time.md §B): a bare weekday is the most recent such
day on or before publication (89 % of TE3 weekday golds) unless the clause is future or
scheduled (the caller says so with ``future`` / ``past``, which ``tense.clause_tense`` reads
off the parse); a month-day without a year takes the year that puts it nearest publication.
Where a rule was chosen on data, its TBAQ count is noted beside it; the counts come from
``benchmarks/time_tempeval.py`` on TBAQ, the development split (platinum, the test split,
was only reported).

Nothing here imports spaCy, directly or not: the resolver runs and is tested without it.
The rules are in ``rules``, their date arithmetic in ``calendar``, the text's normal form in
``normalise``, the dateparser fallback in ``fallback``; the table and the rules that resolve
a part of their own expression through ``resolve_timex`` are here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Final

from storyline.extract.time.calendar import _day, _week
from storyline.extract.time.fallback import _fallback
from storyline.extract.time.normalise import _normalise
from storyline.extract.time.rules import (
    _ago,
    _century,
    _decade,
    _deictic,
    _duration_rule,
    _financial_quarter,
    _half_rule,
    _holiday_rule,
    _month_alone,
    _month_day,
    _month_year,
    _named_day,
    _part_of_day,
    _quarter_rule,
    _recent_units,
    _ref,
    _relative_period,
    _season_of_year,
    _set_rule,
    _the_period,
    _this_period,
    _vague_span,
    _weekday_rule,
    _year_ago,
    _year_end,
    _year_rule,
)
from storyline.extract.time.timex import Tense, Timex, TimexType, iso_day, iso_value
from storyline.extract.time.words import (
    APPROX_RE,
    CLOCK_RE,
    DAY_PARTS,
    FREQUENCY_WORDS,
    MONTH_RE,
    NAMED_DAYS,
    NUM_RE,
    NUM_WORDS_RE,
    REF_WORDS,
    UNIT_RE,
    WEEKDAY_RE,
)

__all__ = ["Timex", "TimexType", "iso_day", "iso_value", "resolve_date", "resolve_timex"]


def resolve_date(
    expression: str, published: date | None, *, future: bool = False, past: bool = False
) -> str | None:
    """Return the TIMEX3 value of one expression anchored on the publication date.

    Args:
        expression: the words of the expression ("Sunday", "Oct. 7", "last week").
        published: the anchor; None leaves relative expressions unresolved.
        future: the clause is future or scheduled ("will meet Wednesday"), so a bare weekday,
            month or month-day looks forward from ``published`` instead of back.
        past: the clause is past and the date is its adverbial ("the year ended March 31"),
            so a bare month or month-day looks back. ``clause_tense`` computes both flags.

    Returns:
        An ISO 8601 / TIMEX3 value ("2023-12-03", "2023-12", "2023", "2023-W48", "P3D",
        "PRESENT_REF"), or None.

    Example:
        >>> resolve_date("Sunday", date(2023, 12, 4))
        '2023-12-03'
    """
    return resolve_timex(expression, published, future=future, past=past).value


def resolve_timex(
    expression: str, published: date | None, *, future: bool = False, past: bool = False
) -> Timex:
    """Return the TIMEX3 value and type of one expression anchored on ``published``.

    The rule table is tried first, in order; dateparser (``RELATIVE_BASE`` = ``published``)
    handles the absolute forms the table does not know ("12/03/2023", "3rd of December").

    Args:
        expression: the words of the expression.
        published: the anchor date, or None.
        future: the clause is future or scheduled (see ``resolve_date``).
        past: the clause is past (see ``resolve_date``); ``future`` wins if both are set.
    """
    tense: Tense = "future" if future else ("past" if past else None)
    norm = _normalise(expression)
    if not norm:
        return Timex(None)
    for pattern, rule in _RULES:
        m = pattern.fullmatch(norm)
        if m is not None:
            try:
                timex = rule(m, published, tense)
            except (ValueError, OverflowError):  # an anchor at the calendar's ends (year 1, 9999)
                return Timex(None)
            if timex is not None:
                return timex
    return _fallback(norm, published)


# --------------------------------------------------------------------------------------------
# Rules that resolve a part of their expression with the resolver itself
# --------------------------------------------------------------------------------------------


def _clock(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    if m.group("named"):
        hour, minute = (0, 0) if m.group("named") == "midnight" else (12, 0)
    elif m.group("hour24"):
        hour, minute = int(m.group("hour24")), int(m.group("minute24"))
    else:
        hour, minute = int(m.group("hour")), int(m.group("minute") or 0)
        if hour > 12:
            return None
        if m.group("ampm").startswith("p") and hour != 12:
            hour += 12
        elif m.group("ampm").startswith("a") and hour == 12:
            hour = 0
    if hour > 23 or minute > 59:
        return None
    rest = m.group("rest")
    if rest:
        day = resolve_timex(rest, published, future=tense == "future", past=tense == "past")
        if day.value is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day.value):
            return Timex(None, "TIME") if day.value is None else None
        base = day.value
    elif published is None:
        return Timex(None, "TIME")
    else:
        base = _day(published)
    return Timex(f"{base}T{hour:02d}:{minute:02d}", "TIME")


def _week_of(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    """Resolve "the week of March 6", "Easter week" to the ISO week of the day named."""
    day = resolve_timex(m.group("rest"), published, future=tense == "future")
    if day.value is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day.value):
        return None
    return Timex(_week(date.fromisoformat(day.value)))


def _day_next_to(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    """Resolve "the day before Thanksgiving", "the day after March 6"."""
    day = resolve_timex(m.group("rest"), published, future=tense == "future")
    if day.value is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day.value):
        return None
    step = -1 if m.group("dir") == "before" else 1
    return Timex(_day(date.fromisoformat(day.value) + timedelta(days=step)))


# --------------------------------------------------------------------------------------------
# The rule table, tried in order
# --------------------------------------------------------------------------------------------

_Rule = Callable[[re.Match[str], date | None, Tense], Timex | None]

_DAY_PART_RE = rf"(?:\s+(?:{'|'.join(DAY_PARTS)}))?"
_YEAR4 = r"(?P<year>\d{4})"

_MOD_WEEKDAY = (
    r"(?:(?P<mod>last|next|this|this coming|coming|this past|the previous|the following"
    r"|early|late|earlier|later|on)\s+)?"
)
_MOD_MONTH = (
    r"(?:(?P<mod>last|next|this|this past|this coming|early|late|mid|earlier|later|the end of"
    r"|the beginning of|the middle of|the start of|the first half of|the second half of"
    r"|the early|the late|around|about)[-\s]+)?"
)
_MOD_YEAR = (
    r"(?:(?:the )?(?:fiscal|calendar|early|mid|late|the end of|the beginning of|the middle of"
    r"|the start of|the year|around|about|before|after|the|post"
    r"|pre|a good part of|much of|all of)[-\s]+)*"
)
_DAY_NUM = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"

_RULES: Final[tuple[tuple[re.Pattern[str], _Rule], ...]] = tuple(
    (re.compile(p), f)
    for p, f in (
        ("|".join(re.escape(w) for w in NAMED_DAYS), _named_day),
        ("|".join(re.escape(w) for w in sorted(REF_WORDS, key=len, reverse=True)), _ref),
        (
            rf"(?:(?:early|late|earlier|later)\s+)?(?P<w>today|tonight|yesterday|tomorrow"
            rf"|overnight|the day before yesterday|the day after tomorrow)(?:{_DAY_PART_RE})?",
            _deictic,
        ),
        (
            r"(?:(?:early|late|earlier|later|mid)[-\s]+)?(?:(?P<w>this|last|the)\s+)?"
            r"(?P<part>morning|afternoon|evening|night)",
            _part_of_day,
        ),
        (rf"{_MOD_WEEKDAY}(?P<wd>{WEEKDAY_RE}){_DAY_PART_RE}", _weekday_rule),
        (r"(?:the\s+)?week\s+of\s+(?P<rest>.+)", _week_of),
        (r"(?P<rest>.+?)\s+week", _week_of),
        (r"(?:the\s+)?day\s+(?P<dir>before|after)\s+(?P<rest>.+)", _day_next_to),
        (
            rf"(?:(?:this coming|this|next|last|on)\s+)?(?:{WEEKDAY_RE},?\s+)?"
            rf"(?:(?:early|late|mid|around|about|on)[-\s]+)?(?:the\s+)?(?P<mon>{MONTH_RE})\s+"
            rf"(?:the\s+)?{_DAY_NUM}(?:,?\s+{_YEAR4})?{_DAY_PART_RE}",
            _month_day,
        ),
        (
            rf"(?:{WEEKDAY_RE},?\s+)?(?:the\s+)?{_DAY_NUM}\s+(?:of\s+)?(?P<mon>{MONTH_RE})"
            rf"(?:,?\s+{_YEAR4})?",
            _month_day,
        ),
        (
            rf"{_MOD_MONTH}(?P<mon>{MONTH_RE}),?\s+(?:of\s+)?(?:{_YEAR4}|(?P<rel>this|last|next)"
            r" year)",
            _month_year,
        ),
        (rf"{_MOD_MONTH}(?P<mon>{MONTH_RE})", _month_alone),
        (rf"{_MOD_YEAR}{_YEAR4}(?:\s+(?:and beyond|or later|or earlier|period))?", _year_rule),
        (r"(?:the\s+)?(?:early\s+|mid-?|late\s+)?(?P<dec>\d{3})0'?s", _decade),
        (r"(?:the\s+(?:early\s+|mid-?|late\s+)?'?|')(?P<dec>\d)0s", _decade),
        (
            r"(?:the\s+)?(?:(?P<year>\d{4})\s+|(?P<rel>this year|last year|next year)\s+)?"
            r"(?:fiscal[-\s]+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[-\s]+quarter"
            r"(?:\s+of\s+(?:(?:fiscal\s+)?(?P<year2>\d{4})))?",
            _quarter_rule,
        ),
        (
            r"(?:the\s+)?(?:(?P<rel>this|last|next|the)\s+year\s+)?(?P<h>first|second|last)\s+half"
            r"(?:\s+of\s+(?:the\s+year|this\s+year|(?P<year>\d{4})))?",
            _half_rule,
        ),
        (
            r"(?:earlier|later|early|late) in the (?P<unit>day|week|month|year)"
            r"|(?:by |at )?the (?:end|beginning|start|middle) of the (?P<unit2>week|month|year)",
            _this_period,
        ),
        (
            r"(?:(?:earlier|later|early|late|so far|the rest of|the end of|the beginning of"
            r"|the start of|the middle of|the remainder of|the balance of|around)\s+)"
            r"(?:the\s+)?(?:this|the current)\s+(?:fiscal\s+)?(?P<unit>week|month|quarter|year"
            r"|spring|summer|fall|autumn|winter)",
            _this_period,
        ),
        (
            r"(?:(?:early|late|earlier|later|so far|the end of|the start of|the beginning of)\s+)?"
            r"(?:the\s+)?(?P<rel>this past|this coming|this|last|next|past|coming|current|present"
            r"|previous|prior|latest|following|same|that)\s+(?:fiscal\s+|calendar\s+|full\s+)?"
            r"(?P<unit>week|weekend|month|quarter|year|decade|century|spring|summer|fall|autumn"
            r"|winter|season)",
            _relative_period,
        ),
        (
            r"(?:year[-\s]end|year's end|the end of the year|around year[-\s]end|the year|the"
            r" full year|the current year|midyear|this fiscal year|the fiscal year)",
            _year_end,
        ),
        (
            r"(?:the\s+)?(?:comparable\s+|corresponding\s+)?(?:year[-\s]ago|year[-\s]earlier"
            r"|(?P<year>\d{4}))\s+(?:fiscal\s+)?(?:quarter|period)",
            _financial_quarter,
        ),
        (r"(?:the\s+)?(?:year[-\s]ago|year[-\s]earlier)(?:\s+\w+)?", _year_ago),
        (
            r"(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)\s+century"
            r"|(?P<rel>this|the current|last|the last|the past|next|the next)\s+century",
            _century,
        ),
        (
            r"(?:the|this|that|(?:over|during)\s+the)\s+(?P<unit>week|weekend|month|quarter|day"
            r"|spring|summer|fall|autumn|winter)",
            _the_period,
        ),
        (
            r"(?:the\s+)?(?:(?:early|late|mid)[-\s]*)?(?P<unit>spring|summer|fall|autumn|winter)",
            _the_period,
        ),
        (
            r"(?:the\s+)?(?:(?:early|late|mid)[-\s]*)?(?P<season>spring|summer|fall|autumn|winter)"
            r"(?:\s+of)?\s+(?P<year>\d{4})",
            _season_of_year,
        ),
        (
            rf"{APPROX_RE}*(?:(?P<num>{NUM_RE})[\s-]+)?(?:or so\s+)?(?P<unit>{UNIT_RE})"
            r"(?:\s+or so)?\s+(?P<dir>ago|earlier|before|from now|hence|later)",
            _ago,
        ),
        (rf"recent\s+(?P<unit>{UNIT_RE})", _recent_units),
        (
            rf"(?:the\s+)?(?:(?:coming|next few|next several)\s+(?P<unit>{UNIT_RE})"
            rf"|(?P<unit2>{UNIT_RE})\s+(?:ahead|to come))",
            _vague_span,
        ),
        (
            rf"(?:{APPROX_RE}|(?:the\s+)?(?:past|last|next|coming|first|final|previous"
            rf"|following|further|additional|another|each of the past|each of the last)\s+)*"
            rf"(?:(?P<num>{NUM_RE}(?:\s*(?:to|or|-)\s*{NUM_RE})?)[\s-]+)?"
            rf"(?:more\s+|full\s+|straight\s+|consecutive\s+"
            rf"|additional\s+|long\s+)?(?P<unit>{UNIT_RE})(?P<half>\s+and\s+a\s+half)?"
            r"(?:[\s-]+(?:old|long))?",
            _duration_rule,
        ),
        (rf"(?P<what>{'|'.join(FREQUENCY_WORDS)})", _set_rule),
        (
            rf"(?:every|each)\s+(?:other\s+)?(?:(?P<num>\d+|{NUM_WORDS_RE})\s+)?"
            rf"(?P<what>{UNIT_RE}|morning|evening|afternoon|weekend|{WEEKDAY_RE}|{MONTH_RE})",
            _set_rule,
        ),
        (
            rf"(?:(?:at|around|about|approximately|shortly before|shortly after|just before"
            rf"|just after|until|by)\s+)?{CLOCK_RE}(?:\s+in\s+the\s+(?:morning|afternoon"
            rf"|evening))?(?:\s+[ecmp][sd]t|\s+gmt|\s+utc)?(?:,?\s+(?:on\s+)?(?P<rest>.+))?",
            _clock,
        ),
        (
            r"(?:(?P<mod>last|next|this)\s+)?(?P<name>new year's day|new year's eve|new year's"
            r"|christmas day|christmas eve|christmas|thanksgiving day|thanksgiving"
            r"|easter sunday|easter monday|easter|good friday|halloween|independence day"
            r"|july fourth|labor day|memorial day|veterans day|election day|valentine's day"
            r"|presidents' day|presidents day|martin luther king day|may day)"
            r"(?:,?\s+(?P<year>\d{4}))?",
            _holiday_rule,
        ),
    )
)
