"""FirstHolder: which range holds an offset, the same answer as asking every range in turn."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyline.extract.spans import FirstHolder

RANGES = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 20), st.integers(0, 10)).map(
        lambda t: (t[0], t[0] + t[1], t[2])
    ),
    max_size=30,
)


@given(ranges=RANGES)
def test_spans_first_holder_matches_brute_force(ranges: list[tuple[int, int, int]]) -> None:
    index = FirstHolder(ranges)
    for pos in range(-2, 85):
        expected = min((rank for s, e, rank in ranges if s <= pos < e), default=None)
        assert index.at(pos) == expected


def test_spans_first_holder_long_range_under_short_ones() -> None:
    # a quote left open to the end holds everything the short ones do not
    index = FirstHolder([(0, 1_000_000, 5), *((i * 10, i * 10 + 3, i) for i in range(5))])
    assert [index.at(p) for p in (0, 2, 3, 41, 45, 999_999, 1_000_000)] == [0, 0, 5, 4, 5, 5, None]
