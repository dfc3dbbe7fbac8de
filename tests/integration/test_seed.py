"""The canonical seed report scored against its gold with the shared scorer (floors, not hopes)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def seed_score(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    seed = shared_dir / "seed" / "hostage-talks-article.txt"
    result = CliRunner().invoke(
        app, ["read", str(seed), "--published", "2023-12-04", "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    out = tmp_path_factory.mktemp("seed") / "seed.json"
    out.write_text(result.stdout, encoding="utf-8")
    scored = subprocess.run(
        [
            sys.executable,
            str(shared_dir / "tools" / "score_seed.py"),
            str(shared_dir / "gold" / "hostage-talks-article.gold.json"),
            str(out),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return scored.stdout


def _metric(score: str, name: str) -> float:
    found = re.search(rf"{re.escape(name)}=([0-9.]+)", score.strip().splitlines()[-1])
    assert found, score
    return float(found.group(1))


def test_seed_captions_all_found_with_credits(seed_score: str) -> None:
    assert _metric(seed_score, "captions R") == 1.0
    found = re.search(r"captions .*credit (\d+)/(\d+)", seed_score)
    assert found, seed_score
    assert found.group(1) == found.group(2) == "7"


def test_seed_dates_all_right(seed_score: str) -> None:
    assert _metric(seed_score, "dates") == 1.0
    assert "warning" not in seed_score


def test_seed_quotes_found_with_their_speakers(seed_score: str) -> None:
    assert _metric(seed_score, "quotes R") >= 22 / 23
    assert _metric(seed_score, "speaker") >= 0.95


def test_seed_figures_all_found(seed_score: str) -> None:
    assert _metric(seed_score, "figures R") == 1.0
    found = re.search(r"figures .*unit (\d+)/(\d+)", seed_score)
    assert found, seed_score
    assert found.group(1) == found.group(2)
