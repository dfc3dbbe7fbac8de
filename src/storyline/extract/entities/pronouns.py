"""Pass 6: pronouns outside quotations linked to the entity they stand for.

- **he/she** (and him, his, herself ...) link to a compatible person: a subject earlier in the
  same sentence, else the nearest earlier one, else the first subject (then the first mention)
  of the nearest previous sentences. Gender only filters; unknown never blocks.
- **it/its** link the same way to an organisation or a country, but only where the pronoun
  can refer: a subject of a verb other than a copula or weather-style verb ("it is unclear",
  "it takes time" refer to nothing) or the possessive "its". "It said", "its forces".
- **who/whom/which/that** opening a relative clause are mentions of the clause's antecedent:
  "Prayuth Chan-ocha, who said ..." is Prayuth; "a senior official, who asked not to be
  named, said" is that official. A relative pronoun is never a name of its own.

"they"/"them" stay unlinked here: a plural antecedent (a list of names, a group noun) is not an
entity of this layer, and a wrong link costs more than none.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from spacy.tokens import Token

from storyline.extract import lexicon as lx
from storyline.extract.entities.state import (
    _OBJECT_DEPS,
    _PLACE,
    _PRONOUN_GENDER,
    _REFLEXIVES,
    _SUBJECT_DEPS,
    MAX_PRONOUN_SENTENCES,
    _Candidate,
    _Cluster,
    _Layout,
)

NEUTER_PRONOUNS = lx.NEUTER_PRONOUNS
RELATIVE_PRONOUNS = lx.RELATIVE_PRONOUNS
# Heads of an "it" subject that refer to nothing: "it is unclear", "it seems", "it takes time".
_EMPTY_IT_HEADS = frozenset(
    {"be", "seem", "appear", "take", "remain", "become", "mean", "matter", "happen", "rain"}
)
_NEUTER_TYPES = frozenset({"ORG"}) | _PLACE


def _add_pronouns(clusters: list[_Cluster], layout: _Layout) -> None:
    """Link personal pronouns (he/she, it) and relative pronouns to their entities."""
    _set_genders(clusters)
    owners = _token_owners(clusters, layout)  # pronoun links below do not change it
    _link_personal(clusters, layout)
    _link_neuter(clusters, layout, owners)
    _link_relatives(layout, owners)


def _set_genders(clusters: list[_Cluster]) -> None:
    """Give a person with a known first name its gender (a filter for he/she)."""
    for c in clusters:
        if c.type == "PERSON" and c.gender is None and len(c.full_tokens) > 1:
            first = c.full_tokens[0]
            if first in lx.FEMALE_FIRST_NAMES:
                c.gender = "f"
            elif first in lx.MALE_FIRST_NAMES:
                c.gender = "m"


def _candidates(
    clusters: list[_Cluster], layout: _Layout, keep: Callable[[_Cluster], bool]
) -> dict[int, list[_Candidate]]:
    """Return the name and description mentions of the kept entities, by sentence."""
    doc = layout.doc
    by_sent: dict[int, list[_Candidate]] = defaultdict(list)
    for c in clusters:
        if not keep(c):
            continue
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
    return by_sent


def _link_personal(clusters: list[_Cluster], layout: _Layout) -> None:
    """Link he/she pronouns outside quotations to the most salient compatible person."""
    by_sent = _candidates(clusters, layout, lambda c: c.type == "PERSON")
    for t in layout.doc:
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


def _refers(t: Token) -> bool:
    """Return True if an "it"/"its" token can stand for an entity (see the module docstring)."""
    if t.lower_ == "its":
        return t.dep_ == "poss"
    if t.dep_ not in _SUBJECT_DEPS:
        return False
    return t.head.pos_ == "VERB" and t.head.lemma_.lower() not in _EMPTY_IT_HEADS


def _link_neuter(clusters: list[_Cluster], layout: _Layout, owners: list[_Cluster | None]) -> None:
    """Link a referring "it"/"its" to the most salient organisation or country."""
    by_sent = _candidates(
        clusters, layout, lambda c: c.type in _NEUTER_TYPES and bool(c.name_starts)
    )
    for t in layout.doc:
        if t.lower_ not in NEUTER_PRONOUNS or layout.in_quote[t.i] or not layout.is_body[t.i]:
            continue
        if not _refers(t):
            continue
        if _local_antecedent(t, owners):
            continue
        target = _resolve_pronoun(t, None, by_sent, layout)
        if target is None:
            continue
        target.add(t.idx, layout.char_end(t.i), "pronoun")
        by_sent[layout.sent_of[t.i]].append(
            _Candidate(t.idx, t.i, target, t.dep_ in _SUBJECT_DEPS, False)
        )


def _local_antecedent(t: Token, owners: list[_Cluster | None]) -> bool:
    """Return True if "its" has a nearer antecedent that is no entity.

    In "his country is focusing its efforts" the subject of the clause, "his country", is
    what "its" stands for; linking it to an organisation named earlier would be wrong.
    """
    verb = t.head
    while (
        verb.dep_ not in ("ROOT", "ccomp", "xcomp", "advcl", "relcl", "conj") and verb.head != verb
    ):
        verb = verb.head
    for child in verb.children:
        if child.dep_ in _SUBJECT_DEPS and child.i < t.i:
            return child.pos_ in ("NOUN", "PROPN") and owners[child.i] is None
    return False


def _token_owners(clusters: list[_Cluster], layout: _Layout) -> list[_Cluster | None]:
    """Return, per token, the entity whose shortest name/title/description mention covers it."""
    doc = layout.doc
    owner: list[_Cluster | None] = list(layout.role_owner)
    spans = [
        (end - start, start, end, c)
        for c in clusters
        for (start, end), kind in c.mentions.items()
        if kind != "pronoun"
    ]
    for _, start, end, c in sorted(spans, key=lambda x: (-x[0], x[1])):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        for tok in span:
            owner[tok.i] = c
    return owner


def _link_relatives(layout: _Layout, owners: list[_Cluster | None]) -> None:
    """Make a relative pronoun that opens a clause a mention of the clause's antecedent."""
    for t in layout.doc:
        if t.lower_ not in RELATIVE_PRONOUNS or t.tag_ not in ("WP", "WDT"):
            continue
        if t.head.dep_ not in ("relcl", "acl") or layout.in_quote[t.i]:
            continue
        if not layout.is_body[t.i]:
            continue
        target = owners[t.head.head.i]
        if target is not None:
            target.add(t.idx, layout.char_end(t.i), "pronoun")


def _resolve_pronoun(
    t: Token, gender: str | None, by_sent: dict[int, list[_Candidate]], layout: _Layout
) -> _Cluster | None:
    """Return the entity a pronoun points to, or None (see the module docstring for the order).

    ``gender`` is "m"/"f" for he/she, None for "it" (candidates are then already neuter).
    """
    s = layout.sent_of[t.i]

    def usable(c: _Candidate) -> bool:
        if gender is not None and c.cluster.gender not in (None, gender):
            return False
        if layout.in_quote[c.token]:
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
