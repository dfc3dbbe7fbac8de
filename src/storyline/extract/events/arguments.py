"""Arguments: the tokens of an event's actor and target, its span, and the names of phrases.

The actor is the subject (the ``by`` agent of a passive, the subject of the governing
clause for a participle or an infinitive), the target the object or the object of
``on/against/with/to``. Here they are tokens of the parse, with their conjuncts ("Israel and
Hamas"), their noun phrases and the predicate's core dependents (the event's span);
:mod:`storyline.extract.events.environment` resolves them to the article's entities.
"""

from __future__ import annotations

from spacy.tokens import Token

from storyline.extract.events.coding import (
    THROWING_VERBS,
    Frame,
    _code_noun,
    _is_blame,
    _is_reduced_passive,
    is_force,
)
from storyline.extract.events.parse import _lemma
from storyline.extract.events.status import _CONDITIONAL_MARKS
from storyline.extract.plover import LIGHT_VERBS

# Package-internal: the names below are imported by the sibling modules of
# storyline.extract.events, which re-exports the public API.
__all__: list[str] = []

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
_TARGET_PREPS = frozenset({"against", "on", "upon", "with", "to", "at", "into", "toward"})


def _actor_token(frame: Frame, top: Token) -> Token | None:
    """Return the subject of the event's clause.

    The passive agent, the subject of a status verb ("they are scheduled to meet"), the
    governing subject of a participle or an infinitive, the noun an active participle
    modifies, or the possessor of its event noun ("its airstrike").
    """
    pred = frame.pred
    if _is_blame(pred):
        return None
    if _is_under(pred):  # "towns under siege by government troops", "under U.N. sanctions"
        by = next((c for c in pred.children if c.dep_ == "prep" and c.lower_ == "by"), None)
        if by is not None:
            return next((c for c in by.children if c.dep_ == "pobj"), None)
        who = _who_did(pred)
        return who if who is not pred else None
    if _is_passive(pred):
        agent = _agent(pred)  # "hostages to be released": only a "by" agent acts
        if agent is not None and is_force(agent):
            return None  # "met by volleys of rubber bullets": the means, not who fired them
        return agent
    if _is_small_clause_passive(pred):
        # "leaving three dead and dozens wounded": the dozens were wounded; "a man held captive
        # by the group": only a "by" agent acts
        return _agent(pred)
    for tok in (pred, top):
        agent = _agent(tok)
        if agent is not None:
            return agent
        deps = ("nsubj", "nsubjpass") if tok is not pred else ("nsubj",)
        subj = next((c for c in tok.children if c.dep_ in deps), None)
        if subj is not None:
            if _code_noun(subj) is not None and _lemma(pred) in LIGHT_VERBS | {"resume"}:
                return None  # "negotiations would not resume": the talks are no actor
            return _who_did(subj)
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


def _who_did(subj: Token) -> Token:
    """The actor behind an event named as the subject: "Israeli strikes killed …" → Israeli.

    An event noun ("strikes", "the attack") acts through whoever carried it out: its
    possessor ("Hamas' attack"), the agent of a participle on it ("raids carried out by the
    army") or a nationality or name before it ("Israeli strikes", "Houthi drones").
    """
    if _code_noun(subj) is None:
        return subj
    for child in subj.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "acl" and (agent := _agent(child)) is not None:
            return agent
    for child in subj.children:
        if child.dep_ in ("amod", "compound") and child.ent_type_ in ("NORP", "GPE", "ORG"):
            return child
    return subj


def _is_under(pred: Token) -> bool:
    """Return True for a state named by "under" ("under arrest"): the predicate is the noun."""
    return pred.pos_ == "NOUN" and pred.dep_ == "pobj" and pred.head.lower_ == "under"


def _is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)


def _is_small_clause_passive(tok: Token) -> bool:
    """A past participle with its own subject and no auxiliary: the subject undergoes it.

    "leaving three dead and dozens wounded", "with two soldiers killed": the parser makes
    "dozens" the ``nsubj`` of "wounded", but nothing says they did the wounding ("they have
    wounded" has its auxiliary; a conjoined "... and wounded dozens" shares its head's subject).
    """
    return (
        tok.tag_ == "VBN"
        and tok.dep_ != "ROOT"
        and any(c.dep_ == "nsubj" for c in tok.children)
        and not any(c.dep_ in ("aux", "auxpass") for c in tok.children)
    )


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
    if _is_under(pred):  # "Rana is under arrest", "neighbourhoods under siege"
        holder = pred.head.head
        if holder.pos_ in ("NOUN", "PROPN"):
            return holder
        return next((c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    at = next((c for c in pred.children if c.dep_ == "prep" and c.lower_ == "at"), None)
    if at is not None and _lemma(pred) in THROWING_VERBS:  # "hurled rocks at riot officers"
        return next((c for c in at.children if c.dep_ == "pobj"), None)
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
                if (
                    obj is not None
                    and not _is_time(obj)
                    and _code_noun(obj) is None
                    and not is_force(obj)  # "met with force": the means, not the target
                ):
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
