"""Search over reports and quotes: SQLite FTS5, PostgreSQL's word index, or LIKE.

SQLite stores search their FTS5 tables (ranked by bm25), PostgreSQL stores their GIN indexes
of words (migration 14; newest first); both match whole words, case-folded. A SQLite built
without FTS5 falls back to LIKE, which matches substrings.

The words a person types are never SQL and never FTS5 syntax: each word becomes a quoted FTS5
string (AND between them), the text of a ``plainto_tsquery`` (which ANDs its words), or a LIKE
pattern with its wildcards escaped, and reaches the database as a bound parameter. Filters
(date range, outlet) are bound parameters too.

A snippet is report text, and report text is hostile: it may hold the very characters a
snippet marks its matches with, terminal escapes, NUL, bidi overrides. FTS5 marks matches
with markers made for each search (no report can hold them), and every piece of text is
cleaned of control characters before our own markers (``HIT_START``, ``HIT_END``) go in;
the explorer (``storyline.web.search.highlight``) then escapes the text and opens and closes
``<mark>`` in pairs whatever it is given.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any, TypeVarTuple

from sqlalchemy import (
    Connection,
    Select,
    column,
    func,
    inspect,
    literal_column,
    or_,
    select,
    table,
)
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.elements import ColumnElement

from storyline.store.migrations import WORD_INDEXES, words_of
from storyline.store.tables import GlobalEntity, Quote, Report

__all__ = [
    "CONTROL",
    "HIT_END",
    "HIT_START",
    "PAGE",
    "Filters",
    "QuoteHit",
    "ReportHit",
    "Results",
    "clean",
    "fts_query",
    "like_pattern",
    "search",
]

PAGE = 50  # hits per kind per page
_WORD = re.compile(r"\w[\w'’-]*", re.UNICODE)
HIT_START, HIT_END = "\x02", "\x03"  # a snippet's match markers; clean() takes them out of text
# C0 and C1 controls (tab and newlines included: a snippet is one run of text), DEL, and the
# zero-width and bidi-override characters that could hide or reorder what a snippet shows.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
SNIPPET_CHARS = 220
_Cols = TypeVarTuple("_Cols")
_ColumnLike = ColumnElement[Any] | InstrumentedAttribute[Any]
_REPORTS_FTS = table("reports_fts", column("rowid"), column("rank"))
_QUOTES_FTS = table("quotes_fts", column("rowid"), column("rank"))


@dataclass(frozen=True, slots=True)
class Filters:
    """What a search is narrowed to: words, a publication date range, an outlet."""

    q: str = ""
    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    page: int = 1

    @property
    def words(self) -> list[str]:
        """The words searched for, at most 12."""
        return _WORD.findall(self.q)[:12]


@dataclass(frozen=True, slots=True)
class ReportHit:
    """A report that matches: its headline and a snippet with the matches between markers."""

    id: str
    published: str | None
    outlet: str | None
    headline: str | None
    snippet: str


@dataclass(frozen=True, slots=True)
class QuoteHit:
    """A quote that matches, with where it is in its report."""

    report_id: str
    published: str | None
    outlet: str | None
    speaker: str | None  # as the report names it; the story's name is the explorer's to give
    content: str
    start: int
    end: int
    kind: str = "direct"  # direct, indirect (a paraphrase) or mixed
    is_named: bool = True  # False: ``speaker`` is only the report's words ("he"), no name
    speaker_type: str = "unknown"  # person, organization, anonymous, ...
    global_name: str | None = None  # the speaker's global entity's name, when it has one


@dataclass(frozen=True, slots=True)
class Results:
    """One page of hits, and how the search was run."""

    reports: list[ReportHit]
    quotes: list[QuoteHit]
    engine: str  # "fts5", "words" (PostgreSQL's word index) or "like"
    more: bool


def search(conn: Connection, filters: Filters, *, per_page: int = PAGE) -> Results:
    """Return one page of reports and quotes matching the filters (all reports if no words).

    ``per_page`` hits of each kind make a page: ``PAGE`` on the search page, more for a
    download of every hit.
    """
    engine = _engine(conn)
    reports = _reports(conn, filters, engine, per_page)
    quotes = _quotes(conn, filters, engine, per_page) if filters.words else []
    more = len(reports) > per_page or len(quotes) > per_page
    return Results(reports[:per_page], quotes[:per_page], engine, more)


def _engine(conn: Connection) -> str:
    if conn.dialect.name == "postgresql":
        return "words"
    names = set(inspect(conn).get_table_names())
    return "fts5" if {"reports_fts", "quotes_fts"} <= names else "like"


def _words_match(index: str, words: list[str]) -> ColumnElement[bool]:
    """PostgreSQL: the indexed words of ``index``'s columns hold every word searched for."""
    table, columns = WORD_INDEXES[index]
    query = func.plainto_tsquery(literal_column("'simple'::regconfig"), " ".join(words))
    return literal_column(words_of(table, columns)).op("@@")(query)


def fts_query(words: list[str]) -> str:
    """An FTS5 query matching every word as a plain string (quotes doubled, no operators)."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def like_pattern(word: str) -> str:
    """A LIKE pattern matching the word anywhere, its wildcards taken literally."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _narrow(query: Select[*_Cols], filters: Filters) -> Select[*_Cols]:
    if filters.since:
        query = query.where(Report.published >= filters.since)
    if filters.until:
        query = query.where(Report.published <= filters.until)
    if filters.outlet:
        query = query.where(Report.outlet == filters.outlet)
    return query


