"""ParquetDataset: records written as a Parquet dataset, one part file per few hundred reports.

A row is one report: a few columns to filter on without parsing anything (``id``, ``source``,
``published``, ``outlet``, ``url``, ``headline``) and ``record``, the record's JSON exactly as
``storyline.dumps`` writes it, which ``storyline.loads`` (and so ``storyline ingest``) reads
back. Nested columns would save space but tie the file to one schema version; the JSON column
carries its own ``schema`` field and is upgraded on read like any other record.

Parts are written whole and renamed into place (``part-00000.parquet``, ...), so a run that is
stopped leaves only complete parts, in input order. pyarrow is imported only here, when a
dataset is written, so it stays an optional dependency.
"""

from __future__ import annotations

import logging
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any

from storyline.errors import StorylineError
from storyline.record.io import dumps
from storyline.record.model import ArticleRecord

__all__ = ["PYARROW_HINT", "ROWS_PER_PART", "ParquetDataset"]

log = logging.getLogger(__name__)

# Reports per part file: a record's JSON is ~20-60 kB for a 700-word report, so a part holds
# ~10-30 MB in memory before it is written, and a 250,000-report day is ~500 files.
ROWS_PER_PART = 500
PYARROW_HINT = "writing Parquet needs pyarrow: pip install pyarrow==26.0.1"
_COLUMNS = ("id", "source", "published", "outlet", "url", "headline", "record")


class ParquetDataset:
    """A Parquet dataset being written, a directory of part files in input order.

    Example:
        >>> with ParquetDataset("reports.parquet") as out:
        ...     for rec in storyline.read_many(["reports/"]):
        ...         out.add(rec)

    Raises:
        StorylineError: pyarrow is not installed, or the directory already holds parts.
    """

    def __init__(self, path: str | Path, *, rows_per_part: int = ROWS_PER_PART) -> None:
        self.path = Path(path)
        self.rows_per_part = rows_per_part
        self.n_rows = 0
        self.n_parts = 0
        self._pa, self._pq = _pyarrow()
        if self.path.exists() and any(self.path.glob("*.parquet")):
            raise StorylineError(
                f"{self.path}: already holds a Parquet dataset; name a new directory"
            )
        self.path.mkdir(parents=True, exist_ok=True)
        self._rows: dict[str, list[str | None]] = {c: [] for c in _COLUMNS}

    def add(self, rec: ArticleRecord) -> None:
        """Add one record; a part is written each ``rows_per_part`` records."""
        row = {
            "id": rec.id,
            "source": rec.source,
            "published": rec.published,
            "outlet": rec.outlet,
            "url": rec.url,
            "headline": rec.headline.text if rec.headline else None,
            "record": dumps(rec),
        }
        for name, value in row.items():
            self._rows[name].append(value)
        self.n_rows += 1
        if len(self._rows["id"]) >= self.rows_per_part:
            self._flush()

    def close(self) -> None:
        """Write the last part."""
        self._flush()
        log.info("wrote %d records in %d parts to %s", self.n_rows, self.n_parts, self.path)

    def _flush(self) -> None:
        if not self._rows["id"]:
            return
        pa = self._pa
        table = pa.table({c: pa.array(v, type=pa.string()) for c, v in self._rows.items()})
        final = self.path / f"part-{self.n_parts:05d}.parquet"
        tmp = final.with_name("." + final.name + ".tmp")
        self._pq.write_table(table, tmp, compression="zstd")
        tmp.replace(final)
        self.n_parts += 1
        self._rows = {c: [] for c in _COLUMNS}

    def __enter__(self) -> ParquetDataset:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _pyarrow() -> tuple[Any, ModuleType]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise StorylineError(PYARROW_HINT) from exc
    return pa, pq
