"""storyline: read news reports into a sourced record of a story.

>>> import storyline
>>> record = storyline.read("report.txt", published="2023-12-04")
>>> record.dates[0].value
"""

import logging

from storyline.api import read, read_many
from storyline.engine import Failure
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

__version__ = "0.1.0"

__all__ = [
    "SCHEMA",
    "ArticleRecord",
    "BinaryInputError",
    "Caption",
    "DateMention",
    "DecodeError",
    "EmptyInputError",
    "Entity",
    "Event",
    "Failure",
    "Figure",
    "InputError",
    "Mention",
    "MissingInputError",
    "ModelError",
    "Quote",
    "RecordError",
    "Settings",
    "SettingsError",
    "Span",
    "StorylineError",
    "TooLargeError",
    "UnsupportedInputError",
    "__version__",
    "dumps",
    "load_settings",
    "loads",
    "read",
    "read_many",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
