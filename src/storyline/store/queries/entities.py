"""Global entities from SQL: lookups, an entity's reports, and who is named beside it.

Lookups go by canonical key, by any name the store resolved, and by surname.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    distinct,
    exists,
    func,
    select,
)

from storyline.store.queries._common import (
    _CHUNK,
    _PERSONISH,
    EntityRow,
    G,
    L,
    R,
    ReportRow,
    _rows,
)
from storyline.store.tables import EntityName


def _entity_rows(
    conn: Connection, where: ColumnElement[bool], *, counted: bool = True
) -> list[EntityRow]:
    """Global entities, with how many reports link to each unless not ``counted`` (0 then)."""
    rows = _rows(conn, select(G.c.id, G.c.key, G.c.name, G.c.type, G.c.aliases).where(where))
    if not rows:
        return []
    ids = [r[0] for r in rows]
    counts: dict[Any, Any] = (
        {}
        if not counted
        else dict(
            _rows(
                conn,
                select(L.c.global_id, func.count(distinct(L.c.report_id)))
                .where(L.c.global_id.in_(ids))
                .group_by(L.c.global_id),
            )
        )
    )
    return [
        EntityRow(
            str(i), str(k), str(n), str(t), tuple(json.loads(a or "[]")), int(counts.get(i, 0))
        )
        for i, k, n, t, a in rows
    ]


def entity_by_key(conn: Connection, key: str) -> EntityRow | None:
    """The global entity whose canonical key this is, or None."""
    found = _entity_rows(conn, G.c.key == key)
    return found[0] if found else None


def entities_by_ids(
    conn: Connection, ids: Sequence[str], *, counted: bool = True
) -> list[EntityRow]:
    """The global entities of these ids (those that exist), their reports counted unless not.

    Counting the reports of the most quoted speakers was half of a summary's time at 100,000
    reports; a caller that wants only their keys says ``counted=False``.
    """
    found: list[EntityRow] = []
    for i in range(0, len(ids), _CHUNK):
        found += _entity_rows(conn, G.c.id.in_(list(ids[i : i + _CHUNK])), counted=counted)
    return found


def entities_of_types(conn: Connection, types: Sequence[str]) -> list[tuple[str, str, str]]:
    """``(id, key, name)`` of every global entity of these types."""
    rows = _rows(conn, select(G.c.id, G.c.key, G.c.name).where(G.c.type.in_(list(types))))
    return [(str(i), str(k), str(n)) for i, k, n in rows]


def globals_of_names(conn: Connection, keys: Sequence[str]) -> dict[str, tuple[str, str, str]]:
    """``{name key: (global id, display name, canonical key)}`` for the keys the store knows."""
    names = EntityName.__table__
    found: dict[str, tuple[str, str, str]] = {}
    for i in range(0, len(keys), _CHUNK):
        rows = _rows(
            conn,
            select(names.c.key, G.c.id, G.c.name, G.c.key)
            .select_from(names.join(G, G.c.id == names.c.global_id))
            .where(names.c.key.in_(list(keys[i : i + _CHUNK]))),
        )
        found.update({str(k): (str(g), str(n), str(gk)) for k, g, n, gk in rows})
    return found


def global_id_of_name(conn: Connection, name_key: str) -> str | None:
    """The global entity a normalised name resolves to (``global_entity_names``), or None."""
    names = EntityName.__table__
    row = conn.execute(select(names.c.global_id).where(names.c.key == name_key)).first()
    return str(row[0]) if row and row[0] else None


def surname_owners(conn: Connection, surname: str) -> list[EntityRow]:
    """The people whose canonical name has more than one word and ends with this surname."""
    found = _entity_rows(
        conn,
        and_(
            G.c.type.in_(_PERSONISH),
            G.c.key.like("% " + surname.replace("%", "").replace("_", "")),
        ),
    )
    return sorted(found, key=lambda e: (-e.reports, e.name))


_WALK_FROM = 10_000  # reports naming an entity past which its newest are met walking by date


def entity_reports(conn: Connection, entity: EntityRow, *, limit: int) -> list[ReportRow]:
    """The newest reports that name this entity, undated last.

    A frequent entity's newest reports are met soon walking all reports newest first (the
    publication-date index, each report's links by its key); a rarer one's are fewer to sort
    than the reports that walk would pass. Walking finds ``limit`` of ``k`` in about
    ``limit * N / k`` steps against ``k log k`` to sort: past about ten thousand reports the
    walk wins in a store of a hundred thousand.
    """
    cols = (R.c.id, R.c.source, R.c.outlet, R.c.published, R.c.headline)
    if entity.reports > _WALK_FROM:
        # coalesce() keeps SQLite from reading the links by global id for every report
        named = exists().where(
            L.c.report_id == R.c.id, func.coalesce(L.c.global_id, "") == entity.id
        )
        query = select(*cols).where(named)
    else:
        query = select(*cols).where(
            R.c.id.in_(select(L.c.report_id).where(L.c.global_id == entity.id))
        )
    query = query.order_by(*_newest_first(conn)).limit(limit)
    return [ReportRow(*r) for r in _rows(conn, query)]


def _newest_first(conn: Connection) -> tuple[ColumnElement[Any], ...]:
    """Reports newest first, undated last, ties by id (SQLite sorts NULL last when descending)."""
    if conn.dialect.name == "sqlite":
        return (R.c.published.desc(), R.c.id.desc())
    return (R.c.published.desc().nulls_last(), R.c.id.desc())


def cooccurring(
    conn: Connection, entity: EntityRow, report_ids: Sequence[str], *, top: int
) -> list[tuple[EntityRow, int]]:
    """The global entities named in most of these reports besides this one, with how many."""
    counts: dict[str, int] = defaultdict(int)
    for i in range(0, len(report_ids), _CHUNK):
        chunk = list(report_ids[i : i + _CHUNK])
        for gid, n in _rows(
            conn,
            select(L.c.global_id, func.count(distinct(L.c.report_id)))
            .where(L.c.report_id.in_(chunk), L.c.global_id != entity.id)
            .group_by(L.c.global_id),
        ):
            counts[str(gid)] += int(n)
    best = sorted(counts.items(), key=lambda kv: -kv[1])[: top * 2]
    by_id = {e.id: e for e in _entity_rows(conn, G.c.id.in_([g for g, _ in best]), counted=False)}
    ranked = [(by_id[g], n) for g, n in best if g in by_id]
    ranked.sort(key=lambda en: (-en[1], en[0].name))
    return ranked[:top]
