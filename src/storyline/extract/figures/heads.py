"""The clause around a counted phrase: its role, the verb over it and the words of ``what``.

``what`` is the governing verb — a participle for what the counted things underwent ("taken",
"freed", "killed"), the lemma for what they do ("remain", "demonstrate") — or the event noun
they are "of" ("the release of dozens"). To find it, a counted phrase is climbed over
conjuncts, companions and partitives to the token that carries its role in the clause. A
patient of a casualty or detention event
(:data:`~storyline.extract.quantities.COUNT_EVENT_VERBS`) is what makes "one" and an
indefinite singular a count.
"""

from __future__ import annotations

from spacy.tokens import Token

from storyline.extract import quantities as qx
from storyline.lexicon import demonyms

_NOUNS = frozenset({"NOUN", "PROPN"})
_VERBS = frozenset({"VERB", "AUX"})
_PATIENT_DEPS = frozenset({"dobj", "nsubjpass"})
_STATE_DEPS = frozenset({"oprd", "attr", "acomp", "npadvmod", "advmod", "xcomp"})
_VOWELS = frozenset("aeiou")
_PARTITIVE_POS = frozenset({"PRON", "DET", "NUM"})  # "some of", "all of", "three of"
_MEASURE_HEADS = frozenset({"total", "number", "tally", "count", "sum"})  # "a total of 40"
_COMITATIVE = frozenset({"along", "together"})  # "along with", "together with"
_VAGUE_WORDS = frozenset(w for words in qx.VAGUE_QUANTITIES for w in words) - {"a", "of"}


def _count_event(tok: Token) -> tuple[str, Token | None] | None:
    """Return ``(what, verb)`` if ``tok`` is the patient of a casualty or detention event.

    The event is a verb of :data:`~storyline.extract.quantities.COUNT_EVENT_VERBS` ("killed
    an insurgent", "one of them was detained"), a subject verb ("a prisoner died") or an event
    noun ("the capture of a facilitator"). Conjuncts and "along with" share the role.
    """
    tok = _climb(tok, partitive=False)
    head = tok.head
    lemma = head.lemma_.lower()
    if tok.dep_ in _PATIENT_DEPS and lemma in qx.COUNT_EVENT_VERBS:
        return _participle(head), head
    if tok.lower_ in _COMITATIVE and lemma in qx.COUNT_EVENT_VERBS:
        return _participle(head), head
    if tok.dep_ == "nsubj" and lemma in qx.SUBJECT_COUNT_VERBS:
        return _active_what(head), head
    if tok.dep_ == "pobj" and head.lower_ == "of":
        nominal = head.head.lemma_.lower()
        if nominal in qx.EVENT_NOMINALS and nominal in qx.COUNT_EVENT_NOMINALS:
            return qx.EVENT_NOMINALS[nominal], _verb_of(head)
    return None


def _is_realis(verb: Token) -> bool:
    """Return False for a verb that reports no outcome: "to capture", "would free", "not kill".

    An implicit count of one ("detained a leader") needs the event to have happened; "an
    operation to capture a Taliban leader" does not say he was captured.
    """
    for child in verb.children:
        if child.dep_ == "neg" or (child.dep_ == "aux" and child.tag_ in {"TO", "MD"}):
            return False
    return True


def _lemma(tok: Token) -> str:
    """Return the singular lowercase lemma of a counted noun ("people" -> "person").

    People counted by nationality are people: "155 Indonesians", "three South Koreans",
    "1,400 Lebanese".
    """
    lemma = tok.lemma_.lower()
    if tok.tag_ == "NNPS" and lemma == tok.lower_ and lemma.endswith("s"):
        lemma = lemma[:-3] + "y" if lemma.endswith("ies") else lemma[:-1]
    if tok.lower_ in demonyms():
        return "person"  # "1,400 Lebanese", "200 Swiss": the plural is the demonym itself
    if tok.tag_ in ("NNS", "NNPS") and tok.lower_.endswith("s"):
        nationals = demonyms()
        compound = " ".join(c.lower_ for c in tok.children if c.dep_ == "compound")
        singular = tok.lower_[:-1]
        if singular in nationals or f"{compound} {singular}".strip() in nationals:
            return "person"
    return qx.UNIT_LEMMAS.get(lemma, lemma)


def _with_particle(verb: Token, form: str) -> str:
    """Return ``form`` with the verb's particle and state ("carried out", "taken into custody").

    The state words of :data:`~storyline.extract.quantities.STATE_WORDS` complete a verb
    that says little alone: "taken hostage", "taken into custody", "shot dead".
    """
    words = [form]
    for child in verb.children:
        is_state = child.dep_ in _STATE_DEPS and child.lemma_.lower() in qx.STATE_WORDS
        if child.dep_ == "prt" or is_state:
            words.append(child.lower_)
        elif child.dep_ == "prep":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_.lower() in qx.STATE_WORDS:
                words += [child.lower_, pobj.lower_]
    return " ".join(words)


