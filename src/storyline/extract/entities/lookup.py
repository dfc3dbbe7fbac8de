"""Lookups from a character span to the entity or mention it refers to."""

from __future__ import annotations

from collections.abc import Sequence

from storyline.extract.entities.state import TYPE_PRIORITY
from storyline.record.model import Entity, Mention

# --- Public lookups --------------------------------------------------------------------------


def entity_at(entities: Sequence[Entity], start: int, end: int) -> Entity | None:
    """Return the entity that the character span ``start:end`` is a mention of, or None.

    Built for speaker resolution: a quotes extractor hands over the noun phrase it found
    ("John Kirby, spokesman for the White House National Security Council", "he",
    "Netanyahu's office") and gets the entity back. An entity's footprint is its mentions
    plus its role span, so a speaker phrase that carries a role goes to the person rather
    than to the organisation named inside the role. An entity with a mention exactly equal
    to the span wins; otherwise the one whose footprint overlaps most, ties broken by
    ``TYPE_PRIORITY`` and then by first mention. Linear in the number of mentions.

    Args:
        entities: the output of ``extract_entities`` for the same text.
        start: first character of the span.
        end: character after the span.

    Returns:
        The entity, or None when no mention or role overlaps the span.
    """
    best: tuple[int, int, int, int] | None = None
    best_entity: Entity | None = None
    for order, entity in enumerate(entities):
        exact = any(m.start == start and m.end == end for m in entity.mentions)
        pieces = [(m.start, m.end) for m in entity.mentions]
        if entity.role_span is not None:
            pieces.append((entity.role_span.start, entity.role_span.end))
        overlap = _union_overlap(pieces, start, end)
        if overlap <= 0:
            continue
        rank = TYPE_PRIORITY.index(entity.type) if entity.type in TYPE_PRIORITY else 99
        score = (int(exact), overlap, -rank, -order)
        if best is None or score > best:
            best, best_entity = score, entity
    return best_entity


def mention_at(entities: Sequence[Entity], start: int, end: int) -> tuple[Entity, Mention] | None:
    """Return the single mention that best covers ``start:end``, with its entity, or None.

    Where ``entity_at`` answers "who", this answers "which words": the quotes extractor uses
    it to keep the speaker span it reports identical to a mention (the pronoun "he", not the
    clause around it). Exact matches win, then the largest overlap, then the shortest mention.

    Args:
        entities: the output of ``extract_entities`` for the same text.
        start: first character of the span.
        end: character after the span.

    Returns:
        ``(entity, mention)``, or None when no mention overlaps the span.
    """
    best: tuple[int, int, int, int] | None = None
    found: tuple[Entity, Mention] | None = None
    for entity in entities:
        for m in entity.mentions:
            overlap = min(end, m.end) - max(start, m.start)
            if overlap <= 0:
                continue
            score = (int(m.start == start and m.end == end), overlap, -(m.end - m.start), -m.start)
            if best is None or score > best:
                best, found = score, (entity, m)
    return found


def _union_overlap(pieces: list[tuple[int, int]], start: int, end: int) -> int:
    """Return how many characters of ``start:end`` the union of ``pieces`` covers."""
    covered = 0
    reach = start
    for s, e in sorted(pieces):
        s, e = max(s, reach), min(e, end)
        if e > s:
            covered += e - s
            reach = e
    return covered
