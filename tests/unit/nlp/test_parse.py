"""parse(): any text gets a Doc (or a one-line ParseError) and its offsets stay true."""

from __future__ import annotations

import importlib
import re
from itertools import pairwise

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from storyline.errors import ParseError
from storyline.ingest.article import Article
from storyline.nlp import load_pipeline, parse
from storyline.nlp.components import BREAKS_COMPONENT
from storyline.nlp.parse import (
    SYMBOL_RUN_STEP,
    WORD_RUN_STEP,
    _chunks,
    for_parser,
)

FLAG = "\U0001f1fa\U0001f1f8"  # a regional-indicator pair: the US flag


@pytest.mark.parametrize(
    "text",
    [
        "",
        "A plain sentence, with “quotes” and (brackets)!",
        "Wait?! Really... yes!!! 🇺🇸🇺🇸🇺🇸",
        '"' * 25_600,
        "!" * 30_000,
        ")" * 1_000 + "word" + "(" * 999,
        FLAG * 5_000,
        "x" * 100_000,
        "odd\u00a0space\u3000here",
        "\x00\x01" * 40 + "\u202e" * 40,
    ],
)
def test_parse_for_parser_keeps_length_and_letters(text: str) -> None:
    seen = for_parser(text)
    assert len(seen) == len(text)
    assert all(theirs in (mine, " ") for mine, theirs in zip(text, seen, strict=True))


@pytest.mark.parametrize(
    "text",
    [
        "Pneumonoultramicroscopicsilicovolcanoconiosis is a word, and so is “Ruiz's”.",
        "https://www.example.com/2024/05/08/world/a-long-but-ordinary-news-link.html",
        "x" * (WORD_RUN_STEP - 1),
    ],
)
def test_parse_for_parser_leaves_words_and_links(text: str) -> None:
    assert for_parser(text) == text


@pytest.mark.parametrize("text", ["x" * 100_000, "'s" * 5_000, "a:" * 5_000])
def test_parse_for_parser_breaks_long_words(text: str) -> None:
    seen = for_parser(text)
    assert max(len(run) for run in seen.split()) < WORD_RUN_STEP


@pytest.mark.parametrize(
    "text", ['"' * 25_600, "!" * 30_000, ")" * 4_000, FLAG * 5_000, "-=" * 500, "\x00" * 64]
)
def test_parse_for_parser_breaks_symbol_runs(text: str) -> None:
    seen = for_parser(text)
    assert max(len(run) for run in seen.split()) < SYMBOL_RUN_STEP
    assert seen.count(" ") == len(text) // SYMBOL_RUN_STEP


@pytest.mark.parametrize("text", ["?!", "...", "———", FLAG * 3, "!" * (SYMBOL_RUN_STEP - 1)])
def test_parse_for_parser_leaves_prose_punctuation(text: str) -> None:
    assert for_parser(text) == text


