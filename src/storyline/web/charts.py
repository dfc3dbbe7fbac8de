"""Server-rendered SVG charts for the explorer: events over time and figure histories.

The explorer runs no JavaScript and its Content-Security-Policy forbids ``style`` attributes, so
charts are plain SVG built here: colours are presentation attributes, everything else is styled by
classes in ``static/charts.css``, and tooltips are ``<title>`` elements. Report text is hostile:
every string from data is stripped of characters XML cannot carry and escaped by
``markupsafe.escape`` (``Markup.format`` escapes each argument that is not already ``Markup``).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup

from storyline.story.citation import Citation
from storyline.story.figures import FigureHistory, FigurePoint

__all__ = ["figure_svg", "is_charted", "timeline_svg"]

# Tableau 10 with its grey swapped for olive and red moved last: grey means "other" here, and
# figure charts use only the first N_SOURCE_COLOURS, keeping red for disagreements.
PALETTE = (
    "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2",
    "#edc948", "#9c755f", "#ff9da7", "#b6992d", "#e15759",
)  # fmt: skip
OTHER = "#9d9d9d"
DISPUTE = "#c00000"
N_SOURCE_COLOURS = 8  # sources with their own colour; the rest share OTHER
MAX_DAYS_BY_DAY = 180  # longer spans are binned by ISO week...
MAX_DAYS_BY_WEEK = 1826  # ...and spans beyond five years (leap days included) by month
CHAR_PX = 7.0  # rough width (px) of a character at font-size 12: labels are laid out without a font
LABEL_GAP_PX = 26  # least space between two date labels
RIGHT_PX = 24  # margin right of the plot, so the last date label fits
LEGEND_CHARS = 28  # longer legend labels are cut; the full text stays in the entry's <title>

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_ids = itertools.count(1)
_Entry = tuple[str, str, str]  # a legend entry: label, colour, kind of swatch

# Every template is a literal; Markup.format escapes whatever is put into it. Line widths are in
# charts.css; colours stay attributes, as a CSS rule would override them.
_HEAD = Markup(
    '<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" role="img"'
    ' viewBox="0 0 {w} {h}" aria-labelledby="{cid}-title {cid}-desc" font-size="12"'
    ' font-family="system-ui, sans-serif"><title id="{cid}-title">{title}</title>'
    '<desc id="{cid}-desc">{desc}</desc>'
)
_BAR = Markup(
    '<rect class="bar" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}">'
    "<title>{}</title></rect>"
)
_BAR_LINK = Markup('<a href="{}">{}</a>')
_BAND = Markup(
    '<rect class="disputed" x="{:.1f}" y="{}" width="{:.1f}" height="{}" fill="{}"'
    ' fill-opacity="0.12"><title>Sources disagree on {}</title></rect>'
)
_SERIES = Markup('<polyline class="series" points="{}" fill="none" stroke="{}"/>')
_RANGE = Markup(
    '<line class="range" x1="{x:.1f}" x2="{x:.1f}" y1="{:.1f}" y2="{:.1f}" stroke="{}"/>'
)
_CIRCLE = Markup('<circle class="point" cx="{:.1f}" cy="{:.1f}" r="5" fill="{}"/>')
_TRIANGLE = Markup('<polygon class="point" points="{}" fill="{}"/>')
_RING = Markup('<circle class="ring" cx="{:.1f}" cy="{:.1f}" r="9" fill="none" stroke="{}"/>')
_LINK = Markup('<a href="{}"><title>{}</title>{}</a>')
_NOTE = Markup('<text class="note" x="{}" y="{}">{}</text>')
_GRID = Markup('<line x1="{}" x2="{}" y1="{y:.1f}" y2="{y:.1f}"/>')
_Y_LABEL = Markup('<text x="{}" y="{:.1f}">{}</text>')
_X_LABEL = Markup('<text class="axis" x="{:.1f}" y="{}" text-anchor="middle">{}</text>')
_BASE = Markup('<line class="axis" x1="{}" x2="{}" y1="{y}" y2="{y}" stroke="#666"/>')
_ENTRY = Markup(
    '<g><title>{}</title><rect class="{}" x="{:.1f}" y="{}" width="10" height="10" fill="{}"{}/>'
    '<text x="{:.1f}" y="{}">{}</text></g>'
)


@dataclass(slots=True)
class _Mark:
    """Reports of one value by one source on one day, drawn as one marker."""

    day: date
    point: FigurePoint  # the first report: its citation is the link
    n: int = 1


@dataclass(frozen=True, slots=True)
class _Plot:
    """The plotting area of a chart, and its y scale from 0 up to the last tick."""

    left: float
    right: float
    top: float
    bottom: float
    y_max: float

    def y(self, value: float) -> float:
        return self.bottom - value / self.y_max * (self.bottom - self.top)


def timeline_svg(
    counts: Mapping[str, Mapping[str, int]],
    *,
    width: int = 960,
    height: int = 260,
    chart_id: str | None = None,
    href: Callable[[date, date, str], str] | None = None,
) -> Markup:
    """Draw events per day as bars stacked by type, one colour per type.

    Args:
        counts: ISO day ``YYYY-MM-DD`` -> PLOVER event type -> events that day. Other keys
            (partial dates, junk) are ignored; days between the first and last are shown empty.
        width: Width of the viewBox; the CSS class ``chart`` scales it to the page.
        height: Height of the viewBox.
        chart_id: Prefix of the ids ``aria-labelledby`` points to; made of ``[a-z0-9-]``.
        href: Where a bar leads, given its first and last day and its type (the events behind
            it); bars are not links without it.

    Returns:
        An ``<svg>`` element. Spans over 180 days are binned by ISO week (labelled by its Monday),
        over five years by month, and the chart's title says so.

    Example:
        >>> timeline_svg({"2025-03-04": {"PROTEST": 3}}).count('class="bar"')
        1
    """
    cid = _chart_id(chart_id, "timeline")
    days: dict[date, dict[str, int]] = {}
    for key, by_type in counts.items():
        day, kept = _day(key), {t: n for t, n in by_type.items() if n > 0}
        if day is not None and kept:
            days[day] = kept
    if not days:
        return _empty(cid, width, "Events over time", "No dated events")
    unit, starts, bins = _bins(days)
    types = sorted({t for by_type in bins.values() for t in by_type})
    colour, entries = _colours(types, len(PALETTE), "other types")
    totals = [sum(b.values()) for b in bins.values()]
    plot, parts = _frame(entries, (width, height), (56, 34), max(totals))
    band = (plot.right - plot.left) / len(starts)
    bar_w = max(band * 0.8, 0.5)
    label_step = math.ceil((CHAR_PX * (7 if unit == "month" else 10) + LABEL_GAP_PX) / band)
    for i, start in enumerate(starts):
        x, base = plot.left + i * band + (band - bar_w) / 2, 0
        label = start.isoformat()[:7] if unit == "month" else start.isoformat()
        for t, n in sorted(bins[start].items()) if start in bins else ():
            y0, y1 = plot.y(base), plot.y(base + n)
            tip = _clean(f"{label} · {t}: {n:,}")
            bar = _BAR.format(x, y1, bar_w, y0 - y1, colour[t], tip)
            if href is not None:
                last = _next_bin(start, unit) - timedelta(days=1) if unit != "day" else start
                bar = _BAR_LINK.format(_safe_href(href(start, last, t)), bar)
            parts.append(bar)
            base += n
        if i % label_step == 0:
            parts.append(_x_label(label, x + bar_w / 2, plot.bottom, width))
    per = {"day": "day", "week": "ISO week", "month": "month"}[unit]
    title = f"Events per {per} by type" + (", labelled by its Monday" if unit == "week" else "")
    desc = f"{sum(totals):,} events from {min(days)} to {max(days)}, counted per {per}, in"
    desc += f" {len(types)} types: " + ", ".join(types)
    return _svg(cid, "timeline", width, height, title, desc, parts)


def figure_svg(
    history: FigureHistory,
    *,
    disputed: Collection[str] = (),
    href: Callable[[Citation], str],
    width: int = 960,
    height: int = 280,
    chart_id: str | None = None,
) -> Markup:
    """Draw one counted thing's reported values over time, one series per source.

    Reports of the same value by the same source on the same day become one marker ("n reports",
    linking to the first), so the output grows with distinct values, not with reports.

    Args:
        history: The counted thing; its label is the chart's title.
        disputed: ISO days on which sources disagree: shaded, and their markers ringed in red.
        href: Link for a marker, from the citation of its (first) report. Only http(s) and
            relative links are kept; any other scheme becomes ``#``.
        width: Width of the viewBox; the CSS class ``chart`` scales it to the page.
        height: Height of the viewBox.
        chart_id: Prefix of the ids ``aria-labelledby`` points to; made of ``[a-z0-9-]``.

    Returns:
        An ``<svg>`` element. Markers: a circle for a value, a triangle pointing up for a lower
        bound ("more than 100") and down for an upper bound, a vertical line for a range.
        Reports without a full ``YYYY-MM-DD`` date are left out and counted in a note.

    Example:
        >>> svg = figure_svg(history, href=lambda c: f"/reports/{c.report_id}")  # doctest: +SKIP
    """
    cid = _chart_id(chart_id, "figure-" + history.label)
    marks, n_undated = _merge(history.points)
    undated = f"{n_undated:,} undated report{'s' if n_undated != 1 else ''} not shown"
    if not marks:
        return _empty(cid, width, history.label, f"No dated values; {undated}")
    reports = Counter[str]()
    for m in marks:
        reports[m.point.said_by] += m.n
    ranked = sorted(reports, key=lambda s: (-reports[s], s))
    colour, entries = _colours(ranked, N_SOURCE_COLOURS, "other sources")
    d0, d1 = min(m.day for m in marks).toordinal(), max(m.day for m in marks).toordinal()
    pad = max(1, (d1 - d0) // 40)  # so that no marker sits on an axis
    bad_days = {d for s in disputed if (d := _day(s)) and d0 <= d.toordinal() <= d1}
    entries += [("disputed", DISPUTE, "disputed")] if bad_days else []
    top_value = max(_bounds(m.point)[1] for m in marks)
    plot, parts = _frame(entries, (width, height), (72, 40), top_value)
    px_day = (plot.right - plot.left) / (d1 - d0 + 2 * pad)

    def x_of(day: date) -> float:
        return plot.left + (day.toordinal() - d0 + pad) * px_day

    band_w, band_h = max(8.0, px_day), plot.bottom - plot.top
    parts += [
        _BAND.format(x_of(d) - band_w / 2, plot.top, band_w, band_h, DISPUTE, d)
        for d in sorted(bad_days)
    ]
    step = max(1, math.ceil((d1 - d0) / max(1, (plot.right - plot.left) // 110)))
    ticks = [date.fromordinal(o) for o in range(d0, d1 + 1, step)]
    parts += [_x_label(d.isoformat(), x_of(d), plot.bottom, width) for d in ticks]
    parts += _series(marks, x_of, plot, colour)
    parts += [
        _mark(m, x_of(m.day), plot, colour[m.point.said_by], m.day in bad_days, href) for m in marks
    ]
    if n_undated:
        parts.append(_NOTE.format(plot.left, height - 6, undated))
    desc = (
        f"{sum(reports.values()):,} reports as {len(marks):,} points from {len(ranked):,}"
        f" sources, {date.fromordinal(d0)} to {date.fromordinal(d1)}; {undated}"
    )
    return _svg(cid, "figure", width, height, history.label, desc, parts)


def is_charted(history: FigureHistory) -> bool:
    """Whether a figure chart would show anything: a value on a full ``YYYY-MM-DD`` day.

    A corpus whose reports carry no publication date (and whose figures no date of their
    own) has none: its values are listed in a table instead of drawn as empty charts.
    """
    return bool(_merge(history.points)[0])


def _bins(
    days: Mapping[date, Mapping[str, int]],
) -> tuple[str, list[date], dict[date, Counter[str]]]:
    """Choose days, ISO weeks or months for the span; return that unit, every bin, the counts."""
    first, last = min(days), max(days)
    span = (last - first).days
    unit = "day" if span <= MAX_DAYS_BY_DAY else "week" if span <= MAX_DAYS_BY_WEEK else "month"
    bins: dict[date, Counter[str]] = defaultdict(Counter)
    for day, by_type in days.items():
        bins[_bin_start(day, unit)].update(by_type)
    starts = [_bin_start(first, unit)]
    while starts[-1] < _bin_start(last, unit):
        starts.append(_next_bin(starts[-1], unit))
    return unit, starts, bins


def _colours(keys: Sequence[str], n: int, other: str) -> tuple[dict[str, str], list[_Entry]]:
    """Colour the first n keys in order and the rest grey; return the colours and legend."""
    colour = {k: PALETTE[i] if i < n else OTHER for i, k in enumerate(keys)}
    entries = [(k, colour[k], "swatch") for k in keys[:n]]
    return colour, entries + ([(other, OTHER, "swatch")] if len(keys) > n else [])


def _merge(points: Iterable[FigurePoint]) -> tuple[list[_Mark], int]:
    """Fold reports of one value by one source on one day; count the reports with no full date."""
    marks: dict[tuple[date, str, str], _Mark] = {}
    undated = 0
    for p in points:
        day, values = _day(p.date), [v for v in (p.value, p.low, p.high) if v is not None]
        if day is None:
            undated += 1
        elif values and all(map(math.isfinite, values)):  # no place on an axis for inf or NaN
            key = (day, p.said_by, p.shown)
            if key in marks:
                marks[key].n += 1
            else:
                marks[key] = _Mark(day, p)
    return list(marks.values()), undated


def _series(
    marks: Iterable[_Mark], x_of: Callable[[date], float], plot: _Plot, colour: dict[str, str]
) -> list[Markup]:
    """Join each source's markers in date order with a thin line of its colour."""
    by_source: dict[str, list[_Mark]] = defaultdict(list)
    for m in marks:
        by_source[m.point.said_by].append(m)
    lines = []
    for source, ms in by_source.items():
        if len(ms) > 1:
            ms.sort(key=lambda m: (m.day, sum(_bounds(m.point)) / 2))
            xy = " ".join(f"{x_of(m.day):.1f},{plot.y(sum(_bounds(m.point)) / 2):.1f}" for m in ms)
            lines.append(_SERIES.format(xy, colour[source]))
    return lines


