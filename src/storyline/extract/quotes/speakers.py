"""Speakers: a frame's speaker span to the record's fields — canonical entity, name and type.

Speakers resolve through the in-report entities (names, pronouns, descriptions); what is left
is typed from its head noun: anonymous sources, groups, documents. The module reads only the
parse, the context and the entities given to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

from storyline.extract.context import Context
from storyline.extract.cues import (
    ANONYMITY_MARKERS,
    DOCUMENT_HEADS,
    GROUP_HEADS,
)
from storyline.extract.entities import EntityIndex, ends_phrase, state_body_name
from storyline.extract.quotes._helpers import _PRONOUNS, _end_char
from storyline.extract.spans import make_span
from storyline.record.model import Entity, Quote, QuoteKind, Span, SpeakerType

if TYPE_CHECKING:
    from storyline.extract.quotes.frames import _Frame

# Head nouns of bodies: an unnamed "the ministry", "the airline" speaks as an organization.
_ORG_HEADS = frozenset(
    {
        "government",
        "office",
        "ministry",
        "department",
        "agency",
        "army",
        "military",
        "navy",
        "administration",
        "cabinet",
        "council",
        "committee",
        "police",
        "company",
        "court",
        "party",
        "campaign",
        "embassy",
        "airline",
        "carrier",
        "firm",
        "group",
        "coalition",
        "union",
        "organization",
        "organisation",
        "institute",
        "foundation",
        "observatory",
        "commission",
        "board",
        "bank",
        "authority",
        "regime",
        "junta",
        "militia",
        "movement",
        "alliance",
        "network",
        "broadcaster",
        "newspaper",
        "hospital",
        "university",
        "parliament",
        "legislature",
        "senate",
        "congress",
        "spokesman",
        "spokeswoman",
    }
)
# Spokesperson nouns in _ORG_HEADS: an unresolved "a spokesman" speaks for a body, but a
# described one ("a spokesman for the navy") is an unnamed individual.
_SPOKES_NOUNS = frozenset({"spokesman", "spokeswoman", "spokesperson"})
# Nouns of people who speak as sources: unnamed in the plural, they are anonymous sourcing
# ("officials said"), not a group of people ("residents said").
_SOURCE_HEADS = frozenset(
    {
        "source",
        "official",
        "diplomat",
        "insider",
        "aide",
        "adviser",
        "advisor",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "officer",
        "negotiator",
        "staffer",
        "investigator",
    }
)
_INDEFINITE = frozenset({"a", "an", "one", "another"})
_DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})  # "that" tagged DT
_PRONOUN_TAGS = frozenset({"PRP", "PRP$", "WP", "WP$", "WDT"})


class _Speakers:
    """Speaker spans to record fields: canonical entity, name and type.

    Who a phrase names is the entity layer's answer (``EntityIndex.phrase_entity``); this
    class only turns it into the quote's fields, and types what names no entity.
    """

    def __init__(self, doc: Doc, ctx: Context, entities: list[Entity]) -> None:
        self.doc = doc
        self.ctx = ctx
        self.text = ctx.text
        self.index = EntityIndex(entities)
        self.last_group: str | None = None  # name of the last group that spoke ("they")

    def entity(self, head: Token, span: tuple[int, int]) -> Entity | None:
        """The entity a speaker phrase (token range ``span``) names, or None."""
        lo, hi = self.doc[span[0]].idx, _end_char(self.doc[span[1] - 1])
        return self.index.phrase_entity(head, lo, hi)

    def quote(self, frame: _Frame, kind: QuoteKind, content: list[tuple[int, int]]) -> Quote:
        """The record of one attribution: its spans, and its speaker resolved and typed."""
        text = self.text
        speaker: Span | None = None
        name: str | None = None
        stype: SpeakerType = "unknown"
        eid: str | None = None
        if frame.speaker is not None:
            i, j = frame.speaker
            span_tokens = self.doc[i:j]
            speaker = make_span(text, span_tokens.start_char, span_tokens.end_char)
            ent = self.entity(span_tokens.root, (i, j))
            name, stype, eid = self._describe(span_tokens.root, span_tokens, ent)
            # two descriptions joined ("law enforcement and security officials") are one
            # source; a name joined to another speaker is two
            named = ent is not None and ent.kind == "named"
            others = self._conjoined(span_tokens) if named else []
            if name is not None and others:
                # "Yerofeyev and Alexandrov both said": every speaker named, as events join
                # their actors; one entity id cannot stand for several
                names = list(dict.fromkeys([name, *(n for n, _ in others)]))
                kinds = {stype, *(k for _, k in others)}
                name, eid = "; ".join(names), None
                stype = "person" if kinds == {"person"} else "group"
            if stype == "group" and name is not None:
                self.last_group = name
        return Quote(
            kind=kind,
            content=[make_span(text, s, e) for s, e in content],
            speaker=speaker,
            speaker_entity=eid,
            speaker_name=name,
            speaker_type=stype,
            cue=make_span(text, *frame.cue_span),
            venue=frame.venue,
            via=frame.via,
            audience=frame.audience,
            date=frame.date,
        )

    def _conjoined(self, span: TokenSpan) -> list[tuple[str, SpeakerType]]:
        """The other speakers joined to the head with "and": their names and types."""
        out: list[tuple[str, SpeakerType]] = []
        todo = [c for c in span.root.children if c.dep_ == "conj"]
        while todo:
            conj = todo.pop(0)
            todo += [c for c in conj.children if c.dep_ == "conj"]
            if not span.root.i < conj.i < span.end or conj.lower_ in _NOT_SPEAKERS:
                continue  # "law enforcement and security officials": one group; "and others"
            lo = max(conj.left_edge.i, span.start)
            hi = min(conj.right_edge.i + 1, span.end)
            sub = self.doc[lo:hi]
            name, stype, _ = self._describe(conj, sub, self.entity(conj, (lo, hi)))
            if name is not None and conj.pos_ in ("PROPN", "NOUN"):
                out.append((name, stype))
        return out

    def _describe(
        self, head: Token, span: TokenSpan, ent: Entity | None
    ) -> tuple[str | None, SpeakerType, str | None]:
        if ent is not None:
            if ent.kind == "description":
                return ent.name, self._entity_description_type(ent, head), ent.id
            if ent.type == "PERSON":
                return ent.name, "person", ent.id
            return ent.name, "organization", ent.id
        if _is_pronoun(head):
            if head.lower_ in ("they", "them") and self.last_group is not None:
                return self.last_group, "group", None
            return None, "unknown", None  # a pronoun that names no one is no name
        lemma = head.lemma_.lower()
        named = _phrase_name(head, span)
        if lemma in DOCUMENT_HEADS:
            return named, "document", None
        if head.ent_type_ in ("ORG", "GPE", "NORP") or lemma in _ORG_HEADS:
            return _state_body(head) or named, "organization", None
        if head.ent_type_ == "PERSON":
            return named, "person", None
        # typed by the whole phrase: "…, who asked not to be named" makes a source anonymous
        stype = _description_type(span.text.lower(), head)
        if stype == "group":
            return self._group_name(head, span), "group", None
        return named, stype, None

    def _entity_description_type(self, ent: Entity, head: Token) -> SpeakerType:
        """Type a description entity by the phrase that introduced it ("a senior official").

        A later mention ("the official", "who") says less than the first one, which carries
        the article and the markers of anonymity.
        """
        first = next((m for m in ent.mentions if m.kind == "description"), None)
        if first is not None:
            phrase = self.doc.char_span(first.start, first.end, alignment_mode="expand")
            if phrase is not None and len(phrase):
                return _description_type(first.text.lower(), phrase.root)
        return _description_type(ent.name.lower(), head)

    def _group_name(self, head: Token, span: TokenSpan) -> str:
        """The fullest description of a group with the same head noun in the report."""
        best = span
        for tok in self.doc:
            if tok.lower_ == head.lower_ and tok.i != head.i and not self.ctx.is_masked(tok.idx):
                cand = self.doc[tok.left_edge.i : tok.right_edge.i + 1]
                if (
                    len(cand) > len(best)
                    and len(cand) <= 8
                    and cand.root.i == tok.i
                    and any(t.dep_ == "prep" for t in tok.children)
                ):
                    best = cand
        if best[0].lower_ in ("the", "a", "an"):
            best = best[1:]
        return best.text  # the report's own spacing: "doctors, members of …", not "doctors ,"


# Conjuncts that add no speaker of their own ("the United States and others").
_NOT_SPEAKERS = frozenset({"others", "other", "allies", "partners", "colleagues"})


def _phrase_name(head: Token, span: TokenSpan) -> str:
    """The name of an unnamed speaker: its phrase up to the first punctuation after the head.

    "the source, who spoke on condition of anonymity" is "the source", and "the manual of the
    agency, part of the ministry" is "the manual of the agency": what follows the comma is a
    clause or an apposition about the speaker, not its name (the span keeps it, and it still
    types the speaker). Where the phrase stops is the entity layer's rule (``ends_phrase``);
    an apposition that is a name is kept.
    """
    doc = span.doc
    for k in range(head.i + 1, span.end):
        if ends_phrase(doc[k]):
            if any(_names_someone(t) for t in doc[k : span.end]):
                return span.text  # "the mayor of Surabaya, Tri Rismaharini": the name is after
            return doc[span.start : k].text
    return span.text


def _names_someone(tok: Token) -> bool:
    """A person's name, or a proper noun in apposition: what a speaker's phrase must keep."""
    return tok.ent_type_ == "PERSON" or (tok.dep_ == "appos" and tok.pos_ == "PROPN")


def _is_pronoun(head: Token) -> bool:
    """Return True for a pronoun ("he", "it", "they", "who", "which") or a bare "that"."""
    return (
        head.pos_ == "PRON"
        or head.tag_ in _PRONOUN_TAGS
        or head.lower_ in _PRONOUNS
        or head.lower_ in _DEMONSTRATIVES
    )


def _state_body(head: Token) -> str | None:
    """'the Israeli government' → 'Government of Israel', by the entity layer's one rule."""
    for mod in head.children:
        if mod.dep_ in ("amod", "compound") and mod.i < head.i:
            name = state_body_name(head.lemma_, mod.lower_)
            if name is not None:
                return name
    return None


def _description_type(lower: str, head: Token) -> SpeakerType:
    """Type an unnamed source by its phrase: anonymous, group, organization or person.

    As media researchers count sourcing: an unnamed individual ("a senior official", "a
    witness") and unnamed sources in the plural ("officials", "sources") are anonymous;
    other unnamed people in the plural ("residents", "the families") are a group; a body
    ("the airline", "the navy") is an organization. A definite singular ("the top
    diplomat") points at someone the reader knows: a person.
    """
    lemma = head.lemma_.lower()
    if any(m in lower for m in ANONYMITY_MARKERS):
        return "anonymous"
    if lemma in _ORG_HEADS and lemma not in _SPOKES_NOUNS:
        return "organization"
    if head.tag_ in ("NNS", "NNPS"):
        return "anonymous" if lemma in _SOURCE_HEADS else "group"
    if head.lower_ in GROUP_HEADS:
        return "group"
    words = lower.split()
    if words and words[0] in _INDEFINITE and head.pos_ == "NOUN":
        return "anonymous"
    return "person" if head.pos_ in ("NOUN", "PROPN") else "unknown"
