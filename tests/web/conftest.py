"""Fixtures for the explorer: the example corpus in a store, a store of hostile reports, a
running ``storyline serve``, and Chromium (Debian's, driven by Playwright)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline import ArticleRecord, load_settings, open_store, read_many
from storyline.record.model import (
    Caption,
    DateMention,
    Entity,
    Event,
    Figure,
    Mention,
    Quote,
    Span,
)

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "story_corpus" / "reports"
CHROMIUM = Path(os.environ.get("STORYLINE_TEST_CHROMIUM", "/usr/bin/chromium"))

# Payloads that would run, or show as something else, if any page rendered them as HTML.
PWN_SCRIPT = "<script>window.__pwned = 'script'</script>"
PWN_IMG = "<img src=x onerror=\"window.__pwned='img'\">"
PWN_SVG = "<svg onload=\"window.__pwned='svg'\"></svg>"
PWN_LINK = "javascript:window.__pwned='link'"
ENTITY = "&lt;b&gt;not bold&lt;/b&gt; &amp; &#x3C;i&#x3E;"


@pytest.fixture(scope="session")
def payloads() -> dict[str, str]:
    """The hostile strings the hostile store's reports carry, by name."""
    return {
        "script": PWN_SCRIPT,
        "img": PWN_IMG,
        "svg": PWN_SVG,
        "link": PWN_LINK,
        "entity": ENTITY,
    }


@pytest.fixture(scope="session")
def corpus_records() -> list[ArticleRecord]:
    """The thirty invented Keltvale reports, read by the real pipeline.

    With ``quotes="rules"``: these tests count what the explorer shows (ten statements by one
    speaker, …), so the reader is pinned and a retrained tagger does not move them; the
    default path reads the same corpus in tests/integration/test_story_corpus.py.
    """
    settings = load_settings(quotes="rules")
    return [r for r in read_many([CORPUS], settings=settings) if isinstance(r, ArticleRecord)]


@pytest.fixture(scope="session")
def corpus_db(
    tmp_path_factory: pytest.TempPathFactory, corpus_records: list[ArticleRecord]
) -> Path:
    """A SQLite store holding the example corpus."""
    path = tmp_path_factory.mktemp("corpus") / "story.db"
    with open_store(path) as store:
        summary = store.ingest(corpus_records)
    assert summary.stored == len(corpus_records) == 30
    return path


def _span(text: str, words: str, after: int = 0) -> Span:
    start = text.index(words, after)
    return Span(start=start, end=start + len(words), text=words)


def hostile_record() -> ArticleRecord:
    """A report whose every field a page shows carries markup, handlers and entities."""
    speaker = f"Dr {PWN_SCRIPT} Vale"
    text = (
        f"Headline {PWN_SCRIPT} and {ENTITY}\n\n"
        f"Photo: {PWN_IMG} Credit: {PWN_SVG}\n\n"
        f'"We will {PWN_IMG} rebuild by Friday," said {speaker}, in {ENTITY}.\n'
        f"At least 12 {PWN_SVG} were killed on Tuesday, {speaker} said, {PWN_LINK}.\n"
    )
    headline = _span(text, f"Headline {PWN_SCRIPT} and {ENTITY}")
    caption = _span(text, f"Photo: {PWN_IMG}")
    credit = _span(text, PWN_SVG, caption.end)
    said = _span(text, "said", caption.end)
    who = _span(text, speaker, said.end)
    content = _span(text, f"We will {PWN_IMG} rebuild by Friday,")
    figure = _span(text, "At least 12")
    friday = _span(text, "Friday")
    tuesday = _span(text, "Tuesday")
    killed = _span(text, "killed")
    second_who = _span(text, speaker, tuesday.end)
    return ArticleRecord(
        id="hostile0000000001",
        source=f"reports/{PWN_SCRIPT}.txt",
        text=text,
        published="2025-03-06",
        headline=headline,
        outlet=f"The {PWN_IMG} Courier",
        url=PWN_LINK,
        byline=f"By {PWN_SVG}",
        captions=[Caption(**caption.model_dump(), credit=PWN_SVG, credit_span=credit)],
        entities=[
            Entity(
                id="e1",
                name=speaker,
                type="PERSON",
                mentions=[
                    Mention(**who.model_dump(), kind="name"),
                    Mention(**second_who.model_dump(), kind="name"),
                ],
            )
        ],
        quotes=[
            Quote(
                kind="direct",
                content=[content],
                speaker=who,
                speaker_entity="e1",
                speaker_name=speaker,
                speaker_type="person",
                cue=said,
                date="2025-03-06",
            )
        ],
        figures=[
            Figure(
                **figure.model_dump(),
                value=12,
                approx="at least",
                unit=f"person {PWN_SVG}",
                what="killed",
                source=speaker,
                date="2025-03-04",
            )
        ],
        dates=[
            DateMention(**friday.model_dump(), value="2025-03-07"),
            DateMention(**tuesday.model_dump(), value="2025-03-04"),
        ],
        events=[
            Event(
                **killed.model_dump(),
                type=f"ASSAULT{PWN_SCRIPT}",
                actor=speaker,
                actor_entity="e1",  # entity pages join on entity ids, not on display strings
                target=PWN_IMG,
                place=f"{PWN_IMG} Paris",
                date="2025-03-04",
            )
        ],
    )


