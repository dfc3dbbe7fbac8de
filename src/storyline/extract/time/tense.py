"""Clause tense: whether the clause governing a date is future or past, off the parse.

The resolver's news rules look one way or the other by the clause: a bare weekday is the most
recent such day on or before publication unless the clause is future or scheduled ("will
meet Wednesday", "set for Friday"); a bare month or month-day looks back when the date is the
adverbial of a past verb ("the year ended March 31"). ``clause_tense`` reads that direction
off spaCy's dependency parse and ``finder`` passes it to ``resolve_timex``.
"""

from __future__ import annotations

from datetime import date
from typing import Final, Literal

from spacy.tokens import Doc, Token

from storyline.extract.time.resolver import resolve_timex
from storyline.extract.time.timex import Timex
from storyline.extract.time.words import FUTURE_AUX, FUTURE_HEAD_LEMMAS, FUTURE_MODIFIERS

__all__ = ["clause_tense", "is_future", "resolve_in_clause"]


def resolve_in_clause(doc: Doc, text: str, start: int, end: int, anchor: date | None) -> Timex:
    """Resolve ``text[start:end]`` against ``anchor`` in the direction of its clause.

    The one place the parse's direction meets the resolver: the finder anchors on
    publication, a quoted date on the day of its speech. ``text`` is the article text (the
    parse's own text differs in odd spaces and is rebuilt on every access).
    """
    tense = clause_tense(doc, start, end)
    return resolve_timex(text[start:end], anchor, future=tense == "future", past=tense == "past")


def is_future(doc: Doc, start: int, end: int) -> bool:
    """Return True if the clause governing ``doc.text[start:end]`` is future or scheduled.

    Shorthand for ``clause_tense(doc, start, end) == "future"``.
    """
    return clause_tense(doc, start, end) == "future"


