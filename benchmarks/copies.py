"""Syndicated copies (issue 16): measure the link threshold, then check a whole ingest.

    .venv/bin/python benchmarks/copies.py            # the sweep and the ingest check
    .venv/bin/python benchmarks/copies.py --sweep    # the sweep alone (no parse)

The sweep reads (does not parse) the 30 invented Keltvale reports and the 150 copies
``_copies.py`` makes of them, and prints, per threshold on shingle containment, how many copies
reach their original and how many pairs of distinct fixture reports (same story, other words)
reach each other. The ingest check stores the fixtures and then the copies through
``read_many(known=...)`` and ``Store.ingest``, as ``storyline ingest`` does, and counts: copies
linked to their own original, fixture reports linked to anything, and figure points in the
story with the copies against the story of the fixtures alone.
"""

from __future__ import annotations

import argparse
import itertools
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

import storyline
from _copies import CORPUS, KINDS, fixture_articles, headline_and_body, make_copies, write_jsonl
from storyline.ingest.sources import read_inputs
from storyline.store.copies import COPY_CONTAINMENT, MIN_SHARED
from storyline.store.shingles import (
    NUM_PERM,
    SHINGLE_WORDS,
    containment,
    minhash_keys,
    shingles,
)

THRESHOLDS = [round(0.15 + 0.05 * i, 2) for i in range(12)]


def _grams(text: str, headline: str | None) -> frozenset[int]:
    return shingles(text, headline)


def sweep(jsonl: Path) -> None:
    articles = fixture_articles()
    by_source = {a.source: a for a in articles}
    copies = make_copies(articles)
    read = [a for a in read_inputs([jsonl]) if not isinstance(a, Exception)]
    assert len(read) == len(copies)
    scores: dict[str, list[float]] = {k: [] for k in KINDS}
    shared_keys: list[int] = []
    for made, article in zip(copies, read, strict=True):
        original = by_source[made.original_source]
        mine = _grams(article.text, headline_and_body(article)[0])
        theirs = _grams(original.text, headline_and_body(original)[0])
        scores[made.kind].append(containment(mine, theirs))
        shared_keys.append(len(set(minhash_keys(mine)) & set(minhash_keys(theirs))))
    distinct = []
    for a, b in itertools.combinations(articles, 2):
        ga = _grams(a.text, headline_and_body(a)[0])
        gb = _grams(b.text, headline_and_body(b)[0])
        distinct.append(containment(ga, gb))
    print(f"shingles of {SHINGLE_WORDS} words; {NUM_PERM} MinHash keys; min shared {MIN_SHARED}")
    print(f"{len(copies)} copies of {len(articles)} reports; {len(distinct)} distinct pairs")
    for kind in KINDS:
        vals = scores[kind]
        mean = sum(vals) / len(vals)
        print(f"  {kind:12} n={len(vals):3}  containment min {min(vals):.3f}  mean {mean:.3f}")
    top = sorted(distinct, reverse=True)[:3]
    print(f"  distinct pairs: containment max {top[0]:.3f} (then {top[1]:.3f}, {top[2]:.3f})")
    n_cand = sum(1 for k in shared_keys if k >= MIN_SHARED)
    print(
        f"  LSH: copies sharing >= {MIN_SHARED} keys with the original: {n_cand}/{len(shared_keys)}"
        f" (fewest shared: {min(shared_keys)})"
    )
    print("threshold  copies linked  distinct pairs linked")
    all_scores = [v for vals in scores.values() for v in vals]
    for t in THRESHOLDS:
        linked = sum(1 for v in all_scores if v >= t)
        wrong = sum(1 for v in distinct if v >= t)
        mark = "  <- COPY_CONTAINMENT" if abs(t - COPY_CONTAINMENT) < 1e-9 else ""
        print(f"  {t:.2f}     {linked:3}/{len(all_scores)}        {wrong:3}/{len(distinct)}{mark}")


def _points(story: storyline.Story) -> Counter[tuple[object, ...]]:
    return Counter(
        (h.label, p.shown, p.said_by, p.citation.report_id) for h in story.figures for p in h.points
    )


def ingest_check(jsonl: Path, db: Path) -> None:
    articles = fixture_articles()
    copies = make_copies(articles)
    ids = {a.source: a.id for a in articles}
    settings = storyline.load_settings(workers=1)
    with storyline.open_store(db) as store:
        known = store.known
        first = store.ingest(storyline.read_many([CORPUS], settings=settings, known=known))
        second = store.ingest(storyline.read_many([jsonl], settings=settings, known=known))
        synd = store.syndication()
        fixture_story = storyline.build_story(store.iter_records(ids=ids.values()))
        story = storyline.load_story(store)
        rows = [(c.source, orig) for orig, cs in synd.copies.items() for c in cs]
    print(
        f"ingest: fixtures {first.stored} stored; copies {second.stored} stored, "
        f"{second.copies} linked ({second.carried} identical, no parse)"
    )
    linked_to = {src.rsplit(":", 1)[-1]: orig for src, orig in rows}
    right = 0
    per_kind = Counter()
    for n, made in enumerate(copies, start=1):
        if linked_to.get(str(n)) == ids[made.original_source]:
            right += 1
            per_kind[made.kind] += 1
    fixture_sources = set(ids)
    wrongly = sum(1 for src, _ in rows if src in fixture_sources)
    wrongly += sum(1 for rid in synd.original_of if rid in set(ids.values()))
    print(
        f"copies linked to their own original: {right}/{len(copies)} "
        + ", ".join(f"{k} {per_kind[k]}" for k in KINDS)
    )
    print(f"fixture reports linked as a copy: {wrongly}/{len(articles)}")
    with_copies, alone = _points(story), _points(fixture_story)
    extra = sum((with_copies - alone).values())
    print(
        f"figure points: {sum(alone.values())} from the fixtures alone, "
        f"{sum(with_copies.values())} with the copies ({extra} not in the fixtures' story)"
    )
    carried = Counter(p.carried_by for h in story.figures for p in h.points)
    print(f"figure points by outlets carrying them: {dict(sorted(carried.items()))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true", help="the sweep alone (no parse)")
    args = parser.parse_args()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    print(f"commit {commit.stdout.strip()}")
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "copies.jsonl"
        write_jsonl(make_copies(fixture_articles()), jsonl)
        sweep(jsonl)
        if not args.sweep:
            ingest_check(jsonl, Path(tmp) / "copies.db")


if __name__ == "__main__":
    main()
