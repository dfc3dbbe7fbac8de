"""Names made of debris never become entities: handles, party words used for one person.

And across reports, an institution named with a word that could be a title ("State
Department") keeps that word, so different departments never meet as one "Department".
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from storyline.extract.entities import extract_entities, normalize_name
from storyline.extract.entities.names import _is_handle
from storyline.record.model import Entity

Entities = Callable[..., list[Entity]]


@pytest.fixture
def entities_of(parse_text: Callable) -> Entities:
    def _entities(text: str) -> list[Entity]:
        doc, ctx = parse_text(text)
        return extract_entities(doc, ctx)

    return _entities


@pytest.mark.parametrize(
    ("word", "handle"),
    [("@JaneDoe", True), ("@jane_doe", True), ("@_jd", True), ("@", False), ("Jane", False)],
)
def test_entity_debris_handle_shape(word: str, handle: bool) -> None:
    assert _is_handle(word) is handle


@pytest.mark.parametrize(
    "text",
    [
        "Follow Nadia Brekke on Twitter @NadiaBrekke for more.\n",
        "The mayor's @MayorOlsen Twitter feed was busy on Monday, and Olsen kept posting.\n",
    ],
)
def test_entity_debris_handle_is_no_name(entities_of: Entities, text: str) -> None:
    names = [e.name for e in entities_of(text) if e.kind == "named"]
    assert not any("@" in n for n in names), names


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        (
            "Senator Dale Hobart criticised the farm bill on Monday. The Kentucky Republican "
            "said in a statement that the bill was a disaster.\n",
            "The Kentucky Republican",
        ),
        (
            "The vote failed. A Republican who asked not to be named said the party was split.\n",
            "A Republican who",
        ),
    ],
)
def test_entity_debris_party_word_for_one_person_is_no_group(
    entities_of: Entities, text: str, gone: str
) -> None:
    start = text.index(gone)
    end = start + len(gone)
    for e in entities_of(text):
        for m in e.mentions:
            if start <= m.start < end and e.type == "NORP":
                raise AssertionError(f"{m.text!r} is a mention of the group {e.name!r}")


@pytest.mark.parametrize(
    ("text", "word"),
    [
        (
            "Republican leaders met on Monday, and the Republicans left the chamber.\n",
            "Republicans",
        ),
        ("The Danish and the Dutch governments will not pay ransoms, officials said.\n", "Danish"),
    ],
)
def test_entity_debris_party_adjective_and_plural_stay_the_group(
    entities_of: Entities, text: str, word: str
) -> None:
    norp = [m.text for e in entities_of(text) if e.type == "NORP" for m in e.mentions]
    assert word in norp


@pytest.mark.parametrize(
    ("name", "type_", "expected"),
    [
        ("State Department", None, "State Department"),
        ("Justice Department", None, "Justice Department"),
        ("the Justice Department", "ORG", "Justice Department"),
        ("Defense Ministry", "PERSON", "Defense Ministry"),
        ("State Department's", None, "State Department"),
        ("Senator Dale Hobart", None, "Dale Hobart"),  # a title before a name still goes
        ("President Hobart", None, "Hobart"),
        ("Justice Ruth Alder", "PERSON", "Ruth Alder"),
        ("Nora] Vance", "PERSON", "Nora Vance"),
        ("[Nora] Vance's", None, "Nora Vance"),
    ],
)
def test_entity_debris_institution_keeps_its_first_word(
    name: str, type_: str | None, expected: str
) -> None:
    assert normalize_name(name, type_) == expected


@pytest.mark.parametrize(
    ("text", "debris"),
    [
        (
            "Miriam Okafor won the vote on Monday. Billionaire Miriam Okafor praised the court.\n",
            "Billionaire",
        ),
        (
            "Critics of the apoplectic Mogul Miriam Okafor met on Monday. "
            "Miriam Okafor was away.\n",
            "Mogul",
        ),
    ],
)
def test_entity_debris_word_before_a_known_full_name_is_cut(
    entities_of: Entities, text: str, debris: str
) -> None:
    people = [e for e in entities_of(text) if e.type == "PERSON" and e.kind == "named"]
    assert [e.name for e in people] == ["Miriam Okafor"]
    assert not any(debris in m.text for m in people[0].mentions)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hillary Rodham Clinton spoke on Monday. Hillary Clinton left at noon.\n", "Hillary"),
        ("Mary Ann Lee arrived on Monday, and Ann Lee, her cousin, left.\n", "Mary Ann Lee"),
    ],
)
def test_entity_debris_middle_or_given_name_stays(
    entities_of: Entities, text: str, name: str
) -> None:
    names = [e.name for e in entities_of(text) if e.type == "PERSON"]
    assert any(n.startswith(name) and len(n.split()) == 3 for n in names), names


@pytest.mark.parametrize(
    "text",
    [
        "Mayor Paolo de Santis spoke on Monday. Critics said de Santis was wrong.\n",
        "The mayor, Bram van Dalen, spoke on Monday. Later, van Dalen left the hall.\n",
    ],
)
def test_entity_debris_given_name_before_a_compound_surname_stays(
    entities_of: Entities, text: str
) -> None:
    first = "Paolo" if text.startswith("Mayor") else "Bram"
    names = [e.name for e in entities_of(text) if e.type == "PERSON"]
    assert any(n.startswith(first) for n in names), names


def test_entity_debris_party_word_for_one_person_is_a_description(entities_of: Entities) -> None:
    text = (
        "The vote failed on Monday. Another Iowa Democrat said the party was split, and "
        "Senator Dale Hobart is a Republican.\n"
    )
    found = [(e.name, e.type, e.kind) for e in entities_of(text)]
    assert ("Another Iowa Democrat", "PERSON", "description") in found
    assert not any("a Republican" in name for name, _, _ in found)  # predicative: no one new


def test_entity_debris_party_word_as_an_object_is_no_description(entities_of: Entities) -> None:
    text = (
        "Nora Vance lost her papers in May. A lawyer told her she should marry an American, "
        "and she said she would not.\n"
    )
    assert not any("American" in e.name for e in entities_of(text) if e.kind == "description")


def test_entity_debris_bracketed_insertion_joins_the_name(entities_of: Entities) -> None:
    text = (
        "Senator Nora Vance spoke on Monday. He said that [Nora] Vance was wrong about the "
        "budget, and Nora Vance replied.\n"
    )
    people = [e for e in entities_of(text) if e.type == "PERSON" and e.kind == "named"]
    assert [e.name for e in people] == ["Nora Vance"]
    assert "Nora] Vance" in [m.text for m in people[0].mentions]