@pytest.mark.model
@pytest.mark.parametrize("run", ['"', "!", ")", "_", "'s", FLAG])
def test_parse_long_run_tokenizes_after_for_parser(nlp: Language, run: str) -> None:
    text = run * (50_000 // len(run))
    doc = nlp.make_doc(for_parser(text))  # minutes for some of these before for_parser
    assert len(doc.text) == len(text)


@pytest.mark.model
@pytest.mark.parametrize("run", ["x" * 50_000, "'s" * 2_500, '"' * 5_000, FLAG * 2_000])
def test_parse_long_run_parses(run: str) -> None:
    text = "He said so. " + run + " Then he left."
    ((_, doc),) = parse(load_pipeline(), [Article("run.txt", text)])
    assert isinstance(doc, Doc)
    assert len(doc.text) == len(text)
    assert text[doc[-2].idx : doc[-2].idx + len(doc[-2])] == "left"


def _long_text(n_chars: int) -> str:
    """Paragraphs of made-up news, with one paragraph break every few sentences."""
    paragraph = (
        "The council met on Tuesday and voted to close the old bridge. "
        "“We had no choice,” the mayor said. Repairs will cost $4 million.\n\n"
    )
    return (paragraph * (n_chars // len(paragraph) + 1))[:n_chars]


@pytest.fixture(scope="module")
def tokenizer_only() -> Language:
    """spaCy's tokenizer and our breaks: a million characters in a second or two."""
    nlp = spacy.blank("en")
    nlp.add_pipe(BREAKS_COMPONENT)
    return nlp


def test_parse_text_over_max_length_is_chunked_with_true_offsets(tokenizer_only: Language) -> None:
    text = _long_text(1_200_000)
    assert len(text) > tokenizer_only.max_length
    ((_, doc),) = parse(tokenizer_only, [Article("huge.txt", text)])
    assert isinstance(doc, Doc)
    assert doc.text == text
    for token in list(doc)[:: len(doc) // 50]:
        assert text[token.idx : token.idx + len(token)] == token.text


@pytest.mark.parametrize("text", ["x" * 5_000, ("word " * 1_000), ("a\nb " * 1_000), "\n" * 5_000])
def test_parse_chunks_of_any_text_add_up(text: str) -> None:
    chunks = list(_chunks(text, 700))
    assert chunks[0][0] == 0
    assert chunks[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in pairwise(chunks))
    assert all(0 < end - start <= 700 for start, end in chunks)


def test_parse_batches_stay_under_token_budget(
    tokenizer_only: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = importlib.import_module("storyline.nlp.parse")  # the package's `parse` is the function
    monkeypatch.setattr(module, "CHUNK_CHARS", 500)
    monkeypatch.setattr(module, "BATCH_TOKENS", 300)
    sizes: list[int] = []
    groups = module._groups

    def counted_groups(pieces, max_docs):
        for group in groups(pieces, max_docs):
            sizes.append(sum(len(doc) for doc, _ in group))
            yield group

    monkeypatch.setattr(module, "_groups", counted_groups)
    texts = ["Short one.", _long_text(4_000), "Another short one.", _long_text(1_500)]
    out = list(parse(tokenizer_only, [Article(f"{i}.txt", t) for i, t in enumerate(texts)]))
    assert [d.text for _, d in out if isinstance(d, Doc)] == texts
    assert len(sizes) > 1
    assert max(sizes) <= 300


@pytest.mark.model
def test_parse_chunks_keep_parse_and_caption_breaks(monkeypatch: pytest.MonkeyPatch) -> None:
    nlp = load_pipeline()
    monkeypatch.setattr(nlp, "max_length", 1_000)
    text = _long_text(3_500)
    ((_, doc),) = parse(nlp, [Article("long.txt", text)])
    assert isinstance(doc, Doc)
    assert doc.text == text
    assert doc.has_annotation("DEP")
    starts = {s.start_char for s in doc.sents}
    assert all(m.end() in starts for m in re.finditer("\n\n", text) if m.end() < len(text))


@pytest.mark.model
def test_parse_short_huge_short_all_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    nlp = load_pipeline()
    monkeypatch.setattr(nlp, "max_length", 2_000)
    texts = ["The mayor resigned on Monday.", _long_text(9_000), "Talks resumed in Oslo."]
    out = list(parse(nlp, [Article(f"{i}.txt", t) for i, t in enumerate(texts)]))
    assert [a.source for a, _ in out] == ["0.txt", "1.txt", "2.txt"]
    assert [d.text for _, d in out if isinstance(d, Doc)] == texts


_BOOM = "storyline_test_boom"


@Language.component(_BOOM)
def _boom(doc: Doc) -> Doc:
    if "BOOM" in doc.text:
        raise ValueError("bad\ncomponent \x1b[31mred")
    return doc


@pytest.fixture
def booming(nlp: Language) -> Language:
    nlp.add_pipe(_BOOM, last=True)
    yield nlp
    nlp.remove_pipe(_BOOM)


@pytest.mark.model
def test_parse_component_error_fails_one_article(booming: Language) -> None:
    texts = ["The mayor resigned.", "It went BOOM here.", "Talks resumed."]
    out = list(parse(booming, [Article(f"r{i}\n.txt", t) for i, t in enumerate(texts)]))
    assert [a.text for a, _ in out] == texts
    docs = [d for _, d in out]
    assert isinstance(docs[0], Doc)
    assert isinstance(docs[2], Doc)
    error = docs[1]
    assert isinstance(error, ParseError)
    assert str(error) == r"r1\x0a.txt: cannot parse (ValueError: bad\x0acomponent \x1b[31mred)"
    assert isinstance(error.cause, ValueError)


@pytest.mark.model
def test_parse_tokenizer_error_fails_one_article(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    tokenizer = nlp.tokenizer

    def picky(text: str) -> Doc:
        if "\x00" in text:
            raise RuntimeError("NUL\tin text")
        return tokenizer(text)

    monkeypatch.setattr(nlp, "tokenizer", picky)
    texts = ["The mayor resigned.", "A \x00 here.", "Talks resumed."]
    out = [d for _, d in parse(nlp, [Article(f"{i}.txt", t) for i, t in enumerate(texts)])]
    assert isinstance(out[0], Doc)
    assert isinstance(out[2], Doc)
    assert str(out[1]) == r"1.txt: cannot parse (RuntimeError: NUL\x09in text)"
