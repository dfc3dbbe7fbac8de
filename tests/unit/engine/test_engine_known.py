"""Reports a store already holds are not parsed but become copies: ``drop_known``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from storyline import ArticleRecord, load_settings
from storyline.engine.run import PARALLEL_FROM, Copy, drop_known, run
from storyline.errors import EmptyInputError
from storyline.ingest.article import Article, article_id


def _articles(n: int) -> list[Article]:
    return [Article(source=f"r{i}.txt", text=f"Report number {i} says little.") for i in range(n)]


def test_drop_known_keeps_order_and_input_errors() -> None:
    articles = _articles(7)
    error = EmptyInputError("empty.txt: empty input")
    items = [*articles[:3], error, *articles[3:]]
    held = {articles[1].id, articles[4].id, articles[6].id}
    asked: list[list[str]] = []

    def known(ids: Sequence[str]) -> set[str]:
        asked.append(list(ids))
        return held & set(ids)

    kept = list(drop_known(items, known, chunk=3))
    copies = [Copy.of(articles[i]) for i in (1, 4, 6)]
    expected = [articles[0], copies[0], articles[2], error, articles[3], copies[1], articles[5]]
    assert kept == [*expected, copies[2]]
    assert [c.source for c in copies] == ["r1.txt", "r4.txt", "r6.txt"]  # each its own input
    # one question per chunk of three items, the error not asked about
    assert asked == [
        [a.id for a in articles[:3]],
        [articles[3].id, articles[4].id],
        [articles[5].id, articles[6].id],
    ]


def test_drop_known_is_lazy() -> None:
    def endless():
        i = 0
        while True:
            yield Article(source=f"{i}.txt", text=f"Report {i}.")
            i += 1

    kept = drop_known(endless(), lambda ids: set(), chunk=4)
    assert [next(kept).source for _ in range(5)] == ["0.txt", "1.txt", "2.txt", "3.txt", "4.txt"]


@pytest.mark.model
@pytest.mark.parametrize("workers", [1, 2])
def test_run_yields_copies_in_input_order(tmp_path, workers: int) -> None:
    """A held text comes back as a Copy at its input's place, whichever backend parses.

    Fourteen inputs, three held: the eleven parsed are enough for a worker pool (PARALLEL_FROM).
    """
    n = PARALLEL_FROM + 6
    texts = [f"The council met on Monday and approved budget number {i}.\n" for i in range(n)]
    for i, body in enumerate(texts):
        (tmp_path / f"r{i}.txt").write_text(body, encoding="utf-8")
    paths = [tmp_path / f"r{i}.txt" for i in range(n)]
    held = {article_id(texts[i]) for i in (0, 4, n - 1)}
    settings = load_settings(workers=workers, quotes="rules")
    results = list(run(paths, settings, known=lambda ids: held & set(ids)))
    kinds = ["copy" if isinstance(r, Copy) else "record" for r in results]
    assert kinds == ["copy", *["record"] * 3, "copy", *["record"] * (n - 6), "copy"]
    assert [Path(r.source).name for r in results] == [f"r{i}.txt" for i in range(n)]
    assert all(isinstance(r, ArticleRecord) for r in results if not isinstance(r, Copy))
