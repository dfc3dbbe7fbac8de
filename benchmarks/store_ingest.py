"""Store benchmark: ingest rate (reports/s) into SQLite and PostgreSQL, and story query time.

Records are generated, not parsed: the 30 reports of tests/fixtures/story_corpus are read once
with storyline.read_many (real records with their extracted entities, quotes, dates and
figures), and report i is template i % 30 with a unique closing line appended to its text (so
its id, a hash of the text, is new), its publication date moved over 60 days, and its outlet
one of eight. Offsets stay valid because the text only grows at the end. This measures the
store, not the parser (see throughput.py for that).

``--distinct``: by default every generated report is a near copy of its template (they share
far more than the 0.40 of five-word shingles at which the store links a syndicated copy, see
store/copies.py), so all but 30 reports are linked as copies and their quotes and figures
marked repeated: the story queries then skip most rows cheaply, and a store of N distinct
reports is understated. With ``--distinct`` each report gets, between the template text and
its closing line, five paragraphs (100 to 140 words each) of pseudo-words drawn with
``random.Random(i)`` from a fixed vocabulary (reproducible, and matching no real word a search
or a name looks for). The template's shingles are then under a tenth of each report's (at most
0.10 shared between two reports of one template, measured), so no report is linked as a copy,
while names, quotes, figures and their offsets stay the template's. Reports are ~4.6 KB of text
instead of ~0.3 KB, and ingest is slower: the store shingles and MinHashes every word, and
reports of one template still share a few MinHash keys, so some candidates are compared.

``--store PATH`` keeps the SQLite store (a new file) for web_overview.py ``--store``;
``--no-story`` skips load_story (the whole story in memory, slow on 100,000 distinct reports).

    python benchmarks/store_ingest.py                      # 10,000 reports, SQLite only
    python benchmarks/store_ingest.py --n 10000 --pg postgresql://u:p@127.0.0.1/db
    python benchmarks/store_ingest.py --n 100000 --distinct --store /tmp/distinct100k.db \\
        --no-story
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from _common import REPO, git_commit, machine
from storyline import ArticleRecord, load_story, open_store, read_many

CORPUS = REPO / "tests" / "fixtures" / "story_corpus" / "reports"
OUTLETS = 8


def templates() -> list[ArticleRecord]:
    return [r for r in read_many([CORPUS]) if isinstance(r, ArticleRecord)]


# --distinct: the filler appended to every report, made of pseudo-words (syllables drawn once
# from a fixed seed), so it matches no real word a search or a name would look for.
FILLER_PARAGRAPHS = 5
FILLER_WORDS = (100, 140)  # words per paragraph, drawn per report
_SYLLABLES = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"]


def _vocabulary(size: int = 4000) -> list[str]:
    rng = random.Random(20250301)
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


VOCABULARY = _vocabulary()


def filler(i: int) -> str:
    """Report i's filler: a few paragraphs of seeded pseudo-random words, the same on every run."""
    rng = random.Random(i)
    paragraphs = []
    for _ in range(FILLER_PARAGRAPHS):
        sentences = []
        left = rng.randint(*FILLER_WORDS)
        while left > 0:
            k = min(left, rng.randint(8, 20))
            words = rng.choices(VOCABULARY, k=k)
            sentences.append(" ".join(words).capitalize() + ".")
            left -= k
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def make(base: list[ArticleRecord], i: int, *, distinct: bool = False) -> ArticleRecord:
    """Generated report i: template i % len(base), grown at the end (its items stay valid)."""
    start = date(2025, 3, 1)
    t = base[i % len(base)]
    text = f"{t.text}\n\n(Bulletin {i:06d}.)\n"
    if distinct:
        text = f"{t.text}\n\n{filler(i)}\n\n(Bulletin {i:06d}.)\n"
    return t.model_copy(
        update={
            "text": text,
            "id": f"bench{i:011d}",
            "source": f"bench/{i:06d}.txt",
            "published": (start + timedelta(days=i % 60)).isoformat(),
            "outlet": f"Outlet {i % OUTLETS}",
        }
    )


def generate(base: list[ArticleRecord], n: int, *, distinct: bool = False) -> list[ArticleRecord]:
    return [make(base, i, distinct=distinct) for i in range(n)]


