"""make_span(): the only place a record Span is built (its text sliced, never typed).

Also ``token_at`` (the token at a character offset, for every extractor that holds offsets)
and ``FirstHolder``, the lookup of which range holds an offset, shared by the extractors that
ask it once per candidate (which quote holds this figure, this event, this speaker).
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterable

from spacy.tokens import Doc, Token

from storyline.record.model import Span

__all__ = ["FirstHolder", "make_span", "token_at", "trim"]


def token_at(doc: Doc, char: int) -> Token | None:
    """Return the token that starts at or covers character ``char`` of ``doc``, or None."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def make_span(text: str, start: int, end: int) -> Span:
    """Return the span ``text[start:end]`` with its text sliced from the article."""
    return Span(start=start, end=end, text=text[start:end])


def trim(text: str, start: int, end: int, chars: str = " \t\r\n") -> tuple[int, int]:
    """Shrink ``start:end`` past leading and trailing ``chars``."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


class FirstHolder:
    """The first range, by rank, that holds an offset: one sweep to build, log n to ask.

    Asking every range in turn costs the square of the ranges over a report (minutes for a
    million characters), and walking back from the offset does too when one range is long
    (a quote left open to the end). The sweep cuts the text at every range edge into pieces
    that each know their first holder.
    """

    def __init__(self, ranges: Iterable[tuple[int, int, int]]) -> None:
        """Index ``(start, end, rank)`` ranges; the lowest rank wins where several hold."""
        by_start = sorted(ranges)
        edges = sorted({x for start, end, _ in by_start for x in (start, end)})
        self._bounds: list[int] = []
        self._ranks: list[int | None] = []
        holding: list[tuple[int, int]] = []  # heap of (rank, end)
        k = 0
        for edge in edges:
            while k < len(by_start) and by_start[k][0] == edge:
                heapq.heappush(holding, (by_start[k][2], by_start[k][1]))
                k += 1
            while holding and holding[0][1] <= edge:
                heapq.heappop(holding)  # ended here (or before, under a lower rank)
            self._bounds.append(edge)
            self._ranks.append(holding[0][0] if holding else None)

    def at(self, pos: int) -> int | None:
        """Return the lowest rank of the ranges with ``start <= pos < end``, or None."""
        k = bisect.bisect_right(self._bounds, pos) - 1
        return self._ranks[k] if k >= 0 else None
