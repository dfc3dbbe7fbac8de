"""The lexicon data files: every file loads, every entry has a source, and the loader is strict."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

import pytest

import storyline.lexicon as lx
from storyline.errors import StorylineError
from storyline.extract import cues, lexicon, plover
from storyline.ingest import captions

FILES = (
    "outlets.tsv",
    "agencies.tsv",
    "demonyms.tsv",
    "metonyms.tsv",
    "first_names.tsv",
    "non_agents.tsv",
)


def _raw_rows(name: str) -> list[list[str]]:
    text = resources.files("storyline.lexicon").joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


# --- The files ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_lexicon_file_rows_are_complete_and_sourced(name: str) -> None:
    header, *rows = _raw_rows(name)
    assert header[0]
    assert header[-1] == "source"
    assert rows
    for row in rows:
        assert len(row) == len(header), row
        assert row[-1].strip(), f"{name}: no source for {row[0]!r}"
        assert row[-1].startswith(("http://", "https://", "general knowledge", "storyline ")), row


@pytest.mark.parametrize("name", FILES)
def test_lexicon_file_has_no_duplicate_key(name: str) -> None:
    keys = [row[0].casefold() for row in _raw_rows(name)[1:]]
    assert len(keys) == len(set(keys))


def test_lexicon_accessors_load_every_file() -> None:
    assert len(lx.outlets()) >= 300
    assert {o.kind for o in lx.outlets()} == {
        "newspaper", "agency", "broadcaster", "magazine", "online",
    }  # fmt: skip
    assert len(lx.agencies()) >= 90
    assert len(lx.demonyms()) >= 150
    assert len(lx.metonyms()) >= 40
    assert len(lx.first_names()) >= 400
    assert {"earthquake", "epidemic", "fire"} <= set(lx.non_agents())


def test_lexicon_outlet_names_and_aliases_are_unique_across_rows() -> None:
    seen: dict[str, str] = {}
    for outlet in lx.outlets():
        for name in {lx.outlet_key(n) for n in (outlet.name, *outlet.aliases)}:
            assert name not in seen, f"{outlet.name!r} and {seen[name]!r} share {name!r}"
            seen[name] = outlet.name


def test_lexicon_files_load_once_per_process() -> None:
    assert lx.outlets() is lx.outlets()
    assert lx.demonyms() is lx.demonyms()
    assert lx.first_names() is lx.first_names()


def test_lexicon_tsv_files_ship_in_the_package() -> None:
    for name in FILES:
        assert resources.files("storyline.lexicon").joinpath(name).is_file(), name


# --- Outlets --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Reuters",
        "the Guardian",
        "The Guardian",
        "Al Jazeera",
        "Haaretz",
        "Le Monde",
        "AP",
        "the New York Times",
        "NYT",
        "The Associated Press",
        "Xinhua",
        "  the   Times of Israel’s ",
        "REUTERS",
        "Ynet",
        "Kan",
    ],
)
def test_lexicon_is_outlet_knows_news_organisations(name: str) -> None:
    assert lx.is_outlet(name)


@pytest.mark.parametrize(
    "name",
    ["White House", "Hamas", "Reuters correspondent", "the", "", "Israel", "Netanyahu", "EPA"],
)
def test_lexicon_is_outlet_rejects_other_names(name: str) -> None:
    assert not lx.is_outlet(name)


def test_lexicon_agencies_name_outlets_of_the_list() -> None:
    for agency in lx.agencies():
        if agency.outlet:
            assert lx.is_outlet(agency.outlet), agency
    wire = [a for a in lx.agencies() if a.kind == "wire"]
    assert sum(bool(a.outlet) for a in wire) >= len(wire) - 1  # Sipa is a photo agency


# --- The Python names built from the data ---------------------------------------------------

# The lists as they were written in Python before they became data: every entry is kept.
_OLD_MEDIA_WORDS = lx.word_set("""
    times post news journal herald tribune guardian telegraph gazette daily radio tv
    television channel broadcasting press reuters ap afp bbc cnn nbc abc cbs fox msnbc
    npr pbs haaretz bloomberg axios politico economist independent observer chronicle
    sun mirror express mail star globe agency wire magazine newspaper network
