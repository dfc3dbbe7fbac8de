"""Across reports, "State Department" and "Justice Department" are two organisations.

A speaker's name reaches the story without a type; a first word that could be a title
("State", "Justice") must not be stripped from an institution's name, or every department
becomes one "Department".
"""

from __future__ import annotations

from storyline.extract.entities import alias_keys
from storyline.story import resolve_entities


def test_entity_debris_departments_stay_apart_across_reports(make_record) -> None:
    a = make_record(
        "The State Department said so.", entities=[("State Department", "ORG", "named")]
    )
    b = make_record(
        "The Justice Department said so.", entities=[("Justice Department", "ORG", "named")]
    )
    resolver = resolve_entities([a, b])
    # a speaker's name comes without a type: it must still find its own department
    assert resolver.name("State Department") == "State Department"
    assert resolver.name("Justice Department") == "Justice Department"
    assert resolver.key("State Department") != resolver.key("Justice Department")


def test_entity_debris_institution_word_is_no_surname() -> None:
    # "Drafting Committee" mistagged PERSON in one report: a bare "Committee" is not its surname
    types = {"platform drafting committee": "PERSON", "committee": "ORG", "castell": "ORG"}
    types["miriam castell"] = "PERSON"
    assert alias_keys(types) == {"castell": "miriam castell"}
