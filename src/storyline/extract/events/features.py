"""The event classifier: the PLOVER type of a (sentence, source, target) triple.

The type of a (sentence, source, target) triple without the rest of an article is
:func:`classify_event`, what the PLV and PLOVER GSR benchmarks measure; its input is
:func:`event_features`, on which ``scripts/train_events.py`` trains the shipped model
(``MODEL_DIR``). The events extractor of an article does not use them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc, Token

from storyline.extract.events.coding import Frame, _code_noun, _frames, _inner_coding, find_frame
from storyline.extract.events.parse import _head_at, _lemma, _path
from storyline.extract.events.status import _status, _status_chain
from storyline.extract.plover import Coding
from storyline.nlp.classifiers import load_linear_classifier

__all__ = ["MODEL_DIR", "classify_event", "event_features"]

# The relation classifier trained by scripts/train_events.py (PLV train + NGEC silver), in
# src/storyline/extract/models: beside this package, one directory up.
MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "events_plv"

# PLV and our types: YIELD merges CONCEDE and RETREAT (PLV's SOURCE.md).
_PLV_YIELD = frozenset({"CONCEDE", "RETREAT"})
YIELD = "YIELD"
# Dependents of path tokens whose lemmas are features ("agreed [to] lift", "[not] release").
_FEATURE_CHILD_DEPS = frozenset({"dobj", "attr", "pobj", "prt", "neg", "aux", "prep"})


def classify_event(
    doc: Doc,
    source: tuple[int, int] | None,
    target: tuple[int, int] | None,
    *,
    use_model: bool = True,
) -> Coding | None:
    """Return the PLOVER ``(type, mode)`` of the event linking a source and a target.

    The shipped relation classifier (``MODEL_DIR``) decides the type from the lexicon frame
    and the words on the path between the two mentions; the lexicon's mode is kept when it
    agrees. PLV's merged YIELD comes back as the frame's CONCEDE or RETREAT (RETREAT when the
    lexicon has neither).

    Args:
        doc: the parse of the sentence.
        source: character offsets of the source mention, or None.
        target: character offsets of the target mention, or None.
        use_model: False for the lexicon alone (None when no predicate is in it).

    Raises:
        ModelError: the shipped classifier cannot be loaded.
    """
    frame = find_frame(doc, source, target)
    if not use_model:
        return None if frame is None else (frame.type, frame.mode)
    sparse, dense = event_features(doc, source, target, frame=frame)
    label, _ = load_linear_classifier(MODEL_DIR).predict(sparse, dense)
    if label == YIELD:
        label = frame.type if frame is not None and frame.type in _PLV_YIELD else "RETREAT"
    mode = frame.mode if frame is not None and frame.type == label else None
    return label, mode


def event_features(
    doc: Doc,
    source: tuple[int, int] | None,
    target: tuple[int, int] | None,
    *,
    frame: Frame | None = None,
) -> tuple[dict[str, float], npt.NDArray[np.float32]]:
    """Return the classifier's input for a (sentence, source, target) triple.

    Sparse: the sentence's content lemmas, the lemmas and dependents on the dependency path
    between source and target (the verbs nearest each end marked), the lexicon frame (type,
    mode, status, content type) and every lexicon coding in the sentence. Dense: the
    ``tok2vec`` rows of the frame's predicate, of the path and of the whole sentence, which
    carry what the lemmas miss for rare verbs.

    Args:
        doc: the parse of the sentence (with its ``tensor``).
        source: character offsets of the source mention, or None.
        target: character offsets of the target mention, or None.
        frame: the frame if already found (else :func:`find_frame`).
    """
    if frame is None:
        frame = find_frame(doc, source, target)
    f: Counter[str] = Counter()
    for tok in doc:
        if tok.is_alpha and not tok.is_stop:
            f["bow:" + _lemma(tok)] += 1
    src, tgt = _head_at(doc, source), _head_at(doc, target)
    path: list[Token] = []
    if src is not None and tgt is not None:
        path = _path(src, tgt)
        _path_features(f, path)
        f["sdep:" + src.dep_] += 1
        f["tdep:" + tgt.dep_] += 1
    elif src is not None or tgt is not None:
        anchor = src if src is not None else tgt
        verbs = [a for a in anchor.ancestors if a.pos_ in ("VERB", "AUX")]  # type: ignore[union-attr]
        for verb in verbs[:2]:
            f["v:" + _lemma(verb)] += 1
    if frame is not None:
        etype = YIELD if frame.type in _PLV_YIELD else frame.type
        status = _status(frame, _status_chain(frame.pred))
        f["rule:" + etype] += 1
        f[f"rulem:{frame.type}:{frame.mode}"] += 1
        f["rulepred:" + _lemma(frame.pred)] += 1
        f["status:" + status] += 1
        f[f"rule_status:{etype}:{status}"] += 1
        if frame.content is not None:
            inner = (
                _inner_coding(frame.content)
                if frame.content.pos_ in ("VERB", "AUX")
                else _code_noun(frame.content)
            )
            if inner is not None:
                f["inner:" + (YIELD if inner[0] in _PLV_YIELD else inner[0])] += 1
    else:
        f["rule:NONE"] += 1
    for other in _frames(doc):
        f["lexall:" + (YIELD if other.type in _PLV_YIELD else other.type)] += 1
    return dict(f), _dense_features(doc, frame, path)


def _path_features(f: Counter[str], path: Sequence[Token]) -> None:
    verbs = [t for t in path if t.pos_ in ("VERB", "AUX") or t.dep_ in ("ROOT", "xcomp", "ccomp")]
    for tok in path:
        f["p:" + _lemma(tok)] += 1
        for c in tok.children:
            if c.dep_ in _FEATURE_CHILD_DEPS:
                f[f"c{c.dep_}:" + _lemma(c)] += 1
            if c.dep_ == "dobj":
                for prep in (g for g in c.children if g.dep_ == "prep"):
                    for obj in (g for g in prep.children if g.dep_ == "pobj"):
                        f["dobjpobj:" + _lemma(obj)] += 1
    if verbs:
        f["v0:" + _lemma(verbs[0])] += 1
        f["vN:" + _lemma(verbs[-1])] += 1
        for verb in verbs:
            f["v:" + _lemma(verb)] += 1
    if path:
        lca = max(path, key=lambda t: -len(list(t.ancestors)))
        f["lca:" + _lemma(lca)] += 1


def _dense_features(
    doc: Doc, frame: Frame | None, path: Sequence[Token]
) -> npt.NDArray[np.float32]:
    tensor = np.asarray(doc.tensor, dtype=np.float32)
    width = tensor.shape[1] if tensor.ndim == 2 and tensor.shape[0] == len(doc) else 0
    if width == 0:
        return np.zeros(0, dtype=np.float32)
    pred = tensor[frame.pred.i] if frame is not None else np.zeros(width, dtype=np.float32)
    rows = [t.i for t in path] or [t.i for t in doc if t.pos_ == "VERB"] or [0]
    return np.concatenate([pred, tensor[rows].mean(axis=0), tensor.mean(axis=0)])
