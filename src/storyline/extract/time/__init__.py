"""Date mentions resolved against the publication date under news rules.

Two halves:

* **Finding** (``finder``: ``extract_dates``, ``extract_record_dates``): spaCy's DATE/TIME
  entities and the patterns spaCy misses, trimmed to TimeML extents, each resolved with the
  direction of its clause (``tense``: ``clause_tense``, ``is_future``, off the parse).
* **Resolving** (``resolver``: ``resolve_timex`` / ``resolve_date``): a rule table for what
  news writes (``rules``, ``calendar``), then dateparser (``fallback``), anchored on the
  publication date; ``timex`` holds the value type and its ISO 8601 form (``iso_value``,
  ``iso_day``). The resolver does not import spaCy.

The word lists and tables of both are in ``words``. Finding needs spaCy, so its names load
on first use (PEP 562): importing the resolver, or this package for it, does not pay for the
parser nor need it installed.
"""

from typing import TYPE_CHECKING, Any

from storyline.extract.time.resolver import (
    Timex,
    TimexType,
    iso_day,
    iso_value,
    resolve_date,
    resolve_timex,
)

if TYPE_CHECKING:
    from storyline.extract.time.finder import extract_dates, extract_record_dates
    from storyline.extract.time.tense import clause_tense, is_future

__all__ = [
    "Timex",
    "TimexType",
    "clause_tense",
    "extract_dates",
    "extract_record_dates",
    "is_future",
    "iso_day",
    "iso_value",
    "resolve_date",
    "resolve_timex",
]

_LAZY = {
    "extract_dates": "storyline.extract.time.finder",
    "extract_record_dates": "storyline.extract.time.finder",
    "clause_tense": "storyline.extract.time.tense",
    "is_future": "storyline.extract.time.tense",
}


def __getattr__(name: str) -> Any:  # noqa: ANN401 - whatever the lazy name is
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'storyline.extract.time' has no attribute {name!r}")
