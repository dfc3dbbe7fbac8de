"""PLOVER events with status, actor, target, place, date and attribution.

How it works, over the dependency parse of the body (captions, headline and kicker masked):

1. *Predicates.* A verb is coded from the PLOVER lexicon (:mod:`storyline.extract.plover`):
   its object first ("pulled out of negotiations", "took hostages", "summoned the
   ambassador"), then a particle ("called on", "opened fire"), then the object noun of a
   light verb ("launched an airstrike", "expands its offensive", "resume negotiations"),
   then the verb itself ("accused", "freed").
2. *Frames.* Speech acts about another event — demands, refusals, threats, promises and
   accusations — are coded by the speech act, with the content as the mode ("demanded to
   meet" is REQUEST(meet), "refusing to release" REJECT(yield)); the content clause is not a
   second event (PLOVER manual ch. 3). Status verbs pass their complement through and set
   its status ("scheduled to meet" is a future CONSULT). A cooperative event negated under a
   modal is a refusal: "negotiations would not resume until …" is REJECT(meet),
   hypothetical.
3. *Arguments.* The actor is the subject (the ``by`` agent of a passive, the subject of the
   governing clause for a participle or an infinitive), the target the object or the object
   of ``on/against/with/to``; both resolve through the entities layer (pronouns included,
   with a subject-first fallback for "it"/"they"), conjuncts joined with "; ". An event the
   speaker performs by saying it ("Hamas was to blame", "talks would not resume") takes the
   quote's speaker as actor, or the body the speaker speaks for ("spokesman for the White
   House" → United States). Date from the dates layer attached to the predicate's clause,
   place from a GPE/LOC object of ``in/on/at/throughout``, attribution from the quote whose
   content holds the predicate.

The type of a (sentence, source, target) triple without the rest of an article is
:func:`classify_event`, what the PLV and PLOVER GSR benchmarks measure.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc, Token

from storyline.extract.context import Context
from storyline.extract.cues import DEMONYMS, STATE_BODIES
from storyline.extract.plover import (
    CONTROL_VERBS,
    EVENT_NOUNS,
    LABOUR_STRIKE_MODIFIERS,
    LIGHT_VERBS,
    MILITARY_STRIKE_WORDS,
    NON_EVENT_OBJECTS,
    OBJECT_EVENTS,
    PHRASAL_EVENTS,
    QUAD,
    STATE_METONYMS,
    STATUS_VERBS,
    THREAT_MODES,
    THREAT_MODES_BY_MODE,
    VERB_EVENTS,
    WANT_MODES,
    Coding,
)
from storyline.extract.spans import FirstHolder, trim
from storyline.extract.time import iso_day
from storyline.nlp.classifiers import load_linear_classifier
from storyline.record.model import DateMention, Entity, Event, EventStatus, Quote

__all__ = [
    "MODEL_DIR",
    "Frame",
    "classify_event",
    "event_features",
    "extract_events",
    "find_frame",
]

# The relation classifier trained by scripts/train_events.py (PLV train + NGEC silver).
MODEL_DIR = Path(__file__).resolve().parent / "models" / "events_plv"

_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_OBJECTS = frozenset({"dobj", "dative", "attr", "oprd"})
# Dependents that carry the event's core arguments and adjuncts into its span.
_SPAN_DEPS = frozenset(
    {"dobj", "dative", "attr", "oprd", "prep", "agent", "xcomp", "npadvmod", "prt", "acomp",
     "aux", "auxpass", "neg", "advmod", "pcomp", "tmod", "compound", "nummod", "amod",
     "poss", "det", "ccomp"}
)  # fmt: skip
# Dependents that open a clause of their own: kept out of an event's span below its top.
_NESTED_DEPS = frozenset(
    {"advcl", "relcl", "acl", "ccomp", "conj", "parataxis", "appos", "cc", "mark", "punct"}
)
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod"})
_TARGET_PREPS = frozenset({"against", "on", "upon", "with", "to", "at", "into", "toward"})
_PLACE_PREPS = frozenset({"in", "on", "at", "throughout", "across", "into", "inside", "near"})
_PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})  # "wo" is the lemma of "won't"
_HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "should", "'d", "must"})
_CONDITIONAL_MARKS = frozenset({"if", "unless", "until"})
_NEGATORS = frozenset({"not", "n't", "never", "no"})
# "accused X of attacking", "blamed X for the attack": the accusation's content follows these.
_ACCUSE_PREPS = frozenset({"of", "for"})
# Speaker types an "it"/"they" in their own words refers back to.
_BODY_SPEAKERS = frozenset({"organization", "group"})
_NEUTER_PRONOUNS = frozenset({"it", "its", "they", "them", "their"})
_FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
_COOPERATIVE = frozenset(t for t, q in QUAD.items() if q in (1, 2))
# Window (characters) in which an unresolved "it"/"they" looks back for its antecedent.
PRONOUN_LOOKBACK_CHARS = 400
# Roles that make a speaker speak for a body: "spokesman for the White House", "a
# representative for Hamas in Lebanon", "an official of the ministry".
_SPEAKS_FOR = re.compile(
    r"\b(?:spokes(?:man|woman|person)|representative|official|envoy|negotiator|aide|"
    r"ambassador|adviser|advisor|member|leader|officer)\s+(?:for|of|from|with)\s+"
    r"(?:the\s+)?(?P<body>[^,;]+?)(?:\s+(?:in|at|on)\s+[A-Z][^,;]*)?$"
)
# Characters trimmed off an event span's edges: whitespace, clause punctuation, quote marks.
_SPAN_EDGE_CHARS = " \t\r\n,;:—–-\"'“”‘’"
# PLV and our types: YIELD merges CONCEDE and RETREAT (PLV's SOURCE.md).
_PLV_YIELD = frozenset({"CONCEDE", "RETREAT"})
YIELD = "YIELD"
# Dependents of path tokens whose lemmas are features ("agreed [to] lift", "[not] release").
_FEATURE_CHILD_DEPS = frozenset({"dobj", "attr", "pobj", "prt", "neg", "aux", "prep"})


@dataclass(frozen=True, slots=True)
class Frame:
    """One coded predicate in a parse: what :func:`find_frame` returns.

    Attributes:
        pred: the token that names the event (a verb, or the control verb of a speech act).
        type: PLOVER type.
        mode: PLOVER mode, or None.
        content: the complement the speech act is about, absorbed into the mode.
        noun: the event noun a light verb takes its type from, if any.
    """

    pred: Token
    type: str
    mode: str | None
    content: Token | None = None
    noun: Token | None = None


def extract_events(doc: Doc, ctx: Context) -> list[Event]:
    """Return the PLOVER events of the body of one parsed report, sorted by start.

    Args:
        doc: the parse of ``ctx.text``.
        ctx: the text, the publication date, the masked ranges, and the results of the
            ``entities``, ``dates`` and ``quotes`` extractors (each optional).

    Returns:
        One :class:`~storyline.record.model.Event` per coded predicate outside the masked
        ranges, its span sliced from ``ctx.text``.
    """
    env = _Env(doc, ctx)
    frames = [f for f in _frames(doc) if not ctx.is_masked(f.pred.idx)]
    absorbed = {t.i for f in frames for t in _absorbed(f)}
    events = [env.event(f) for f in frames if f.pred.i not in absorbed]
    return sorted(events, key=lambda e: (e.start, e.end))


def find_frame(
    doc: Doc, source: tuple[int, int] | None, target: tuple[int, int] | None
) -> Frame | None:
    """Return the frame linking a source and a target in a one-sentence parse.

    The predicate is the first coded one on the way up from the source (the verb it is the
    subject of, and the speech act above it), else on the dependency path to the target,
    else the coded predicate nearest the source.

    Args:
        doc: the parse of the sentence.
        source: character offsets of the source (actor) mention, or None.
        target: character offsets of the target (recipient) mention, or None.
    """
    frames = {f.pred.i: f for f in _frames(doc)}
    absorbed = {t.i for f in frames.values() for t in _absorbed(f)}
    src, tgt = _head_at(doc, source), _head_at(doc, target)
    anchors = [t for t in (src, tgt) if t is not None]
    order: list[Token] = []
    if src is not None and tgt is not None:
        order += _path(src, tgt)
    for anchor in anchors:
        order += list(anchor.ancestors)
    for tok in order:
        frame = frames.get(tok.i)
        if frame is not None and tok.i not in absorbed:
            return frame
    if not frames:
        return None
    pivot = anchors[0].i if anchors else 0
    free = [f for f in frames.values() if f.pred.i not in absorbed] or list(frames.values())
    return min(free, key=lambda f: abs(f.pred.i - pivot))


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


# --- coding predicates -------------------------------------------------------------------


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _frames(doc: Doc) -> Iterable[Frame]:
    """Yield a frame for every coded verb of the doc (speech acts with their content)."""
    for tok in doc:
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in _MODIFIER_DEPS:
            continue  # "the visiting president", "Palestinian-held": modifiers, not events
        frame = _control_frame(tok) or _blame_frame(tok)
        if frame is None:
            coded = _code_verb(tok)
            if coded is None:
                continue
            coding, noun = coded
            frame = Frame(tok, coding[0], coding[1], noun=noun)
        yield _refusal(frame)


def _code_verb(tok: Token) -> tuple[Coding, Token | None] | None:
    """Code a verb by its object, particle, light-verb noun or itself (module docstring)."""
    lemma = _lemma(tok)
    objects = _objects(tok)
    for obj in objects:
        coding = OBJECT_EVENTS.get((lemma, _lemma(obj)))
        if coding is not None:
            return coding, None
    direct = [o for o in objects if o.dep_ in _OBJECTS or o.dep_ == "nsubjpass"]
    if any(_lemma(o) in NON_EVENT_OBJECTS for o in direct):
        return None
    for part in _particles(tok):
        coding = PHRASAL_EVENTS.get((lemma, part))
        if coding is not None:
            return coding, None
    if lemma in LIGHT_VERBS:
        for obj in objects:
            coding = _code_noun(obj)
            if coding is not None:
                return coding, obj
    coding = VERB_EVENTS.get(lemma)
    return (coding, None) if coding is not None else None


def _code_noun(tok: Token) -> Coding | None:
    """Code an event noun ("airstrike", "talks"), a labour strike apart from an air strike."""
    lemma = _lemma(tok)
    if lemma == "strike" and (
        any(_lemma(c) in LABOUR_STRIKE_MODIFIERS for c in tok.children)
        or (tok.dep_ == "pobj" and tok.head.lower_ == "on")
        or not any(_lemma(t) in MILITARY_STRIKE_WORDS for t in tok.sent)
    ):
        return ("PROTEST", "strike")
    compound = " ".join(
        [c.lower_ for c in tok.children if c.dep_ == "compound" and c.i == tok.i - 1] + [lemma]
    )
    return EVENT_NOUNS.get(compound) or EVENT_NOUNS.get(lemma)


def _objects(tok: Token) -> list[Token]:
    """Return the objects of a verb, nearest first.

    The direct object, the passive subject or the noun a participle modifies, the subject of
    an intransitive light verb ("negotiations resume"), then prepositional objects.
    """
    out = [c for c in tok.children if c.dep_ in _OBJECTS]
    out += [c for c in tok.children if c.dep_ == "nsubjpass"]
    if _is_reduced_passive(tok):
        out.append(tok.head)
    if _lemma(tok) in LIGHT_VERBS and not out:
        out += [c for c in tok.children if c.dep_ == "nsubj"]
    out += _prep_objects(tok)
    return out


def _is_reduced_passive(tok: Token) -> bool:
    """Return True for a past participle modifying the noun it is about ("hostages taken")."""
    return (
        tok.dep_ == "acl"
        and tok.tag_ == "VBN"
        and not any(c.dep_ in ("nsubjpass", "aux", "auxpass", "mark") for c in tok.children)
        and not any(t.is_punct for t in tok.doc[tok.head.i + 1 : tok.i])
    )


def _prep_objects(tok: Token) -> list[Token]:
    """Objects of the prepositions of ``tok``, through stacked ones ("out of talks")."""
    out: list[Token] = []
    for prep in (c for c in tok.children if c.dep_ in ("prep", "prt", "agent")):
        for c in prep.children:
            if c.dep_ in ("pobj", "pcomp"):
                out.append(c)
            elif c.dep_ == "prep":
                out += [g for g in c.children if g.dep_ == "pobj"]
    return out


def _particles(tok: Token) -> list[str]:
    """Particle and first preposition of a verb ("pulled out", "called on")."""
    parts = [c.lower_ for c in tok.children if c.dep_ == "prt"]
    preps = [c.lower_ for c in tok.children if c.dep_ == "prep" and c.i > tok.i]
    return parts + preps[:1]


def _complement(tok: Token) -> Token | None:
    """Return the clause a speech-act verb is about.

    A ``to``-infinitive, a ``that``-clause, or the ``of/for`` complement of an accusation
    ("accused X of violating").
    """
    for c in tok.children:
        if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX"):
            return c
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in _ACCUSE_PREPS):
        for c in prep.children:
            if c.dep_ in ("pcomp", "pobj"):
                return c
    return None


def _control_frame(tok: Token) -> Frame | None:
    """A demand, refusal, threat, promise or accusation with the event it is about."""
    lemma = _lemma(tok)
    coding = CONTROL_VERBS.get(lemma)
    if coding is None:
        return None
    if lemma == "call" and not any(p in ("on", "for", "upon") for p in _particles(tok)):
        return None
    content = _complement(tok)
    inner = _inner_coding(content) if content is not None else None
    if inner is None:
        for obj in (c for c in tok.children if c.dep_ == "dobj"):
            inner = _code_noun(obj)
            if inner is not None:
                content = obj
                break
    if content is None and lemma in VERB_EVENTS:
        return None  # plain "accused", "warned", "agreed": coded as a verb
    etype, mode = coding
    if inner is not None:
        mode = _content_mode(etype, inner, mode)
    return Frame(tok, etype, mode, content=content)


def _inner_coding(tok: Token) -> Coding | None:
    """The coding of a complement clause, through status verbs ("to try to meet")."""
    seen = 0
    while tok is not None and seen < 4:
        seen += 1
        coded = _code_verb(tok) if tok.pos_ in ("VERB", "AUX") else None
        if coded is not None:
            return coded[0]
        if tok.pos_ == "NOUN":
            return _code_noun(tok)
        nxt = next((c for c in tok.children if c.dep_ == "xcomp"), None)
        if nxt is None:
            return None
        tok = nxt
    return None


def _content_mode(etype: str, inner: Coding, default: str | None) -> str | None:
    """Mode of a speech act from what it is about (manual tables 3.3, 3.5, 3.6)."""
    if etype in ("REQUEST", "REJECT"):
        return WANT_MODES.get(inner[0], "change" if inner[0] != "REJECT" else default)
    if etype == "THREATEN":
        by_mode = THREAT_MODES_BY_MODE.get(inner[1] or "")
        return by_mode or THREAT_MODES.get(inner[0])
    return default  # ACCUSE: the verb says allege or disapprove; AGREE has no modes


def _is_blame(tok: Token) -> bool:
    """Return True for "X was to blame": ``blame`` as the infinitive complement of ``be``."""
    return _lemma(tok) == "blame" and tok.dep_ == "xcomp" and _lemma(tok.head) == "be"


def _blame_frame(tok: Token) -> Frame | None:
    """Code "X was to blame for Y": an accusation of X by whoever says it."""
    return Frame(tok, "ACCUSE", "allege") if _is_blame(tok) else None


def _refusal(frame: Frame) -> Frame:
    """Recode a cooperative event negated under a modal as a refusal.

    "will not negotiate" is REJECT(meet) (CAMEO 12 reject; the PLOVER REJECT mode is what is
    refused).
    """
    if frame.type not in _COOPERATIVE or not _is_negated(frame.pred):
        return frame
    if not any(_lemma(c) in _FUTURE_AUX | _HYPOTHETICAL_AUX for c in _auxes(frame.pred)):
        return frame
    return Frame(frame.pred, "REJECT", WANT_MODES.get(frame.type, "change"), noun=frame.noun)


def _absorbed(frame: Frame) -> list[Token]:
    """Tokens whose own frames belong to this one: the content of a speech act."""
    if frame.content is None:
        return []
    return [t for t in frame.content.subtree if t.pos_ in ("VERB", "AUX")]


# --- status ------------------------------------------------------------------------------


def _auxes(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ in ("aux", "auxpass")]


def _is_negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never") for c in
               tok.children) or any(c.lower_ in _NEGATORS for c in _auxes(tok))  # fmt: skip


def _status(frame: Frame, chain: Sequence[Token]) -> EventStatus:
    """Return asserted / future / hypothetical / negated from the predicate and its chain."""
    pred = frame.pred
    conditional = any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONDITIONAL_MARKS
                                  for m in c.children)
        for c in pred.children
    ) or any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in pred.children)  # fmt: skip
    if frame.type == "REJECT" and _is_negated(pred):  # a refusal: "would not resume until"
        auxes = {_lemma(a) for a in _auxes(pred)}
        return "hypothetical" if conditional or auxes & _HYPOTHETICAL_AUX else "asserted"
    status: EventStatus = "asserted"
    for tok in [pred, *chain]:
        verb_status = STATUS_VERBS.get(_lemma(tok)) if tok is not pred else None
        auxes = {_lemma(a) for a in _auxes(tok)}
        if tok is pred and _is_negated(tok) and frame.type != "REJECT":
            return "negated"
        if auxes == {"would"} and tok.dep_ == "ccomp" and not conditional:
            status = "future"  # reported future: "announced it would release"
            continue
        if auxes & _HYPOTHETICAL_AUX or verb_status == "hypothetical":
            return "hypothetical"
        if verb_status is not None and _is_negated(tok):
            return "hypothetical"  # "doesn't expect hostages to be released"
        if auxes & _FUTURE_AUX or verb_status == "future" or _going_to(tok):
            status = "future"
    if conditional:
        return "hypothetical"
    return status


def _is_infinitive_complement(tok: Token) -> bool:
    """An ``xcomp``, or a ``to``-infinitive the parser calls ``ccomp`` ("expect X to be …")."""
    return tok.dep_ == "xcomp" or (
        tok.dep_ == "ccomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    )


def _going_to(tok: Token) -> bool:
    """Return True for "is going to meet": ``going`` as the head of an infinitive."""
    head = tok.head
    return (
        tok.dep_ == "xcomp"
        and head.lower_ == "going"
        and any(a.dep_ == "aux" for a in head.children)
    )


def _status_chain(pred: Token) -> list[Token]:
    """The status verbs above a predicate ("are scheduled to [meet]", "trying to [persuade]")."""
    chain: list[Token] = []
    tok = pred
    while _is_infinitive_complement(tok) and (
        _lemma(tok.head) in STATUS_VERBS or tok.head.lower_ == "going"
    ):
        tok = tok.head
        chain.append(tok)
    return chain


# --- the article environment: entities, quotes, dates ------------------------------------


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    entity: Entity
    kind: str


class _Env:
    """Earlier results indexed by character offset, and the event builder over them."""

    def __init__(self, doc: Doc, ctx: Context) -> None:
        self.doc = doc
        self.ctx = ctx
        entities: list[Entity] = list(ctx.results.get("entities") or [])
        self.mentions = sorted(
            (_Mention(m.start, m.end, e, m.kind) for e in entities for m in e.mentions),
            key=lambda m: (m.start, -m.end),
        )
        self.starts = [m.start for m in self.mentions]
        self.by_name = {e.name: e for e in entities}
        self.quotes: list[Quote] = list(ctx.results.get("quotes") or [])
        self.content_of = FirstHolder(
            (c.start, c.end, n) for n, q in enumerate(self.quotes) for c in q.content
        )
        self.speaker_of = FirstHolder(
            (q.speaker.start, q.speaker.end, n)
            for n, q in enumerate(self.quotes)
            if q.speaker is not None
        )
        # an event's date is a day (CONTRACT.md): a month or a week is not one
        self.dates: list[DateMention] = [
            d for d in ctx.results.get("dates") or [] if iso_day(d.value) is not None
        ]
        self.date_starts = [d.start for d in self.dates]  # extract_dates sorts them
        self.by_id = {e.id: e for e in entities if e.mentions}

    # -- building one event

    def event(self, frame: Frame) -> Event:
        """Build the record of one frame: span, arguments, date, place, status, attribution."""
        pred = frame.pred
        chain = _status_chain(pred)
        top = chain[-1] if chain else pred
        quote = self.quote_at(pred.idx)
        actor_tok = _actor_token(frame, top)
        actor = self.names(actor_tok, quote) if actor_tok is not None else None
        said_date = None
        if actor is None and quote is not None and _speaker_acts(frame, actor_tok):
            actor = self.speaker_body(quote)
            said_date = quote.date  # the accusation or refusal is made by saying it
        target_tok = _target_token(frame)
        target = self.names(target_tok, quote) if target_tok is not None else None
        span_top = pred.head if _is_blame(pred) else top
        start, end = self.span(frame, span_top, actor_tok)
        status = _status(frame, chain)
        etype, mode = frame.type, frame.mode
        if etype == "RETREAT" and status == "future":
            etype, mode = "CONCEDE", None  # a promised release or withdrawal (mapping doc sec. 2)
        text = self.ctx.text
        return Event(
            start=start,
            end=end,
            text=text[start:end],
            type=etype,
            mode=mode,
            actor=actor,
            target=target if target != actor else None,
            place=self.place(frame, target_tok),
            date=self.date(pred, chain) or said_date,
            status=status,
            attribution=quote.speaker_name if quote is not None else None,
        )

    def span(self, frame: Frame, top: Token, actor_tok: Token | None) -> tuple[int, int]:
        """Characters of the predicate with its core arguments (not nested clauses)."""
        toks = [top, *_span_tokens(top)]
        if frame.pred.dep_ == "acl" and frame.pred.head.i < frame.pred.i:
            head = frame.pred.head
            toks += [head, *(t for c in head.lefts for t in c.subtree)]
        if (
            actor_tok is not None
            and actor_tok.head.i in {t.i for t in toks}
            and (actor_tok.i < top.i)
        ):
            toks += list(actor_tok.subtree)
        for subj in (c for c in top.children if c.dep_ in _SUBJECTS and c.i < top.i):
            toks += list(subj.subtree)  # "Hamas was to blame", "he ... are scheduled to meet"
        sent = top.sent
        toks = [t for t in toks if sent.start <= t.i < sent.end]
        start = min(t.idx for t in toks)
        end = max(t.idx + len(t.text) for t in toks)
        start, end = trim(self.ctx.text, start, end, _SPAN_EDGE_CHARS)
        return start, end

    def date(self, pred: Token, chain: Sequence[Token]) -> str | None:
        """The resolved date attached to the predicate's clause (or the clause it explains)."""
        clause = {pred.i, *(t.i for t in chain)}
        sent = pred.sent  # a date's clause head is in its own sentence: only these can match
        for d in self.dates_in(sent.start_char, sent.end_char):
            tok = _token_at(self.doc, d.start)
            if tok is None or self.ctx.is_masked(d.start):
                continue
            head = _clause_head(tok)
            if head is not None and head.i in clause:
                return iso_day(d.value)
        top = chain[-1] if chain else pred
        if top.dep_ in ("advcl", "relcl") and any(c.lower_ in ("when", "as") for c in top.children):
            pos = top.head.idx
            for d in self.dates_in(top.head.sent.start_char, pos + 1):
                if d.start <= pos < d.end:
                    return iso_day(d.value)
            return self.date(top.head, _status_chain(top.head)) if top.head.pos_ == "VERB" else None
        return None

    def dates_in(self, lo: int, hi: int) -> list[DateMention]:
        """The dates that start in ``lo:hi``, in text order."""
        return self.dates[
            bisect.bisect_left(self.date_starts, lo) : bisect.bisect_left(self.date_starts, hi)
        ]

    def place(self, frame: Frame, target_tok: Token | None) -> str | None:
        """A place object of the predicate (or of its event noun), else a place target."""
        for tok in (frame.pred, frame.noun):
            if tok is None:
                continue
            for prep in (c for c in tok.children if c.dep_ == "prep"):
                if prep.lower_ not in _PLACE_PREPS:
                    continue
                for obj in (c for c in prep.children if c.dep_ == "pobj"):
                    ent = self.entity_at(obj)
                    if ent is not None and ent.type in _PLACE_TYPES:
                        return ent.name
        if target_tok is not None and frame.type in ("ASSAULT", "COERCE"):
            ent = self.entity_at(target_tok)
            if ent is not None and ent.type in _PLACE_TYPES:
                return ent.name
        return None

    # -- names

    def names(self, tok: Token, quote: Quote | None) -> str | None:
        """Return the canonical names of a noun phrase and its conjuncts, joined with "; ".

        Co-subjects count as conjuncts; a name inside another's title ("Knesset" in "Knesset
        member Benny Gantz") is dropped.
        """
        heads = _conjuncts(tok)
        if tok.dep_ in _SUBJECTS:
            heads += [c for s in tok.head.children if s.dep_ == tok.dep_ and s.i != tok.i
                      for c in _conjuncts(s)]  # fmt: skip
        found: list[tuple[str, Token]] = []
        for head in sorted(heads, key=lambda t: t.i):
            name = self.name(head, quote)
            if name is not None and name not in [n for n, _ in found]:
                found.append((name, head))
        names = [
            n for n, head in found
            if not any(m.entity.name != n and m.entity.name in {x for x, _ in found}
                       and m.kind == "title" and m.start <= head.idx < m.end
                       for m in self.covering(head))
        ]  # fmt: skip
        return "; ".join(names) if names else None

    def covering(self, tok: Token) -> list[_Mention]:
        k = bisect.bisect_right(self.starts, tok.idx)
        return [m for m in self.mentions[max(0, k - 40) : k] if m.start <= tok.idx < m.end]

    def name(self, tok: Token, quote: Quote | None) -> str | None:
        lower = tok.lower_
        if lower in _RELATIVE_PRONOUNS and tok.head.dep_ in ("relcl", "acl"):
            tok = tok.head.head
            lower = tok.lower_
        if lower in _FIRST_PERSON and tok.pos_ == "PRON" and quote is not None:
            return quote.speaker_name
        ent = self.entity_at(tok)
        if ent is None and lower in _NEUTER_PRONOUNS:
            if quote is not None and quote.speaker_name and quote.speaker_type in _BODY_SPEAKERS:
                return quote.speaker_name  # "the government announced it would release"
            ent = self.antecedent(tok)
        spoken = self.speaker_quote(tok) if ent is None else None
        if (
            spoken is not None
            and spoken.speaker is not None
            and spoken.speaker_name
            and spoken.speaker.text != spoken.speaker_name
        ):
            return spoken.speaker_name  # "They demanded": the group the quotes layer resolved
        if ent is not None:
            return _canonical(ent)
        if tok.pos_ == "PRON" or _code_noun(tok) is not None or tok.like_num:
            return None
        return _phrase(tok)

    def entity_at(self, tok: Token) -> Entity | None:
        """The entity with the tightest mention covering the token."""
        k = bisect.bisect_right(self.starts, tok.idx)
        best: _Mention | None = None
        for m in self.mentions[max(0, k - 40) : k]:
            if m.start <= tok.idx < m.end and (
                best is None or m.end - m.start < best.end - best.start
            ):
                best = m
        return best.entity if best is not None else None

    def antecedent(self, tok: Token) -> Entity | None:
        """Return a fallback antecedent for an unresolved "it"/"they".

        A preceding organisation or place: subjects of the same sentence first (salience),
        then the nearest before it.
        """
        lo = bisect.bisect_left(self.starts, tok.idx - PRONOUN_LOOKBACK_CHARS)
        hi = bisect.bisect_left(self.starts, tok.idx)
        before = [
            m for m in self.mentions[lo:hi]
            if m.entity.type in ("ORG", "GPE", "NORP")
            and m.entity.kind == "named" and not self.ctx.is_masked(m.start)
        ]  # fmt: skip
        if not before:
            return None
        sent = tok.sent
        subjects = [
            m for m in before
            if m.start >= sent.start_char
            and (t := _token_at(self.doc, m.start)) is not None
            and _np_head(t).dep_ in _SUBJECTS and _np_head(t).head.i != tok.head.i
        ]  # fmt: skip
        return (subjects or before)[-1].entity

    # -- quotes

    def quote_at(self, pos: int) -> Quote | None:
        """The first quote whose content holds ``pos``."""
        n = self.content_of.at(pos)
        return None if n is None else self.quotes[n]

    def speaker_quote(self, tok: Token) -> Quote | None:
        """The first quote whose speaker span holds the token."""
        n = self.speaker_of.at(tok.idx)
        return None if n is None else self.quotes[n]

    def speaker_body(self, quote: Quote) -> str | None:
        """Return who acts when the speaker's words are the act.

        The body a spokesperson speaks for ("spokesman for the White House" → United
        States), else the speaker.
        """
        ent = self.by_name.get(quote.speaker_name or "")
        if ent is None and quote.speaker_entity:
            ent = self.by_id.get(quote.speaker_entity)
        role = ent.role if ent is not None else None
        match = _SPEAKS_FOR.search(role or "")
        if match is not None:
            body = match.group("body").strip()
            lowered = body.lower()
            for key, state in STATE_METONYMS.items():
                if key in lowered:
                    return state
            return self.by_name[body].name if body in self.by_name else body
        return quote.speaker_name


