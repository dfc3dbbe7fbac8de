"""EXTRACTORS: the ordered registry of extractors, and extract() that runs them.

``EXTRACTORS`` is the ordered registry (our ``analyze_pipes``): each step names the results it
requires, and ``extract()`` checks them before it runs the step. A new kind is one module and
one line here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from storyline.extract.context import Context
from storyline.extract.entities import extract_entities
from storyline.extract.events import extract_events
from storyline.extract.figures import extract_figures
from storyline.extract.quotes import extract_quotes
from storyline.extract.time import extract_record_dates
from storyline.extract.time.speech import anchor_quoted_dates

__all__ = ["EXTRACTORS", "Extractor", "extract"]


@dataclass(frozen=True, slots=True)
class Extractor:
    """One step: its name (the result key), its function and the results it needs."""

    name: str
    func: Callable[[Doc, Context], Any]
    requires: tuple[str, ...] = ()


EXTRACTORS: tuple[Extractor, ...] = (
    Extractor("entities", extract_entities),
    Extractor("dates", extract_record_dates),
    Extractor("quotes", extract_quotes, requires=("entities", "dates")),
    # dates inside a dated quote count from the day it was said ("Today", said on Monday)
    Extractor("dates", anchor_quoted_dates, requires=("dates", "quotes")),
    Extractor("figures", extract_figures, requires=("dates", "quotes")),
    Extractor("events", extract_events, requires=("entities", "dates", "quotes")),
)


def extract(doc: Doc, ctx: Context, extractors: Sequence[Extractor] = EXTRACTORS) -> dict[str, Any]:
    """Run the extractors in order over one parsed document and return their results by name.

    Raises:
        ValueError: an extractor runs before one it requires.
    """
    for step in extractors:
        missing = [r for r in step.requires if r not in ctx.results]
        if missing:
            raise ValueError(f"extractor {step.name!r} requires {missing} to run first")
        ctx = ctx.with_result(step.name, step.func(doc, ctx))
    return dict(ctx.results)
