"""Pass 5: indefinite person descriptions become entities; definite ones and epithets link back."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable

from spacy.tokens import Token

from storyline.extract import lexicon as lx
from storyline.extract.entities.canonical import ends_phrase
from storyline.extract.entities.names import _is_member_noun
from storyline.extract.entities.roles import _noun_gender
from storyline.extract.entities.state import (
    _AMBIGUOUS_WITH_OF,
    _PLACE,
    _PREDICATIVE_DEPS,
    _RIGHT_MODIFIER_DEPS,
    _SELF_DESCRIBING_PREPS,
    MAX_DESCRIPTION_TOKENS,
    MAX_EPITHET_SENTENCES,
    _Cluster,
    _Layout,
)

# --- 5. Descriptions -------------------------------------------------------------------------

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def _determiner(t: Token) -> Token | None:
    for child in t.lefts:
        if child.dep_ == "det":
            return child
    return None


def _add_descriptions(clusters: list[_Cluster], layout: _Layout) -> list[_Cluster]:
    """Make indefinite person phrases entities; link definite phrases and epithets back.

    One left-to-right pass over singular common nouns outside quotations, roles and names,
    and over plural ones for the members of a group named for them ("the doctors"). A party
    or nationality word heading its own phrase is a person noun too: "a New Hampshire
    Republican" is one person described, whom the names pass did not take for the party.
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
        # "said a New Hampshire Republican": one person by party, as a subject only, since an
        # object ("she would marry an American") is rarely anyone the report speaks of again
        member = t.ent_type_ == "NORP" and t.dep_ in _SUBJECT_DEPS and _is_member_noun(t)
        if not member and (t.pos_ != "NOUN" or t.tag_ not in ("NN", "NNS")):
            continue
        if layout.occupied[t.i]:
            continue
        if not layout.is_body[t.i] or layout.in_quote[t.i]:
            continue
        det = _determiner(t)
        if det is None or layout.occupied[det.i] or not layout.is_body[det.i]:
            continue
        if t.tag_ == "NNS":  # "the doctors" of a group named for its members
            members = _members_of(orgs, t, det) if det.lower_ == "the" else None
            if members is not None:
                members.add(det.idx, layout.char_end(t.i), "description")
                layout.occupy(det.i, t.i + 1)
            continue
        lemma = t.lemma_.lower()
        preps = {c.lower_ for c in t.rights if c.dep_ == "prep"}
        determiner = det.lower_
        if determiner in lx.INDEFINITE_DETERMINERS:
            if (lemma not in lx.PERSON_NOUNS and not member) or t.dep_ in _PREDICATIVE_DEPS:
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
            target = _known_as(t, layout)
            if target is not None and target not in by_head[lemma]:
                # "the group, known as the X Committee": a later "the group" is that one too
                by_head[lemma].append(target)
            target = target or _antecedent(by_head.get(lemma, ()), mods, t.idx)
            if target is None and lemma in lx.GROUP_EPITHET_NOUNS:
                target = _salient(orgs, layout.rank[layout.sent_of[t.i]], t.idx)
            elif target is None and lemma in lx.NATION_EPITHET_NOUNS:
                target = _salient(places, layout.rank[layout.sent_of[t.i]], t.idx)
            if target is not None:
                target.add(det.idx, layout.char_end(t.i), "description")
                layout.occupy(det.i, t.i + 1)
    return made


def _members_of(orgs: list[_Cluster], t: Token, det: Token) -> _Cluster | None:
    """Return the one organisation named before for its members ("Doctors for Camp Closure").

    "The doctors" after "Doctors for Camp Closure", "the physicians" after "Physicians for
    Human Rights": a group whose name begins with the plural noun is what its members are
    called for short. Modifiers ("the young doctors") or two such groups: no link.
    """
    if any(x.dep_ in ("amod", "compound") for x in t.lefts if x.i > det.i):
        return None
    word = t.lower_
    found = [
        c
        for c in orgs
        if c.names and c.names[0].split()[0].lower() == word and c.last_before(t.idx) >= 0
    ]
    return found[0] if len(found) == 1 else None


def _known_as(t: Token, layout: _Layout) -> _Cluster | None:
    """Return the name a description says it goes by: "the group, known as the X Committee".

    The participle "known", "called" or "named" on the noun, with the name as its object or
    after "as": the text names the group itself, so neither recency nor frequency decides.
    """
    for acl in t.children:
        if acl.dep_ != "acl" or acl.lower_ not in ("known", "called", "named", "dubbed"):
            continue
        objs = [c for c in acl.children if c.dep_ in ("oprd", "attr", "dobj")]
        objs += [
            g for c in acl.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"
        ]
        for obj in objs:
            cluster = layout.name_of[obj.i]
            if cluster is not None:
                return cluster
    return None


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
        if ends_phrase(doc[k]) or not layout.is_body[k]:
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
