"""Global entities (issue 16): how name variants resolve in a store, and that no pronoun is one.

Reads a store made by ``storyline ingest`` (or migrated to schema 9) and prints, for each name
asked about, the global entity its normalised form resolves to: id, name, type, the reports
and mentions of that entity, and the record entities written that way. Then the counts: global
entities, report entities linked, named report entities left out as pronouns or relative words,
and global entities whose name is one (must be 0).

    storyline ingest ../shared/benchmarks/quotes/polnear/data/train/text --db /tmp/x.db --workers 2
    python benchmarks/global_entities.py --db /tmp/x.db
"""

from __future__ import annotations

import argparse

from sqlalchemy import text

from _common import git_commit, machine
from storyline import open_store
from storyline.extract.entities import is_pronoun_name, name_key, normalize_name

NAMES = (
    "Donald Trump",
    "Donald J. Trump",
    "Trump",
    "Hillary Clinton",
    "Clinton",
    "Bill Clinton",
    "Barack Obama",
    "Obama",
)

_ROW = text(
    "SELECT g.id, g.name, g.type, c.reports, c.mentions,"
    " (SELECT count(*) FROM entity_links l WHERE l.name_key = n.key) AS written"
    " FROM global_entity_names n JOIN global_entities g ON g.id = n.global_id"
    " JOIN global_entity_counts c ON c.id = g.id WHERE n.key = :key"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, help="a store at schema 9 (path or URL)")
    parser.add_argument("names", nargs="*", default=list(NAMES), help="names to look up")
    args = parser.parse_args()
    with open_store(args.db, read_only=True) as store, store.engine.connect() as conn:
        print(f"command: python benchmarks/global_entities.py --db {args.db}")
        print(f"commit:  {git_commit()}")
        print(f"machine: {machine()}")
        print(f"{'name':<18} {'global id':<17} {'resolves to':<18} {'type':<7} "
              f"{'reports':>7} {'mentions':>8} {'written so':>10}")  # fmt: skip
        for name in args.names:
            key = name_key(normalize_name(name, "PERSON"))
            row = conn.execute(_ROW, {"key": key}).first()
            if row is None:
                print(f"{name:<18} (not in the store)")
                continue
            gid, canonical, type_, reports, mentions, written = row
            print(f"{name:<18} {gid:<17} {canonical:<18} {type_:<7} "
                  f"{reports:>7,} {mentions:>8,} {written:>10,}")  # fmt: skip
        n_global = conn.execute(text("SELECT count(*) FROM global_entities")).scalar_one()
        n_links = conn.execute(text("SELECT count(*) FROM entity_links")).scalar_one()
        named = conn.execute(text("SELECT name FROM entities WHERE kind = 'named'")).scalars()
        pronouns = sum(1 for n in named if is_pronoun_name(n))
        names = conn.execute(text("SELECT name, aliases FROM global_entities")).all()
        bad = [n for n, _ in names if is_pronoun_name(n)]
    print(f"global entities: {n_global:,}; report entities linked: {n_links:,}")
    print(f"named report entities left out as pronouns or relative words: {pronouns}")
    print(f"global entities named by a pronoun or relative word: {len(bad)} {bad[:5]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
