"""Quotes: who said what, on short reports we wrote ourselves."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from storyline.extract import Context, extract
from storyline.extract.quotemarks import find_quoted
from storyline.record import Quote

pytestmark = pytest.mark.model


@pytest.fixture
def quotes_of(parse_text: Callable) -> Callable[..., list[Quote]]:
    def _quotes(text: str, published: date | None = date(2024, 5, 8)) -> list[Quote]:
        doc, ctx = parse_text(text, published)
        return extract(doc, ctx)["quotes"]

    return _quotes


def _content(q: Quote) -> str:
    return " ".join(s.text for s in q.content)


def test_quotes_split_quote_has_one_speaker(quotes_of: Callable) -> None:
    text = (
        "Mayor Linda Hart visited the flooded district on Monday.\n\n"
        "“We will rebuild every house on this street,” she said. “Nobody will be left behind.”"
    )
    qs = quotes_of(text)
    assert [_content(q) for q in qs] == [
        "We will rebuild every house on this street,",
        "Nobody will be left behind.",
    ]
    assert {q.speaker_name for q in qs} == {"Linda Hart"}
    assert all(q.kind == "direct" for q in qs)


def test_quotes_inverted_order_and_relay(quotes_of: Callable) -> None:
    text = (
        "The bridge will stay closed until June, said Peter Olsen, according to the Daily Courier."
    )
    (q,) = quotes_of(text)
    assert q.kind == "indirect"
    assert _content(q) == "The bridge will stay closed until June"
    assert q.speaker is not None
    assert q.speaker.text == "Peter Olsen"
    assert q.via == "the Daily Courier"


def test_quotes_quote_runs_across_paragraphs(quotes_of: Callable) -> None:
    text = (
        "“The first phase is finished,” the engineer told the council. "
        "“The second phase starts now.\n\n"
        "“It will take two more years.”\n\nThe council adjourned."
    )
    qs = quotes_of(text)
    assert _content(qs[1]) == "The second phase starts now.\n\n“It will take two more years."
    assert qs[1].speaker_type == qs[0].speaker_type


def test_quotes_title_in_quote_marks_is_not_a_quote(quotes_of: Callable) -> None:
    text = "The senator appeared on “Face the Nation” and said the bill would pass this week."
    qs = quotes_of(text)
    assert [q.kind for q in qs] == ["indirect"]
    assert _content(qs[0]) == "the bill would pass this week"


def test_quotes_unbalanced_marks_stay_in_their_paragraph() -> None:
    text = "He said “this never closes.\n\nA second paragraph with no marks.\n\nA third one."
    (q,) = find_quoted(text)
    assert text[q.start : q.end] == "this never closes."


@pytest.mark.parametrize(
    ("text", "speaker_type"),
    [
        ("Officials who spoke on condition of anonymity said the talks had stalled.", "anonymous"),
        ("A source familiar with the negotiations said a deal was close.", "anonymous"),
        ("The report said emissions rose by a third last year.", "document"),
        ("Residents said the water had been brown for a week.", "group"),
        ("The French government said it would send two more ships.", "organization"),
    ],
)
def test_quotes_speaker_types(quotes_of: Callable, text: str, speaker_type: str) -> None:
    (q,) = quotes_of(text)
    assert q.speaker_type == speaker_type


@pytest.mark.parametrize(
    ("text", "name", "speaker_type"),
    [
        (
            "The source, who spoke on condition of anonymity, said the ministers would meet "
            "again on Friday.",
            "The source",
            "anonymous",  # typed by the whole phrase, named by its words before the clause
        ),
        (
            "The report by the inspectors, released on Monday, said the dam was unsafe.",
            "The report by the inspectors",
            "document",
        ),
        (
            "The report on post-war housing said rents had doubled.",
            "The report on post-war housing",
            "document",
        ),
        (
            "The mayor of Surabaya, Tri Rismaharini, said the search would go on.",
            "The mayor of Surabaya, Tri Rismaharini",  # the name after the comma stays
            "person",
        ),
    ],
)
def test_quotes_unnamed_speaker_is_named_by_its_phrase_before_a_clause(
    quotes_of: Callable, text: str, name: str, speaker_type: str
) -> None:
    (q,) = quotes_of(text)
    assert q.speaker_name == name
    assert q.speaker_type == speaker_type
    assert q.speaker is not None
    assert q.speaker.text.startswith(name)  # the span still holds the whole phrase


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Residents of the towns of Orla, Vesk and Tarn said the road had been closed for "
            "a week.",
            "Residents of the towns of Orla, Vesk and Tarn",
        ),
        ("The nurses' union members said the ward was short of staff.", "nurses' union members"),
    ],
)
def test_quotes_group_name_keeps_the_reports_spacing(
    quotes_of: Callable, text: str, name: str
) -> None:
    (q,) = quotes_of(text)
    assert q.speaker_type == "group"
    assert q.speaker_name == name  # not "Orla , Vesk", not "nurses ' union"


def test_quotes_state_body_gets_one_name(quotes_of: Callable) -> None:
    (q,) = quotes_of("The Israeli government said the crossing would reopen.")
    assert q.speaker_name == "Government of Israel"


def test_quotes_venue_audience_and_date(quotes_of: Callable) -> None:
    text = (
        "Union leader Maria Costa told reporters on Tuesday that the strike would continue. "
        "“We are not moving,” Costa told the Morning Herald."
    )
    first, second = quotes_of(text)
    assert first.audience == "reporters"
    assert first.date == "2024-05-07"
    assert second.venue == "the Morning Herald"
    assert first.speaker_name == second.speaker_name == "Maria Costa"


def test_quotes_participle_takes_the_subject(quotes_of: Callable) -> None:
    text = "The minister rejected the plan, saying it would cost too much."
    (q,) = [q for q in quotes_of(text) if q.cue is not None and q.cue.text == "saying"]
    assert _content(q) == "it would cost too much"
    assert q.speaker is not None
    assert q.speaker.text == "The minister"


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "Governor Alan Webb made it clear that no new taxes would be raised.",
            "made it clear",
            "no new taxes would be raised",
        ),
        (
            "Activist Rosa Lind called on the city to halt the evictions.",
            "called on",
            "the city to halt the evictions",
        ),
        (
            "The union accused the company of breaking the contract.",
            "accused",
            "the company of breaking the contract",
        ),
    ],
)
def test_quotes_multiword_and_object_cues(
    quotes_of: Callable, text: str, cue: str, content: str
) -> None:
    (q,) = quotes_of(text)
    assert q.cue is not None
    assert q.cue.text == cue
    assert _content(q) == content


def test_quotes_masked_caption_gives_no_quote(parse_text: Callable) -> None:
    text = (
        "The mayor said the roads would reopen on Friday.\n"
        "Officials said the storm was the worst in decades. AP Photo/Jo Kim\n"
    )
    doc, ctx = parse_text(text)
    start = text.index("Officials")
    masked = Context(text=ctx.text, published=ctx.published, masked=((start, len(text) - 1),))
    qs = extract(doc, masked)["quotes"]
    assert [_content(q) for q in qs] == ["the roads would reopen on Friday"]


def test_quotes_offsets_slice_the_text(quotes_of: Callable, parse_text: Callable) -> None:
    text = "“Prices will fall by summer,” said economist Ravi Menon, who advises the bank."
    doc, ctx = parse_text(text)
    for q in extract(doc, ctx)["quotes"]:
        for s in [*q.content, q.speaker, q.cue]:
            assert s is not None
            assert text[s.start : s.end] == s.text


def test_quotes_office_named_from_its_holder(quotes_of: Callable) -> None:
    text = (
        "Canadian Prime Minister Anne Roy visited the plant on Monday. "
        "Roy’s office said she would return in the spring."
    )
    (q,) = quotes_of(text)
    assert q.speaker is not None
    assert q.speaker.text == "Roy’s office"
    assert q.speaker_name == "Office of the Prime Minister of Canada"
    assert q.speaker_type == "organization"


@pytest.mark.parametrize(
    ("text", "speaker", "via"),
    [
        ("The coast guard quoted its commander, Maria Lopez, as saying four boats had sunk.",
         "Maria Lopez", "The coast guard"),
        ("The paper cited a senior judge as saying the hearing would be delayed.",
         "a senior judge", "The paper"),
    ],
)  # fmt: skip
def test_quotes_quoted_as_saying_the_object_speaks(
    quotes_of: Callable, text: str, speaker: str, via: str
) -> None:
    """'X quoted Y as saying …': Y said it; X relays it."""
    (q,) = quotes_of(text)
    assert (q.speaker_name, q.via) == (speaker, via)


def test_quotes_object_control_the_object_speaks(quotes_of: Callable) -> None:
    """'The floods prompted the council to warn …': the council warns, not the floods."""
    (q,) = quotes_of("The floods prompted the council to warn that the dam could fail.")
    assert q.speaker is not None
    assert q.speaker.text == "the council"


@pytest.mark.parametrize(
    ("text", "name", "stype"),
    [
        ("Mara Voss and Teodor Lind both said the vote was rigged.",
         "Mara Voss; Teodor Lind", "person"),
        # two descriptions joined are one unnamed source; "and others" adds no speaker
        ("Port officials and security guards said the gates were shut.", None, None),
        ("Mara Voss and others said the vote was rigged.", "Mara Voss", "person"),
    ],
)  # fmt: skip
def test_quotes_conjoined_speakers_are_each_named(
    quotes_of: Callable, text: str, name: str | None, stype: str | None
) -> None:
    (q,) = quotes_of(text)
    if name is None:
        assert q.speaker_name is not None
        assert ";" not in q.speaker_name
    else:
        assert (q.speaker_name, q.speaker_type) == (name, stype)
    assert q.speaker_entity is None or ";" not in (q.speaker_name or "")