def _page(query: Select[*_Cols], filters: Filters, per_page: int) -> Select[*_Cols]:
    return query.limit(per_page + 1).offset((max(filters.page, 1) - 1) * per_page)


def _reports(conn: Connection, filters: Filters, engine: str, per_page: int) -> list[ReportHit]:
    cols = (Report.id, Report.published, Report.outlet, Report.headline)
    start, end = _nonce_markers()
    fts = engine == "fts5"
    if filters.words and fts:
        index: ColumnElement[Any] = literal_column("reports_fts")
        snippet = func.snippet(index, 1, start, end, "…", 24)
        query = (
            select(*cols, snippet)
            .select_from(Report)
            .join(_REPORTS_FTS, _REPORTS_FTS.c.rowid == literal_column("reports.rowid"))
            .where(index.op("MATCH")(fts_query(filters.words)))
            .order_by(_REPORTS_FTS.c.rank)
        )
    else:
        query = select(*cols, Report.text).order_by(Report.published.desc(), Report.id)
        if filters.words and engine == "words":
            query = query.where(_words_match("ix_reports_words", filters.words))
        for w in filters.words if engine == "like" else ():
            query = query.where(_like_any((Report.headline, Report.text), w))
    rows = conn.execute(_page(_narrow(query, filters), filters, per_page)).all()
    return [
        ReportHit(
            id=r[0],
            published=r[1],
            outlet=r[2],
            headline=r[3],
            snippet=_from_fts(r[4], start, end)
            if (filters.words and fts)
            else _snippet(r[4] or "", filters.words, whole_words=engine == "words"),
        )
        for r in rows
    ]


def _quotes(conn: Connection, filters: Filters, engine: str, per_page: int) -> list[QuoteHit]:
    speaker = Quote.speaker_name
    query = (
        select(
            Quote.report_id,
            Report.published,
            Report.outlet,
            speaker,
            Quote.speaker,
            Quote.content,
            Quote.start,
            Quote.end,
            Quote.kind,
            Quote.speaker_type,
            GlobalEntity.name,
        )
        .join(Report, Report.id == Quote.report_id)
        .outerjoin(GlobalEntity, GlobalEntity.id == Quote.speaker_global)
    )
    if engine == "fts5":
        query = (
            query.join(_QUOTES_FTS, _QUOTES_FTS.c.rowid == literal_column("quotes.rowid"))
            .where(literal_column("quotes_fts").op("MATCH")(fts_query(filters.words)))
            .order_by(_QUOTES_FTS.c.rank)
        )
    else:
        query = query.order_by(Report.published.desc(), Quote.report_id, Quote.n)
        if engine == "words":
            query = query.where(_words_match("ix_quotes_words", filters.words))
        for w in filters.words if engine == "like" else ():
            query = query.where(_like_any((Quote.content, Quote.speaker, Quote.speaker_name), w))
    rows: list[Any] = list(conn.execute(_page(_narrow(query, filters), filters, per_page)))
    return [
        QuoteHit(
            report_id=r[0],
            published=r[1],
            outlet=r[2],
            speaker=r[3] or r[4],
            content=r[5],
            start=r[6],
            end=r[7],
            kind=r[8],
            is_named=r[3] is not None,
            speaker_type=r[9],
            global_name=r[10],
        )
        for r in rows
    ]


def _like_any(columns: tuple[_ColumnLike, ...], word: str) -> ColumnElement[bool]:
    pattern = like_pattern(word)
    return or_(*(c.ilike(pattern, escape="\\") for c in columns))


def clean(text: str) -> str:
    """Report text fit for a snippet: every control character a space (one for one)."""
    return CONTROL.sub(" ", text)


def _nonce_markers() -> tuple[str, str]:
    """Match markers for FTS5's snippet() that no report can hold: made for this search."""
    nonce = secrets.token_hex(8)
    return f"\ue000{nonce}\ue001", f"\ue002{nonce}\ue003"


def _from_fts(raw: str | None, start: str, end: str) -> str:
    """An FTS5 snippet with its per-search markers made ours, the text between them cleaned."""
    pieces: list[str] = []
    for i, part in enumerate((raw or "").split(start)):
        hit, found, rest = part.partition(end)
        if i == 0 or not found:
            pieces.append(clean(part))
        else:
            pieces.append(f"{HIT_START}{clean(hit)}{HIT_END}{clean(rest)}")
    return "".join(pieces)


def _snippet(body: str, words: list[str], *, whole_words: bool = False) -> str:
    """The first match in context with markers around it, as FTS5's snippet() would give.

    ``whole_words``: the database matched words (PostgreSQL's index), so "dam" is marked in
    "the dam held", not in "Amsterdam"; LIKE matched substrings, and they are marked as such.
    """
    body = clean(body)
    if not words:
        return body[:SNIPPET_CHARS] + ("…" if len(body) > SNIPPET_CHARS else "")
    edge = (r"(?<!\w)", r"(?!\w)") if whole_words else ("", "")
    found = [re.compile(edge[0] + re.escape(w) + edge[1], re.I) for w in words]
    at = min((m.start() for f in found if (m := f.search(body))), default=0)
    start = max(0, at - SNIPPET_CHARS // 3)
    piece = body[start : start + SNIPPET_CHARS]
    for f in found:
        piece = f.sub(lambda m: f"{HIT_START}{m.group(0)}{HIT_END}", piece)
    return ("…" if start else "") + piece + ("…" if start + SNIPPET_CHARS < len(body) else "")