def clause_tense(doc: Doc, start: int, end: int) -> Literal["past", "future"] | None:
    """Return the direction of the clause governing ``doc.text[start:end]``, if marked.

    Reads the dependency parse, never the rest of the sentence. From the expression walk up
    to its governing verb, then:

    * "future": a future auxiliary on the verb ("will meet", "'ll", "shall"); a scheduling
      head the verb complements ("are scheduled to meet", "plans to vote", "is going to",
      "is to resume") or that takes the date itself ("set for Friday", "due Tuesday",
      present-tense "plans ... on Tuesday"); "as soon as"/"as early as" on the way up; or
      "next"/"coming" on a noun in between ("the next round Tuesday").
    * "past": a past-tense verb ("ended", "was seen", "has met") of which the date is a bare
      adverbial or the object of on/in/since/before/after/of ("the year ended March 31",
      "was last seen Nov. 3"). "extended to Nov. 20" and "payable Dec. 1" stay unmarked.
    * None otherwise: the resolver's default applies.

    Args:
        doc: the parse.
        start: character offset of the expression.
        end: end-exclusive character offset.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    inside = range(span.start, span.end)
    tok: Token = span.root
    path: list[Token] = []
    for _ in range(8):  # a date sits a few arcs below its verb; 8 bounds a bad parse
        if tok.pos_ in ("VERB", "AUX") and tok.i not in inside:
            break
        if tok.i not in inside and (
            tok.lemma_.lower() in ("due", "payable", "upcoming", "tentative")
            or (tok.lower_ in ("soon", "early") and path and path[-1].lower_ == "as")
        ):
            return "future"
        if any(
            c.dep_ == "amod" and c.lower_ in FUTURE_MODIFIERS and c.i not in inside
            for c in tok.children
        ):
            return "future"
        if tok.head.i == tok.i:  # the root: tokens are views, compare indices
            return None
        path.append(tok)
        tok = tok.head
    else:
        return None
    preps = {t.lower_ for t in path if t.dep_ == "prep"}
    if "since" in preps:
        return "past"  # "the deadliest attack since the October 7 raid": since looks back
    if _verb_is_future(tok) or _is_conditional_future(tok):
        return "future"
    if preps & _UNTIL_PREPS and not _verb_is_past(tok):
        return "future"  # "a curfew is in force until Thursday", "will close by Friday"
    if tok.lemma_.lower() in _SETTING_LEMMAS:
        return None  # "has set Nov. 10 as the deadline": the date is the thing set, not past
    if _verb_is_past(tok) and (
        len(path) == 1 or (len(path) == 2 and path[-1].lower_ in _PAST_PREPS)
    ):
        return "past"
    return None


# --------------------------------------------------------------------------------------------
# Future / past from the dependency parse
# --------------------------------------------------------------------------------------------

# A past clause marks its date as past only when the date hangs off the verb directly or
# through one of these (TBAQ month-days: +5 right, 0 broken; "extended to Nov. 20" is not).
_PAST_PREPS: Final = frozenset({"on", "in", "since", "before", "after", "of"})
# Verbs whose date is a time being fixed or moved, not when the verb happened.
_SETTING_LEMMAS: Final = frozenset(
    {"set", "schedule", "reschedule", "postpone", "delay", "defer", "extend", "move", "push",
     "fix", "plan", "slate"}
)  # fmt: skip
# Scheduling verbs that mark the future when passive or a reduced relative ("a meeting
# scheduled for Friday"), and the ones that do so in the present tense ("plans ... Tuesday").
_SCHEDULE_PASSIVE: Final = frozenset({"schedule", "slate", "expect", "poise", "due"})
_PLAN_PRESENT: Final = frozenset({"plan", "intend", "expect", "schedule", "hope", "aim"})


# Prepositions that put their date after the clause's present: "is in force until Thursday"
# (a past verb keeps its direction: "stayed closed until Thursday"). Not "by": "tendered by
# the Tuesday deadline" is as often past (TBAQ).
_UNTIL_PREPS: Final = frozenset({"until", "till"})
# Conditional and future-in-the-past auxiliaries: "would open by Wednesday", "might vote
# Friday"; their clause looks forward from the time of speaking. Not "could", which is as
# often the past of "can" ("could not be located Wednesday", TBAQ).
_CONDITIONAL_AUX: Final = frozenset({"would", "might", "should"})
_CONDITION_MARKS: Final = frozenset({"if", "unless"})


def _is_conditional_future(verb: Token) -> bool:
    """A conditional clause looks forward from the time of speaking.

    "would open", or the condition of one ("if the stoppage lasted beyond Friday, they would
    walk out"); not a counterfactual past ("would have ended").
    """
    aux = [c for c in verb.children if c.dep_ == "aux"]
    if any(a.lemma_ == "have" for a in aux):
        return False  # "would have ended on Friday": a past that did not happen
    if any(a.lower_ in _CONDITIONAL_AUX for a in aux):
        # reported from a past before the past ("had said they would behead him on Monday"):
        # the day came and went before the report
        return not (verb.dep_ == "ccomp" and _is_past_perfect(verb.head))
    if verb.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS for c in verb.children
    ):
        head = verb.head
        return _verb_is_future(head) or any(
            c.dep_ == "aux" and c.lower_ in _CONDITIONAL_AUX for c in head.children
        )
    return False


def _is_past_perfect(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children)


def _verb_is_past(verb: Token) -> bool:
    """Past tense, perfect, or a past participle read as past ("the year ended")."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in FUTURE_AUX or a.lower_ == "to" or a.tag_ == "MD" for a in aux):
        return False
    if verb.tag_ == "VBD" or any(a.lemma_ == "have" for a in aux):
        return True
    return verb.tag_ == "VBN" and (not aux or any(a.tag_ == "VBD" for a in aux))


def _verb_is_future(verb: Token) -> bool:
    """Future auxiliary on the verb, or a scheduling head up its xcomp chain."""
    v = verb
    for _ in range(4):  # "will try to persuade them to meet": a short complement chain
        children = list(v.children)
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in FUTURE_AUX for c in children):
            return True
        if any(c.dep_ in ("acomp", "attr") and c.lemma_.lower() == "due" for c in children):
            return True
        lemma = v.lemma_.lower()
        has_auxpass = any(c.dep_ == "auxpass" for c in children)
        if lemma in _SCHEDULE_PASSIVE and (has_auxpass or v.dep_ == "acl"):
            return True  # "are scheduled to meet", "a meeting scheduled for Friday"
        if lemma == "set" and (
            has_auxpass
            or any(c.dep_ == "xcomp" for c in children)
            or (v.dep_ == "acl" and any(c.lower_ == "for" for c in children))
        ):
            return True  # "is set for Friday", "a summit set for April"; not "a record set on"
        if lemma in _PLAN_PRESENT and v.tag_ in ("VBZ", "VBP"):
            return True  # "plans to hold a news conference on Tuesday"
        if v is not verb and lemma in FUTURE_HEAD_LEMMAS:
            # reached through xcomp: "plans to vote", "is going to meet", "hopes to sign"
            return lemma != "go" or v.tag_ == "VBG"
        if v is not verb and lemma == "be" and v.tag_ in ("VBZ", "VBP"):
            return True  # "is to resume trading Tuesday"
        if v.dep_ != "xcomp" or v.head is v:
            return False
        v = v.head
    return False
