"""Syndicated copies: the same wire story from many outlets is one source, linked at ingest.

A copy is found in two ways. An identical text has the same record id, so the store knows it
before anything is parsed; it becomes a ``copies`` row with its own source, url, outlet and
date, and no report of its own (its record is the original's). A near-identical text (a new
headline, a trimmed last paragraph, an outlet's boilerplate line) has an id of its own: it is
stored as a report, and linked to its original when their texts overlap enough.

Near copies are found with MinHash (``datasketch``) over word shingles of the text below the
headline, indexed in the store itself (``report_keys``): each report keeps ``NUM_PERM``
minimum hashes as keys, and its count of shingles. An in-memory LSH index would have to be
rebuilt from every stored report at each ingest; rows in the store are found by one indexed
query per batch, on SQLite and PostgreSQL alike. A stored report sharing ``MIN_SHARED`` keys
with a new one, whose estimated containment (from the keys shared and the two sizes) reaches
``CANDIDATE_CONTAINMENT``, is a candidate, and the likeliest few are compared exactly: a
candidate is linked when the exact shingle containment of the two texts reaches
``COPY_CONTAINMENT``, measured in docs/benchmarks.md (syndicated copies): containment, not
Jaccard, because a trimmed copy keeps only part of its original, all of it shared. Reports
that share a boilerplate paragraph and little else share a key or two, and are not re-read.

The original is the report stored first; a copy of a copy names that first report, so the
links form stars and a story counts each original once. Only originals are keyed: a new copy
of a story that hundreds of outlets carried meets one candidate, not hundreds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from sqlalchemy import Connection, func, insert, select, text

from storyline.record.model import ArticleRecord
from storyline.store.rows import clamp, storable
from storyline.store.shingles import (
    containment,
    estimated_containment,
    minhash_keys,
    shingle_hashes,
    shingles,
)
from storyline.store.tables import CopyRow, Report, ReportKey

__all__ = [
    "CANDIDATE_CONTAINMENT",
    "COPY_CONTAINMENT",
    "MIN_SHARED",
    "Carried",
    "Carrier",
    "CopyCounts",
    "CopyLike",
    "NewReport",
    "Syndication",
    "carrier_of",
    "copies_in",
    "key_rows",
    "link_copies",
    "mark_repeats",
    "syndication",
]

MIN_SHARED = 2  # keys a stored report must share with a new one to be compared at all
MAX_CANDIDATES = 5  # stored reports compared per new one, the likeliest copies first
COMMON_KEY = 64  # originals holding one key, from which on it is a shared passage's (see _holders)
# Share of the smaller text's shingles found in the other: at or above it, one is a copy of
# the other. Measured on copies made from the test corpus (benchmarks/copies.py).
COPY_CONTAINMENT = 0.40
# A candidate is compared only when MinHash's estimate of the containment reaches this. Half
# the link threshold: 32 keys estimate a Jaccard of 0.25 (two equal texts at containment 0.40)
# to within about 0.08, and an estimate under 0.20 at that Jaccard means 3 keys or fewer
# shared, which happens to about 2.5% of such pairs (binomial), fewer above.
CANDIDATE_CONTAINMENT = COPY_CONTAINMENT / 2
SOURCE_CHARS = 600  # an input's name as copies.source keeps it (as the failures table does)


@runtime_checkable
class CopyLike(Protocol):
    """An input whose text the store already holds (an engine ``Copy``): its own metadata."""

    @property
    def source(self) -> str:
        """The input it was read from."""
        ...

    @property
    def report_id(self) -> str:
        """The id of its text, the same as the stored report's."""
        ...

    @property
    def url(self) -> str | None:
        """Where this outlet published it."""
        ...

    @property
    def outlet(self) -> str | None:
        """Who carried it."""
        ...

    @property
    def published(self) -> str | None:
        """When they did, as an ISO date."""
        ...

    @property
    def headline(self) -> str | None:
        """The headline they gave it."""
        ...


@dataclass(frozen=True, slots=True)
class Carried:
    """One input whose text is already stored (or earlier in its batch): a copy to link."""

    source: str
    report_id: str
    url: str | None
    outlet: str | None
    published: str | None
    headline: str | None


