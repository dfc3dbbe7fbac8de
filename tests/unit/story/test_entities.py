"""Cross-report entity resolution: variants, titles, surnames when unambiguous."""

from __future__ import annotations

import pytest

from storyline.extract.entities import alias_keys, majority
from storyline.story import resolve_entities
from storyline.story.entities import normalize_name


@pytest.mark.parametrize(
    ("name", "type_", "expected"),
    [
        ("Governor Miriam Castell", "PERSON", "Miriam Castell"),
        ("Gov. Miriam Castell", "PERSON", "Miriam Castell"),
        ("Dr. Amara Lind", "PERSON", "Amara Lind"),
        ("Castell's", "PERSON", "Castell"),
        ("General Motors", "ORG", "General Motors"),
        ("the Keltvale Emergency Agency", "ORG", "Keltvale Emergency Agency"),
    ],
)
def test_entities_normalize_name(name: str, type_: str, expected: str) -> None:
    assert normalize_name(name, type_) == expected


def test_entities_resolve_across_reports(make_record) -> None:
    a = make_record(
        "Governor Miriam Castell spoke.", entities=[("Governor Miriam Castell", "PERSON", "named")]
    )
    b = make_record("Castell spoke again.", entities=[("Castell", "ORG", "named")])
    c = make_record("M. Castell left.", entities=[("M. Castell", "PERSON", "named")])
    resolver = resolve_entities([a, b, c])
    castell = resolver.entity("Castell")
    assert castell is not None
    assert castell.name == "Miriam Castell"
    assert castell.type == "PERSON"
    assert set(castell.reports) == {a.id, b.id, c.id}
    assert resolver.name("Gov. Castell") == "Miriam Castell"


def test_entities_ambiguous_surname_stays_apart(make_record) -> None:
    a = make_record("Anna Holt spoke.", entities=[("Anna Holt", "PERSON", "named")])
    b = make_record("Peter Holt spoke.", entities=[("Peter Holt", "PERSON", "named")])
    c = make_record("Holt spoke.", entities=[("Holt", "PERSON", "named")])
    resolver = resolve_entities([a, b, c])
    assert resolver.name("Holt") == "Holt"
    assert {e.name for e in resolver.entities} == {"Anna Holt", "Peter Holt", "Holt"}


def test_entities_bare_organisation_description(make_record) -> None:
    a = make_record(
        "The Keltvale Emergency Agency said so.",
        entities=[("Keltvale Emergency Agency", "ORG", "named")],
    )
    resolver = resolve_entities([a])
    assert resolver.name("the agency") == "Keltvale Emergency Agency"
    assert resolver.name("the emergency agency") == "Keltvale Emergency Agency"


def test_entities_descriptions_are_not_resolved(make_record) -> None:
    a = make_record(
        "A senior official said.", entities=[("A senior official", "PERSON", "description")]
    )
    assert resolve_entities([a]).entities == []


def _people(make_record, *names: str):
    return [make_record(f"{n} spoke.", entities=[(n, "PERSON", "named")]) for n in names]


def test_entities_middle_initial_joins_the_name_without_it(make_record) -> None:
    recs = _people(make_record, "Miriam Castell", "Miriam K. Castell", "Castell")
    resolver = resolve_entities(recs)
    castell = resolver.entity("Miriam K. Castell")
    assert castell is not None
    assert castell.name == "Miriam Castell"
    assert len(castell.reports) == 3  # the surname alone joins too: one Castell is left


def test_entities_two_middle_initials_stay_apart(make_record) -> None:
    """ "George W. Bush" and "George H. W. Bush" are two people; "George Bush" is either."""
    recs = _people(make_record, "George W. Bush", "George H. W. Bush", "George Bush")
    resolver = resolve_entities(recs)
    assert {e.name for e in resolver.entities} == {
        "George W. Bush", "George H. W. Bush", "George Bush",
    }  # fmt: skip


def test_entities_pronouns_and_relative_words_are_no_story_entities(make_record) -> None:
    a = make_record(
        "He said so. Who knows. WHO warned.",
        entities=[("He", "PERSON", "named"), ("Who", "ORG", "named"), ("WHO", "ORG", "named")],
    )
    resolver = resolve_entities([a])
    assert [e.name for e in resolver.entities] == ["WHO"]  # the acronym is a name


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        # A middle initial joins the bare name when it is the only initialled form.
        (
            {"donald trump": "PERSON", "donald j. trump": "PERSON"},
            {"donald j. trump": "donald trump"},
        ),
        # Two initialled forms: neither joins, and the bare name stays ambiguous.
        ({"george bush": "PERSON", "george w. bush": "PERSON", "george h. w. bush": "PERSON"}, {}),
        # A surname joins its one full name; with two full names it stays apart.
        ({"hillary clinton": "PERSON", "clinton": "PERSON"}, {"clinton": "hillary clinton"}),
        ({"hillary clinton": "PERSON", "bill clinton": "PERSON", "clinton": "PERSON"}, {}),
        # An organisation ending with the word owns no surname.
        ({"stop trump": "ORG", "trump": "PERSON"}, {}),
        # An initialled first name joins the one full name with that initial.
        ({"miriam castell": "PERSON", "m. castell": "PERSON"}, {"m. castell": "miriam castell"}),
    ],
)
def test_entities_alias_keys(types: dict[str, str], expected: dict[str, str]) -> None:
    assert alias_keys(types) == expected


def test_entities_majority_breaks_ties_by_value_not_order() -> None:
    assert majority({"PERSON": 2, "ORG": 2}) == majority({"ORG": 2, "PERSON": 2}) == "ORG"
    assert majority({"ORG": 1, "PERSON": 3}) == "PERSON"
