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


def _ingest_process(db: str, stderr: Path | None = None) -> subprocess.Popen[bytes]:
    """Start ``storyline ingest`` on the fixtures; its stderr to a file when given (to show)."""
    code = "from storyline.cli import main; main()"
    err = stderr.open("wb") if stderr is not None else subprocess.DEVNULL
    try:
        return subprocess.Popen(
            [sys.executable, "-c", code, "ingest", str(CORPUS), "--db", db, "--batch-size", "2"],
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,  # its own process group: the kill takes its parse workers
        )  # fmt: skip
    finally:
        if stderr is not None:
            err.close()  # type: ignore[union-attr]


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


def test_story_of_undated_reports_without_outlet_says_what_is_missing(tmp_path: Path) -> None:
    """A plain-text corpus with no dates and no outlets: say so, never "from ? to ?"."""
    folder = tmp_path / "texts"
    folder.mkdir()
    for name in ("a", "b"):
        (folder / f"{name}.txt").write_text(
            f"Council vote {name}\n\nThe council voted on Monday, its chair Ana Ruiz said. "
            "At least 40 people attended the meeting, the clerk said.\n",
            encoding="utf-8",
        )
    target = str(tmp_path / "u.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(folder), "--db", target]).exit_code == 0
    story = runner.invoke(app, ["story", "--db", target])
    assert story.exit_code == 0, story.output
    text = " ".join(story.stdout.split())
    assert "2 reports with no publication date" in text
    assert "no report names its outlet" in text
    assert "?" not in text


def test_store_ingest_two_at_once_nothing_doubled(db: str, clean_counts, tmp_path: Path) -> None:
    logs = [tmp_path / f"ingest-{n}.err" for n in range(2)]
    procs = [_ingest_process(db, stderr=log) for log in logs]
    try:
        codes = [proc.wait(timeout=KILL_TIMEOUT) for proc in procs]
    finally:  # both waited for, whatever the first did: none left running into the next test
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=30)
    for code, log in zip(codes, logs, strict=True):
        assert code == 0, log.read_text(errors="replace")[-2000:]
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


def _texts(folder: Path, **texts: str) -> Path:
    folder.mkdir(exist_ok=True)
    for name, body in texts.items():
        (folder / name).write_text(body, encoding="utf-8")
    return folder


FLOOD = "The river burst its banks on Sunday, and 40 families were evacuated, officials said.\n"
BUDGET = "The council approved a budget of $12 million on Tuesday, its chair, Ana Ruiz, said.\n"