def iter_generate(
    base: list[ArticleRecord], n: int, *, distinct: bool = False
) -> Iterator[ArticleRecord]:
    """The records of ``generate(base, n)``, one at a time, in the same order.

    A hundred thousand records held at once take gigabytes; a store can ingest them as a stream.
    """
    for i in range(n):
        yield make(base, i, distinct=distinct)


def bench(
    target: str, records: list[ArticleRecord], batch: int, *, story: bool = True
) -> dict[str, float]:
    with open_store(target) as store:
        t0 = time.perf_counter()
        summary = store.ingest(records, batch_size=batch)
        ingest_s = time.perf_counter() - t0
        assert summary.stored == len(records), summary
        print(f"  {target.split('?')[0].rsplit('@', 1)[-1]}: {summary}", file=sys.stderr)
        t0 = time.perf_counter()
        again = store.ingest(records, batch_size=batch)
        rerun_s = time.perf_counter() - t0
        assert again.duplicates == len(records)
        counts = store.counts()
        story_s = about_s = float("nan")
        if story:
            t0 = time.perf_counter()
            load_story(store)
            story_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            load_story(store, about="Miriam Castell", since="2025-04-01")
            about_s = time.perf_counter() - t0
    rows = sum(counts.values())
    return {
        "reports": len(records),
        "rows": rows,
        "copies": summary.copies,
        "ingest_s": ingest_s,
        "reports_per_s": len(records) / ingest_s,
        "rerun_s": rerun_s,
        "story_s": story_s,
        "about_s": about_s,
    }


def _pg_schema(base: str) -> tuple[str, str]:
    import sqlalchemy as sa

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(base.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    return schema, f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"


def _pg_drop(base: str, schema: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(base.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="reports to generate")
    parser.add_argument("--batch-size", type=int, default=256, help="reports per transaction")
    parser.add_argument(
        "--pg", default=os.environ.get("STORYLINE_TEST_PG_URL"), help="PostgreSQL URL"
    )
    parser.add_argument(
        "--distinct",
        action="store_true",
        help="append a unique filler to every report: no report is a near copy of another",
    )
    parser.add_argument(
        "--store", type=Path, help="SQLite file to ingest into and keep (must not exist yet)"
    )
    parser.add_argument(
        "--no-story", action="store_true", help="skip load_story (the whole story in memory)"
    )
    args = parser.parse_args()
    if args.store is not None and args.store.exists():
        parser.error(f"--store {args.store} exists already; give a new path")
    t0 = time.perf_counter()
    base = templates()
    records = generate(base, args.n, distinct=args.distinct)
    print(
        f"generated {len(records):,} records from {len(base)} read templates "
        f"in {time.perf_counter() - t0:.1f}s"
    )
    results = {}
    story = not args.no_story
    if args.store is not None:
        args.store.parent.mkdir(parents=True, exist_ok=True)
        results["sqlite"] = bench(str(args.store), records, args.batch_size, story=story)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            db = str(Path(tmp) / "bench.db")
            results["sqlite"] = bench(db, records, args.batch_size, story=story)
    if args.pg:
        schema, url = _pg_schema(args.pg)
        try:
            results["postgresql"] = bench(url, records, args.batch_size, story=story)
        finally:
            _pg_drop(args.pg, schema)
    shown = " ".join(sys.argv[1:])
    if args.pg:
        from sqlalchemy.engine import make_url

        shown = shown.replace(args.pg, make_url(args.pg).render_as_string(hide_password=True))
    print(f"command: python benchmarks/store_ingest.py {shown}")
    print(f"commit:  {git_commit()}")
    print(f"machine: {machine()}")
    print(
        f"{'backend':<11} {'reports':>8} {'copies':>7} {'rows':>9} {'ingest s':>9} "
        f"{'reports/s':>10} {'rerun s':>8} {'story s':>8} {'about s':>8}"
    )
    for name, r in results.items():
        print(
            f"{name:<11} {r['reports']:>8,} {r['copies']:>7,} {r['rows']:>9,} "
            f"{r['ingest_s']:>9.2f} "
            f"{r['reports_per_s']:>10,.0f} {r['rerun_s']:>8.2f} {r['story_s']:>8.2f} "
            f"{r['about_s']:>8.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
