"""What every benchmark prints to make its numbers reproducible: machine and commit."""

from __future__ import annotations

import os
import platform
import subprocess
import time
from dataclasses import dataclass
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


@dataclass(slots=True)
class Clock:
    """Wall and CPU seconds of the ``with`` blocks it times, added up.

    CPU time of this process is the steadier number on a shared machine: it leaves out the time
    other jobs hold the cores, which wall time counts.
    """

    wall: float = 0.0
    cpu: float = 0.0
    _started: tuple[float, float] = (0.0, 0.0)

    def __enter__(self) -> Clock:
        self._started = (time.perf_counter(), time.process_time())
        return self

    def __exit__(self, *exc: object) -> None:
        wall, cpu = self._started
        self.wall += time.perf_counter() - wall
        self.cpu += time.process_time() - cpu