@pytest.fixture(scope="session")
def hostile_db(
    tmp_path_factory: pytest.TempPathFactory, corpus_records: list[ArticleRecord]
) -> Path:
    """A store with the hostile record, a hostile text read by the pipeline, and two reports."""
    path = tmp_path_factory.mktemp("hostile") / "story.db"
    folder = tmp_path_factory.mktemp("hostile-inputs")
    (folder / "hostile.txt").write_text(
        f"Officials {PWN_SCRIPT} react\n\n"
        f'"Nothing {PWN_IMG} will stop us," said Mayor Tomas Reyes on Monday. '
        f"More than 40 people were evacuated, {ENTITY} the agency said.\n",
        encoding="utf-8",
    )
    read = [r for r in read_many([folder]) if isinstance(r, ArticleRecord)]
    with open_store(path) as store:
        store.ingest([hostile_record(), *read, *corpus_records[:2]])
    return path


# Reports of events at real places, written here: (key, text, event words, place, GPE named).
PLACE_REPORTS = (
    ("fr1", "Police detained 40 protesters in Paris on Monday, France's ministry said.",
     "detained", "Paris", "France"),
    ("fr2", "Riot police fired tear gas in Paris on Tuesday, officials in France said.",
     "fired", "Paris", "France"),
    ("tx1", "Police detained two men in Paris, Texas, on Monday.", "detained", "Paris, Texas",
     None),
    ("ge1", "Protesters marched in Georgia on Monday against the new law.", "marched", "Georgia",
     None),
    ("kv1", "Missiles struck Kiev on Monday, Ukraine said.", "struck", "Kiev", "Ukraine"),
    ("kv2", "Drones struck Kyiv again on Tuesday.", "struck", "Kyiv", None),
    ("kt1", "Crews reached Keltvale on Monday.", "reached", "Keltvale", None),
    ("hx1", f"Crowds gathered in Paris {PWN_SCRIPT} on Monday.", "gathered",
     f"Paris {PWN_SCRIPT}", None),
    ("np1", "Negotiators met on Monday.", "met", None, None),
)  # fmt: skip


def place_record(key: str, text: str, words: str, place: str | None, named: str | None):
    """One report of one event at a place, with the country it names as a GPE entity."""
    entities = []
    if named:
        entities.append(
            Entity(
                id="e1",
                name=named,
                type="GPE",
                mentions=[Mention(**_span(text, named).model_dump())],
            )
        )
    day = "2025-03-03" if "Monday" in text else "2025-03-04"
    return ArticleRecord(
        id=f"place{key}",
        source=f"reports/{key}.txt",
        text=text,
        published="2025-03-05",
        outlet="Map Courier",
        entities=entities,
        events=[
            Event(
                **_span(text, words).model_dump(), type="PROTEST", actor=key, place=place, date=day
            )
        ],
    )


@pytest.fixture(scope="session")
def place_reports() -> tuple[tuple[str | None, ...], ...]:
    """The reports of the store of places: (key, text, event words, place, GPE named)."""
    return PLACE_REPORTS


@pytest.fixture(scope="session")
def places_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of reports whose events happen at real, ambiguous, unknown and hostile places."""
    path = tmp_path_factory.mktemp("places") / "story.db"
    with open_store(path) as store:
        store.ingest([place_record(*r) for r in PLACE_REPORTS])
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(db: Path) -> Iterator[str]:
    port = free_port()
    log = db.with_suffix(".serve.log")
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "storyline", "serve", "--db", str(db), "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "/static/storyline.css", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"storyline serve did not start: {log.read_text()}")
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def corpus_server(corpus_db: Path) -> Iterator[str]:
    """``storyline serve`` over the example corpus; its base URL."""
    yield from _serve(corpus_db)


@pytest.fixture(scope="session")
def hostile_server(hostile_db: Path) -> Iterator[str]:
    """``storyline serve`` over the hostile store; its base URL."""
    yield from _serve(hostile_db)


@pytest.fixture(scope="session")
def places_server(places_db: Path) -> Iterator[str]:
    """``storyline serve`` over the store of places; its base URL."""
    yield from _serve(places_db)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium under Playwright: skipped when missing, a failure under CI."""
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing under CI (.ci/run installs Debian's chromium)")
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:  # Playwright's Page
    """A browser page of its own, with the console's errors and the page's exceptions kept."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    yield page
    context.close()


POLNEAR_TRAIN = Path("benchmarks/quotes/polnear/data/train/text")  # under ../shared


@pytest.fixture(scope="session")
def polnear_server(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``storyline serve`` over the 840 PolNeAR train reports, ingested as a user would.

    ``storyline ingest`` reads them from ../shared (research licence: the texts stay there)
    with two workers into a store of this session's temp folder; about two minutes.
    """
    texts = shared_dir / POLNEAR_TRAIN
    if not texts.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{texts} is missing under CI")
        pytest.skip(f"{texts} is missing")
    db = tmp_path_factory.mktemp("polnear") / "polnear.db"
    ingest = [sys.executable, "-m", "storyline", "ingest", str(texts), "--db", str(db)]
    done = subprocess.run([*ingest, "--workers", "2"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    yield from _serve(db)
