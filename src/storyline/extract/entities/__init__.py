"""Mentions to in-document entities, with roles and pronoun and description links.

One report at a time, the people, organisations and places of the body become entities, each
with every span that refers to it. The passes run in reading order and each one only adds:

1. **Names.** spaCy's PERSON/ORG/GPE/LOC/NORP/FAC entities, cleaned (a leading "the", a
   trailing possessive, a title swallowed into a PERSON span, a lone title word tagged ORG,
   a word glued before a full name the report writes alone: "Billionaire Donald Trump"),
   with no social-media handle ("@JaneDoe Twitter") nor party word naming one person ("the
   Kentucky Republican said") taken for a name, and relabelled by a vote over identical
   surface forms, so one stray PERSON "Haaretz" follows its ORG twins and an ORG "Brandt"
   after "Karl Brandt" is the person; a multi-word ORG right after a title ("hostage Eli
   Rosen") is a PERSON. Untagged repeats of a known surname are added.
2. **Merging.** A surname or first name joins the most recent full name it matches, and a later
   full name absorbs an earlier surname-only entity. Other names merge on a normalised key,
   a known acronym ("US" = "United States"), initials ("NSC") or a dropped generic suffix
   ("Gaza" = "Gaza Strip").
3. **Roles.** A title before a name ("Israeli Prime Minister") is a ``"title"`` mention and the
   role; otherwise an apposition after it ("John Kirby, spokesman for ...", "Yael Adar — the
   mother of ...") or, failing that, before it ("The army's spokesman, Dan Levi, ..."), its
   article dropped. The first role found is kept.
4. **Related entities.** "Netanyahu's office" is an ORG of its own whose ``related`` holds
   Netanyahu's id; the person keeps only the "Netanyahu" mention. "The Israeli government"
   is likewise an ORG related to the nationality "Israeli".
5. **Descriptions.** A singular indefinite person noun phrase ("an unidentified foreign
   diplomat") is a ``"description"`` entity; a later definite one with the same head ("the
   diplomat") links to it, or to the named person whose role has that head ("the spokesman").
   Epithets ("the terrorist group", "the Jewish nation") link to the most mentioned recent
   organisation or country.
6. **Pronouns.** he/him/his/himself and she/her/herself link to a compatible person: a subject
   earlier in the same sentence, else the nearest earlier one, else the first subject (then the
   first mention) of the nearest previous sentences. Gender, from a short first-name list,
   honorifics, role nouns and earlier links, only filters; unknown never blocks.

Deliberately left out: plural groups ("well-placed sources", "the families"), "they"/"their",
and definite first mentions with their own complement ("the head of Mossad"). Nothing inside a
quotation is linked (its pronouns point into the quoted speaker's world), and nothing in a
masked range (captions, headline, kicker) is mentioned at all.

Ids are content hashes of type, name and first offset, and every list is sorted by offset, so
the same parse always gives byte-identical output. ``entity_at`` and ``mention_at`` are the
lookups a quotes extractor can use to turn a speaker span into an entity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from storyline.extract.entities.across import (
    ORG_TYPES,
    PERSON_TYPES,
    OrganisationsByEnd,
    alias_keys,
    is_pronoun_name,
    majority,
    name_key,
    normalize_name,
    surname,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from storyline.extract.context import Context
    from storyline.extract.entities.canonical import (
        ends_phrase,
        office_name,
        state_body_name,
        state_of_nationality,
    )
    from storyline.extract.entities.index import SPEAKS_FOR_NOUNS, EntityIndex
    from storyline.extract.entities.lookup import entity_at, mention_at
    from storyline.extract.entities.state import ENTITY_LABELS, TYPE_PRIORITY
    from storyline.record.model import Entity

__all__ = [
    "ENTITY_LABELS",
    "ORG_TYPES",
    "PERSON_TYPES",
    "SPEAKS_FOR_NOUNS",
    "TYPE_PRIORITY",
    "EntityIndex",
    "OrganisationsByEnd",
    "alias_keys",
    "ends_phrase",
    "entity_at",
    "extract_entities",
    "is_pronoun_name",
    "majority",
    "mention_at",
    "name_key",
    "normalize_name",
    "office_name",
    "state_body_name",
    "state_of_nationality",
    "surname",
]

# The per-report passes need spaCy, so they load on first use (PEP 562): the store and the
# story use the cross-report rules (``across``) without paying for the parser's import.
_LAZY = {
    "ENTITY_LABELS": "storyline.extract.entities.state",
    "TYPE_PRIORITY": "storyline.extract.entities.state",
    "SPEAKS_FOR_NOUNS": "storyline.extract.entities.index",
    "EntityIndex": "storyline.extract.entities.index",
    "entity_at": "storyline.extract.entities.lookup",
    "mention_at": "storyline.extract.entities.lookup",
    "ends_phrase": "storyline.extract.entities.canonical",
    "office_name": "storyline.extract.entities.canonical",
    "state_body_name": "storyline.extract.entities.canonical",
    "state_of_nationality": "storyline.extract.entities.canonical",
}


def __getattr__(name: str) -> Any:  # noqa: ANN401 - whatever the lazy name is
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'storyline.extract.entities' has no attribute {name!r}")


# --- Entry point -----------------------------------------------------------------------------


def extract_entities(doc: Doc, ctx: Context) -> list[Entity]:
    """Return the people, organisations and places of the body with all their mentions.

    Args:
        doc: the parse of ``ctx.text`` (tagger, parser and NER needed; without sentence
            boundaries the report counts as one sentence).
        ctx: the text, and the masked ranges whose words are never mentions.

    Returns:
        Entities sorted by first mention, each with its mentions sorted by offset.

    Example:
        >>> entities = extract_entities(doc, ctx)  # doctest: +SKIP
        >>> entity_at(entities, 0, 18).name  # "Benjamin Netanyahu said ..."  # doctest: +SKIP
        'Benjamin Netanyahu'
    """
    from storyline.extract.entities.build import _build
    from storyline.extract.entities.coref import _add_descriptions
    from storyline.extract.entities.names import _cluster_names, _name_mentions, _relabel
    from storyline.extract.entities.pronouns import _add_pronouns
    from storyline.extract.entities.roles import _add_possessives, _add_roles
    from storyline.extract.entities.state import _Layout

    layout = _Layout(doc, ctx)
    names = _relabel(_name_mentions(doc, layout))
    clusters, name_owner = _cluster_names(names, layout)
    _add_roles(names, name_owner, layout)
    clusters += _add_possessives(names, name_owner, layout)
    clusters += _add_descriptions(clusters, layout)
    _add_pronouns(clusters, layout)
    return _build(clusters, ctx.text)
