"""Entity pages (issue 16): a page per story entity, over the example corpus, a store of two
people who share a surname, and the hostile store (through Starlette's test client)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, unquote_plus

import pytest
from starlette.testclient import TestClient

from storyline import ArticleRecord, load_story, open_store
from storyline.record.model import Entity, Mention, Span
from storyline.web import create_app

pytestmark = pytest.mark.model

CASTELL = "/entity?key=miriam+castell"
AGENCY = "/entity?key=keltvale+emergency+agency"


@pytest.fixture(scope="module")
def client(corpus_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(corpus_db), base_url="http://127.0.0.1") as c:
        yield c


def _visible(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _section(page: str, testid: str) -> str:
    return page.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]


def _json(client: TestClient, path: str) -> dict:
    answer = client.get(path)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    return json.loads(answer.text)


def test_speakers_page_links_each_named_speaker_to_their_entity_page(client: TestClient) -> None:
    named = _section(client.get("/speakers").text, "named-speakers")
    hrefs = [html.unescape(h) for h in re.findall(r'class="entity-link" href="([^"]+)"', named)]
    assert CASTELL in hrefs
    assert AGENCY in hrefs
    page = client.get(CASTELL)
    assert page.status_code == 200
    assert re.search(r'data-testid="entity-name">Miriam Castell<', page.text)


def test_entity_page_gathers_reports_statements_events_and_figures(
    client: TestClient, corpus_records: list[ArticleRecord]
) -> None:
    story = load_story(client.app.state.explorer.store)  # the story built in memory
    castell = next(e for e in story.entities if e.key == "miriam castell")
    page = client.get(CASTELL).text
    summary = _visible(page.split('data-testid="entity-summary"', 1)[1].split("</p>", 1)[0])
    assert summary.startswith(">PERSON: named in 10 reports")
    assert "10 statements" in summary
    assert "“Castell”" in _visible(page.split('data-testid="entity-aliases"', 1)[1])
    # Every report that names her is linked, and only those.
    listed = page.split('data-testid="entity-reports"', 1)[1].split("</ul>", 1)[0]
    assert set(re.findall(r'href="/reports/([^"?]+)"', listed)) == set(castell.reports)
    # Her statements are her speaker history's.
    history = next(h for h in story.speakers if h.speaker == "Miriam Castell")
    assert page.count('class="statement"') == len(history.statements) == 10
    # The events she is the actor of: every story event whose actor is her, none else.
    actor_rows = _section(page, "entity-actor-events").count("<tr>") - 1
    assert actor_rows == sum(1 for e in story.events if e.actor == "Miriam Castell") > 0
    assert "entity-target-events" not in page  # no event has her as its target
    figures = _visible(_section(page, "entity-figures"))
    assert "worker sent 2025-03-04 40 Northern Wire" in figures


def test_agency_page_lists_the_figures_it_gave(client: TestClient) -> None:
    rows = _json(client, f"/entity/figures.json?key={quote('keltvale emergency agency')}")["rows"]
    assert rows
    assert {r["source"] for r in rows} == {"Keltvale Emergency Agency"}
    assert any(r["shown"] == "9" and r["counted"] == "person killed" for r in rows)


def test_cooccurring_entities_are_counted_by_shared_reports(client: TestClient) -> None:
    entities = load_story(client.app.state.explorer.store).entities
    castell = next(e for e in entities if e.key == "miriam castell")
    mine = set(castell.reports)
    expected = Counter(
        {e.key: len(mine & set(e.reports)) for e in entities if e.key != castell.key}
    )
    data = _json(client, "/entity/cooccurring.json?key=miriam+castell")
    got = [(r["key"], r["reports_together"]) for r in data["rows"]]
    assert got
    assert all(n == expected[k] for k, n in got)
    assert [n for _, n in got] == sorted((n for _, n in got), reverse=True)
    assert got[0][1] == max(expected.values())
    # Each one links to its own page.
    page = client.get(CASTELL).text
    first = html.unescape(
        re.findall(r'class="entity-link" href="([^"]+)"', _section(page, "entity-cooccurring"))[0]
    )
    assert client.get(first).status_code == 200


def test_events_page_links_actors_and_targets_to_their_pages(client: TestClient) -> None:
    page = client.get("/events").text
    hrefs = {html.unescape(h) for h in re.findall(r'class="entity-link" href="([^"]+)"', page)}
    assert CASTELL in hrefs
    for href in hrefs:
        assert client.get(href).status_code == 200


def test_speaker_and_overview_link_to_entity_pages(client: TestClient) -> None:
    speaker = client.get("/speaker?name=Miriam+Castell").text
    assert f'class="entity-link" href="{html.escape(CASTELL)}"' in speaker
    overview = client.get("/").text
    disagreements = overview.split("<h2>Disagreements</h2>", 1)[1].split("</table>", 1)[0]
    assert re.search(
        r'class="entity-link" href="/entity\?key=st\+brannock\+hospital"', disagreements
    )
    once = overview.split('data-testid="reported-once"', 1)[1].split("</table>", 1)[0]
    linked = re.findall(r'class="entity-link" href="([^"]+)">([^<]+)</a>', once)
    assert (html.escape(CASTELL), "Miriam Castell") in linked


def test_entity_downloads_hold_the_page_rows(client: TestClient) -> None:
    statements = client.get("/entity/statements.csv?key=miriam+castell")
    assert statements.headers["content-type"].startswith("text/csv")
    assert (
        'filename="storyline-entity-statements-miriam-castell.csv"'
        in (statements.headers["content-disposition"])
    )
    rows = list(csv.DictReader(io.StringIO(statements.text)))
    assert len(rows) == 10
    assert {r["speaker"] for r in rows} == {"Miriam Castell"}
    actor = _json(client, "/entity/actor.json?key=miriam+castell")
    assert actor["filters"] == {"key": "miriam castell"}
    assert actor["rows"]
    assert {r["actor"] for r in actor["rows"]} == {"Miriam Castell"}
    assert _json(client, "/entity/target.json?key=miriam+castell")["rows"] == []
    reports = _json(client, "/entity/reports.json?key=miriam+castell")["rows"]
    assert len(reports) == 10
    dates = [r["published"] for r in reports]
    assert dates == sorted(dates, reverse=True)


def test_entity_page_refuses_unknown_entities_and_tables(client: TestClient) -> None:
    assert client.get("/entity").status_code == 400
    assert client.get("/entity?key=nobody+at+all").status_code == 404
    assert client.get("/entity?name=Zzyzx+Qwerty").status_code == 404
    assert client.get("/entity/secrets.csv?key=miriam+castell").status_code == 404
    assert client.get("/entity/statements.html?key=miriam+castell").status_code == 404
    # A name finds its entity as ``story --about`` does: a surname alone is enough.
    by_surname = client.get("/entity?name=Castell")
    assert 'data-testid="entity-name">Miriam Castell<' in by_surname.text


def _person(rec_id: str, text: str, name: str) -> ArticleRecord:
    start = text.index(name)
    span = Span(start=start, end=start + len(name), text=name)
    return ArticleRecord(
        id=rec_id,
        source=f"reports/{rec_id}.txt",
        text=text,
        published="2025-01-0" + rec_id[-1],
        outlet="Test Wire",
        entities=[
            Entity(id="e1", name=name, type="PERSON", mentions=[Mention(**span.model_dump())])
        ],
    )


@pytest.fixture(scope="module")
def clintons(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A store where "Clinton" is two people, one in three reports (once with a middle initial)
    and one in one."""
    path = tmp_path_factory.mktemp("clintons") / "story.db"
    with open_store(path) as store:
        store.ingest(
            [
                _person("clinton1", "Bill Clinton spoke in Little Rock.", "Bill Clinton"),
                _person("clinton2", "Bill Clinton returned on Monday.", "Bill Clinton"),
                _person("clinton3", "Hillary Clinton spoke in New York.", "Hillary Clinton"),
                _person("clinton4", "Bill J. Clinton wrote on Tuesday.", "Bill J. Clinton"),
            ]
        )
    with TestClient(create_app(path), base_url="http://127.0.0.1") as c:
        yield c


