"""Event detection: does a coded predicate report a PLOVER event at all?

The lexicon finds predicates that *can* name an event; this step keeps out those that, in
their clause, report none. PLOVER codes an actor doing something to a target in the world
(PLOVER manual ch. 1; the news gold's guide), so these are no events:

- *Disasters, epidemics and accidents*: the cause is a hazard, not an actor ("a fire killed
  112 people", "power was cut after the earthquake"). The hazards are the nouns of
  ``storyline/lexicon/non_agents.tsv`` (EM-DAT's hazard groups).
- *States and closures*: an adjectival complement ("the clinics are closed") is a state, and
  a closure with no one who closes ("the malls have been closed") no imposed restriction.
- *Risks*: an event or a state that "threatens" something ("the barrage threatened to
  widen the war") is no actor threatening an act.
- *Casualty reports*: a killing or wounding stated of the victims alone, with no actor and no
  violent means named in its clause ("at least 18 people were killed", "those killed were
  civilians"). They are figures (the figures layer counts them); an analyst cannot code an
  act from them. "killed and two wounded by a drone", "killed since the army stepped up its
  strikes" name the means and stay events.
- *Addresses*: speaking to an audience ("spoke to thousands of people", "talked to reporters")
  is no consultation between parties.
- *The words of a speech*: inside quotation marks, what the speaker says they will, may or
  would do ("we will talk about …", "patients can beat this disease") and what they say they
  do now ("we fight for every village") is rhetoric, not a reported act. An act the speaker
  reports ("they struck the hospital," he said) stays an event, and so does a speech act,
  which the saying performs ("we condemn the attack", "we demand his release").

Each rule is a function of the parse and the frame; :func:`not_an_event` says which applies.
"""

from __future__ import annotations

from spacy.tokens import Token

from storyline.extract.events.arguments import _agent, _is_passive
from storyline.extract.events.coding import Frame
from storyline.extract.events.parse import _head_lemmas, _lemma
from storyline.extract.plover import EVENT_NOUNS
from storyline.lexicon import non_agents
from storyline.record.model import EventStatus

__all__: list[str] = []  # package-internal: storyline.extract.events calls not_an_event

# Verbs that state a casualty; the victims are their object or passive subject.
_CASUALTY_VERBS = frozenset({"kill", "wound", "injure", "hurt", "maim", "die"})
# Prepositions that name a cause or means: "killed in an airstrike", "after the earthquake".
_CAUSE_PREPS = frozenset(
    {"by", "in", "after", "following", "during", "from", "amid", "with", "under"}
)
_CAUSE_PHRASES = (("due", "to"), ("because", "of"), ("caused", "by"))
_SPEAKERS = frozenset({"i", "we", "you"})
# Closing with no one who closes is a state of affairs ("malls have been closed", "schools
# closed because of the rally"), not a restriction imposed by an actor.
_CLOSURES = frozenset({"close", "shut"})
# What a source declines to do for the press ("declined to comment", "refused to answer
# questions", "declined to be identified"): no rejection of anyone's demand or offer.
_PRESS_REPLIES = frozenset({"comment", "answer", "elaborate", "confirm", "identify", "name"})
# Types whose act is the saying ("we condemn", "we demand", "we will not accept").
_SPEECH_ACTS = frozenset({"ACCUSE", "REQUEST", "REJECT", "AGREE", "SUPPORT", "THREATEN"})
_PRESENT_TAGS = frozenset({"VBP", "VBZ", "VB"})
# Who a speech is addressed to, as opposed to a party met: "spoke to reporters", "to
# thousands of people", "addressed the crowd".
_AUDIENCES = frozenset(
    {"people", "person", "reporter", "journalist", "supporter", "crowd", "audience", "student",
     "worshipper", "press", "media", "congregation", "voter", "resident", "rally", "thousand",
     "hundred"}
)  # fmt: skip


