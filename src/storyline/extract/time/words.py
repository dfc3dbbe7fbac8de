"""Word lists and tables of the time package: plain data, each with its source.

Values follow TimeML/TIMEX3 (ISO-TimeML; Pustejovsky et al., *TimeML Annotation Guidelines*
1.2.1, 2006) at the expression's own granularity, as the TempEval-3 gold codes them
(shared/research/extraction_time.md §B.1): a day "2023-12-03", a month "2023-12", a year
"2023", an ISO week "2023-W48", a quarter "2023-Q4", a season "2023-SU", a decade "202",
the references PRESENT_REF / PAST_REF / FUTURE_REF, durations "P3D" and sets "P1W".
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "AGE_RE",
    "APPROX_RE",
    "CLOCK_RE",
    "DAY_PARTS",
    "DURATION_UNITS",
    "FIXED_HOLIDAYS",
    "FREQUENCY_WORDS",
    "FUTURE_AUX",
    "FUTURE_HEAD_LEMMAS",
    "FUTURE_MODIFIERS",
    "MONTHS",
    "MONTH_RE",
    "NUMBER_WORDS",
    "NUM_RE",
    "NUM_WORDS_RE",
    "REF_WORDS",
    "SEASONS",
    "TEMPORAL_WORDS",
    "TEXT_MONTH_RE",
    "TEXT_WEEKDAY_RE",
    "UNIT_RE",
    "VAGUE_NUM_RE",
    "WEEKDAYS",
    "WEEKDAY_HOLIDAYS",
    "WEEKDAY_RE",
]

# Month names and the abbreviations of the AP Stylebook ("Jan.", "Feb.", "Aug.", "Sept.",
# "Oct.", "Nov.", "Dec."), plus the common "Sep"/"Mar"/"Apr" forms; keys are lower case.
MONTHS: Final[dict[str, int]] = {
    "january": 1, "jan": 1,
    "february": 2, "feb": 2,
    "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "may": 5,
    "june": 6, "jun": 6,
    "july": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

# ISO weekday numbers (Monday = 1), as TIMEX3 codes them ("XXXX-WXX-1").
WEEKDAYS: Final[dict[str, int]] = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
    "sunday": 7,
}  # fmt: skip

# Regex pieces over *normalised* (lower-case) expressions.
MONTH_RE: Final = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
WEEKDAY_RE: Final = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"

# Regex pieces over the *article text*: names are capitalised in news copy, so a lower-case
# "may" or "march" is a verb; abbreviations need their AP period ("Oct." not "Oct").
TEXT_MONTH_RE: Final = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
TEXT_WEEKDAY_RE: Final = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

# Cardinal number words a reporter spells out (AP spells one to nine); "a"/"an" mean one.
NUMBER_WORDS: Final[dict[str, int]] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "hundred": 100, "a hundred": 100, "a dozen": 12, "dozen": 12, "a couple of": 2,
    "a couple": 2, "couple of": 2,
}  # fmt: skip

# Regex pieces over normalised expressions and the article text alike, shared by the finder
# and the rules: a count (digits, number words or a vague "several"), a unit of time, and the
# approximators and bounds a count may carry ("about three weeks", "more than a year").
NUM_WORDS_RE = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
VAGUE_NUM_RE = r"a few|few|several|some|many|a number of|dozens of|hundreds of|a couple of"
NUM_RE = (
    rf"(?:\d{{1,3}}(?:[.,]\d+)?(?:\s+1/2)?(?!\d)|(?:{NUM_WORDS_RE})(?:[- ](?:{NUM_WORDS_RE}))?"
    rf"|{VAGUE_NUM_RE})"
)
UNIT_RE = (
    r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|century"
    r"|centurie)s?"
)
APPROX_RE = (
    r"(?:(?:about|around|approximately|nearly|almost|roughly|some|more than|over|less than"
    r"|under|at least|at most|just|only|barely|fully|well over|close to|up to|no more than"
    r"|no less than|not more than|fewer than|within|the)\s+)"
)

# Duration units to ISO 8601 designators; hours/minutes/seconds take the "PT" prefix.
# TIMEX3 codes quarters "Q", decades "DE" (TE3 gold also "P10Y"; we write years), centuries "CE".
DURATION_UNITS: Final[dict[str, str]] = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W",
    "fortnight": "W", "month": "M", "quarter": "Q", "year": "Y", "decade": "Y", "century": "Y",
}  # fmt: skip

# Seasons as TIMEX3 codes them (northern hemisphere meteorological seasons).
SEASONS: Final[dict[str, tuple[str, tuple[int, ...]]]] = {
    "spring": ("SP", (3, 4, 5)),
    "summer": ("SU", (6, 7, 8)),
    "fall": ("FA", (9, 10, 11)),
    "autumn": ("FA", (9, 10, 11)),
    "winter": ("WI", (12, 1, 2)),
}

# Parts of the day. TIMEX3 would suffix "TMO"/"TAF"/"TEV"/"TNI"; news readers want the day,
# and the TE3 gold itself codes "Friday night" as the bare day about half the time.
DAY_PARTS: Final = ("morning", "afternoon", "evening", "night", "overnight", "midday")

# US federal and common holidays as AP copy names them. Fixed ones: (month, day).
FIXED_HOLIDAYS: Final[dict[str, tuple[int, int]]] = {
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
    "new year's": (1, 1),
    "christmas": (12, 25),
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "boxing day": (12, 26),
    "valentine's day": (2, 14),
    "independence day": (7, 4),
    "july fourth": (7, 4),
    "the fourth of july": (7, 4),
    "halloween": (10, 31),
    "veterans day": (11, 11),
    "armistice day": (11, 11),
    "may day": (5, 1),  # International Workers' Day: marches and strikes in the news
}
# Days news names by their date alone: the day, not a month-day of the current year.
NAMED_DAYS: Final[dict[str, str]] = {"9/11": "2001-09-11"}
# Floating ones: (month, ISO weekday, n-th; -1 = last). Election Day (the Tuesday after the
# first Monday of November) and the Easter-based days are computed in calendar.py.
WEEKDAY_HOLIDAYS: Final[dict[str, tuple[int, int, int]]] = {
    "thanksgiving": (11, 4, 4),  # fourth Thursday of November
    "thanksgiving day": (11, 4, 4),
    "labor day": (9, 1, 1),  # first Monday of September
    "memorial day": (5, 1, -1),  # last Monday of May
    "martin luther king day": (1, 1, 3),
    "presidents day": (2, 1, 3),
    "presidents' day": (2, 1, 3),
}

# PRESENT_REF / PAST_REF / FUTURE_REF words (TimeML guidelines §2.2.1.3; TE3 gold usage).
REF_WORDS: Final[dict[str, str]] = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "just now": "PRESENT_REF",
    "currently": "PRESENT_REF", "current": "PRESENT_REF", "at present": "PRESENT_REF",
    "the present": "PRESENT_REF", "presently": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "these days": "PRESENT_REF", "at the moment": "PRESENT_REF", "at this time": "PRESENT_REF",
    "the moment": "PRESENT_REF", "at this point": "PRESENT_REF", "so far": "PRESENT_REF",
    "recently": "PAST_REF", "recent": "PAST_REF", "more recently": "PAST_REF",
    "most recently": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF",
    "previously": "PAST_REF", "formerly": "PAST_REF", "earlier": "PAST_REF",
    "recent years": "PAST_REF", "past years": "PAST_REF", "years ago": "PAST_REF",
    "several years ago": "PAST_REF", "some time ago": "PAST_REF", "long ago": "PAST_REF",
    "the future": "FUTURE_REF", "the near future": "FUTURE_REF", "future": "FUTURE_REF",
    "the distant future": "FUTURE_REF", "soon": "FUTURE_REF", "shortly": "FUTURE_REF",
    "the coming years": "FUTURE_REF", "coming years": "FUTURE_REF",
    "the years ahead": "FUTURE_REF", "in the years ahead": "FUTURE_REF",
}  # fmt: skip

# Frequency adverbs (TIMEX3 SET): kept only as adverbs, since TE3 gold leaves the adjectives
# ("quarterly dividend", "annual report") unannotated.
FREQUENCY_WORDS: Final[dict[str, str]] = {
    "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M", "quarterly": "P3M",
    "yearly": "P1Y", "annually": "P1Y", "hourly": "PT1H", "biweekly": "P2W",
}  # fmt: skip

# Future markers read off the dependency parse (research/extraction_time.md §B.5: "weekday
# → most recent ≤ DCT unless next/coming/will"). First, auxiliaries of the governing verb:
# will, shall, the contracted 'll and the "wo" of "won't".
FUTURE_AUX: Final = frozenset({"will", "shall", "'ll", "’ll", "wo", "ll"})
# Second, heads that take the date's verb as an open complement: scheduled to meet, plans to
# vote, is going to sign, hopes to close, due to arrive.
FUTURE_HEAD_LEMMAS: Final = frozenset(
    {"schedule", "set", "due", "expect", "plan", "slate", "poise", "intend", "prepare", "aim",
     "hope", "go", "plot"}
)  # fmt: skip
# Third, a modifier of a noun between the date and its verb: the next round, Tuesday.
FUTURE_MODIFIERS: Final = frozenset({"next", "coming", "upcoming", "forthcoming", "following"})

# Words that make a candidate temporal at all (a spaCy DATE entity without one of these and
# without a year, month, weekday or clock time is an age or a count: "44", "80486").
TEMPORAL_WORDS: Final = frozenset(
    {"second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "night", "nights",
     "week", "weeks", "weekend", "weekends", "fortnight", "month", "months", "quarter",
     "quarters", "year", "years", "decade", "decades", "century", "centuries", "morning",
     "mornings", "afternoon", "afternoons", "evening", "evenings", "tonight", "today",
     "yesterday", "tomorrow", "now", "noon", "midnight", "overnight", "spring", "summer", "fall",
     "autumn", "winter", "season", "daily", "weekly", "monthly", "yearly", "annually", "hourly",
     "nightly", "quarterly", "future", "past", "present", "recently", "currently", "current",
     "recent", "period", "term", "time", "times", "era", "age", "moment", "eve", "dawn",
     "dusk", "anniversary", "holiday", "holidays", "ago", "later", "earlier", "soon",
     "year-end", "midyear", "mid-year", "semester", "millennium", "christmas", "thanksgiving",
     "easter", "halloween", "weekday", "weekdays"}
)  # fmt: skip

# Ages are not TIMEX3s in the TE3 gold ("a 6-year-old boy", "52 years old", "Smith, 44,").
AGE_RE: Final = r"\b(?:year|month|week|day)s?[- ]old\b"

# Clock times: "10 a.m.", "3:30 p.m.", "10:35", "noon", "midnight" (AP style).
CLOCK_RE: Final = (
    r"(?:(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)"
    r"|(?P<hour24>\d{1,2}):(?P<minute24>\d{2})(?!\d)|(?P<named>noon|midnight|midday))"
)
