"""Dates inside a quote, anchored on the day the words were said.

A relative date in a speaker's own words counts from the day of the speech, not from
publication: in '"Today we begin," the president said on Monday' of a Wednesday report,
"Today" is Monday. This step runs after the quotes (``registry``): each date mention inside
the content of a quote whose ``date`` is known is resolved again with that date as anchor,
with the direction of its own clause as before.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from storyline.extract.context import Context
from storyline.extract.time.resolver import iso_value
from storyline.extract.time.tense import resolve_in_clause
from storyline.record.model import DateMention, Quote

__all__ = ["anchor_quoted_dates"]


def anchor_quoted_dates(doc: Doc, ctx: Context) -> list[DateMention]:
    """Return the record's dates with those inside a dated quote resolved from its date."""
    dates: list[DateMention] = list(ctx.results.get("dates", []))
    quotes: list[Quote] = list(ctx.results.get("quotes", []))
    said: list[tuple[int, int, date]] = []
    for q in quotes:
        if q.date is None or q.kind == "indirect":
            continue  # indirect speech is the reporter's words, dated from publication
        day = date.fromisoformat(q.date)
        if day != ctx.published:
            said.extend((c.start, c.end, day) for c in q.content)
    if not said:
        return dates
    out = []
    for d in dates:
        spoken = next((day for s, e, day in said if s <= d.start and d.end <= e), None)
        if spoken is None:
            out.append(d)
            continue
        timex = resolve_in_clause(doc, ctx.text, d.start, d.end, spoken)
        out.append(d.model_copy(update={"value": iso_value(timex.value)}))
    return out
