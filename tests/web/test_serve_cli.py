"""``storyline serve`` refuses what it cannot serve in one line, before it starts a server."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _error_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("storyline: error:")]


def test_serve_missing_store(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert _error_lines(result.output) == [
        f"storyline: error: {tmp_path / 'none.db'}: no such store; run `storyline ingest` first"
    ]
    assert not (tmp_path / "none.db").exists()


def test_serve_file_that_is_not_a_database(runner: CliRunner, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("not a database, just words\n" * 100)
    result = runner.invoke(app, ["serve", "--db", str(bogus)])
    assert result.exit_code == 1
    lines = _error_lines(result.output)
    assert len(lines) == 1
    assert "file is not a database" in lines[0]
    assert "Traceback" not in result.output


@pytest.mark.model
def test_serve_port_in_use(runner: CliRunner, corpus_db: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["serve", "--db", str(corpus_db), "--port", str(port)])
    assert result.exit_code == 1
    assert _error_lines(result.output) == [
        f"storyline: error: 127.0.0.1:{port}: cannot listen (Address already in use)"
    ]
