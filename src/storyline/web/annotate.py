"""The report text with every extracted item highlighted, in the spirit of spaCy's displaCy.

Spans overlap and nest arbitrarily (a date inside a quote inside an event), so the text is cut
at every span boundary and each segment is wrapped once, listing every layer that covers it;
each layer styles a different CSS property (``static/annotate.css``), so the styles stack.

The page must show ``record.text`` exactly: segments are escaped text and nothing else. The
badges after figures, dates and events are empty elements whose reading sits in ``data-label``
and is drawn by CSS (``::after``), so they are not text in the DOM and copying a passage copies
the report's own words. No script and no inline ``style``: the Content-Security-Policy forbids both.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from storyline.record.model import ArticleRecord, Figure, Span
from storyline.story.labels import figure_label

__all__ = ["LAYERS", "Layer", "annotate", "legend"]


@dataclass(frozen=True, slots=True)
class Layer:
    """One kind of highlighted item: its CSS class and its line in the legend."""

    name: str
    css: str
    description: str


LAYERS: tuple[Layer, ...] = (
    Layer("headline", "a-headline", "the headline"),
    Layer("caption", "a-caption", "a photo caption kept out of the body"),
    Layer("credit", "a-credit", "the agency credit of a caption"),
    Layer("event", "a-event", "an event, labelled with its PLOVER type and status"),
    Layer("quote", "a-quote", "quoted or reported words"),
    Layer("speaker", "a-speaker", "who is quoted"),
    Layer("cue", "a-cue", "the verb or phrase that attributes a quote"),
    Layer("figure", "a-figure", "a reported figure, labelled with what it counts"),
    Layer("date", "a-date", "a date or time, labelled with the day it resolves to"),
)
_LAYER = {layer.name: i for i, layer in enumerate(LAYERS)}
_BADGED = ("event", "figure", "date")  # layers whose reading is shown after the item
_MAX_TITLES = 8  # items named in one segment's tooltip; bounds the work per segment


@dataclass(frozen=True, slots=True)
class _Item:
    start: int
    end: int
    layer: int
    title: str
    anchor: str | None = None
    badge: str | None = None


def annotate(record: ArticleRecord, *, mark: tuple[int, int] | None = None) -> Markup:
    """Return the report text as HTML with every extracted item highlighted.

    Each item's first segment is preceded by an empty ``<span id="quote-3">`` (``figure-``,
    ``date-``, ``event-``, ``caption-``; the number is the item's index in the record), so the
    record panel can link to it. A valid ``mark`` (character offsets, end-exclusive) puts
    ``a-focus`` on the segments inside it and ``<span id="mark">`` before them, so a chart point
    can link to ``?mark=S-E#mark``; an invalid one is ignored. Spans outside the text or empty
    are skipped. Cost: O(n log n) in the number of spans, plus the text.

    Example:
        >>> print(annotate(ArticleRecord(id="x", source="-", text="a<b")))
        <div class="report-text">a&lt;b</div>
    """
    text = record.text
    items = [it for it in _items(record) if 0 <= it.start < it.end <= len(text)]
    focus = mark if mark is not None and 0 <= mark[0] < mark[1] <= len(text) else None
    cuts = {0, len(text)}
    for it in items:
        cuts.update((it.start, it.end))
    if focus is not None:
        cuts.update(focus)
    positions = sorted(cuts)
    # Outer items open first and close last, so titles list the outermost first and the
    # badges of nested items come inner first.
    by_start = sorted(range(len(items)), key=lambda k: (items[k].start, -items[k].end, k))
    by_end = sorted(range(len(items)), key=lambda k: (items[k].end, -items[k].start, k))
    active: dict[int, None] = {}  # covering items in opening order (dicts keep insertion order)
    counts = [0] * len(LAYERS)
    out = ['<div class="report-text">']
    n_open = n_closed = 0
    for pos, nxt in zip(positions, [*positions[1:], None], strict=True):
        while n_closed < len(items) and items[by_end[n_closed]].end == pos:
            k = by_end[n_closed]
            n_closed += 1
            del active[k]
            counts[items[k].layer] -= 1
            if items[k].badge is not None:
                kind = LAYERS[items[k].layer].name
                out.append(
                    f'<span class="badge badge-{kind}" data-label="{escape(items[k].badge)}"'
                    ' aria-hidden="true"></span>'
                )
        if focus is not None and pos == focus[0]:
            out.append('<span class="anchor" id="mark"></span>')
        while n_open < len(items) and items[by_start[n_open]].start == pos:
            k = by_start[n_open]
            n_open += 1
            active[k] = None
            counts[items[k].layer] += 1
            if items[k].anchor is not None:
                out.append(f'<span class="anchor" id="{escape(items[k].anchor)}"></span>')
        if nxt is None:
            break
        classes = [layer.css for layer, n in zip(LAYERS, counts, strict=True) if n]
        if focus is not None and focus[0] <= pos and nxt <= focus[1]:
            classes.append("a-focus")
        segment = _escape_text(text[pos:nxt])
        if not classes:
            out.append(segment)
            continue
        attrs = f'class="{" ".join(classes)}"'
        if active:
            attrs += f' title="{escape(_title(items, active))}"'
        out.append(f"<span {attrs}>{segment}</span>")
    out.append("</div>")
    return Markup("".join(out))


def legend() -> Markup:
    """The legend: one sample swatch per layer with its description.

    The swatches carry the same classes as the text, so the legend cannot drift from the CSS.
    """
    rows = []
    for layer in LAYERS:
        badge = ""
        if layer.name in _BADGED:
            badge = (
                f'<span class="badge badge-{layer.name}" data-label="reading"'
                ' aria-hidden="true"></span>'
            )
        rows.append(
            f'<li><span class="swatch {layer.css}">{escape(layer.name)}</span>{badge} '
            f"{escape(layer.description)}</li>"
        )
    return Markup(f'<ul class="annotate-legend">{"".join(rows)}</ul>')


def _escape_text(text: str) -> str:
    # HTML parsing turns a raw CR (and CRLF) into LF; a character reference keeps it, so the
    # visible text stays exactly record.text even for reports with Windows line ends.
    return str(escape(text)).replace("\r", "&#13;")


def _title(items: list[_Item], active: dict[int, None]) -> str:
    titles: list[str] = []
    for k in active:
        if len(titles) == _MAX_TITLES:
            titles.append("…")
            break
        titles.append(items[k].title)
    return "; ".join(titles)


def _items(record: ArticleRecord) -> list[_Item]:
    """Every highlighted span of the record, with its tooltip, anchor and badge."""
    items: list[_Item] = []

    def add(
        span: Span | None,
        layer: str,
        title: str,
        *,
        anchor: str | None = None,
        badge: str | None = None,
    ) -> None:
        if span is not None:
            items.append(_Item(span.start, span.end, _LAYER[layer], title, anchor, badge))

    add(record.headline, "headline", "headline")
    for i, cap in enumerate(record.captions):
        add(
            cap,
            "caption",
            "caption" + (f" — {cap.credit}" if cap.credit else ""),
            anchor=f"caption-{i}",
        )
        add(cap.credit_span, "credit", f"credit — {cap.credit or 'agency'}")
    for i, quote in enumerate(record.quotes):
        who = quote.speaker_name or (quote.speaker.text if quote.speaker else "unattributed")
        # The anchor goes on the earliest piece the text can show, so #quote-i always lands.
        shown = [s for s in quote.content if 0 <= s.start < s.end <= len(record.text)]
        first = min(shown, key=lambda s: s.start) if shown else None
        for span in quote.content:
            add(span, "quote", f"quote — {who}", anchor=f"quote-{i}" if span is first else None)
        add(quote.speaker, "speaker", f"speaker — {who}")
        add(quote.cue, "cue", f"cue — {who}")
    for i, fig in enumerate(record.figures):
        reading = _figure_reading(fig)
        add(fig, "figure", f"figure {reading}", anchor=f"figure-{i}", badge=reading)
    for i, date in enumerate(record.dates):
        reading = date.value or date.type.lower()
        add(date, "date", f"date {reading}", anchor=f"date-{i}", badge=reading)
    for i, event in enumerate(record.events):
        reading = event.type + (f" ({event.status})" if event.status != "asserted" else "")
        title = f"event {reading}" + (f" — {event.actor}" if event.actor else "")
        add(event, "event", title, anchor=f"event-{i}", badge=reading)
    return items


def _figure_reading(fig: Figure) -> str:
    """Say what a figure counts: "9 person killed", "more than 100 hostage freed"."""
    if fig.value is not None:
        number = _number(fig.value, ordinal=fig.ordinal)
    elif fig.approx is None and fig.low is not None and fig.high is not None:
        number = f"{_number(fig.low)}–{_number(fig.high)}"
    elif fig.approx is None and (fig.low is not None or fig.high is not None):
        number = f"≥ {_number(fig.low)}" if fig.low is not None else f"≤ {_number(fig.high)}"
    else:
        number = ""
    parts = [
        fig.approx,
        number,
        figure_label(fig.unit, fig.what),
        "(cumulative)" if fig.cumulative else None,
    ]
    return " ".join(p for p in parts if p)


def _number(value: float | None, *, ordinal: bool = False) -> str:
    if value is None:
        return ""
    value = float(value)  # pydantic keeps an int given for a float field
    if not value.is_integer():
        return f"{value:,g}"
    n = int(value)
    if not ordinal:
        return f"{n:,}"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,}{suffix}"
