"""Entity ids on items: figures' source, events' actor and target, like quotes' speaker."""

from __future__ import annotations

import json
import re

import pytest
from pydantic import ValidationError

from storyline.errors import RecordError
from storyline.record import (
    ArticleRecord,
    Entity,
    Event,
    Figure,
    Mention,
    Quote,
    Span,
    dumps,
    loads,
)

TEXT = "The union said 300 workers walked out. The union blamed Northline Terminals."


def _span(part: str, cls: type[Span] = Span, **kw: object) -> Span:
    start = TEXT.index(part)
    return cls(start=start, end=start + len(part), text=part, **kw)


def _record(
    *,
    speaker: str | None = "e1",
    source: str | None = "e1",
    actor: str | None = "e1",
    target: str | None = "e2",
) -> ArticleRecord:
    return ArticleRecord(
        id="abc",
        source="t.txt",
        text=TEXT,
        entities=[
            Entity(id="e1", name="union", type="ORG", mentions=[_span("union", Mention)]),
            Entity(
                id="e2",
                name="Northline Terminals",
                type="ORG",
                mentions=[_span("Northline Terminals", Mention)],
            ),
        ],
        quotes=[
            Quote(
                kind="indirect",
                content=[_span("300 workers walked out")],
                speaker=_span("The union"),
                speaker_entity=speaker,
                speaker_name="union",
                speaker_type="organization",
            )
        ],
        figures=[
            _span(
                "300 workers",
                Figure,
                value=300,
                unit="worker",
                source="union",
                source_entity=source,
            )
        ],
        events=[
            _span(
                "The union blamed Northline Terminals",
                Event,
                type="ACCUSE",
                actor="union",
                actor_entity=actor,
                target="Northline Terminals",
                target_entity=target,
            )
        ],
    )


def test_record_entity_ids_round_trip() -> None:
    rec = _record()
    raw = dumps(rec)
    data = json.loads(raw)
    assert data["figures"][0]["source_entity"] == "e1"
    assert (data["events"][0]["actor_entity"], data["events"][0]["target_entity"]) == ("e1", "e2")
    assert loads(raw) == rec
    assert dumps(loads(raw)) == raw


def test_record_entity_ids_sit_beside_their_names() -> None:
    data = json.loads(dumps(_record()))
    figure, event = list(data["figures"][0]), list(data["events"][0])
    assert figure[figure.index("source") + 1] == "source_entity"
    assert event[event.index("actor") + 1] == "actor_entity"
    assert event[event.index("target") + 1] == "target_entity"


def test_record_entity_ids_default_to_null_and_old_records_load() -> None:
    rec = _record(speaker=None, source=None, actor=None, target=None)
    data = json.loads(dumps(rec))
    assert data["figures"][0]["source_entity"] is None
    assert data["events"][0]["actor_entity"] is None
    assert data["events"][0]["target_entity"] is None
    # A record written before the fields existed: the keys are absent, and read as null.
    del data["figures"][0]["source_entity"]
    del data["events"][0]["actor_entity"], data["events"][0]["target_entity"]
    assert loads(json.dumps(data)) == rec


@pytest.mark.parametrize(
    ("field", "where"),
    [
        ("speaker", "quotes[0].speaker_entity"),
        ("source", "figures[0].source_entity"),
        ("actor", "events[0].actor_entity"),
        ("target", "events[0].target_entity"),
    ],
)
def test_record_entity_ids_must_name_an_entity_of_the_record(field: str, where: str) -> None:
    message = re.escape(f"{where}: entity id 'e9' is not in entities")
    with pytest.raises(ValidationError, match=message):
        _record(**{field: "e9"})  # type: ignore[arg-type]
    data = json.loads(dumps(_record()))
    data["entities"] = data["entities"][:1]  # e2, the event's target, is gone
    with pytest.raises(RecordError, match="not a valid article record"):
        loads(json.dumps(data))


def test_record_entity_ids_listed_with_their_place() -> None:
    assert list(_record().iter_entity_refs()) == [
        ("quotes[0].speaker_entity", "e1"),
        ("figures[0].source_entity", "e1"),
        ("events[0].actor_entity", "e1"),
        ("events[0].target_entity", "e2"),
    ]
