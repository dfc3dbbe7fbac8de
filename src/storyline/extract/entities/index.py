"""EntityIndex: the one way every extractor turns a span or a token into an entity of the report.

Quotes (speakers), events (actors and targets) and figures (sources) all ask the same
questions: which entity does this phrase name, which mention covers this word, what is the
entity's canonical name, and for whom does it speak. Answering them in one place keeps the
answers consistent across the record ("the Israeli military" is one entity with one name
whether it speaks, acts or reports a number) and keeps name rules out of the other layers.

The index is built from the ``entities`` result (``extract_entities``) and is cheap: sorting
the mentions once. Lookups by character offset are bisections.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from spacy.tokens import Token

from storyline.extract.context import Context
from storyline.extract.entities.lookup import entity_at, mention_at
from storyline.extract.spans import token_at
from storyline.record.model import Entity, Mention

__all__ = ["SPEAKS_FOR_NOUNS", "EntityIndex"]

SPEAKS_FOR_NOUNS: frozenset[str] = frozenset(
    {
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "representative",
        "official",
        "envoy",
        "negotiator",
        "aide",
        "ambassador",
        "adviser",
        "advisor",
        "officer",
        "member",
        "leader",
    }
)
"""Role heads that make a person speak for the body named in the role ("spokesman for X")."""

# Dependencies that keep a token inside the same referent as the phrase head: a name in
# apposition ("the group's leader, Ali Rahim"), a compound or flat part of a name. A possessor
# ("his coalition") or a prepositional object ("critics of the president") is someone else.
_SAME_REFERENT_DEPS = frozenset({"appos", "compound", "flat", "nmod"})
_LOOKBACK = 50  # mentions before a position that may still cover it (longest names)


class EntityIndex:
    """Mentions of one report's entities, sorted by offset, with lookups by span and token."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.entities: list[Entity] = list(entities)
        self.by_id: dict[str, Entity] = {e.id: e for e in self.entities}
        pairs = sorted(
            ((m, e) for e in self.entities for m in e.mentions),
            key=lambda x: (x[0].start, -x[0].end),
        )
        self._mentions = pairs
        self._starts = [m.start for m, _ in pairs]

    @classmethod
    def from_context(cls, ctx: Context) -> EntityIndex:
        """Return the index of the ``entities`` result an earlier extractor left in ``ctx``."""
        return cls(ctx.results.get("entities") or ())

    # -- by span

    def entity_at(self, start: int, end: int) -> Entity | None:
        """Return the entity ``text[start:end]`` refers to (its mentions and role), or None."""
        return entity_at(self.entities, start, end)

    def mention_at(self, start: int, end: int) -> tuple[Entity, Mention] | None:
        """Return the mention that best covers ``start:end``, with its entity, or None."""
        return mention_at(self.entities, start, end)

    def covering(self, pos: int) -> list[tuple[Mention, Entity]]:
        """Return the mentions that contain character ``pos``, shortest first."""
        k = bisect.bisect_right(self._starts, pos)
        found = [
            (m, e) for m, e in self._mentions[max(0, k - _LOOKBACK) : k] if m.start <= pos < m.end
        ]
        return sorted(found, key=lambda x: (x[0].end - x[0].start, x[0].start))

    def inside(self, start: int, end: int) -> list[tuple[Mention, Entity]]:
        """Return the mentions that lie wholly inside ``start:end``, in text order."""
        k = bisect.bisect_left(self._starts, start)
        out = []
        for m, e in self._mentions[k:]:
            if m.start >= end:
                break
            if m.end <= end:
                out.append((m, e))
        return out

    def starting_in(self, start: int, end: int) -> list[tuple[Mention, Entity]]:
        """Return the mentions that start in ``start:end``, in text order."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return self._mentions[lo:hi]

    # -- by token

    def at_token(self, tok: Token) -> Entity | None:
        """Return the entity of the shortest mention covering ``tok``, or None."""
        found = self.covering(tok.idx)
        return found[0][1] if found else None

    def phrase_entity(self, head: Token, start: int, end: int) -> Entity | None:
        """Return the entity a noun phrase (``start:end``, headed by ``head``) names.

        A mention covering the head wins ("he", "Netanyahu", "the agency"). Failing that, a
        named person inside the phrase counts only when it stands for the phrase itself: in
        apposition to the head or part of its name ("Army commander General Prayuth"), not
        as a possessor ("his coalition", "the president's critics") or the object of a
        preposition ("members of the coalition of Ann Lee").
        """
        found = self.covering(head.idx)
        if found:
            return found[0][1]
        doc = head.doc
        for m, e in self.inside(start, end):
            if e.type != "PERSON" or e.kind != "named" or m.kind == "pronoun":
                continue
            tok = token_at(doc, m.start)
            if tok is not None and _same_referent(tok, head):
                return e
        return None

    # -- by id

    def get(self, entity_id: str | None) -> Entity | None:
        """Return the entity with this id, or None."""
        return self.by_id.get(entity_id) if entity_id else None

    def canonical(self, entity_id: str) -> str | None:
        """Return the canonical name of an entity (the one name all layers print)."""
        e = self.by_id.get(entity_id)
        return e.name if e is not None else None

    def speaks_for(self, entity_id: str) -> Entity | None:
        """Return the body a person speaks for, or the person an office speaks for, or None.

        "John Kirby, spokesman for the National Security Council" speaks for the council (an
        organisation mentioned inside his role); "Netanyahu's office" speaks for Netanyahu
        (its ``related`` entity).
        """
        e = self.by_id.get(entity_id)
        if e is None:
            return None
        if e.type != "PERSON":
            related = [self.by_id[r] for r in e.related if r in self.by_id]
            return related[0] if related else None
        if e.role_span is None or e.role is None:
            return None
        words = {w.strip(",.").lower() for w in e.role.split()}
        if not words & SPEAKS_FOR_NOUNS:
            return None
        for m, body in self.inside(e.role_span.start, e.role_span.end):
            if body.id != e.id and body.type in ("ORG", "GPE", "NORP") and m.kind == "name":
                return body
        return None


def _same_referent(tok: Token, head: Token) -> bool:
    """Return True if ``tok`` reaches ``head`` through same-referent links only."""
    steps = 0
    while tok.i != head.i and steps < 8:
        if tok.dep_ not in _SAME_REFERENT_DEPS or tok.head.i == tok.i:
            return False
        tok = tok.head
        steps += 1
    return tok.i == head.i
