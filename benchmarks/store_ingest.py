"""Store benchmark: ingest rate (reports/s) into SQLite and PostgreSQL, and story query time.

Records are generated, not parsed: the 30 reports of tests/fixtures/story_corpus are read once
with storyline.read_many (real records with their extracted entities, quotes, dates and
figures), and report i is template i % 30 with a unique closing line appended to its text (so
its id, a hash of the text, is new), its publication date moved over 60 days, and its outlet
one of eight. Offsets stay valid because the text only grows at the end. This measures the
store, not the parser (see throughput.py for that).

    python benchmarks/store_ingest.py                      # 10,000 reports, SQLite only
    python benchmarks/store_ingest.py --n 10000 --pg postgresql://u:p@127.0.0.1/db
"""

from __future__ import annotations

import argparse
import os
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


def generate(base: list[ArticleRecord], n: int) -> list[ArticleRecord]:
    start = date(2025, 3, 1)
    out = []
    for i in range(n):
        t = base[i % len(base)]
        text = f"{t.text}\n\n(Bulletin {i:06d}.)\n"
        out.append(
            t.model_copy(
                update={
                    "text": text,
                    "id": f"bench{i:011d}",
                    "source": f"bench/{i:06d}.txt",
                    "published": (start + timedelta(days=i % 60)).isoformat(),
                    "outlet": f"Outlet {i % OUTLETS}",
                }
            )
        )
    return out


def iter_generate(base: list[ArticleRecord], n: int) -> Iterator[ArticleRecord]:
    """The records of ``generate(base, n)``, one at a time, in the same order.

    A hundred thousand records held at once take gigabytes; a store can ingest them as a stream.
    """
    start = date(2025, 3, 1)
    for i in range(n):
        t = base[i % len(base)]
        text = f"{t.text}\n\n(Bulletin {i:06d}.)\n"
        yield t.model_copy(
            update={
                "text": text,
                "id": f"bench{i:011d}",
                "source": f"bench/{i:06d}.txt",
                "published": (start + timedelta(days=i % 60)).isoformat(),
                "outlet": f"Outlet {i % OUTLETS}",
            }
        )


def bench(target: str, records: list[ArticleRecord], batch: int) -> dict[str, float]:
    with open_store(target) as store:
        t0 = time.perf_counter()
        summary = store.ingest(records, batch_size=batch)
        ingest_s = time.perf_counter() - t0
        assert summary.stored == len(records), summary
        t0 = time.perf_counter()
        again = store.ingest(records, batch_size=batch)
        rerun_s = time.perf_counter() - t0
        assert again.duplicates == len(records)
        counts = store.counts()
        t0 = time.perf_counter()
        story = load_story(store)
        story_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        about = load_story(store, about="Miriam Castell", since="2025-04-01")
        about_s = time.perf_counter() - t0
    rows = sum(counts.values())
    return {
        "reports": len(records),
        "rows": rows,
        "ingest_s": ingest_s,
        "reports_per_s": len(records) / ingest_s,
        "rerun_s": rerun_s,
        "story_s": story_s,
        "about_s": about_s,
        "speakers": len(story.speakers),
        "about_reports": about.n_reports,
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
    args = parser.parse_args()
    t0 = time.perf_counter()
    base = templates()
    records = generate(base, args.n)
    print(
        f"generated {len(records):,} records from {len(base)} read templates "
        f"in {time.perf_counter() - t0:.1f}s"
    )
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = bench(str(Path(tmp) / "bench.db"), records, args.batch_size)
    if args.pg:
        schema, url = _pg_schema(args.pg)
        try:
            results["postgresql"] = bench(url, records, args.batch_size)
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
        f"{'backend':<11} {'reports':>8} {'rows':>9} {'ingest s':>9} {'reports/s':>10} "
        f"{'rerun s':>8} {'story s':>8} {'about s':>8}"
    )
    for name, r in results.items():
        print(
            f"{name:<11} {r['reports']:>8,} {r['rows']:>9,} {r['ingest_s']:>9.2f} "
            f"{r['reports_per_s']:>10,.0f} {r['rerun_s']:>8.2f} {r['story_s']:>8.2f} "
            f"{r['about_s']:>8.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
