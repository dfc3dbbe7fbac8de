"""SQLAlchemy 2.0 declarative tables: one row per report, one per item, each tied to its characters.

Every item table is keyed by ``(report_id, n)``, its report and its position in the record, so
rows need no generated ids (a batch is one multi-row INSERT per table) and any row leads back
to ``reports.text[start:end]``. Column names follow the record (CONTRACT.md) so that a query in
Datasette reads like the JSON: ``start``/``end`` are character offsets, end-exclusive.

Text columns are unbounded ``Text``, report ids (content hashes, keys) apart: a length limit
is only a place where PostgreSQL refuses a report that SQLite keeps (migration 6 widened
the old ones).

An item that names someone of its report carries that entity's id (``quotes.speaker_entity``,
``figures.source_entity``, ``events.actor_entity`` and ``target_entity``): joined with
``entities`` on ``(report_id, entity_id)`` it gives the entity row.

A syndicated copy (the same wire story in another outlet, issue 16) is a ``copies`` row that
keeps its own source, url, outlet and date and names its original; ``report_keys`` is the
MinHash index that finds such copies at ingest (``store/copies.py``). A near copy's quotes and
figures that repeat its original's words are marked ``repeated``, so that counts over the
item tables count them once, on the original.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "Base",
    "Caption",
    "CopyRow",
    "DateRow",
    "Entity",
    "EntityLink",
    "EntityName",
    "Event",
    "FailureRow",
    "Figure",
    "GlobalEntity",
    "Mention",
    "Quote",
    "QuotePart",
    "Report",
    "ReportKey",
    "SchemaVersion",
    "StoryCache",
]

_REPORT_FK = "reports.id"
_GLOBAL_FK = "global_entities.id"


class Base(DeclarativeBase):
    """The metadata every storyline table belongs to."""


class SchemaVersion(Base):
    """One row per applied migration: the store knows exactly which schema it holds."""

    __tablename__ = "schema_version"

    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    applied_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Report(Base):
    """One report, stored once: ``id`` is the record id, a hash of the text."""

    __tablename__ = "reports"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(Text, index=True)
    published: Mapped[str | None] = mapped_column(Text, index=True)  # YYYY-MM-DD sorts
    headline: Mapped[str | None] = mapped_column(Text)
    section: Mapped[str | None] = mapped_column(Text)
    byline: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    record_json: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class _Item:
    """Columns every item table shares: its report, its position, its characters."""

    # sort_order puts the key and the offsets first in every table, before the item's fields.
    report_id: Mapped[str] = mapped_column(
        String(64), ForeignKey(_REPORT_FK, ondelete="CASCADE"), primary_key=True, sort_order=-9
    )
    n: Mapped[int] = mapped_column(Integer, primary_key=True, sort_order=-8)


class _Spanned(_Item):
    start: Mapped[int] = mapped_column(Integer, sort_order=-7)
    end: Mapped[int] = mapped_column(Integer, sort_order=-6)
    text: Mapped[str] = mapped_column(Text, sort_order=-5)


class Caption(_Spanned, Base):
    """A photo caption kept out of the body, with its agency credit."""

    __tablename__ = "captions"

    credit: Mapped[str | None] = mapped_column(Text)
    credit_start: Mapped[int | None] = mapped_column(Integer)
    credit_end: Mapped[int | None] = mapped_column(Integer)


class Entity(_Item, Base):
    """An entity of one report (``entity_id`` is the record's id for it)."""

    __tablename__ = "entities"
    __table_args__ = (Index("ix_entities_name", "name"),)

    entity_id: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)


class Mention(_Spanned, Base):
    """One mention of an entity in its report: a name, pronoun, description or title."""

    __tablename__ = "mentions"
    __table_args__ = (
        ForeignKeyConstraint(
            ["report_id", "entity_n"], ["entities.report_id", "entities.n"], ondelete="CASCADE"
        ),
    )

    entity_n: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(Text)


