"""Tables and views out as CSV, JSONL or Parquet, streamed so a large store fits in memory.

Parquet columns take their types from the table definitions (integers stay integers, offsets
never become floats); views, which carry no declared types, are typed by pyarrow from the rows.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy import Boolean, DateTime, Float, Integer, inspect, select, text
from sqlalchemy.sql.type_api import TypeEngine

from storyline.store.migrations import VIEWS
from storyline.store.store import TABLES, Store, StoreError
from storyline.store.tables import Base

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["EXPORT_FORMATS", "export_table"]

EXPORT_FORMATS = ("csv", "jsonl", "parquet")
_CHUNK = 5_000  # rows fetched and written at a time


def export_table(store: Store, name: str, *, format: str, out: IO[bytes]) -> int:
    """Write one table or view of the store to a binary stream; return the rows written.

    Example:
        >>> with open("quotes.csv", "wb") as fh:
        ...     export_table(store, "quotes_with_speakers", format="csv", out=fh)

    Args:
        store: the store to read.
        name: a table or view name (``TABLES`` lists them).
        format: ``csv``, ``jsonl`` or ``parquet``.
        out: a binary stream (a file opened ``"wb"``, or ``sys.stdout.buffer``).

    Raises:
        StoreError: an unknown table or format, named with the valid ones.
    """
    if name not in TABLES:
        raise StoreError(f"{name}: no such table; choose one of {', '.join(TABLES)}")
    if format not in EXPORT_FORMATS:
        raise StoreError(f"{format}: no such format; choose one of {', '.join(EXPORT_FORMATS)}")
    columns, chunks = _rows(store, name)
    if format == "csv":
        return _write_csv(columns, chunks, out)
    if format == "jsonl":
        return _write_jsonl(columns, chunks, out)
    return _write_parquet(name, columns, chunks, out)


def _rows(store: Store, name: str) -> tuple[list[str], Iterator[list[tuple[Any, ...]]]]:
    conn = store.engine.connect()
    try:
        if name in VIEWS:
            query: Any = text(f"SELECT * FROM {name}")  # name checked against VIEWS above
        else:
            # The columns the store has: one opened without migrating (``create=False``, read
            # only) may predate columns tables.py has since gained, and exports as it stands.
            tbl = Base.metadata.tables[name]
            present = {c["name"] for c in inspect(conn).get_columns(name)}
            query = select(*(c for c in tbl.columns if c.name in present))
            query = query.order_by(*tbl.primary_key.columns)
        result = conn.execution_options(yield_per=_CHUNK).execute(query)
    except BaseException:
        conn.close()
        raise
    columns = list(result.keys())

    def chunks() -> Iterator[list[tuple[Any, ...]]]:
        try:
            for part in result.partitions(_CHUNK):
                yield [tuple(row) for row in part]
        finally:
            conn.close()

    return columns, chunks()


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _write_csv(columns: list[str], chunks: Iterator[list[tuple[Any, ...]]], out: IO[bytes]) -> int:
    stream = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(stream)
    writer.writerow(columns)
    n = 0
    for chunk in chunks:
        writer.writerows([[_plain(v) for v in row] for row in chunk])
        n += len(chunk)
    stream.flush()
    stream.detach()  # leave the caller's stream open
    return n


def _write_jsonl(
    columns: list[str], chunks: Iterator[list[tuple[Any, ...]]], out: IO[bytes]
) -> int:
    n = 0
    for chunk in chunks:
        lines = (
            json.dumps(dict(zip(columns, map(_plain, row), strict=True)), ensure_ascii=False)
            for row in chunk
        )
        out.write(("\n".join(lines) + "\n").encode("utf-8"))
        n += len(chunk)
    out.flush()
    return n


def _write_parquet(
    name: str, columns: list[str], chunks: Iterator[list[tuple[Any, ...]]], out: IO[bytes]
) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema(name, columns)
    if schema is None:  # a view: let pyarrow type the columns from all the rows
        rows = [row for chunk in chunks for row in chunk]
        data = {c: [row[i] for row in rows] for i, c in enumerate(columns)}
        pq.write_table(pa.table(data), out)
        return len(rows)
    n = 0
    with pq.ParquetWriter(out, schema) as writer:
        for chunk in chunks:
            data = {c: [row[i] for row in chunk] for i, c in enumerate(columns)}
            writer.write_table(pa.table(data, schema=schema))
            n += len(chunk)
        if n == 0:
            writer.write_table(schema.empty_table())
    return n


def _arrow_schema(name: str, columns: list[str]) -> pa.Schema | None:
    import pyarrow as pa

    if name not in Base.metadata.tables:
        return None
    tbl = Base.metadata.tables[name]

    def arrow(t: TypeEngine[Any]) -> pa.DataType:
        if isinstance(t, Boolean):
            return pa.bool_()
        if isinstance(t, Integer):
            return pa.int64()
        if isinstance(t, Float):
            return pa.float64()
        if isinstance(t, DateTime):
            return pa.timestamp("us", tz="UTC")
        return pa.string()

    return pa.schema([(c, arrow(tbl.c[c].type)) for c in columns])
