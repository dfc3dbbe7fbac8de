"""The learned event coder: the decision on each frame, the shipped model's classes and
thresholds, and the three paths of ``classify_event`` on sentences we wrote."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from storyline.extract.events import EVENTS_KEY, classify_event, event_model, extract_events
from storyline.extract.events.coding import _frames
from storyline.extract.events.learned import NONE, decide

pytestmark = pytest.mark.model


def _probs(**given: float) -> dict[str, float]:
    labels = event_model().labels
    rest = (1.0 - sum(given.values())) / (len(labels) - len(given))
    return {lab: given.get(lab, rest) for lab in labels}


def test_the_shipped_model_has_a_no_event_class_and_its_thresholds() -> None:
    model = event_model()
    assert NONE in model.labels
    decision = model.meta["decision"]
    assert 0.5 <= decision["drop"] <= 1.0
    assert decision["retype"] >= 0.5  # above 1: never retypes


def test_decide_drops_keeps_or_retypes_by_the_thresholds(parse_text: Callable) -> None:
    doc, _ = parse_text("Police arrested three students in the capital.")
    frame = next(iter(_frames(doc)))
    assert (frame.type, frame.pred.text) == ("COERCE", "arrested")
    model = event_model()
    drop = model.meta["decision"]["drop"]
    assert decide(frame, _probs(NONE=drop), model) is None
    assert decide(frame, _probs(NONE=drop - 0.01, COERCE=0.5), model) == (frame.type, frame.mode)
    # without thresholds (an older model) the lexicon stands
    bare = dataclasses.replace(model, meta={})
    assert decide(frame, _probs(NONE=0.99), bare) == (frame.type, frame.mode)
    retype = model.meta["decision"]["retype"]
    if retype <= 0.99:
        assert decide(frame, _probs(ASSAULT=0.99), model) == ("ASSAULT", None)
    else:
        assert decide(frame, _probs(ASSAULT=0.99), model) == (frame.type, frame.mode)


def test_the_rules_path_skips_the_model(parse_text: Callable) -> None:
    text = '"We implore you to allow our doctors to treat them," the union wrote to the minister.'
    doc, ctx = parse_text(text)
    doc.user_data[EVENTS_KEY] = "rules"
    by_rules = extract_events(doc, ctx)
    doc.user_data[EVENTS_KEY] = "model"
    learned = extract_events(doc, ctx)
    assert {e.start for e in learned} <= {e.start for e in by_rules}


@pytest.mark.parametrize(
    ("sentence", "source", "target", "etype"),
    [
        ("Kenya accused Uganda of shelling a border town.", "Kenya", "Uganda", "ACCUSE"),
        ("The rebels freed two aid workers on Sunday.", "The rebels", "two aid workers", "RETREAT"),
        ("Police detained three students in the capital.", "Police", "three students", "COERCE"),
    ],
)
def test_classify_pair_on_every_path(
    parse_text: Callable, sentence: str, source: str, target: str, etype: str
) -> None:
    doc, _ = parse_text(sentence)
    s, t = sentence.index(source), sentence.index(target)
    for path in ("read", "model", "lexicon"):
        coding = classify_event(doc, (s, s + len(source)), (t, t + len(target)), path=path)
        assert coding is not None
        assert coding[0] == etype


def test_the_read_path_codes_nothing_without_a_lexicon_frame(parse_text: Callable) -> None:
    sentence = "The delegation ate lunch at the old harbour with the mayor."
    doc, _ = parse_text(sentence)
    s, t = sentence.index("The delegation"), sentence.index("the mayor")
    pair = ((s, s + len("The delegation")), (t, t + len("the mayor")))
    assert classify_event(doc, *pair, path="lexicon") is None
    assert classify_event(doc, *pair, path="read") is None
    assert classify_event(doc, *pair, path="model") is not None
