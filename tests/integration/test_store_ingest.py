"""``storyline ingest`` on the invented corpus: once each, safe to kill, same on PostgreSQL.

The fault tests start the real command in a subprocess, SIGKILL it at several points (while
the model loads, after a few committed batches, near the end), rerun it, and check that every
table holds exactly what a clean ingest gives.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from storyline import open_store
from storyline.cli import app

pytestmark = pytest.mark.model

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "story_corpus" / "reports"
N_REPORTS = 30
KILL_TIMEOUT = 120  # seconds to wait for the subprocess to reach a kill point


@pytest.fixture
def db(store_url: str) -> str:
    """An empty store: a SQLite file, or a PostgreSQL schema of its own (``store_url``)."""
    return store_url


@pytest.fixture(scope="module")
def clean_counts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    """Row counts of every table after one uninterrupted ingest of the corpus."""
    target = tmp_path_factory.mktemp("clean") / "clean.db"
    result = CliRunner().invoke(app, ["ingest", str(CORPUS), "--db", str(target)])
    assert result.exit_code == 0, result.output
    with open_store(target) as store:
        return store.counts()


def _counts(db: str) -> dict[str, int]:
    with open_store(db) as store:
        return store.counts()


def test_store_ingest_twice_nothing_doubled(db: str, clean_counts: dict[str, int]) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(CORPUS), "--db", db])
    assert first.exit_code == 0, first.output
    assert f"{N_REPORTS} stored, 0 skipped as already stored, 0 failed" in first.stderr
    again = runner.invoke(app, ["ingest", str(CORPUS), "--db", db])
    assert again.exit_code == 0, again.output
    assert f"0 stored, {N_REPORTS} skipped as already stored, 0 failed" in again.stderr
    assert first.stdout == again.stdout == ""
    assert _counts(db) == clean_counts
    assert clean_counts["reports"] == N_REPORTS


def test_store_ingest_failures_kept_and_exit_code(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    target = tmp_path / "f.db"
    result = CliRunner().invoke(
        app, ["ingest", str(CORPUS / "local-1.txt"), str(empty), "--db", str(target)]
    )
    assert result.exit_code == 1
    assert f"storyline: error: {empty}: empty input" in result.stderr
    assert "1 stored, 0 skipped as already stored, 1 failed" in result.stderr
    with open_store(target) as store:
        assert [i for i, _ in store.failures()] == [str(empty)]


def _ingest_process(db: str) -> subprocess.Popen[bytes]:
    code = "from storyline.cli import main; main()"
    return subprocess.Popen(
        [sys.executable, "-c", code, "ingest", str(CORPUS), "--db", db, "--batch-size", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill takes its parse workers too
    )


def _stored(db: str) -> int:
    try:
        with open_store(db, create=False) as store:
            return store.counts()["reports"]
    except Exception:  # noqa: BLE001 - the store may not exist yet while the model loads
        return 0


@pytest.mark.parametrize("kill_after", [0, 6, 22])
def test_store_ingest_kill9_then_rerun(db: str, kill_after: int, clean_counts) -> None:
    if db.startswith("postgresql") and kill_after != 6:
        pytest.skip("one kill point is enough on PostgreSQL; SQLite covers the others")
    proc = _ingest_process(db)
    deadline = time.monotonic() + KILL_TIMEOUT
    try:
        if kill_after == 0:
            time.sleep(0.5)  # still importing or loading the model
        else:
            while _stored(db) < kill_after and proc.poll() is None:
                assert time.monotonic() < deadline, "the ingest never reached the kill point"
                time.sleep(0.02)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the command and its workers, as a power cut would
        proc.wait(timeout=30)
    before = _stored(db)
    assert before <= N_REPORTS
    assert before % 2 == 0 or before == N_REPORTS  # whole batches of two, never half of one
    rerun = CliRunner().invoke(app, ["ingest", str(CORPUS), "--db", db])
    assert rerun.exit_code == 0, rerun.output
    assert f"{N_REPORTS - before} stored, {before} skipped" in rerun.stderr
    assert _counts(db) == clean_counts


def test_story_and_export_commands(tmp_path: Path) -> None:
    runner = CliRunner()
    target = str(tmp_path / "s.db")
    assert runner.invoke(app, ["ingest", str(CORPUS), "--db", target]).exit_code == 0
    story = runner.invoke(app, ["story", "--db", target])
    assert story.exit_code == 0, story.output
    assert "30 reports from 2025-03-03 to 2025-03-10" in story.stdout
    assert "Miriam Castell" in story.stdout
    about = runner.invoke(app, ["story", "--db", target, "--about", "Ferreira"])
    assert "about Tomas Ferreira" in about.stdout
    missing = runner.invoke(app, ["story", "--db", target, "--about", "Zebulon"])
    assert missing.exit_code == 1
    assert (
        missing.stderr.strip() == "storyline: error: Zebulon: no entity of that name in the reports"
    )
    csv_out = runner.invoke(app, ["export", "--db", target, "-t", "quotes_with_speakers"])
    assert csv_out.exit_code == 0
    assert csv_out.stdout.splitlines()[0].startswith(
        "report_id,n,published,outlet,headline,speaker"
    )
    parquet = tmp_path / "reports.parquet"
    out = runner.invoke(
        app, ["export", "--db", target, "-t", "reports", "-f", "parquet", "-o", str(parquet)]
    )
    assert out.exit_code == 0, out.output
    assert pq.read_table(parquet).num_rows == N_REPORTS
    bad = runner.invoke(app, ["export", "--db", target, "-t", "nope"])
    assert bad.exit_code == 2


def test_store_ingest_two_at_once_nothing_doubled(db: str, clean_counts) -> None:
    procs = [_ingest_process(db) for _ in range(2)]
    for proc in procs:
        assert proc.wait(timeout=KILL_TIMEOUT) == 0
    assert _counts(db) == clean_counts


def test_store_ingest_rerun_parses_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "story.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(CORPUS), "--db", db]).exit_code == 0
    # A model that cannot load: the rerun succeeds only if nothing is parsed.
    again = runner.invoke(
        app, ["ingest", str(CORPUS), "--db", db, "--model", str(tmp_path / "no-model")]
    )
    assert again.exit_code == 0, again.output
    assert f"0 stored, {N_REPORTS} skipped as already stored, 0 failed" in again.stderr
    # ...and a new report among the old ones is the one that needs the model.
    extra = tmp_path / "new"
    extra.mkdir()
    (extra / "late.txt").write_text("Keltvale reopened its bridge on Friday, the mayor said.\n")
    mixed = runner.invoke(app, ["ingest", str(CORPUS), str(extra), "--db", db])
    assert mixed.exit_code == 0, mixed.output
    assert f"1 stored, {N_REPORTS} skipped as already stored, 0 failed" in mixed.stderr