@dataclass(frozen=True, slots=True)
class NewReport:
    """A report this batch stores, as copy linking reads it (no record to parse again).

    The migration that keys an old store builds these from ``reports`` rows; an ingest, from
    the records it writes.
    """

    id: str
    text: str
    headline: str | None
    source: str
    url: str | None
    outlet: str | None
    published: str | None

    @classmethod
    def of(cls, rec: ArticleRecord) -> NewReport:
        """The report of a record."""
        head = rec.headline.text if rec.headline is not None else None
        return cls(rec.id, rec.text, head, rec.source, rec.url, rec.outlet, rec.published)


def carrier_of(item: CopyLike | ArticleRecord | NewReport) -> Carried:
    """The copy metadata of an engine ``Copy``, or of a report whose text is stored already."""
    if isinstance(item, ArticleRecord):
        item = NewReport.of(item)
    if isinstance(item, NewReport):
        return Carried(item.source, item.id, item.url, item.outlet, item.published, item.headline)
    return Carried(
        item.source, item.report_id, item.url, item.outlet, item.published, item.headline
    )


def copies_in(records: Sequence[ArticleRecord | CopyLike], new: set[str]) -> list[Carried]:
    """Every item but the first record of each new id: copies to link, or inputs read again."""
    placed: set[str] = set()
    carried = []
    for rec in records:
        if isinstance(rec, ArticleRecord) and rec.id in new and rec.id not in placed:
            placed.add(rec.id)
        else:
            carried.append(carrier_of(rec))
    return carried


@dataclass(slots=True)
class CopyCounts:
    """What ``link_copies`` did: near copies linked, identical copies linked, inputs seen again."""

    near: int = 0
    identical: int = 0
    duplicates: int = 0


def link_copies(
    conn: Connection,
    reports: Sequence[ArticleRecord | NewReport],
    carried: Sequence[Carried],
    *,
    now: datetime,
) -> CopyCounts:
    """Index the new reports, link those that copy a stored one, and record identical copies.

    Runs inside the batch's transaction, after the new reports' rows are written.

    Args:
        conn: the batch's connection.
        reports: the reports this batch stores, in input order.
        carried: inputs whose text is stored (or stored earlier in this batch).
        now: the batch's ingest time.
    """
    counts = CopyCounts()
    new = [NewReport.of(r) if isinstance(r, ArticleRecord) else r for r in reports]
    hashes = {r.id: shingle_hashes(r.text, r.headline) for r in new}
    grams = {rid: frozenset(h.tolist()) for rid, h in hashes.items()}
    keys = {rid: minhash_keys(h) for rid, h in hashes.items()}
    holders = _holders(conn, [k for ks in keys.values() for k in ks])
    candidates = {r.id: _candidates(keys[r.id], len(grams[r.id]), holders) for r in new}
    stored = _stored_texts(conn, {c for cs in candidates.values() for c in cs})
    wanted = {c for cs in candidates.values() for c in cs} | {c.report_id for c in carried}
    roots = _roots(conn, wanted)
    seen_sources = _sources(conn, wanted)
    taken = _taken(conn, carried, new, roots, wanted)
    rows: list[dict[str, Any]] = []
    key_rows: list[dict[str, Any]] = []
    local: dict[int, list[Holder]] = defaultdict(list)  # keys of this batch's earlier reports
    for rec in new:
        size = len(grams[rec.id])
        found = _candidates(keys[rec.id], size, local) + candidates[rec.id]
        best, score = _best(grams[rec.id], found, grams, stored)
        if best is not None:
            root = roots.get(best, best)
            roots[rec.id] = root
            pair = (root, _source_key(rec.source))
            if pair not in taken:
                taken.add(pair)
                rows.append(_row(carrier_of(rec), root, rec.id, score, now))
                counts.near += 1
        else:  # only originals are keyed: a story carried by 500 outlets is one candidate
            for k in keys[rec.id]:
                local[k].append((rec.id, size))
            key_rows.extend(_key_rows(rec.id, keys[rec.id], size))
        seen_sources.setdefault(rec.id, set()).update(_marks(rec))
    for item in carried:
        root = roots.get(item.report_id, item.report_id)
        marks = _marks(item)
        held = seen_sources.get(item.report_id, set())
        if any((root, m) in taken or m in held for m in marks):
            counts.duplicates += 1  # the same input, or the same outlet and url, again
            continue
        taken.update((root, m) for m in marks)
        own = item.report_id if item.report_id != root else None
        rows.append(_row(item, root, own, 1.0, now))
        counts.identical += 1
    if key_rows:
        conn.execute(insert(ReportKey), key_rows)
    if rows:
        conn.execute(insert(CopyRow), rows)
    return counts


