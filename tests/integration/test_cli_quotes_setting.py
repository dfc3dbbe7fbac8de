"""`--quotes rules|model`: which reader finds attributions, said in the record; a bad value is
one line; a broken model file is one line naming it and the run stops (exit 3)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.nlp import attribution

REPORT = (
    "Polls show a tight race in the governor's contest.\n\n"
    "The governor said on Monday that the budget would be balanced.\n"
)

pytestmark = pytest.mark.model


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


@pytest.mark.parametrize(("flag", "extractor"), [([], "model"), (["--quotes", "rules"], "rules")])
def test_the_record_says_which_reader_found_its_quotes(
    report: Path, flag: list[str], extractor: str
) -> None:
    result = CliRunner().invoke(app, ["read", str(report), "-f", "json", *flag])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["extractor"]["quotes"] == extractor
    said = [q for q in record["quotes"] if q["cue"] and q["cue"]["text"] == "said"]
    assert [q["speaker"]["text"] for q in said] == ["The governor"]


def test_the_environment_chooses_the_rules(report: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLINE_QUOTES", "rules")
    result = CliRunner().invoke(app, ["read", str(report), "-f", "json"])
    assert json.loads(result.stdout)["extractor"]["quotes"] == "rules"


def test_a_bad_setting_is_one_line_and_a_usage_error(report: Path) -> None:
    result = CliRunner().invoke(app, ["read", str(report), "--quotes", "crf"])
    assert result.exit_code == 2
    assert "quotes" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_corrupt_model_file_stops_the_run_with_one_line_naming_it(
    report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "attribution"
    shutil.copytree(attribution.default_model_dir(), broken)
    (broken / "model.onnx").write_bytes(b"not a model")
    monkeypatch.setattr(attribution, "default_model_dir", lambda: broken)
    attribution.load_tagger.cache_clear()
    try:
        result = CliRunner().invoke(app, ["read", str(report), "--workers", "1"])
    finally:
        attribution.load_tagger.cache_clear()
    assert result.exit_code == 3
    assert str(broken / "model.onnx") in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("mode", ["model", "rules"])
def test_the_text_readout_says_who_found_the_quotes(report: Path, mode: str) -> None:
    result = CliRunner().invoke(app, ["read", str(report), "--quotes", mode])
    assert result.exit_code == 0, result.output
    assert f"quotes by {mode}" in result.stdout
