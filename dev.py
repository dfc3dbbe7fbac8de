#!/usr/bin/env python3
"""Set up a local environment and run storyline's main job or its tests, with only Python and pip.

    python3 dev.py example   # read the bundled example report
    python3 dev.py test      # lint, type-check and run the test suite
    python3 dev.py serve     # store the example corpus, explore it at http://127.0.0.1:8000
    python3 dev.py bench     # install the benchmark extras (textacy)

The environment is ``.venv`` beside this file, installed from the hash-pinned lock files; it is
reinstalled only when a lock file changes. Everything dev.py and pip print goes to stderr, so
``python3 dev.py example --format json > out.json`` holds nothing but the record.

Why ``--no-deps`` and then ``pip check``, not "upgrade pip first": each lock is complete (every
transitive package and the build backend, pinned with hashes), so pip has nothing to resolve.
That works the same with the pip that ships with Python 3.11, 3.12 and 3.13 and with the newest
one, downloads no unpinned pip, and cannot be broken by a release upstream (pip before 23.3
resolved justext's ``lxml[html_clean]`` against the whole index, and lxml 6.2.0 broke the
install). ``pip check`` then proves the lock is consistent: a lock that misses a package fails
here, by name, instead of at import time.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
EXAMPLE = ROOT / "examples" / "port-strike-report.txt"
CORPUS = ROOT / "tests" / "fixtures" / "story_corpus" / "reports"  # 30 invented reports
LOCKS = {
    "example": "requirements.lock",
    "serve": "requirements.lock",
    "test": "requirements-dev.lock",
    "bench": "requirements-bench.lock",
}


def _run(*cmd: str | Path, chatter: bool = False) -> int:
    """Run a command from the root; ``chatter=True`` sends its stdout to stderr (set-up)."""
    print("+", " ".join(str(c) for c in cmd), file=sys.stderr, flush=True)
    stdout = sys.stderr if chatter else None
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, stdout=stdout)


def setup(lock: str) -> None:
    """Create .venv and install the lock file and storyline itself, unless already done."""
    lock_path = ROOT / lock
    stamp = VENV / f".installed-{lock}"
    digest = hashlib.sha256(lock_path.read_bytes() + (ROOT / "pyproject.toml").read_bytes())
    if stamp.is_file() and stamp.read_text() == digest.hexdigest():
        return
    if not (BIN / "python").exists():
        print(f"+ creating {VENV}", file=sys.stderr)
        venv.create(VENV, with_pip=True)
    pip = (BIN / "python", "-m", "pip", "--disable-pip-version-check", "--no-input")
    install = (*pip, "install", "--no-deps")
    if _run(*install, "--require-hashes", "-r", lock_path, chatter=True) != 0:
        sys.exit(f"dev.py: installing {lock} failed")
    if _run(*pip, "check", chatter=True) != 0:
        sys.exit(f"dev.py: {lock} is inconsistent (pip check); regenerate it: scripts/lock.sh")
    # The build backend (hatchling) is in the lock: no build environment fetched from the index.
    if _run(*install, "--no-build-isolation", "-e", ROOT, chatter=True) != 0:
        sys.exit("dev.py: installing storyline failed")
    stamp.write_text(digest.hexdigest())


def main(argv: list[str]) -> int:
    """Run one task: example, test, serve or bench."""
    task = argv[0] if argv else ""
    if task not in LOCKS:
        print(__doc__, file=sys.stderr)
        return 2
    setup(LOCKS[task])
    if task == "example":
        return _run(BIN / "storyline", "read", EXAMPLE, "--published", "2024-03-13", *argv[1:])
    if task == "serve":
        db = VENV / "example-story.db"
        if _run(BIN / "storyline", "ingest", CORPUS, "--db", db) != 0:
            return 1
        return _run(BIN / "storyline", "serve", "--db", db, *argv[1:])
    if task == "test":
        for check in (("ruff", "check", "."), ("ruff", "format", "--check", "."), ("mypy",)):
            if _run(BIN / check[0], *check[1:]) != 0:
                return 1
        code = _run(BIN / "python", "-m", "pytest", *argv[1:])
        return 0 if code == 5 else code  # 5: no tests collected (a filter), not a failure
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
