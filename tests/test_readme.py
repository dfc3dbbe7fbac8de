"""The README tells the truth: every command and Python block in it runs, on the bundled data.

Shell blocks are run line by line in a scratch folder that holds the repository's ``examples``
and ``tests/fixtures`` (so a ``story.db`` never lands in the checkout), with ``.venv/bin/`` meaning
this interpreter's scripts folder. ``python3 dev.py …`` lines set up a venv from nothing, which
``.ci/run`` does on every clean clone, so here they are checked to be in ``.ci/run``; lines for
tools storyline does not install (``pip``, ``datasette``) are listed in ``NOT_RUN`` and skipped
by name, nothing else. ``storyline serve`` is started, asked for its overview, and stopped.
The JSON sample's strings must all appear in the real output of the command above it.
"""

from __future__ import annotations

import json
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent
NOT_RUN = ("pip ", "datasette ")  # tools a user installs themselves; the README says so


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def _commands() -> list[str]:
    lines = []
    for block in _blocks("sh"):
        for raw in block.splitlines():
            line = re.sub(r"\s+#.*$", "", raw).strip()
            if line and not line.startswith("#"):
                lines.append(line)
    return lines


def _argv(line: str) -> list[str]:
    argv = shlex.split(line)
    if argv[0].startswith(".venv/bin/"):
        argv[0] = str(BIN / argv[0].removeprefix(".venv/bin/"))
    return argv


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("readme")
    (folder / "examples").symlink_to(ROOT / "examples")
    (folder / "tests").mkdir()
    (folder / "tests" / "fixtures").symlink_to(ROOT / "tests" / "fixtures")
    return folder


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(argv: list[str], cwd: Path) -> None:
    port = _free_port()
    proc = subprocess.Popen([*argv, "--port", str(port)], cwd=cwd, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    assert page.status == 200
                    return
            except OSError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, "storyline serve did not answer"
                time.sleep(0.3)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if proc.stderr is not None:
            proc.stderr.close()


def test_readme_dev_commands_are_run_by_ci() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    dev = [line for line in _commands() if line.startswith("python3 dev.py")]
    assert "python3 dev.py example" in dev
    assert "python3 dev.py test" in dev
    for line in dev:
        if line in ("python3 dev.py example", "python3 dev.py test"):
            assert line in ci, f".ci/run does not run {line!r}"


def test_readme_every_command_runs(scratch: Path) -> None:
    ran = 0
    for line in _commands():
        if line.startswith("python3 dev.py") or line.startswith(NOT_RUN):
            continue
        argv = _argv(line)
        assert Path(argv[0]).name == "storyline", f"README command not run by this test: {line}"
        if argv[1] == "serve":
            _serve(argv, scratch)
        else:
            target = None
            if ">" in argv:  # a redirect of stdout to a file, as the shell would do
                argv, target = argv[: argv.index(">")], argv[argv.index(">") + 1]
            done = subprocess.run(argv, cwd=scratch, capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, f"{line}\n{done.stderr}"
            if target is not None:
                (scratch / target).write_text(done.stdout, encoding="utf-8")
        ran += 1
    assert ran >= 5


def test_readme_json_sample_is_real_output(scratch: Path) -> None:
    (sample,) = _blocks("json")
    command = next(c for c in _commands() if "--format json" in c and " read " in f" {c} ")
    done = subprocess.run(
        _argv(command), cwd=scratch, capture_output=True, text=True, check=True, timeout=300
    )
    record = json.dumps(json.loads(done.stdout), ensure_ascii=False)
    for value in re.findall(r'"((?:[^"\\]|\\.)*)"', sample):
        if "..." in value or "…" in value or len(value) < 3:
            continue
        assert json.dumps(value, ensure_ascii=False)[1:-1] in record, value
    for key in ("quotes", "figures", "events"):
        assert f'"{key}": [{{' in sample, f"the README's sample shows no {key}"


def test_readme_python_blocks_run(scratch: Path) -> None:
    blocks = _blocks("python")
    assert blocks
    for code in blocks:
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=scratch, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, f"{code}\n{done.stderr}"
