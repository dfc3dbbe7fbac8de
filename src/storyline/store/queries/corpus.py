"""The store as a whole: how many reports, from which outlets, over which dates."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    Connection,
    func,
    select,
)

from storyline.store.queries._common import (
    EVERY,
    R,
    Scope,
    _one,
    _rows,
)


@dataclass(frozen=True, slots=True)
class Totals:
    """How many reports, and the first and last publication dates among them."""

    reports: int
    first_published: str | None
    last_published: str | None


def totals(conn: Connection, scope: Scope = EVERY) -> Totals:
    """How many reports, first and last publication date."""
    n, first, last = _one(
        conn,
        select(func.count(), func.min(R.c.published), func.max(R.c.published)).where(
            *scope.reports(R.c.id)
        ),
    )
    return Totals(int(n), first, last)


def fingerprint(conn: Connection) -> tuple[int, str]:
    """How many reports, and the latest ingest time: changes whenever reports are added."""
    n, latest = _one(conn, select(func.count(), func.max(R.c.ingested_at)))
    return int(n), str(latest)


def outlets(conn: Connection, scope: Scope = EVERY) -> list[tuple[str, int]]:
    """Every outlet with its number of reports, most reports first."""
    rows = _rows(
        conn,
        select(R.c.outlet, func.count())
        .where(R.c.outlet.is_not(None), *scope.reports(R.c.id))
        .group_by(R.c.outlet)
        .order_by(func.count().desc(), R.c.outlet),
    )
    return [(str(o), int(n)) for o, n in rows]
