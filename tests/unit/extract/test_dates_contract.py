"""Every date in the record obeys CONTRACT.md: ISO 8601 in dates[], a full day or null elsewhere."""

from __future__ import annotations

import re
from datetime import date

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from storyline.extract import build_record
from storyline.extract.time import iso_day, iso_value
from storyline.ingest.article import Article
from storyline.nlp import parse
from storyline.record.model import ArticleRecord

DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# ISO 8601 as the record uses it: a year, month, day (with a time), week (with a weekday), or
# a duration whose every part is a number.
ISO = re.compile(
    r"\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}(?::\d{2}(?::\d{2})?)?)?)?|-W\d{2}(?:-[1-7])?)?"
    r"|P(?=\d|T\d)(?:\d+(?:\.\d+)?[YMWD])*(?:T(?:\d+(?:\.\d+)?[HMS])+)?"
)

TEXTS = [
    "“We are ready now,” the minister said now. Officials are currently reviewing the plan.",
    "Some 40 people were killed recently, officials said now. Currently 300 troops are deployed.",
    "In the future, the council will vote on the levy, she said recently. Prices rose recently.",
    "“The talks will resume in the future,” he told reporters on Tuesday. Nowadays 12 trucks "
    "cross daily.",
    "This morning 3 soldiers died, the army said. This spring 2,000 people fled, and last winter "
    "40 villages burned.",
    "Every Monday 5 trucks arrive, the agency said last weekend. In the 1990s, the army shelled "
    "the town, and in the first quarter it struck 9 bridges.",
    "For three days, 20 homes burned, residents said over the next few days. Years ago the "
    "rebels seized 14 towns, officials said at the moment.",
]


def _record(nlp: Language, text: str) -> ArticleRecord:
    article = Article(source="<test>", text=text, published=date(2024, 5, 8))
    ((_, doc),) = parse(nlp, [article])
    assert isinstance(doc, Doc)
    return build_record(article, doc)


def _is_day(value: str) -> bool:
    if not DAY.fullmatch(value):
        return False
    date.fromisoformat(value)
    return True


@pytest.mark.model
@pytest.mark.parametrize("text", TEXTS)
def test_dates_contract_on_every_date_field(nlp: Language, text: str) -> None:
    record = _record(nlp, text)
    assert record.dates, "each text names some time"
    for d in record.dates:
        assert d.value is None or ISO.fullmatch(d.value), (d.text, d.value)
    for item in [*record.quotes, *record.figures, *record.events]:
        assert item.date is None or _is_day(item.date), (type(item).__name__, item.date)


@pytest.mark.model
@pytest.mark.parametrize("word", ["now", "currently", "in the future", "recently", "at present"])
def test_dates_contract_references_have_no_value(nlp: Language, word: str) -> None:
    record = _record(nlp, f"The mayor said {word} that 30 people had been hurt.")
    mentions = [d for d in record.dates if word.endswith(d.text)]
    assert mentions
    assert all(d.value is None for d in mentions)
    assert all(q.date is None for q in record.quotes)
    assert all(f.date is None for f in record.figures)


@pytest.mark.parametrize(
    ("timex", "iso"),
    [
        ("2023-12-03", "2023-12-03"),
        ("2023-12", "2023-12"),
        ("2023", "2023"),
        ("2023-W48", "2023-W48"),
        ("2023-12-03T15:30", "2023-12-03T15:30"),
        ("P3D", "P3D"),
        ("PT1H30M", "PT1H30M"),
        ("2023-12-03TMO", "2023-12-03"),
        ("2023-W48-WE", "2023-W48"),
        ("2023-Q4", "2023"),
        ("2023-SU", "2023"),
        ("2023-WI", None),
        ("PRESENT_REF", None),
        ("PAST_REF", None),
        ("FUTURE_REF", None),
        ("PXD", None),
        ("P2Q", None),
        ("XXXX-WXX-1", None),
        ("199", None),
        ("2023-13", None),
        ("2023-02-30", None),
        (None, None),
    ],
)
def test_dates_contract_iso_value(timex: str | None, iso: str | None) -> None:
    assert iso_value(timex) == iso


@pytest.mark.parametrize(
    ("timex", "day"),
    [
        ("2023-12-03", "2023-12-03"),
        ("2023-12-03T15:30", "2023-12-03"),
        ("2023-12-03TNI", "2023-12-03"),
        ("2023-W48-7", "2023-12-03"),
        ("2023-12", None),
        ("2023-W48", None),
        ("PRESENT_REF", None),
        ("FUTURE_REF", None),
        (None, None),
    ],
)
def test_dates_contract_iso_day(timex: str | None, day: str | None) -> None:
    assert iso_day(timex) == day
