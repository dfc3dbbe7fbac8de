"""Passes 5 and 6: descriptions and epithets linked back; he/she pronouns resolved."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable

from spacy.tokens import Token

from storyline.extract import lexicon as lx
from storyline.extract.entities.roles import _noun_gender
from storyline.extract.entities.state import (
    _AMBIGUOUS_WITH_OF,
    _OBJECT_DEPS,
    _PLACE,
    _PREDICATIVE_DEPS,
    _PRONOUN_GENDER,
    _REFLEXIVES,
    _RIGHT_MODIFIER_DEPS,
    _SELF_DESCRIBING_PREPS,
    _SUBJECT_DEPS,
    MAX_DESCRIPTION_TOKENS,
    MAX_EPITHET_SENTENCES,
    MAX_PRONOUN_SENTENCES,
    _Candidate,
    _Cluster,
    _Layout,
)

# --- 5. Descriptions -------------------------------------------------------------------------


def _determiner(t: Token) -> Token | None:
    for child in t.lefts:
        if child.dep_ == "det":
            return child
    return None


def _add_descriptions(clusters: list[_Cluster], layout: _Layout) -> list[_Cluster]:
    """Make indefinite person phrases entities; link definite phrases and epithets back.

    One left-to-right pass over singular common nouns outside quotations, roles and names.
    """
    doc = layout.doc
    made: list[_Cluster] = []
    by_head: dict[str, list[_Cluster]] = defaultdict(list)
    for c in clusters:
        if c.head is not None:
            by_head[c.head].append(c)
    orgs = [c for c in clusters if c.kind == "named" and c.type == "ORG" and c.name_sents]
    places = [c for c in clusters if c.type in _PLACE and c.name_sents]
    institutions: dict[tuple[int, str], _Cluster] = {}
    for t in doc:
        if t.pos_ != "NOUN" or t.tag_ != "NN" or layout.occupied[t.i]:
            continue
        if not layout.is_body[t.i] or layout.in_quote[t.i]:
            continue
        det = _determiner(t)
        if det is None or layout.occupied[det.i] or not layout.is_body[det.i]:
            continue
        lemma = t.lemma_.lower()
        preps = {c.lower_ for c in t.rights if c.dep_ == "prep"}
        determiner = det.lower_
        if determiner in lx.INDEFINITE_DETERMINERS:
            if lemma not in lx.PERSON_NOUNS or t.dep_ in _PREDICATIVE_DEPS:
                continue
            if (t.dep_ == "pobj" and t.head.lower_ == "as") or (
                lemma in _AMBIGUOUS_WITH_OF and "of" in preps
            ):
                continue
            c = _description(t, det, layout)
            made.append(c)
            by_head[lemma].append(c)
        elif (
            determiner == "the"
            and lemma in lx.POSSESSED_ORG_NOUNS
            and (country := _national(t, det, layout)) is not None
        ):
            c, is_new = _add_institution(t, det, country, layout, institutions)
            if is_new:
                made.append(c)
                by_head[lemma].append(c)
        elif determiner in lx.DEFINITE_DETERMINERS and not preps & _SELF_DESCRIBING_PREPS:
            mods = frozenset(
                x.lower_ for x in t.lefts if x.dep_ in ("amod", "compound") and x.i > det.i
            )
            target = _antecedent(by_head.get(lemma, ()), mods, t.idx)
            if target is None and lemma in lx.GROUP_EPITHET_NOUNS:
                target = _salient(orgs, layout.rank[layout.sent_of[t.i]], t.idx)
            elif target is None and lemma in lx.NATION_EPITHET_NOUNS:
                target = _salient(places, layout.rank[layout.sent_of[t.i]], t.idx)
            if target is not None:
                target.add(det.idx, layout.char_end(t.i), "description")
                layout.occupy(det.i, t.i + 1)
    return made


def _national(t: Token, det: Token, layout: _Layout) -> _Cluster | None:
    """Return the country or nationality named between ``det`` and ``t`` ("the Israeli ...")."""
    for k in range(det.i + 1, t.i):
        c = layout.name_of[k]
        if c is not None and (c.type == "NORP" or c.type in _PLACE):
            return c
    return None


def _add_institution(
    t: Token,
    det: Token,
    country: _Cluster,
    layout: _Layout,
    made: dict[tuple[int, str], _Cluster],
) -> tuple[_Cluster, bool]:
    """Make "the Israeli government" an organisation related to "Israeli", like a possessive.

    The name and mention leave out "the", as names do; repeats of the phrase merge. Returns
    the entity and whether it is new.
    """
    lo = det.i + 1
    start, end = layout.doc[lo].idx, layout.char_end(t.i)
    words = frozenset(layout.doc[k].lower_ for k in range(lo, t.i + 1))
    key = (id(country), " ".join(sorted(words)))
    c = made.get(key)
    is_new = c is None
    if c is None:
        c = made[key] = _Cluster(
            type="ORG",
            display=layout.text[start:end],
            head=t.lemma_.lower(),
            words=words,
            related=[country],
        )
    c.add_name(start, end, layout.rank[layout.sent_of[t.i]])
    layout.occupy(det.i, t.i + 1)
    return c, is_new


def _description(t: Token, det: Token, layout: _Layout) -> _Cluster:
    """Return a description entity for the indefinite phrase headed by ``t``.

    The phrase takes the modifiers to the right of its head ("a source familiar with the
    talks") up to the first punctuation, so an apposition ("an attorney for X, Mark Doe,")
    or a clause after a comma stays out.
    """
    doc = layout.doc
    end = t.i + 1
    for child in t.rights:
        if child.dep_ not in _RIGHT_MODIFIER_DEPS or child.is_punct:
            break
        end = child.right_edge.i + 1
    end = min(end, layout.sent_bounds[layout.sent_of[t.i]][1])
    for k in range(t.i + 1, end):
        is_hyphen = doc[k].text == "-" and not doc[k - 1].whitespace_  # "a Paris-based aide"
        if (doc[k].is_punct and not is_hyphen) or doc[k].is_space or not layout.is_body[k]:
            end = k
            break
    if end - det.i > MAX_DESCRIPTION_TOKENS:
        end = t.i + 1
    start, stop = det.idx, layout.char_end(end - 1)
    lemma = t.lemma_.lower()
    c = _Cluster(
        type="PERSON",
        kind="description",
        display=layout.text[start:stop],
        head=lemma,
        words=frozenset(layout.doc[x].lower_ for x in range(det.i + 1, t.i)),
        gender=_noun_gender(lemma),
    )
    c.add(start, stop, "description")
    layout.occupy(det.i, end)
    return c


def _antecedent(
    candidates: Iterable[_Cluster], mods: frozenset[str], start: int
) -> _Cluster | None:
    """Return the most recently mentioned entity whose head and words fit a definite phrase."""
    best: _Cluster | None = None
    best_at = -1
    for c in candidates:
        at = c.last_before(start)
        if at > best_at and mods <= c.words:
            best, best_at = c, at
    return best


def _salient(candidates: list[_Cluster], rank: int, start: int) -> _Cluster | None:
    """Return the most-named entity mentioned in the last ``MAX_EPITHET_SENTENCES`` sentences.

    Epithets ("the terrorist group") name the report's topic rather than the nearest name, so
    frequency decides before recency.
    """
    best: tuple[int, int] | None = None
    found: _Cluster | None = None
    for c in candidates:
        i = bisect.bisect_left(c.name_starts, start)  # names before the epithet: [0, i)
        if i == 0 or rank - c.name_sents[i - 1] > MAX_EPITHET_SENTENCES:
            continue
        score = (len(c.name_sents), c.name_starts[i - 1])
        if best is None or score > best:
            best, found = score, c
    return found


# --- 6. Pronouns -----------------------------------------------------------------------------


def _add_pronouns(clusters: list[_Cluster], layout: _Layout) -> None:
    """Link he/she pronouns outside quotations to the most salient compatible person."""
    doc = layout.doc
    by_sent: dict[int, list[_Candidate]] = defaultdict(list)
    for c in clusters:
        if c.type != "PERSON":
            continue
        if c.gender is None and c.full_tokens:
            first = c.full_tokens[0] if len(c.full_tokens) > 1 else ""
            if first in lx.FEMALE_FIRST_NAMES:
                c.gender = "f"
            elif first in lx.MALE_FIRST_NAMES:
                c.gender = "m"
        for (start, end), kind in c.mentions.items():
            if kind not in ("name", "description"):
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            root = span.root
            by_sent[layout.sent_of[root.i]].append(
                _Candidate(
                    start,
                    root.i,
                    c,
                    root.dep_ in _SUBJECT_DEPS,
                    layout.role_owner[root.i] not in (None, c),
                )
            )
    for t in doc:
        gender = _PRONOUN_GENDER.get(t.lower_)
        if gender is None or not t.tag_.startswith("PRP") or layout.in_quote[t.i]:
            continue
        if not layout.is_body[t.i]:
            continue
        target = _resolve_pronoun(t, gender, by_sent, layout)
        if target is None:
            continue
        target.add(t.idx, layout.char_end(t.i), "pronoun")
        target.gender = target.gender or gender
        by_sent[layout.sent_of[t.i]].append(
            _Candidate(t.idx, t.i, target, t.dep_ in _SUBJECT_DEPS, False)
        )


def _resolve_pronoun(
    t: Token, gender: str, by_sent: dict[int, list[_Candidate]], layout: _Layout
) -> _Cluster | None:
    """Return the person a pronoun points to, or None (see the module docstring for the order)."""
    s = layout.sent_of[t.i]

    def usable(c: _Candidate) -> bool:
        if c.cluster.gender not in (None, gender) or layout.in_quote[c.token]:
            return False
        # Binding: "Netanyahu praised him" - an object pronoun is not its own verb's subject.
        head = layout.doc[c.token].head
        return not (
            t.dep_ in _OBJECT_DEPS
            and t.lower_ not in _REFLEXIVES
            and c.is_subject
            and head.i == t.head.i
        )

    same = [c for c in by_sent.get(s, ()) if c.start < t.idx and usable(c)]
    if same:
        preferred = [c for c in same if not c.is_demoted] or same
        subjects = [c for c in preferred if c.is_subject] or preferred
        return max(subjects, key=lambda c: c.start).cluster
    seen = 0
    k = s - 1
    while k >= 0 and seen < MAX_PRONOUN_SENTENCES:
        if layout.rank[k] != (layout.rank[k - 1] if k else 0):  # a narrative sentence
            seen += 1
            found = [c for c in by_sent.get(k, ()) if usable(c)]
            if found:
                preferred = [c for c in found if not c.is_demoted] or found
                subjects = [c for c in preferred if c.is_subject] or preferred
                return min(subjects, key=lambda c: c.start).cluster
        k -= 1
    return None
