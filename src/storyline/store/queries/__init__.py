"""The store's query API for the story and the explorer (issue 16): aggregates, not records.

The explorer used to load and validate every record's JSON to build the story in memory; at a
hundred thousand reports that is minutes and gigabytes. These queries answer the same
questions over the item tables instead, with the indexes they need (migrations), and give
back plain rows: counts, dates, names and offsets, never ORM objects or records. The story
layer (``storyline.story.summary`` and ``storyline.story.pages``) turns them into what the
pages show. The whole store's grouped counts are kept between ingests (``cache``).

Cross-report identity is the store's global entities (``global_entities``, kept at ingest by
the entity layer's rules): an item names someone across reports through its ``*_global``
column. A name with no global entity (an unnamed "the agency", a group) is keyed by its
words, case-folded (the story resolves it further: ``storyline.story.store_names``).

A syndicated copy's item that repeats its original's words is left out wherever items are
counted (``repeated``, marked at ingest): the wire story carried by ten outlets is one source.
"""

from storyline.store.queries._common import EVERY, EntityRow, ReportRow, Scope
from storyline.store.queries.cache import (
    Counts,
    carry_over,
    compute,
    counts,
    is_current,
    refresh,
)
from storyline.store.queries.corpus import Totals, fingerprint, outlets, totals
from storyline.store.queries.entities import (
    cooccurring,
    entities_by_ids,
    entities_of_types,
    entity_by_key,
    entity_reports,
    global_id_of_name,
    globals_of_names,
    surname_owners,
)
from storyline.store.queries.events import (
    EventFilter,
    EventRow,
    event_count,
    event_days,
    event_places,
    event_totals,
    event_types,
    place_tellings,
    report_places,
    story_events,
)
from storyline.store.queries.figures import (
    BoundsRow,
    FigureRow,
    figure_bounds,
    figure_claims,
    figure_points,
    figure_things,
)
from storyline.store.queries.speakers import (
    SpeakerRow,
    StatementRow,
    speakers,
    statement_count,
    statements,
)

__all__ = [
    "EVERY",
    "BoundsRow",
    "Counts",
    "EntityRow",
    "EventFilter",
    "EventRow",
    "FigureRow",
    "ReportRow",
    "Scope",
    "SpeakerRow",
    "StatementRow",
    "Totals",
    "carry_over",
    "compute",
    "cooccurring",
    "counts",
    "entities_by_ids",
    "entities_of_types",
    "entity_by_key",
    "entity_reports",
    "event_count",
    "event_days",
    "event_places",
    "event_totals",
    "event_types",
    "figure_bounds",
    "figure_claims",
    "figure_points",
    "figure_things",
    "fingerprint",
    "global_id_of_name",
    "globals_of_names",
    "is_current",
    "outlets",
    "place_tellings",
    "refresh",
    "report_places",
    "speakers",
    "statement_count",
    "statements",
    "story_events",
    "surname_owners",
    "totals",
]
