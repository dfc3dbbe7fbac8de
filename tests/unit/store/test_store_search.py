"""Search through the query API: whole words on SQLite (FTS5) and PostgreSQL (a word index)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from storyline import ArticleRecord, open_store
from storyline.ingest.article import article_id
from storyline.record.model import Quote, Span
from storyline.store.queries.search import HIT_END, HIT_START, Filters, search

# Three reports: "dam" as a word, "dam" only inside other words, and neither.
TEXTS = {
    "dam": "Dam holds after storm\n\nThe dam at Orrin held overnight, engineer Lia Moss said. "
    "“The dam is sound,” Moss said.",
    "inside": "Flights resume\n\nFlights from Amsterdam resumed as the dams upriver were "
    "checked, officials said. “Everything is checked,” an official said.",
    "other": "Bridge reopens\n\nThe bridge reopened on Friday. “It took too long,” Ana Ruiz said.",
}
HOSTILE = ["'; DROP TABLE reports; --", "a & b | !c", "dam:*", '"dam"', "(dam", "dam\\"]


def _record(name: str, body: str, day: int) -> ArticleRecord:
    said = re.search("“(.+?)”", body)
    assert said is not None
    content = Span(start=said.start(1), end=said.end(1), text=said.group(1))
    return ArticleRecord(
        id=article_id(body),
        source=f"{name}.txt",
        text=body,
        published=f"2025-04-0{day}",
        outlet="Valley Courier",
        headline=Span(start=0, end=body.index("\n"), text=body[: body.index("\n")]),
        quotes=[Quote(kind="direct", content=[content], speaker_type="person")],
    )


@pytest.fixture
def store_of_three(store_url: str) -> str:
    with open_store(store_url) as store:
        store.ingest([_record(n, b, day) for day, (n, b) in enumerate(TEXTS.items(), 1)])
    return store_url


def _ids(store_url: str, q: str) -> tuple[set[str], int, str]:
    with open_store(store_url, read_only=True) as store, store.engine.connect() as conn:
        found = search(conn, Filters(q=q))
    ids = {article_id(b): n for n, b in TEXTS.items()}
    return {ids[h.id] for h in found.reports}, len(found.quotes), found.engine


def test_search_matches_whole_words_on_either_database(store_of_three: str) -> None:
    reports, quotes, engine = _ids(store_of_three, "dam")
    assert engine == ("words" if store_of_three.startswith("postgresql") else "fts5")
    assert reports == {"dam"}  # not "Amsterdam", not "dams"
    assert quotes == 1  # "The dam is sound"
    assert _ids(store_of_three, "DAM orrin")[0] == {"dam"}  # case-folded, every word
    assert _ids(store_of_three, "dam bridge")[0] == set()
    assert _ids(store_of_three, "checked")[:2] == ({"inside"}, 1)


def test_search_words_are_never_query_syntax(store_of_three: str) -> None:
    for q in HOSTILE:
        reports, _, _ = _ids(store_of_three, q)
        assert reports <= {"dam"}, q  # at most the words' own matches, and no error
    with open_store(store_of_three, read_only=True) as store:
        assert store.counts()["reports"] == 3


def test_search_snippet_marks_the_words_found(store_of_three: str) -> None:
    with open_store(store_of_three, read_only=True) as store, store.engine.connect() as conn:
        hit = search(conn, Filters(q="dam")).reports[0]
    marked = re.findall(f"{HIT_START}(.*?){HIT_END}", hit.snippet)
    assert {m.casefold() for m in marked} == {"dam"}


def test_search_snippet_marks_whole_words_when_words_were_matched() -> None:
    from storyline.store.queries.search import _snippet

    body = "Flights from Amsterdam resumed; the dams held, and the Dam stood."
    words = _snippet(body, ["dam"], whole_words=True)
    substrings = _snippet(body, ["dam"])  # LIKE matched substrings: they are marked too
    assert re.findall(f"{HIT_START}(.*?){HIT_END}", words) == ["Dam"]
    assert len(re.findall(HIT_START, substrings)) == 3


def test_search_on_postgresql_reads_the_word_indexes(store_of_three: str) -> None:
    if not store_of_three.startswith("postgresql"):
        pytest.skip("SQLite searches its FTS5 tables")
    from sqlalchemy.dialects import postgresql

    from storyline.store.queries import search as module

    with open_store(store_of_three) as store, store.engine.begin() as conn:
        conn.execute(text("SET LOCAL enable_seqscan = off"))  # three rows: make the plan show
        for index, column in (("ix_reports_words", "reports"), ("ix_quotes_words", "quotes")):
            where = module._words_match(index, ["dam"])
            sql = f"SELECT 1 FROM {column} WHERE " + str(
                where.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})
            )
            plan = "\n".join(conn.execute(text("EXPLAIN " + sql)).scalars())
            assert f"Index Scan on {index}" in plan, plan
