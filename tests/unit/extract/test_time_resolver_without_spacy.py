"""The date resolver imports and resolves with spaCy made unimportable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import storyline

SRC = Path(storyline.__file__).resolve().parent.parent

# ``sys.modules['spacy'] = None`` makes every ``import spacy`` raise ImportError.
PROGRAM = """
import sys
sys.modules["spacy"] = None
from datetime import date

from storyline.extract.time import resolve_date as from_package
from storyline.extract.time.resolver import iso_day, resolve_date, resolve_timex

anchor = date(2023, 12, 4)  # a Monday
print(resolve_date("last Tuesday", anchor))
print(from_package("Sunday", anchor))
print(resolve_timex("Oct. 7", anchor).value)
print(iso_day(resolve_date("the day after tomorrow", anchor)))
print(sorted(m for m in sys.modules if m.startswith("storyline.extract.time.")))
"""


def test_time_resolver_runs_without_spacy():
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:4] == ["2023-11-28", "2023-12-03", "2023-10-07", "2023-12-06"]
    assert "storyline.extract.time.finder" not in lines[4]
    assert "storyline.extract.time.tense" not in lines[4]