""")
_OLD_DEMONYMS = {
    "israeli": "Israel", "palestinian": "Palestine", "american": "United States",
    "u.s.": "United States", "us": "United States", "british": "United Kingdom",
    "uk": "United Kingdom", "french": "France", "german": "Germany", "russian": "Russia",
    "ukrainian": "Ukraine", "chinese": "China", "japanese": "Japan", "indian": "India",
    "pakistani": "Pakistan", "iranian": "Iran", "iraqi": "Iraq", "syrian": "Syria",
    "lebanese": "Lebanon", "egyptian": "Egypt", "jordanian": "Jordan", "saudi": "Saudi Arabia",
    "qatari": "Qatar", "turkish": "Turkey", "afghan": "Afghanistan", "canadian": "Canada",
    "mexican": "Mexico", "brazilian": "Brazil", "australian": "Australia", "italian": "Italy",
    "spanish": "Spain", "polish": "Poland", "dutch": "Netherlands", "belgian": "Belgium",
    "swedish": "Sweden", "norwegian": "Norway", "greek": "Greece", "korean": "Korea",
    "north korean": "North Korea", "south korean": "South Korea", "taiwanese": "Taiwan",
    "venezuelan": "Venezuela", "colombian": "Colombia", "nigerian": "Nigeria",
    "kenyan": "Kenya", "ethiopian": "Ethiopia", "sudanese": "Sudan", "yemeni": "Yemen",
    "emirati": "United Arab Emirates", "cuban": "Cuba", "irish": "Ireland",
}  # fmt: skip
_OLD_METONYMS = [
    ("white house", "United States"), ("pentagon", "United States"),
    ("state department", "United States"), ("national security council", "United States"),
    ("kremlin", "Russia"), ("downing street", "United Kingdom"),
    ("foreign office", "United Kingdom"), ("elysee", "France"), ("élysée", "France"),
    ("quai d'orsay", "France"), ("zhongnanhai", "China"), ("knesset", "Israel"),
    ("idf", "Israel"), ("israel defense forces", "Israel"),
]  # fmt: skip
_OLD_FEMALE = lx.word_set("golda hillary kamala olena ursula yael shira noa giorgia layla aisha")
_OLD_MALE = lx.word_set("benny itamar naftali yoav yahya volodymyr vladimir rishi olaf barack")


def test_lexicon_media_words_keep_the_old_words_and_add_the_outlets() -> None:
    assert _OLD_MEDIA_WORDS <= cues.MEDIA_WORDS
    assert {"haaretz", "ynet", "xinhua", "kommersant", "nhk", "yonhap"} <= cues.MEDIA_WORDS
    assert len(cues.MEDIA_WORDS) > 250  # not a list of the outlets our test texts name


def test_lexicon_media_words_leave_out_everyday_words() -> None:
    assert not {"time", "hill", "age", "dawn", "nation", "atlantic", "pa", "epa"} & (
        cues.MEDIA_WORDS
    )
    assert not cues.MEDIA_WORDS & set(lx.first_names())  # "told Jordan" is not a venue


def test_lexicon_demonyms_keep_the_old_entries() -> None:
    for demonym, country in _OLD_DEMONYMS.items():
        assert cues.DEMONYMS[demonym] == country
    assert cues.DEMONYMS["philippine"] == "Philippines"


def test_lexicon_metonyms_keep_the_old_entries_first() -> None:
    items = list(plover.STATE_METONYMS.items())
    assert items[: len(_OLD_METONYMS)] == _OLD_METONYMS
    assert plover.STATE_METONYMS["washington"] == "United States"


def test_lexicon_first_names_keep_the_old_entries() -> None:
    assert _OLD_FEMALE <= lexicon.FEMALE_FIRST_NAMES
    assert _OLD_MALE <= lexicon.MALE_FIRST_NAMES
    assert not lexicon.FEMALE_FIRST_NAMES & lexicon.MALE_FIRST_NAMES
    assert "kelly" not in lexicon.FEMALE_FIRST_NAMES | lexicon.MALE_FIRST_NAMES  # both sexes


def test_lexicon_captions_read_the_credit_names() -> None:
    assert {"Reuters", "AFP", "dpa", "KCNA via KNS"} <= set(captions._WIRE_AGENCIES)
    assert {"Getty Images", "Flash90", "picture alliance"} <= set(captions._PHOTO_SERVICES)
    assert not set(captions._WIRE_AGENCIES) & set(captions._PHOTO_SERVICES)


def test_lexicon_word_set_is_the_one_helper() -> None:
    assert lx.word_set(" a  b\nc ") == frozenset({"a", "b", "c"})
    for module in (cues, lexicon, plover):
        assert module._words is lx.word_set  # type: ignore[attr-defined]


# --- A broken file --------------------------------------------------------------------------


@pytest.fixture
def lexicon_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make ``read_table`` read its files from ``tmp_path`` instead of the package."""
    monkeypatch.setattr(lx.resources, "files", lambda _package: tmp_path)
    return tmp_path


_COLUMNS = ("name", "kind", "source")


def _error(folder: Path, text: bytes | str) -> str:
    path = folder / "broken.tsv"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    with pytest.raises(lx.LexiconError) as info:
        lx.read_table("broken.tsv", _COLUMNS, choices={"kind": frozenset({"wire", "photo"})})
    message = str(info.value)
    assert "storyline/lexicon/broken.tsv" in message
    assert "\n" not in message
    return message


def test_lexicon_error_names_the_file_when_it_is_missing(lexicon_dir: Path) -> None:
    with pytest.raises(lx.LexiconError, match=r"storyline/lexicon/none\.tsv: .*missing"):
        lx.read_table("none.tsv", _COLUMNS)
    assert issubclass(lx.LexiconError, StorylineError)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name\tkind\tsource\nReuters\twire\n", "line 2: 2 fields, expected 3"),
        ("name\tkind\tsource\nReuters\twire\t\n", "line 2: empty source"),
        ("# c\nname\tkind\tsource\nReuters\tblog\tx\n", "line 3: kind 'blog' is not one of"),
        ("name\tsource\nReuters\tx\n", "line 1: header is name | source"),
        ("name\tkind\tsource\nA\twire\tx\na\tphoto\ty\n", "line 3: name 'a' is already on line 2"),
        ("# only a comment\n", "no header row"),
    ],
)
def test_lexicon_error_names_the_file_and_line(lexicon_dir: Path, text: str, expected: str) -> None:
    assert expected in _error(lexicon_dir, text)


def test_lexicon_error_on_bytes_that_are_not_utf8(lexicon_dir: Path) -> None:
    assert "not UTF-8" in _error(lexicon_dir, b"name\tkind\tsource\nR\xe9uters\twire\tx\n")


def test_lexicon_reads_comments_and_optional_columns(lexicon_dir: Path) -> None:
    (lexicon_dir / "ok.tsv").write_text(
        "# a comment\nname\tkind\tsource\n\nReuters\t\thttps://example.org\n", encoding="utf-8"
    )
    rows = lx.read_table("ok.tsv", _COLUMNS, optional=frozenset({"kind"}))
    assert rows == ({"name": "Reuters", "kind": "", "source": "https://example.org"},)
