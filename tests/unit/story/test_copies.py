"""A wire story carried by many outlets is one source: figures and quotes counted once (issue 16).

The copies here are linked by hand (``Syndication``), as the store links them at ingest; the
records are a wire report, an outlet's re-headlined copy of it, and a hospital's own count.
"""

from __future__ import annotations

from typing import Any

from storyline.store.copies import Carrier, Syndication
from storyline.story import build_story

WIRE = (
    "Toll rises in Keltvale\n\n"
    "Nine people died in the flood, the Keltvale Emergency Agency said on Wednesday. "
    "“We are still searching,” said agency head Tomas Ferreira."
)
COPY = "Flood latest\n\n" + WIRE.split("\n\n", 1)[1] + "\n\n© 2025 Valley Echo."
HOSPITAL = "St Brannock Hospital said on Wednesday that 14 people had died in the flood."
DAY = "2025-03-05"


def _records(make_record: Any) -> list[Any]:
    def report(text: str, outlet: str, value: int, words: str, source: str | None) -> Any:
        quotes = []
        if "searching" in text:
            quotes = [
                {
                    "said": "We are still searching",
                    "speaker": "Tomas Ferreira",
                    "speaker_name": "Tomas Ferreira",
                    "speaker_type": "person",
                }
            ]
        figure = {"text": words, "value": value, "unit": "person", "what": "died"}
        if source:
            figure["source"] = source
        return make_record(
            text,
            published=DAY,
            outlet=outlet,
            entities=[("Tomas Ferreira", "PERSON", "named")] if quotes else [],
            quotes=quotes,
            figures=[figure | {"date": DAY}],
        )

    return [
        report(WIRE, "Northern Wire", 9, "Nine people", None),
        report(COPY, "Valley Echo", 9, "Nine people", None),
        report(HOSPITAL, "Harbor Post", 14, "14 people", "St Brannock Hospital"),
    ]


def _linked(wire: Any, copy: Any) -> Syndication:
    carrier = Carrier("echo.jsonl:3", None, "Valley Echo", DAY, "Flood latest", copy.id, 0.9)
    return Syndication(
        original_of={copy.id: wire.id},
        copies={wire.id: (carrier,)},
        carriers={wire.id: ("Northern Wire", "Valley Echo")},
    )


def test_copies_figure_counted_once_per_original(make_record: Any) -> None:
    wire, copy, hospital = _records(make_record)
    alone = build_story([wire, copy, hospital])
    linked = build_story([copy, wire, hospital], copies=_linked(wire, copy))  # copy read first
    (before,) = alone.figures
    (after,) = linked.figures
    # without the link the copy's outlet is a second source of the agency's nine
    assert sorted(p.said_by for p in before.points) == [
        "Northern Wire",
        "St Brannock Hospital",
        "Valley Echo",
    ]
    assert sorted((p.said_by, p.carried_by) for p in after.points) == [
        ("Northern Wire", 2),
        ("St Brannock Hospital", 1),
    ]
    nine = next(p for p in after.points if p.value == 9)
    assert nine.citation.report_id == wire.id  # kept on the original, not the copy


def test_copies_disagreement_names_each_source_once(make_record: Any) -> None:
    wire, copy, hospital = _records(make_record)
    (alone,) = build_story([wire, copy, hospital]).disagreements
    (linked,) = build_story([wire, copy, hospital], copies=_linked(wire, copy)).disagreements
    assert len(alone.points) == 3
    assert linked.sources == ("Northern Wire: 9", "St Brannock Hospital: 14")


def test_copies_quote_counted_once_per_original(make_record: Any) -> None:
    wire, copy, hospital = _records(make_record)
    alone = build_story([wire, copy, hospital])
    linked = build_story([wire, copy, hospital], copies=_linked(wire, copy))
    assert [len(h.statements) for h in alone.speakers] == [2]
    (history,) = linked.speakers
    assert [s.citation.report_id for s in history.statements] == [wire.id]
