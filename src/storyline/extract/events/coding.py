"""Frames: which predicates of a parse are PLOVER events, and how each is coded.

1. *Predicates.* A verb is coded from the PLOVER lexicon (:mod:`storyline.extract.plover`):
   its object first ("pulled out of negotiations", "took hostages", "summoned the
   ambassador"), then a particle ("called on", "opened fire"), then the object noun of a
   light verb ("launched an airstrike", "expands its offensive", "resume negotiations"),
   then the verb itself ("accused", "freed").
2. *Frames.* Speech acts about another event — demands, refusals, threats, promises and
   accusations — are coded by the speech act, with the content as the mode ("demanded to
   meet" is REQUEST(meet), "refusing to release" REJECT(yield)); the content clause is not a
   second event (PLOVER manual ch. 3). Status verbs pass their complement through
   (:mod:`storyline.extract.events.status` sets its status). A cooperative event negated
   under a modal is a refusal: "negotiations would not resume until …" is REJECT(meet),
   hypothetical.

:func:`find_frame` is the frame linking a source and a target in one sentence, what the
event classifier starts from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from storyline.extract.events.parse import _head_at, _head_lemmas, _lemma, _path
from storyline.extract.events.status import _FUTURE_AUX, _HYPOTHETICAL_AUX, _auxes, _is_negated
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
    THREAT_MODES,
    THREAT_MODES_BY_MODE,
    VERB_EVENTS,
    WANT_MODES,
    Coding,
)

__all__ = ["Frame", "find_frame"]

_OBJECTS = frozenset({"dobj", "dative", "attr", "oprd"})
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod"})
# "accused X of attacking", "blamed X for the attack": the accusation's content follows these.
_ACCUSE_PREPS = frozenset({"of", "for"})
_COOPERATIVE = frozenset(t for t, q in QUAD.items() if q in (1, 2))
# Verbs that threaten only when what they announce is an act: "warned it would retaliate" is a
# threat, "warned that the clinics are closing" a statement (the news gold's guide: THREATEN
# needs someone threatening to do something to someone).
WARNINGS = frozenset({"warn", "caution"})
# Types a state "under" a noun can be: "under sanctions", "under siege", "under fire".
UNDER_TYPES = frozenset({"SANCTION", "COERCE", "ASSAULT"})
# Verbs that say an attack landed when its weapon is the subject ("airstrikes hit the town").
IMPACT_VERBS = frozenset({"hit", "pound", "rock", "slam", "target", "destroy", "damage"})
# Weapons and what carries them, as the subject of an impact verb ("warplanes pounded …").
WEAPONS = frozenset(
    {"warplane", "jet", "drone", "artillery", "tank", "gunship", "helicopter", "missile",
     "rocket", "shell", "mortar", "bomb", "gunman", "sniper"}
)  # fmt: skip
# What police or troops meet people with when a meeting is no talk ("met by volleys of rubber
# bullets, tear gas and water cannons", "met with force").
FORCE_NOUNS = frozenset(
    {"bullet", "volley", "gas", "cannon", "gunfire", "fire", "force", "baton", "shot", "shelling"}
)
# Things thrown at people in a riot or an attack ("hurled rocks, bottles and petrol bombs at").
MISSILES = frozenset({"rock", "stone", "bottle", "brick", "grenade", "molotov"})
THROWING_VERBS = frozenset({"hurl", "throw", "lob", "fire"})


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


def _frames(doc: Doc) -> Iterable[Frame]:
    """Yield a frame for every coded verb of the doc (speech acts with their content)."""
    for tok in doc:
        under = _under_frame(tok)
        if under is not None:
            yield under
            continue
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


def _under_frame(tok: Token) -> Frame | None:
    """A state of coercion named by "under": "is under arrest", "towns under siege by X".

    The noun is the predicate; who is under it is the target and its "by" object the actor
    (:mod:`.arguments`). Only sanctions and coercion and attack nouns count ("under
    sanctions", "under siege", "under fire"); "under discussion" names no act.
    """
    if tok.pos_ != "NOUN" or tok.dep_ != "pobj" or tok.head.lower_ != "under":
        return None
    coding = _code_noun(tok)
    if coding is None or coding[0] not in UNDER_TYPES:
        return None
    return Frame(tok, coding[0], coding[1], noun=tok)


def _code_verb(tok: Token) -> tuple[Coding, Token | None] | None:
    """Code a verb by its object, particle, light-verb noun or itself (module docstring)."""
    lemma = _lemma(tok)
    if lemma == "meet" and _met_with_force(tok):
        return ("ASSAULT", None), None  # "they were met by volleys of rubber bullets"
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
    if coding is None and lemma in IMPACT_VERBS:
        # "airstrikes hit the town", "warplanes pounded the district": the weapon's attack
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        weapon = _code_noun(subj) if subj is not None else None
        if weapon is not None and weapon[0] == "ASSAULT":
            return weapon, subj
        if subj is not None and _lemma(subj) in WEAPONS:
            return ("ASSAULT", None), None
    if coding is None and lemma in THROWING_VERBS:
        # "hurled rocks at riot officers": throwing a weapon at someone attacks them
        thrown = next((c for c in tok.children if c.dep_ == "dobj"), None)
        at = any(c.dep_ == "prep" and c.lower_ == "at" for c in tok.children)
        if thrown is not None and at and _lemma(thrown) in WEAPONS | MISSILES:
            return ("ASSAULT", None), None
    return (coding, None) if coding is not None else None


def _met_with_force(tok: Token) -> bool:
    """Return True for "met by volleys of rubber bullets", "met with tear gas": force, no talk."""
    for prep in tok.children:
        if prep.dep_ not in ("agent", "prep") or prep.lower_ not in ("by", "with"):
            continue
        if any(is_force(obj) for obj in prep.children if obj.dep_ == "pobj"):
            return True
    return False


def is_force(tok: Token) -> bool:
    """Return True for a means of force ("volleys of rubber bullets", "tear gas", "force")."""
    return bool(_head_lemmas(tok) & FORCE_NOUNS)


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
        return None  # plain "accused", "agreed": coded as a verb
    if lemma in WARNINGS and inner is None:
        return None  # "warned that clinics are closing" states a fact; it threatens no act
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