# --- arguments ---------------------------------------------------------------------------


def _actor_token(frame: Frame, top: Token) -> Token | None:
    """Return the subject of the event's clause.

    The passive agent, the subject of a status verb ("they are scheduled to meet"), the
    governing subject of a participle or an infinitive, the noun an active participle
    modifies, or the possessor of its event noun ("its airstrike").
    """
    pred = frame.pred
    if _is_blame(pred):
        return None
    if _is_passive(pred):
        return _agent(pred)  # "hostages to be released": only a "by" agent acts
    for tok in (pred, top):
        agent = _agent(tok)
        if agent is not None:
            return agent
        deps = ("nsubj", "nsubjpass") if tok is not pred else ("nsubj",)
        subj = next((c for c in tok.children if c.dep_ in deps), None)
        if subj is not None:
            if _code_noun(subj) is not None and _lemma(pred) in LIGHT_VERBS | {"resume"}:
                return None  # "negotiations would not resume": the talks are no actor
            return subj
    tok = top
    for _ in range(6):
        if (
            tok.dep_ == "acl"
            and not _is_reduced_passive(tok)
            and tok.head.pos_ in ("PROPN", "NOUN")
        ):
            return tok.head  # "Daniel Lifshitz, ..., called on": an active participle's noun
        if tok.dep_ in ("xcomp", "advcl", "conj", "pcomp", "prep", "acl", "ccomp") and (
            tok.head.i != tok.i
        ):
            tok = tok.head
            if tok.pos_ in ("VERB", "AUX"):
                subj = next((c for c in tok.children if c.dep_ in ("nsubj", "agent")), None)
                if subj is not None:
                    return _agent(tok) or subj
        else:
            break
    if frame.noun is not None:
        poss = next((c for c in frame.noun.children if c.dep_ == "poss"), None)
        if poss is not None:
            return poss
    return None


