"""parse(): articles to (Article, Doc) pairs, batched with ``nlp.pipe``; no text stops a batch.

Three guards keep one odd text from costing the others their parse:

- ``for_parser()`` hands spaCy a text of the same length whose long runs without a space are
  broken by spaces: spaCy's tokenizer strips affixes one at a time and searches the rest of
  the run again each time, so such a run costs time quadratic in its length.
- A text longer than ``CHUNK_CHARS`` (or ``nlp.max_length``, spaCy's E088) is parsed in
  paragraph-aligned chunks joined back with ``Doc.from_docs``, so ``token.idx`` still
  indexes the whole text, and no batch holds more than ``BATCH_TOKENS`` tokens: memory
  stays bounded whatever the length of a text.
- A batch ``nlp.pipe`` raises on is parsed again one article at a time; an article that still
  fails comes back as a ``ParseError`` in its place, and the others keep their Doc.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from storyline.errors import ParseError
from storyline.ingest.article import Article
from storyline.nlp.components import BREAKS_KEY

__all__ = [
    "BATCH_TOKENS",
    "CHUNK_CHARS",
    "DEFAULT_BATCH_SIZE",
    "for_parser",
    "parse",
]

log = logging.getLogger(__name__)

# Spaces the tokenizer does not split on, swapped one for one so every offset stays true:
# "the\u00a0Republican" otherwise becomes one token and wrecks the parse of its sentence.
_ODD_SPACES = str.maketrans(dict.fromkeys("\xa0\u2007\u2009\u200a\u202f\u205f\u3000", " "))

DEFAULT_BATCH_SIZE = 32  # documents per nlp.pipe batch: news reports are ~700 words

# spaCy's tokenizer strips a word's prefixes and suffixes one at a time and searches what is
# left again after each: a word of n characters costs up to n * n. Runs that long never occur
# in prose, so for_parser swaps one character in every STEP of such a run for a space, and the
# cost per character stays bounded (measured: see the issue 11 note).
# Punctuation and symbols: prose never runs 16 of them together ("?!", "...", "🇺🇸🇺🇸🇺🇸");
# a divider line of dashes, a blank line of underscores or a wall of emoji does.
SYMBOL_RUN_STEP = 16  # characters
# Anything else without a space: no word or URL in a news report is this long, while a run of
# "'s's's…" or "a:a:a:…" costs as much as a run of symbols.
WORD_RUN_STEP = 100  # characters
# Not whitespace, letter or digit: quote marks, brackets, "!", "_", emoji and their
# regional-indicator pairs, control characters, combining marks.
_SYMBOL_RUN = re.compile(rf"(?:[^\s\w]|_){{{SYMBOL_RUN_STEP},}}")
_WORD_RUN = re.compile(rf"\S{{{WORD_RUN_STEP},}}")

# The tok2vec layer holds about 15 KB per token of a batch at once (measured on the default
# pipeline), so the parse is fed in bounded pieces: a text over CHUNK_CHARS (or over
# nlp.max_length, spaCy's E088, if smaller) is parsed in chunks, and a batch holds at most
# BATCH_TOKENS tokens however many articles it has room for.
CHUNK_CHARS = 30_000  # characters: ~5,000 words of prose, at most 30,000 tokens of symbols
BATCH_TOKENS = 30_000  # tokens handed to one nlp.pipe call (~450 MB in tok2vec)
# A chunk ends after the last blank line, else newline, else space of its second half, so a
# chunk is at least half the limit and a paragraph is seldom cut.
_CHUNK_BREAKS = ("\n\n", "\n", " ")


def for_parser(text: str) -> str:
    """Return the text the parser sees: same length, same offsets, cheap to tokenize.

    Odd spaces become plain ones; in a run of punctuation or symbols every
    ``SYMBOL_RUN_STEP``-th character becomes a space, and then in any run without a space
    every ``WORD_RUN_STEP``-th.
    """
    text = text.translate(_ODD_SPACES)
    text = _SYMBOL_RUN.sub(functools.partial(_break_run, step=SYMBOL_RUN_STEP), text)
    return _WORD_RUN.sub(functools.partial(_break_run, step=WORD_RUN_STEP), text)


def _break_run(match: re.Match[str], *, step: int) -> str:
    """The run with every ``step``-th character a space (a run shorter than ``step`` is kept)."""
    chars = list(match.group())
    chars[step - 1 :: step] = " " * (len(chars) // step)
    return "".join(chars)


def parse(
    nlp: Language, articles: Iterable[Article], *, batch_size: int = DEFAULT_BATCH_SIZE
) -> Iterator[tuple[Article, Doc | ParseError]]:
    """Parse articles in batches, in order, the whole text at its offsets as read.

    Captions, headline and kicker stay in the text (so ``token.idx`` is a record offset);
    their edges are handed to the ``storyline_breaks`` component as sentence starts. The
    Doc's text is ``for_parser(article.text)``: the same length, so every offset holds.

    Args:
        nlp: the pipeline (``load_pipeline()``).
        articles: the articles, read lazily ``batch_size`` at a time.
        batch_size: articles per ``nlp.pipe`` batch.

    Yields:
        ``(article, doc)`` per article, in input order; in place of the doc, a ``ParseError``
        for an article spaCy raised on.
    """
    it = iter(articles)
    while batch := list(islice(it, max(batch_size, 1))):
        yield from _parse_batch(nlp, batch, batch_size)


def _parse_batch(
    nlp: Language, batch: list[Article], batch_size: int
) -> Iterator[tuple[Article, Doc | ParseError]]:
    """One batch through ``nlp.pipe``; if that raises, each article on its own."""
    try:
        docs = list(_pipe(nlp, batch, batch_size))
    except Exception as exc:  # the parse boundary: the tokenizer or any component may raise
        if len(batch) == 1:
            log.debug("cannot parse %s", batch[0].source, exc_info=True)
            yield batch[0], ParseError(batch[0].source, exc)
            return
        log.debug("a batch of %d failed to parse (%r); one by one now", len(batch), exc)
        for article in batch:
            yield from _parse_batch(nlp, [article], 1)
        return
    yield from zip(batch, docs, strict=True)


def _pipe(nlp: Language, articles: Sequence[Article], batch_size: int) -> Iterator[Doc]:
    """Yield one Doc per article, in order; a long text goes in chunks, joined back."""
    parts: list[Doc] = []
    for group in _groups(_pieces(nlp, articles), batch_size):
        for doc, is_last in nlp.pipe(group, as_tuples=True, batch_size=len(group)):
            parts.append(doc)
            if is_last:
                yield parts[0] if len(parts) == 1 else _join(parts)
                parts = []


def _pieces(nlp: Language, articles: Iterable[Article]) -> Iterator[tuple[Doc, bool]]:
    """Tokenize each article's chunks; True marks an article's last chunk."""
    limit = min(nlp.max_length, CHUNK_CHARS)
    for article in articles:
        text = for_parser(article.text)
        edges = sorted({e for rng in article.masked for e in rng})
        chunks = list(_chunks(text, limit))
        for n, (start, end) in enumerate(chunks):
            doc = nlp.make_doc(text[start:end])
            doc.user_data[BREAKS_KEY] = [e - start for e in edges if start <= e < end]
            yield doc, n == len(chunks) - 1


def _groups(pieces: Iterable[tuple[Doc, bool]], max_docs: int) -> Iterator[list[tuple[Doc, bool]]]:
    """Consecutive pieces, at most ``max_docs`` and (unless one alone) ``BATCH_TOKENS``."""
    group: list[tuple[Doc, bool]] = []
    n_tokens = 0
    for piece in pieces:
        if group and (len(group) >= max_docs or n_tokens + len(piece[0]) > BATCH_TOKENS):
            yield group
            group, n_tokens = [], 0
        group.append(piece)
        n_tokens += len(piece[0])
    if group:
        yield group


def _chunks(text: str, limit: int) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` pieces of ``text``, each at most ``limit`` characters, in order.

    A piece ends after the last blank line (else newline, else space) of its second half,
    or at the limit when there is none: the pieces always add up to the text exactly.
    """
    start, size = 0, len(text)
    while size - start > limit:
        end = start + limit
        cut = end
        for sep in _CHUNK_BREAKS:
            at = text.rfind(sep, start + limit // 2, end)
            if at >= 0:
                cut = at + len(sep)
                break
        yield start, cut
        start = cut
    yield start, size


def _join(parts: list[Doc]) -> Doc:
    """Join the parsed chunks of one text into one Doc whose offsets index the whole text.

    Raises:
        ValueError: the joined text is not the chunks' texts end to end (a spaCy change).
    """
    # user_data holds the chunk's own break offsets, which from_docs would warn about (W102);
    # spaCy's stub lacks ``exclude``, which from_docs has had since v3.0
    joined = Doc.from_docs(parts, ensure_whitespace=False, exclude=["user_data"])  # type: ignore[call-arg]
    if joined is None or joined.text != "".join(p.text for p in parts):
        raise ValueError("the parsed chunks of a long text do not join back into the text")
    return joined
