"""The story keys an event's actor and target, and a figure's source, by the entity id they carry.

An organisation's name as an item spells it ("The Port Authority") resolves apart from the
story entity built from the record entities ("Port Authority", the "The" stripped for an
organisation); the record entity the item points to resolves as that entity does. Without ids
(older records) the names are keyed as before.
"""

from __future__ import annotations

from typing import Any

import pytest

from storyline.record.model import ArticleRecord
from storyline.story import (
    build_story,
    dedupe_events,
    figure_histories,
    find_disagreements,
    resolve_entities,
)
from storyline.story.entities import keyed_name

CLOSED_A = "The Port Authority closed the harbour on Monday, saying 40 ships were waiting."
CLOSED_B = "Port Authority staff closed the harbour on Monday; 12 ships were waiting."
DAY = "2025-03-10"


def _records(make_record: Any, *, ids: bool) -> list[ArticleRecord]:
    """Two reports of one closure by one authority, its name spelt two ways."""
    recs = []
    for text, name, value in (
        (CLOSED_A, "The Port Authority", 40),
        (CLOSED_B, "Port Authority", 12),
    ):
        entity_id = "e0" if ids else None
        recs.append(
            make_record(
                text,
                published=DAY,
                outlet="Harbour News" if value == 40 else "Coast Wire",
                entities=[(name, "ORG", "named")],
                events=[
                    {
                        "text": "closed the harbour",
                        "type": "RESTRICT",
                        "actor": name,
                        "actor_entity": entity_id,
                        "date": DAY,
                    }
                ],
                figures=[
                    {
                        "text": f"{value} ships",
                        "value": value,
                        "unit": "ship",
                        "what": "wait",
                        "source": name,
                        "source_entity": entity_id,
                        "date": DAY,
                    }
                ],
            )
        )
    return recs


def test_entity_ids_merge_events_their_names_keep_apart(make_record) -> None:
    recs = _records(make_record, ids=True)
    events = dedupe_events(recs, resolve_entities(recs))
    assert [(e.actor, e.n_reports) for e in events] == [("Port Authority", 2)]


def test_entity_ids_absent_keys_by_name_as_before(make_record) -> None:
    recs = _records(make_record, ids=False)
    events = dedupe_events(recs, resolve_entities(recs))
    assert sorted((e.actor, e.n_reports) for e in events) == [
        ("Port Authority", 1),
        ("The Port Authority", 1),
    ]


@pytest.mark.parametrize("ids", [True, False])
def test_entity_ids_make_one_source_of_a_figure(make_record, ids: bool) -> None:
    recs = _records(make_record, ids=ids)
    (history,) = figure_histories(recs, resolve_entities(recs))
    said_by = sorted({p.said_by for p in history.points})
    disagreements = find_disagreements([history])
    if ids:  # one source revising its count, not two sources at odds
        assert said_by == ["Port Authority"]
        assert disagreements == []
    else:
        assert said_by == ["Port Authority", "The Port Authority"]
        assert len(disagreements) == 1


@pytest.mark.parametrize("ids", [True, False])
def test_entity_ids_find_the_reports_about_an_entity(make_record, ids: bool) -> None:
    story = build_story(_records(make_record, ids=ids), about="Port Authority")
    assert story.n_reports == (2 if ids else 1)


def test_entity_ids_keyed_name_uses_named_entities_only(make_record) -> None:
    text = "An official of the Port Authority said the harbour was closed."
    rec = make_record(
        text,
        entities=[("An official", "PERSON", "description"), ("Port Authority", "ORG", "named")],
    )
    assert keyed_name(rec, "the authority", "e1") == ("Port Authority", "ORG")
    assert keyed_name(rec, "an official", "e0") == ("an official", None)  # a description
    assert keyed_name(rec, "the authority", None) == ("the authority", None)
