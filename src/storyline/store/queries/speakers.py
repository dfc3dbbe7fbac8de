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
    case,
    distinct,
    exists,
    func,
    or_,
    select,
)

from storyline.store.queries._common import (
    _CHUNK,
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
    ones by their description (``story.summary`` folds descriptions into one source). One
    pass over the quotes, grouped by speaker and type: a speaker's type is the one most of
    its quotes give (one report may type a person a group), and its report count adds over
    its types (a report that types the same speaker two ways counts twice: rare).
    """
    day = func.coalesce(Q.c.date, R.c.published)
    named_key = func.coalesce(Q.c.speaker_global, "~" + func.lower(Q.c.speaker_name, type_=String))
    key = case((_anonymous(), "@" + func.coalesce(Q.c.speaker_name, Q.c.speaker)), else_=named_key)
    name = func.coalesce(Q.c.speaker_name, Q.c.speaker)
    rows = _rows(conn,
        select(
            key, Q.c.speaker_type, func.min(G.c.name), func.min(name),
            func.count(), func.count(distinct(Q.c.report_id)),
            func.count(distinct(R.c.outlet)), func.min(day), func.max(day),
        )
        .select_from(Q.join(R, R.c.id == Q.c.report_id).outerjoin(G, G.c.id == Q.c.speaker_global))
        .where(_attributed(), _counted(Q), *scope.reports(Q.c.report_id))
        .group_by(key, Q.c.speaker_type)
    )  # fmt: skip
    merged: dict[str, list[Any]] = {}
    kinds: dict[str, tuple[int, str]] = {}
    for k, kind, gname, written, n, n_reports, n_outlets, first, last in rows:
        k = str(k)
        best = kinds.get(k)
        if best is None or (int(n), str(kind)) > best:
            kinds[k] = (int(n), str(kind))
        old = merged.get(k)
        if old is None:
            merged[k] = [gname or written or k, int(n), int(n_reports), int(n_outlets), first, last]
        else:
            old[1] += int(n)
            old[2] += int(n_reports)
            old[3] = max(old[3], int(n_outlets))
            old[4] = min(filter(None, (old[4], first)), default=None)
            old[5] = max(filter(None, (old[5], last)), default=None)
    found: list[SpeakerRow] = []
    for k, (shown, n, n_reports, n_outlets, first, last) in merged.items():
        anonymous = k.startswith("@")
        found.append(
            SpeakerRow(
                global_id=None if anonymous or k.startswith("~") else k,
                name=str(shown)[1:] if anonymous and shown == k else str(shown),
                speaker_type="anonymous" if anonymous else kinds[k][1],
                anonymous=anonymous,
                statements=n,
                reports=n_reports,
                outlets=n_outlets,
                first=first,
                last=last,
                group=k[1:] if anonymous else k,
            )
        )
    return found


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
        which = Q.c.speaker_global.in_(ids)
        if loose:  # an empty branch still read every quote without an entity (an index OR)
            which = or_(
                which,
                and_(
                    Q.c.speaker_global.is_(None),
                    func.lower(Q.c.speaker_name).in_(loose),
                    ~_anonymous(),
                ),
            )
    # The page's quotes are chosen first, from the quotes and the reports' dates alone (an
    # index): reading each report's row (its text) for every quote of a frequent speaker
    # before keeping fifty was most of the time.
    order = (func.coalesce(Q.c.date, R.c.published), R.c.published, Q.c.start, Q.c.report_id)
    chosen = (
        select(Q.c.report_id, Q.c.n)
        .select_from(Q.join(R, R.c.id == Q.c.report_id))
        .where(which, _counted(Q), *scope.reports(Q.c.report_id))
        .order_by(*(o.desc() for o in order) if newest_first else order)
    )
    if limit is not None:
        chosen = chosen.limit(limit)
    rank = {(str(r), int(n)): i for i, (r, n) in enumerate(_rows(conn, chosen))}
    ids = sorted({r for r, _ in rank})
    found: list[tuple[Any, ...]] = []
    for i in range(0, len(ids), _CHUNK):
        found += [
            r
            for r in _rows(conn,
                select(
                    R.c.id, R.c.source, R.c.outlet, R.c.published, R.c.headline,
                    Q.c.start, Q.c.end, Q.c.kind, Q.c.content, Q.c.cue,
                    func.coalesce(Q.c.date, R.c.published),
                    func.coalesce(G.c.name, Q.c.speaker_name), Q.c.speaker_type,
                    func.substr(R.c.text, Q.c.start + 1, Q.c.end - Q.c.start), Q.c.n,
                )
                .select_from(
                    Q.join(R, R.c.id == Q.c.report_id).outerjoin(G, G.c.id == Q.c.speaker_global)
                )
                .where(Q.c.report_id.in_(ids[i : i + _CHUNK]))
            )
            if (str(r[0]), int(r[14])) in rank
        ]  # fmt: skip
    found.sort(key=lambda r: rank[(str(r[0]), int(r[14]))])
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
        for r in found
    ]
