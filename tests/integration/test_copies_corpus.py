"""Syndicated copies end to end (issue 16): the Keltvale fixtures, then copies of them.

The copies are made from the fixtures by ``benchmarks/_copies.py`` the ways outlets carry a
wire story (word for word, re-headlined, trimmed, a boilerplate line, all three) and read
through ``storyline ingest`` as another outlet's JSONL feed. Every copy must be linked to its
own original, no fixture report to anything, and the story must count each figure once.
"""

from __future__ import annotations

import html
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from storyline import Story, build_story, load_story, open_store
from storyline.cli import app
from storyline.web import create_app

# benchmarks/ is a folder of scripts, not a package: import its helper by path.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from _copies import CORPUS, KINDS, fixture_articles, make_copies, write_jsonl

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("copies")
    feed = tmp / "copies.jsonl"
    write_jsonl(make_copies(fixture_articles()), feed)
    db = tmp / "story.db"
    runner = CliRunner()
    outputs = []
    for inputs in ([str(CORPUS)], [str(feed)]):
        result = runner.invoke(app, ["ingest", *inputs, "--db", str(db), "--quotes", "rules"])
        assert result.exit_code == 0, result.output
        outputs.append(" ".join(result.output.split()))
    # 120 near copies stored and linked, 30 identical ones linked without a report
    assert "120 stored, 150 linked as copies, 0 skipped" in outputs[1]
    again = runner.invoke(app, ["ingest", str(feed), "--db", str(db), "--quotes", "rules"])
    assert "0 stored, 150 skipped as already stored" in again.output  # a rerun adds nothing
    return db


def test_copies_corpus_every_copy_linked_to_its_original(store: Path) -> None:
    articles = fixture_articles()
    ids = {a.source: a.id for a in articles}
    copies = make_copies(articles)
    with open_store(store) as st:
        synd = st.syndication()
        n_reports = st.counts()["reports"]
    linked = {c.source.rsplit(":", 1)[-1]: orig for orig, cs in synd.copies.items() for c in cs}
    wrong = [
        (made.kind, made.original_source)
        for n, made in enumerate(copies, start=1)
        if linked.get(str(n)) != ids[made.original_source]
    ]
    assert wrong == []
    assert len(linked) == len(copies) == 5 * len(articles)
    # no fixture report is a copy of anything, and each is carried by its copies' outlets
    assert not set(ids.values()) & set(synd.original_of)
    assert all(synd.carried_by(rid) > 1 for rid in ids.values())
    # identical copies stored no report: 30 originals and 4 x 30 near copies
    assert n_reports == len(articles) * len(KINDS)


def test_copies_corpus_figure_histories_count_each_original_once(store: Path) -> None:
    ids = [a.id for a in fixture_articles()]
    with open_store(store) as st:
        linked = load_story(st)  # every report, the copies linked
        plain = build_story(st.iter_records(ids=ids))  # the fixtures alone, no copy stored

    def points(story: Story) -> Counter[tuple[str, str, str]]:
        return Counter(
            (h.label, p.shown, p.citation.report_id) for h in story.figures for p in h.points
        )

    assert points(linked) == points(plain)
    assert sum(points(plain).values()) > 0
    assert [d.sources for d in linked.disagreements] == [d.sources for d in plain.disagreements]


def test_copies_corpus_report_page_says_carried_by(store: Path) -> None:
    rid = fixture_articles()[0].id
    with open_store(store) as st:
        n = st.syndication().carried_by(rid)
        copy_id = next(c.report_id for c in st.syndication().copies[rid] if c.report_id)
    with TestClient(create_app(store), base_url="http://127.0.0.1") as client:
        original = client.get(f"/reports/{rid}")
        copy = client.get(f"/reports/{copy_id}")
        figures = client.get("/figures")
    seen = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", original.text)).split())
    assert f"Carried by {n} outlets" in seen
    assert f'href="/reports/{rid}"' in copy.text  # a copy leads to its original
    assert "a copy of the original report" in " ".join(
        html.unescape(re.sub(r"<[^>]+>", " ", copy.text)).split()
    )
    assert re.search(r"carried by \d+ outlets", figures.text)