def _is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)


def _agent(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ == "agent":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None


def _is_time(tok: Token) -> bool:
    """A date or time ("Saturday", "last week") is when, never whom."""
    return tok.ent_type_ in ("DATE", "TIME")


def _target_token(frame: Frame) -> Token | None:
    """Return the recipient.

    The object, or the object of against/on/with/to, of the predicate or of its event noun;
    the subject of "X was to blame"; the one asked in "demanding that X negotiate".
    """
    pred = frame.pred
    if _is_blame(pred):
        return next((c for c in pred.head.children if c.dep_ == "nsubj"), None)
    for tok in (pred, frame.noun):
        if tok is None:
            continue
        for c in tok.children:
            if (
                c.dep_ in ("dobj", "dative")
                and (frame.noun is None or c.i != frame.noun.i)  # tokens are views: compare .i
                and not _is_time(c)
                and _code_noun(c) is None
            ):
                obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                return obj if c.pos_ == "ADP" and obj is not None else c
        for prep in (c for c in tok.children if c.dep_ == "prep"):
            if prep.lower_ in _TARGET_PREPS:
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if obj is not None and not _is_time(obj) and _code_noun(obj) is None:
                    return obj
    if _is_reduced_passive(pred) and _code_noun(pred.head) is None:
        return pred.head
    patient = next((c for c in pred.children if c.dep_ == "nsubjpass"), None)
    if patient is not None and _code_noun(patient) is None:
        return patient  # "two reporters were kidnapped"
    if frame.content is not None and frame.content.pos_ in ("VERB", "AUX"):
        subj = next((c for c in frame.content.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return subj  # "demanding that Israel negotiate": the one asked
    return None


def _speaker_acts(frame: Frame, actor_tok: Token | None) -> bool:
    """True if the speaker performs the event by saying it (no agent of its own)."""
    return actor_tok is None and frame.type in ("ACCUSE", "REJECT", "REQUEST", "THREATEN",
                                                "AGREE", "SUPPORT")  # fmt: skip


def _conjuncts(tok: Token) -> list[Token]:
    """Return a head and its conjuncts ("Israel and Hamas").

    Proper-noun members of a list the parser hangs elsewhere in the phrase count too ("he,
    Gallant and Knesset member Benny Gantz").
    """
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" or (c.dep_ == "nmod" and c.pos_ == "PROPN"):
            out += _conjuncts(c)
        elif c.dep_ == "compound":
            out += [t for t in _conjuncts(c)[1:] if t.pos_ == "PROPN"]
    return out


def _phrase(tok: Token) -> str:
    """The noun phrase of a head without leading determiners, relative clauses or conjuncts."""
    left = [t for c in tok.lefts if c.dep_ not in ("det", "punct", "cc") for t in c.subtree]
    right = [
        t for c in tok.rights if c.dep_ in ("prep", "compound") and c.lower_ == "of"
        for t in c.subtree
    ]  # fmt: skip
    toks = sorted([*left, tok, *right], key=lambda t: t.i)
    return tok.doc[toks[0].i : toks[-1].i + 1].text


def _canonical(ent: Entity) -> str:
    """Return the entity's name, a state body named after its country.

    "Israeli government" → "Government of Israel", as the quotes layer names speakers.
    """
    words = ent.name.split()
    if len(words) == 2 and words[1].lower() in STATE_BODIES:
        country = DEMONYMS.get(words[0].lower())
        if country is not None:
            return f"{words[1].capitalize()} of {country}"
    return ent.name


def _span_tokens(top: Token) -> list[Token]:
    """Return the predicate's core dependents with their phrases.

    Nested clauses are left out; a conditional "until …" clause stays, as it is what makes
    the event hypothetical.
    """
    out: list[Token] = []

    def walk(tok: Token) -> None:
        for c in tok.children:
            if c.dep_ not in _NESTED_DEPS:
                out.append(c)
                walk(c)

    for c in top.children:
        if c.dep_ in _SPAN_DEPS or (
            c.dep_ == "advcl" and any(m.lower_ in _CONDITIONAL_MARKS for m in c.children)
        ):
            out.append(c)
            walk(c)
    return out


def _clause_head(tok: Token) -> Token | None:
    """The verb whose clause a (date) token sits in."""
    for anc in [tok, *tok.ancestors]:
        if anc is not tok and anc.pos_ in ("VERB", "AUX"):
            return anc
    return None


def _np_head(tok: Token) -> Token:
    while tok.dep_ in ("compound", "amod", "poss") and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _head_at(doc: Doc, chars: tuple[int, int] | None) -> Token | None:
    if chars is None:
        return None
    span = doc.char_span(chars[0], chars[1], alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _path(a: Token, b: Token) -> list[Token]:
    """Tokens on the dependency path from ``a`` up to the common ancestor and down to ``b``."""
    up = [a, *a.ancestors]
    b_chain = [b, *b.ancestors]
    on_b = {t.i for t in b_chain}
    out: list[Token] = []
    for t in up:
        out.append(t)
        if t.i in on_b:
            break
    lca = out[-1].i
    down: list[Token] = []
    for t in b_chain:
        if t.i == lca:
            break
        down.append(t)
    return out[1:] + list(reversed(down))[:-1]
