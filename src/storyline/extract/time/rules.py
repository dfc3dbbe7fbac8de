"""The rules of the resolver's table: one function per shape of expression news writes.

Each rule takes the table pattern's match, the publication date (None: relative forms stay
unresolved) and the clause's direction, and returns a ``Timex`` at the expression's own
granularity, or None to let the next pattern try. The table itself, and the rules that
resolve a part of their expression through ``resolve_timex`` ("10 a.m. Tuesday", "the week of
March 6"), are in ``resolver``. Where a rule was chosen on data, its TBAQ count is noted.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Final

from storyline.extract.time.calendar import (
    _add_months,
    _day,
    _duration,
    _holiday,
    _month,
    _nearest_month,
    _nearest_year,
    _number,
    _quarter,
    _safe_date,
    _season,
    _shift,
    _unit,
    _week,
    _weekday,
)
from storyline.extract.time.timex import Tense, Timex
from storyline.extract.time.words import (
    DURATION_UNITS,
    FREQUENCY_WORDS,
    MONTHS,
    NAMED_DAYS,
    REF_WORDS,
    SEASONS,
    VAGUE_NUM_RE,
    WEEKDAYS,
)

__all__: list[str] = []  # package-internal: the resolver's table names each rule


def _ref(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    return Timex(REF_WORDS[m.group(0)])


def _named_day(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    """A day news names by its date alone ("after 9/11"): that day, whatever the anchor."""
    return Timex(NAMED_DAYS[m.group(0)])


_PART_CODES: Final = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}


def _part_of_day(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    """Resolve "this morning", "last night", "mid-afternoon" to a TIME with a part suffix."""
    if published is None:
        return Timex(None, "TIME")
    day = published - timedelta(days=1 if m.group("w") == "last" else 0)
    return Timex(f"{_day(day)}T{_PART_CODES[m.group('part')]}", "TIME")


def _deictic(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    if published is None:
        return Timex(None)
    word = m.group("w")
    offset = {"today": 0, "tonight": 0, "overnight": 0, "yesterday": -1, "tomorrow": 1,
              "the day before yesterday": -2, "the day after tomorrow": 2}[word]  # fmt: skip
    return Timex(_day(published + timedelta(days=offset)))


def _weekday_rule(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    if published is None:
        return Timex(None)
    wd = WEEKDAYS[m.group("wd")]
    mod = (m.group("mod") or "").strip()
    if mod in ("last", "this past", "past", "the previous", "the last"):
        mode = "last"
    elif mod in ("next", "coming", "this coming", "the following", "the next"):
        mode = "next"
    elif mod == "this":  # "this Friday" is the coming one unless the clause is past
        mode = "past" if tense == "past" else "future"
    else:  # news rule 1
        mode = "future" if tense == "future" else "past"
    return Timex(_day(_weekday(published, wd, mode)))


def _month_day(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    month = MONTHS[m.group("mon").rstrip(".")]
    day = int(m.group("day"))
    if m.group("year"):
        d = _safe_date(int(m.group("year")), month, day)
        return Timex(_day(d)) if d else None
    if published is None:
        return Timex(None)
    d = _nearest_year(month, day, published, tense)
    return Timex(_day(d)) if d else None


def _month_year(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    month = MONTHS[m.group("mon").rstrip(".")]
    if m.group("year"):
        return Timex(_month(int(m.group("year")), month))
    if published is None:
        return Timex(None)
    rel = m.group("rel")
    return Timex(_month(published.year + {"this": 0, "last": -1, "next": 1}[rel], month))


def _month_alone(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    if published is None:
        return Timex(None)
    month = MONTHS[m.group("mon").rstrip(".")]
    mod = (m.group("mod") or "").strip()
    y = published.year
    if mod in ("last", "this past"):
        y = y if month < published.month else y - 1
    elif mod in ("next", "this coming"):
        y = y if month > published.month else y + 1
    elif mod == "this":
        pass
    else:
        y = _nearest_month(month, published, tense)
    return Timex(_month(y, month))


def _year_rule(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    y = int(m.group("year"))
    if not 1000 <= y <= 2199:
        return None
    return Timex(f"{y:04d}")


def _decade(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    digits = m.group("dec")
    if len(digits) == 3:
        return Timex(digits)
    if published is None:
        return Timex(None)
    century = published.year // 100
    decade = century * 10 + int(digits[0])
    if decade * 10 > published.year:
        decade -= 10
    return Timex(f"{decade:03d}")


def _relative_period(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    rel = m.group("rel")
    unit = m.group("unit")
    if rel in ("following", "same", "that"):  # anchored on another time in the story
        return Timex(None)
    if published is None:
        return Timex(None)
    n = {"this": 0, "current": 0, "present": 0, "this past": -1, "last": -1, "past": -1,
         "previous": -1, "prior": -1, "latest": -1, "next": 1, "coming": 1,
         "this coming": 1}[rel]  # fmt: skip
    if unit in SEASONS:
        mode = {0: "this", -1: "last", 1: "next"}[n]
        return Timex(_season(published, unit, mode))
    if unit == "season":
        return Timex(None)
    if unit in ("decade", "century") and rel in ("past", "last"):
        return Timex(_duration(1, unit), "DURATION")  # "the past decade" is a span of time
    return _shift(published, unit, n)


def _this_period(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    """Resolve "earlier this week", "later this year", "the end of the month"."""
    if published is None:
        return Timex(None)
    unit = m.group("unit") or m.groupdict().get("unit2")
    if unit is None:
        return Timex(None)
    if unit in SEASONS:
        return Timex(_season(published, unit, "this"))
    return _shift(published, unit, 0)


def _the_period(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    """Bare "the year", "the week", "the quarter" (financial news: the quarter reported)."""
    if published is None:
        return Timex(None)
    unit = m.group("unit")
    if unit in SEASONS:
        return Timex(_season(published, unit, "this"))
    if unit == "quarter":
        return _shift(published, "quarter", -1)
    if unit == "weekend":
        saturday = _weekday(published, 6, "future" if tense == "future" else "past")
        return Timex(_week(saturday) + "-WE")
    return _shift(published, unit, 0)


def _season_of_year(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    return Timex(f"{int(m.group('year')):04d}-{SEASONS[m.group('season')][0]}")


def _financial_quarter(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    """Resolve "the year-ago quarter" or "the 1988 period" as earnings copy means them.

    The quarter compared is the one just reported (the quarter before publication), in the
    year named or a year earlier (TBAQ: 1988-Q3 for all 9 such golds dated Oct. 1989).
    """
    if published is None:
        return Timex(None)
    y, month = _add_months(published.year, published.month, -3)
    y = int(m.group("year")) if m.group("year") else y - 1
    return Timex(_quarter(y, month))


def _century(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    if m.group("n"):
        return Timex(f"{int(m.group('n')) - 1:02d}")
    if published is None:
        return Timex(None)
    n = {"this": 0, "the current": 0, "last": -1, "the last": -1, "the past": -1,
         "next": 1, "the next": 1}[m.group("rel")]  # fmt: skip
    return Timex(f"{published.year // 100 + n:02d}")


def _ago(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    """Resolve "three years ago" at the unit's granularity; "two days later" is an offset."""
    unit = _unit(m.group("unit"))
    if m.group("num"):
        n = _number(m.group("num"))
    else:  # "a year ago" is written "year ago" only in headlines; "months ago" is vague
        n = None if m.group("unit").endswith("s") else 1.0
    direction = m.group("dir")
    if direction in ("later", "before"):
        # anchored on an event of the story, not on publication: keep the offset
        return Timex(_duration(n, unit), "DURATION")
    if n is None or n != int(n):
        return Timex("PAST_REF" if direction in ("ago", "earlier") else None)
    if published is None:
        return Timex(None)
    if unit in ("hour", "minute", "second"):
        return Timex(_day(published))
    sign = 1 if direction in ("from now", "hence") else -1
    return _shift(published, unit, sign * int(n))