def _mark(
    m: _Mark, x: float, plot: _Plot, fill: str, ringed: bool, href: Callable[[Citation], str]
) -> Markup:
    """Draw one marker (a range as a line through it) as a link, its tooltip in ``<title>``."""
    low, high = _bounds(m.point)
    y = plot.y((low + high) / 2)
    inner = _RANGE.format(plot.y(low), plot.y(high), fill, x=x) if low != high else Markup("")
    shape = _shape(m.point)
    if shape == "circle":
        inner += _CIRCLE.format(x, y, fill)
    else:
        tip, base = (-6, 5) if shape == "up" else (6, -5)
        pts = f"{x:.1f},{y + tip:.1f} {x - 6:.1f},{y + base:.1f} {x + 6:.1f},{y + base:.1f}"
        inner += _TRIANGLE.format(pts, fill)
    inner += _RING.format(x, y, DISPUTE) if ringed else ""
    p = m.point
    outlet = p.citation.outlet or p.citation.source
    title = f"{p.said_by}: {p.shown} ({p.date})"
    title += f" — {outlet}" if outlet and outlet.casefold() != p.said_by.casefold() else ""
    title += f" ({m.n:,} reports)" if m.n > 1 else ""
    return _LINK.format(_safe_href(href(p.citation)), _clean(title), inner)


