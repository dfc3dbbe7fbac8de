"""Event status: asserted, future, hypothetical or negated.

Decided from the predicate and the verbs above it. Status verbs pass their complement
through and set its status ("scheduled to meet" is a future CONSULT); a future auxiliary
("will") makes it future, a modal ("would", "could") or a conditional clause ("if",
"unless", "until") hypothetical, a negation negated. The negation and auxiliary tests are
shared with :mod:`storyline.extract.events.coding`, which recodes a cooperative event
negated under a modal as a refusal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Token

from storyline.extract.events.parse import _lemma
from storyline.extract.plover import STATUS_VERBS
from storyline.record.model import EventStatus

if TYPE_CHECKING:
    from storyline.extract.events.coding import Frame

# Package-internal: the names below are imported by the sibling modules of
# storyline.extract.events, which re-exports the public API.
__all__: list[str] = []

_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})  # "wo" is the lemma of "won't"
# "can" states an ability, not an act ("patients can beat this disease"); "ca" is its form in
# "can't".
_HYPOTHETICAL_AUX = frozenset(
    {"would", "could", "might", "may", "should", "'d", "must", "can", "ca"}
)
_CONDITIONAL_MARKS = frozenset({"if", "unless", "until"})
_NEGATORS = frozenset({"not", "n't", "never", "no"})


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