def key_rows(report_id: str, text: str, headline: str | None) -> list[dict[str, Any]]:
    """The ``report_keys`` rows of a stored original (for a store re-keying what it holds)."""
    hashes = shingle_hashes(text, headline)
    return _key_rows(report_id, minhash_keys(hashes), len(set(hashes.tolist())))


def _key_rows(report_id: str, keys: list[int], size: int) -> list[dict[str, Any]]:
    return [{"key": k, "report_id": report_id, "size": size} for k in keys]


def _source_key(source: str) -> str:
    return clamp(storable(source), SOURCE_CHARS)


Holder = tuple[str, int | None]  # a keyed report and its count of distinct shingles


def _holders(conn: Connection, keys: list[int]) -> dict[int, list[Holder]]:
    """Which stored reports hold each key, with their sizes (two queries per batch, in chunks).

    A key that ``COMMON_KEY`` or more originals hold is left out: many distinct reports share
    that minimum hash only through a passage they all carry (an outlet's boilerplate, a
    standing paragraph), and a copy still shares its original's other keys. Reading its
    holders grew with the store: thousands of rows per batch for a key every report of one
    outlet holds.
    """
    found: dict[int, list[Holder]] = defaultdict(list)
    unique = sorted(set(keys))
    for i in range(0, len(unique), 500):  # keep under every driver's parameter limit
        chunk = unique[i : i + 500]
        common = select(ReportKey.key).where(ReportKey.key.in_(chunk)).group_by(ReportKey.key)
        common = common.having(func.count() >= COMMON_KEY)
        rare = sorted(set(chunk) - set(conn.execute(common).scalars()))
        if not rare:
            continue
        query = select(ReportKey.key, ReportKey.report_id, ReportKey.size)
        for key, rid, size in conn.execute(query.where(ReportKey.key.in_(rare))):
            found[key].append((rid, size))
    return found


def _candidates(keys: list[int], size: int, holders: dict[int, list[Holder]]) -> list[str]:
    """The reports worth comparing with a text of ``size`` shingles, likeliest copy first.

    A report must share ``MIN_SHARED`` keys, and the containment that MinHash's estimate of
    the two texts' Jaccard similarity implies, given both sizes, must reach
    ``CANDIDATE_CONTAINMENT``: texts that share a boilerplate paragraph and little else share
    a few keys, and comparing them exactly would cost a re-read of each. The
    ``MAX_CANDIDATES`` likeliest are compared.
    """
    shared: dict[str, int] = defaultdict(int)
    sizes: dict[str, int | None] = {}
    for k in keys:
        for rid, theirs in holders.get(k, ()):
            shared[rid] += 1
            sizes[rid] = theirs
    likely = {
        rid: estimate
        for rid, n in shared.items()
        if n >= MIN_SHARED
        and (estimate := estimated_containment(n, size, sizes[rid])) >= CANDIDATE_CONTAINMENT
    }
    return sorted(likely, key=likely.__getitem__, reverse=True)[:MAX_CANDIDATES]


def _stored_texts(conn: Connection, ids: set[str]) -> dict[str, frozenset[int]]:
    if not ids:
        return {}
    query = select(Report.id, Report.text, Report.headline).where(Report.id.in_(sorted(ids)))
    return {rid: shingles(text, head) for rid, text, head in conn.execute(query)}


