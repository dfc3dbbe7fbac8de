"""The PolNeAR benchmark's reader and scorer on made-up sentences (no spaCy, no ../shared)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# benchmarks/ is a folder of scripts, not a package: import its helper by path.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from _polnear import (
    CharSpan,
    Counts,
    GoldAttribution,
    PredQuote,
    content_chars,
    coverage,
    fragments,
    has_quote_marks,
    overlaps,
    parse_ann,
    score_doc,
    score_ggt,
    score_linked,
    score_roles,
    select_annotator,
    trim,
)


def at(text: str, sub: str, nth: int = 0) -> CharSpan:
    """The span of the ``nth`` occurrence of ``sub`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return CharSpan(start, start + len(sub))


def cut(text: str, span: CharSpan) -> str:
    return text[span.start : span.end]


# Two attributions: an indirect one, and a direct one split around its speaker.
TEXT = (
    "The mayor said on Monday that the bridge would reopen in May.\n\n"
    '"It is safe," Ms. Lane, the engineer, said. "We checked every bolt."'
)
INDIRECT = GoldAttribution(
    id="E1",
    content=(at(TEXT, "that the bridge would reopen in May"),),
    source=(at(TEXT, "The mayor"),),
    cue=(at(TEXT, "said on Monday"),),
)
DIRECT = GoldAttribution(
    id="E2",
    content=(at(TEXT, '"It is safe,"'), at(TEXT, '"We checked every bolt."')),
    source=(at(TEXT, "Ms. Lane, the engineer,"),),
    cue=(at(TEXT, "said", 1),),
)
GOLD = [INDIRECT, DIRECT]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('"It is safe,"', "It is safe"),
        ("  the bridge.  ", "the bridge"),
        ("“We checked every bolt.”", "We checked every bolt"),
        (":", ":"),  # a span made only of punctuation stays as it is
    ],
)
def test_polnear_trim_strips_outer_punctuation_and_quote_marks(raw: str, expected: str) -> None:
    text = f"x {raw} y"
    assert cut(text, trim(text, at(text, raw))) == expected


def test_polnear_fragments_merge_only_across_whitespace() -> None:
    text = "alpha beta, gamma"
    touching = fragments(text, [at(text, "alpha"), at(text, "beta")])
    assert [cut(text, s) for s in touching] == ["alpha beta"]
    apart = fragments(text, [at(text, "alpha"), at(text, "gamma")])
    assert [cut(text, s) for s in apart] == ["alpha", "gamma"]


def test_polnear_counts_arithmetic_and_empty_cases() -> None:
    c = Counts(tp=2, n_pred=4, n_gold=5)
    assert (c.precision, c.recall) == (0.5, 0.4)
    assert c.f1 == pytest.approx(2 * 0.5 * 0.4 / 0.9)
    assert (Counts().precision, Counts().recall, Counts().f1) == (0.0, 0.0, 0.0)
    assert Counts(1, 2, 3) + Counts(1, 1, 1) == Counts(2, 3, 4)


def test_polnear_roles_exact_match_counts_fragments() -> None:
    pred = [
        # indirect: content exact up to the full stop, speaker and cue shorter than gold
        PredQuote(
            content=(at(TEXT, "that the bridge would reopen in May."),),
            speaker=at(TEXT, "The mayor"),
            cue=at(TEXT, "said"),
        ),
        # direct: one of the two fragments found, no speaker, the cue right
        PredQuote(content=(at(TEXT, "It is safe"),), speaker=None, cue=at(TEXT, "said", 1)),
    ]
    roles = score_roles(TEXT, GOLD, pred)
    # content: gold has 3 fragments (1 + the 2 of the discontinuous quote), pred 2, both right
    assert roles["content"] == Counts(tp=2, n_pred=2, n_gold=3)
    assert roles["source"] == Counts(tp=1, n_pred=1, n_gold=2)
    assert roles["cue"] == Counts(tp=1, n_pred=2, n_gold=2)


def test_polnear_roles_count_a_repeated_speaker_once() -> None:
    pred = [
        PredQuote(content=(at(TEXT, "It is safe"),), speaker=at(TEXT, "Ms. Lane, the engineer")),
        PredQuote(content=(at(TEXT, "We checked"),), speaker=at(TEXT, "Ms. Lane, the engineer")),
    ]
    assert score_roles(TEXT, GOLD, pred)["source"] == Counts(tp=1, n_pred=1, n_gold=2)


def test_polnear_coverage_ignores_whitespace_and_quote_marks() -> None:
    gold = content_chars(TEXT, DIRECT.content)
    assert len(gold) == len("Itissafe,Wecheckedeverybolt.")
    first = content_chars(TEXT, [at(TEXT, '"It is safe,"')])
    assert coverage(gold, first) == pytest.approx(len("Itissafe,") / len(gold))
    assert coverage(frozenset(), first) == 0.0


def test_polnear_ggt_thresholds_and_accuracies() -> None:
    # 9 of 28 gold chars: matched at 0.3 (0.32), not at 0.8; no speaker but cue right
    half = PredQuote(content=(at(TEXT, "It is safe,"),), speaker=None, cue=at(TEXT, "said", 1))
    full = PredQuote(
        content=(at(TEXT, "that the bridge would reopen in May"),),
        speaker=at(TEXT, "mayor"),
        cue=at(TEXT, "Monday"),
    )
    low = score_ggt(TEXT, GOLD, [half, full], 0.3)
    assert low.match == Counts(tp=2, n_pred=2, n_gold=2)
    assert (low.speaker_ok, low.cue_ok) == (1, 2)  # "mayor" overlaps, None does not
    high = score_ggt(TEXT, GOLD, [half, full], 0.8)
    assert high.match == Counts(tp=1, n_pred=2, n_gold=2)
    assert high.speaker_accuracy == 1.0


def test_polnear_ggt_threshold_is_inclusive() -> None:
    text = "He said abcdefghij today."
    gold = [
        GoldAttribution("E1", (at(text, "abcdefghij"),), (at(text, "He"),), (at(text, "said"),))
    ]
    pred = [PredQuote(content=(at(text, "abc"),))]  # exactly 3 of 10 characters
    assert score_ggt(text, gold, pred, 0.3).match.tp == 1


def test_polnear_ggt_matches_one_to_one() -> None:
    whole = PredQuote(content=(CharSpan(0, len(TEXT)),), speaker=at(TEXT, "The mayor"))
    result = score_ggt(TEXT, GOLD, [whole], 0.3)
    assert result.match == Counts(tp=1, n_pred=1, n_gold=2)


def test_polnear_linked_needs_content_and_speaker() -> None:
    right = PredQuote(
        content=(at(TEXT, "the bridge would reopen in May"),), speaker=at(TEXT, "mayor")
    )
    # the whole direct quote but no speaker: the gold has one, so it is not linked
    no_speaker = PredQuote(content=DIRECT.content, speaker=None)
    assert score_linked(TEXT, GOLD, [right, no_speaker]) == Counts(tp=1, n_pred=2, n_gold=2)
    with_cue = score_linked(TEXT, GOLD, [right, no_speaker], with_cue=True)
    assert with_cue == Counts(tp=0, n_pred=2, n_gold=2)  # right has no cue, gold has one


def test_polnear_linked_no_source_matches_no_speaker() -> None:
    text = "It is believed that the dam will hold."
    gold = [
        GoldAttribution("E1", (at(text, "that the dam will hold"),), (), (at(text, "believed"),))
    ]
    assert score_linked(text, gold, [PredQuote(content=(at(text, "the dam will hold"),))]).tp == 1
    pred = [PredQuote(content=(at(text, "the dam will hold"),), speaker=at(text, "It"))]
    assert score_linked(text, gold, pred).tp == 0


def test_polnear_overlaps_absent_on_both_sides() -> None:
    assert overlaps(TEXT, None, ())
    assert not overlaps(TEXT, None, INDIRECT.source)
    assert not overlaps(TEXT, at(TEXT, "Monday"), ())


def test_polnear_gold_without_content_is_not_scored() -> None:
    empty = GoldAttribution("E9", (), (at(TEXT, "The mayor"),), ())
    scores = score_doc(TEXT, [*GOLD, empty], [])
    assert scores.ggt[0.3].match.n_gold == 2
    assert scores.linked.n_gold == 2


def test_polnear_has_quote_marks_ignores_apostrophes() -> None:
    text = 'She said she didn’t know. "Never," he said.'
    assert not has_quote_marks(text, GoldAttribution("E1", (at(text, "she didn’t know"),)))
    assert has_quote_marks(text, GoldAttribution("E2", (at(text, '"Never,"'),)))


ANN_TEXT = (
    "Rain plan\n"
    '"We are ready," the chief said, "and we have boats." '
    "It was reported that roads were shut."
)


def make_ann(text: str) -> str:
    q1, q2 = at(text, '"We are ready,"'), at(text, '"and we have boats."')
    src, cue = at(text, "the chief"), at(text, "said")
    content = at(text, "that roads were shut")
    cue2 = at(text, "was reported")
    head = at(text, "Rain plan")
    lines = [
        f"T1\tSource {src.start} {src.end}\tthe chief",
        f"T2\tCue {cue.start} {cue.end}\tsaid",
        f"T3\tContent {q2.start} {q2.end};{q1.start} {q1.end}\t{cut(text, q2)} {cut(text, q1)}",
        f"T4\tAttribution {cue.start} {cue.end}\tsaid",
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        f"T5\tCue {cue2.start} {cue2.end}\twas reported",
        f"T6\tContent {content.start} {content.end}\tthat roads were",
        "shut",  # a text field with a line break continues on the next line
        f"T7\tAttribution-no-source {cue2.start} {cue2.end}\twas reported",
        "E2\tAttribution-no-source:T7 Cue:T5 Content:T6",
        f"T8\tDiscard {head.start} {head.end}\tRain plan",
        "#1\tAnnotatorNotes T8\theadline",
    ]
    return "\n".join(lines) + "\n"


def test_polnear_parse_ann_reads_relations_and_fragments() -> None:
    first, second = parse_ann(make_ann(ANN_TEXT), ANN_TEXT)
    assert first.id == "E1"
    assert [cut(ANN_TEXT, s) for s in first.content] == [
        '"We are ready,"',
        '"and we have boats."',
    ]  # fragments come back in text order
    assert [cut(ANN_TEXT, s) for s in first.source] == ["the chief"]
    assert [cut(ANN_TEXT, s) for s in first.cue] == ["said"]
    assert second.id == "E2"
    assert second.source == ()
    assert [cut(ANN_TEXT, s) for s in second.content] == ["that roads were shut"]
    assert [cut(ANN_TEXT, s) for s in second.cue] == ["was reported"]


def test_polnear_parse_ann_takes_content2_as_more_fragments() -> None:
    a, b = at(ANN_TEXT, "We are ready"), at(ANN_TEXT, "we have boats")
    ann = (
        f"T1\tContent {a.start} {a.end}\tWe are ready\n"
        f"T2\tContent {b.start} {b.end}\twe have boats\n"
        "E1\tAttribution-no-source:T1 Content:T1 Content2:T2\n"
    )
    (only,) = parse_ann(ann, ANN_TEXT)
    assert [cut(ANN_TEXT, s) for s in only.content] == ["We are ready", "we have boats"]


@pytest.mark.parametrize(
    ("ann", "message"),
    [
        ("E1\tAttribution:T1 Content:T2\n", "missing T1"),
        ("T1\tContent 0 4\tRain\nE1\tAttribution-no-source:T1 Topic:T1\n", "unknown role"),
        ("T1\tContent 0 999\tRain\n", "outside the text"),
    ],
)
def test_polnear_parse_ann_rejects_broken_gold(ann: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_ann(ann, ANN_TEXT)


def test_polnear_select_annotator_is_alphabetical() -> None:
    assert select_annotator(["d473", "4e07", "ef2d"]) == "4e07"
