"""The explorer in a real browser: headless Debian Chromium driven by Playwright.

Loads the overview of the example corpus, clicks through to a speaker and to a report, goes
from the speakers page to an entity page and on to one of its events' words, follows a chart
point to its sentence, searches, downloads tables as CSV and JSON, and saves a screenshot of
every page under the test's temp folder. The hostile store's pages are loaded with the
Content-Security-Policy bypassed, so that what keeps its scripts from running is the escaping
alone.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.model


def _record(base: str, report_path: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{base}{report_path}/record.json") as answer:
        return json.loads(answer.read())


def test_overview_to_speaker_to_report(page: Any, corpus_server: str, tmp_path: Path) -> None:
    page.goto(corpus_server + "/")
    summary = page.get_by_test_id("summary").inner_text()
    assert "30 reports" in summary
    assert page.locator("svg.chart").count() >= 2
    assert page.locator("table.disagreements").inner_text().count("St Brannock Hospital: 14") >= 1
    page.screenshot(path=tmp_path / "overview.png", full_page=True)

    page.get_by_role("link", name="Who said what").click()
    page.wait_for_url("**/speakers")
    first = page.get_by_test_id("named-speakers").locator("tbody tr").first
    assert "Keltvale Emergency Agency" in first.inner_text()
    page.screenshot(path=tmp_path / "speakers.png", full_page=True)

    page.get_by_role("link", name="Miriam Castell", exact=True).click()
    assert page.get_by_test_id("speaker-name").inner_text() == "Miriam Castell"
    statements = page.locator("li.statement")
    assert statements.count() == 10
    quote = statements.first.locator("blockquote").inner_text()
    page.screenshot(path=tmp_path / "speaker.png", full_page=True)

    statements.first.get_by_role("link", name="in the report").click()
    page.wait_for_url("**/reports/**")
    focus = " ".join(t for t in page.locator(".report-text .a-focus").all_inner_texts())
    assert quote.strip("“”").strip()[:20] in focus
    record = _record(corpus_server, page.url.split("?")[0].removeprefix(corpus_server))
    assert page.locator(".report-text").inner_text() == record["text"]
    assert page.locator("aside.record").get_by_text("The record").count() == 1
    page.screenshot(path=tmp_path / "report.png", full_page=True)
    assert page.console_errors == []
    assert all((tmp_path / f"{n}.png").stat().st_size > 10_000 for n in ("overview", "report"))


def test_chart_point_leads_to_its_sentence(page: Any, corpus_server: str) -> None:
    page.goto(corpus_server + "/figures")
    point = page.locator("svg.chart a").first
    href = point.get_attribute("href")
    assert href
    assert "mark=" in href
    point.click()
    page.wait_for_url("**/reports/**")
    start, end = (int(x) for x in href.split("mark=")[1].split("#")[0].split("-"))
    record = _record(corpus_server, page.url.split("?")[0].removeprefix(corpus_server))
    focused = "".join(page.locator(".report-text .a-focus").all_inner_texts())
    assert focused == record["text"][start:end]
    assert page.console_errors == []


def test_timeline_bar_leads_to_its_events(page: Any, corpus_server: str, tmp_path: Path) -> None:
    page.goto(corpus_server + "/")
    bar = page.locator("svg.chart-timeline a").first
    title = bar.locator("title").text_content()
    count = int(title.rsplit(": ", 1)[1])
    bar.click()
    page.wait_for_url("**/events?**")
    assert page.get_by_test_id("events").locator("tbody tr").count() == count
    page.screenshot(path=tmp_path / "events.png", full_page=True)
    assert page.console_errors == []


def test_search_from_the_header(page: Any, corpus_server: str, tmp_path: Path) -> None:
    page.goto(corpus_server + "/")
    page.get_by_label("Search quotes and reports").fill("inquiry")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=inquiry")
    assert page.get_by_test_id("quote-hits").locator("li").count() >= 3
    assert page.get_by_test_id("report-hits").locator("mark").count() >= 4
    first_outlet = page.locator("select option").nth(1).inner_text()
    page.get_by_label("Outlet").select_option(label=first_outlet)
    page.get_by_role("button", name="Search").last.click()
    page.wait_for_url("**outlet=**")
    page.screenshot(path=tmp_path / "search.png", full_page=True)
    assert page.console_errors == []


def test_speakers_to_entity_page_to_an_event(page: Any, corpus_server: str, tmp_path: Path) -> None:
    page.goto(corpus_server + "/speakers")
    row = page.get_by_test_id("named-speakers").locator("tr", has_text="Miriam Castell")
    row.locator("a.entity-link").click()
    page.wait_for_url("**/entity?key=miriam+castell")
    assert page.get_by_test_id("entity-name").inner_text() == "Miriam Castell"
    assert "named in 10 reports" in page.get_by_test_id("entity-summary").inner_text()
    assert page.locator("li.statement").count() == 10
    page.screenshot(path=tmp_path / "entity.png", full_page=True)
    events = page.get_by_test_id("entity-actor-events")
    assert "Miriam Castell" in events.locator("tbody tr").first.inner_text()
    event_link = events.locator("a.event-link").first
    words = event_link.get_attribute("title")
    event_link.click()
    page.wait_for_url("**/reports/**mark=**")
    assert page.locator(".report-text .a-focus").first.inner_text() in words
    page.screenshot(path=tmp_path / "entity-event.png", full_page=True)
    page.go_back()
    page.get_by_test_id("entity-cooccurring").locator("a.entity-link").first.click()
    page.wait_for_url("**/entity?key=**")
    assert page.get_by_test_id("entity-name").inner_text() != "Miriam Castell"
    assert page.console_errors == []


def test_hostile_text_shows_literally_and_runs_nothing(
    browser: Any, hostile_server: str, payloads: dict[str, str], tmp_path: Path
) -> None:
    script, link = payloads["script"], payloads["link"]
    context = browser.new_context(bypass_csp=True)  # the escaping alone must hold
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    paths = [
        "/",
        "/figures",
        "/events",
        "/speakers",
        "/speaker?name=" + urllib.request.quote(f"{script} Vale"),  # titles are dropped
        "/reports/hostile0000000001",
        "/reports/hostile0000000001?mark=0-40",
        "/search?q=window",
        "/search?q=" + urllib.request.quote(script),
        "/map",
        "/events?place=" + urllib.request.quote(f"{payloads['img']} Paris"),
        "/entity?name=" + urllib.request.quote(f"{script} Vale"),
    ]
    for i, path in enumerate(paths):
        page.goto(hostile_server + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__pwned") is None, path
        page.screenshot(path=tmp_path / f"hostile-{i}.png", full_page=True)
        assert page.locator("a[href^='javascript']").count() == 0, path
        assert page.locator("body script, body img, body iframe").count() == 0, path
    page.goto(hostile_server + "/reports/hostile0000000001")
    shown = page.locator(".report-text").inner_text()
    for payload in payloads.values():
        assert payload in shown
    assert f"Dr {script} Vale" in page.locator("aside.record").inner_text()
    assert link in page.locator("p.summary").inner_text()  # shown as text, not a link
    page.goto(hostile_server + "/speakers")
    assert f"{script} Vale" in page.get_by_test_id("named-speakers").inner_text()
    page.get_by_role("link", name=f"{script} Vale").click()
    assert page.get_by_test_id("speaker-name").inner_text() == f"{script} Vale"
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    context.close()


def test_map_to_the_events_at_a_place(page: Any, places_server: str, tmp_path: Path) -> None:
    page.goto(places_server + "/")
    page.get_by_role("link", name="Map", exact=True).click()
    page.wait_for_url("**/map")
    dots = page.locator("svg.map a")
    rows = page.get_by_test_id("places").locator("tbody tr")
    assert dots.count() == rows.count() == 3
    assert "Georgia" in page.get_by_test_id("ambiguous").inner_text()
    page.screenshot(path=tmp_path / "map.png", full_page=True)

    counts = {r.split("\t")[0]: int(r.split("\t")[3]) for r in rows.all_inner_texts()}
    page.get_by_test_id("places").get_by_role("link", name="Paris, France").click()
    page.wait_for_url("**/events?at=**")
    assert page.get_by_test_id("events-place").inner_text() == "Paris, France"
    events = page.get_by_test_id("events").locator("tbody tr").all_inner_texts()
    assert len(events) == counts["Paris, France"]
    assert all("\tParis\t" in e for e in events)

    page.go_back()
    page.locator("svg.map a").last.click()  # the smallest dot is drawn last, on top
    page.wait_for_url("**/events?at=**")
    shown = page.get_by_test_id("events-place").inner_text()
    assert len(page.get_by_test_id("events").locator("tbody tr").all_inner_texts()) == counts[shown]

    page.goto(places_server + "/map")
    name, text = _click_download(page, "places", "CSV")
    assert name == "storyline-places.csv"
    placed = [r for r in csv.DictReader(io.StringIO(text)) if r["status"] == "placed"]
    assert {r["place"]: int(r["events"]) for r in placed} == counts
    assert page.console_errors == []


def _click_download(page: Any, testid: str, label: str) -> tuple[str, str]:
    """Click a table's download link; return the file's suggested name and its text."""
    with page.expect_download() as caught:
        page.get_by_test_id(f"download-{testid}").get_by_role("link", name=label).click()
    download = caught.value
    return download.suggested_filename, Path(download.path()).read_text(encoding="utf-8")


def test_downloads_hold_the_rows_the_page_shows(page: Any, corpus_server: str) -> None:
    page.goto(corpus_server + "/")
    page.locator("svg.chart-timeline a").first.click()  # a bar: events of some days and a type
    page.wait_for_url("**/events?**")
    shown = page.get_by_test_id("events").locator("tbody tr").all_inner_texts()
    name, text = _click_download(page, "events", "CSV")
    assert name.startswith("storyline-events-")
    assert name.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(shown) >= 1
    assert [r["type"] for r in rows] == [line.split("\t")[1] for line in shown]

    page.goto(corpus_server + "/speaker?name=Miriam+Castell")
    quotes = [q.strip("“”") for q in page.locator("li.statement blockquote").all_inner_texts()]
    name, text = _click_download(page, "statements", "JSON")
    assert name == "storyline-statements-miriam-castell.json"
    assert [r["content"] for r in json.loads(text)["rows"]] == quotes

    page.goto(corpus_server + "/search?q=inquiry")
    hits = page.get_by_test_id("quote-hits").locator("li").all_inner_texts()
    name, text = _click_download(page, "quotes", "CSV")
    assert name == "storyline-quotes-inquiry.csv"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(hits) >= 3
    for row, hit in zip(rows, hits, strict=True):
        assert hit.startswith(row["speaker"])
        assert row["content"] in hit
        assert (f"“{row['content']}”" in hit) == (row["kind"] == "direct")
    assert page.console_errors == []
