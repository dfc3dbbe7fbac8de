"""The store layer: records in SQLite or PostgreSQL, each report once, a transaction per batch."""

from storyline.store.copies import Carrier, CopyLike, Syndication
from storyline.store.datasette import METADATA_FILE, datasette_metadata
from storyline.store.export import EXPORT_FORMATS, export_table
from storyline.store.migrations import MIGRATIONS, VIEWS, Migration, migrate
from storyline.store.store import (
    DEFAULT_DB,
    TABLES,
    FailureLike,
    IngestSummary,
    Store,
    StoreError,
    open_store,
)

__all__ = [
    "DEFAULT_DB",
    "EXPORT_FORMATS",
    "METADATA_FILE",
    "MIGRATIONS",
    "TABLES",
    "VIEWS",
    "Carrier",
    "CopyLike",
    "FailureLike",
    "IngestSummary",
    "Migration",
    "Store",
    "StoreError",
    "Syndication",
    "datasette_metadata",
    "export_table",
    "migrate",
    "open_store",
]
