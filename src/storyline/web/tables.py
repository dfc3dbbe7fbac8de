"""The explorer's tables as data: the rows a page shows, for its CSV and JSON downloads.

Each function takes what a page renders (already filtered by the page's own query) and returns
a ``Table``: its columns, one row per thing the page lists, and the filters that chose them,
so that a download is the page's table and not a second query that could drift from it. Every
row that comes from a report keeps its provenance: the report id and the character offsets of
its words (``start``/``end`` into the report text), as everywhere in storyline.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain

from storyline.story.citation import Citation
from storyline.story.event_map import EventMap
from storyline.story.events import StoryEvent
from storyline.story.figures import Disagreement, FigureHistory
from storyline.story.labels import figure_label
from storyline.story.pages import SpeakerRef
from storyline.story.speakers import SpeakerHistory
from storyline.story.summary import SpeakerTally
from storyline.web.search import QuoteHit, ReportHit, plain

__all__ = [
    "Cell",
    "Table",
    "disagreements_table",
    "events_table",
    "figures_table",
    "outlets_table",
    "places_table",
    "quote_hits_table",
    "report_hits_table",
    "speakers_table",
    "statements_table",
]

# A cell: lists (the outlets of an event, its reports) stay lists in JSON and are joined by
# "; " in CSV.
Cell = str | int | float | bool | None | list[str]
Row = dict[str, Cell]
_CITE = ("report_id", "outlet", "published", "start", "end", "text")


@dataclass(frozen=True, slots=True)
class Table:
    """One table of a page: a name for its file, its columns, its rows, what chose them."""

    name: str
    columns: tuple[str, ...]
    rows: Iterable[Row]  # lazy: a download streams them
    filters: Mapping[str, str] = field(default_factory=dict)


def _row(*parts: Row) -> Row:
    """One row from its parts (the item's own columns, then its citation)."""
    row: Row = {}
    for part in parts:
        row.update(part)
    return row


def _cite(c: Citation) -> Row:
    return {
        "report_id": c.report_id,
        "outlet": c.outlet,
        "published": c.published,
        "start": c.start,
        "end": c.end,
        "text": c.text,
    }


def figures_table(histories: Iterable[FigureHistory]) -> Table:
    """Every reported value of every counted thing (the points of the figure charts)."""
    rows = (
        _row(
            {
                "counted": figure_label(h.unit, h.what),
                "date": p.date,
                "shown": p.shown,
                "value": p.value,
                "low": p.low,
                "high": p.high,
                "approx": p.approx,
                "said_by": p.said_by,
                "source": p.source,
                "ordinal": p.ordinal,
                "cumulative": p.cumulative,
            },
            _cite(p.citation),
        )
        for h in histories
        for p in h.points
    )
    columns = ("counted", "date", "shown", "value", "low", "high", "approx", "said_by", "source")
    return Table("figures", (*columns, "ordinal", "cumulative", *_CITE), rows)


def disagreements_table(disagreements: Iterable[Disagreement]) -> Table:
    """Each claim on a day sources disagree (a source and a value), as the overview lists them.

    ``reports`` is how many reports give that claim; the citation is the first one's.
    """
    rows = (
        _row(
            {"date": d.date, "counted": figure_label(d.unit, d.what)},
            {"said_by": p.said_by, "shown": p.shown, "reports": p.reports},
            _cite(p.citation),
        )
        for d in disagreements
        for p in d.points
    )
    columns = ("date", "counted", "said_by", "shown", "reports", *_CITE)
    return Table("disagreements", columns, rows)


def events_table(events: Sequence[StoryEvent], filters: Mapping[str, str]) -> Table:
    """The story events the events page lists, one row each, with every report that tells it.

    ``citations`` are ``REPORT_ID:START-END``, one per report span, in the order of ``texts``.
    """
    rows: Iterator[Row] = (
        {
            "date": e.date,
            "type": e.type,
            "actor": e.actor,
            "target": e.target,
            "place": e.place,
            "statuses": list(e.statuses),
            "n_reports": e.n_reports,
            "outlets": list(e.outlets),
            "citations": [f"{c.report_id}:{c.start}-{c.end}" for c in e.citations],
            "texts": [c.text for c in e.citations],
        }
        for e in events
    )
    columns = ("date", "type", "actor", "target", "place", "statuses", "n_reports", "outlets")
    return Table("events", (*columns, "citations", "texts"), rows, filters)


def speakers_table(tallies: Iterable[SpeakerTally]) -> Table:
    """Named speakers by number of attributions, then the anonymous sources (the speakers page)."""
    rows: Iterator[Row] = (
        {
            "speaker": s.speaker,
            "speaker_type": s.speaker_type,
            "anonymous": s.is_anonymous,
            "statements": s.statements,
            "reports": s.reports,
            "outlets": s.outlets,
            "first": s.first,
            "last": s.last,
        }
        for s in tallies
    )
    columns = (
        "speaker", "speaker_type", "anonymous", "statements", "reports", "outlets", "first", "last"
    )  # fmt: skip
    return Table("speakers", columns, rows)


def statements_table(history: SpeakerHistory) -> Table:
    """One speaker's statements, oldest first (the speaker page)."""
    rows = (
        _row(
            {"speaker": s.speaker, "date": s.date, "kind": s.kind},
            {"content": s.content, "cue": s.cue},
            _cite(s.citation),
        )
        for s in history.statements
    )
    filters = {"name": history.speaker} | ({"anonymous": "1"} if history.is_anonymous else {})
    return Table("statements", ("speaker", "date", "kind", "content", "cue", *_CITE), rows, filters)


def report_hits_table(hits: Iterable[ReportHit], filters: Mapping[str, str]) -> Table:
    """The reports a search found, with their snippets as plain text."""
    rows: Iterator[Row] = (
        {
            "report_id": h.id,
            "published": h.published,
            "outlet": h.outlet,
            "headline": h.headline,
            "snippet": plain(h.snippet),
        }
        for h in hits
    )
    columns = ("report_id", "published", "outlet", "headline", "snippet")
    return Table("reports", columns, rows, filters)


def quote_hits_table(
    hits: Iterable[QuoteHit],
    whose: Iterable[Sequence[SpeakerRef]],
    filters: Mapping[str, str],
) -> Table:
    """The quotes a search found, each with its speaker as the story names it.

    ``speaker`` is the story's name (resolved across reports; several for a joint quote; none
    for a speaker no report names, such as an unresolved "he"), ``speaker_in_report`` the
    report's own words for them.
    """
    rows: Iterator[Row] = (
        {
            "speaker": [s.speaker for s in speakers],
            "speaker_in_report": h.speaker,
            "kind": h.kind,
            "content": h.content,
            "report_id": h.report_id,
            "outlet": h.outlet,
            "published": h.published,
            "start": h.start,
            "end": h.end,
        }
        for h, speakers in zip(hits, whose, strict=True)
    )
    columns = ("speaker", "speaker_in_report", "kind", "content")
    return Table(
        "quotes", (*columns, "report_id", "outlet", "published", "start", "end"), rows, filters
    )


def outlets_table(outlets: Iterable[tuple[str, int]]) -> Table:
    """Every outlet with its number of reports (the overview's list)."""
    rows: list[Row] = [{"outlet": name, "reports": n} for name, n in outlets]
    return Table("outlets", ("outlet", "reports"), rows)


def places_table(emap: EventMap) -> Table:
    """The map's places with their events, then the names it could not place (the map page).

    ``status`` is ``placed`` (with the gazetteer's place, its ``key`` such as ``city:2988507``
    (a GeoNames id) or ``country:FR``, and where it is drawn), ``ambiguous`` (``candidates``
    lists the places the name could be) or ``unknown``; ``names`` are the words the reports
    used.
    """
    placed: Iterator[Row] = (
        {
            "status": "placed",
            "place": m.place.label,
            "kind": m.place.kind,
            "country": m.place.country,
            "latitude": m.place.lat,
            "longitude": m.place.lon,
            "key": m.place.key,
            "events": m.n_events,
            "names": list(m.names),
            "candidates": [],
        }
        for m in emap.places
    )
    unplaced: Iterator[Row] = (
        {
            "status": u.status,
            "events": u.n_events,
            "names": [u.name],
            "candidates": [c.label for c in u.candidates],
        }
        for u in (*emap.ambiguous, *emap.unknown)
    )
    columns = ("status", "place", "kind", "country", "latitude", "longitude", "key")
    return Table("places", (*columns, "events", "names", "candidates"), chain(placed, unplaced))
