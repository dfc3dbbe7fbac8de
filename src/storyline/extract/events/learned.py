"""The learned event coder: whether a coded predicate reports an event, and of which type.

The rules (:mod:`.coding` and :mod:`.detection`) propose frames; the shipped classifier
(``MODEL_DIR``, trained by ``scripts/train_events.py``) scores each one over
:func:`~storyline.extract.events.features.frame_features`, with a ``NONE`` class for
predicates that report no PLOVER event. A frame the model gives ``NONE`` at least the
``drop`` probability is no event; a frame the model types otherwise with at least the
``retype`` probability takes the model's type; else the lexicon's type stands (the lexicon is
a feature of the model and its fallback). Both thresholds are in the model's ``meta.json``:
``drop`` was set before training, ``retype`` is the one with the best cross-validated accuracy
on PLV train.

``storyline read --events rules`` skips the model (``EVENTS_KEY`` in ``doc.user_data``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from spacy.tokens import Doc

from storyline.extract.events.coding import Frame, find_frame
from storyline.extract.events.features import _PLV_YIELD, MODEL_DIR, YIELD, event_features
from storyline.extract.plover import Coding
from storyline.nlp.classifiers import LinearClassifier, load_linear_classifier

# Package-internal: the names below are imported by the sibling modules of
# storyline.extract.events, which re-exports the public API.
__all__ = ["EVENTS_KEY", "classify_event", "event_model"]

Path = Literal["read", "model", "lexicon"]

# doc.user_data key the engine sets to "model" or "rules" (absent: "model", the default)
EVENTS_KEY = "storyline_events"
NONE = "NONE"
_NEVER = 2.0  # a probability threshold no probability reaches


def event_model() -> LinearClassifier:
    """The shipped event classifier, loaded once per process.

    Raises:
        ModelError: it cannot be loaded.
    """
    return load_linear_classifier(MODEL_DIR)


def decide(frame: Frame, probs: Mapping[str, float], model: LinearClassifier) -> Coding | None:
    """Return the ``(type, mode)`` of a frame, or None if it reports no event.

    Args:
        frame: the coded predicate, with the lexicon's type and mode.
        probs: the model's probability of each label for it.
        model: the model (its ``meta.json`` holds the thresholds).
    """
    decision = model.meta.get("decision")
    drop = float(decision["drop"]) if isinstance(decision, Mapping) else _NEVER
    retype = float(decision["retype"]) if isinstance(decision, Mapping) else _NEVER
    lexicon = YIELD if frame.type in _PLV_YIELD else frame.type
    label = choose(lexicon, probs, drop=drop, retype=retype)
    if label == NONE:
        return None
    if label == lexicon:
        return frame.type, frame.mode
    return ("RETREAT" if label == YIELD else label), None  # a yielding act is RETREAT


def choose(lexicon: str, probs: Mapping[str, float], *, drop: float, retype: float) -> str:
    """The label of a frame: ``NONE``, the lexicon's (PLV-merged) root, or the model's.

    The decision itself, shared by :func:`decide` and the training script's cross-validation.
    """
    if probs.get(NONE, 0.0) >= drop:
        return NONE
    best = max((lab for lab in probs if lab != NONE), key=probs.__getitem__)
    return best if best != lexicon and probs[best] >= retype else lexicon


def classify_event(
    doc: Doc,
    source: tuple[int, int] | None,
    target: tuple[int, int] | None,
    *,
    path: Path = "read",
) -> Coding | None:
    """Return the PLOVER ``(type, mode)`` of the event linking a source and a target.

    What the PLV and PLOVER GSR benchmarks measure, on one of three paths:

    * ``read`` (the default): what ``storyline read`` makes of the lexicon's frame for the
      pair (:func:`decide`): None when the lexicon proposes no frame or the model calls it
      no event. This is the path the product runs.
    * ``model``: the classifier's most probable type other than ``NONE``, with or without a
      lexicon frame (the relation classifier alone; ``storyline read`` never takes it).
    * ``lexicon``: the lexicon's frame alone (None when no predicate is in it).

    PLV's merged YIELD comes back as the frame's CONCEDE or RETREAT (RETREAT when the lexicon
    has neither); the lexicon's mode is kept when the type agrees.

    Args:
        doc: the parse of the sentence.
        source: character offsets of the source mention, or None.
        target: character offsets of the target mention, or None.
        path: which of the three.

    Raises:
        ModelError: the shipped classifier cannot be loaded.
    """
    frame = find_frame(doc, source, target)
    if path == "lexicon" or (path == "read" and frame is None):
        return None if frame is None else (frame.type, frame.mode)
    model = event_model()
    probs = model.predict_proba(*event_features(doc, source, target, frame=frame))
    if path == "read" and frame is not None:
        return decide(frame, probs, model)
    label = max((lab for lab in probs if lab != NONE), key=probs.__getitem__)
    if label == YIELD:
        label = frame.type if frame is not None and frame.type in _PLV_YIELD else "RETREAT"
    mode = frame.mode if frame is not None and frame.type == label else None
    return label, mode
