"""Entities: names merged, roles, related entities, pronoun and description links.

Short reports we wrote ourselves; the seed test at the end reads ../shared.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import date

import pytest

from storyline.extract.entities import entity_at, extract_entities, mention_at
from storyline.record.model import Entity

pytestmark = pytest.mark.model

Entities = Callable[..., list[Entity]]


@pytest.fixture
def entities_of(parse_text: Callable) -> Entities:
    def _entities(text: str) -> list[Entity]:
        doc, ctx = parse_text(text)
        return extract_entities(doc, ctx)

    return _entities


def _named(entities: list[Entity], name: str) -> Entity:
    found = [e for e in entities if e.name == name]
    assert len(found) == 1, [(e.name, e.type) for e in entities]
    return found[0]


def _texts(entity: Entity, kind: str | None = None) -> list[str]:
    return [m.text for m in entity.mentions if kind is None or m.kind == kind]


def _owner(entities: list[Entity], mention_text: str) -> Entity:
    owners = [e for e in entities if mention_text in _texts(e)]
    assert len(owners) == 1, (mention_text, [(e.name, _texts(e)) for e in entities])
    return owners[0]


@pytest.mark.parametrize(
    ("text", "name", "surname"),
    [
        (
            "Finance Minister Karl Brandt met the unions. Brandt said he would not raise taxes.",
            "Karl Brandt",
            "Brandt",
        ),
        (
            "Defense Minister Paolo Conti said the drills would continue. "
            "Conti told reporters the navy was ready.",
            "Paolo Conti",
            "Conti",
        ),
    ],
)
def test_entities_surname_merges_with_full_name(
    entities_of: Entities, text: str, name: str, surname: str
) -> None:
    entities = entities_of(text)
    person = _named(entities, name)
    assert person.type == "PERSON"
    assert _texts(person, "name") == [name, surname]
    assert not [e for e in entities if e.name == surname]


@pytest.mark.parametrize(
    ("text", "name", "surname"),
    [
        (
            "The harbour reopened on Monday, Ruiz said. "
            "Carlos Ruiz, the port director, said traffic was normal.",
            "Carlos Ruiz",
            "Ruiz",
        ),
        (
            "According to Okafor, the vote was delayed. "
            "Grace Okafor is the electoral commissioner.",
            "Grace Okafor",
            "Okafor",
        ),
    ],
)
def test_entities_later_full_name_absorbs_surname(
    entities_of: Entities, text: str, name: str, surname: str
) -> None:
    entities = entities_of(text)
    person = _named(entities, name)
    assert _texts(person, "name") == [surname, name]
    assert [e.name for e in entities if e.type == "PERSON"] == [name]


@pytest.mark.parametrize(
    ("text", "name", "other"),
    [
        (
            "Senator Robert J. Hale Jr. opened the hearing on Monday. "
            "Robert Hale said the bill would pass.",
            "Robert J. Hale Jr.",
            "Robert Hale",
        ),
        (
            "The report was written by Chandler Van Voorhis, a forester. "
            "Van Voorhis said the forest was healthy.",
            "Chandler Van Voorhis",
            "Van Voorhis",
        ),
    ],
)
def test_entities_full_names_that_agree_merge(
    entities_of: Entities, text: str, name: str, other: str
) -> None:
    entities = entities_of(text)
    person = _named(entities, name)
    assert _texts(person, "name") == [name, other]
    assert [e.name for e in entities if e.type == "PERSON"] == [name]


@pytest.mark.parametrize(
    ("text", "office", "person"),
    [
        (
            "Berg's office said the bridge would open. Mayor Anna Berg later cut the ribbon.",
            "Berg's office",
            "Anna Berg",
        ),
        (
            "Conti’s office said the trip was off. Defense Minister Paolo Conti stayed in Rome.",
            "Conti’s office",
            "Paolo Conti",
        ),
    ],
)
def test_entities_possessive_office_is_related_not_merged(
    entities_of: Entities, text: str, office: str, person: str
) -> None:
    entities = entities_of(text)
    org = _named(entities, office)
    owner = _named(entities, person)
    assert org.type == "ORG"
    assert org.related == [owner.id]
    assert _texts(org) == [office]
    assert office not in _texts(owner)
    assert office.split("’")[0].split("'")[0] in _texts(owner, "name")


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Mayor Anna Berg opened the bridge on Friday.", "Anna Berg", "Mayor"),
        ("Finance Minister Karl Brandt met the unions.", "Karl Brandt", "Finance Minister"),
        (
            "Greek Foreign Minister Nikos Andreou arrived in Rome on Tuesday.",
            "Nikos Andreou",
            "Greek Foreign Minister",
        ),
        (
            "Dana Rosen — the mother of hostage Eli Rosen — spoke on Friday.",
            "Eli Rosen",
            "hostage",
        ),
    ],
)
def test_entities_title_before_name_is_role(
    entities_of: Entities, text: str, name: str, role: str
) -> None:
    person = _named(entities_of(text), name)
    assert person.role == role
    assert person.role_span is not None
    assert text[person.role_span.start : person.role_span.end] == role
    assert _texts(person, "title") == [role]


def test_entities_title_word_tagged_as_org_is_dropped(entities_of: Entities) -> None:
    entities = entities_of("Defense Minister Paolo Conti said the drills would continue.")
    assert "Defense" not in [e.name for e in entities]
    assert _named(entities, "Paolo Conti").role == "Defense Minister"


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (
            "Carlos Ruiz, spokesman for the Harbour Authority, said the ships had left.",
            "Carlos Ruiz",
            "spokesman for the Harbour Authority",
        ),
        (
            "Thomas Weller, a representative for the Dock Workers Union, said the strike was over.",
            "Thomas Weller",
            "representative for the Dock Workers Union",
        ),
        (
            "Elena Marsh — the sister of missing sailor Peter Marsh — said she had not heard "
            "from him.",
            "Elena Marsh",
            "sister of missing sailor Peter Marsh",
        ),
        ("Ann Lee, 74, a retired judge, said the talks had failed.", "Ann Lee", "retired judge"),
        (
            "The army's chief spokesman, Dan Levi, said the drill was over.",
            "Dan Levi",
            "army's chief spokesman",
        ),
    ],
)
def test_entities_apposition_is_role(
    entities_of: Entities, text: str, name: str, role: str
) -> None:
    person = _named(entities_of(text), name)
    assert person.role == role
    assert person.role_span is not None
    assert text[person.role_span.start : person.role_span.end] == role


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Maria Sousa, whose brother was arrested, called on the court to act.", "Maria Sousa"),
        ("In Paris, Ann Lee said the talks had failed.", "Ann Lee"),
        ("She met two officials, Dan Levi and Ann Lee, on Friday.", "Dan Levi"),
    ],
)
def test_entities_clause_place_or_list_is_not_role(
    entities_of: Entities, text: str, name: str
) -> None:
    assert _named(entities_of(text), name).role is None


@pytest.mark.parametrize(
    ("text", "pronoun", "name"),
    [
        ("Mayor Anna Berg met the engineers. She said the bridge was safe.", "She", "Anna Berg"),
        ("Carlos Ruiz said his team was ready.", "his", "Carlos Ruiz"),
        (
            "Finance Minister Karl Brandt met the unions. Brandt said he would not raise taxes.",
            "he",
            "Karl Brandt",
        ),
        (
            "Elena Marsh — the sister of missing sailor Peter Marsh — said she had not heard "
            "from him.",
            "him",
            "Peter Marsh",
        ),
        (
            "José Núñez, a lawyer for the family, said the case was closed. "
            "He declined to comment further.",
            "He",
            "José Núñez",
        ),
    ],
)
def test_entities_pronoun_links_to_person(
    entities_of: Entities, text: str, pronoun: str, name: str
) -> None:
    entities = entities_of(text)
    person = _owner(entities, pronoun)
    assert person.name == name
    assert pronoun in _texts(person, "pronoun")


def test_entities_pronoun_inside_quotation_is_left_alone(entities_of: Entities) -> None:
    entities = entities_of("“He lied to us,” Carlos Ruiz said on Monday.")
    assert _texts(_named(entities, "Carlos Ruiz")) == ["Carlos Ruiz"]


@pytest.mark.parametrize(
    ("text", "description", "later"),
    [
        (
            "A senior official said the bridge would close. "
            "The official added that repairs could take a month.",
            "A senior official",
            "The official",
        ),
        (
            "The talks stalled, a spokeswoman for the ministry said. "
            "The spokeswoman said she expected a deal.",
            "a spokeswoman for the ministry",
            "The spokeswoman",
        ),
    ],
)
def test_entities_description_links_definite_mention(
    entities_of: Entities, text: str, description: str, later: str
) -> None:
    entity = _named(entities_of(text), description)
    assert entity.kind == "description"
    assert entity.type == "PERSON"
    assert _texts(entity, "description") == [description, later]


@pytest.mark.parametrize(
    ("text", "later", "name"),
    [
        (
            "Carlos Ruiz, spokesman for the Harbour Authority, said the ships had left. "
            "The spokesman added that more would follow.",
            "The spokesman",
            "Carlos Ruiz",
        ),
        (
            "Prime Minister Maria Lopez visited the port on Monday. "
            "Later the prime minister told reporters the terminal would open.",
            "the prime minister",
            "Maria Lopez",
        ),
    ],
)
def test_entities_description_links_to_role_of_named_person(
    entities_of: Entities, text: str, later: str, name: str
) -> None:
    person = _owner(entities_of(text), later)
    assert person.name == name
    assert person.kind == "named"


@pytest.mark.parametrize(
    ("text", "alias", "name"),
    [
        (
            "The Northern Liberation Front claimed the attack. "
            "Police said the militant group had planned it for months.",
            "the militant group",
            "Northern Liberation Front",
        ),
        (
            "The United States sent two ships. A US official said the fleet was ready.",
            "US",
            "United States",
        ),
    ],
)
def test_entities_alias_joins_its_name(
    entities_of: Entities, text: str, alias: str, name: str
) -> None:
    assert _owner(entities_of(text), alias).name == name


def test_entities_masked_range_has_no_mentions(parse_text: Callable) -> None:
    caption = "Karl Brandt at the opening of the bridge. Photo: Agence Nord"
    text = f"Mayor Anna Berg opened the bridge.\n{caption}\nBerg said the bridge was safe."
    doc, ctx = parse_text(text)
    start = text.index(caption)
    ctx = dataclasses.replace(ctx, masked=((start, start + len(caption)),))
    entities = extract_entities(doc, ctx)
    spans = [(m.start, m.end) for e in entities for m in e.mentions]
    assert spans
    assert not [s for s in spans if ctx.is_masked(*s)]
    assert "Karl Brandt" not in [e.name for e in entities]
    assert _texts(_named(entities, "Anna Berg"), "name") == ["Anna Berg", "Berg"]


@pytest.mark.parametrize(
    "text",
    [
        "José Núñez, a lawyer for the family 🙂, said “it is over” and he left.\r\n\r\n"
        "Núñez’s office said the family was relieved.",
        "Mayor Anna Berg met the engineers. She said the bridge was safe.",
    ],
)
def test_entities_offsets_slice_the_text(entities_of: Entities, text: str) -> None:
    entities = entities_of(text)
    assert entities
    for entity in entities:
        for m in entity.mentions:
            assert text[m.start : m.end] == m.text
        if entity.role_span is not None:
            span = entity.role_span
            assert text[span.start : span.end] == span.text == entity.role
        assert [m.start for m in entity.mentions] == sorted(m.start for m in entity.mentions)
    firsts = [e.mentions[0].start for e in entities]
    assert firsts == sorted(firsts)


@pytest.mark.parametrize(
    "text",
    [
        "Berg's office said the bridge would open. Mayor Anna Berg later cut the ribbon, "
        "and she thanked the engineers. A senior official said the bridge was safe.",
    ],
)
def test_entities_ids_are_deterministic(parse_text: Callable, text: str) -> None:
    runs = []
    for _ in range(2):
        doc, ctx = parse_text(text)
        runs.append(json.dumps([e.model_dump() for e in extract_entities(doc, ctx)]))
    assert runs[0] == runs[1]
    ids = [e["id"] for e in json.loads(runs[0])]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("Carlos Ruiz, spokesman for the Harbour Authority", "Carlos Ruiz"),
        ("spokesman for the Harbour Authority", "Carlos Ruiz"),
        ("Harbour Authority", "Harbour Authority"),
        ("He", "Carlos Ruiz"),
        ("Ruiz's office", "Ruiz's office"),
    ],
)
def test_entities_entity_at_finds_speaker(entities_of: Entities, phrase: str, name: str) -> None:
    text = (
        "Carlos Ruiz, spokesman for the Harbour Authority, said the ships had left. "
        "He expects more. Ruiz's office declined to comment."
    )
    entities = entities_of(text)
    start = text.index(phrase)
    entity = entity_at(entities, start, start + len(phrase))
    assert entity is not None
    assert entity.name == name


def test_entities_entity_at_outside_any_mention_is_none(entities_of: Entities) -> None:
    text = "Carlos Ruiz said the ships had left."
    entities = entities_of(text)
    start = text.index("the ships")
    assert entity_at(entities, start, start + 9) is None
    assert mention_at(entities, start, start + 9) is None
    found = mention_at(entities, 0, len("Carlos Ruiz said"))
    assert found is not None
    assert found[1].text == "Carlos Ruiz"


@pytest.mark.parametrize("published", [date(2023, 12, 4)])
def test_entities_seed_report(parse_text: Callable, shared_dir, published: date) -> None:
    path = shared_dir / "seed" / "hostage-talks-article.txt"
    with open(path, encoding="utf-8", newline="") as f:  # noqa: PTH123 - bytes as read
        text = f.read()
    doc, ctx = parse_text(text, published)
    entities = extract_entities(doc, ctx)

    netanyahu = _named(entities, "Benjamin Netanyahu")
    assert netanyahu.type == "PERSON"
    assert "Netanyahu" in _texts(netanyahu, "name")
    assert netanyahu.role is not None
    assert "Prime Minister" in netanyahu.role
    told = text.index("he told members of his Likud party")
    assert told in [m.start for m in netanyahu.mentions if m.kind == "pronoun"]
    office_said = text.index("office said he,") + len("office said ")
    assert office_said in [m.start for m in netanyahu.mentions]

    kirby = _named(entities, "John Kirby")
    assert kirby.role == "spokesman for the White House National Security Council"
    emphasized = text.index("He emphasized")
    assert emphasized in [m.start for m in kirby.mentions]

    hamdan = _named(entities, "Osama Hamdan")
    assert hamdan.role == "representative for Hamas in Lebanon"

    diplomat = _named(entities, "an unidentified foreign diplomat")
    assert diplomat.kind == "description"
    assert "the diplomat" in _texts(diplomat, "description")

    office = next(e for e in entities if "Netanyahu’s office" in _texts(e, "name"))
    assert office.name == "Office of the Prime Minister of Israel"  # one name, from his title
    assert office.type == "ORG"
    assert office.related == [netanyahu.id]

    for entity in entities:
        for m in entity.mentions:
            assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Dara Kellin Worked With Port Authority Of Selby Contractor.\n\n"
            "Dara Kellin, the engineer, worked for a harbour firm for years.\n",
            "Dara Kellin",
        ),
        (
            "Hours After This Well-Known Governor Endorsed Harlow, The Party Did Something.\n\n"
            "The governor endorsed Harlow on Monday, her office said.\n",
            "Harlow",
        ),
    ],
)
def test_entities_title_case_line_name_stops_at_a_common_word(
    entities_of: Entities, text: str, name: str
) -> None:
    names = [e.name for e in entities_of(text) if e.kind == "named"]
    assert name in names
    assert not any(n.startswith(name) and n != name for n in names)
    assert not any(w in n for n in names for w in ("Worked", "Endorsed"))


def test_entities_a_first_name_in_a_title_case_line_stays(entities_of: Entities) -> None:
    text = (
        "Candidates Court Voters As Mark Warner Tours Rural Virginia Counties.\n\n"
        "The race left its mark on the state, and Warner spoke in Danville on Monday.\n"
    )
    assert "Mark Warner" in [e.name for e in entities_of(text)]


def test_entities_a_lower_case_particle_in_a_title_case_line_stays(entities_of: Entities) -> None:
    text = (
        "Syria's President Bashar al-Assad Speaks To Spanish Newspaper In Damascus.\n\n"
        "Bashar al-Assad said on Monday that the talks would go on.\n"
    )
    assert "Bashar al-Assad" in [e.name for e in entities_of(text)]
