"""Global entities (issue 16): one row per person, organisation or place across the store.

Every report has its own entities (the ``entities`` table, ids of the record). At ingest each
named one is linked (``entity_links``) to a global entity (``global_entities``) by the rules
the story uses (``storyline.extract.entities.across``): "Donald J. Trump", "Donald Trump" and
"Trump" are one entity while the store knows one Trump with a first name, and "Clinton"
stays an entity of its own once the store has both Hillary and Bill Clinton. Quotes, figures
and events then carry the global id of the entity they name (``speaker_global``,
``source_global``, ``actor_global``, ``target_global``), so SQL and Datasette can join across
reports without resolving names themselves.

Why incremental works: the rules only compare names with the same last word, so after a
batch only the names sharing a last word with the batch's names are resolved again, from
their stored counts (``global_entity_names``), and what changes (a surname that became
ambiguous, an initialled name that found its full name) is rewritten in the links and item
rows it touches. A store built in any number of batches, in any order, holds what one
resolution of all its reports would give; the tests check that against ``resolve_entities``.

Ids are a hash of the canonical key, so re-ingesting or another machine gives the same id.
An entity whose key stops being canonical (a "Donald J. Trump" entity once "Donald Trump"
arrives) is deleted, its names and links moved to the entity they now resolve to.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, text, update

from storyline.extract.entities import (
    alias_keys,
    is_pronoun_name,
    majority,
    name_key,
    normalize_name,
    surname,
)
from storyline.store.locks import ENTITY_LOCK, take_turns
from storyline.store.rows import clamp, storable
from storyline.store.tables import Entity, EntityLink, EntityName, GlobalEntity

__all__ = ["ITEM_GLOBALS", "attach_entities", "fill_item_globals", "global_id"]

_CHUNK = 500  # values in one IN (...) list: well under every driver's parameter limit
# The item columns that name a report entity, and the global column each one fills.
ITEM_GLOBALS: dict[str, tuple[tuple[str, str], ...]] = {
    "quotes": (("speaker_entity", "speaker_global"),),
    "figures": (("source_entity", "source_global"),),
    "events": (("actor_entity", "actor_global"), ("target_entity", "target_global")),
}


def global_id(key: str) -> str:
    """Return the stable id of the global entity whose canonical key this is."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class _Name:
    """One normalised name: its counts, and the global entity it resolved to before."""

    key: str
    types: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    global_id: str | None = None
    stored: bool = False


def attach_entities(
    conn: Connection, report_ids: Sequence[str], *, items_stored: bool = True
) -> dict[tuple[str, str], str]:
    """Link the named entities of these stored reports to global entities, in this transaction.

    Reads the reports' rows of ``entities`` (so the same step serves an ingest and the
    migration of an old store), counts their names, resolves every name that shares a last
    word with them again, and rewrites what moved. Pronouns and relative words ("He", "who")
    and names that normalise to nothing are linked to no global entity.

    Args:
        conn: a write transaction.
        report_ids: reports whose ``entities`` rows are stored and not linked yet.
        items_stored: whether their quotes, figures and events are stored too, and get their
            global columns here; an ingest writes those rows after, from the map returned
            (``fill_item_globals``), which saves an UPDATE of every new row.

    Returns:
        ``{(report id, record entity id): global id}`` for the entities of these reports.
    """
    if not report_ids:
        return {}
    take_turns(conn, ENTITY_LOCK)  # two writers must not resolve the same names apart
    links, seen = _read_links(conn, report_ids)
    if not links:
        return {}
    # Every name sharing a last word with the batch's names: the only ones it can move.
    group = _load_names(conn, sorted({surname(k) for k in seen}))
    for key, (types, written) in seen.items():
        entry = group.setdefault(key, _Name(key))
        entry.types.update(types)
        entry.names.update(written)
    _save_counts(conn, [group[k] for k in seen])
    moved, old_ids = _resolve(conn, group)
    for link in links:
        link["global_id"] = group[link["name_key"]].global_id
    conn.execute(insert(EntityLink), links)
    touched = set(report_ids) if items_stored else set()
    if moved:
        conn.execute(
            update(EntityLink)
            .where(EntityLink.name_key == bindparam("b_key"))
            .values(global_id=bindparam("gid")),
            [{"b_key": k, "gid": group[k].global_id} for k in sorted(moved)],
        )
        for chunk in _chunks(sorted(moved)):
            found = conn.execute(
                select(EntityLink.report_id).where(EntityLink.name_key.in_(chunk)).distinct()
            )
            touched.update(found.scalars())
    _refresh_items(conn, sorted(touched))
    live = {n.global_id for n in group.values()}
    gone = sorted(old_ids - live)
    for chunk in _chunks(gone):
        conn.execute(delete(GlobalEntity).where(GlobalEntity.id.in_(chunk)))
    return {(str(k["report_id"]), str(k["entity_id"])): str(k["global_id"]) for k in links}


def fill_item_globals(
    rows: dict[str, list[dict[str, Any]]], found: dict[tuple[str, str], str]
) -> None:
    """Give the quote, figure and event rows about to be inserted their global columns."""
    for table, pairs in ITEM_GLOBALS.items():
        for row in rows.get(table, ()):
            for local, glob in pairs:
                entity = row.get(local)
                row[glob] = found.get((row["report_id"], entity)) if entity else None


