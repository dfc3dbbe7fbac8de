"""make_span(): the only place a record Span is built (its text sliced, never typed)."""

from __future__ import annotations

from storyline.record.model import Span

__all__ = ["make_span", "trim"]


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
