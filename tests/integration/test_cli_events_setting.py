"""`--events rules|model`: who decides which coded predicates are events, said in the record;
the rules keep every frame the learned path keeps; a bad value is one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app

# Made up: acts the lexicon codes, and a speaker's words to an audience inside quote marks.
REPORT = (
    "Police arrested 12 protesters outside the parliament on Monday, a spokesman said.\n\n"
    "The two foreign ministers met in Geneva on Tuesday to discuss the ceasefire.\n\n"
    '"We implore you to allow our doctors to help them," the union wrote to the minister.\n'
)

pytestmark = pytest.mark.model


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def _read(report: Path, *flags: str) -> dict:
    result = CliRunner().invoke(app, ["read", str(report), "-f", "json", *flags])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_record_says_which_path_decided_its_events(report: Path) -> None:
    assert _read(report)["extractor"]["events"] == "model"
    assert _read(report, "--events", "rules")["extractor"]["events"] == "rules"


def test_the_learned_path_keeps_only_frames_the_rules_propose(report: Path) -> None:
    learned = {(e["start"], e["type"]) for e in _read(report)["events"]}
    rules = {(e["start"], e["type"]) for e in _read(report, "--events", "rules")["events"]}
    by_start = {start for start, _ in rules}
    assert {start for start, _ in learned} <= by_start
    types = {t for _, t in learned}
    assert {"COERCE", "CONSULT"} <= types  # the arrest and the meeting stay events


def test_the_environment_chooses_the_rules(report: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLINE_EVENTS", "rules")
    assert _read(report)["extractor"]["events"] == "rules"


def test_a_bad_setting_is_one_line_and_a_usage_error(report: Path) -> None:
    result = CliRunner().invoke(app, ["read", str(report), "--events", "zsp"])
    assert result.exit_code == 2
    assert "events" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("mode", ["model", "rules"])
def test_the_text_readout_says_who_decided_the_events(report: Path, mode: str) -> None:
    result = CliRunner().invoke(app, ["read", str(report), "--events", mode])
    assert result.exit_code == 0, result.output
    assert f"events by {mode}" in result.stdout


def test_a_dateline_agency_or_a_reporting_outlet_is_no_actor() -> None:
    from storyline import read_text

    record = read_text(
        "KABUL (Reuters) - Militants attacked a border town on Monday, killing six police "
        "officers, officials said.\n\nThe attack was the third this month, Reuters reported.\n",
        published="2024-05-06",
    )
    assert record.dateline is not None
    assert record.dateline.agency == "Reuters"
    actors = {e.actor for e in record.events if e.type == "ASSAULT"}
    assert actors == {"Militants"}
