"""`storyline read --workers/--dask/--out`: same records whatever runs them; bad values exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.engine.run import PARALLEL_FROM
from storyline.record.io import loads

pytestmark = pytest.mark.model

TOWNS = ["Arden", "Belmont", "Carrow", "Dunmore", "Elston", "Fairley", "Glenby", "Harwick"]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(PARALLEL_FROM + 1):
        (folder / f"r{i:02d}.txt").write_text(
            f"The {TOWNS[i % len(TOWNS)]} library reopened on Monday, {i + 3} months after "
            "the fire, the mayor said.\n",
            encoding="utf-8",
        )
    (folder / "r99-empty.txt").write_bytes(b"")
    return folder


def test_engine_cli_workers_same_output(runner: CliRunner, reports: Path) -> None:
    one = runner.invoke(app, ["read", str(reports), "--workers", "1", "-f", "jsonl"])
    two = runner.invoke(app, ["read", str(reports), "--workers", "2", "-f", "jsonl"])
    assert (one.exit_code, two.exit_code) == (1, 1)  # the empty file fails, in both
    assert two.stdout == one.stdout
    assert two.stderr == one.stderr
    assert len(two.stdout.splitlines()) == PARALLEL_FROM + 1


def test_engine_cli_out_writes_parquet(runner: CliRunner, reports: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "reports.parquet"
    result = runner.invoke(app, ["read", str(reports), "--workers", "1", "--out", str(out)])
    assert result.exit_code == 1  # the empty file
    assert result.stdout == ""
    assert result.stderr.count("storyline: error:") == 1
    table = pq.read_table(out)
    jsonl = runner.invoke(app, ["read", str(reports), "--workers", "1", "-f", "jsonl"]).stdout
    expected = [json.loads(line) for line in jsonl.splitlines()]
    assert table.column("source").to_pylist() == [e["source"] for e in expected]
    rec = loads(table.column("record")[0].as_py())
    assert rec.text == expected[0]["text"]


def test_engine_cli_out_refuses_existing_dataset(
    runner: CliRunner, reports: Path, tmp_path: Path
) -> None:
    pytest.importorskip("pyarrow")
    out = tmp_path / "reports.parquet"
    out.mkdir()
    (out / "part-00000.parquet").write_bytes(b"PAR1")
    result = runner.invoke(app, ["read", str(reports), "--out", str(out)])
    assert result.exit_code == 2
    assert "already holds a Parquet dataset" in result.stderr


@pytest.mark.parametrize(("flag", "value"), [("--dask", "lokal"), ("--workers", "-1")])
def test_engine_cli_bad_engine_option_exits_2(
    runner: CliRunner, reports: Path, flag: str, value: str
) -> None:
    result = runner.invoke(app, ["read", str(reports), flag, value])
    assert result.exit_code == 2
