"""Cross-report entity resolution: one story entity per person, organisation or place.

Within a report the extractor already merged "Governor Miriam Castell", "Castell" and "she".
Across reports the same person appears under variants. The rules that join variants are the
entity layer's (``extract/entities/across.py``), which the store applies at ingest too, so the
story's entities and the store's ``global_entities`` agree. Names are normalised (titles and
honorifics stripped from people, a leading "the" from organisations, possessives dropped,
case folded), and then:

- a full name ("Miriam Castell") and an initialled one ("M. Castell") with the same surname
  and initial are one person, and so are a name with a middle initial ("Donald J. Trump") and
  the same name without it, unless the store has another middle initial for that name;
- a surname alone ("Castell") joins the one full name in the whole store that ends with it,
  and stays apart when two people share the surname (ambiguous, so never guessed);
- a bare description of an organisation ("the agency", "the emergency agency") joins the one
  organisation whose name ends with it, and stays apart when there are several.

Descriptions ("a senior official") are not entities across reports; speakers.py keys them.

An event's actor or target, or a figure's source, is keyed by its entity in the record when
the item carries that entity's id (``actor_entity``, ...): the entity's name and type, which
is what the story entities are built from, rather than the item's own string
(``keyed_name``). Without an id (older records) the string is keyed as before.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from storyline.extract.entities import (
    ORG_TYPES,
    PERSON_TYPES,
    OrganisationsByEnd,
    alias_keys,
    is_pronoun_name,
    majority,
    name_key,
    normalize_name,
)
from storyline.record.model import ArticleRecord

__all__ = ["EntityResolver", "StoryEntity", "keyed_name", "normalize_name", "resolve_entities"]

_PERSONISH = PERSON_TYPES
_ORGISH = ORG_TYPES
_key = name_key


@dataclass(frozen=True, slots=True)
class StoryEntity:
    """One entity across the store: its canonical name, the variants seen, and where."""

    key: str
    name: str
    type: str
    variants: tuple[str, ...]
    reports: tuple[str, ...]
    n_mentions: int


@dataclass(slots=True)
class _Cluster:
    key: str
    types: Counter[str]
    displays: Counter[str]
    reports: set[str]
    n_mentions: int


class EntityResolver:
    """Maps any name seen in the store to its story entity; built by ``resolve_entities``."""

    def __init__(self, entities: Iterable[StoryEntity], aliases: dict[str, str]) -> None:
        self._entities = {e.key: e for e in entities}
        self._aliases = aliases
        surnames: dict[str, set[str]] = defaultdict(set)
        for e in self._entities.values():
            parts = e.key.split()
            if len(parts) > 1 and e.type in _PERSONISH:
                surnames[parts[-1]].add(e.key)
        self._surnames = surnames
        self._organisations = OrganisationsByEnd(
            (e.key, e.key) for e in self._entities.values() if e.type in _ORGISH
        )

    @property
    def entities(self) -> list[StoryEntity]:
        """Every story entity, most reported first."""
        return sorted(self._entities.values(), key=lambda e: (-len(e.reports), e.name))

    def key(self, name: str | None, type_: str | None = None) -> str | None:
        """Return the story key of a name (its own normalised form when nothing matches).

        ``type_`` is given with a record entity's name, normalised then as
        ``resolve_entities`` normalises it ("The Port Authority" loses its "The").
        """
        if not name or not name.strip():
            return None
        k = _key(normalize_name(name, type_))
        if k in self._aliases:
            return self._aliases[k]
        if k in self._entities:
            return k
        parts = k.split()
        org = self._organisation(k)
        if org is not None:
            return org
        if parts:
            owners = self._surnames.get(parts[-1], set())
            if len(parts) == 1 and len(owners) == 1:
                return next(iter(owners))
            if len(parts) == 2 and len(parts[0].rstrip(".")) == 1:
                initialled = [o for o in owners if o.startswith(parts[0][0])]
                if len(initialled) == 1:
                    return initialled[0]
        return k

    def _organisation(self, k: str) -> str | None:
        """The one organisation whose name ends with a bare description ("the agency")."""
        if not k.removeprefix("the ") or k.removeprefix("the ") in self._entities:
            return None
        return self._organisations.find(k)

    def name(self, name: str | None, type_: str | None = None) -> str | None:
        """Return the canonical display name of a name ("Castell" → "Miriam Castell")."""
        k = self.key(name, type_)
        if k is None:
            return None
        entity = self._entities.get(k)
        return entity.name if entity is not None else normalize_name(name or "", type_)

    def entity(self, name: str | None) -> StoryEntity | None:
        """Return the story entity a name resolves to, or None."""
        k = self.key(name)
        return self._entities.get(k) if k is not None else None

    def candidates(self, query: str) -> list[StoryEntity]:
        """Return the people a bare surname could be, most reported first ("Clinton").

        Empty unless the query is one word that ends two or more full names of the store: a
        surname that ends only one name resolves to it (``key``), and a full name is no
        question.
        """
        parts = _key(normalize_name(query)).split()
        if len(parts) != 1:
            return []
        owners = [self._entities[k] for k in self._surnames.get(parts[0], ())]
        return sorted(owners, key=lambda e: (-len(e.reports), e.name)) if len(owners) > 1 else []

    def find(self, query: str) -> StoryEntity | None:
        """Return the entity a person asked about: by name, surname, then a unique substring."""
        found = self.entity(query)
        if found is not None:
            return found
        q = query.casefold().strip()
        hits = [e for e in self._entities.values() if q in e.key or q in e.name.casefold()]
        hits.sort(key=lambda e: -len(e.reports))
        return hits[0] if hits else None


def keyed_name(
    rec: ArticleRecord, name: str | None, entity_id: str | None
) -> tuple[str | None, str | None]:
    """Return the name and type to key an item's actor, target or source on.

    The named entity of ``rec`` whose id the item carries gives its name and type; an item
    with no id, or the id of an unnamed (description) entity, gives its own name, no type.

    Example:
        >>> resolver.key(*keyed_name(rec, event.actor, event.actor_entity))
    """
    if entity_id is not None:
        for ent in rec.entities:
            if ent.id == entity_id:
                if ent.kind == "named":
                    return ent.name, ent.type
                break
    return name, None


def resolve_entities(records: Iterable[ArticleRecord]) -> EntityResolver:
    """Resolve the named entities of every record into story entities.

    Args:
        records: the reports of the story (any order).

    Returns:
        A resolver that maps any name (entity names, speaker names, figure sources, event
        actors) to its story entity.
    """
    clusters: dict[str, _Cluster] = {}
    for rec in records:
        for ent in rec.entities:
            if ent.kind != "named" or is_pronoun_name(ent.name):
                continue
            display = normalize_name(ent.name, ent.type)
            if not display:
                continue
            k = _key(display)
            c = clusters.setdefault(k, _Cluster(k, Counter(), Counter(), set(), 0))
            c.types[ent.type] += 1
            c.displays[display] += 1
            c.reports.add(rec.id)
            c.n_mentions += len(ent.mentions)
    aliases = _aliases(clusters)
    merged: dict[str, _Cluster] = {}
    for k, c in clusters.items():
        target = aliases.get(k, k)
        m = merged.setdefault(target, _Cluster(target, Counter(), Counter(), set(), 0))
        m.types.update(c.types)
        m.displays.update(c.displays)
        m.reports |= c.reports
        m.n_mentions += c.n_mentions
    entities = [
        StoryEntity(
            key=m.key,
            name=majority(clusters[m.key].displays) if m.key in clusters else m.key,
            type=_type_of(clusters[m.key].types if m.key in clusters else m.types),
            variants=tuple(sorted(m.displays)),
            reports=tuple(sorted(m.reports)),
            n_mentions=m.n_mentions,
        )
        for m in merged.values()
    ]
    return EntityResolver(entities, aliases)


def _type_of(types: Counter[str]) -> str:
    return majority(types)


def _aliases(clusters: dict[str, _Cluster]) -> dict[str, str]:
    """Map surname-only and initialled keys to the unique full name they belong to."""
    return alias_keys({k: _type_of(c.types) for k, c in clusters.items()})