def test_a_name_several_people_share_lists_them(clintons: TestClient) -> None:
    page = clintons.get("/entity?name=Clinton")
    assert page.status_code == 200
    listed = page.text.split('data-testid="entity-candidates"', 1)[1].split("</ul>", 1)[0]
    hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]+)"', listed)]
    assert hrefs == [
        "/entity?key=bill+clinton",
        "/entity?key=hillary+clinton",
    ]  # most reported first
    assert "3 reports" in _visible(listed)
    assert "1 report" in _visible(listed)
    hillary = clintons.get(hrefs[1])
    assert 'data-testid="entity-name">Hillary Clinton<' in hillary.text
    assert clintons.get("/entity?name=Hillary+Clinton").text == hillary.text
    # A name the story joined to an entity finds it: "Bill J. Clinton" is Bill Clinton.
    bill = clintons.get("/entity?name=" + quote("Bill J. Clinton"))
    assert 'data-testid="entity-name">Bill Clinton<' in bill.text
    assert "“Bill J. Clinton”" in _visible(bill.text.split('data-testid="entity-aliases"', 1)[1])
    # A download is one entity's table: an ambiguous name gets none.
    assert clintons.get("/entity/reports.csv?name=Clinton").status_code == 404


def test_hostile_entity_name_is_escaped(hostile_db: Path, payloads: dict[str, str]) -> None:
    script = payloads["script"]
    with TestClient(create_app(hostile_db), base_url="http://127.0.0.1") as c:
        speakers = c.get("/speakers").text
        hrefs = [
            html.unescape(h) for h in re.findall(r'class="entity-link" href="([^"]+)"', speakers)
        ]
        href = next(h for h in hrefs if "<script>" in unquote_plus(h))
        page = c.get(href)
        assert page.status_code == 200
        assert script not in page.text  # never raw
        assert "&lt;script&gt;" in page.text
        assert f"{script} Vale" in _visible(page.text.split('data-testid="entity-name"', 1)[1])
        events = c.get("/events").text
        assert script not in events
        by_name = c.get("/entity?name=" + quote(f"{script} Vale"))
        assert by_name.status_code == 200
        assert script not in by_name.text
        table = c.get(href.replace("/entity?", "/entity/actor.json?"))
        assert json.loads(table.text)["rows"][0]["actor"] == f"{script} Vale"
