"""The public API: read() takes a path or a URL, read_text() a text; neither guesses."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

import storyline
from storyline import InputError, MissingInputError, SettingsError
from storyline.ingest.dates import metadata_date, parse_published

REPORT = "The council approved the budget on Monday, its chair said.\n"


def test_api_read_text_is_exported() -> None:
    assert "read_text" in storyline.__all__
    assert callable(storyline.read_text)


@pytest.mark.parametrize(
    "mistyped",
    [
        "reprot.txt",
        "Officials said on Monday that 40 people were rescued.",
        "x" * 300,  # past NAME_MAX: was OSError "File name too long"
        "word " * 800,  # 4,000 chars on one line
        "a\x00b.txt",
    ],
)
def test_api_read_missing_path_is_never_text(mistyped: str) -> None:
    with pytest.raises(MissingInputError) as info:
        storyline.read(mistyped)
    assert "no such file or directory" in str(info.value)
    assert "\n" not in str(info.value)
    assert len(str(info.value)) < 200
    assert any("read_text" in note for note in info.value.__notes__)


def test_api_read_path_object_missing(tmp_path: Path) -> None:
    with pytest.raises(MissingInputError):
        storyline.read(tmp_path / "nope.txt")


@pytest.mark.model
def test_api_read_reads_a_path(tmp_path: Path) -> None:
    path = tmp_path / "budget.txt"
    path.write_text(REPORT, encoding="utf-8")
    for given in (path, str(path)):
        rec = storyline.read(given, published="2024-05-08")
        assert rec.text == REPORT
        assert rec.source == str(path)
        assert [d.value for d in rec.dates] == ["2024-05-06"]


@pytest.mark.model
def test_api_read_refuses_several_reports(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(REPORT, encoding="utf-8")
    with pytest.raises(InputError, match="read_many"):
        storyline.read(tmp_path)


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        REPORT,
        '{"text": "not JSON to us"} The council met on Monday.',  # looks like JSON: still text
        "<p>The council met on Monday.</p>",  # looks like HTML: still text
        "The council met on Monday. " * 100,  # one long line, once taken for a path
    ],
)
def test_api_read_text_keeps_the_text(text: str) -> None:
    rec = storyline.read_text(text, published=date(2024, 5, 8), source="doc-1")
    assert rec.text == text
    assert rec.source == "doc-1"
    assert rec.published == "2024-05-08"


@pytest.mark.parametrize("blank", ["", "  \n\t "])
def test_api_read_text_empty_is_refused(blank: str) -> None:
    with pytest.raises(storyline.EmptyInputError):
        storyline.read_text(blank)


def test_api_read_text_too_large_is_refused() -> None:
    settings = storyline.load_settings(max_bytes=100)
    with pytest.raises(storyline.TooLargeError):
        storyline.read_text("word " * 50, settings=settings)


@pytest.mark.parametrize("bad", ["2024-13-45", "yesterday", "", "2024-3-1", "12/03/2024", 20240312])
def test_api_bad_published_raises_naming_it(bad: object) -> None:
    with pytest.raises(SettingsError) as info:
        storyline.read_text(REPORT, published=bad)  # type: ignore[arg-type]
    assert repr(bad) in str(info.value)
    with pytest.raises(SettingsError):
        storyline.read_many(["-"], published=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, None),
        ("2024-03-12", date(2024, 3, 12)),
        (date(2024, 3, 12), date(2024, 3, 12)),
        (datetime(2024, 3, 12, 23, 59), date(2024, 3, 12)),
    ],
)
def test_api_parse_published_accepts(given: object, expected: date | None) -> None:
    assert parse_published(given) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["2024-13-45", "yesterday", "", " 2024-03-12", "2024-03-12T10:00"])
def test_api_parse_published_refuses_in_one_line(bad: str) -> None:
    with pytest.raises(SettingsError) as info:
        parse_published(bad, name="--published")
    message = str(info.value)
    assert message == f"--published: {bad!r} is not a date of the form YYYY-MM-DD"
    assert isinstance(info.value, storyline.StorylineError)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2023-12-04T10:00Z", date(2023, 12, 4)),
        ("Mon, 04 Dec 2023 10:00:00 GMT", date(2023, 12, 4)),
        ("not a date", None),
        (42, None),
    ],
)
def test_api_metadata_date_is_lenient(given: object, expected: date | None) -> None:
    assert metadata_date(given) == expected


def test_api_read_url_is_fetched_not_read_as_text() -> None:
    url = "http://127.0.0.1:9/report"  # discard port: refused at once
    with pytest.raises(InputError) as info:
        storyline.read(url)
    assert not isinstance(info.value, MissingInputError)
    assert str(info.value).startswith(f"{url}: ")