def _bounds(p: FigurePoint) -> tuple[float, float]:
    """Return the values a marker spans: one value twice, or a range's ends (one end if open)."""
    if p.value is not None:
        return p.value, p.value
    ends = [v for v in (p.low, p.high) if v is not None]
    return min(ends), max(ends)


def _shape(p: FigurePoint) -> str:
    """Say how a value bounds the truth: "more than 100" points up, "fewer than 100" down."""
    if p.value is None:
        return "circle"
    low, high = p.interval
    if low == p.value < high:
        return "up"
    return "down" if low < high == p.value else "circle"


def _svg(
    cid: str, kind: str, width: int, height: int, title: str, desc: str, parts: list[Markup]
) -> Markup:
    """Wrap a chart's parts in ``<svg>``, named for screen readers by its title and description."""
    head = _HEAD.format(
        kind=kind, w=width, h=height, cid=cid, title=_clean(title), desc=_clean(desc)
    )
    return Markup("").join([head, *parts, Markup("</svg>")])


def _empty(cid: str, width: int, title: str, message: str) -> Markup:
    return _svg(cid, "empty", width, 40, title, message, [_NOTE.format(8, 24, _clean(message))])


def _frame(
    entries: list[_Entry], size: tuple[int, int], margin: tuple[int, int], top_value: float
) -> tuple[_Plot, list[Markup]]:
    """Lay out legend, grid, y axis (thousands separated) and baseline; the plot goes below."""
    (width, height), (left, bottom) = size, margin
    legend, top = _legend(entries, left, 10, width - RIGHT_PX)
    ticks = _ticks(top_value)
    plot = _Plot(left, width - RIGHT_PX, top, max(height - bottom, top + 40), ticks[-1])
    return plot, [
        legend,
        Markup('<g class="grid">'),
        *(_GRID.format(plot.left, plot.right, y=plot.y(t)) for t in ticks),
        Markup('</g><g class="axis" text-anchor="end">'),
        *(_Y_LABEL.format(plot.left - 6, plot.y(t) + 4, _num(t)) for t in ticks),
        Markup("</g>"),
        _BASE.format(plot.left, plot.right, y=plot.bottom),
    ]