class GlobalEntity(Base):
    """One entity across the whole store (issue 16), kept at ingest: ``store/entities.py``.

    ``id`` is a hash of ``key``, the normalised, case-folded name every variant resolves to,
    so the same reports give the same ids in any order and on any machine.
    """

    __tablename__ = "global_entities"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(Text, unique=True)
    name: Mapped[str] = mapped_column(Text)  # the key's most frequent written form
    type: Mapped[str] = mapped_column(Text)
    aliases: Mapped[str] = mapped_column(Text)  # JSON list of every name that resolves here


class EntityName(Base):
    """One normalised name seen in the store, its counts, and the global entity it resolves to.

    The counts (JSON objects: type or written form to number of report entities) are what
    the resolution rules read; only names with the same ``surname`` affect each other.
    """

    __tablename__ = "global_entity_names"

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    surname: Mapped[str] = mapped_column(Text, index=True)
    global_id: Mapped[str | None] = mapped_column(String(32), ForeignKey(_GLOBAL_FK), index=True)
    types: Mapped[str] = mapped_column(Text)
    names: Mapped[str] = mapped_column(Text)


class EntityLink(Base):
    """A named entity of one report, linked to the global entity it resolves to."""

    __tablename__ = "entity_links"
    __table_args__ = (
        ForeignKeyConstraint(
            ["report_id", "entity_n"], ["entities.report_id", "entities.n"], ondelete="CASCADE"
        ),
    )

    report_id: Mapped[str] = mapped_column(
        String(64), ForeignKey(_REPORT_FK, ondelete="CASCADE"), primary_key=True
    )
    entity_n: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[str] = mapped_column(Text)  # the record's id (entities.entity_id)
    name_key: Mapped[str] = mapped_column(Text, index=True)  # global_entity_names.key
    global_id: Mapped[str] = mapped_column(String(32), ForeignKey(_GLOBAL_FK), index=True)


class Quote(_Item, Base):
    """Who said what; the words are in ``quote_parts``, their extent in ``start``/``end``."""

    __tablename__ = "quotes"
    __table_args__ = (
        Index("ix_quotes_speaker_name", "speaker_name"),
        Index("ix_quotes_speaker_global", "speaker_global"),
    )

    kind: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)  # from the first part's start
    end: Mapped[int] = mapped_column(Integer)  # to the last part's end
    content: Mapped[str] = mapped_column(Text)  # the parts joined with " … "
    speaker: Mapped[str | None] = mapped_column(Text)
    speaker_start: Mapped[int | None] = mapped_column(Integer)
    speaker_end: Mapped[int | None] = mapped_column(Integer)
    speaker_entity: Mapped[str | None] = mapped_column(Text)
    speaker_name: Mapped[str | None] = mapped_column(Text)
    speaker_type: Mapped[str] = mapped_column(Text)
    cue: Mapped[str | None] = mapped_column(Text)
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    venue: Mapped[str | None] = mapped_column(Text)
    via: Mapped[str | None] = mapped_column(Text)
    audience: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(Text)
    # Version 9: the global entity of speaker_entity (entity_links), for joins across reports.
    speaker_global: Mapped[str | None] = mapped_column(String(32), ForeignKey(_GLOBAL_FK))
    # Version 10: a syndicated copy's quote with its original's words: counted once, there.
    repeated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class QuotePart(_Spanned, Base):
    """One span of a quote's content (a quote may run over several pieces)."""

    __tablename__ = "quote_parts"
    __table_args__ = (
        ForeignKeyConstraint(
            ["report_id", "quote_n"], ["quotes.report_id", "quotes.n"], ondelete="CASCADE"
        ),
    )

    quote_n: Mapped[int] = mapped_column(Integer)


