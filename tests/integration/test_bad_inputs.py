"""One bad input, one line, the rest goes on: every kind of bad input, between two good ones.

Each case is read by ``storyline read GOOD BAD GOOD -f jsonl``: the bad input must give exactly
one error line naming it, the exit code must be 1 ("some inputs failed"), and both good reports
must still be printed. The table of what happened is docs/bad-inputs.md, written by this test:
it fails when the file differs, and ``STORYLINE_UPDATE_DOCS=1`` rewrites it.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "bad-inputs.md"
GOOD = "The Arden library reopened on Monday, eight months after the fire, the mayor said.\n"


@dataclass(frozen=True)
class Case:
    """A kind of bad input and how to make it in a folder; returns the argument to pass."""

    kind: str
    make: Callable[[Path], str]


def _file(name: str, data: bytes) -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        path = folder / name
        path.write_bytes(data)
        return str(path)

    return make


def _warc_record(uri: bytes | None, body: bytes, *, gzipped: bool) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
    if gzipped:
        body = gzip.compress(body)
        http += b"Content-Encoding: gzip\r\n"
    payload = http + b"Content-Length: %d\r\n\r\n" % len(body) + body
    head = b"WARC/1.0\r\nWARC-Type: response\r\n"
    if uri:
        head += b"WARC-Target-URI: " + uri + b"\r\n"
    head += b"Content-Type: application/http; msgtype=response\r\n"
    return head + b"Content-Length: %d\r\n\r\n" % len(payload) + payload + b"\r\n\r\n"


def _truncated_warc_gz() -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb") as gz:
        body = b"<html><body><p>The council met on Monday.</p></body></html>"
        gz.write(_warc_record(b"http://example.org/a", body, gzipped=False))
    return buf.getvalue()[:-30]


def _fifo(folder: Path) -> str:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return str(path)


def _dangling(folder: Path) -> str:
    path = folder / "gone.txt"
    path.symlink_to(folder / "nowhere.txt")
    return str(path)


def _non_utf8_name(folder: Path) -> str:
    path = Path(os.fsdecode(os.fsencode(folder) + b"/\xff-report.bin"))
    path.write_bytes(b"\x00\x01\x02\xff" * 64)
    return str(path)


CASES = [
    Case("a path that does not exist", lambda folder: str(folder / "missing.txt")),
    Case("an empty file", _file("empty.txt", b"")),
    Case("only whitespace", _file("blank.txt", b" \n\t\n")),
    Case("binary data (a PNG)", _file("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)),
    Case("JSON that does not parse", _file("broken.json", b'{"text": "The council')),
    Case("JSON nested 1,000 deep", _file("deep.json", b"[" * 1000 + b"]" * 1000)),
    Case("a 4,301-digit number in JSON", _file("big.json", b'{"text": ' + b"9" * 4301 + b"}")),
    Case("a JSON object without text or html", _file("notext.json", b'{"title": "Budget"}')),
    Case(
        "a WARC response without WARC-Target-URI",
        _file("short.warc", _warc_record(None, b"", gzipped=False)[:56]),
    ),
    Case("a truncated .warc.gz", _file("cut.warc.gz", _truncated_warc_gz())),
    Case(
        "a gzip bomb inside a WARC record",
        _file(
            "bomb.warc",
            _warc_record(
                b"http://example.org/b", b"<p>" + b"a" * 30_000_000 + b"</p>", gzipped=True
            ),
        ),
    ),
    Case("a malformed RSS feed", _file("feed.rss", b'<?xml version="1.0"?><rss><channel><item>')),
    Case("a FIFO (named pipe)", _fifo),
    Case("a character device (/dev/zero)", lambda folder: "/dev/zero"),
    Case("a dangling symlink", _dangling),
    Case("binary data under a non-UTF-8 file name", _non_utf8_name),
    Case("an unreachable URL", lambda folder: "http://127.0.0.1:9/report"),
]


def _shown(arg: str, folder: Path) -> str:
    """The reason as the table shows it: the temporary folder as DIR."""
    return arg.replace(str(folder), "DIR")


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, int, bool]]:
    runner = CliRunner()
    results: dict[str, tuple[str, int, bool]] = {}
    for case in CASES:
        folder = tmp_path_factory.mktemp("bad")
        first, last = folder / "first.txt", folder / "last.txt"
        first.write_text(GOOD, encoding="utf-8")
        last.write_text(GOOD.replace("Arden", "Belmont"), encoding="utf-8")
        bad = case.make(folder)
        result = runner.invoke(
            app, ["read", str(first), bad, str(last), "-f", "jsonl", "--workers", "1"]
        )
        sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
        kept = sources[0] == str(first) and sources[-1] == str(last)
        errors = result.stderr.strip().splitlines()
        assert len(errors) == 1, (case.kind, result.stderr)
        results[case.kind] = (_shown(errors[0], folder), result.exit_code, kept)
    return results


@pytest.mark.parametrize("case", CASES, ids=[c.kind for c in CASES])
def test_bad_input_one_line_exit_1_others_kept(
    case: Case, outcomes: dict[str, tuple[str, int, bool]]
) -> None:
    line, code, kept = outcomes[case.kind]
    assert line.startswith("storyline: error: ")
    assert not re.search(r"[\x00-\x1f\x7f]", line)
    assert code == 1
    assert kept


def test_bad_input_table_in_docs(outcomes: dict[str, tuple[str, int, bool]]) -> None:
    rows = [
        "| input | message on stderr | exit code | other inputs kept |",
        "|---|---|---:|---|",
    ]
    for kind, (line, code, kept) in outcomes.items():
        message = line.removeprefix("storyline: error: ").replace("|", "\\|")
        rows.append(f"| {kind} | `{message}` | {code} | {'yes' if kept else 'no'} |")
    table = "\n".join(rows) + "\n"
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    begin, end = "<!-- table: begin -->\n", "<!-- table: end -->"
    current = text[text.find(begin) + len(begin) : text.find(end)] if begin in text else None
    if os.environ.get("STORYLINE_UPDATE_DOCS") == "1" and current != table:
        head = text[: text.find(begin)] if begin in text else _HEAD
        tail = text[text.find(end) + len(end) :] if end in text else "\n"
        DOC.write_text(head + begin + table + end + tail, encoding="utf-8")
        current = table
    assert current == table, "docs/bad-inputs.md is stale: rerun with STORYLINE_UPDATE_DOCS=1"


_HEAD = """# Bad inputs

What `storyline read GOOD BAD GOOD --format jsonl` does with each kind of bad input: one line on
stderr naming the input, exit code 1 ("some inputs failed"), and the good reports on either side
still printed. Written by `tests/integration/test_bad_inputs.py` (rerun it with
`STORYLINE_UPDATE_DOCS=1` to refresh); DIR stands for the test's temporary folder.

Exit codes: 0 every input read; 1 some inputs failed (one line each); 2 a usage error (a bad
option or `--published` value: nothing is read); 3 the run itself failed (the language pipeline
cannot load, or an unexpected error: one line, the traceback with `-vv`).

"""
