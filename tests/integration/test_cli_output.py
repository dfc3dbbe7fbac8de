"""What the CLI shows people: escaped errors and logs, exit codes, help, progress, dates."""

from __future__ import annotations

import io
import logging
import sys
import warnings
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

import storyline
from storyline.cli import app, main
from storyline.cli import output as cli_output
from storyline.cli.output import (
    escape_controls,
    human_date,
    print_error,
    progress,
    setup_logging,
)
from storyline.engine.run import count_reports

HOSTILE = "x\x1b]0;pwned\x07\x1b[2J\u202egnp.exe\u2028\x85\x9b\x7f\ud800"
RAW_BYTES = ["\x1b", "\x07", "\u202e", "\u2028", "\x85", "\x9b", "\x7f"]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _assert_no_raw_controls(text: str) -> None:
    for char in RAW_BYTES:
        assert char not in text, repr(char)


def test_cli_output_escape_controls_is_visible() -> None:
    shown = escape_controls(HOSTILE)
    _assert_no_raw_controls(shown)
    assert shown.startswith("x\\x1b]0;pwned\\x07\\x1b[2J\\u202egnp.exe\\u2028\\x85")
    assert escape_controls("tab\tand\nnewline, “é”") == "tab\tand\nnewline, “é”"


def test_cli_output_print_error_escapes(capsys: pytest.CaptureFixture[str]) -> None:
    print_error(f"{HOSTILE}: no such file or directory")
    err = capsys.readouterr().err
    _assert_no_raw_controls(err)
    assert err.startswith("storyline: error: x\\x1b]0;pwned\\x07")
    assert len(err.splitlines()) == 1


@pytest.fixture
def wide_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    """Log lines unwrapped, so a message can be looked for whole."""
    monkeypatch.setattr(cli_output, "_err", Console(stderr=True, width=400, highlight=False))


@pytest.mark.usefixtures("wide_stderr")
def test_cli_output_log_messages_are_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    setup_logging(1)  # a reader library's warnings show from -v on
    logging.getLogger("trafilatura.core").warning("discarding %s", HOSTILE)
    err = capsys.readouterr().err
    assert "discarding x\\x1b]0;pwned" in err
    _assert_no_raw_controls(err)


