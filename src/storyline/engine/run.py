"""run(): inputs to records in input order, in process; a failure never stops the batch."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from typing import BinaryIO

from storyline.errors import InputError, StorylineError
from storyline.extract import build_record
from storyline.ingest.article import Article
from storyline.ingest.sources import read_inputs
from storyline.nlp import load_pipeline, parse
from storyline.record.model import ArticleRecord
from storyline.settings import Settings

__all__ = ["Failure", "process", "run"]

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


def run(
    paths: Iterable[str | Path],
    settings: Settings,
    *,
    published: date | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[ArticleRecord | Failure]:
    """Read, parse and extract every input; yield a record or a Failure per report, in order.

    Raises:
        ModelError: the language pipeline cannot be loaded (nothing can be read then).
    """
    items = read_inputs(paths, published=published, max_bytes=settings.max_bytes, stdin=stdin)
    yield from process(items, settings)


def process(
    items: Iterable[Article | InputError], settings: Settings
) -> Iterator[ArticleRecord | Failure]:
    """Turn articles (and the input errors met on the way) into records, in order, in batches."""
    nlp = load_pipeline(settings.model)
    it = iter(items)
    while batch := list(islice(it, settings.batch_size)):
        articles = [a for a in batch if isinstance(a, Article)]
        parsed = iter(parse(nlp, articles, batch_size=settings.batch_size))
        for item in batch:
            if isinstance(item, InputError):
                yield Failure(item.source, item)
                continue
            article, doc = next(parsed)
            try:
                yield build_record(article, doc)
            except Exception as exc:
                log.debug("extraction failed on %s", article.source, exc_info=True)
                yield Failure(
                    article.source,
                    StorylineError(
                        f"{article.source}: extraction failed ({type(exc).__name__}: {exc})"
                    ),
                )
