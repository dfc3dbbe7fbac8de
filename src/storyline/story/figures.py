"""Figure histories per counted thing, and disagreements between sources on the same day.

A counted thing is a unit and what happened to it ("person" + "killed"); a few verbs that
newsrooms use for the same count ("dead", "died", "killed") are folded into one. Each value
keeps who gave it (the figure's source, else the outlet reporting it) and its report span.

A wire story carried by many outlets is one source, not many (issue 16): a figure that a copy
repeats from its original (``Syndication``, linked at ingest) is counted once, on the original,
which then says how many outlets carried it.

Two values disagree when they are for the same thing on the same date, come from different
sources, and cannot both be true: each figure is read as an interval ("more than 100" is
(100, ∞), "about 100" is 100 ± 10%, "12 to 15" is [12, 15]) and the intervals do not meet.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from storyline.record.model import ArticleRecord, Figure
from storyline.store.copies import Syndication
from storyline.story.citation import Citation, cite
from storyline.story.entities import EntityResolver, keyed_name
from storyline.story.labels import counted_what

__all__ = [
    "Disagreement",
    "FigureHistory",
    "FigurePoint",
    "figure_histories",
    "find_disagreements",
    "interval_of",
    "point_order",
    "report_name",
    "sources_conflict",
    "thing_label",
    "thing_of",
]

# "what" words that count the same thing in news copy; hand-picked from casualty and hostage
# reporting, where outlets alternate between them for one toll.
SAME_WHAT: dict[str, str] = {
    "dead": "killed",
    "die": "killed",
    "died": "killed",
    "death": "killed",
    "deaths": "killed",
    "kill": "killed",
    "killed": "killed",
    "miss": "missing",
    "missing": "missing",
    "release": "freed",
    "released": "freed",
    "free": "freed",
    "freed": "freed",
    "evacuate": "evacuated",
    "evacuated": "evacuated",
    "displaced": "evacuated",
}
APPROX_TOLERANCE = 0.10  # "about 100" covers 90-110: a rounding reporters use, not a rule
_LOWER_BOUNDS = frozenset({"more than", "over", "at least", "upwards of", "in excess of"})
_UPPER_BOUNDS = frozenset(
    {"fewer than", "less than", "under", "up to", "at most", "nearly", "almost", "just under"}
)
_VAGUE = frozenset({"dozens", "hundreds", "thousands", "scores", "several", "many", "some"})


@dataclass(frozen=True, slots=True)
class FigurePoint:
    """One reported value of a counted thing."""

    value: float | None
    low: float | None
    high: float | None
    approx: str | None
    date: str | None
    said_by: str
    source: str | None
    ordinal: bool
    cumulative: bool
    citation: Citation
    carried_by: int = 1  # outlets that carried the report it comes from (issue 16)
    reports: int = 1  # reports giving this same value from this source (a disagreement's claim)

    @property
    def interval(self) -> tuple[float, float]:
        """The values this figure allows, as a closed interval (∞ for open-ended)."""
        return interval_of(self.value, self.low, self.high, self.approx)

    @property
    def shown(self) -> str:
        """The value as a reader would say it: "more than 100", "12-15", "9"."""
        if self.value is None:
            return f"{_num(self.low)}-{_num(self.high)}"
        return f"{self.approx} {_num(self.value)}" if self.approx else _num(self.value)


@dataclass(frozen=True, slots=True)
class FigureHistory:
    """The values of one counted thing over time, oldest first."""

    unit: str
    what: str | None
    points: tuple[FigurePoint, ...]

    @property
    def label(self) -> str:
        """The thing counted, in words: "person killed", "hostage freed"."""
        return thing_label(self.unit, self.what)


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Sources giving values for the same thing on the same date that cannot both be true."""

    unit: str
    what: str | None
    date: str
    points: tuple[FigurePoint, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        """Who said what, one per source: ``"St Brannock Hospital: 14"``."""
        return tuple(dict.fromkeys(f"{p.said_by}: {p.shown}" for p in self.points))


def figure_histories(
    records: Iterable[ArticleRecord],
    resolver: EntityResolver,
    *,
    copies: Syndication | None = None,
) -> list[FigureHistory]:
    """Group the figures of every record by counted thing; most reported things first.

    With ``copies``, a figure is counted once per original: a copy's figure with the same
    words and value as one of its original's (or of another copy's) is left out. Words, not
    the source or date read around them: a new headline or publication date can change what
    the reader makes of the same sentence ("Brannock Hospital" for "St Brannock Hospital", a
    weekday resolved against another day), and it is still the original's figure.
    """
    copies = copies or Syndication()
    groups: dict[tuple[str, str | None], list[FigurePoint]] = defaultdict(list)
    seen: set[tuple[object, ...]] = set()
    for rec in sorted(records, key=lambda r: r.id != copies.original(r.id)):  # originals first
        root = copies.original(rec.id)
        for f in rec.figures:
            if f.value is None and f.low is None and f.high is None:
                continue
            point = _point(rec, f, resolver, carried_by=copies.carried_by(root))
            key = (root, f.text.casefold(), f.value, f.low, f.high)
            if root != rec.id and key in seen:
                continue  # a copy repeating its original's figure: one source, counted once
            seen.add(key)
            groups[_thing(f)].append(point)
    histories = [
        FigureHistory(unit, what, tuple(sorted(points, key=point_order)))
        for (unit, what), points in groups.items()
    ]
    histories.sort(key=lambda h: (-len(h.points), h.label))
    return histories


def find_disagreements(histories: Iterable[FigureHistory]) -> list[Disagreement]:
    """Return every (thing, date) on which two sources give values that cannot both hold."""
    found = []
    for h in histories:
        by_date: dict[str, list[FigurePoint]] = defaultdict(list)
        for p in h.points:
            if p.date:
                by_date[p.date].append(p)
        for day, points in sorted(by_date.items()):
            if _conflict(points):
                found.append(Disagreement(h.unit, h.what, day, tuple(points)))
    return found


def _conflict(points: list[FigurePoint]) -> bool:
    """Whether two sources give intervals that do not meet (one ends before the other starts)."""
    lows: dict[str, float] = {}
    highs: dict[str, float] = {}
    for p in points:
        source = p.said_by.casefold()
        low, high = p.interval
        lows[source] = max(low, lows.get(source, -math.inf))
        highs[source] = min(high, highs.get(source, math.inf))
    return sources_conflict(lows, highs)


def sources_conflict(lows: dict[str, float], highs: dict[str, float]) -> bool:
    """Whether some source's lowest upper end is below another source's highest lower end.

    ``lows`` and ``highs`` hold, per source, the highest lower end and the lowest upper end of
    the values it gave. Linear in the sources, where comparing every pair of values was
    quadratic (thousands of reports of one toll a day).
    """
    if len(lows) < 2:
        return False
    ranked = sorted(lows.items(), key=lambda kv: kv[1], reverse=True)
    for source, high in highs.items():
        best_other = ranked[0] if ranked[0][0] != source else ranked[1]
        if high < best_other[1]:
            return True
    return False


def interval_of(
    value: float | None, low: float | None, high: float | None, approx: str | None
) -> tuple[float, float]:
    """The values a figure allows, as a closed interval (∞ for open-ended): see the module."""
    words = (approx or "").lower()
    if value is None:
        return (low if low is not None else 0.0), (high if high is not None else math.inf)
    if words in _LOWER_BOUNDS:
        return value, math.inf
    if words in _UPPER_BOUNDS:
        return 0.0, value
    if words in _VAGUE:
        return 0.0, math.inf
    if words:
        return value * (1 - APPROX_TOLERANCE), value * (1 + APPROX_TOLERANCE)
    return value, value


def _thing(f: Figure) -> tuple[str, str | None]:
    return thing_of(f.unit, f.what)


def thing_label(unit: str, what: str | None) -> str:
    """A counted thing in words: "person killed", or the unit alone when no what is counted."""
    return f"{unit} {what}" if what else unit


def thing_of(unit: str, what: str | None) -> tuple[str, str | None]:
    """The counted thing of a figure's unit and what: ``("person", "killed")`` for "dead"."""
    kept = counted_what(what)  # "had", "be": no what, so the label is the unit alone
    return unit.casefold().strip(), SAME_WHAT.get(kept, kept) if kept else None


def _point(
    rec: ArticleRecord, f: Figure, resolver: EntityResolver, *, carried_by: int = 1
) -> FigurePoint:
    source = resolver.name(*keyed_name(rec, f.source, f.source_entity))
    return FigurePoint(
        value=f.value,
        low=f.low,
        high=f.high,
        approx=f.approx,
        date=f.date or rec.published,
        said_by=source or rec.outlet or report_name(rec.source),
        source=source,
        ordinal=f.ordinal,
        cumulative=f.cumulative,
        citation=cite(rec, f.start, f.end),
        carried_by=carried_by,
    )


def report_name(source: str) -> str:
    """Who gives a figure in a report with no outlet: the report, by its file or URL name.

    A report is its own source when no one is quoted and no outlet is known; its full path
    says nothing more than its file name and would fill the readout.
    """
    name = source.rstrip("/").rsplit("/", 1)[-1] if "://" not in source else source
    return f"report {name}"


def point_order(p: FigurePoint) -> tuple[str, str, str]:
    """How a history's values are ordered: by date, publication date, then source."""
    return (p.date or "", p.citation.published or "", p.said_by)


def _num(x: float | None) -> str:
    if x is None:
        return "?"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,}"
