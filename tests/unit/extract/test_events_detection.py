"""Event detection and status: which coded predicates report an act, on sentences we wrote."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest

from storyline.extract import extract
from storyline.record import Event

pytestmark = pytest.mark.model

PUBLISHED = datetime.date(2024, 5, 8)


@pytest.fixture
def events_of(parse_text: Callable) -> Callable[[str], list[Event]]:
    def _events(text: str) -> list[Event]:
        doc, ctx = parse_text(text, PUBLISHED)
        return extract(doc, ctx)["events"]

    return _events


@pytest.mark.parametrize(
    "text",
    [
        # disasters, epidemics and accidents have no actor
        "A blaze killed 40 workers at the textile plant on Monday.",
        "Water supplies were cut after the earthquake.",
        "The flood destroyed 200 homes in the valley.",
        # victims stated alone, with no actor and no means
        "At least 12 villagers were killed, the health ministry said.",
        "Most of those killed were farmers.",
        # a speech's own promises and present-tense rhetoric
        'The governor said: "We will talk to the unions next week."',
        '"Together we can defeat this virus," the minister said.',
        # a warning of a fact, and an event that "threatens" something
        "The charity warned that half of the clinics are closed.",
        "The shelling has threatened to push the region into a wider war.",
        # a refusal to comment is no rejection
        "The ministry declined to comment on the report.",
        "A police spokesman refused to answer questions about the raid.",
        "The officer declined to be identified.",
        # victims in a small clause ("dozens wounded") did not do the wounding
        "Fighting raged in the old city, leaving three dead and dozens wounded.",
    ],
)
def test_no_event_is_coded(events_of: Callable, text: str) -> None:
    assert events_of(text) == []


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        # the means or the actor is named: an event, even with the victims as subject
        ("Two guards were killed and three wounded by a drone attack.", "ASSAULT"),
        ("Dozens of people have been killed since the army stepped up its airstrikes.", "ASSAULT"),
        ("Rebels killed four soldiers near the border.", "ASSAULT"),
        # a speech act inside a quote is performed by saying it
        ('"We condemn this attack on civilians," the mayor said.', "ACCUSE"),
        # a warning of an act is a threat
        ("The militia warned it would shell the airport.", "THREATEN"),
        # an act the speaker reports stays an event
        ('"The army shelled the market this morning," the mayor said.', "ASSAULT"),
    ],
)
def test_event_is_kept(events_of: Callable, text: str, etype: str) -> None:
    assert etype in {e.type for e in events_of(text)}


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("The rebels will release the prisoners on Friday.", "future"),
        ("The rebels can release the prisoners within a day.", "hypothetical"),
        ("The rebels did not release the prisoners.", "negated"),
        ("The rebels would release the prisoners if the ransom were paid.", "hypothetical"),
        ("The rebels released the prisoners on Friday.", "asserted"),
    ],
)
def test_status_from_the_clause(events_of: Callable, text: str, status: str) -> None:
    (event,) = [e for e in events_of(text) if e.type in ("RETREAT", "CONCEDE")]
    assert event.status == status


@pytest.mark.parametrize(
    "text",
    ["Several shopping centres have been closed since Monday.", "The schools closed early."],
)
def test_closure_without_actor_is_no_event(events_of: Callable, text: str) -> None:
    assert events_of(text) == []


def test_closure_by_an_actor_is_coerce(events_of: Callable) -> None:
    events = events_of("The army closed the border crossing on Monday.")
    assert [e.type for e in events] == ["COERCE"]


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        # an event named as the subject acts through whoever carried it out
        ("Ruritanian airstrikes killed 14 fighters near the dam.", "Ruritania"),
        ("The militia's attack killed nine guards.", "militia"),
        ("Raids carried out by the navy destroyed two depots.", "navy"),
    ],
)
def test_actor_behind_an_event_noun(
    events_of: Callable, text: str, actor: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storyline.extract.events.environment as env

    states = {"ruritanian": "Ruritania"}  # a made-up nationality, as the lexicon would list it
    monkeypatch.setattr(env, "state_of_nationality", lambda word: states.get(word.lower()))
    (event,) = [e for e in events_of(text) if e.type == "ASSAULT"]
    assert event.actor is not None
    assert actor in event.actor


def test_weapon_that_hits_is_an_assault(events_of: Callable) -> None:
    (event,) = events_of("Artillery rockets hit the market on Tuesday.")
    assert (event.type, event.target) == ("ASSAULT", "market")


def test_a_storm_that_hits_is_no_event(events_of: Callable) -> None:
    assert events_of("The storm hit the coast on Tuesday.") == []


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        ("Demonstrators stormed the parliament building on Sunday.", "PROTEST"),
        ("Hundreds of protesters occupied the airport for a week.", "PROTEST"),
        ("Soldiers stormed the compound on Sunday.", "ASSAULT"),
    ],
)
def test_what_protesters_do_is_protest(events_of: Callable, text: str, etype: str) -> None:
    assert [e.type for e in events_of(text)] == [etype]


@pytest.mark.parametrize(
    ("text", "etype", "target"),
    [
        ("Warplanes have been pounding rebel-held districts near the capital.", "ASSAULT",
         "rebel-held districts"),
        ("Gunmen hurled grenades at the police post.", "ASSAULT", "police post"),
        ("Rioters threw stones at the riot police.", "PROTEST", "riot police"),
        ("The ministry said it was blacklisting four shipping firms.", "SANCTION",
         "four shipping firms"),
        ("Soldiers surrounded the village before dawn.", "COERCE", "village"),
        ("The army launched a fresh escalation in the south.", "ASSAULT", None),
    ],
)  # fmt: skip
def test_more_acts_of_force_and_sanction(
    events_of: Callable, text: str, etype: str, target: str | None
) -> None:
    (event,) = [e for e in events_of(text) if e.type == etype]
    if target is not None:
        assert event.target == target


@pytest.mark.parametrize(
    "text", ["The campaign targeted young voters.", "The fans threw flowers at the stage."]
)
def test_targets_and_throws_that_are_no_attack(events_of: Callable, text: str) -> None:
    assert events_of(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The rebel group has pledged allegiance to the Northern Front.",
        "Ruritania has expressed tentative support for the truce.",
        "The minister voiced support for the ceasefire.",
    ],
)
def test_support_said_with_a_light_verb(events_of: Callable, text: str) -> None:
    assert [e.type for e in events_of(text)] == ["SUPPORT"]


@pytest.mark.parametrize(
    ("text", "etype", "actor", "target"),
    [
        ("The factory owner is under arrest.", "COERCE", None, "factory owner"),
        ("Ruritania has been under U.N. sanctions since 2006.", "SANCTION", "United Nations",
         "Ruritania"),
        ("The village came under Ruritanian fire on Monday.", "ASSAULT", None, "village"),
    ],
)  # fmt: skip
def test_a_state_under_coercion_is_an_event(
    events_of: Callable, text: str, etype: str, actor: str | None, target: str
) -> None:
    (event,) = events_of(text)
    assert (event.type, event.target) == (etype, target)
    if actor is not None:
        assert event.actor == actor


def test_under_discussion_is_no_event(events_of: Callable) -> None:
    assert events_of("The plan is under discussion.") == []


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("The cleric spoke to thousands of people at the stadium.", False),
        ("The minister talked to reporters on Friday.", False),
        ("The minister talked with her Ruritanian counterpart on Friday.", True),
    ],
)
def test_a_speech_to_an_audience_is_no_consultation(
    events_of: Callable, text: str, kept: bool
) -> None:
    assert ("CONSULT" in {e.type for e in events_of(text)}) is kept


@pytest.mark.parametrize(
    ("text", "etype", "target"),
    [
        ("The marchers were met by volleys of rubber bullets and tear gas.", "ASSAULT",
         "marchers"),
        ("The protesters were met with force.", "ASSAULT", "protesters"),
        ("The envoy was met by the foreign minister.", "CONSULT", "envoy"),
    ],
)  # fmt: skip
def test_met_with_force_is_an_attack(
    events_of: Callable, text: str, etype: str, target: str
) -> None:
    (event,) = events_of(text)
    assert (event.type, event.target) == (etype, target)
    if etype == "ASSAULT":
        assert event.actor is None  # the means is not who used it


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        ("Iran refused to release the seized tanker.", "REJECT"),
        ("The rebels refused to talk to the government envoy.", "REJECT"),
    ],
)
def test_a_refusal_of_an_act_stays_an_event(events_of: Callable, text: str, etype: str) -> None:
    assert etype in [e.type for e in events_of(text)]


def test_the_victims_of_a_small_clause_are_no_actor(events_of: Callable) -> None:
    events = events_of("Gunmen stormed the market, leaving two dead and nine wounded.")
    assert [(e.type, e.actor) for e in events] == [("ASSAULT", "Gunmen")]


def test_a_small_clause_passive_acts_through_its_agent(events_of: Callable) -> None:
    events = events_of("Officials said a teacher held captive by the gang had been freed.")
    assert ("ASSAULT", "gang") in [(e.type, e.actor) for e in events]


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("The militant group Abu Sayyaf kidnapped four sailors in April.", "Abu Sayyaf"),
        (
            "The rebel group, the Free Syrian Army, attacked the air base on Monday.",
            "Free Syrian Army",
        ),
    ],
)
def test_a_description_acts_through_the_name_in_apposition(
    events_of: Callable, text: str, actor: str
) -> None:
    assert [e.actor for e in events_of(text)] == [actor]
