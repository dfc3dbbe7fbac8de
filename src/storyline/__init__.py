"""storyline: read news reports into a sourced record of a story.

>>> import storyline
>>> record = storyline.read("report.txt", published="2023-12-04")  # doctest: +SKIP
>>> record = storyline.read_text("The talks resumed on Monday.", published="2023-12-06")
>>> record.dates[0].value
'2023-12-04'
"""

import logging
from typing import TYPE_CHECKING, Any

from storyline.errors import (
    BinaryInputError,
    DecodeError,
    EmptyInputError,
    InputError,
    MissingInputError,
    ModelError,
    RecordError,
    SettingsError,
    StorylineError,
    TooLargeError,
    UnsupportedInputError,
)
from storyline.record import (
    SCHEMA,
    ArticleRecord,
    Caption,
    DateMention,
    Entity,
    Event,
    Figure,
    Mention,
    Quote,
    Span,
    dumps,
    loads,
)
from storyline.settings import Settings, load_settings
from storyline.store import (
    DEFAULT_DB,
    EXPORT_FORMATS,
    TABLES,
    IngestSummary,
    Store,
    StoreError,
    datasette_metadata,
    export_table,
    open_store,
)
from storyline.story import (
    FRAMES,
    Disagreement,
    FigureHistory,
    FigurePoint,
    SpeakerHistory,
    Statement,
    Story,
    StoryEntity,
    StoryError,
    StoryEvent,
    build_story,
    load_story,
)

if TYPE_CHECKING:
    from storyline.api import read, read_many, read_text
    from storyline.engine import Copy, Failure

__version__ = "0.1.0"

# Reading needs spaCy, which takes most of a second to import; the commands and programs that
# only query a store (story, export, serve) never pay for it. PEP 562: loaded on first use.
_LAZY = {
    "read": "storyline.api",
    "read_many": "storyline.api",
    "read_text": "storyline.api",
    "Failure": "storyline.engine",
    "Copy": "storyline.engine",
}


def __getattr__(name: str) -> Any:  # noqa: ANN401 - whatever the lazy name is
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'storyline' has no attribute {name!r}")


__all__ = [
    "DEFAULT_DB",
    "EXPORT_FORMATS",
    "FRAMES",
    "SCHEMA",
    "TABLES",
    "ArticleRecord",
    "BinaryInputError",
    "Caption",
    "Copy",
    "DateMention",
    "DecodeError",
    "Disagreement",
    "EmptyInputError",
    "Entity",
    "Event",
    "Failure",
    "Figure",
    "FigureHistory",
    "FigurePoint",
    "IngestSummary",
    "InputError",
    "Mention",
    "MissingInputError",
    "ModelError",
    "Quote",
    "RecordError",
    "Settings",
    "SettingsError",
    "Span",
    "SpeakerHistory",
    "Statement",
    "Store",
    "StoreError",
    "Story",
    "StoryEntity",
    "StoryError",
    "StoryEvent",
    "StorylineError",
    "TooLargeError",
    "UnsupportedInputError",
    "__version__",
    "build_story",
    "datasette_metadata",
    "dumps",
    "export_table",
    "load_settings",
    "load_story",
    "loads",
    "open_store",
    "read",
    "read_many",
    "read_text",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
