"""Real news pages: captions, page debris, bylines and datelines kept out of the body.

    .venv/bin/python benchmarks/layout_news.py [--shared PATH] [--show]

Reads every ``NAME.txt`` of ``gold/news`` in ``../shared`` (12 real reports kept as scraped,
research-only licences: never copied into the repository) through the product path,
``storyline.read(path, published=<gold published>)``, and compares what the record sets apart
from the body with the gold marks of ``NAME.gold.json``:

* captions: a gold caption is *found* when predicted captions (text and credit) cover at least
  half of its non-space characters; a predicted caption is *extra* when it touches no gold
  caption, boilerplate, headline or kicker (it took body text out of the analysis);
* boilerplate: a gold ``boilerplate`` span is *found* when everything the record keeps out of the
  body (kicker, headline, captions with credits, byline, dateline, boilerplate spans) covers at
  least half of its non-space characters; a predicted byline, dateline or boilerplate span is
  *extra* when it touches nothing the gold sets apart (it took body text out);
* bylines and datelines: the ones the record reports, and whether the gold marks them too.

The rules under test were written from the shapes of page debris (tests/unit/ingest/test_debris.py,
lines written by hand), not from these texts; these numbers measure them, nothing is tuned here.
Some gold boilerplate is out of reach by design (author bios, lists of links to other stories,
long crossheads): it reads like body text, with no shape to tell it by.
"""

from __future__ import annotations

import argparse
import datetime
import json
import shlex
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import storyline
from _common import REPO, git_commit, machine
from storyline.record.model import ArticleRecord

NEWS = Path("gold/news")  # in shared/
MIN_COVER = 0.5  # share of a gold span's non-space characters that must be covered
Range = tuple[int, int]


@dataclass(slots=True)
class Tally:
    """Counts of one kind of mark in one document (or in all of them)."""

    gold: int = 0
    found: int = 0
    extra: int = 0

    @property
    def missed(self) -> int:
        """Gold marks the record does not set apart."""
        return self.gold - self.found

    def add(self, other: Tally) -> None:
        """Add another document's counts to these."""
        self.gold += other.gold
        self.found += other.found
        self.extra += other.extra


@dataclass(slots=True)
class DocResult:
    """What one report gave: the two tallies, the bylines and datelines, the misses."""

    name: str
    captions: Tally
    boilerplate: Tally
    byline: str | None
    byline_in_gold: bool
    dateline: str | None
    dateline_in_gold: bool
    missed: list[str]
    extras: list[str]


def _span(item: dict[str, object]) -> Range:
    """Return ``(start, end)`` of a gold span, or of a gold caption's ``text`` span."""
    inner = item.get("text")
    if isinstance(inner, dict):
        return int(inner["start"]), int(inner["end"])
    return int(str(item["start"])), int(str(item["end"]))


def _covered(text: str, rng: Range, by: Iterable[Range]) -> float:
    """Return the share of the non-space characters of ``text[rng]`` inside the ranges ``by``."""
    chars = [i for i in range(*rng) if not text[i].isspace()]
    if not chars:
        return 1.0
    ranges = list(by)
    inside = sum(any(s <= i < e for s, e in ranges) for i in chars)
    return inside / len(chars)


def _touches(rng: Range, ranges: Iterable[Range]) -> bool:
    return any(s < rng[1] and rng[0] < e for s, e in ranges)


def _caption_ranges(rec: ArticleRecord) -> list[Range]:
    """Each predicted caption with its credit, as one range."""
    out = []
    for c in rec.captions:
        end = c.credit_span.end if c.credit_span is not None else c.end
        out.append((c.start, max(c.end, end)))
    return out


def _debris_ranges(rec: ArticleRecord) -> list[Range]:
    """Byline, dateline and boilerplate spans (empty on a record without these fields)."""
    spans = [getattr(rec, "byline_span", None), getattr(rec, "dateline", None)]
    spans += list(getattr(rec, "boilerplate", []))
    return [(s.start, s.end) for s in spans if s is not None]


