"""The resolver's value: a TIMEX3 value and type, and the ISO 8601 form the record keeps.

TIMEX3 values are what TempEval scores, but the record promises ISO 8601 (CONTRACT.md):
``iso_value`` turns a TIMEX3 value into the coarser ISO value that holds it ("PRESENT_REF",
"2023-SU", "XXXX-WXX-1" are not ISO 8601 and become "2023" or None); quote, figure and event
dates take only a full day, through ``iso_day``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

__all__ = ["Tense", "Timex", "TimexType", "iso_day", "iso_value"]

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Tense = Literal["past", "future"] | None


@dataclass(frozen=True, slots=True)
class Timex:
    """A resolved temporal expression: TIMEX3 ``value`` (None if unknown) and ``type``."""

    value: str | None
    type: TimexType = "DATE"


def iso_value(value: str | None) -> str | None:
    """Return a TIMEX3 value as ISO 8601, coarsened to the ISO value that holds it, or None.

    A day, month, year, ISO week, time or fully given duration is kept. A part of a day
    ("2023-12-03TMO") is that day; a weekend ("2023-W48-WE") its week; a quarter, half,
    spring, summer or fall its year. A winter crosses a year, and a decade, century, reference
    ("PRESENT_REF"), vague duration ("PXD") or set with unknown parts ("XXXX-WXX-1") has no
    ISO 8601 form: None.

    Example:
        >>> iso_value("2023-SU"), iso_value("PRESENT_REF"), iso_value("P3D")
        ('2023', None, 'P3D')
    """
    if value is None:
        return None
    for pattern, group in _COARSER:
        m = pattern.fullmatch(value)
        if m is not None:
            value = m.group(group)
            break
    if _ISO_DURATION.fullmatch(value):
        return value
    m = _ISO_CALENDAR.fullmatch(value)
    if m is None or not _is_real_calendar(m):
        return None
    return value


def iso_day(value: str | None) -> str | None:
    """Return the full calendar day ``YYYY-MM-DD`` a value names, else None.

    Quote, figure and event dates are days (CONTRACT.md); a month, week or reference is
    left out rather than cut short: "PRESENT_REF"[:10] is not a date.
    """
    iso = iso_value(value)
    if iso is None:
        return None
    if _ISO_DAY.match(iso):
        return iso[:10]
    m = _ISO_WEEK_DAY.fullmatch(iso)  # "2023-W48-7" is a day too
    return date.fromisocalendar(*map(int, m.groups())).isoformat() if m else None


# A TIMEX3 value with an ISO 8601 value that holds it, and the group that is that value.
_COARSER: Final = (
    (re.compile(r"(\d{4}-\d{2}-\d{2})T(?:MO|AF|EV|NI|DT|MI)"), 1),  # part of a day
    (re.compile(r"(\d{4}-W\d{2})-WE"), 1),  # weekend
    (re.compile(r"(\d{4})-(?:Q[1-4]|H[12]|SP|SU|FA)"), 1),  # quarter, half, season in a year
)
_ISO_CALENDAR: Final = re.compile(
    r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2})(?:T(?P<h>\d{2})(?::(?P<mi>\d{2})"
    r"(?::(?P<s>\d{2})(?:\.\d+)?)?)?)?)?|-W(?P<w>\d{2})(?:-(?P<wd>[1-7]))?)?"
)
_ISO_DAY: Final = re.compile(r"\d{4}-\d{2}-\d{2}(?:T|$)")
_ISO_WEEK_DAY: Final = re.compile(r"(\d{4})-W(\d{2})-([1-7])")
# Every given part a number, the last one possibly a fraction ("P2.5Y", "PT1H30M").
_ISO_DURATION: Final = re.compile(
    r"P(?=\d|T\d)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?W)?(?:\d+(?:\.\d+)?D)?"
    r"(?:T(?=\d)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?"
)


def _is_real_calendar(m: re.Match[str]) -> bool:
    """True if the matched year, month, day, week and time exist (no month 13, no Feb 30)."""
    year = int(m["y"])
    try:
        if m["w"] is not None:
            date.fromisocalendar(year, int(m["w"]), int(m["wd"] or 1))
        elif m["d"] is not None:
            date(year, int(m["m"]), int(m["d"]))
        elif m["m"] is not None and not 1 <= int(m["m"]) <= 12:
            return False
    except ValueError:
        return False
    hour, minute, second = (int(m[k] or 0) for k in ("h", "mi", "s"))
    return year >= 1 and hour <= 24 and minute <= 59 and second <= 60