def _participle(verb: Token) -> str:
    """Return the past participle of ``verb``, particle kept: the state of what it was done to."""
    return _with_particle(verb, _bare_participle(verb))


def _bare_participle(verb: Token) -> str:
    lemma = verb.lemma_.lower()
    if verb.tag_ == "VBN":
        return verb.lower_
    if lemma in qx.IRREGULAR_PARTICIPLES:
        return qx.IRREGULAR_PARTICIPLES[lemma]
    if verb.tag_ == "VBD":
        return verb.lower_
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in _VOWELS:
        return lemma[:-1] + "ied"
    if lemma in qx.DOUBLED_FINAL_VERBS:
        return lemma + lemma[-1] + "ed"
    return lemma + "ed"


def _clause_what(clause: Token) -> str:
    """Return ``what`` for a relative or participial clause on the counted phrase."""
    deps = {c.dep_ for c in clause.children}
    if clause.tag_ == "VBN" or "nsubjpass" in deps or "auxpass" in deps:
        return _participle(clause)
    return _active_what(clause)


def _active_what(verb: Token) -> str:
    """Return ``what`` for counted things that are the subject: "remain captive", "dead"."""
    state = next((c for c in verb.children if c.dep_ in {"acomp", "oprd"}), None)
    lemma = verb.lemma_.lower()
    if lemma == "be":
        return state.lower_ if state is not None else lemma
    if state is not None and lemma in {"remain", "stay"}:
        return f"{lemma} {state.lower_}"
    return _with_particle(verb, lemma)


def _verb_of(tok: Token) -> Token | None:
    """Return the nearest verb that ``tok`` depends on, or None."""
    for anc in tok.ancestors:
        if anc.pos_ in _VERBS:
            return anc
    return None


def _climb(tok: Token, *, partitive: bool = True) -> Token:
    """Climb from a counted phrase to the token that carries its role in the clause.

    Over conjuncts ("a leader and two of his associates"), companions ("a leader along with
    two insurgents": the result is "along", whose head is the verb or the noun) and, with
    ``partitive``, partitives and measure nouns ("some of the 240 hostages", "a total of 40").
    """
    while True:
        head = tok.head
        if tok.dep_ == "conj" and head.pos_ in _NOUNS | {"NUM"}:
            tok = head
        elif tok.dep_ == "pobj" and head.lower_ == "with" and head.head.lower_ in _COMITATIVE:
            tok = head.head
            if tok.head.pos_ in _NOUNS:
                tok = tok.head
            else:
                return tok
        elif (
            partitive
            and tok.dep_ == "pobj"
            and head.lower_ == "of"
            and (
                head.head.pos_ in _PARTITIVE_POS
                or head.head.lower_ in _VAGUE_WORDS
                or head.head.lemma_.lower() in _MEASURE_HEADS
            )
        ):
            tok = head.head
        else:
            return tok


def _is_clause_on(tok: Token) -> bool:
    """Return True for a relative clause or a participle on a noun ("hostages taken by …").

    A finite verb tagged ``acl`` is a parse error ("… hostages ended Friday"), not a clause.
    """
    if tok.pos_ not in _VERBS:
        return False
    return tok.dep_ == "relcl" or (tok.dep_ == "acl" and tok.tag_ in {"VBN", "VBG"})


def _clause_on(*toks: Token) -> tuple[str | None, Token | None]:
    """Return ``what`` and the verb of the first clause on one of ``toks``, or ``(None, None)``."""
    for tok in toks:
        for child in tok.children:
            if _is_clause_on(child):
                return _clause_what(child), child
    return None, None


# Verbs whose "to" and "from" numbers are a new and a previous value of one series.
_CHANGE_VERBS = frozenset(
    {"rise", "fall", "climb", "increase", "decrease", "drop", "jump", "reach", "grow", "soar",
     "surge", "double", "swell", "decline", "dip", "slip", "go"}
)  # fmt: skip


def change_of(anchor: Token) -> tuple[Token, str] | None:
    """The change verb a number is the new ("to") or previous ("from") value of, and which.

    "rose to 80", "climbed to 26 from 14", "fell from 900 to 450", "…, up from 60".
    """
    prep = anchor.head if anchor.dep_ == "pobj" else None
    if prep is None or prep.lower_ not in ("to", "from"):
        return None
    verb = prep.head
    if verb.lower_ in ("up", "down") or (verb.lower_ == "from" and prep.lower_ == "to"):
        verb = verb.head  # "…, up from 60"; "from 900 to 450" hangs "to" off "from"
    if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in _CHANGE_VERBS:
        return verb, prep.lower_
    return None
