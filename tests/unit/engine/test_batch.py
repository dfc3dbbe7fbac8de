"""records_of(): one bad input in a batch becomes a one-line Failure; the others keep records."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from storyline.engine import batch
from storyline.engine.batch import Failure, records_of
from storyline.ingest.article import Article
from storyline.nlp import DEFAULT_MODEL, load_pipeline
from storyline.record.model import ArticleRecord

pytestmark = pytest.mark.model

SHORT = "The mayor said on Monday that the bridge would close. “We had no choice,” she said."


def _long_text(n_chars: int) -> str:
    paragraph = (
        "Talks resumed in Oslo on Tuesday, officials said. "
        "“We are closer than ever,” the envoy told reporters. Some 40 delegates attended.\n\n"
    )
    return (paragraph * (n_chars // len(paragraph) + 1))[:n_chars]


def _spans_slice(record: ArticleRecord) -> bool:
    spans = [s for q in record.quotes for s in [*q.content, q.speaker, q.cue] if s is not None]
    spans += [*record.figures, *record.dates, *record.events]
    return all(record.text[s.start : s.end] == s.text for s in spans)


def test_batch_short_huge_short_all_get_records(monkeypatch: pytest.MonkeyPatch) -> None:
    # a small max_length stands in for spaCy's million characters, so the test stays fast
    monkeypatch.setattr(load_pipeline(), "max_length", 2_000)
    huge = _long_text(12_000)
    articles = [Article("a.txt", SHORT), Article("huge.txt", huge), Article("b.txt", SHORT)]
    out = records_of(articles, DEFAULT_MODEL, batch_size=32)
    assert all(isinstance(r, ArticleRecord) for r in out)
    records = [r for r in out if isinstance(r, ArticleRecord)]
    assert [r.source for r in records] == ["a.txt", "huge.txt", "b.txt"]
    assert records[1].text == huge
    assert all(_spans_slice(r) for r in records)
    # quotes are found in every chunk, not only the first
    assert records[1].quotes[-1].content[0].start > huge.rindex("\n\n", 0, 11_000)


_BOOM = "storyline_test_batch_boom"


@Language.component(_BOOM)
def _boom(doc: Doc) -> Doc:
    if "BOOM" in doc.text:
        raise RuntimeError("component\nfailed\x00here")
    return doc


@pytest.fixture
def booming() -> Language:
    nlp = load_pipeline()
    nlp.add_pipe(_BOOM, last=True)
    yield nlp
    nlp.remove_pipe(_BOOM)


@pytest.mark.usefixtures("booming")
def test_batch_parse_failure_is_one_input() -> None:
    articles = [
        Article("a.txt", SHORT),
        Article("bad\n.txt", "It went BOOM on Monday."),
        Article("b.txt", SHORT),
    ]
    out = records_of(articles, DEFAULT_MODEL, batch_size=32)
    assert isinstance(out[0], ArticleRecord)
    assert isinstance(out[2], ArticleRecord)
    failure = out[1]
    assert isinstance(failure, Failure)
    assert failure.source == "bad\n.txt"
    assert failure.reason == (
        r"bad\x0a.txt: cannot parse (RuntimeError: component\x0afailed\x00here)"
    )


def test_batch_extraction_failure_reason_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    build = batch.build_record

    def picky(article: Article, doc: Doc) -> ArticleRecord:
        if "BOOM" in article.text:
            raise ValueError("line one\nline two\x1b[0m")
        return build(article, doc)

    monkeypatch.setattr(batch, "build_record", picky)
    articles = [Article("a.txt", SHORT), Article("c.txt", "BOOM."), Article("b.txt", SHORT)]
    out = records_of(articles, DEFAULT_MODEL, batch_size=32)
    assert [type(r).__name__ for r in out] == ["ArticleRecord", "Failure", "ArticleRecord"]
    assert isinstance(out[1], Failure)
    assert out[1].reason == r"c.txt: extraction failed (ValueError: line one\x0aline two\x1b[0m)"