def not_an_event(
    frame: Frame, actor: Token | None, status: EventStatus, in_quote_marks: bool
) -> str | None:
    """Return why a coded predicate reports no PLOVER event, or None if it does.

    Args:
        frame: the coded predicate.
        actor: the token of its actor, if the arguments step found one.
        status: its status (asserted, future, hypothetical, negated).
        in_quote_marks: the predicate stands between quotation marks (a direct quote).
    """
    if _is_hazard(actor) or (actor is None and any(_is_hazard(t) for t in _causes(frame.pred))):
        return "a disaster, epidemic or accident, not an act"
    if frame.pred.dep_ == "acomp" or _is_closure(frame.pred, actor):
        return "a state or a closure, not an act"  # "clinics are closed", "schools closed"
    if frame.type == "THREATEN" and actor is not None and _is_event_noun(actor):
        return "an event that risks something, not an actor who threatens"
    if frame.type == "ASSAULT" and actor is None and _is_casualty_report(frame.pred):
        return "a casualty report with no actor or means"
    if (
        frame.type == "REJECT"
        and frame.content is not None
        and (_lemma(frame.content) in _PRESS_REPLIES)
    ):
        return "a refusal to comment, not a rejection"
    if frame.type == "CONSULT" and _addresses_an_audience(frame.pred):
        return "a speech to an audience, not a meeting of parties"
    if in_quote_marks and _is_rhetoric(frame, status):
        return "the words of a speech, not a reported act"
    return None


def _is_hazard(tok: Token | None) -> bool:
    """Return True if the noun names a disaster, an epidemic or an accident."""
    if tok is None or tok.pos_ not in ("NOUN", "PROPN"):
        return False
    return _lemma(tok) in non_agents()


def _causes(pred: Token) -> list[Token]:
    """The nouns a predicate names as its cause or means ("after the earthquake", "by fire")."""
    out: list[Token] = []
    for prep in pred.children:
        words = (prep.lower_, prep.nbor().lower_ if prep.i + 1 < len(prep.doc) else "")
        if prep.dep_ not in ("prep", "agent") or (
            prep.lower_ not in _CAUSE_PREPS and words not in _CAUSE_PHRASES
        ):
            continue
        for obj in prep.subtree:
            if obj.dep_ == "pobj":
                out.append(obj)
                break
    return out


def _is_casualty_report(pred: Token) -> bool:
    """Return True for victims stated without actor or means: "18 people were killed"."""
    if _lemma(pred) not in _CASUALTY_VERBS:
        return False
    passive_or_state = (
        _is_passive(pred)
        or (pred.dep_ in ("acl", "amod", "relcl", "conj", "oprd") and pred.tag_ == "VBN")
        or pred.pos_ == "ADJ"
        or _lemma(pred) == "die"
    )
    if not passive_or_state or _agent(pred) is not None:
        return False
    top = pred
    while top.dep_ == "conj":  # "two were killed and three wounded by a drone": one clause
        top = top.head
    return not any(_names_means(tok) for tok in top.subtree)


def _is_closure(pred: Token, actor: Token | None) -> bool:
    """Return True for a closing no one does: "the malls were closed", "schools closed"."""
    if _lemma(pred) not in _CLOSURES:
        return False
    return actor is None or not any(c.dep_ == "dobj" for c in pred.children)


def _is_event_noun(tok: Token) -> bool:
    """Return True for an event as subject: "the barrage has threatened to widen the war"."""
    return tok.pos_ == "NOUN" and _lemma(tok) in EVENT_NOUNS


def _names_means(tok: Token) -> bool:
    """Return True for a violent act or weapon named as a noun ("an airstrike", "shelling")."""
    if tok.pos_ != "NOUN":
        return False
    coding = EVENT_NOUNS.get(_lemma(tok))
    return coding is not None and coding[0] in ("ASSAULT", "COERCE")


def _addresses_an_audience(pred: Token) -> bool:
    """Return True for "spoke to thousands of people", "talked to reporters": an address."""
    if _lemma(pred) not in ("speak", "talk", "address"):
        return False
    return any(
        _head_lemmas(obj) & _AUDIENCES
        for prep in pred.children
        if prep.dep_ == "prep" and prep.lower_ in ("to", "with", "before")
        for obj in prep.children
        if obj.dep_ == "pobj"
    )


def _is_rhetoric(frame: Frame, status: EventStatus) -> bool:
    """Return True for what a speaker says they will or may do, or that they do now."""
    if frame.type in _SPEECH_ACTS:
        return False  # a threat, a condemnation, a demand is the act of saying it
    if status in ("future", "hypothetical"):
        return True
    pred = frame.pred
    subject = next((c for c in pred.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    first_or_second = subject is not None and subject.lower_ in _SPEAKERS
    imperative = subject is None and pred.tag_ == "VB" and pred.dep_ == "ROOT"
    return (first_or_second and pred.tag_ in _PRESENT_TAGS) or imperative
