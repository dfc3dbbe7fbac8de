"""The map page: a story's events on a world map, drawn as inline SVG on the server.

The places come from ``storyline.story.event_map`` (resolved offline against the gazetteer).
The map is equirectangular (longitude and latitude straight to x and y), with a graticule every
30 degrees and one dot per place, its area proportional to the number of events there; each dot
links to the events page narrowed to that place. No tiles, no fonts and no script: the
Content-Security-Policy allows none. Place names are report text as well as gazetteer text,
so every string drawn is stripped of characters XML cannot carry and escaped
(``Markup.format``), as in ``web/charts.py``.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable
from urllib.parse import urlencode

from markupsafe import Markup

from storyline.story.event_map import EventMap, MappedPlace, map_store
from storyline.story.summary import StorySummary
from storyline.web.explorer import Explorer

__all__ = ["EventMaps", "is_place_key", "map_svg", "place_href"]

WIDTH = 960  # px of the drawing: 360 degrees of longitude...
HEIGHT = 480  # ...and 180 of latitude, so a degree is square
GRATICULE_DEG = 30  # degrees between grid lines
MIN_RADIUS = 3.0  # px of a dot for one event...
MAX_RADIUS = 18.0  # ...and for the place with the most (areas in proportion between them)
N_LABELS = 12  # places named beside their dot, most events first; the rest in titles and table

_PLACE_KEY = re.compile(r"(country|state|region|city):[A-Z0-9-]{1,16}")  # Place.key
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_HEAD = Markup(
    '<svg xmlns="http://www.w3.org/2000/svg" class="chart map" role="img"'
    ' viewBox="0 0 {w} {h}" aria-labelledby="map-title map-desc" font-size="12"'
    ' font-family="system-ui, sans-serif"><title id="map-title">{title}</title>'
    '<desc id="map-desc">{desc}</desc>'
    '<rect class="sea" x="0" y="0" width="{w}" height="{h}"/>'
)
_LINE = Markup('<line class="{}" x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}"/>')
_LABEL = Markup('<text class="label" x="{:.1f}" y="{:.1f}">{}</text>')
_DOT = Markup(
    '<a href="{href}"><title>{title}</title>'
    '<circle class="place place-{kind}" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"/></a>'
)


def is_place_key(value: str) -> bool:
    """Whether a query value can be a mapped place's key (``city:2988507``, ``state:US-GA``)."""
    return _PLACE_KEY.fullmatch(value) is not None


def place_href(key: str) -> str:
    """The events page narrowed to the events at one mapped place."""
    return "/events?" + urlencode({"at": key})


def project(lat: float, lon: float) -> tuple[float, float]:
    """Equirectangular: a point's x and y in the drawing."""
    return (lon + 180.0) / 360.0 * WIDTH, (90.0 - lat) / 180.0 * HEIGHT


def map_svg(emap: EventMap, *, href: Callable[[str], str] = place_href) -> Markup:
    """Draw the mapped places as an SVG world map (graticule, one linked dot per place)."""
    n_max = max((p.n_events for p in emap.places), default=1)
    parts = [
        _HEAD.format(
            w=WIDTH,
            h=HEIGHT,
            title="Map of events",
            desc=f"{emap.n_placed} events at {len(emap.places)} places; dots sized by events.",
        )
    ]
    for lon in range(-180, 181, GRATICULE_DEG):
        x, _ = project(0, lon)
        parts.append(_LINE.format("meridian" if lon else "meridian zero", x, 0, x, HEIGHT))
    for lat in range(-90, 91, GRATICULE_DEG):
        _, y = project(lat, 0)
        parts.append(_LINE.format("parallel" if lat else "parallel zero", 0, y, WIDTH, y))
    # Big dots first, so a small place beside a big one stays on top and can be clicked.
    by_size = sorted(emap.places, key=lambda m: -m.n_events)
    parts.extend(_dot(m, n_max, href) for m in by_size)
    for m in by_size[:N_LABELS]:
        x, y = project(m.place.lat, m.place.lon)
        parts.append(_LABEL.format(x + _radius(m.n_events, n_max) + 3, y + 4, _clean(m.place.name)))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _dot(mapped: MappedPlace, n_max: int, href: Callable[[str], str]) -> Markup:
    place = mapped.place
    x, y = project(place.lat, place.lon)
    radius = _radius(mapped.n_events, n_max)
    names = ", ".join(mapped.names)
    title = f"{place.label}: {mapped.n_events} event{'s' if mapped.n_events != 1 else ''}"
    if names != place.name:
        title += f" (reported as {names})"
    return _DOT.format(
        href=href(place.key), title=_clean(title), kind=place.kind, x=x, y=y, r=radius
    )


def _radius(n_events: int, n_max: int) -> float:
    """A dot's radius: its area grows with its events, from MIN_RADIUS to MAX_RADIUS."""
    return math.sqrt(MIN_RADIUS**2 + (MAX_RADIUS**2 - MIN_RADIUS**2) * n_events / n_max)


def _clean(text: str) -> str:
    """Drop the characters XML cannot carry (escaping is ``Markup.format``'s)."""
    return _NOT_XML.sub("", text)


class EventMaps:
    """The event map of each state of the store, resolved once (the gazetteer takes seconds)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._hit: tuple[StorySummary, EventMap] | None = None

    def of(self, explorer: Explorer) -> EventMap:
        """The event map of the explorer's store as it stands (``map_store``)."""
        summary = explorer.summary()
        with self._lock:
            if self._hit is None or self._hit[0] is not summary:
                self._hit = (summary, map_store(explorer.store))
            return self._hit[1]
