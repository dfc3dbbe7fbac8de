"""Speakers from SQL: who is quoted how often, and one speaker's statements."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    String,
    and_,
    distinct,
    exists,
    func,
    or_,
    select,
)

from storyline.store.queries._common import (
    EVERY,
    G,
    N,
    Q,
    R,
    ReportRow,
    Scope,
    _counted,
    _one,
    _rows,
)


@dataclass(frozen=True, slots=True)
class SpeakerRow:
    """One speaker's tally: a global entity, or a name or description no entity holds."""

    global_id: str | None
    name: str
    speaker_type: str
    anonymous: bool
    statements: int
    reports: int
    outlets: int
    first: str | None
    last: str | None
    group: str = ""  # what the quotes were grouped on: a global id, "~" + name, a description


@dataclass(frozen=True, slots=True)
class StatementRow:
    """One quote with its report's citation fields."""

    report: ReportRow
    start: int
    end: int
    kind: str
    content: str
    cue: str | None
    date: str | None
    speaker: str
    speaker_type: str
    words: str = ""  # the report's characters from start to end (the citation's text)


def _anonymous() -> ColumnElement[bool]:
    """A quote whose source is unnamed: typed anonymous, or a person known by description."""
    described = exists().where(
        N.c.report_id == Q.c.report_id,
        N.c.entity_id == Q.c.speaker_entity,
        N.c.kind == "description",
    )
    return or_(Q.c.speaker_type == "anonymous", and_(Q.c.speaker_type == "person", described))


def _attributed() -> ColumnElement[bool]:
    """A quote someone is named or described for (not an unresolved "he")."""
    return and_(
        or_(Q.c.speaker.is_not(None), Q.c.speaker_name.is_not(None)),
        or_(Q.c.speaker_name.is_not(None), Q.c.speaker_type != "unknown"),
    )


def speakers(conn: Connection, scope: Scope = EVERY) -> list[SpeakerRow]:
    """Every speaker with its statements, reports, outlets and first and last dates.

    Named speakers are keyed by global entity, else by their name as written; anonymous
    ones by their description (``story.summary`` folds descriptions into one source).
    """
    anon = _anonymous()
    day = func.coalesce(Q.c.date, R.c.published)
    named_key = func.coalesce(Q.c.speaker_global, "~" + func.lower(Q.c.speaker_name, type_=String))
    name = func.coalesce(Q.c.speaker_name, Q.c.speaker)
    found: list[SpeakerRow] = []
    for anonymous in (False, True):
        key = func.coalesce(Q.c.speaker_name, Q.c.speaker) if anonymous else named_key
        rows = _rows(conn,
            select(
                key, func.min(G.c.name), func.min(name), func.min(Q.c.speaker_type),
                func.count(), func.count(distinct(Q.c.report_id)),
                func.count(distinct(R.c.outlet)), func.min(day), func.max(day),
            )
            .select_from(
                Q.join(R, R.c.id == Q.c.report_id).outerjoin(G, G.c.id == Q.c.speaker_global)
            )
            .where(
                _attributed(),
                anon if anonymous else ~anon,
                _counted(Q),
                *scope.reports(Q.c.report_id),
            )
            .group_by(key)
        )  # fmt: skip
        kinds = _majority_types(conn, key, anon if anonymous else ~anon, scope)
        for k, gname, written, kind, n, n_reports, n_outlets, first, last in rows:
            is_global = not anonymous and not str(k).startswith("~")
            found.append(
                SpeakerRow(
                    global_id=str(k) if is_global else None,
                    name=str(gname or written or k),
                    speaker_type="anonymous" if anonymous else kinds.get(k, str(kind)),
                    anonymous=anonymous,
                    statements=int(n),
                    reports=int(n_reports),
                    outlets=int(n_outlets),
                    first=first,
                    last=last,
                    group=str(k),
                )
            )
    return found


def _majority_types(
    conn: Connection, key: ColumnElement[Any], which: ColumnElement[bool], scope: Scope
) -> dict[Any, str]:
    """Each speaker's type as most of its quotes give it (one report may type a person a group)."""
    counts: dict[Any, tuple[int, str]] = {}
    for k, kind, n in _rows(
        conn,
        select(key, Q.c.speaker_type, func.count())
        .where(_attributed(), which, _counted(Q), *scope.reports(Q.c.report_id))
        .group_by(key, Q.c.speaker_type),
    ):
        best = counts.get(k)
        if best is None or (int(n), str(kind)) > best:
            counts[k] = (int(n), str(kind))
    return {k: kind for k, (_, kind) in counts.items()}


def statement_count(conn: Connection, *, speaker_global: str) -> int:
    """How many statements a global entity made (copies' repeats left out)."""
    return int(
        _one(conn, select(func.count()).where(Q.c.speaker_global == speaker_global, _counted(Q)))[0]
    )


def statements(
    conn: Connection,
    *,
    speaker_global: str | None = None,
    groups: Sequence[str] = (),
    anonymous: bool = False,
    limit: int | None = None,
    scope: Scope = EVERY,
    newest_first: bool = False,
) -> list[StatementRow]:
    """One speaker's statements, oldest first (copies' repeats left out).

    The speaker is a global entity, or the groups ``speakers`` gave (``SpeakerRow.group``):
    global ids and ``"~"`` + a name no entity holds, or, ``anonymous``, descriptions.
    """
    if anonymous:
        which = and_(func.coalesce(Q.c.speaker_name, Q.c.speaker).in_(list(groups)), _anonymous())
    else:
        ids = [g for g in groups if not g.startswith("~")] + (
            [speaker_global] if speaker_global else []
        )
        loose = [g[1:] for g in groups if g.startswith("~")]
        which = or_(
            Q.c.speaker_global.in_(ids),
            and_(
                Q.c.speaker_global.is_(None),
                func.lower(Q.c.speaker_name).in_(loose),
                ~_anonymous(),
            ),
        )
    query = (
        select(
            R.c.id, R.c.source, R.c.outlet, R.c.published, R.c.headline,
            Q.c.start, Q.c.end, Q.c.kind, Q.c.content, Q.c.cue,
            func.coalesce(Q.c.date, R.c.published), func.coalesce(G.c.name, Q.c.speaker_name),
            Q.c.speaker_type, func.substr(R.c.text, Q.c.start + 1, Q.c.end - Q.c.start),
        )
        .select_from(Q.join(R, R.c.id == Q.c.report_id).outerjoin(G, G.c.id == Q.c.speaker_global))
        .where(which, _counted(Q), *scope.reports(Q.c.report_id))
    )  # fmt: skip
    order = (func.coalesce(Q.c.date, R.c.published), R.c.published, Q.c.start)
    query = query.order_by(*(o.desc() for o in order) if newest_first else order)
    if limit is not None:
        query = query.limit(limit)
    return [
        StatementRow(
            report=ReportRow(*r[:5]),
            start=int(r[5]),
            end=int(r[6]),
            kind=str(r[7]),
            content=str(r[8]),
            cue=r[9],
            date=r[10],
            speaker=str(r[11]),
            speaker_type=str(r[12]),
            words=str(r[13]),
        )
        for r in _rows(conn, query)
    ]
