"""Publication dates: the strict rule for a date a person gives, the lenient one for metadata.

A date given by hand (``--published``, ``read(published=)``) is a promise about every input,
so it is read strictly: a typo must stop the run with its reason, never become "no date" or
today's date. A date found in a report's own metadata (a JSON ``published`` field, RSS's RFC
822 form) is read leniently: a date that cannot be read there only leaves the record undated.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime
from typing import TYPE_CHECKING

from storyline.errors import SettingsError

if TYPE_CHECKING:
    import dateparser

__all__ = ["metadata_date", "parse_published"]

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SHOWN_CHARS = 40  # of a rejected value, in its one-line error


def parse_published(value: date | str | None, *, name: str = "published") -> date | None:
    """Return the publication date a caller gave, ``None`` when none was given.

    One rule for the CLI and the API: a ``date``, a ``datetime`` (its calendar date), or a
    string ``YYYY-MM-DD``. Anything else is refused, so "yesterday" or "2024-13-45" can never
    turn into no date, or today's, without anyone noticing.

    Args:
        value: what the caller gave.
        name: how the error names the option (``--published`` on the command line).

    Example:
        >>> parse_published("2024-03-12")
        datetime.date(2024, 3, 12)

    Raises:
        SettingsError: the value is not such a date (the message names it).
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass  # the form is right, the day does not exist: refused below
    raise SettingsError(f"{name}: {_shown(value)} is not a date of the form YYYY-MM-DD")


def metadata_date(value: object) -> date | None:
    """Return the calendar date of a metadata value, or None when it gives no readable date.

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


def _shown(value: object) -> str:
    """The rejected value as the error quotes it: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


@functools.cache
def _parser() -> dateparser.DateDataParser:
    import dateparser  # half a second to import: paid only when metadata needs it

    return dateparser.DateDataParser(
        languages=["en"], settings={"STRICT_PARSING": True, "RETURN_AS_TIMEZONE_AWARE": False}
    )
