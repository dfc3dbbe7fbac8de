"""Context: what an extractor may know besides the parse (text, date, earlier results)."""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

__all__ = ["Context"]


@dataclass(frozen=True, slots=True)
class Context:
    """Frozen inputs of an extractor.

    Attributes:
        text: the article text; every offset indexes it.
        published: the publication date, the anchor of every relative date.
        masked: sorted, non-overlapping ``(start, end)`` ranges that are not body (captions,
            headline, section): body extractors skip them.
        results: outputs of the extractors run before, by name (``"entities"``, ``"dates"``).
        captions: the masked ranges that are photo captions (with credits): their figures are
            reported with a flag, while headline and kicker give nothing.
    """

    text: str
    published: date | None = None
    masked: tuple[tuple[int, int], ...] = ()
    results: Mapping[str, Any] = field(default_factory=dict)
    captions: tuple[tuple[int, int], ...] = ()

    def is_masked(self, start: int, end: int | None = None) -> bool:
        """Return True if ``text[start:end]`` overlaps a masked range (end defaults to start+1)."""
        end = start + 1 if end is None else end
        i = bisect.bisect_right(self.masked, (start, float("inf"))) - 1
        return any(s < end and start < e for s, e in self.masked[max(i, 0) : i + 2])

    def in_caption(self, start: int, end: int) -> bool:
        """Return True if ``text[start:end]`` lies in a photo caption."""
        return any(s <= start and end <= e for s, e in self.captions)

    def with_result(self, name: str, value: Any) -> Context:  # noqa: ANN401 - results are heterogeneous
        """Return a copy with one more extractor result."""
        return Context(
            self.text, self.published, self.masked, {**self.results, name: value}, self.captions
        )