@pytest.mark.usefixtures("wide_stderr")
def test_cli_output_warnings_go_through_the_log(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # captureWarnings installs itself once per process; let this test install it afresh.
    monkeypatch.setattr(logging, "_warnings_showwarning", None)
    monkeypatch.setattr(warnings, "showwarning", warnings.showwarning)
    setup_logging(0)
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn(f"cannot parse {HOSTILE}", UserWarning, stacklevel=1)
    err = capsys.readouterr().err
    assert "cannot parse x\\x1b]0;pwned" in err
    _assert_no_raw_controls(err)


def _argv(monkeypatch: pytest.MonkeyPatch, *args: str) -> None:
    monkeypatch.setattr(sys, "argv", ["storyline", *args])


def test_cli_output_internal_error_is_one_line_exit_3(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> Iterator[object]:
        raise RuntimeError(f"bug near {HOSTILE}")

    monkeypatch.setattr(storyline, "read_many", broken)
    _argv(monkeypatch, "read", "a.txt", "-f", "jsonl")
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code == 3
    err = capsys.readouterr().err
    assert err.startswith("storyline: error: internal error (RuntimeError: bug near x\\x1b]0;")
    assert err.endswith("); run with -vv for the traceback\n")
    assert len(err.splitlines()) == 1
    _assert_no_raw_controls(err)


@pytest.mark.usefixtures("wide_stderr")
def test_cli_output_traceback_at_vv_is_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    setup_logging(2)
    try:
        raise ValueError(HOSTILE)
    except ValueError:
        logging.getLogger("storyline.cli").debug("internal error", exc_info=True)
    err = capsys.readouterr().err
    assert "ValueError: x\\x1b]0;pwned" in err
    _assert_no_raw_controls(err)
    setup_logging(0)


@pytest.mark.parametrize(("args", "code"), [(["read"], 2), (["read", "a", "--nope"], 2)])
def test_cli_output_usage_errors_exit_2(
    monkeypatch: pytest.MonkeyPatch, args: list[str], code: int
) -> None:
    _argv(monkeypatch, *args)
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code == code


def test_cli_output_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"storyline {version('storyline')}\n"


def test_cli_output_read_help_lists_inputs_codes_and_verbosity(runner: CliRunner) -> None:
    result = runner.invoke(app, ["read", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.stdout.replace("│", " ").split())  # the help's boxes, unwrapped
    for kind in (".txt", ".html", ".jsonl", ".rss", ".atom", ".warc.gz", "folders", "http(s)://"):
        assert kind in text, kind
    assert "or - for stdin" in text
    assert "-v progress, -vv debug; repeat to raise" in text
    assert "Exit codes: 0 every input read; 1 some inputs failed" in text
    assert "3 the run failed" in text


@pytest.mark.parametrize(
    ("value", "kind", "shown"),
    [
        ("2024-03-12", "DATE", "Tue 12 Mar 2024"),
        ("2024-03", "DATE", "March 2024"),
        ("2024-W11", "DATE", "week 11, 2024"),
        ("2024-W11-WE", "DATE", "weekend of week 11, 2024"),
        ("2024-03-12TMO", "TIME", "Tue 12 Mar 2024, morning"),
        ("2024-Q1", "DATE", "Q1 2024"),
        ("2024-SU", "DATE", "summer 2024"),
        ("2024", "DATE", "2024"),
        ("202", "DATE", "the 2020s"),
        ("PRESENT_REF", "DATE", "now"),
        ("PAST_REF", "DATE", "the past"),
        ("P3D", "DURATION", "3 days"),
        ("P1Y", "DURATION", "1 year"),
        ("PXW", "DURATION", "weeks"),
        ("PT2H", "DURATION", "2 hours"),
        ("P1D", "SET", "every day"),
        ("P2W", "SET", "every 2 weeks"),
        (None, "DATE", "unresolved"),
        ("XXXX-WXX-1", "DATE", "unresolved"),
        ("2024-13-45", "DATE", "unresolved"),
    ],
)
def test_cli_output_human_date(value: str | None, kind: str, shown: str) -> None:
    assert human_date(value, kind) == shown


def _tree(root: Path, names: list[str]) -> Path:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("The mayor spoke.", encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["a.txt", "b.html", "sub/c.txt", ".hidden/d.txt", ".e.txt", "notes.pdf"], 3),
        (["a.txt", "batch.jsonl"], None),
        (["a.txt", "feed.rss"], None),
        (["crawl.warc.gz"], None),
        ([], 1),  # nothing to read: one failure
    ],
)
def test_cli_output_count_reports_in_a_folder(
    tmp_path: Path, names: list[str], expected: int | None
) -> None:
    folder = _tree(tmp_path / "reports", names)
    folder.mkdir(exist_ok=True)
    assert count_reports([folder]) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["a.txt", "b.htm"], 2),
        (["missing.txt"], 1),
        (["-"], None),
        (["https://example.org/a"], None),
        (["a.txt", "b.json"], None),
    ],
)
def test_cli_output_count_reports_of_paths(
    tmp_path: Path, args: list[str], expected: int | None
) -> None:
    _tree(tmp_path, [a for a in args if a.endswith((".txt", ".htm", ".json")) and "miss" not in a])
    paths = [a if a in ("-",) or "://" in a else str(tmp_path / a) for a in args]
    assert count_reports(paths) == expected


def test_cli_output_no_progress_bar_when_stderr_is_not_a_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with progress(3, "reports") as line:
        line.advance()
        line.update(completed=3, note="done")
    assert capsys.readouterr().err == ""


def test_cli_output_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=100)
    monkeypatch.setattr(cli_output, "_err", terminal)
    with progress(2, "reports") as line:
        line.advance()
        line.advance()
    shown = screen.getvalue()
    assert "2/2" in shown
    assert "reports/s" in shown


def test_cli_output_read_draws_no_bar_in_a_pipe(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storyline, "read_many", lambda *_, **__: iter([]))
    result = runner.invoke(app, ["read", "a.txt", "-f", "jsonl"])
    assert result.exit_code == 0
    assert result.stderr == ""


@pytest.mark.parametrize(("verbose", "shown"), [(0, False), (1, True)])
def test_cli_output_reader_library_warnings_only_with_v(
    capsys: pytest.CaptureFixture[str], verbose: int, shown: bool
) -> None:
    setup_logging(verbose)
    logging.getLogger("trafilatura.core").warning("discarding data: %s", None)
    logging.getLogger("storyline.ingest").warning("our own warning")
    err = capsys.readouterr().err
    assert ("discarding data" in err) is shown
    assert "our own warning" in err
