"""The ``failures`` table: one row per input that could not be read or stored, its latest reason.

An ingest never stops at a failure (``Store.ingest``); it keeps it here, clears it when the
input is stored later, and tells a failure that is news from one recorded before with the
same reason, so a rerun from cron can say that nothing new went wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import Connection, delete, insert, select

from storyline.store.rows import clamp, storable
from storyline.store.tables import FailureRow

__all__ = ["FAILURE_INPUT_CHARS", "FailureLike", "Refused", "record_failures"]

FAILURE_INPUT_CHARS = 600  # an input's name as the failures key (<= 2,400 bytes, indexable)


class FailureLike(Protocol):
    """Anything with the input it came from and a one-line reason (an engine ``Failure``)."""

    @property
    def source(self) -> str:
        """The input that failed."""
        ...

    @property
    def reason(self) -> str:
        """Why, in one line."""
        ...


@dataclass(frozen=True, slots=True)
class Refused:
    """A report the database would not store, as a failure of its input."""

    source: str
    reason: str


def _failure_key(source: str) -> str:
    """An input's name as the ``failures`` table keys it: storable, and short enough to index."""
    return clamp(storable(source), FAILURE_INPUT_CHARS)


def record_failures(
    conn: Connection, stored: Sequence[str], failures: Sequence[FailureLike], *, now: datetime
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Clear the failure rows of inputs now stored, record the new failures.

    A report stored, or met as one already stored, clears its input's row. Return the
    failures split into those that are news and those recorded before with the same reason.
    """
    failed = [(f.source, f.reason) for f in failures]
    latest = {_failure_key(src): storable(reason) for src, reason in failed}  # last one wins
    gone = {_failure_key(src) for src in stored} | set(latest)
    if not gone:
        return [], []
    previous: dict[str, str] = {}
    if latest:
        found = conn.execute(
            select(FailureRow.input, FailureRow.reason).where(FailureRow.input.in_(list(latest)))
        )
        previous = {row[0]: row[1] for row in found}
    conn.execute(delete(FailureRow).where(FailureRow.input.in_(list(gone))))
    if latest:
        conn.execute(
            insert(FailureRow),
            [{"input": k, "reason": v, "failed_at": now} for k, v in latest.items()],
        )
    before = [f for f in failed if previous.get(_failure_key(f[0])) == storable(f[1])]
    return [f for f in failed if f not in before], before
