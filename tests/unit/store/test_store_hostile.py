"""Reports the database could refuse: stored the same on SQLite and PostgreSQL, or kept as one
failure that never blocks the rest of its batch (issue 11)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import text

from storyline import ArticleRecord, StoreError, open_store
from storyline.ingest.article import article_id
from storyline.record.model import Figure, Span
from storyline.store import MIGRATIONS
from storyline.store import store as store_module
from storyline.store.rows import INDEXED_CHARS, record_rows

BODY = "Flood in Tarrow\n\nAbout 40 homes were flooded on Monday, the council said.\n"


def make_record(
    body: str = BODY, *, source: str = "a.txt", outlet: str = "Tarrow Post", unit: str = "home"
) -> ArticleRecord:
    start = body.index("About 40 homes")
    headline = body.split("\n")[0]
    return ArticleRecord(
        id=article_id(body),
        source=source,
        text=body,
        published="2025-04-07",
        outlet=outlet,
        headline=Span(start=0, end=len(headline), text=headline),
        figures=[
            Figure(
                start=start,
                end=start + 14,
                text=body[start : start + 14],
                value=40,
                approx="about",
                unit=unit,
                what="flood",
            )
        ],
    )


@dataclass
class Fail:
    source: str
    reason: str


def _report_row(store_url: str, rid: str) -> dict[str, Any]:
    with open_store(store_url) as store, store.engine.connect() as conn:
        row = conn.execute(
            text("SELECT text, outlet FROM reports WHERE id = :id"), {"id": rid}
        ).one()
        figure = conn.execute(
            text('SELECT start, "end", text, unit FROM figures WHERE report_id = :id'), {"id": rid}
        ).one()
    return {"text": row[0], "outlet": row[1], "figure": tuple(figure)}


@pytest.mark.parametrize(
    ("body", "stored_text"),
    [
        (BODY.replace("Monday", "Mon\x00day"), BODY.replace("Monday", "Mon\ufffdday")),
        (BODY.replace("Monday", "Mon\ud800day"), BODY.replace("Monday", "Mon\ufffdday")),
        (BODY.replace("About", "\x00About"), BODY.replace("About", "\ufffdAbout")),
    ],
    ids=["nul", "lone-surrogate", "nul-in-a-span"],
)
def test_store_unstorable_characters_replaced_offsets_kept(
    store_url: str, body: str, stored_text: str
) -> None:
    rec = make_record(body)
    with open_store(store_url) as store:
        summary = store.ingest([rec])
        assert (summary.stored, summary.failed) == (1, [])
        assert store.get(rec.id) == rec  # the record JSON keeps the text exactly
    row = _report_row(store_url, rec.id)
    assert row["text"] == stored_text
    start, end, piece, _ = row["figure"]
    assert row["text"][start:end] == piece


@pytest.mark.parametrize(
    ("outlet", "unit"),
    [
        ("O" * 300, "home"),
        ("O" * 5_000, "home"),
        ("Tarrow Post", "u" * 150),
        ("é" * 2_000, "€" * 900),
    ],
    ids=["outlet-300", "outlet-5000", "unit-150", "multibyte-both"],
)
def test_store_long_values_stored_alike(store_url: str, outlet: str, unit: str) -> None:
    rec = make_record(outlet=outlet, unit=unit)
    with open_store(store_url) as store:
        summary = store.ingest([rec, make_record(BODY + "More.\n", source="b.txt")])
        assert (summary.stored, summary.failed) == (2, [])
        assert store.get(rec.id).outlet == outlet  # the full value stays in the record
    row = _report_row(store_url, rec.id)
    for stored, given in ((row["outlet"], outlet), (row["figure"][3], unit)):
        if len(given) <= INDEXED_CHARS:
            assert stored == given
        else:
            assert len(stored) == INDEXED_CHARS
            assert stored == given[: INDEXED_CHARS - 1] + "…"


def test_store_rows_same_for_every_database() -> None:
    """The rows are made storable before any database sees them: one answer on both."""
    rows = record_rows(make_record(BODY.replace("on", "o\x00n"), outlet="x" * 400), ingested_at=0)  # type: ignore[arg-type]
    assert "\x00" not in rows["reports"][0]["text"]
    assert "\\u0000" in rows["reports"][0]["record_json"]
    assert len(rows["reports"][0]["outlet"]) == INDEXED_CHARS


def _refuse(source: str):
    """record_rows, with the figure rows of ``source``'s report made unstorable (NOT NULL)."""
    original = store_module.record_rows

    def rows(record: ArticleRecord, **kw: Any):
        out = original(record, **kw)
        if record.source == source:
            out["figures"][0]["start"] = None
        return out

    return rows