def _best(
    mine: frozenset[int],
    found: list[str],
    batch: dict[str, frozenset[int]],
    stored: dict[str, frozenset[int]],
) -> tuple[str | None, float]:
    """The candidate this text copies most closely, if any reaches ``COPY_CONTAINMENT``."""
    best: str | None = None
    score = 0.0
    for rid in found:
        theirs = batch.get(rid) or stored.get(rid)
        if theirs is None:
            continue
        c = containment(mine, theirs)
        if c >= COPY_CONTAINMENT and c > score:
            best, score = rid, c
    return best, score


def _roots(conn: Connection, ids: set[str]) -> dict[str, str]:
    """Map each stored copy among ``ids`` to its original (reports that are no copy: absent)."""
    if not ids:
        return {}
    query = select(CopyRow.report_id, CopyRow.original_id).where(CopyRow.report_id.in_(sorted(ids)))
    return {rid: orig for rid, orig in conn.execute(query) if rid is not None}


Mark = str | tuple[str | None, str | None]  # an input, or an (outlet, url)


def _marks(item: Carried | NewReport) -> tuple[Mark, ...]:
    """What makes an input another carrier: its name, and its outlet and url together.

    The same text from the same outlet at the same url (a folder moved and ingested again, two
    metadata-less files of one text) is that carrier read again, not a copy.
    """
    return (_source_key(item.source), (item.outlet, item.url))


def _sources(conn: Connection, ids: set[str]) -> dict[str, set[Mark]]:
    """The inputs (and outlet and url) each report was stored from: read again, no copy."""
    if not ids:
        return {}
    query = select(Report.id, Report.source, Report.outlet, Report.url)
    query = query.where(Report.id.in_(sorted(ids)))
    return {rid: {_source_key(src), (outlet, url)} for rid, src, outlet, url in conn.execute(query)}


def _taken(
    conn: Connection,
    carried: Sequence[Carried],
    new: Sequence[NewReport],
    roots: dict[str, str],
    wanted: set[str],
) -> set[tuple[str, Mark]]:
    """The (original, input) and (original, (outlet, url)) pairs ``copies`` already holds.

    Read in two indexed steps, not as every copy of the originals: the pairs of the inputs'
    names first (an input read again is settled there), then, for the carriers still open,
    the rows at their urls. A story carried by thousands of outlets is not read whole per
    batch.
    """
    sources = {_source_key(c.source) for c in carried} | {_source_key(r.source) for r in new}
    if not sources:
        return set()
    originals = {roots.get(rid, rid) for rid in wanted}
    taken: set[tuple[str, Mark]] = set()
    columns = (CopyRow.original_id, CopyRow.source, CopyRow.outlet, CopyRow.url)
    by_source = select(*columns).where(
        CopyRow.original_id.in_(sorted(originals)), CopyRow.source.in_(sorted(sources))
    )
    for orig, src, outlet, url in conn.execute(by_source):
        taken.update([(orig, src), (orig, (outlet, url))])
    open_ = [c for c in carried if (roots.get(c.report_id, c.report_id), _marks(c)[0]) not in taken]
    if open_:
        query = select(*columns).where(
            CopyRow.original_id.in_(sorted({roots.get(c.report_id, c.report_id) for c in open_}))
        )
        urls = {storable(c.url) if c.url else None for c in open_}  # as _row stores them
        if None not in urls:  # a carrier without a url meets any row with none: read them all
            query = query.where(CopyRow.url.in_(sorted(u for u in urls if u is not None)))
        for orig, src, outlet, url in conn.execute(query):
            taken.update([(orig, src), (orig, (outlet, url))])
    return taken


def _row(
    item: Carried | CopyLike, original: str, own: str | None, score: float, now: datetime
) -> dict[str, Any]:
    return {
        "original_id": original,
        "source": _source_key(item.source),
        "report_id": own,
        "url": storable(item.url) if item.url else None,
        "outlet": storable(item.outlet) if item.outlet else None,
        "published": item.published,
        "headline": storable(item.headline) if item.headline else None,
        "similarity": round(score, 4),
        "ingested_at": now,
    }


@dataclass(frozen=True, slots=True)
class Carrier:
    """One outlet's copy of an original, as the explorer lists it."""

    source: str
    url: str | None
    outlet: str | None
    published: str | None
    headline: str | None
    report_id: str | None  # its own stored report, when its text differs
    similarity: float

    @property
    def name(self) -> str:
        """Who carried it: the outlet, else the url, else the input."""
        return self.outlet or self.url or self.source


