"""The resolver's last resort: dateparser, anchored on the publication date.

What the rule table does not know ("12/03/2023", "3rd of May") is parsed by dateparser with
``RELATIVE_BASE`` = the anchor, and only when it names a month, a weekday, a numeric date or a
year: dateparser reads many non-dates as dates.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime
from typing import Final

import dateparser

from storyline.extract.time.calendar import _week
from storyline.extract.time.timex import Timex
from storyline.extract.time.words import MONTH_RE, WEEKDAY_RE

__all__: list[str] = []  # package-internal: the resolver calls _fallback


_FALLBACK_OK_RE: Final = re.compile(
    rf"\b{MONTH_RE}|\b{WEEKDAY_RE}\b|\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{1,4}}|\b\d{{4}}\b"
)
_NO_ANCHOR: Final = datetime(2000, 1, 1)  # any fixed date: see _fallback
_PERIOD_FORMAT: Final = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


@functools.lru_cache(maxsize=64)  # one parser per anchor date: settings are fixed per parser
def _parser(anchor: date | None) -> dateparser.DateDataParser:
    base = datetime(anchor.year, anchor.month, anchor.day) if anchor else _NO_ANCHOR
    return dateparser.DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": "current_period",
            "RETURN_AS_TIMEZONE_AWARE": False,
            "PREFER_DAY_OF_MONTH": "first",
        },
    )


def _fallback(norm: str, published: date | None) -> Timex:
    """Parse what the table does not know with dateparser ("12/03/2023", "3rd of May")."""
    if not _FALLBACK_OK_RE.search(norm):
        return Timex(None)
    if published is None and not re.search(r"\b\d{4}\b", norm):
        return Timex(None)  # without an anchor only a dated expression is absolute
    try:
        data = _parser(published).get_date_data(norm)
    except (ValueError, OverflowError):  # an anchor at the calendar's ends (year 1, 9999)
        return Timex(None)
    if data.date_obj is None:
        return Timex(None)
    period = data.period or "day"
    if period == "week":
        return Timex(_week(data.date_obj.date()))
    if period == "time":
        return Timex(data.date_obj.strftime("%Y-%m-%dT%H:%M"), "TIME")
    return Timex(data.date_obj.strftime(_PERIOD_FORMAT.get(period, "%Y-%m-%d")))
