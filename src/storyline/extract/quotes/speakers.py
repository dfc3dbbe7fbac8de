"""Speakers: a frame's speaker span to the record's fields — canonical entity, name and type.

Speakers resolve through the in-report entities (names, pronouns, descriptions); what is left
is typed from its head noun: anonymous sources, groups, documents. The module reads only the
parse, the context and the entities given to it.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

from storyline.extract.context import Context
from storyline.extract.cues import (
    ANONYMITY_MARKERS,
    ANONYMOUS_HEADS,
    DEMONYMS,
    DOCUMENT_HEADS,
    GROUP_HEADS,
    STATE_BODIES,
)
from storyline.extract.quotes._helpers import _PRONOUNS, _end_char
from storyline.extract.spans import make_span
from storyline.record.model import Entity, Quote, QuoteKind, Span, SpeakerType

if TYPE_CHECKING:
    from storyline.extract.quotes.frames import _Frame

_ORG_HEADS = {
    "government",
    "office",
    "ministry",
    "department",
    "agency",
    "army",
    "military",
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
    "spokesman",
    "spokeswoman",
}


class _Speakers:
    """Speaker spans to record fields: canonical entity, name and type."""

    def __init__(self, doc: Doc, ctx: Context, entities: list[Entity]) -> None:
        self.doc = doc
        self.ctx = ctx
        self.text = ctx.text
        self.index = sorted(
            ((m.start, m.end, e) for e in entities for m in e.mentions), key=lambda x: (x[0], -x[1])
        )
        self.starts = [s for s, _, _ in self.index]
        self.by_id = {e.id: e for e in entities}
        self.last_group: str | None = None  # name of the last group that spoke ("they")

    def entity(self, head: Token, span: tuple[int, int]) -> Entity | None:
        """The entity a speaker phrase names: a mention covering its head, else inside it."""
        lo, hi = self.doc[span[0]].idx, _end_char(self.doc[span[1] - 1])
        k = bisect.bisect_right(self.starts, head.idx)
        best: tuple[int, Entity] | None = None
        for s, e, ent in self.index[max(0, k - 50) : k]:
            if s <= head.idx < e and (best is None or e - s < best[0]):
                best = (e - s, ent)
        if best is not None:
            return best[1]
        for s, e, ent in self.index[bisect.bisect_left(self.starts, lo) :]:
            if s >= hi:
                break
            if e <= hi and ent.type == "PERSON" and ent.kind == "named":
                return ent
        return None

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

    def _describe(
        self, head: Token, span: TokenSpan, ent: Entity | None
    ) -> tuple[str | None, SpeakerType, str | None]:
        lower = span.text.lower()
        if ent is not None and not (
            ent.kind == "description" and head.lower_ in _PRONOUNS and head.lower_ == "they"
        ):
            if ent.kind == "description":
                return ent.name, _description_type(ent.name, head), ent.id
            if ent.type == "PERSON":
                return ent.name, "person", ent.id
            name = _state_body(head) or self._office_name(ent) or ent.name
            return name, "organization", ent.id
        if head.lower_ in ("they", "them") and self.last_group is not None:
            return self.last_group, "group", None
        lemma = head.lemma_.lower()
        if lemma in DOCUMENT_HEADS:
            return span.text, "document", None
        if head.ent_type_ in ("ORG", "GPE", "NORP") or lemma in _ORG_HEADS:
            return _state_body(head) or span.text, "organization", None
        if head.ent_type_ == "PERSON":
            return span.text, "person", None
        stype = _description_type(lower, head)
        if stype == "group":
            return self._group_name(head, span), "group", None
        return span.text, stype, None

    def _office_name(self, ent: Entity) -> str | None:
        """'Netanyahu's office' → 'Office of the Prime Minister of Israel', from his role."""
        if not ent.name.lower().endswith("office"):
            return None
        for rid in ent.related:
            person = self.by_id.get(rid)
            if person is None or person.type != "PERSON" or not person.role:
                continue
            words = person.role.split()
            country = DEMONYMS.get(words[0].lower()) if words else None
            if country is not None and len(words) > 1:
                return f"Office of the {' '.join(words[1:])} of {country}"
        return None

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
        words = [t.text for t in best if t.lower_ not in ("the", "a", "an") or t.i != best.start]
        return " ".join(words)


def _state_body(head: Token) -> str | None:
    """'the Israeli government' → 'Government of Israel': one name however it is written."""
    if head.lemma_.lower() not in STATE_BODIES:
        return None
    for mod in head.children:
        if mod.dep_ in ("amod", "compound") and mod.i < head.i:
            country = DEMONYMS.get(mod.lower_)
            if country is not None:
                return f"{head.lemma_.capitalize()} of {country}"
    return None


def _description_type(lower: str, head: Token) -> SpeakerType:
    lemma = head.lemma_.lower()
    if head.lower_ in ANONYMOUS_HEADS or lemma in ANONYMOUS_HEADS:
        if any(m in lower for m in ANONYMITY_MARKERS) or lemma in ("source", "diplomat", "insider"):
            return "anonymous"
        if head.tag_ in ("NNS", "NNPS") and lemma in ("official", "people", "person"):
            return "anonymous"
    if head.lower_ in GROUP_HEADS or head.tag_ in ("NNS", "NNPS"):
        return "group"
    if any(m in lower for m in ANONYMITY_MARKERS):
        return "anonymous"
    return "person" if head.pos_ in ("NOUN", "PROPN") else "unknown"