@dataclass(frozen=True, slots=True)
class Syndication:
    """Every copy link of a store: which reports copy which, and who carried each original."""

    original_of: dict[str, str] = field(default_factory=dict)  # copy report -> original
    copies: dict[str, tuple[Carrier, ...]] = field(default_factory=dict)  # original -> copies
    carriers: dict[str, tuple[str, ...]] = field(default_factory=dict)  # original -> names

    def original(self, report_id: str) -> str:
        """Return the report this one copies, or itself when it copies none."""
        return self.original_of.get(report_id, report_id)

    def carried_by(self, report_id: str) -> int:
        """Return how many outlets carried this report's story (1 when no copy is known)."""
        return max(len(self.carriers.get(self.original(report_id), ())), 1)


def syndication(conn: Connection, *, report_id: str | None = None) -> Syndication:
    """Read every copy link, and who carried each original (outlet, else url, else input).

    With ``report_id``, only the links of that report's original (for one report's page).
    """
    query = select(
        CopyRow.original_id,
        CopyRow.source,
        CopyRow.url,
        CopyRow.outlet,
        CopyRow.published,
        CopyRow.headline,
        CopyRow.report_id,
        CopyRow.similarity,
        func.coalesce(Report.outlet, Report.url, Report.source),
    ).join(Report, Report.id == CopyRow.original_id)
    if report_id is not None:
        found = select(CopyRow.original_id).where(CopyRow.report_id == report_id).limit(1)
        root = conn.execute(found).scalar() or report_id
        query = query.where(CopyRow.original_id == root)
    query = query.order_by(CopyRow.original_id, CopyRow.published, CopyRow.source)
    original_of: dict[str, str] = {}
    copies: dict[str, list[Carrier]] = defaultdict(list)
    carriers: dict[str, dict[str, None]] = {}
    for row in conn.execute(query):
        orig, own = row[0], row[6]
        carrier = Carrier(row[1], row[2], row[3], row[4], row[5], own, row[7])
        o_name = row[8]
        copies[orig].append(carrier)
        if own is not None:
            original_of[own] = orig
        names = carriers.setdefault(orig, {o_name: None})
        names[carrier.name] = None
    return Syndication(
        original_of,
        {k: tuple(v) for k, v in copies.items()},
        {k: tuple(v) for k, v in carriers.items()},
    )


# What makes a copy's item the original's: the same words (case-folded), and for a figure the
# same values; the source or date read around them may differ (a new headline, a new date).
_MARK_CHUNK = 500  # report ids bound in one UPDATE: under every driver's parameter limit
_REPEATS = {
    "quotes": ("content",),
    "figures": ("text", "value", "low", "high"),
}


def mark_repeats(conn: Connection, report_ids: Sequence[str]) -> None:
    """Mark the quotes and figures of these reports that repeat their original's (if copies).

    A wire story carried by ten outlets does not make its speaker ten times quoted nor its
    toll ten sources: the story counts such an item once, on the original, and every count
    over the item tables skips rows marked ``repeated``. Reports that are no near copy (no
    ``copies`` row with them as ``report_id``) have nothing marked.
    """
    same_value = "IS" if conn.dialect.name == "sqlite" else "IS NOT DISTINCT FROM"  # NULL = NULL
    for i in range(0, len(report_ids), _MARK_CHUNK):
        params = {f"r{j}": rid for j, rid in enumerate(report_ids[i : i + _MARK_CHUNK])}
        marks = ", ".join(f":{k}" for k in params)
        for table, same in _REPEATS.items():
            words, *values = same
            match = " AND ".join(
                [f"lower(o.{words}) = lower({table}.{words})"]
                + [f"o.{v} {same_value} {table}.{v}" for v in values]
            )
            conn.execute(
                text(
                    f"UPDATE {table} SET repeated = TRUE WHERE report_id IN ({marks}) AND EXISTS "
                    f"(SELECT 1 FROM copies c JOIN {table} o ON o.report_id = c.original_id "
                    f"WHERE c.report_id = {table}.report_id AND {match})"
                ),
                params,
            )
