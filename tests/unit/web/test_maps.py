"""The map's SVG: well-formed, inert with hostile names, dots where and as big as the data says."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest
from markupsafe import Markup

from storyline.story.event_map import EventMap, MappedPlace
from storyline.story.places import Place
from storyline.web.maps import HEIGHT, MAX_RADIUS, MIN_RADIUS, WIDTH, map_svg, project

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = ["<script>alert(1)</script>", '" onmouseover="alert(1)', "a & b's \x00 \x1b"]


def _place(key: str, name: str, lat: float, lon: float) -> Place:
    return Place(key, name, "city", "XX", "Nowhere", None, lat, lon)


def _map(*placed: tuple[Place, int, tuple[str, ...]]) -> EventMap:
    mapped = tuple(MappedPlace(p, n, names) for p, n, names in placed)
    return EventMap(resolutions=(), places=mapped, ambiguous=(), unknown=(), n_no_place=0)


def _dots(svg: Markup) -> list[tuple[str, str, ET.Element]]:
    root = ET.fromstring(str(svg))  # raises unless well-formed XML
    return [
        (a.get("href"), a.find(SVG + "title").text, a.find(SVG + "circle"))
        for a in root.iter(SVG + "a")
    ]


@pytest.mark.parametrize(
    ("lat", "lon", "xy"),
    [(90, -180, (0, 0)), (-90, 180, (WIDTH, HEIGHT)), (0, 0, (WIDTH / 2, HEIGHT / 2))],
)
def test_maps_project_is_equirectangular(lat: float, lon: float, xy: tuple[float, float]) -> None:
    assert project(lat, lon) == pytest.approx(xy)


def test_maps_dot_is_where_the_place_is_and_links_to_its_events() -> None:
    paris = _place("city:2988507", "Paris", 48.85, 2.35)
    [(href, title, circle)] = _dots(map_svg(_map((paris, 3, ("Paris",)))))
    assert parse_qs(urlsplit(href).query) == {"at": ["city:2988507"]}
    assert title == "Paris, Nowhere: 3 events"
    x, y = project(48.85, 2.35)
    assert (float(circle.get("cx")), float(circle.get("cy"))) == pytest.approx((x, y), abs=0.1)


def test_maps_dot_area_grows_with_events() -> None:
    places = [(_place(f"city:{n}", f"P{n}", 0, n), n, (f"P{n}",)) for n in (1, 4, 16)]
    radii = {t.split(":")[0]: float(c.get("r")) for _, t, c in _dots(map_svg(_map(*places)))}
    assert radii["P16, Nowhere"] == pytest.approx(MAX_RADIUS, abs=0.1)
    assert radii["P1, Nowhere"] < radii["P4, Nowhere"] < radii["P16, Nowhere"]
    area = {k: math.pi * r * r for k, r in radii.items()}
    base = math.pi * MIN_RADIUS**2
    assert (area["P4, Nowhere"] - base) / (area["P16, Nowhere"] - base) == pytest.approx(
        4 / 16, rel=0.05
    )


@pytest.mark.parametrize("hostile", HOSTILE)
def test_maps_hostile_names_stay_text(hostile: str) -> None:
    place = _place("city:1", hostile, 10, 10)
    svg = map_svg(_map((place, 2, (hostile, "Elsewhere"))))
    assert "<script" not in svg
    root = ET.fromstring(str(svg))
    assert [k for e in root.iter() for k in e.attrib if k.startswith("on")] == []
    [(_, title, _)] = _dots(svg)
    clean = hostile.replace("\x00", "").replace("\x1b", "")
    assert title.startswith(f"{clean}, Nowhere: 2 events (reported as {clean}, Elsewhere)")


def test_maps_empty_map_is_a_graticule() -> None:
    svg = map_svg(_map())
    root = ET.fromstring(str(svg))
    assert list(root.iter(SVG + "a")) == []
    assert len(list(root.iter(SVG + "line"))) == 360 // 30 + 1 + 180 // 30 + 1
