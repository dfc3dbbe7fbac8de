"""The contract (../shared/CONTRACT.md) holds on every record the test corpora produce.

Outside scorers read the JSON record; a value outside the contract (a truncated TIMEX label
where a day belongs, a span whose text is not its slice) breaks them silently. This reads the
bundled example, the 30 story-corpus reports and, when ../shared is beside the repository, the
seed and the real reports of gold/news, and checks every field the contract fixes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import storyline
from storyline.settings import load_settings

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# ISO 8601 as the contract's examples show it: a day, month, year, week, decade/century
# ("202X"), a time of day, a duration or a set; never a bare label such as PRESENT_REF.
ISO = re.compile(
    r"(\d{4}|\d{3}X|\d{2}XX)(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?)?|-W\d{2}|-Q[1-4]"
    r"|-(SP|SU|FA|WI))?"
    r"|\d{4}-\d{2}-\d{2}T(MO|AF|EV|NI)"
    r"|P(\d+(\.\d+)?[YMWD]|T\d+(\.\d+)?[HMS])+|PX[YMWD]|P\d+[YMWD]T\d+[HMS]"
)
SPEAKER_TYPES = {"person", "organization", "group", "anonymous", "document", "unknown"}
STATUSES = {"asserted", "future", "hypothetical", "negated"}


def _inputs(shared: Path | None) -> list[tuple[Path, str | None]]:
    """The inputs, each with the publication date to give (None: its own metadata's)."""
    paths: list[tuple[Path, str | None]] = [(ROOT / "examples" / "port-strike-report.txt", None)]
    corpus = ROOT / "tests" / "fixtures" / "story_corpus" / "reports"
    paths += [(p, None) for p in sorted(corpus.iterdir())]
    if shared is not None:  # no dates of their own: any day makes every relative date resolve
        paths += [(shared / "seed" / "hostage-talks-article.txt", "2023-12-04")]
        paths += [(p, "2024-03-13") for p in sorted((shared / "gold" / "news").glob("*.txt"))]
    return paths


def _check_span(rec: dict[str, Any], span: dict[str, Any] | None, where: str) -> None:
    if span is None:
        return
    assert rec["text"][span["start"] : span["end"]] == span["text"], where


def _check(rec: dict[str, Any]) -> None:
    src = rec["source"]
    assert rec["schema"] == "storyline.article/1"
    assert rec["published"] is None or DAY.fullmatch(rec["published"]), src
    for name in ("headline", "section"):
        _check_span(rec, rec.get(name), f"{src} {name}")
    for ent in rec["entities"]:
        assert ent["id"], src
        assert ent["name"], src
        for m in ent["mentions"]:
            _check_span(rec, m, f"{src} entity {ent['name']}")
    ids = {e["id"] for e in rec["entities"]}
    for q in rec["quotes"]:
        assert q["kind"] in {"direct", "indirect", "mixed"}, src
        assert q["content"], src
        for s in q["content"]:
            _check_span(rec, s, f"{src} quote")
        _check_span(rec, q["speaker"], f"{src} speaker")
        _check_span(rec, q["cue"], f"{src} cue")
        assert q["speaker_entity"] is None or q["speaker_entity"] in ids, src
        assert q["speaker_type"] in SPEAKER_TYPES, src
        assert q["date"] is None or DAY.fullmatch(q["date"]), (src, q["date"])
    for f in rec["figures"]:
        _check_span(rec, f, f"{src} figure")
        assert isinstance(f["unit"], str), src
        assert f["source_entity"] is None or f["source_entity"] in ids, src
        assert f["date"] is None or DAY.fullmatch(f["date"]), (src, f["date"])
    for d in rec["dates"]:
        _check_span(rec, d, f"{src} date")
        assert d["value"] is None or ISO.fullmatch(d["value"]), (src, d["text"], d["value"])
    for e in rec["events"]:
        _check_span(rec, e, f"{src} event")
        assert e["status"] in STATUSES, src
        assert e["actor_entity"] is None or e["actor_entity"] in ids, src
        assert e["target_entity"] is None or e["target_entity"] in ids, src
        assert e["date"] is None or DAY.fullmatch(e["date"]), (src, e["date"])


def test_contract_holds_on_every_test_corpus_record() -> None:
    shared = ROOT.parent / "shared"
    inputs = _inputs(shared if shared.is_dir() else None)
    settings = load_settings(workers=1)
    records = []
    for path, published in inputs:
        records += list(storyline.read_many([path], published=published, settings=settings))
    failures = [r for r in records if isinstance(r, storyline.Failure)]
    assert not failures, [f.reason for f in failures]
    for path, _ in inputs:
        assert any(r.source.startswith(str(path)) for r in records), path
    for rec in records:
        assert isinstance(rec, storyline.ArticleRecord)
        _check(json.loads(storyline.dumps(rec)))