def test_store_ingest_rerun_is_cron_friendly(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = _texts(tmp_path / "in", **{"a.txt": FLOOD, "b.txt": BUDGET, "c.txt": ""})
    db = str(tmp_path / "s.db")
    first = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert first.exit_code == 1
    assert "2 stored, 0 skipped as already stored, 1 failed (" in first.stderr
    # Nothing new: stored reports skipped, the empty file failing as it did. Exit 0, one line.
    again = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert again.exit_code == 0, again.output
    assert again.stderr.startswith("storyline: 0 stored, 2 skipped as already stored, ")
    assert "1 failed as before (" in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1
    # The same input failing for another reason is news again.
    (folder / "c.txt").write_bytes(b"\x00\x01binary")
    changed = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert changed.exit_code == 1
    assert "storyline: error:" in changed.stderr
    assert ", 1 failed (" in changed.stderr
    # Once the input reads, it is stored and its failure row is gone.
    (folder / "c.txt").write_text("Snow closed the pass on Wednesday, the police said.\n")
    fixed = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert fixed.exit_code == 0, fixed.output
    assert "1 stored, 2 skipped as already stored, 0 failed" in fixed.stderr
    with open_store(db) as store:
        assert store.failures() == []


def test_store_ingest_hostile_json_stored_on_every_backend(db: str, tmp_path: Path) -> None:
    """NUL in a text and a 300-character outlet: what SQLite stores, PostgreSQL stores."""
    import json

    folder = tmp_path / "in"
    folder.mkdir()
    nul = {"text": FLOOD.replace("Sunday", "Sun\x00day"), "outlet": "Vell Post"}
    (folder / "nul.json").write_text(json.dumps(nul), encoding="utf-8")
    long = {"text": BUDGET, "outlet": "O" * 300, "url": "https://x.example/" + "p" * 3000}
    (folder / "long.json").write_text(json.dumps(long), encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", db])
    assert result.exit_code == 0, result.output
    assert "2 stored, 0 skipped as already stored, 0 failed" in result.stderr
    with open_store(db) as store:
        records = {r.source.rsplit("/", 1)[-1]: r for r in store.iter_records()}
        assert "Sun\x00day" in records["nul.json"].text  # exactly as read
        assert records["long.json"].outlet == "O" * 300


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--db", "postgresql://nobody:pw@127.0.0.1:1/none?connect_timeout=2"], 3, "cannot open"),
        (["--model", "/nonexistent/model"], 3, "storyline: error:"),
        (["--dask", "lokal"], 2, "storyline: error:"),
        (["--published", "soon"], 2, "--published"),
    ],
    ids=["store-unreachable", "model-missing", "bad-dask", "bad-date"],
)
def test_store_ingest_exit_codes(tmp_path: Path, args: list[str], code: int, message: str) -> None:
    folder = _texts(tmp_path / "in", **{"a.txt": FLOOD})
    db = ["--db", str(tmp_path / "s.db")] if "--db" not in args else []
    result = CliRunner().invoke(app, ["ingest", str(folder), *db, *args])
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_store_ingest_unexpected_error_exits_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    from storyline import Store
    from storyline.cli import main

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(Store, "ingest", broken)
    folder = _texts(tmp_path / "in", **{"a.txt": FLOOD})
    db = str(tmp_path / "s.db")
    monkeypatch.setattr(sys, "argv", ["storyline", "ingest", str(folder), "--db", db])
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code == 3
    assert capsys.readouterr().err.strip().splitlines() == [  # the traceback with -vv
        "storyline: error: internal error (RuntimeError: a bug); run with -vv for the traceback"
    ]


def test_store_ingest_on_dask(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    folder = _texts(tmp_path / "in", **{"a.txt": FLOOD, "b.txt": BUDGET})
    db = str(tmp_path / "s.db")
    result = CliRunner().invoke(
        app, ["ingest", str(folder), "--db", db, "--dask", "local", "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("storyline: 2 stored, 0 skipped as already stored, 0 failed")
    assert "distributed" not in result.stderr  # Dask's INFO lines kept off stderr
    with open_store(db) as store:
        assert store.counts()["reports"] == 2


def test_store_ingest_progress_bar_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from rich.console import Console

    from storyline.cli import ingest as ingest_cli
    from storyline.cli import output

    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=160, color_system=None)
    monkeypatch.setattr(ingest_cli, "_err", console)
    monkeypatch.setattr(output, "_err", console)
    folder = _texts(tmp_path / "in", **{"a.txt": FLOOD, "b.txt": BUDGET})
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 0, result.output
    shown = screen.getvalue()
    assert "2/2" in shown  # done of a known total
    assert "reports/s" in shown
    assert "stored 2 · skipped 0 · failed 0" in shown
    assert "storyline: 2 stored" in shown


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["a.txt", "b.html", "c.png", ".hidden/d.txt"], 2),
        (["a.txt", "notes.txt.gz"], 1),
        (["a.txt", "feed.rss"], None),
        (["a.txt", "batch.jsonl"], None),
    ],
)
def test_store_ingest_counts_reports_when_known(
    tmp_path: Path, names: list[str], expected: int | None
) -> None:
    from storyline.engine.run import count_reports as _count_reports

    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert _count_reports([str(tmp_path)]) == expected
    assert _count_reports([str(tmp_path / "a.txt"), "-"]) is None