def _read_links(
    conn: Connection, report_ids: Sequence[str]
) -> tuple[list[dict[str, Any]], dict[str, tuple[Counter[str], Counter[str]]]]:
    """The links to write for these reports, and the counts of each name key they add."""
    links: list[dict[str, Any]] = []
    seen: dict[str, tuple[Counter[str], Counter[str]]] = {}
    for chunk in _chunks(report_ids):
        query = (
            select(Entity.report_id, Entity.n, Entity.entity_id, Entity.name, Entity.type)
            .where(Entity.report_id.in_(chunk), Entity.kind == "named")
            .order_by(Entity.report_id, Entity.n)
        )
        for rid, n, entity_id, name, type_ in conn.execute(query):
            if is_pronoun_name(name):
                continue
            display = normalize_name(name, type_)
            if not display:
                continue
            key = clamp(storable(name_key(display)))
            types, written = seen.setdefault(key, (Counter(), Counter()))
            types[type_] += 1
            written[display] += 1
            links.append({"report_id": rid, "entity_n": n, "entity_id": entity_id, "name_key": key})
    return links, seen


def _load_names(conn: Connection, surnames: list[str]) -> dict[str, _Name]:
    """The stored names whose last word is one of ``surnames``, with their counts."""
    found: dict[str, _Name] = {}
    for chunk in _chunks(surnames):
        query = select(
            EntityName.key, EntityName.types, EntityName.names, EntityName.global_id
        ).where(EntityName.surname.in_(chunk))
        for key, types, written, gid in conn.execute(query):
            counts = Counter(json.loads(types)), Counter(json.loads(written))
            found[key] = _Name(key, *counts, global_id=gid, stored=True)
    return found


def _save_counts(conn: Connection, names: Iterable[_Name]) -> None:
    """Write the names' counts: new names inserted (unresolved yet), known ones updated."""
    new: list[dict[str, str | None]] = []
    known: list[dict[str, str]] = []
    for n in names:
        row = {
            "key": n.key,
            "types": json.dumps(dict(sorted(n.types.items()))),
            "names": json.dumps(dict(sorted(n.names.items())), ensure_ascii=False),
        }
        if n.stored:
            known.append({"b_key": n.key, **row})
        else:
            new.append({**row, "surname": surname(n.key), "global_id": None})
            n.stored = True
    if new:
        conn.execute(insert(EntityName), new)
    if known:
        conn.execute(
            update(EntityName)
            .where(EntityName.key == bindparam("b_key"))
            .values(types=bindparam("types"), names=bindparam("names")),
            known,
        )


def _resolve(conn: Connection, group: dict[str, _Name]) -> tuple[set[str], set[str]]:
    """Resolve a group of names again; write its global entities and the names' new ids.

    Returns the keys whose global id changed (their links and items must follow) and every
    global id the group pointed to before (those no name points to now are deleted).
    """
    types = {k: majority(n.types) for k, n in group.items()}
    aliases = alias_keys(types)
    members: dict[str, list[str]] = defaultdict(list)
    for k in group:
        members[aliases.get(k, k)].append(k)
    wanted = {
        global_id(base): {
            "id": global_id(base),
            "key": base,
            "name": majority(group[base].names),
            "type": types[base],
            "aliases": json.dumps(
                sorted({w for k in keys for w in group[k].names}), ensure_ascii=False
            ),
        }
        for base, keys in members.items()
    }
    stored: dict[str, tuple[str, str, str]] = {}
    for chunk in _chunks(sorted(wanted)):
        query = select(
            GlobalEntity.id, GlobalEntity.name, GlobalEntity.type, GlobalEntity.aliases
        ).where(GlobalEntity.id.in_(chunk))
        stored.update({r[0]: (r[1], r[2], r[3]) for r in conn.execute(query)})
    new = [row for gid, row in wanted.items() if gid not in stored]
    changed = [
        {"b_id": gid, "name": row["name"], "type": row["type"], "aliases": row["aliases"]}
        for gid, row in wanted.items()
        if gid in stored and stored[gid] != (row["name"], row["type"], row["aliases"])
    ]
    if new:
        conn.execute(insert(GlobalEntity), new)
    if changed:
        conn.execute(
            update(GlobalEntity)
            .where(GlobalEntity.id == bindparam("b_id"))
            .values(name=bindparam("name"), type=bindparam("type"), aliases=bindparam("aliases")),
            changed,
        )
    old_ids = {n.global_id for n in group.values() if n.global_id is not None}
    moved: set[str] = set()
    renamed: list[dict[str, str]] = []
    for base, keys in members.items():
        gid = global_id(base)
        for k in keys:
            if group[k].global_id != gid:
                if group[k].global_id is not None:
                    moved.add(k)
                group[k].global_id = gid
                renamed.append({"b_key": k, "global_id": gid})
    if renamed:
        conn.execute(
            update(EntityName)
            .where(EntityName.key == bindparam("b_key"))
            .values(global_id=bindparam("global_id")),
            renamed,
        )
    return moved, old_ids


def _refresh_items(conn: Connection, report_ids: Sequence[str]) -> None:
    """Set the global columns of these reports' quotes, figures and events from their links."""
    for chunk in _chunks(report_ids):
        marks = ", ".join(f":r{i}" for i in range(len(chunk)))
        params = {f"r{i}": rid for i, rid in enumerate(chunk)}
        for table, pairs in ITEM_GLOBALS.items():
            sets = ", ".join(
                f"{glob} = (SELECT l.global_id FROM entity_links l "
                f"WHERE l.report_id = {table}.report_id AND l.entity_id = {table}.{local} "
                "LIMIT 1)"
                for local, glob in pairs
            )
            named = " OR ".join(f"{local} IS NOT NULL" for local, _ in pairs)
            conn.execute(
                text(f"UPDATE {table} SET {sets} WHERE report_id IN ({marks}) AND ({named})"),
                params,
            )


def _chunks(values: Sequence[str]) -> Iterable[list[str]]:
    for i in range(0, len(values), _CHUNK):
        yield list(values[i : i + _CHUNK])
