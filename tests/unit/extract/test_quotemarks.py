"""find_quoted(): quote marks paired per paragraph, masked ranges (captions, datelines) left out."""

from __future__ import annotations

import pytest

from storyline.extract.quotemarks import find_quoted

DATELINE = "KINGSTON, Jamaica (AP) —"
PARA = f"{DATELINE} “We have never seen water this high,” the harbour master said."


@pytest.mark.parametrize("lead", ["", "\n"])
def test_quotemarks_quote_after_a_masked_dateline_is_found(lead: str) -> None:
    text = f"Storm shuts ports\n\n{lead}{PARA}\n"
    start = text.index(DATELINE)
    quoted = find_quoted(text, masked=((start, start + len(DATELINE)),))
    assert [text[q.start : q.end] for q in quoted] == ["We have never seen water this high,"]


def test_quotemarks_masked_caption_paragraph_is_still_left_out() -> None:
    caption = "“Flooded streets” in Kingston on Tuesday. REUTERS/Ann Lee"
    text = f"{caption}\n\n“The water rose fast,” a resident said.\n"
    quoted = find_quoted(text, masked=((0, len(caption)),))
    assert [text[q.start : q.end] for q in quoted] == ["The water rose fast,"]
