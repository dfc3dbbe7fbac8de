"""The StorylineError tree: every error the library raises on purpose.

    StorylineError
    ├── InputError            an input cannot be read as an article
    │   ├── MissingInputError     the path does not exist, or links to nothing
    │   ├── EmptyInputError       nothing but whitespace
    │   ├── BinaryInputError      bytes that are not text
    │   ├── DecodeError           text whose encoding cannot be made out
    │   ├── TooLargeError         over the size limit (as stored, or once inflated)
    │   ├── UnreadableInputError  a reader or the file system failed on it (cause kept)
    │   └── UnsupportedInputError a kind of input storyline does not read
    ├── ModelError            the language pipeline cannot be loaded
    ├── ParseError            the pipeline failed on one article (cause kept)
    ├── RecordError           a record does not satisfy the contract
    └── SettingsError         a bad configuration key or value

Each error keeps its facts as attributes (``source``, ``size``, ``limit``) and
prints as one line: ``<source>: <what is wrong>[; <what to do>]``. Inputs are hostile: a
file name or a quoted value may hold newlines, terminal escapes, bidi overrides or bytes that
are not UTF-8, so every message goes through ``one_line``, which escapes them.
"""

from __future__ import annotations

import re

__all__ = [
    "BinaryInputError",
    "DecodeError",
    "EmptyInputError",
    "InputError",
    "MissingInputError",
    "ModelError",
    "ParseError",
    "RecordError",
    "SettingsError",
    "StorylineError",
    "TooLargeError",
    "UnreadableInputError",
    "UnsupportedInputError",
    "describe",
    "escape_char",
    "one_line",
]

REASON_CHARS = 300  # a reason longer than this is cut: one line on a terminal, not a page
QUOTE_CHARS = 200  # the part of a library's message (which may quote the input) that is kept

# What a one-line message must not carry as is: C0 and C1 controls (newline, carriage return,
# ESC, NEL U+0085) and DEL; line and paragraph separators; bidi embeddings, overrides and
# isolates, which reorder what a terminal shows (CVE-2021-42574, "Trojan Source"); and lone
# surrogates, which cannot be encoded (a file name's undecodable bytes come as U+DC80..U+DCFF).
_UNPRINTABLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def one_line(text: str, limit: int | None = QUOTE_CHARS) -> str:
    """Return ``text`` safe to print on one line: unprintables escaped, cut to ``limit`` chars.

    A byte smuggled into a file name by ``surrogateescape`` (U+DCFF for 0xFF) is shown as the
    byte it stood for (``x`` and two hex digits after a backslash); any other unprintable as
    its code point. Printable text, accented or not, is left alone, so a message about an
    ordinary input reads as before. An escape is never cut in half.

    Args:
        text: what to show, often quoting an input.
        limit: the most characters kept (an ellipsis marks a cut); ``None`` keeps all.
    """
    if limit is None:
        return _UNPRINTABLE.sub(escape_char, text)
    shown = _UNPRINTABLE.sub(escape_char, text[: limit + 1])  # a char never shows shorter
    if len(shown) <= limit:
        return shown
    pieces: list[str] = []
    room = limit - 1  # for the ellipsis
    for char in text[:limit]:
        piece = escape_char(char) if _UNPRINTABLE.match(char) else char
        if len(piece) > room:
            break
        pieces.append(piece)
        room -= len(piece)
    return "".join(pieces) + "…"


def escape_char(found: re.Match[str] | str) -> str:
    r"""Return one unprintable character as a visible escape (``\x1b``, ``\u202e``).

    A file name's undecodable byte (U+DC80..U+DCFF, from surrogateescape) shows as the byte
    it stood for.
    """
    char = found if isinstance(found, str) else found.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def describe(exc: BaseException) -> str:
    """Return one line naming an exception and what it says: ``RecursionError: ...``.

    An ``OSError`` is told by its ``strerror`` alone ("Permission denied"), as the shell does.
    """
    if isinstance(exc, OSError) and exc.strerror:
        return one_line(exc.strerror)
    message = one_line(str(exc))
    name = type(exc).__name__
    return f"{name}: {message}" if message else name


class StorylineError(Exception):
    """Base of every error storyline raises on purpose."""


class InputError(StorylineError):
    """An input cannot be read as an article."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = one_line(source, limit=None)
        self.reason = one_line(reason, limit=REASON_CHARS)
        super().__init__(f"{self.source}: {self.reason}")


class MissingInputError(InputError):
    """The path does not exist (or is a symbolic link to nothing)."""

    def __init__(self, source: str, detail: str = "no such file or directory") -> None:
        super().__init__(source, detail)


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
    """The input is over the size limit, as stored or once inflated (gzip, deflate)."""

    def __init__(self, source: str, size: int, limit: int, *, inflated: bool = False) -> None:
        self.size = size
        self.limit = limit
        self.inflated = inflated
        what = "inflates past" if inflated else f"{size:,} bytes exceeds"
        super().__init__(
            source,
            f"{what} max_bytes={limit:,}; split the input or raise STORYLINE_MAX_BYTES",
        )


class UnreadableInputError(InputError):
    """A reader or the file system failed on the input; the exception is kept as the cause.

    ``cannot read (RecursionError: maximum recursion depth exceeded ...)``: JSON nested past
    the interpreter's depth, a WARC record warcio cannot parse, a folder that cannot be listed.
    """

    def __init__(self, source: str, exc: BaseException) -> None:
        super().__init__(source, f"cannot read ({describe(exc)})")
        self.__cause__ = exc


class UnsupportedInputError(InputError):
    """A kind of input storyline does not read."""


class ModelError(StorylineError):
    """The language pipeline cannot be loaded."""


class ParseError(StorylineError):
    """The language pipeline failed on one article: ``<source>: cannot parse (<Type>: <msg>)``.

    Only that article fails; the others of its batch are parsed one by one (nlp/parse.py).
    """

    def __init__(self, source: str, cause: BaseException) -> None:
        self.source = source
        self.cause = cause
        super().__init__(f"{one_line(source)}: cannot parse ({describe(cause)})")


class RecordError(StorylineError):
    """A record does not satisfy the contract."""


class SettingsError(StorylineError, ValueError):
    """A bad configuration key or value."""
