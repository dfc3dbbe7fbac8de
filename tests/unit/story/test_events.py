"""Event de-duplication and the timeline."""

from __future__ import annotations

from storyline.story import dedupe_events, resolve_entities, timeline

INQUIRY_A = "Governor Miriam Castell ordered an inquiry on Saturday."
INQUIRY_B = "Castell ordered an inquiry into the dam on Saturday."
RESIGN = "Daniel Osei resigned on Sunday."


def _records(make_record):
    ev = {
        "type": "INVESTIGATE",
        "actor": "Miriam Castell",
        "target": "Orrin dam",
        "date": "2025-03-08",
    }
    return [
        make_record(
            INQUIRY_A,
            published="2025-03-08",
            outlet="Valley Courier",
            entities=[("Miriam Castell", "PERSON", "named")],
            events=[ev | {"text": "ordered an inquiry"}],
        ),
        make_record(
            INQUIRY_B,
            published="2025-03-08",
            outlet="Northern Wire",
            entities=[("Castell", "PERSON", "named")],
            events=[ev | {"text": "ordered an inquiry", "actor": "Castell"}],
        ),
        make_record(
            RESIGN,
            published="2025-03-09",
            outlet="Northern Wire",
            events=[
                {
                    "text": "resigned",
                    "type": "RETREAT",
                    "actor": "Daniel Osei",
                    "date": "2025-03-09",
                },
                {"text": "Sunday", "type": "PROTEST", "status": "negated", "date": "2025-03-09"},
            ],
        ),
    ]


def test_events_same_event_from_two_outlets_is_one(make_record) -> None:
    recs = _records(make_record)
    events = dedupe_events(recs, resolve_entities(recs))
    inquiry = events[0]
    assert (inquiry.type, inquiry.actor, inquiry.date) == (
        "INVESTIGATE",
        "Miriam Castell",
        "2025-03-08",
    )
    assert inquiry.n_reports == 2
    assert inquiry.outlets == ("Valley Courier", "Northern Wire")
    assert [c.text for c in inquiry.citations] == ["ordered an inquiry", "ordered an inquiry"]


def test_events_undated_are_never_merged(make_record) -> None:
    recs = [
        make_record(
            f"Report {i}: protesters marched.", events=[{"text": "marched", "type": "PROTEST"}]
        )
        for i in range(2)
    ]
    assert len(dedupe_events(recs, resolve_entities(recs))) == 2


def test_timeline_dated_in_order_without_negated(make_record) -> None:
    recs = _records(make_record)
    line = timeline(dedupe_events(recs, resolve_entities(recs)))
    assert [(e.date, e.type) for e in line] == [
        ("2025-03-08", "INVESTIGATE"),
        ("2025-03-09", "RETREAT"),
    ]
    assert [
        e.type for e in timeline(dedupe_events(recs, resolve_entities(recs)), since="2025-03-09")
    ] == ["RETREAT"]


def test_events_a_report_without_the_target_tells_the_one_named_act(make_record) -> None:
    ev = {"type": "ACCUSE", "actor": "Miriam Castell", "date": "2025-03-08"}
    recs = [
        make_record(
            "Governor Miriam Castell ordered an inquiry into the Orrin dam on Saturday.",
            published="2025-03-08",
            outlet="Harbor Post",
            entities=[("Miriam Castell", "PERSON", "named")],
            events=[ev | {"text": "ordered an inquiry", "target": "Orrin dam"}],
        ),
        make_record(
            "Governor Miriam Castell ordered an independent inquiry on Saturday.",
            published="2025-03-08",
            outlet="The Daily Ledger",
            entities=[("Miriam Castell", "PERSON", "named")],
            events=[ev | {"text": "ordered an independent inquiry"}],
        ),
    ]
    events = dedupe_events(recs, resolve_entities(recs))
    assert [(e.actor, e.target, e.n_reports) for e in events] == [
        ("Miriam Castell", "Orrin dam", 2)
    ]


def test_events_an_unnamed_target_with_two_candidates_stays_apart(make_record) -> None:
    ev = {"type": "ACCUSE", "actor": "Miriam Castell", "date": "2025-03-08"}
    texts = {
        "Orrin dam": "Governor Miriam Castell accused the Orrin dam board on Saturday.",
        "Keltvale council": "Governor Miriam Castell accused the Keltvale council on Saturday.",
        None: "Governor Miriam Castell accused officials on Saturday.",
    }
    recs = [
        make_record(
            text,
            published="2025-03-08",
            entities=[("Miriam Castell", "PERSON", "named")],
            events=[ev | {"text": "accused"} | ({"target": target} if target else {})],
        )
        for target, text in texts.items()
    ]
    events = dedupe_events(recs, resolve_entities(recs))
    assert sorted((e.target or "", e.n_reports) for e in events) == [
        ("", 1),
        ("Keltvale council", 1),
        ("Orrin dam", 1),
    ]
