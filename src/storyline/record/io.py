"""JSON (de)serialisation of article records: the exact bytes outside scorers read."""

from __future__ import annotations

import json

from pydantic import ValidationError

from storyline.errors import RecordError
from storyline.record.model import ArticleRecord

__all__ = ["dumps", "loads"]


def dumps(record: ArticleRecord, *, indent: int | None = None) -> str:
    """Return the record as JSON; ``schema`` first, non-ASCII kept as is.

    Args:
        record: the record to serialise.
        indent: pretty-print with this indent; ``None`` gives one line (for JSONL).
    """
    data = record.model_dump(mode="json", by_alias=True)
    ordered = {"schema": data.pop("schema")} | data
    return json.dumps(ordered, ensure_ascii=False, indent=indent)


def loads(raw: str | bytes) -> ArticleRecord:
    """Parse and validate one JSON record.

    Raises:
        RecordError: the JSON is not a valid ``storyline.article/1`` record.
    """
    try:
        return ArticleRecord.model_validate_json(raw)
    except ValidationError as exc:
        raise RecordError(f"not a valid article record: {exc.error_count()} error(s)") from exc
