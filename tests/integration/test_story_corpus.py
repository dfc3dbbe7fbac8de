"""The story of the invented Keltvale corpus: speakers and entities from real reading; figure
histories, the flagged disagreement and merged events over figures and events we annotate on
the read records (extraction of those is still landing, so the cross-report logic is tested on
values we control, placed at the exact characters of the corpus text).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline import ArticleRecord, Event, Figure, build_story, read_many

pytestmark = pytest.mark.model

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "story_corpus" / "reports"

# (report headline, words in its text, value, unit, what, source): hand-read tolls.
TOLLS = [
    (
        "Three dead as Keltvale waters begin to fall",
        "Three people",
        3,
        "person",
        "died",
        "Keltvale Emergency Agency",
    ),
    (
        "Agency puts Keltvale toll at nine",
        "Nine people",
        9,
        "person",
        "died",
        "Keltvale Emergency Agency",
    ),
    (
        "Hospital says 14 killed in Keltvale flood",
        "Fourteen people",
        14,
        "person",
        "killed",
        "St Brannock Hospital",
    ),
    (
        "Keltvale toll: hospital says 14, agency says nine",
        "14 people",
        14,
        "person",
        "killed",
        "St Brannock Hospital",
    ),
    ("Keltvale toll rises to 11", "11 people", 11, "person", "died", "Keltvale Emergency Agency"),
    (
        "Keltvale toll rises to 17",
        "Seventeen people",
        17,
        "person",
        "died",
        "Keltvale Emergency Agency",
    ),
]
# (report headline, words in its text): reports of the inquiry ordered on 2025-03-08.
INQUIRY = [
    ("Castell orders inquiry into Keltvale dam", "ordered an independent inquiry"),
    ("Governor orders inquiry into dam failure", "ordered an inquiry"),
    ("Judge Marsh to lead dam inquiry", "ordered an inquiry"),
    ("Inquiry ordered into Orrin dam", "ordered an independent inquiry"),
]


@pytest.fixture(scope="module")
def records() -> list[ArticleRecord]:
    out = [r for r in read_many([CORPUS]) if isinstance(r, ArticleRecord)]
    assert len(out) == 30
    return out


def _by_headline(records: list[ArticleRecord], headline: str) -> ArticleRecord:
    (rec,) = [r for r in records if r.headline and r.headline.text == headline]
    return rec


def _at(rec: ArticleRecord, words: str) -> dict[str, object]:
    start = rec.text.index(words)
    return {"start": start, "end": start + len(words), "text": words}


@pytest.fixture(scope="module")
def annotated(records: list[ArticleRecord]) -> list[ArticleRecord]:
    """The corpus records with our figures and events in place of the extracted ones."""
    figures: dict[str, list[Figure]] = {}
    events: dict[str, list[Event]] = {}
    for headline, words, value, unit, what, source in TOLLS:
        rec = _by_headline(records, headline)
        fig = Figure(**_at(rec, words), value=value, unit=unit, what=what, source=source)
        figures.setdefault(rec.id, []).append(fig)
    for headline, words in INQUIRY:
        rec = _by_headline(records, headline)
        actor = "Castell" if "Marsh" in headline else "Governor Miriam Castell"
        ev = Event(**_at(rec, words), type="INVESTIGATE", actor=actor, date="2025-03-08")
        events.setdefault(rec.id, []).append(ev)
    return [
        r.model_copy(update={"figures": figures.get(r.id, []), "events": events.get(r.id, [])})
        for r in records
    ]


def test_story_corpus_speaker_history_across_outlets(records) -> None:
    story = build_story(records)
    castell = next(h for h in story.speakers if h.speaker == "Miriam Castell")
    assert len(castell.outlets) >= 4
    dates = [s.date for s in castell.statements]
    assert dates == sorted(dates)
    assert any("left to face this alone" in s.content for s in castell.statements)
    for s in castell.statements:
        rec = next(r for r in records if r.id == s.citation.report_id)
        assert rec.text[s.citation.start : s.citation.end] == s.citation.text


def test_story_corpus_surname_joins_full_name(records) -> None:
    story = build_story(records)
    ferreira = next(e for e in story.entities if e.name == "Tomas Ferreira")
    assert "Ferreira" in ferreira.variants
    assert len(ferreira.reports) >= 5


def test_story_corpus_anonymous_sources_counted(records) -> None:
    story = build_story(records)
    anonymous = [h for h in story.speakers if h.is_anonymous]
    assert anonymous
    assert 0 < story.anonymous_share < 0.5


def test_story_corpus_figure_history_and_disagreement(annotated) -> None:
    story = build_story(annotated)
    history = next(h for h in story.figures if h.label == "person killed")
    assert [(p.date, p.shown) for p in history.points] == [
        ("2025-03-04", "3"),
        ("2025-03-05", "9"),
        ("2025-03-05", "14"),
        ("2025-03-05", "14"),
        ("2025-03-06", "11"),
        ("2025-03-07", "17"),
    ]
    (d,) = [x for x in story.disagreements if x.what == "killed"]
    assert d.date == "2025-03-05"
    assert d.sources == ("Keltvale Emergency Agency: 9", "St Brannock Hospital: 14")
    assert {p.citation.outlet for p in d.points} == {
        "Northern Wire",
        "Valley Courier",
        "The Daily Ledger",
    }


def test_story_corpus_inquiry_is_one_event(annotated) -> None:
    story = build_story(annotated)
    inquiries = [e for e in story.timeline if e.type == "INVESTIGATE"]
    assert len(inquiries) == 1
    (inquiry,) = inquiries
    assert inquiry.actor == "Miriam Castell"
    assert inquiry.n_reports == 4
    assert set(inquiry.outlets) == {
        "Valley Courier",
        "Northern Wire",
        "Harbor Post",
        "The Daily Ledger",
    }


def test_story_corpus_readout_shows_timeline_and_disagreement(annotated, tmp_path) -> None:
    from typer.testing import CliRunner

    from storyline import open_store
    from storyline.cli import app

    target = tmp_path / "annotated.db"
    with open_store(target) as store:
        assert store.add(annotated) == (30, 0)
    result = CliRunner().invoke(app, ["story", "--db", str(target)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Timeline" in out
    assert "INVESTIGATE" in out
    assert "Sources disagree" in out
    assert "Keltvale Emergency Agency: 9" in " ".join(out.split())
    assert "disputed" in out
