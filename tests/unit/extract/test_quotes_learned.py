"""Linking the tagger's role spans into attributions, and merging them with the rules' quotes.

The role spans here are written by hand, so what is tested is the decoding and the merge, not
the model (tests/unit/nlp/test_attribution_tagger.py tests the shipped model).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from storyline.extract.context import Context
from storyline.extract.quotes import extract_quotes
from storyline.extract.quotes.learned import Linked, link
from storyline.nlp.attribution import ROLE_SPANS_KEY, RoleSpan

pytestmark = pytest.mark.model

Parse = Callable[..., tuple[Doc, Context]]


def _span(text: str, role: str, words: str, nth: int = 0) -> RoleSpan:
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return RoleSpan(role, start, start + len(words))


def _texts(text: str, items: list[Linked]) -> list[tuple[str | None, str | None, list[str]]]:
    return [
        (
            text[a.cue[0] : a.cue[1]] if a.cue else None,
            text[a.source[0] : a.source[1]] if a.source else None,
            [text[s:e] for s, e in a.content],
        )
        for a in items
    ]


def test_a_cue_takes_the_contents_and_nearest_source_of_its_sentence(parse_text: Parse) -> None:
    text = "Voters, the mayor argued, want lower taxes and better schools. Rain fell."
    doc, _ = parse_text(text)
    spans = [
        _span(text, "CONTENT", "Voters"),
        _span(text, "SOURCE", "the mayor"),
        _span(text, "CUE", "argued"),
        _span(text, "CONTENT", "want lower taxes and better schools"),
    ]
    assert _texts(text, link(spans, doc)) == [
        ("argued", "the mayor", ["Voters", "want lower taxes and better schools"])
    ]


def test_a_content_without_a_cue_joins_the_cue_of_the_sentence_before_it(
    parse_text: Parse,
) -> None:
    text = "The report said three things. Prices will rise. Wages will not.\n\nTaxes fell."
    doc, _ = parse_text(text)
    spans = [
        _span(text, "SOURCE", "The report"),
        _span(text, "CUE", "said"),
        _span(text, "CONTENT", "Prices will rise"),
        _span(text, "CONTENT", "Taxes fell"),  # a new paragraph, no cue, no source: dropped
    ]
    assert _texts(text, link(spans, doc)) == [("said", "The report", ["Prices will rise"])]


def test_a_source_without_a_cue_still_owns_its_content(parse_text: Parse) -> None:
    text = "In the view of most analysts, the deal is dead."
    doc, _ = parse_text(text)
    spans = [_span(text, "SOURCE", "most analysts"), _span(text, "CONTENT", "the deal is dead")]
    assert _texts(text, link(spans, doc)) == [(None, "most analysts", ["the deal is dead"])]


def _quotes(parse_text: Parse, text: str, spans: list[RoleSpan]) -> list[tuple[str, ...]]:
    doc, ctx = parse_text(text)
    doc.user_data[ROLE_SPANS_KEY] = spans
    return [
        (
            q.kind,
            " | ".join(c.text for c in q.content),
            q.speaker.text if q.speaker else "",
            q.cue.text if q.cue else "",
        )
        for q in extract_quotes(doc, ctx)
    ]


def test_the_model_adds_an_attribution_the_rules_do_not_see(parse_text: Parse) -> None:
    text = "Polls show that the race in Ohio is tightening."
    spans = [
        _span(text, "SOURCE", "Polls"),
        _span(text, "CUE", "show"),
        _span(text, "CONTENT", "the race in Ohio is tightening"),
    ]
    assert _quotes(parse_text, text, []) == []
    assert _quotes(parse_text, text, spans) == [
        ("indirect", "the race in Ohio is tightening", "Polls", "show")
    ]


def test_a_rules_direct_quote_stays_and_the_overlapping_model_reading_is_dropped(
    parse_text: Parse,
) -> None:
    text = "“The port will reopen,” the minister said on Tuesday."
    rules = _quotes(parse_text, text, [])
    spans = [
        _span(text, "CONTENT", "The port will reopen,” the minister"),
        _span(text, "CUE", "said on Tuesday"),
    ]
    assert rules
    assert _quotes(parse_text, text, spans) == rules


def test_an_indirect_quote_takes_the_model_content_on_the_same_cue(parse_text: Parse) -> None:
    text = "The minister said the port would reopen soon, according to two aides."
    spans = [
        _span(text, "SOURCE", "The minister"),
        _span(text, "CUE", "said"),
        _span(text, "CONTENT", "the port would reopen soon"),
    ]
    assert [q[1] for q in _quotes(parse_text, text, [])] == [
        "the port would reopen soon, according to two aides"
    ]
    assert _quotes(parse_text, text, spans) == [
        ("indirect", "the port would reopen soon", "The minister", "said")
    ]


def test_a_one_word_hole_in_the_model_content_is_filled(parse_text: Parse) -> None:
    text = "The minister said the port would reopen on Friday after the storm."
    spans = [
        _span(text, "SOURCE", "The minister"),
        _span(text, "CUE", "said"),
        _span(text, "CONTENT", "the port would reopen"),
        _span(text, "CONTENT", "Friday after the storm"),  # "on" left untagged
    ]
    assert _quotes(parse_text, text, spans) == [
        ("indirect", "the port would reopen on Friday after the storm", "The minister", "said")
    ]


def test_holes_of_punctuation_or_two_words_stay(parse_text: Parse) -> None:
    text = "The minister said the port would reopen soon, and the ferries would run again."
    spans = [
        _span(text, "SOURCE", "The minister"),
        _span(text, "CUE", "said"),
        _span(text, "CONTENT", "the port"),
        _span(text, "CONTENT", "soon"),  # " would reopen " between: two words
        _span(text, "CONTENT", "and the ferries would run again"),  # ", " between
    ]
    assert [q[1] for q in _quotes(parse_text, text, spans)] == [
        "the port | soon | and the ferries would run again"
    ]


def test_a_stray_content_word_inside_the_speaker_is_dropped(parse_text: Parse) -> None:
    text = "The report on post-war housing said rents had doubled."
    spans = [
        _span(text, "CONTENT", "post"),
        _span(text, "CUE", "said"),
        _span(text, "CONTENT", "rents had doubled"),
    ]
    assert _quotes(parse_text, text, spans) == [
        ("indirect", "rents had doubled", "The report on post-war housing", "said")
    ]


def test_a_direct_quote_without_a_frame_takes_the_model_source(parse_text: Parse) -> None:
    text = "The strike spread.\n\nUnion leader Ana Ruiz: “We will not go back until we are paid.”"
    rules = _quotes(parse_text, text, [])
    assert [q[2] for q in rules] == [""]
    spans = [
        _span(text, "CONTENT", "We will not go back until we are paid."),
        _span(text, "SOURCE", "Union leader Ana Ruiz"),
    ]
    assert [q[2] for q in _quotes(parse_text, text, spans)] == ["Union leader Ana Ruiz"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The minister declined to say whether the talks would resume.",
        "A spokesman did not immediately confirm that the plant had closed.",
        "The senator stopped short of endorsing the plan.",
        "The mayor refused to comment on whether the budget was cut.",
    ],
)
def test_negated_or_refused_speech_is_no_attribution(parse_text: Parse, sentence: str) -> None:
    doc, _ = parse_text(sentence)
    cue = next(t for t in doc if t.lemma_ in ("say", "confirm", "endorse", "comment"))
    spans = [
        RoleSpan("SOURCE", 0, doc[1].idx + len(doc[1])),
        RoleSpan("CUE", cue.idx, cue.idx + len(cue)),
        RoleSpan("CONTENT", cue.idx + len(cue) + 1, len(sentence) - 1),
    ]
    assert _quotes(parse_text, sentence, []) == []
    assert _quotes(parse_text, sentence, spans) == []


def test_a_model_attribution_needs_a_cue_that_can_speak_and_a_clause(parse_text: Parse) -> None:
    text = "The ban on imports of luxury goods was adopted by the council in March."
    junk_cue = [  # the tagger ended a cue on a preposition
        _span(text, "SOURCE", "The ban"),
        _span(text, "CUE", "of"),
        _span(text, "CONTENT", "luxury goods was adopted by the council"),
    ]
    stance = [  # a stance with a bare noun phrase is no attribution: nothing is said
        _span(text, "SOURCE", "the council"),
        _span(text, "CUE", "adopted"),
        _span(text, "CONTENT", "imports of luxury goods"),
    ]
    short = [  # one or two words are a tagging error, not a content
        _span(text, "SOURCE", "the council"),
        _span(text, "CUE", "adopted"),
        _span(text, "CONTENT", "in March"),
    ]
    for spans in (junk_cue, stance, short):
        assert _quotes(parse_text, text, spans) == []


def test_a_passive_cue_with_no_source_of_its_own_is_no_attribution(parse_text: Parse) -> None:
    """The tagged source overlaps the content, and the passive's subject is not a speaker."""
    text = "The rebels are believed to have received most of their weapons from abroad."
    spans = [
        _span(text, "SOURCE", "The rebels"),
        _span(text, "CUE", "are believed"),
        _span(text, "CONTENT", "The rebels are believed to have received most of their weapons"),
    ]
    assert _quotes(parse_text, text, spans) == []


