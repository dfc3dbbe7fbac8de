"""Small helpers the modules of :mod:`storyline.extract.quotes` share: tokens and intervals."""

from __future__ import annotations

import bisect

from spacy.tokens import Token

from storyline.extract.spans import token_at

_PRONOUNS = {"he", "she", "they", "it", "we", "i", "him", "her", "them"}


def _end_char(tok: Token) -> int:
    return tok.idx + len(tok.text)


_token_at = token_at  # the shared helper, under the name the quotes modules use


class _Intervals:
    """Sorted, non-overlapping char intervals: membership and coverage tests by bisection."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self.ranges = sorted(ranges)
        self.starts = [s for s, _ in self.ranges]

    def contains(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos) - 1
        return k >= 0 and self.ranges[k][0] <= pos < self.ranges[k][1]

    def covers(self, s: int, e: int) -> bool:
        """True if at least half of ``s:e`` lies inside the intervals."""
        k = max(0, bisect.bisect_right(self.starts, s) - 1)
        inside = 0
        for a, b in self.ranges[k:]:
            if a >= e:
                break
            inside += max(0, min(b, e) - max(a, s))
        return e > s and inside * 2 >= (e - s)
