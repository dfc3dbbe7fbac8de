"""The event classifier: the PLOVER type of a (sentence, source, target) triple.

The input of the shipped event classifier (``MODEL_DIR``, trained by
``scripts/train_events.py``): :func:`event_features` for a (sentence, source, target) triple
as the PLV and PLOVER GSR benchmarks give it, :func:`frame_features` for a coded predicate of
an article with the arguments the events extractor finds. Both are the same features.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc, Span, Token

from storyline.extract.events.arguments import _actor_token, _target_token
from storyline.extract.events.coding import Frame, _code_noun, _frames, _inner_coding, find_frame
from storyline.extract.events.parse import _head_at, _lemma, _path
from storyline.extract.events.status import _status, _status_chain

__all__ = ["MODEL_DIR", "event_features", "frame_features"]

# The relation classifier trained by scripts/train_events.py (PLV train + NGEC silver), in
# src/storyline/extract/models: beside this package, one directory up.
MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "events"

# PLV and our types: YIELD merges CONCEDE and RETREAT (PLV's SOURCE.md).
_PLV_YIELD = frozenset({"CONCEDE", "RETREAT"})
YIELD = "YIELD"
# Dependents of path tokens whose lemmas are features ("agreed [to] lift", "[not] release").
_FEATURE_CHILD_DEPS = frozenset({"dobj", "attr", "pobj", "prt", "neg", "aux", "prep"})


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
    src, tgt = _head_at(doc, source), _head_at(doc, target)
    return _features(doc, src, tgt, frame, list(_frames(doc)))


def frame_features(
    frame: Frame, frames: Sequence[Frame] | None = None, *, in_quote_marks: bool = False
) -> tuple[dict[str, float], npt.NDArray[np.float32]]:
    """Return the classifier's input for one coded predicate of an article.

    The same features as :func:`event_features`, over the predicate's sentence, with the
    actor and target tokens the arguments step finds instead of marked mentions: what the
    events extractor asks the model about each frame that passes the rules.

    Args:
        frame: the coded predicate.
        frames: every frame of the article (found again when not given).
        in_quote_marks: the predicate stands between quotation marks: a speech's own words,
            where a promise or a plea is rhetoric rather than a reported act.
    """
    pred = frame.pred
    sent = pred.sent
    chain = _status_chain(pred)
    actor = _actor_token(frame, chain[-1] if chain else pred)
    target = _target_token(frame)
    if actor is not None and not sent.start <= actor.i < sent.end:
        actor = None
    if target is not None and not sent.start <= target.i < sent.end:
        target = None
    if frames is None:
        frames = list(_frames(pred.doc))
    in_sentence = [f for f in frames if sent.start <= f.pred.i < sent.end]
    sparse, dense = _features(sent, actor, target, frame, in_sentence)
    if in_quote_marks:
        status = _status(frame, chain)
        sparse["quoted"] = 1.0
        sparse[f"quoted:{frame.type}:{status}"] = 1.0
    return sparse, dense


def _features(
    tokens: Doc | Span,
    src: Token | None,
    tgt: Token | None,
    frame: Frame | None,
    frames: Sequence[Frame],
) -> tuple[dict[str, float], npt.NDArray[np.float32]]:
    f: Counter[str] = Counter()
    for tok in tokens:
        if tok.is_alpha and not tok.is_stop:
            f["bow:" + _lemma(tok)] += 1
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
    for role, arg in (("actor", src), ("target", tgt)):
        # who acts on whom: a person, a state, a group, a thing, or no one named
        f[f"{role}_kind:" + ("none" if arg is None else arg.ent_type_ or arg.pos_)] += 1
    if frame is not None:
        etype = YIELD if frame.type in _PLV_YIELD else frame.type
        status = _status(frame, _status_chain(frame.pred))
        f["rule:" + etype] += 1
        f[f"rulem:{frame.type}:{frame.mode}"] += 1
        f["rulepred:" + _lemma(frame.pred)] += 1
        f["status:" + status] += 1
        f[f"rule_status:{etype}:{status}"] += 1
        f["pred_dep:" + frame.pred.dep_] += 1
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
    for other in frames:
        f["lexall:" + (YIELD if other.type in _PLV_YIELD else other.type)] += 1
    return dict(f), _dense_features(tokens, frame, path)


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
    tokens: Doc | Span, frame: Frame | None, path: Sequence[Token]
) -> npt.NDArray[np.float32]:
    doc = tokens if isinstance(tokens, Doc) else tokens.doc
    tensor = np.asarray(doc.tensor, dtype=np.float32)
    width = tensor.shape[1] if tensor.ndim == 2 and tensor.shape[0] == len(doc) else 0
    if width == 0:
        return np.zeros(0, dtype=np.float32)
    # whitespace tokens ("\n" ending a paragraph) carry no meaning but move the mean
    words = [t.i for t in tokens if not t.is_space] or [t.i for t in tokens]
    pred = tensor[frame.pred.i] if frame is not None else np.zeros(width, dtype=np.float32)
    rows = [t.i for t in path] or [t.i for t in tokens if t.pos_ == "VERB"] or words[:1]
    return np.concatenate([pred, tensor[rows].mean(axis=0), tensor[words].mean(axis=0)])
