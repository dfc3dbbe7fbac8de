"""Property test: any text of news-like pieces gives a record, and every span slices the text.

The readers have their own fuzz (tests/unit/ingest/test_fuzz.py); this one feeds the parser and
every extractor: names, titles, quote marks of every kind, numbers and units, dates and
weekdays, colons, brackets, paragraph breaks, emoji, right-to-left text, NUL and other
control characters, and long runs of one character.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from storyline.extract import build_record
from storyline.extract.time import iso_value
from storyline.ingest.article import Article
from storyline.nlp import parse

pytestmark = pytest.mark.model

NEWS = [
    "Prime Minister Anna Hart",
    "the minister",
    "Peter Olsen",
    "a senior official, who spoke on condition of anonymity,",
    "Hamas",
    "the United Nations",
    "the Red Cross",
    "he",
    "she",
    "they",
    "said",
    "told reporters",
    "according to the Daily Post",
    "warned",
    "accused Israel of",
    "will meet",
    "was released",
    "more than 100 hostages",
    "240",
    "about 1,200 people",
    "$4.5 million",
    "the 10,000th airstrike",
    "dozens of",
    "3 p.m.",
    "on Monday",
    "Friday",
    "last week",
    "Oct. 7",
    "2023-12-04",
    "now",
    "in the future",
    "recently",
    "met with",
    "saying",
    "claiming",
    "adding that",
    "according to",
    "made it clear that",
    "called on",
    "whose",
    "who",
    "that",
    "it",
    "the talks have failed",
    "we will not stop",
    "I think",
    "in a statement",
    "(AP Photo/Kim Lee)",
    " (",
    ") ",
    ": ",
    ", ",
    ". ",
    " — ",
    "\n",
    "\n\n",
    " ",
]
MARKS = ["“", "”", '"', "‘", "’", "'", "«", "»", "„", "‚", "‹", "›", "`", "「", "」"]
ODD = [
    "\x00",
    "\x01",
    "\x1b[31m",
    "\x7f",
    "\u200b",
    "\u200d",
    "\u202e",
    "\u2028",
    "\ufeff",
    "\ufffd",
    "\xa0",
    "\t",
    "\r\n",
    "\x0c",
    "🇺🇸",
    "👍🏽",
    "👩\u200d👩\u200d👧",
    "שלום עולם",
    "مرحبا بالعالم",
    "٣٤٥",
    "中文新闻",
    "e\u0301",
]
PIECE = st.one_of(
    st.sampled_from(NEWS),
    st.sampled_from(NEWS),
    st.sampled_from(NEWS),
    st.sampled_from(MARKS),
    st.sampled_from(ODD),
    st.integers(min_value=-5, max_value=10**12).map(str),
    st.builds(
        lambda c, n: c * n,
        st.sampled_from(['"', "!", ")", "_", "'s", "🇺🇸", "a"]),
        st.integers(1, 300),
    ),
    st.text(max_size=6),
)
TEXTS = st.lists(PIECE, min_size=1, max_size=60).map("".join)
PUBLISHED = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))


def _spans(value: Any) -> Iterator[dict[str, Any]]:
    """Every object in the record that has start, end and text: a span."""
    if isinstance(value, dict):
        if {"start", "end", "text"} <= value.keys():
            yield value
        for child in value.values():
            yield from _spans(child)
    elif isinstance(value, list):
        for child in value:
            yield from _spans(child)


DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=TEXTS, published=PUBLISHED)
def test_extract_fuzz_records_hold_their_spans(
    nlp: Language, text: str, published: date | None
) -> None:
    article = Article(source="<fuzz>", text=text, published=published)
    ((_, doc),) = parse(nlp, [article])
    assert isinstance(doc, Doc)
    record = build_record(article, doc)
    tree = record.model_dump()
    for span in _spans(tree):
        assert text[span["start"] : span["end"]] == span["text"]
    for d in record.dates:
        assert d.value == iso_value(d.value)
    for item in [*record.quotes, *record.figures, *record.events]:
        assert item.date is None or DAY.fullmatch(item.date)
