"""`read -f json`: one object for one input giving one record, else one array; always JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import storyline
from storyline import ArticleRecord, Failure, InputError, ModelError
from storyline.cli import app

REPORTS = {
    "a.txt": "The bridge reopened on Monday, the mayor said.\n",
    "b.txt": "Rain is expected on Friday, forecasters said.\n",
}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "reports"
    path.mkdir()
    for name, text in REPORTS.items():
        (path / name).write_text(text, encoding="utf-8")
    return path


def _fake(monkeypatch: pytest.MonkeyPatch, items: list[object]) -> None:
    """Make read_many yield ``items``: records, failures, or an exception to raise."""

    def read_many(paths: object, **_: object) -> Iterator[ArticleRecord | Failure]:
        for item in items:
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]

    monkeypatch.setattr(storyline, "read_many", read_many)


def _rec(source: str, text: str = "The mayor spoke.") -> ArticleRecord:
    return ArticleRecord(id=source, source=source, text=text)


@pytest.mark.model
def test_cli_json_one_file_is_one_object(runner: CliRunner, folder: Path) -> None:
    result = runner.invoke(app, ["read", str(folder / "a.txt"), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["text"] == REPORTS["a.txt"]


@pytest.mark.model
def test_cli_json_two_files_is_one_array(runner: CliRunner, folder: Path) -> None:
    paths = [str(folder / "a.txt"), str(folder / "b.txt")]
    result = runner.invoke(app, ["read", *paths, "-f", "json"])
    assert result.exit_code == 0, result.output
    assert [r["source"] for r in json.loads(result.stdout)] == paths


@pytest.mark.model
def test_cli_json_folder_is_one_array(runner: CliRunner, folder: Path) -> None:
    result = runner.invoke(app, ["read", str(folder), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert [r["text"] for r in json.loads(result.stdout)] == list(REPORTS.values())


@pytest.mark.model
def test_cli_json_failures_keep_the_array_whole(runner: CliRunner, folder: Path) -> None:
    missing = str(folder / "missing.txt")
    result = runner.invoke(app, ["read", str(folder / "a.txt"), missing, "-f", "json"])
    assert result.exit_code == 1
    assert [r["text"] for r in json.loads(result.stdout)] == [REPORTS["a.txt"]]
    assert result.stderr == f"storyline: error: {missing}: no such file or directory\n"


@pytest.mark.parametrize(
    ("items", "shape"),
    [
        ([_rec("a")], dict),
        ([_rec("a"), _rec("b")], list),  # one JSONL file with two reports
        ([], list),
        ([Failure("a", InputError("a", "empty input"))], list),
    ],
)
def test_cli_json_shape_for_one_input(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, items: list[object], shape: type
) -> None:
    _fake(monkeypatch, items)
    result = runner.invoke(app, ["read", "batch.jsonl", "-f", "json"])
    assert isinstance(json.loads(result.stdout), shape)


@pytest.mark.parametrize(
    ("stop", "code"),
    [(KeyboardInterrupt(), 130), (ModelError("no model"), 3)],
)
def test_cli_json_interrupted_run_is_still_json(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, stop: BaseException, code: int
) -> None:
    _fake(monkeypatch, [_rec("a"), _rec("b"), stop])
    result = runner.invoke(app, ["read", "a.txt", "b.txt", "c.txt", "-f", "json"])
    assert result.exit_code == code
    assert [r["source"] for r in json.loads(result.stdout)] == ["a", "b"]
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("fmt", ["json", "jsonl", "text"])
def test_cli_odd_characters_never_crash_stdout(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    text = "Lone \ud800 surrogate,\u2028separators\u2029and\x85NEL, the mayor said."
    _fake(monkeypatch, [_rec("a", text)])
    result = runner.invoke(app, ["read", "a.txt", "-f", fmt])
    assert result.exit_code == 0, result.output
    raw = result.stdout_bytes.decode("utf-8")  # strict: valid UTF-8
    if fmt != "text":
        assert json.loads(raw)["text"] == text
    if fmt == "jsonl":
        assert len(raw.splitlines()) == 1


@pytest.mark.model
def test_cli_json_with_dask_prints_only_json(folder: Path) -> None:
    """A real process: Dask's workers share its stdout, which CliRunner would not see."""
    pytest.importorskip("dask.distributed")
    argv = [sys.executable, "-m", "storyline", "read", str(folder), "-f", "json"]
    done = subprocess.run(
        [*argv, "--dask", "local", "-w", "1"], capture_output=True, check=False, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == len(REPORTS)
    assert done.stderr == b""
