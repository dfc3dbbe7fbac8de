"""Datasette metadata for a store: every table and column described, and the search tables.

Shipped as ``datasette-metadata.json`` beside this module. Datasette keys a database by its
file name without the suffix (``story.db`` is ``story``), so ``datasette_metadata()`` gives the
file with its one database renamed for the store at hand::

    storyline export --db story.db --datasette-metadata > metadata.json
    datasette story.db --metadata metadata.json
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from storyline.store.store import DEFAULT_DB, _url

__all__ = ["METADATA_FILE", "datasette_metadata"]

METADATA_FILE = "datasette-metadata.json"
_SHIPPED_NAME = "storyline"  # the database key in the shipped file (the default store's stem)


def datasette_metadata(target: str | Path = DEFAULT_DB) -> dict[str, object]:
    """Return Datasette's metadata for the store at a path or URL (the store is not opened).

    Example:
        >>> meta = datasette_metadata("story.db")
        >>> meta["databases"]["story"]["tables"]["reports"]["fts_table"]
        'reports_fts'

    Args:
        target: the store as given to ``open_store``; a SQLite file names the database, any
            other URL keeps the shipped name (Datasette serves SQLite files only).

    Raises:
        StoreError: the target is not a path or a database URL.
    """
    raw = resources.files("storyline.store").joinpath(METADATA_FILE).read_text("utf-8")
    meta: dict[str, Any] = json.loads(raw)
    url = _url(target)
    name = _SHIPPED_NAME
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        name = Path(url.database or "").stem
    meta["databases"] = {name: meta["databases"][_SHIPPED_NAME]}
    return meta
