"""The rules that say when names from different reports are one entity, without a parse.

Within a report the extractor merges "Governor Miriam Castell", "Castell" and "she". Across
reports only names are left, so the same person appears under variants. These rules decide
which variants are one entity; the story (``story/entities.py``, in memory over the records
it reads) and the store (``store/entities.py``, kept at ingest in the ``global_entities``
table) both apply them, so a story and a store agree on who is who. They live here, in the
entity layer, because both import it and neither may import the other for it.

- A name is normalised: titles and honorifics stripped from people, a leading "the" from
  organisations, a possessive dropped; its key is that form case-folded (``name_key``).
- A full name and an initialled one ("M. Castell") with the same surname and initial are one
  person, and so are a name with a middle initial ("Donald J. Trump") and the same name
  without it, unless there is another middle initial for that name.
- A surname alone ("Castell") joins the one full name that ends with it, and stays apart when
  two people share the surname (ambiguous, so never guessed). A name ending with an
  institution's head ("State Department", even tagged PERSON) is nobody's full name, so a
  bare "Department" never joins it.
- A pronoun or relative word ("He", "Who", "They") is never a name across reports
  (``is_pronoun_name``), even where a parser tagged it as one.

Every rule compares only keys that end with the same word (``surname``), so the names that
share a last word can be resolved apart from all others: the store re-resolves only the
groups a batch touched and gets what a resolution of everything would.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Generic, TypeVar

from storyline.extract.lexicon import HONORIFICS, PRONOUN_WORDS, TITLE_WORDS
from storyline.lexicon import word_set

__all__ = [
    "ORG_TYPES",
    "PERSON_TYPES",
    "OrganisationsByEnd",
    "alias_keys",
    "is_pronoun_name",
    "majority",
    "name_key",
    "normalize_name",
    "surname",
]

V = TypeVar("V")  # what a caller keeps with each organisation (``OrganisationsByEnd``)
_POSSESSIVE = re.compile(r"[’']s?$")
PERSON_TYPES = frozenset({"PERSON", "PER"})
ORG_TYPES = frozenset({"ORG"})
# Generic heads of an institution's name: a name ending with one is no person, so a first word
# that could be a title ("State", "Justice", "Defense") is part of it, not a title to strip
# ("State Department", "Defense Ministry", "Finance Committee"). Hand-picked: the nouns of
# government and party bodies in English news copy, none of them a surname people carry.
_INSTITUTION_HEADS = word_set(
    """
    agency authority board bureau commission committee council department directorate
    ministry
    """
)


@lru_cache(maxsize=65536)  # a story asks for the same few thousand names again and again
def normalize_name(name: str, type_: str | None = None) -> str:
    """Return a name without titles, honorifics, possessive or leading article, spaces collapsed.

    Titles are stripped from people only ("General Motors" keeps its first word), except an
    abbreviated title or honorific ("Gov.", "Dr.") which never begins an organisation's name.
    Square brackets, an editor's insertion ("[Nora] Vance"), go.
    A name ending with an institution's head ("State Department", "Justice Department") has
    no title to strip, whatever the type: with no type (a speaker's name) it would otherwise
    lose its first word, and every department would be one "Department".
    """
    tokens = [w for w in (t.strip("[]") for t in name.split()) if w]  # "[Nora] Vance"
    if tokens:
        tokens[-1] = _POSSESSIVE.sub("", tokens[-1]) or tokens[-1]
    is_person = type_ is None or type_ in PERSON_TYPES
    institution = len(tokens) > 1 and tokens[-1].lower() in _INSTITUTION_HEADS
    while len(tokens) > 1:
        head = tokens[0].lower()
        if (
            head in HONORIFICS
            or (head.endswith(".") and head in TITLE_WORDS)
            or (is_person and not institution and head in TITLE_WORDS)
            or (head == "the" and not is_person)
        ):
            tokens.pop(0)
        else:
            break
    return " ".join(tokens)


def name_key(display: str) -> str:
    """Return the key a normalised name is compared on: case folded."""
    return display.casefold()


def surname(key: str) -> str:
    """Return the last word of a key: only keys with the same last word can be one entity."""
    parts = key.split()
    return parts[-1] if parts else ""


def is_pronoun_name(name: str) -> bool:
    """Whether a name is only a pronoun or relative word ("He", "who", "They"): nobody's name.

    Written in capitals it is an acronym, not a pronoun: "WHO" (the World Health
    Organization), "US" (the United States).
    """
    word = name.strip()
    if len(word) > 1 and word.isupper():
        return False
    return word.casefold() in PRONOUN_WORDS


def majority(counts: Mapping[str, int]) -> str:
    """Return the most counted value; a tie goes to the value that sorts first.

    Deterministic whatever order the reports came in, so two stores of the same reports (or a
    story and a store) give an entity the same type and name.
    """
    return min(counts, key=lambda v: (-counts[v], v))


def alias_keys(types: Mapping[str, str]) -> dict[str, str]:
    """Map the surname-only, initialled and middle-initialled keys to the full name they join.

    Args:
        types: every key to resolve, with its entity type (the type most reports give it).

    Returns:
        ``{alias key: full-name key}`` for the keys that join another; a key absent from
        it is an entity of its own.
    """
    aliases = _middle_initials(types)
    surnames: dict[str, set[str]] = defaultdict(set)
    for k, type_ in types.items():
        parts = k.split()
        first_is_initial = len(parts[0].rstrip(".")) == 1
        person = (
            len(parts) > 1
            and not first_is_initial
            and type_ in PERSON_TYPES
            and parts[-1] not in _INSTITUTION_HEADS  # "Drafting Committee" tagged PERSON
        )
        if person and k not in aliases:
            surnames[parts[-1]].add(k)
    for k in types:
        if k in aliases:
            continue
        parts = k.split()
        owners = surnames.get(parts[-1], set()) - {k}
        if len(parts) == 1 and len(owners) == 1:
            aliases[k] = next(iter(owners))
        elif len(parts) == 2 and len(parts[0].rstrip(".")) == 1:
            initialled = [o for o in owners if o.startswith(parts[0][0])]
            if len(initialled) == 1:
                aliases[k] = initialled[0]
    return aliases


def _middle_initials(types: Mapping[str, str]) -> dict[str, str]:
    """Map "donald j. trump" to "donald trump" when both are known and no other initials.

    A middle initial joins the name without it only when one initialled form of that first
    and last name is known: "George W. Bush" and "George H. W. Bush" both present keep apart
    from each other and from a bare "George Bush", which is ambiguous between them.
    """
    forms: dict[str, list[str]] = defaultdict(list)
    for k, type_ in types.items():
        parts = k.split()
        middle = parts[1:-1]
        if (
            len(parts) >= 3
            and middle
            and all(len(p.rstrip(".")) == 1 for p in middle)
            and type_ in PERSON_TYPES
        ):
            forms[f"{parts[0]} {parts[-1]}"].append(k)
    return {
        initialled[0]: base
        for base, initialled in forms.items()
        if len(initialled) == 1 and base in types and types[base] in PERSON_TYPES
    }


class OrganisationsByEnd(Generic[V]):
    """The organisations of a story by the last words of their keys: who "the agency" is.

    A bare description of an organisation ("the agency", "the emergency agency") names the one
    organisation whose canonical key ends with those words ("keltvale emergency agency"); with
    two such organisations it names neither. Each organisation is kept with a value of the
    caller's (its key, or its global entity), indexed by every proper ending of its key.
    """

    def __init__(self, organisations: Iterable[tuple[str, V]]) -> None:
        self._by_end: dict[str, list[V]] = defaultdict(list)
        for key, value in organisations:
            words = key.split()
            for i in range(1, len(words)):
                self._by_end[" ".join(words[i:])].append(value)

    def find(self, key: str) -> V | None:
        """The one organisation a key names by its ending (a leading "the" dropped), or None."""
        hits = self._by_end.get(key.removeprefix("the "), [])
        return hits[0] if len(hits) == 1 else None