def _duration_rule(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    unit = _unit(m.group("unit"))
    raw = m.group("num")
    n = _number(raw) if raw else None
    if raw is None and m.group("unit").endswith("s"):
        n = None  # "months", "years": a vague count
    elif raw is None:
        n = 1.0
    elif n is None and raw not in _VAGUE_WORDS and not re.search(r"\s(?:to|or)\s|\d-\d", raw):
        return None  # not a count ("a two day"); a range ("12 to 18") is a vague count
    if m.group("half"):
        n = (n or 0) + 0.5
    return Timex(_duration(n, unit), "DURATION")


_VAGUE_WORDS: Final = frozenset(VAGUE_NUM_RE.split("|"))


def _recent_units(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    unit = _unit(m.group("unit"))
    if unit in ("year", "decade", "century"):
        return Timex("PAST_REF")  # TE3 gold: "recent years" is PAST_REF 3 times of 5
    return Timex(_duration(None, unit), "DURATION")


def _vague_span(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    """Resolve "the coming weeks", "the months ahead": a span of unknown length ("PXW")."""
    unit = _unit(m.group("unit") or m.group("unit2"))
    return Timex(_duration(None, unit), "DURATION")


def _quarter_rule(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
         "4th": 4}[m.group("q")]  # fmt: skip
    year = m.group("year") or m.group("year2")
    if year:
        return Timex(f"{int(year):04d}-Q{q}")
    if published is None:
        return Timex(None)
    rel = m.group("rel")
    current = (published.month - 1) // 3 + 1
    y = published.year
    if rel:
        y += {"this year": 0, "last year": -1, "next year": 1}[rel]
    elif q > current and tense != "future":
        y -= 1  # "the fourth quarter" in March is the one just reported
    return Timex(f"{y:04d}-Q{q}")


def _half_rule(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    h = 1 if m.group("h") == "first" else 2
    if m.group("year"):
        return Timex(f"{int(m.group('year')):04d}-H{h}")
    if published is None:
        return Timex(None)
    rel = m.group("rel") or "this"
    y = published.year + {"this": 0, "the": 0, "last": -1, "next": 1}[rel]
    return Timex(f"{y:04d}-H{h}")


def _year_end(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    if published is None:
        return Timex(None)
    return Timex(f"{published.year:04d}")


def _year_ago(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    if published is None:
        return Timex(None)
    return Timex(f"{published.year - 1:04d}")


def _holiday_rule(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    name = m.group("name")
    if m.group("year"):
        d = _holiday(name, int(m.group("year")))
        return Timex(_day(d)) if d else None
    if published is None:
        return Timex(None)
    mod = m.group("mod")
    options = [d for y in range(published.year - 1, published.year + 2)
               if (d := _holiday(name, y)) is not None]  # fmt: skip
    if not options:
        return None
    if mod == "last":
        d = max(o for o in options if o < published)
    elif mod == "next":
        d = min(o for o in options if o > published)
    elif tense == "future":
        d = min(o for o in options if o >= published)
    else:
        d = min(options, key=lambda o: (abs((o - published).days), o > published))
    return Timex(_day(d))


def _set_rule(m: re.Match[str], published: date | None, tense: Tense) -> Timex | None:
    what = m.group("what")
    if what in FREQUENCY_WORDS:
        return Timex(FREQUENCY_WORDS[what], "SET")
    what = what.rstrip("s")
    if what in WEEKDAYS:
        return Timex(f"XXXX-WXX-{WEEKDAYS[what]}", "SET")
    if what.rstrip(".") in MONTHS:
        return Timex(f"XXXX-{MONTHS[what.rstrip('.')]:02d}", "SET")
    if what in ("morning", "evening", "afternoon"):
        return Timex("P1D", "SET")
    if what == "weekend":
        return Timex("XXXX-WXX-WE", "SET")
    n = _number(m.group("num")) if m.groupdict().get("num") else 1.0
    unit = _unit(what)
    if unit not in DURATION_UNITS and unit not in ("decade", "century", "fortnight"):
        return None
    return Timex(_duration(n, unit), "SET")
