"""What every query module shares: the tables, the shared row shapes, how rows are read.

Rows are read as plain tuples, by position, into this package's frozen dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Executable,
    false,
    select,
)

from storyline.store.tables import (
    CopyRow,
    Entity,
    EntityLink,
    Event,
    Figure,
    GlobalEntity,
    Mention,
    Quote,
    Report,
)

R = Report.__table__


Q = Quote.__table__


F = Figure.__table__


E = Event.__table__


G = GlobalEntity.__table__


L = EntityLink.__table__


C = CopyRow.__table__


N = Entity.__table__


M = Mention.__table__


_PERSONISH = ("PERSON", "person")


_CHUNK = 500  # values in one IN (...) list: well under every driver's parameter limit


@dataclass(frozen=True, slots=True)
class ReportRow:
    """A report as lists show it, without its text."""

    id: str
    source: str
    outlet: str | None
    published: str | None
    headline: str | None


@dataclass(frozen=True, slots=True)
class EntityRow:
    """A global entity with how many reports link to it."""

    id: str
    key: str
    name: str
    type: str
    aliases: tuple[str, ...]
    reports: int


def _rows(conn: Connection, query: Executable) -> list[tuple[Any, ...]]:
    """The rows of a query as plain tuples: this module reads its columns by position."""
    return [tuple(r) for r in conn.execute(query)]


def _one(conn: Connection, query: Executable) -> tuple[Any, ...]:
    """The one row of an aggregate query."""
    return tuple(conn.execute(query).one())


def _counted(item: Any) -> ColumnElement[bool]:  # noqa: ANN401  (a SQLAlchemy table)
    """Not a syndicated copy's repeat of its original's item (``copies.mark_repeats``)."""
    counted: ColumnElement[bool] = item.c.repeated == false()
    return counted


@dataclass(frozen=True, slots=True)
class Scope:
    """Which reports a query counts: all, those naming one global entity, those since a day.

    ``storyline story --about NAME --since DAY`` asks the same questions of fewer reports.
    """

    entity_id: str | None = None  # reports linked to this global entity
    since: str | None = None  # reports published on or after this YYYY-MM-DD (undated: out)

    def reports(self, report_id: ColumnElement[Any]) -> list[ColumnElement[bool]]:
        """The conditions on an item's (or report's) report id."""
        found: list[ColumnElement[bool]] = []
        if self.entity_id is not None:
            found.append(
                report_id.in_(select(L.c.report_id).where(L.c.global_id == self.entity_id))
            )
        if self.since is not None:
            found.append(report_id.in_(select(R.c.id).where(R.c.published >= self.since)))
        return found


EVERY = Scope()  # every report of the store
