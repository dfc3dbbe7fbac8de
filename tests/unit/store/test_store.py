"""The store: idempotent by content hash, a transaction per batch, rows back to characters."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

import pyarrow.parquet as pq
import pytest
from sqlalchemy import text

from storyline import ArticleRecord, StoreError, export_table, open_store
from storyline.ingest.article import article_id
from storyline.record.model import Entity, Figure, Mention, Quote, Span
from storyline.store import MIGRATIONS, VIEWS

TEXT = (
    "Bridge reopens in Marlow\n\n"
    "The Marlow bridge reopened on Friday, Mayor Ines Park said. “It took too long,” Park said. "
    "About 300 drivers crossed in the first hour.\n"
)


def span(text_: str, part: str, cls: type[Span] = Span, **kw: object) -> Span:
    start = text_.index(part)
    return cls(start=start, end=start + len(part), text=part, **kw)


def make_record(
    body: str = TEXT, *, source: str = "a.txt", outlet: str = "Marlow Echo"
) -> ArticleRecord:
    mention = span(body, "Ines Park", Mention)
    return ArticleRecord(
        id=article_id(body),
        source=source,
        text=body,
        published="2025-04-04",
        outlet=outlet,
        headline=span(body, body.split("\n")[0]),
        entities=[
            Entity(id="e1", name="Ines Park", type="PERSON", role="Mayor", mentions=[mention])
        ],
        quotes=[
            Quote(
                kind="direct",
                content=[span(body, "It took too long")],
                speaker=span(body, "Park", Span)
                if body.count("Park") == 1
                else Span(start=body.rindex("Park"), end=body.rindex("Park") + 4, text="Park"),
                speaker_entity="e1",
                speaker_name="Ines Park",
                speaker_type="person",
                cue=span(body, "said"),
            )
        ],
        figures=[
            span(
                body,
                "About 300 drivers",
                Figure,
                value=300,
                approx="about",
                unit="driver",
                what="cross",
            )
        ],
    )


@dataclass
class Fail:
    source: str
    reason: str


def test_store_add_is_idempotent(store_url: str) -> None:
    rec = make_record()
    with open_store(store_url) as store:
        assert store.add([rec]) == (1, 0)
        assert store.add([rec, rec]) == (0, 2)
        counts = store.counts()
    assert counts["reports"] == 1
    assert counts["quotes"] == 1
    assert counts["mentions"] == 1
    assert counts["figures"] == 1


def test_store_reopen_keeps_schema_version(store_url: str) -> None:
    with open_store(store_url) as store:
        assert store.schema_version() == MIGRATIONS[-1].version
    with open_store(store_url) as store:
        assert store.schema_version() == MIGRATIONS[-1].version
        with store.engine.connect() as conn:
            n = conn.execute(text("SELECT count(*) FROM schema_version")).scalar_one()
    assert n == len(MIGRATIONS)


def test_store_rows_lead_back_to_characters(store_url: str) -> None:
    rec = make_record()
    with open_store(store_url) as store:
        store.add([rec])
        with store.engine.connect() as conn:
            body = conn.execute(text("SELECT text FROM reports")).scalar_one()
            for table in ("mentions", "quote_parts", "figures"):
                rows = conn.execute(text(f'SELECT start, "end", text FROM {table}')).all()
                assert rows
                for start, end, piece in rows:
                    assert body[start:end] == piece
            q = conn.execute(text("SELECT speaker_start, speaker_end, speaker FROM quotes")).one()
            assert body[q[0] : q[1]] == q[2] == "Park"


def test_store_round_trips_the_record(store_url: str) -> None:
    rec = make_record()
    with open_store(store_url) as store:
        store.add([rec])
        assert store.get(rec.id) == rec
        assert list(store.iter_records()) == [rec]
        assert list(store.iter_records(since="2025-05-01")) == []
        with pytest.raises(StoreError, match="no such report"):
            store.get("0000")


def test_store_ingest_counts_duplicates_and_keeps_failures(store_url: str) -> None:
    a, b = make_record(), make_record(TEXT + "More later.\n", source="b.txt")
    with open_store(store_url) as store:
        first = store.ingest([a, Fail("bad.txt", "bad.txt: empty input"), b, a], batch_size=2)
        assert (first.stored, first.duplicates) == (2, 1)
        assert first.failed == [("bad.txt", "bad.txt: empty input")]
        again = store.ingest([a, Fail("bad.txt", "bad.txt: still empty"), b], batch_size=2)
        assert (again.stored, again.duplicates) == (0, 2)
        assert store.failures() == [("bad.txt", "bad.txt: still empty")]
        assert store.counts()["reports"] == 2


def test_store_failure_row_cleared_when_input_succeeds(store_url: str) -> None:
    rec = make_record()
    with open_store(store_url) as store:
        store.ingest([Fail(rec.source, "a.txt: cannot read")])
        store.ingest([rec])
        assert store.failures() == []


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_store_views_query(store_url: str, view: str) -> None:
    with open_store(store_url) as store:
        store.add([make_record()])
        with store.engine.connect() as conn:
            rows = conn.execute(text(f"SELECT * FROM {view}")).mappings().all()
    if view == "quotes_with_speakers":
        assert rows[0]["speaker"] == "Ines Park"
        assert rows[0]["headline"] == "Bridge reopens in Marlow"
    if view != "events_with_reports":
        assert rows


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_store_export_formats(store_url: str, fmt: str) -> None:
    with open_store(store_url) as store:
        store.add([make_record()])
        out = io.BytesIO()
        n = export_table(store, "figures", format=fmt, out=out)
    assert n == 1
    data = out.getvalue()
    if fmt == "csv":
        assert data.decode().splitlines()[0].startswith("report_id,n,start,end,text")
    elif fmt == "jsonl":
        assert json.loads(data)["text"] == "About 300 drivers"
    else:
        table = pq.read_table(io.BytesIO(data))
        assert table.column("start").type.bit_width == 64
        assert table.column("value").to_pylist() == [300.0]


@pytest.mark.parametrize(
    ("name", "fmt", "message"),
    [
        ("nope", "csv", "nope: no such table"),
        ("quotes", "xml", "xml: no such format"),
    ],
)
def test_store_export_rejects_unknown(tmp_path, name: str, fmt: str, message: str) -> None:
    with open_store(tmp_path / "s.db") as store, pytest.raises(StoreError, match=message):
        export_table(store, name, format=fmt, out=io.BytesIO())


def test_store_open_missing_without_create(tmp_path) -> None:
    with pytest.raises(StoreError, match="no such store"):
        open_store(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()


def test_store_open_bad_server_is_one_line() -> None:
    with pytest.raises(StoreError, match="cannot open the store") as info:
        open_store("postgresql://nobody:pw@127.0.0.1:1/none?connect_timeout=2")
    assert "\n" not in str(info.value)
    assert "pw" not in str(info.value)


def test_store_read_only_reads_and_refuses_writes(store_url: str) -> None:
    with open_store(store_url) as store:
        store.add([make_record()])
    with open_store(store_url, read_only=True) as reader:
        assert reader.counts()["reports"] == 1
        assert reader.get(make_record().id).text == TEXT
        with pytest.raises(StoreError, match="cannot write"):
            reader.add([make_record(TEXT + "Later.\n", source="b.txt")])
    with open_store(store_url) as store:
        assert store.counts()["reports"] == 1


def test_store_read_only_never_creates(tmp_path) -> None:
    with pytest.raises(StoreError, match="no such store"):
        open_store(tmp_path / "none.db", read_only=True)
    assert not (tmp_path / "none.db").exists()


def test_store_search_index_follows_inserts_and_old_stores(tmp_path) -> None:
    path = tmp_path / "old.db"
    with open_store(path) as store:
        store.add([make_record()])
        with store.engine.begin() as conn:  # a store from before migration 3
            for index in ("reports_fts", "quotes_fts"):
                conn.execute(text(f"DROP TABLE {index}"))
                for suffix in ("ai", "ad", "au"):
                    conn.execute(text(f"DROP TRIGGER {index}_{suffix}"))
            conn.execute(text("DELETE FROM schema_version WHERE version >= 3"))
    with open_store(path) as store:  # migrates: the index is built over what is stored
        store.add([make_record(TEXT.replace("Marlow", "Dunmore"), source="b.txt")])
        with store.engine.connect() as conn:
            hits = conn.execute(
                text("SELECT count(*) FROM reports_fts WHERE reports_fts MATCH 'bridge'")
            ).scalar_one()
            quotes = conn.execute(
                text("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH '\"too long\"'")
            ).scalar_one()
            dunmore = conn.execute(
                text("SELECT count(*) FROM reports_fts WHERE reports_fts MATCH 'dunmore'")
            ).scalar_one()
    assert (hits, quotes, dunmore) == (2, 2, 1)