class Figure(_Spanned, Base):
    """A reported figure: what it counts, who says so, and when."""

    __tablename__ = "figures"
    __table_args__ = (
        Index("ix_figures_unit_what", "unit", "what"),
        Index("ix_figures_source_entity", "source_entity"),
        Index("ix_figures_source_global", "source_global"),
    )

    value: Mapped[float | None] = mapped_column(Float)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    approx: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(Text)
    what: Mapped[str | None] = mapped_column(Text)
    ordinal: Mapped[bool] = mapped_column(Boolean)
    cumulative: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(Text)
    in_caption: Mapped[bool] = mapped_column(Boolean)
    # Version 7, last so that a new store and a migrated one have their columns in one order.
    source_entity: Mapped[str | None] = mapped_column(Text)  # entities.entity_id
    # Version 9: the global entity of source_entity.
    source_global: Mapped[str | None] = mapped_column(String(32), ForeignKey(_GLOBAL_FK))
    # Version 10: a syndicated copy's figure with its original's words and values.
    repeated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class DateRow(_Spanned, Base):
    """A date mention resolved against the publication date."""

    __tablename__ = "dates"

    value: Mapped[str | None] = mapped_column(Text)
    type: Mapped[str] = mapped_column(Text)


class Event(_Spanned, Base):
    """A PLOVER event as one report tells it."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_date", "date"),
        Index("ix_events_actor_entity", "actor_entity"),
        Index("ix_events_target_entity", "target_entity"),
        Index("ix_events_actor_global", "actor_global"),
        Index("ix_events_target_global", "target_global"),
    )

    type: Mapped[str] = mapped_column(Text)
    mode: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str | None] = mapped_column(Text)
    target: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    attribution: Mapped[str | None] = mapped_column(Text)
    # Version 7, last so that a new store and a migrated one have their columns in one order.
    actor_entity: Mapped[str | None] = mapped_column(Text)  # entities.entity_id
    target_entity: Mapped[str | None] = mapped_column(Text)  # entities.entity_id
    # Version 9: the global entities of actor_entity and target_entity.
    actor_global: Mapped[str | None] = mapped_column(String(32), ForeignKey(_GLOBAL_FK))
    target_global: Mapped[str | None] = mapped_column(String(32), ForeignKey(_GLOBAL_FK))


class FailureRow(Base):
    """An input that gave no report, and why; one row per input, the latest reason."""

    __tablename__ = "failures"

    input: Mapped[str] = mapped_column(Text, primary_key=True)
    reason: Mapped[str] = mapped_column(Text)
    failed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CopyRow(Base):
    """One input that carries a stored report: the same story from another outlet or url.

    ``original_id`` is the report first stored (copies never chain: a copy of a copy names
    the first). ``report_id`` is the copy's own stored report when its text differs (re-
    headlined, trimmed, a boilerplate line added), NULL when the text is identical: then its
    record is the original's and nothing was parsed again.
    """

    __tablename__ = "copies"
    __table_args__ = (Index("ix_copies_report_id", "report_id"),)

    original_id: Mapped[str] = mapped_column(
        String(64), ForeignKey(_REPORT_FK, ondelete="CASCADE"), primary_key=True
    )
    source: Mapped[str] = mapped_column(Text, primary_key=True)  # the input, as failures key it
    report_id: Mapped[str | None] = mapped_column(
        String(64), ForeignKey(_REPORT_FK, ondelete="CASCADE")
    )
    url: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(Text)
    headline: Mapped[str | None] = mapped_column(Text)
    similarity: Mapped[float] = mapped_column(Float)  # shingle containment; 1.0 if identical
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ReportKey(Base):
    """One MinHash value of a report's text: reports sharing keys are candidate copies."""

    __tablename__ = "report_keys"

    key: Mapped[int] = mapped_column(BigInteger, primary_key=True)  # band << 32 | min hash
    report_id: Mapped[str] = mapped_column(
        String(64), ForeignKey(_REPORT_FK, ondelete="CASCADE"), primary_key=True
    )
    # the report's count of distinct shingles (the same on each of its keys): with the keys
    # shared, it estimates how much of the smaller text the other holds (version 11)
    size: Mapped[int | None] = mapped_column(Integer)


class StoryCache(Base):
    """The story's grouped counts as of one state of the store (``store/queries/cache.py``)."""

    __tablename__ = "story_cache"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(Text)  # counts of reports and copies, latest ingest
    payload: Mapped[str] = mapped_column(Text)  # JSON
    written_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
