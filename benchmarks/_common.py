"""What every benchmark prints to make its numbers reproducible: machine and commit."""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def machine() -> str:
    """Return host, cores, CPU model and Python version."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{platform.node()}: nproc {cores}, {model}, Python {platform.python_version()}"


def git_commit() -> str:
    """Return the short HEAD, noting uncommitted or untracked code (read-only git calls)."""
    env = os.environ | {"GIT_OPTIONAL_LOCKS": "0"}  # never take the index lock
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
            env=env,
        ).stdout.strip()
        dirty = subprocess.run(  # untracked code counts: a new extractor changes the numbers
            ["git", "status", "--porcelain", "--untracked-files=all", "--", "src", "benchmarks"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
            env=env,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (no git)"
    return f"{head} + uncommitted/untracked code" if dirty else head