def score_doc(name: str, rec: ArticleRecord, gold: dict[str, object]) -> DocResult:
    """Compare one record's non-body spans with the gold marks of its report."""
    text = rec.text
    gold_caps = [_span(c) for c in gold.get("captions", []) or []]  # type: ignore[attr-defined]
    gold_bp = [_span(b) for b in gold.get("boilerplate", []) or []]  # type: ignore[attr-defined]
    gold_heads = [_span(h) for k in ("headline", "section") if isinstance(h := gold.get(k), dict)]
    for key in ("standfirst", "subheads"):
        extra = gold.get(key)
        items = extra if isinstance(extra, list) else [extra] if isinstance(extra, dict) else []
        gold_heads += [_span(x) for x in items if isinstance(x, dict)]
    heads = [(s.start, s.end) for s in (rec.headline, rec.section) if s is not None]
    caps = _caption_ranges(rec)
    debris = _debris_ranges(rec)
    not_body = heads + caps + debris
    gold_not_body = gold_caps + gold_bp + gold_heads

    captions = Tally(gold=len(gold_caps))
    captions.found = sum(_covered(text, g, caps) >= MIN_COVER for g in gold_caps)
    captions.extra = sum(not _touches(c, gold_not_body) for c in caps)
    boiler = Tally(gold=len(gold_bp))
    found_bp = [_covered(text, g, not_body) >= MIN_COVER for g in gold_bp]
    boiler.found = sum(found_bp)
    boiler.extra = sum(not _touches(d, gold_not_body) for d in debris)

    missed = [
        f"caption {text[slice(*g)][:70]!r}"
        for g in gold_caps
        if _covered(text, g, caps) < MIN_COVER
    ]
    missed += [
        f"boilerplate {text[slice(*g)][:70]!r}"
        for g, ok in zip(gold_bp, found_bp, strict=True)
        if not ok
    ]
    extras = [f"caption {text[slice(*c)][:70]!r}" for c in caps if not _touches(c, gold_not_body)]
    extras += [f"debris {text[slice(*d)][:70]!r}" for d in debris if not _touches(d, gold_not_body)]
    byline = getattr(rec, "byline_span", None)
    dateline = getattr(rec, "dateline", None)
    return DocResult(
        name=name,
        captions=captions,
        boilerplate=boiler,
        byline=byline.text if byline is not None else None,
        byline_in_gold=byline is not None and _touches((byline.start, byline.end), gold_bp),
        dateline=dateline.text if dateline is not None else None,
        dateline_in_gold=dateline is not None and _touches((dateline.start, dateline.end), gold_bp),
        missed=missed,
        extras=extras,
    )


def print_header(folder: Path, n: int) -> None:
    """Print command, commit, date, machine, versions and data: what reproduces the numbers."""
    print("Real news pages: captions, boilerplate, bylines and datelines set apart from the body")
    print(f"command : {shlex.join([sys.executable, *sys.argv])}")
    print(f"commit  : {git_commit()}")
    print(f"date    : {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}")
    print(f"machine : {machine()}")
    print(f"versions: storyline {metadata.version('storyline')}, spaCy {metadata.version('spacy')}")
    print(f"data    : {folder}")
    print(f"n       : {n} reports")
    print()


def print_table(results: Sequence[DocResult]) -> None:
    """Print one row per report and the totals."""
    head = (
        f"{'doc':<6}{'cap gold':>9}{'found':>6}{'miss':>5}{'extra':>6}"
        f"{'  bp gold':>9}{'found':>6}{'miss':>5}{'extra':>6}  byline / dateline"
    )
    print(head)
    caps, boiler = Tally(), Tally()
    for r in results:
        caps.add(r.captions)
        boiler.add(r.boilerplate)
        marks = []
        if r.byline is not None:
            marks.append(f"by {r.byline!r}{'' if r.byline_in_gold else ' (not gold)'}")
        if r.dateline is not None:
            marks.append(f"dl {r.dateline!r}{'' if r.dateline_in_gold else ' (not gold)'}")
        print(f"{r.name:<6}{_row(r.captions)}  {_row(r.boilerplate)}  {'; '.join(marks)}")
    print(f"{'total':<6}{_row(caps)}  {_row(boiler)}")
    n_by = sum(r.byline is not None for r in results)
    n_dl = sum(r.dateline is not None for r in results)
    n_by_ok = sum(r.byline_in_gold for r in results)
    n_dl_ok = sum(r.dateline_in_gold for r in results)
    print()
    print(
        f"layout: captions {caps.found}/{caps.gold} extra {caps.extra}; boilerplate "
        f"{boiler.found}/{boiler.gold} extra {boiler.extra}; bylines {n_by} ({n_by_ok} gold); "
        f"datelines {n_dl} ({n_dl_ok} gold)"
    )


def _row(t: Tally) -> str:
    return f"{t.gold:>9}{t.found:>6}{t.missed:>5}{t.extra:>6}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its report."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--show", action="store_true", help="list the misses and extras")
    args = ap.parse_args(argv)

    folder = args.shared / NEWS
    paths = sorted(folder.glob("*.txt"))
    print_header(folder, len(paths))
    results = []
    for path in paths:
        gold = json.loads(path.with_suffix("").with_suffix(".gold.json").read_text("utf-8"))
        rec = storyline.read(path, published=gold.get("published"))
        results.append(score_doc(path.stem, rec, gold))
    print_table(results)
    if args.show:
        print()
        for r in results:
            for line in r.missed:
                print(f"  {r.name} missed {line}")
            for line in r.extras:
                print(f"  {r.name} extra  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
