"""The StorylineError tree: every error the library raises on purpose.

    StorylineError
    ├── InputError            an input cannot be read as an article
    │   ├── MissingInputError     the path does not exist
    │   ├── EmptyInputError       nothing but whitespace
    │   ├── BinaryInputError      bytes that are not text
    │   ├── DecodeError           text whose encoding cannot be made out
    │   ├── TooLargeError         over the size limit
    │   └── UnsupportedInputError a kind of input storyline does not read
    ├── ModelError            the language pipeline cannot be loaded
    ├── RecordError           a record does not satisfy the contract
    └── SettingsError         a bad configuration key or value

Each error keeps its facts as attributes (``source``, ``size``, ``limit``) and
prints as one line: ``<source>: <what is wrong>[; <what to do>]``.
"""

from __future__ import annotations

__all__ = [
    "BinaryInputError",
    "DecodeError",
    "EmptyInputError",
    "InputError",
    "MissingInputError",
    "ModelError",
    "RecordError",
    "SettingsError",
    "StorylineError",
    "TooLargeError",
    "UnsupportedInputError",
]


class StorylineError(Exception):
    """Base of every error storyline raises on purpose."""


class InputError(StorylineError):
    """An input cannot be read as an article."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class MissingInputError(InputError):
    """The path does not exist."""

    def __init__(self, source: str) -> None:
        super().__init__(source, "no such file or directory")


class EmptyInputError(InputError):
    """The input holds nothing but whitespace."""

    def __init__(self, source: str) -> None:
        super().__init__(source, "empty input: no text to read")


class BinaryInputError(InputError):
    """The input is binary data, not text."""

    def __init__(self, source: str, detail: str = "binary data, not text") -> None:
        super().__init__(source, detail)


class DecodeError(InputError):
    """The input's encoding cannot be made out."""

    def __init__(self, source: str) -> None:
        super().__init__(source, "cannot decode the text: encoding not recognised")


class TooLargeError(InputError):
    """The input is over the size limit."""

    def __init__(self, source: str, size: int, limit: int) -> None:
        self.size = size
        self.limit = limit
        super().__init__(
            source,
            f"{size:,} bytes exceeds max_bytes={limit:,}; split the input or raise "
            "STORYLINE_MAX_BYTES",
        )


class UnsupportedInputError(InputError):
    """A kind of input storyline does not read."""


class ModelError(StorylineError):
    """The language pipeline cannot be loaded."""


class RecordError(StorylineError):
    """A record does not satisfy the contract."""


class SettingsError(StorylineError):
    """A bad configuration key or value."""