def test_store_one_refused_report_never_blocks_its_batch(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "record_rows", _refuse("bad.txt"))
    good = [make_record(BODY + f"Update {i}.\n", source=f"g{i}.txt") for i in range(3)]
    bad = make_record(BODY + "Bad.\n", source="bad.txt")
    with open_store(store_url) as store:
        first = store.ingest([good[0], bad, good[1], Fail("e.txt", "e.txt: empty input")])
        assert first.stored == 2
        assert [src for src, _ in first.failed] == ["e.txt", "bad.txt"]
        reason = dict(first.failed)["bad.txt"]
        assert reason.startswith("bad.txt: cannot store this report (")
        assert "\n" not in reason
        assert store.counts()["reports"] == 2
        # The rerun does not stop at the same place: what is new is stored, the rest as before.
        again = store.ingest([good[0], bad, good[1], good[2], Fail("e.txt", "e.txt: empty input")])
        assert (again.stored, again.duplicates, again.failed) == (1, 2, [])
        assert sorted(again.failed_before) == sorted(first.failed)
        assert [i for i, _ in store.failures()] == ["bad.txt", "e.txt"]


def test_store_failed_before_only_for_the_same_reason(store_url: str) -> None:
    with open_store(store_url) as store:
        store.ingest([Fail("a.txt", "a.txt: empty input"), Fail("b.txt", "b.txt: empty input")])
        again = store.ingest(
            [Fail("a.txt", "a.txt: empty input"), Fail("b.txt", "b.txt: binary data")]
        )
        assert again.failed_before == [("a.txt", "a.txt: empty input")]
        assert again.failed == [("b.txt", "b.txt: binary data")]
        assert store.failures() == [
            ("a.txt", "a.txt: empty input"),
            ("b.txt", "b.txt: binary data"),
        ]


def test_store_failure_row_gone_once_input_stored(store_url: str) -> None:
    rec = make_record(source="late.txt")
    with open_store(store_url) as store:
        store.ingest([Fail("late.txt", "late.txt: empty input"), Fail("x.txt", "x: bad")])
        done = store.ingest([rec])
        assert (done.stored, done.failed, done.failed_before) == (1, [], [])
        assert store.failures() == [("x.txt", "x: bad")]


def test_store_unwritable_store_raises_not_fails_every_report(store_url: str) -> None:
    """A store that cannot be written at all is the run failing, not a failure per report."""
    with open_store(store_url) as store:
        store.add([make_record()])
    with (
        open_store(store_url, read_only=True) as reader,
        pytest.raises(StoreError, match="cannot write"),
    ):
        reader.ingest([make_record(BODY + "Later.\n", source="b.txt"), make_record(BODY + "2\n")])
    with open_store(store_url) as store:
        assert store.failures() == []
        assert store.counts()["reports"] == 1


def test_store_old_bounded_columns_widened(store_url: str) -> None:
    """A store made before version 6 (VARCHAR columns on PostgreSQL) takes long values after."""
    with open_store(store_url) as store, store.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            for view in ("quotes_with_speakers", "figures_with_reports", "events_with_reports"):
                conn.execute(text(f"DROP VIEW {view}"))
            conn.execute(text("DROP VIEW entity_mentions"))
            for view in ("global_entity_counts", "quotes_by_global_entity"):  # from version 9
                conn.execute(text(f"DROP VIEW {view}"))
            conn.execute(text("ALTER TABLE reports ALTER COLUMN outlet TYPE varchar(200)"))
            conn.execute(text("ALTER TABLE figures ALTER COLUMN unit TYPE varchar(100)"))
        conn.execute(text("DELETE FROM schema_version WHERE version >= 6"))
    with open_store(store_url) as store:
        assert store.schema_version() == MIGRATIONS[-1].version
        summary = store.ingest([make_record(outlet="O" * 250, unit="u" * 150)])
        assert (summary.stored, summary.failed) == (1, [])
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM figures_with_reports")).scalar() == 1
