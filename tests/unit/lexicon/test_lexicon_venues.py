"""Outlets of the lexicon as venues of quotes: "told Haaretz" is a venue, "told the EPA" is not."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from storyline.extract import extract

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "venue", "audience"),
    [
        ("Benjamin Netanyahu told Haaretz that talks would resume.", "Haaretz", None),
        ("Defense Minister Yoav Gallant told Ynet that the operation would go on.", "Ynet", None),
        ("The minister told Kommersant that the deal was dead.", "Kommersant", None),
        ("The minister told reporters that the deal was dead.", None, "reporters"),
        ("The spokesman told the EPA that the plant was safe.", None, "the EPA"),
        ("Mr. Smith told Capitol Hill lawmakers that the bill would pass.", None, None),
    ],
)
def test_lexicon_outlets_are_venues(
    parse_text: Callable, text: str, venue: str | None, audience: str | None
) -> None:
    doc, ctx = parse_text(text, date(2024, 5, 8))
    (quote,) = extract(doc, ctx)["quotes"]
    assert quote.venue == venue
    if audience is not None:
        assert quote.audience == audience
