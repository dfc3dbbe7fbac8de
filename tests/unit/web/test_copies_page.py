"""The report page says who else carried a story (issue 16), escaped like all stored text."""

from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

from storyline import ArticleRecord, open_store
from storyline.engine import Copy
from storyline.ingest.article import article_id
from storyline.record.model import Span
from storyline.web import create_app

HEAD = "Ferry service resumes"
TEXT = (
    f"{HEAD}\n\nThe ferry between Marlow and Selby ran again on Tuesday after a week of storms, "
    "the harbour master said, and the first crossing carried 80 passengers."
)
HOSTILE = "<script>alert(1)</script> Gazette"


def _store(tmp_path: Path) -> tuple[Path, ArticleRecord]:
    rec = ArticleRecord(
        id=article_id(TEXT),
        source="wire.jsonl:1",
        text=TEXT,
        outlet="Coast Wire",
        published="2025-04-01",
        headline=Span(start=0, end=len(HEAD), text=HEAD),
    )
    db = tmp_path / "s.db"
    with open_store(db) as store:
        store.ingest(
            [
                rec,
                Copy("gazette.rss#1", rec.id, "https://g.example/f", HOSTILE, "2025-04-02", HEAD),
                Copy("echo.html", rec.id, "https://e.example/f", "Selby Echo", None, HEAD),
            ]
        )
    return db, rec


def test_copies_page_report_says_carried_by_outlets_escaped(tmp_path: Path) -> None:
    db, rec = _store(tmp_path)
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        page = client.get(f"/reports/{rec.id}").text
    assert "Carried by 3 outlets" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Gazette (2025-04-02)" in page
    assert "<script>alert" not in page
    assert "Selby Echo" in page


def test_copies_page_report_without_copies_says_nothing(tmp_path: Path) -> None:
    rec = ArticleRecord(id=article_id("Plain report."), source="p.txt", text="Plain report.")
    db = tmp_path / "p.db"
    with open_store(db) as store:
        store.ingest([rec])
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        page = client.get(f"/reports/{rec.id}")
    assert page.status_code == 200
    assert "Carried by" not in page.text
