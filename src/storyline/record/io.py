"""JSON (de)serialisation of article records: the exact bytes outside scorers read."""

from __future__ import annotations

import json
import re

from pydantic import ValidationError

from storyline.errors import RecordError
from storyline.record.model import ArticleRecord

__all__ = ["dumps", "loads"]

# Kept as \uXXXX escapes though the JSON is otherwise written as UTF-8: U+0085, U+2028 and
# U+2029 end a line for many line readers (Python's str.splitlines, JavaScript before ES2019),
# which would cut a JSONL record in two; a lone surrogate cannot be encoded as UTF-8 at all.
# Both escapes are valid JSON, and json.loads turns them back into the same characters.
_ESCAPED = re.compile(r"[\u0085\u2028\u2029\ud800-\udfff]")


def dumps(record: ArticleRecord, *, indent: int | None = None) -> str:
    r"""Return the record as JSON; ``schema`` first, non-ASCII kept as is.

    The result always encodes as UTF-8 and, with ``indent=None``, is always one line: line
    separators and lone surrogates in the text are written as ``\uXXXX`` escapes.

    Args:
        record: the record to serialise.
        indent: pretty-print with this indent; ``None`` gives one line (for JSONL).
    """
    data = record.model_dump(mode="json", by_alias=True)
    ordered = {"schema": data.pop("schema")} | data
    raw = json.dumps(ordered, ensure_ascii=False, indent=indent)
    return _ESCAPED.sub(_escape, raw)


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def loads(raw: str | bytes) -> ArticleRecord:
    """Parse and validate one JSON record.

    Raises:
        RecordError: the JSON is not a valid ``storyline.article/1`` record.
    """
    try:
        try:
            return ArticleRecord.model_validate_json(raw)
        except ValidationError as exc:
            if not _is_json_error(exc):
                raise
            # pydantic's fast JSON parser refuses a lone surrogate's escape ("\\ud800"), which
            # dumps() writes for such text; the standard parser reads it back.
            try:
                data = json.loads(raw)
            except ValueError:
                raise exc from None
            return ArticleRecord.model_validate(data)
    except ValidationError as exc:
        raise RecordError(f"not a valid article record: {exc.error_count()} error(s)") from exc


def _is_json_error(exc: ValidationError) -> bool:
    return any(e["type"] == "json_invalid" for e in exc.errors())
