"""The map page (issue 16): events placed offline, ambiguous and unknown names left unplaced and
said so, every place linked to its events, the places as CSV and JSON, report text escaped."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from starlette.testclient import TestClient

from storyline import open_store
from storyline.story import load_story
from storyline.web import create_app

pytestmark = pytest.mark.model
PWN_SCRIPT = "<script>window.__pwned = 'script'</script>"  # as in conftest.py


@pytest.fixture(scope="module")
def places(places_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(places_db), base_url="http://127.0.0.1") as c:
        yield c


@pytest.fixture(scope="module")
def corpus(corpus_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(corpus_db), base_url="http://127.0.0.1") as c:
        yield c


def _visible(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _dots(page: str) -> dict[str, str]:
    """The map's dots: their events link -> their title."""
    svg = page[page.index('<svg xmlns="http://www.w3.org/2000/svg" class="chart map"') :]
    svg = svg[: svg.index("</svg>")]
    found = re.findall(r'<a href="([^"]+)"><title>([^<]*)</title><circle', svg)
    return {html.unescape(href): html.unescape(title) for href, title in found}


def _event_rows(client: TestClient, href: str) -> list[str]:
    page = client.get(href)
    assert page.status_code == 200
    table = page.text.split('data-testid="events"', 1)[1]
    body = table.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [_visible(row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_map_places_events_and_says_what_it_cannot_place(
    places: TestClient, place_reports: tuple[tuple[str, ...], ...]
) -> None:
    page = places.get("/map")
    assert page.status_code == 200
    text = _visible(page.text)
    placed = [r for r in place_reports if r[3] and r[3] not in ("Georgia", "Keltvale")]
    placed = [r for r in placed if PWN_SCRIPT not in r[3]]
    assert f"{len(placed)} events of {len(place_reports)} at 3 places on the map" in text
    assert "1 event at places the gazetteer cannot tell apart: Georgia (1)" in text
    assert "2 events at places the gazetteer does not know: Keltvale (1)" in text
    assert "1 event with no place" in text
    titles = sorted(_dots(page.text).values())
    assert titles == [
        "Kyiv, Ukraine: 2 events (reported as Kiev, Kyiv)",
        "Paris, France: 2 events",
        "Paris, TX, United States: 1 event (reported as Paris, Texas)",
    ]


def test_map_dot_leads_to_the_events_at_that_place(places: TestClient) -> None:
    dots = _dots(places.get("/map").text)
    for href, title in dots.items():
        n = int(re.search(r": (\d+) event", title)[1])
        rows = _event_rows(places, href)
        assert len(rows) == n, title
        names = re.search(r"reported as (.*)\)$", title)
        expected = set(names[1].split(", ")) if names else {title.split(",")[0]}
        assert {r for row in rows for r in expected if r in row} == expected
    kyiv = next(h for h, t in dots.items() if t.startswith("Kyiv"))
    assert parse_qs(urlsplit(kyiv).query) == {"at": ["city:703448"]}
    assert "at Kyiv, Ukraine" in _visible(places.get(kyiv).text)


def test_map_ambiguous_name_leads_to_its_events(places: TestClient) -> None:
    page = places.get("/map").text
    section = page.split('data-testid="ambiguous"', 1)[1].split("</li>", 1)[0]
    href = html.unescape(re.search(r'href="([^"]+)"', section)[1])
    assert parse_qs(urlsplit(href).query) == {"place": ["Georgia"]}
    assert "could be Georgia (country); Georgia (US state)" in html.unescape(section)
    rows = _event_rows(places, href)
    assert len(rows) == 1
    assert "Georgia" in rows[0]


def test_map_places_download_matches_the_page(places: TestClient) -> None:
    answer = places.get("/map.csv")
    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == 'attachment; filename="storyline-places.csv"'
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    placed = [r for r in rows if r["status"] == "placed"]
    assert {r["place"]: int(r["events"]) for r in placed} == {
        "Kyiv, Ukraine": 2,
        "Paris, France": 2,
        "Paris, TX, United States": 1,
    }
    assert [r["names"] for r in rows if r["status"] == "ambiguous"] == ["Georgia"]
    unknown = [r["names"] for r in rows if r["status"] == "unknown"]
    assert unknown == ["Keltvale", f"Paris {PWN_SCRIPT}"]
    data = places.get("/map.json").json()
    assert data["table"] == "places"
    assert [r["names"] for r in data["rows"]][:3] == [["Kiev", "Kyiv"], ["Paris"], ["Paris, Texas"]]
    paris = next(r for r in data["rows"] if r["place"] == "Paris, France")
    assert (round(paris["latitude"]), round(paris["longitude"])) == (49, 2)


def test_map_escapes_report_text(places: TestClient) -> None:
    page = places.get("/map").text
    assert PWN_SCRIPT not in page
    assert "<script" not in page
    assert f"Keltvale (1), Paris {PWN_SCRIPT} (1)." in _visible(page)  # shown as text


@pytest.mark.parametrize("at", ["bogus", "city:1<script>", "javascript:x", "city:" + "9" * 40])
def test_events_at_a_malformed_place_key_is_400(places: TestClient, at: str) -> None:
    assert places.get("/events", params={"at": at}).status_code == 400


def test_events_at_a_place_not_on_the_map_lists_nothing(places: TestClient) -> None:
    page = places.get("/events", params={"at": "city:1"})
    assert page.status_code == 200
    assert "at no place of the map" in _visible(page.text)
    assert _event_rows(places, "/events?at=city:1") == ["No events."]


def test_map_of_the_corpus_accounts_for_every_event(corpus: TestClient, corpus_db: Path) -> None:
    with open_store(corpus_db, read_only=True) as store:
        story = load_story(store)
    with_place = [e for e in story.events if e.place]
    page = corpus.get("/map")
    assert page.status_code == 200
    text = _visible(page.text)
    assert f"of {len(story.events)} at" in text
    rows = list(csv.DictReader(io.StringIO(corpus.get("/map.csv").text)))
    assert sum(int(r["events"]) for r in rows) == len(with_place)
    for row in rows:  # every name is one the reports gave
        for name in row["names"].split("; "):
            assert any(e.place == name for e in with_place), name
    if len(story.events) > len(with_place):
        n = len(story.events) - len(with_place)
        assert f"{n} event{'s' if n != 1 else ''} with no place" in text


def test_nav_links_the_map(corpus: TestClient) -> None:
    page = corpus.get("/events").text
    assert '<a href="/map" >Map</a>' in page or '<a href="/map">Map</a>' in page
    assert 'href="/map" aria-current="page"' in corpus.get("/map").text
