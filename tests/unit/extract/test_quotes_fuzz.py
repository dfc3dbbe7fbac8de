"""Property test: any text with any quote marks gives quotes whose spans slice the text."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.extract import extract
from storyline.extract.quotemarks import find_quoted

pytestmark = pytest.mark.model

PIECES = st.lists(
    st.sampled_from(
        [
            "“",
            "”",
            '"',
            "«",
            "»",
            "„",
            "‘",
            "’",
            "\n",
            "\n\n",
            ", ",
            ". ",
            " — ",
            ": ",
            "she said",
            "the minister told reporters",
            "according to the Daily Post",
            "We will not stop",
            "the talks have failed",
            "Officials said",
            "he added",
            "The mayor",
            "called on the council to act",
            "Meet the Press",
        ]
    ),
    max_size=30,
).map("".join)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=PIECES)
def test_quotes_fuzz_spans_slice_the_text(parse_text: Callable, text: str) -> None:
    if not text.strip():
        return
    doc, ctx = parse_text(text)
    for q in extract(doc, ctx)["quotes"]:
        for span in [*q.content, q.speaker, q.cue]:
            if span is not None:
                assert text[span.start : span.end] == span.text


@given(text=PIECES)
def test_quotemarks_fuzz_stay_in_bounds(text: str) -> None:
    last = -1
    for q in find_quoted(text):
        assert 0 <= q.open_mark < q.start <= q.end <= len(text)
        assert q.open_mark > last
        last = q.open_mark
