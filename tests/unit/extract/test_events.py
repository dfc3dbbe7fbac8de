"""Events: PLOVER types, arguments, status and attribution, on short reports we wrote ourselves."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from storyline.extract import build_record, extract
from storyline.extract.context import Context
from storyline.extract.events import extract_events
from storyline.ingest.text import read_text
from storyline.nlp import load_pipeline, parse
from storyline.record import Event

pytestmark = pytest.mark.model

PUBLISHED = datetime.date(2024, 5, 8)  # a Wednesday
SEED_EVENTS_RECALL_FLOOR = 0.8  # issue 4: events R >= 0.8 with actors right


@pytest.fixture
def events_of(parse_text: Callable) -> Callable[..., list[Event]]:
    def _events(text: str, masked: tuple[tuple[int, int], ...] = ()) -> list[Event]:
        doc, ctx = parse_text(text, PUBLISHED)
        if masked:
            ctx = Context(text=ctx.text, published=ctx.published, masked=masked)
        for name, value in extract(doc, ctx).items():
            ctx = ctx.with_result(name, value)
        return extract_events(doc, ctx)

    return _events


def _only(events: list[Event], etype: str) -> Event:
    found = [e for e in events if e.type == etype]
    assert len(found) == 1, events
    return found[0]


@pytest.mark.parametrize(
    ("text", "etype", "mode", "word"),
    [
        ("Rebel fighters attacked an army base near the border.", "ASSAULT", None, "attacked"),
        (
            "The air force launched airstrikes on the northern villages.",
            "ASSAULT",
            "aerial",
            "launched",
        ),
        ("Gunmen kidnapped two aid workers on the highway.", "ASSAULT", "abduct", "kidnapped"),
        ("The government freed thirty political prisoners.", "RETREAT", "release", "freed"),
        ("The nurses demanded higher wages from the ministry.", "REQUEST", None, "demanded"),
        ("The prime minister met the visiting Kenyan president.", "CONSULT", None, "met"),
        ("The opposition rejected the budget proposal.", "REJECT", None, "rejected"),
        ("Kenya accused Uganda of shelling a border town.", "ACCUSE", "allege", "accused"),
        ("Police arrested twelve students outside parliament.", "COERCE", "arrest", "arrested"),
        ("The two leaders agreed to hold new talks.", "AGREE", None, "agreed"),
        ("The rebels pulled out of the peace negotiations.", "REJECT", "meet", "pulled"),
        (
            "The minister threatened to expel the foreign journalists.",
            "THREATEN",
            "expel",
            "threatened",
        ),
    ],
)
def test_events_type_of_verb(
    events_of: Callable, text: str, etype: str, mode: str | None, word: str
) -> None:
    event = _only(events_of(text), etype)
    assert event.mode == mode
    assert word in event.text


@pytest.mark.parametrize(
    ("text", "etype", "actor", "target"),
    [
        ("Kenya accused Uganda of violating the border agreement.", "ACCUSE", "Kenya", "Uganda"),
        ("Chile and Peru signed a trade agreement in Lima.", "SUPPORT", "Chile; Peru", None),
        ("Two reporters were kidnapped by the militia.", "ASSAULT", "militia", "reporters"),
        ("Portugal sent aid to Mozambique after the floods.", "AID", "Portugal", "Mozambique"),
    ],
)
def test_events_actor_and_target_from_entities(
    events_of: Callable, text: str, etype: str, actor: str, target: str | None
) -> None:
    event = _only(events_of(text), etype)
    assert event.actor == actor
    if target is None:
        assert event.target is None or actor not in event.target
    else:
        assert event.target is not None
        assert target in event.target


@pytest.mark.parametrize(
    "text",
    [
        "Brazil recalled its ambassador on Monday. It accused Argentina of spying.",
        "Brazil recalled its ambassador on Monday, and it accused Argentina of spying.",
    ],
)
def test_events_pronoun_actor_resolved(events_of: Callable, text: str) -> None:
    event = _only(events_of(text), "ACCUSE")
    assert event.actor == "Brazil"


@pytest.mark.parametrize(
    ("text", "etype", "status"),
    [
        ("The foreign ministers will meet in Oslo on Friday.", "CONSULT", "future"),
        ("The two delegations are scheduled to meet on Thursday.", "CONSULT", "future"),
        ("The army could attack the town before dawn.", "ASSAULT", "hypothetical"),
        ("Talks would not resume until the shelling stopped.", "REJECT", "hypothetical"),
        ("The police did not arrest the students.", "COERCE", "negated"),
        ("The rebels refused to release the hostages.", "REJECT", "asserted"),
        ("The rebels released the hostages.", "RETREAT", "asserted"),
    ],
)
def test_events_status(events_of: Callable, text: str, etype: str, status: str) -> None:
    assert _only(events_of(text), etype).status == status


def test_events_refusal_mode_from_what_is_refused(events_of: Callable) -> None:
    event = _only(events_of("The rebels refused to release the hostages."), "REJECT")
    assert event.mode == "yield"
    assert event.actor is not None
    assert "rebels" in event.actor


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Maria Lopez said the rebels had attacked a convoy near the river.", "Maria Lopez"),
        ("The rebels attacked a convoy near the river, Maria Lopez said.", "Maria Lopez"),
    ],
)
def test_events_attribution_from_quote(events_of: Callable, text: str, speaker: str) -> None:
    event = _only(events_of(text), "ASSAULT")
    assert event.attribution == speaker
    assert event.actor is not None
    assert "rebels" in event.actor


def test_events_reporter_event_has_no_attribution(events_of: Callable) -> None:
    event = _only(events_of("The rebels attacked a convoy near the river."), "ASSAULT")
    assert event.attribution is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The army shelled the village on Monday.", "2024-05-06"),
        ("On Tuesday the ministers met in Nairobi.", "2024-05-07"),
        ("The ministers will meet in Nairobi on Friday.", "2024-05-10"),
    ],
)
def test_events_date_attached_to_verb(events_of: Callable, text: str, value: str) -> None:
    (event,) = events_of(text)
    assert event.date == value


def test_events_date_of_another_clause_not_attached(events_of: Callable) -> None:
    text = "The ministers said on Monday that the army shelled the village."
    event = _only(events_of(text), "ASSAULT")
    assert event.date is None


def test_events_place_from_location_object(events_of: Callable) -> None:
    event = _only(events_of("The foreign ministers met in Oslo on Friday."), "CONSULT")
    assert event.place == "Oslo"


def test_events_captions_skipped(events_of: Callable) -> None:
    caption = "Soldiers attacked the town in May. AFP via Getty Images"
    text = f"The ministers met in Nairobi.\n{caption}\nThe talks ended late."
    start = text.index(caption)
    events = events_of(text, masked=((start, start + len(caption)),))
    assert [e.type for e in events] == ["CONSULT"]
    assert all(e.end <= start or e.start >= start + len(caption) for e in events)


@pytest.mark.parametrize(
    "text",
    [
        "Rebel fighters attacked an army base. The government freed thirty prisoners.",
        "“We will not negotiate,” the commander said, as the army shelled the port.",
        "Kenya and Uganda agreed on Monday to reopen the border crossing.\r\n",
    ],
)
def test_events_offsets_slice_the_text(events_of: Callable, text: str) -> None:
    events = events_of(text)
    assert events
    for e in events:
        assert text[e.start : e.end] == e.text
        assert e.text == e.text.strip()
    assert [e.start for e in events] == sorted(e.start for e in events)


def test_events_seed_recall_with_actors(shared_dir: Path, tmp_path: Path) -> None:
    seed = shared_dir / "seed" / "hostage-talks-article.txt"
    text = seed.read_bytes().decode("utf-8")
    article = read_text(str(seed), text, published=datetime.date(2023, 12, 4))
    _, doc = next(parse(load_pipeline(), [article]))
    ctx = Context(text=text, published=article.published, masked=article.masked)
    for name, value in extract(doc, ctx).items():
        ctx = ctx.with_result(name, value)
    record = build_record(article, doc).model_copy(update={"events": extract_events(doc, ctx)})
    out = tmp_path / "seed.json"
    out.write_text(record.model_dump_json(by_alias=True), encoding="utf-8")
    gold = shared_dir / "gold" / "hostage-talks-article.gold.json"
    scored = subprocess.run(
        [sys.executable, str(shared_dir / "tools" / "score_seed.py"), str(gold), str(out)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in scored.splitlines() if x.startswith("events"))
    found, n_gold = int(line.split("found")[1].split()[0]), int(line.split("gold")[1].split()[0])
    actor, actor_n = (int(x) for x in line.split("actor")[1].split()[0].split("/"))
    assert found / n_gold >= SEED_EVENTS_RECALL_FLOOR, scored
    assert actor == actor_n, scored
    assert json.loads(out.read_text(encoding="utf-8"))["events"]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The strike began on Monday, when 3,000 dockworkers walked off the job.", "PROTEST"),
        ("The strike killed 12 people in the market on Monday.", "ASSAULT"),
    ],
)
def test_events_strike_is_labour_unless_war(parse_text, text: str, expected: str) -> None:
    doc, ctx = parse_text(text, datetime.date(2024, 3, 13))
    results = extract(doc, ctx)
    strikes = [e for e in results["events"] if "strike" in e.text.lower()]
    assert strikes, results["events"]
    assert strikes[0].type == expected
