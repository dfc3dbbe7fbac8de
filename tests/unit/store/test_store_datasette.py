"""The store in Datasette: search tables it detects (schema v5), and metadata for every table."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from storyline import ArticleRecord, Span, open_store
from storyline.cli import app
from storyline.ingest.article import article_id
from storyline.store import TABLES, VIEWS, datasette_metadata
from storyline.store.migrations import SEARCH_INDEXES, _create_search_indexes
from storyline.store.tables import Base

# Datasette 0.65's detect_fts_sql (datasette/utils/__init__.py): an FTS table belongs to a
# table when its SQL names it as content="table" or content=[table].
DETECT_FTS = """
    SELECT name FROM sqlite_master
    WHERE rootpage = 0 AND (
        sql LIKE '%VIRTUAL TABLE%USING FTS%content="' || :table || '"%'
        OR sql LIKE '%VIRTUAL TABLE%USING FTS%content=[' || :table || ']%'
        OR (tbl_name = :table AND sql LIKE '%VIRTUAL TABLE%USING FTS%')
    )
"""
BODY = "Ferry resumes at Lunde\n\nThe ferry to Lunde resumed on Tuesday, the harbour said.\n"


def _record(body: str = BODY) -> ArticleRecord:
    headline = body.split("\n")[0]
    return ArticleRecord(
        id=article_id(body),
        source="ferry.txt",
        text=body,
        published="2025-04-01",
        headline=Span(start=0, end=len(headline), text=headline),
    )


def _detected(path: Path) -> dict[str, str | None]:
    with sqlite3.connect(path) as conn:
        return {
            table: next(iter(conn.execute(DETECT_FTS, {"table": table}).fetchone() or ()), None)
            for table in ("reports", "quotes")
        }


def test_store_search_tables_detected_by_datasette(tmp_path: Path) -> None:
    path = tmp_path / "story.db"
    with open_store(path):
        pass
    assert _detected(path) == {"reports": "reports_fts", "quotes": "quotes_fts"}


def test_store_migration_5_makes_old_search_tables_detectable(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with open_store(path) as store:
        store.add([_record()])
        with store.engine.begin() as conn:  # the search tables as version 3 made them
            for index in SEARCH_INDEXES:
                for suffix in ("ai", "ad", "au"):
                    conn.execute(text(f"DROP TRIGGER {index}_{suffix}"))
                conn.execute(text(f"DROP TABLE {index}"))
            _create_search_indexes(conn)
            conn.execute(text("DELETE FROM schema_version WHERE version >= 5"))
    assert _detected(path) == {"reports": None, "quotes": None}
    with open_store(path) as store:
        store.add([_record(BODY.replace("Tuesday", "Wednesday"))])
        with store.engine.connect() as conn:
            hits = conn.execute(
                text("SELECT count(*) FROM reports_fts WHERE reports_fts MATCH 'ferry'")
            ).scalar_one()
    assert hits == 2  # what was stored before is indexed, and what came after
    assert _detected(path) == {"reports": "reports_fts", "quotes": "quotes_fts"}


def test_store_datasette_metadata_describes_every_table_and_column() -> None:
    tables = datasette_metadata()["databases"]["storyline"]["tables"]
    assert set(tables) == set(TABLES)
    for name, table in tables.items():
        assert table["description"], name
        columns = (
            set(Base.metadata.tables[name].c.keys()) if name not in VIEWS else set(table["columns"])
        )
        assert set(table["columns"]) == columns, name
        assert all(table["columns"].values()), name
    for index, (table, _) in SEARCH_INDEXES.items():
        assert (tables[table]["fts_table"], tables[table]["fts_pk"]) == (index, "rowid")


def test_store_datasette_metadata_view_columns_match_the_views(tmp_path: Path) -> None:
    path = tmp_path / "story.db"
    with open_store(path):
        pass
    tables = datasette_metadata(path)["databases"]["story"]["tables"]
    with sqlite3.connect(path) as conn:
        for view in VIEWS:
            columns = {row[1] for row in conn.execute(f"PRAGMA table_info({view})")}
            assert set(tables[view]["columns"]) == columns, view


@pytest.mark.parametrize(
    ("db", "name"),
    [("story.db", "story"), ("data/news.sqlite", "news"), ("postgresql://u@h/news", "storyline")],
)
def test_store_export_datasette_metadata(tmp_path: Path, db: str, name: str) -> None:
    result = CliRunner().invoke(app, ["export", "--db", db, "--datasette-metadata"])
    assert result.exit_code == 0, result.output
    meta = json.loads(result.stdout)
    assert list(meta["databases"]) == [name]
    assert meta["title"] == "storyline"


def test_store_export_needs_table_or_metadata() -> None:
    runner = CliRunner()
    neither = runner.invoke(app, ["export"])
    assert neither.exit_code == 2
    assert "--table: missing" in neither.stderr
    both = runner.invoke(app, ["export", "-t", "reports", "--datasette-metadata"])
    assert both.exit_code == 2


def test_store_export_missing_store_exits_3(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", "--db", str(tmp_path / "none.db"), "-t", "reports"])
    assert result.exit_code == 3
    assert "no such store" in result.stderr
