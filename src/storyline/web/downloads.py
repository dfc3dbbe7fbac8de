"""CSV and JSON downloads of a page's table, safe to open in a spreadsheet.

Report text is hostile here too, in a different way: a spreadsheet runs a cell that starts with
``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return before one) as a formula, so a quote
such as ``=HYPERLINK("http://evil", "click")`` in a CSV would become a live link or worse (CSV
injection, OWASP). Every *text* cell whose first character is one of those, or their full-width
forms, gets a leading apostrophe, the mark spreadsheets read as "this is text" and do not show.
Numbers are written as numbers (a count of -3 stays ``-3``). The JSON download carries every
value exactly as stored, apostrophe-free: it is the one to use when offsets must slice the
report text.

Both are streamed row by row, so a download of a large story does not sit in memory whole, and
both are sent as attachments with a file name made only of ``[a-z0-9-]``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterator
from itertools import islice

from starlette.exceptions import HTTPException
from starlette.responses import StreamingResponse

from storyline.web.tables import Cell, Table

__all__ = ["FORMATS", "FORMULA_STARTS", "csv_cell", "download", "file_name"]

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
# First characters a spreadsheet reads as the start of a formula: = + - @, tab and carriage
# return (OWASP "CSV Injection"), and the full-width forms some spreadsheets fold onto them.
FORMULA_STARTS = frozenset("=+-@\t\r＝＋－＠")
ROWS_PER_CHUNK = 500  # rows encoded per chunk of the streamed body
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
SLUG_CHARS = 40  # longest part of a file name taken from a filter (a speaker's name, words)


def csv_cell(value: Cell) -> str | int | float:
    r"""Return a value as a CSV cell: text that could start a formula prefixed with ``'``.

    Example:
        >>> csv_cell("=SUM(A1)"), csv_cell(-3), csv_cell(["a", "b"]), csv_cell(None)
        ("'=SUM(A1)", -3, 'a; b', '')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return int(value) if isinstance(value, float) and value.is_integer() else value
    text = "; ".join(value) if isinstance(value, list) else value
    return "'" + text if text[:1] in FORMULA_STARTS else text


def file_name(table: Table, fmt: str) -> str:
    """The download's file name: the table's name and its chosen speaker or words, slugged."""
    parts = [table.name]
    for key in ("name", "key", "q", "type", "place", "at", "since", "until"):
        value = table.filters.get(key)
        if value:
            parts.append(_NOT_SLUG.sub("-", value.casefold()).strip("-")[:SLUG_CHARS].strip("-"))
    stem = "-".join(p for p in parts if p)
    return f"storyline-{stem}.{fmt}"


def download(table: Table, fmt: str) -> StreamingResponse:
    """Stream a table as ``csv`` or ``json``, as an attachment.

    Raises:
        HTTPException: 404 for any other format.
    """
    if fmt not in FORMATS:
        raise HTTPException(404, f"No {fmt!r} download; there are {', '.join(FORMATS)}.")
    body = _csv(table) if fmt == "csv" else _json(table)
    disposition = f'attachment; filename="{file_name(table, fmt)}"'
    return StreamingResponse(
        body, media_type=FORMATS[fmt], headers={"content-disposition": disposition}
    )


def _csv(table: Table) -> Iterator[bytes]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.columns)
    rows = iter(table.rows)
    while chunk := list(islice(rows, ROWS_PER_CHUNK)):
        writer.writerows([csv_cell(row.get(c)) for c in table.columns] for row in chunk)
        yield out.getvalue().encode("utf-8")
        out.seek(0)
        out.truncate()
    if out.getvalue():
        yield out.getvalue().encode("utf-8")


def _json(table: Table) -> Iterator[bytes]:
    """``{"table": ..., "filters": {...}, "columns": [...], "rows": [{...}, ...]}``."""
    head = {"table": table.name, "filters": dict(table.filters), "columns": list(table.columns)}
    yield (json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": [').encode("utf-8")
    rows = iter(table.rows)
    first = True
    while chunk := list(islice(rows, ROWS_PER_CHUNK)):
        encoded = ",\n".join(
            json.dumps({c: _finite(row.get(c)) for c in table.columns}, ensure_ascii=False)
            for row in chunk
        )
        yield (("\n" if first else ",\n") + encoded).encode("utf-8")
        first = False
    yield b"\n]}\n"


def _finite(value: Cell) -> Cell:
    """JSON has no infinity or NaN (an open-ended range's end): those are null."""
    return None if isinstance(value, float) and not math.isfinite(value) else value
