"""Publication dates given as metadata: ISO strings, datetimes, or what dateparser reads."""

from __future__ import annotations

import functools
from datetime import date, datetime

import dateparser

__all__ = ["parse_published"]


def parse_published(value: object) -> date | None:
    """Return the calendar date of a metadata value, or None when it says no date.

    Accepts a ``date``/``datetime``, an ISO 8601 string ("2023-12-04", "2023-12-04T10:00Z"),
    or any absolute date dateparser reads ("Dec. 4, 2023", RSS's RFC 822 form).
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    s = value.strip()
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        pass
    parsed = _parser().get_date_data(s).date_obj
    return parsed.date() if parsed is not None else None


@functools.cache
def _parser() -> dateparser.DateDataParser:
    return dateparser.DateDataParser(
        languages=["en"], settings={"STRICT_PARSING": True, "RETURN_AS_TIMEZONE_AWARE": False}
    )