def _x_label(label: str, x: float, y: float, width: int) -> Markup:
    half = len(label) * CHAR_PX / 2  # kept whole inside the viewBox
    return _X_LABEL.format(min(max(x, half), width - half), y + 16, label)


def _legend(entries: list[_Entry], x0: float, y0: float, x1: float) -> tuple[Markup, float]:
    """Lay (label, colour, kind) entries in rows that wrap at x1; return them and the y below."""
    out, x, y = [Markup('<g class="legend">')], x0, y0
    for label, fill, kind in entries:
        full = _clean(label)
        shown = full if len(full) <= LEGEND_CHARS else full[: LEGEND_CHARS - 1] + "…"
        w = 30 + CHAR_PX * len(shown)
        if x + w > x1 and x > x0:
            x, y = x0, y + 18
        ring = Markup(' fill-opacity="0.25" stroke="{}"').format(fill) if kind == "disputed" else ""
        cls = "swatch" if kind == "swatch" else f"swatch {kind}-key"
        out.append(_ENTRY.format(full, cls, x, y, fill, ring, x + 14, y + 9, shown))
        x += w
    return Markup("").join([*out, Markup("</g>")]), y + 26


def _ticks(top: float) -> list[float]:
    """Return round values from 0 past ``top``: steps of 1, 2 or 5 times a power of ten."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / 4
    mag = 10.0 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    return [round(i * step, 10) for i in range(math.ceil(top / step - 1e-9) + 1)]


def _num(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.6g}"


def _day(text: str | None) -> date | None:
    """Read a full ISO day; a month or a year alone has no place on a day axis."""
    if text is None or not _DAY.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _bin_start(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1) if unit == "month" else day


def _next_bin(start: date, unit: str) -> date:
    if unit == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start + timedelta(days=7 if unit == "week" else 1)


def _chart_id(chart_id: str | None, default: str) -> str:
    """Return an id of ``[a-z0-9-]`` starting with a letter; a counter keeps defaults unique."""
    raw = chart_id if chart_id is not None else f"{default[:40]}-{next(_ids)}"
    slug = re.sub(r"[^a-z0-9]+", "-", raw.lower()).strip("-")
    return slug if slug[:1].isalpha() else f"chart-{slug}".rstrip("-")


def _clean(text: str) -> str:
    """Drop characters XML cannot carry, so hostile text cannot make the page ill-formed."""
    return _NOT_XML.sub("", text)


def _safe_href(url: str) -> str:
    """Keep relative and http(s) links; ``javascript:``, ``data:`` and the like become ``#``."""
    probe = re.sub(r"[\x00-\x20\x7f]", "", url)  # browsers drop these inside a scheme
    scheme = _SCHEME.match(probe)
    return "#" if scheme and scheme.group(1).lower() not in {"http", "https"} else _clean(url)
