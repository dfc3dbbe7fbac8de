"""parse(): articles to (Article, Doc) pairs, batched with ``nlp.pipe``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from storyline.ingest.article import Article
from storyline.nlp.components import BREAKS_KEY

__all__ = ["DEFAULT_BATCH_SIZE", "for_parser", "parse"]

# Spaces the tokenizer does not split on, swapped one for one so every offset stays true:
# "the\u00a0Republican" otherwise becomes one token and wrecks the parse of its sentence.
_ODD_SPACES = str.maketrans(dict.fromkeys("\xa0\u2007\u2009\u200a\u202f\u205f\u3000", " "))

DEFAULT_BATCH_SIZE = 32  # documents per nlp.pipe batch: news reports are ~700 words


def for_parser(text: str) -> str:
    """Return the text the parser sees: odd spaces made plain, same length, same offsets."""
    return text.translate(_ODD_SPACES)


def parse(
    nlp: Language, articles: Iterable[Article], *, batch_size: int = DEFAULT_BATCH_SIZE
) -> Iterator[tuple[Article, Doc]]:
    """Parse articles in batches, in order, the whole text exactly as read.

    Captions, headline and kicker stay in the text (so ``token.idx`` is a record offset);
    their edges are handed to the ``storyline_breaks`` component as sentence starts.
    """

    def docs() -> Iterator[tuple[Doc, Article]]:
        for article in articles:
            doc = nlp.make_doc(for_parser(article.text))
            edges = {e for rng in article.masked for e in rng}
            doc.user_data[BREAKS_KEY] = sorted(edges)
            yield doc, article

    for doc, article in nlp.pipe(docs(), as_tuples=True, batch_size=batch_size):
        yield article, doc