@pytest.mark.parametrize(
    ("text", "speaker", "content_start"),
    [
        (
            "Turnout was far higher than in any election of the past two decades, Jana Holt, the "
            "chair of the national electoral board that oversees the vote in all 14 provinces, "
            "said on Sunday.",
            "Jana Holt",
            "Turnout was far higher",
        ),
        (
            "The ceasefire that was agreed in the capital last month after weeks of talks between "
            "the two sides and their regional backers has mostly held, although there were "
            "reports of shelling near the border towns in the north and of sporadic clashes in "
            "the hills to the east of the river, officials said.",
            "officials",
            "The ceasefire that was agreed",
        ),
    ],
)
def test_said_after_a_long_appositive_or_a_long_content_is_found(
    text: str, speaker: str, content_start: str
) -> None:
    import storyline

    (quote,) = storyline.read_text(text).quotes
    assert quote.speaker_name == speaker
    assert quote.content[0].text.startswith(content_start)


def test_a_tagged_source_without_a_noun_gives_way_to_the_cue_subject(parse_text: Parse) -> None:
    text = "Members of the new group hope to open a free clinic at the camp."
    spans = [
        _span(text, "SOURCE", "of"),
        _span(text, "CUE", "hope"),
        _span(text, "CONTENT", "to open a free clinic at the camp"),
    ]
    (quote,) = _quotes(parse_text, text, spans)
    assert quote[2] == "Members of the new group"


def test_a_cue_whose_subject_the_parse_missed_takes_the_tagged_source(parse_text: Parse) -> None:
    """The parse puts the speaker inside the content; the tagger's spans set both right."""
    text = (
        "Turnout was 91% of the 4 million registered voters, Jana Holt, chair of the board, said."
    )
    rules = _quotes(parse_text, text, [])
    assert [q[2] for q in rules] == [""]
    spans = [
        _span(text, "CONTENT", "Turnout was 91% of the 4 million registered voters,"),
        _span(text, "SOURCE", "Jana Holt, chair of the board,"),
        _span(text, "CUE", "said"),
    ]
    (quote,) = _quotes(parse_text, text, spans)
    assert quote[1] == "Turnout was 91% of the 4 million registered voters,"
    assert quote[2] == "Jana Holt, chair of the board,"


def test_a_figure_in_a_quote_found_with_the_tagger_has_its_speaker_as_source() -> None:
    import storyline

    text = (
        "Turnout was 91% of the 4 million registered voters, Jana Holt, chair of the board, said."
    )
    record = storyline.read_text(text)
    assert {f.text: f.source for f in record.figures}["4 million registered voters"] == "Jana Holt"
