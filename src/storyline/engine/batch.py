"""records_of(): one batch of articles to records, in order; the unit every backend runs.

The in-process path, each pool worker and each Dask task call the same function, so the three
backends give byte-identical records. A batch is parsed inside ``nlp.memory_zone()``: the
strings spaCy adds to its vocabulary for a batch are freed when the batch is done, so a worker
that reads millions of reports keeps a flat memory (without it the ``StringStore`` grows with
every new word it meets, for as long as the process lives).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.errors import ParseError, StorylineError, describe, one_line
from storyline.extract import build_record
from storyline.extract.events import EVENTS_KEY, event_model
from storyline.ingest.article import Article
from storyline.nlp import load_pipeline, parse
from storyline.nlp.attribution import load_tagger, tag_doc
from storyline.record.model import ArticleRecord

__all__ = ["Copy", "Failure", "load_readers", "records_of"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that gave no record, and why."""

    source: str
    error: StorylineError

    @property
    def reason(self) -> str:
        """The one-line reason, naming the input."""
        return str(self.error)


@dataclass(frozen=True, slots=True)
class Copy:
    """An input whose text a store already holds: its own metadata, and no parse.

    The same wire story read from another outlet (issue 16): the store keeps it as a copy of
    the report with ``report_id`` (``Store.ingest``), or as nothing new when it is the same
    input read again.
    """

    source: str
    report_id: str
    url: str | None
    outlet: str | None
    published: str | None
    headline: str | None

    @classmethod
    def of(cls, article: Article) -> Copy:
        """The copy metadata an article carries."""
        head = article.layout.headline
        return cls(
            source=article.source,
            report_id=article.id,
            url=article.url,
            outlet=article.outlet,
            published=article.published.isoformat() if article.published else None,
            headline=article.text[head[0] : head[1]] if head is not None else None,
        )


def load_readers(model: str, quotes: str = "model", events: str = "model") -> None:
    """Load what reads a report: the pipeline, the attribution tagger, the event classifier.

    The tagger and the classifier are loaded unless their setting is ``rules``.

    Raises:
        ModelError: a model cannot be loaded.
    """
    load_pipeline(model)
    if quotes == "model":
        load_tagger()
    if events == "model":
        event_model()


def records_of(
    articles: Sequence[Article],
    model: str,
    batch_size: int,
    quotes: str = "model",
    events: str = "model",
) -> list[ArticleRecord | Failure]:
    """Parse and extract a batch of articles; return a record or a Failure for each, in order.

    An article spaCy cannot parse, or whose extraction raises, becomes a ``Failure`` with a
    one-line reason; the rest of the batch keeps its records.

    Returns a list, not a generator, on purpose: every ``Doc`` of the batch must be gone when
    the memory zone closes, and the caller (a worker) sends back plain records, never Docs.

    ``quotes`` is ``model`` (the attribution tagger runs on every parse, and the quote
    extractor merges what it finds with the rules) or ``rules``; ``events`` is ``model`` (the
    event classifier decides which coded predicates are events) or ``rules``.

    Raises:
        ModelError: the language pipeline or the attribution tagger cannot be loaded.
    """
    if not articles:
        return []
    nlp = load_pipeline(model)
    tagger = load_tagger() if quotes == "model" else None
    out: list[ArticleRecord | Failure] = []
    with nlp.memory_zone():
        for article, doc in parse(nlp, articles, batch_size=batch_size):
            if isinstance(doc, ParseError):
                out.append(Failure(article.source, doc))
                continue
            try:
                if tagger is not None:
                    tag_doc(doc, tagger)
                doc.user_data[EVENTS_KEY] = events
                out.append(build_record(article, doc))
            except Exception as exc:  # the one per-input boundary (STYLE.md): a batch goes on
                log.debug("extraction failed on %s", article.source, exc_info=True)
                reason = f"{one_line(article.source)}: extraction failed ({describe(exc)})"
                out.append(Failure(article.source, StorylineError(reason)))
    return out
