"""An older store: the explorer refuses it and says how to upgrade; the story upgrades it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from typer.testing import CliRunner

from storyline import ArticleRecord, open_store
from storyline.cli import app
from storyline.ingest.article import article_id
from storyline.record.model import Figure
from storyline.store import MIGRATIONS, StoreError

TEXT = "Flood waters reached the valley. At least 40 homes were damaged, the council said."


def _record() -> ArticleRecord:
    start = TEXT.index("40 homes")
    figure = Figure(start=start, end=start + 8, text="40 homes", value=40, unit="home")
    return ArticleRecord(
        id=article_id(TEXT),
        source="council.txt",
        text=TEXT,
        published="2025-04-07",
        outlet="Valley Courier",
        figures=[figure],
    )


def test_store_older_schema_is_refused_read_only_and_upgraded_by_the_story(
    tmp_path: Path, version_9: Callable[[str], None]
) -> None:
    path = str(tmp_path / "old.db")
    with open_store(path) as store:
        store.ingest([_record()])
    version_9(path)
    with pytest.raises(StoreError, match=r"schema version 9 .* reads version \d+; upgrade it"):
        open_store(path, read_only=True)
    result = CliRunner().invoke(app, ["story", "--db", path])
    assert result.exit_code == 0, result.output
    assert "1 report from 2025-04-07 to 2025-04-07" in result.stdout
    with open_store(path, read_only=True) as store:  # upgraded: the explorer may open it now
        assert store.schema_version() == MIGRATIONS[-1].version


def test_store_migration_12_indexes_entity_links_by_entity_and_report(
    tmp_path: Path, version_11: Callable[[str], None]
) -> None:
    path = str(tmp_path / "old.db")
    with open_store(path) as store:
        store.ingest([_record()])
    version_11(path)

    def indexes() -> set[str]:
        with open_store(path, create=False) as store, store.engine.connect() as conn:
            return {i["name"] for i in inspect(conn).get_indexes("entity_links") if i["name"]}

    assert "ix_entity_links_global_report" not in indexes()
    with open_store(path) as store:  # migrates
        assert store.schema_version() == MIGRATIONS[-1].version >= 12
    assert "ix_entity_links_global_report" in indexes()


@pytest.mark.parametrize("stale", [False, True])
def test_store_migration_13_carries_current_counts_over_and_drops_stale_ones(
    store_url: str, version_12: Callable[[str], None], stale: bool
) -> None:
    from storyline.store import queries

    with open_store(store_url) as store:
        store.ingest([_record()])
    version_12(store_url)
    if stale:  # counts kept before the last ingest: the old fingerprint does not match
        with open_store(store_url, create=False) as store, store.engine.begin() as conn:
            conn.execute(text("UPDATE story_cache SET fingerprint = '[0, \"None\"]'"))
    with open_store(store_url) as store, store.engine.connect() as conn:  # migrates
        assert store.schema_version() == MIGRATIONS[-1].version >= 13
        kept = conn.execute(text("SELECT count(*) FROM story_cache")).scalar()
        assert kept == (0 if stale else 1)
        assert queries.is_current(conn) is not stale
        assert queries.counts(conn).totals.reports == 1
