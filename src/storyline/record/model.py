"""The typed, versioned article record: the contract every consumer reads (CONTRACT.md).

Pydantic models at the boundary: ``ArticleRecord.model_validate_json`` catches drift and
corrupt rows, ``Literal`` fields close the vocabularies, and a validator checks that every
span's ``text`` is exactly ``record.text[start:end]`` so provenance holds by construction,
and that every entity id an item carries (``speaker_entity``, ``source_entity``,
``actor_entity``, ``target_entity``) names an entity of the same record.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "SCHEMA",
    "ArticleRecord",
    "Boilerplate",
    "Caption",
    "DateMention",
    "Dateline",
    "Entity",
    "Event",
    "EventStatus",
    "Figure",
    "Mention",
    "Quote",
    "QuoteKind",
    "Span",
    "SpeakerType",
]

SCHEMA: Literal["storyline.article/1"] = "storyline.article/1"

SpeakerType = Literal["person", "organization", "group", "anonymous", "document", "unknown"]
QuoteKind = Literal["direct", "indirect", "mixed"]
EventStatus = Literal["asserted", "future", "hypothetical", "negated"]
MentionKind = Literal["name", "pronoun", "description", "title"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(_Frozen):
    """Characters ``text[start:end]`` of the article text (code points, end-exclusive)."""

    start: int
    end: int
    text: str


class Caption(Span):
    """A photo caption kept out of the body, with its agency credit."""

    credit: str | None = None
    credit_span: Span | None = None


class Dateline(Span):
    """The dateline opening the body ("ROME (AP) —"): its place and the agency, if named."""

    place: str | None = None
    agency: str | None = None


class Boilerplate(Span):
    """Page debris kept out of the body; ``kind`` says which (ingest's ``DebrisSpan``).

    An ad or interface line, a gallery marker, a publication line, a crosshead, a sign-off.
    """

    kind: str


class Mention(Span):
    """One mention of an entity: a name, a pronoun, a description or a title."""

    kind: MentionKind = "name"


class Entity(_Frozen):
    """A person, organisation or place with all its mentions in one report.

    ``kind`` is ``"description"`` for an unnamed referent introduced by a noun phrase ("an
    unidentified foreign diplomat"), whose later mentions ("the diplomat") link back to it.
    ``related`` holds ids of distinct but related entities ("Netanyahu's office" → Netanyahu).
    """

    id: str
    name: str
    type: str
    kind: Literal["named", "description"] = "named"
    role: str | None = None
    role_span: Span | None = None
    related: list[str] = []
    mentions: list[Mention]


class Quote(_Frozen):
    """Who said what: one attribution."""

    kind: QuoteKind
    content: list[Span]
    speaker: Span | None = None
    speaker_entity: str | None = None
    speaker_name: str | None = None
    speaker_type: SpeakerType = "unknown"
    cue: Span | None = None
    venue: str | None = None
    via: str | None = None
    audience: str | None = None
    date: str | None = None


class Figure(Span):
    """A reported figure: what it counts, who says so, and when.

    ``source_entity`` is the id of the source's entity in the record, when it has one.
    """

    value: float | None = None
    low: float | None = None
    high: float | None = None
    approx: str | None = None
    unit: str
    what: str | None = None
    ordinal: bool = False
    cumulative: bool = False
    source: str | None = None
    source_entity: str | None = None
    date: str | None = None
    in_caption: bool = False
    # the value this one changed from ("rose to 26 from 14", "80, up from 60"): the same series
    previous: float | None = None


class DateMention(Span):
    """A temporal expression resolved against the publication date (ISO 8601 ``value``)."""

    value: str | None = None
    type: Literal["DATE", "TIME", "DURATION", "SET"] = "DATE"


class Event(Span):
    """A PLOVER event with status and attribution.

    ``actor_entity`` and ``target_entity`` are the ids of their entities in the record, when
    the actor or target is one.
    """

    type: str
    mode: str | None = None
    actor: str | None = None
    actor_entity: str | None = None
    target: str | None = None
    target_entity: str | None = None
    place: str | None = None
    date: str | None = None
    status: EventStatus = "asserted"
    attribution: str | None = None


class ArticleRecord(_Frozen):
    """Everything storyline read in one report, every item tied to its characters."""

    schema_: Literal["storyline.article/1"] = Field(default=SCHEMA, alias="schema")
    id: str
    source: str
    text: str
    published: str | None = None
    headline: Span | None = None
    section: Span | None = None
    byline: str | None = None
    outlet: str | None = None
    url: str | None = None
    encoding: str | None = None
    captions: list[Caption] = []
    byline_span: Span | None = None  # the byline line in the text ("By Jane Roe and John Doe")
    byline_names: list[str] = []
    dateline: Dateline | None = None
    boilerplate: list[Boilerplate] = []
    published_span: Span | None = None  # where ``published`` was read, when the text gave it
    # where ``published`` came from: "argument", "metadata" or "text"; null when undated
    published_from: Literal["argument", "metadata", "text"] | None = None
    entities: list[Entity] = []
    quotes: list[Quote] = []
    figures: list[Figure] = []
    dates: list[DateMention] = []
    events: list[Event] = []
    # Which reader produced each part of the record: {"quotes": "model"} when the trained
    # attribution tagger ran (merged with the rules), "rules" when the rules ran alone.
    extractor: dict[str, str] = {}

    model_config = ConfigDict(
        frozen=True, extra="forbid", populate_by_name=True, serialize_by_alias=True
    )

    @model_validator(mode="after")
    def _entity_ids_resolve(self) -> ArticleRecord:
        ids = {e.id for e in self.entities}
        for where, entity_id in self.iter_entity_refs():
            if entity_id not in ids:
                raise ValueError(f"{where}: entity id {entity_id!r} is not in entities")
        return self

    @model_validator(mode="after")
    def _spans_match_text(self) -> ArticleRecord:
        for where, span in self.iter_spans():
            if not (0 <= span.start <= span.end <= len(self.text)):
                raise ValueError(f"{where}: offsets {span.start}:{span.end} outside the text")
            if self.text[span.start : span.end] != span.text:
                raise ValueError(
                    f"{where}: span text {span.text!r} is not text[{span.start}:{span.end}]"
                )
        return self

    def iter_entity_refs(self) -> Iterator[tuple[str, str]]:
        """Yield every entity id an item carries (``*_entity``) with a label saying where."""
        for i, q in enumerate(self.quotes):
            if q.speaker_entity is not None:
                yield f"quotes[{i}].speaker_entity", q.speaker_entity
        for i, f in enumerate(self.figures):
            if f.source_entity is not None:
                yield f"figures[{i}].source_entity", f.source_entity
        for i, e in enumerate(self.events):
            for name in ("actor_entity", "target_entity"):
                entity_id = getattr(e, name)
                if entity_id is not None:
                    yield f"events[{i}].{name}", entity_id

    def iter_spans(self) -> Iterator[tuple[str, Span]]:
        """Yield every span in the record with a label saying where it sits."""
        for name in ("headline", "section", "byline_span", "dateline", "published_span"):
            span = getattr(self, name)
            if span is not None:
                yield name, span
        for i, b in enumerate(self.boilerplate):
            yield f"boilerplate[{i}]", b
        for i, c in enumerate(self.captions):
            yield f"captions[{i}]", c
            if c.credit_span is not None:
                yield f"captions[{i}].credit_span", c.credit_span
        for i, e in enumerate(self.entities):
            for j, m in enumerate(e.mentions):
                yield f"entities[{i}].mentions[{j}]", m
            if e.role_span is not None:
                yield f"entities[{i}].role_span", e.role_span
        for i, q in enumerate(self.quotes):
            for j, s in enumerate(q.content):
                yield f"quotes[{i}].content[{j}]", s
            for name in ("speaker", "cue"):
                s = getattr(q, name)
                if s is not None:
                    yield f"quotes[{i}].{name}", s
        for field in ("figures", "dates", "events"):
            for i, item in enumerate(getattr(self, field)):
                yield f"{field}[{i}]", item
