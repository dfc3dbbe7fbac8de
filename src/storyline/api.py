"""The public functions: read one report, read many."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from storyline.engine import Failure, process, run
from storyline.engine.run import Known
from storyline.ingest.dates import parse_published
from storyline.ingest.sources import read_inputs, read_source
from storyline.record.model import ArticleRecord
from storyline.settings import Settings, load_settings

__all__ = ["read", "read_many"]

_MAX_PATH_CHARS = 4096  # longer strings are text, never a path


def read(
    text_or_path: str | Path,
    *,
    published: date | str | None = None,
    settings: Settings | None = None,
) -> ArticleRecord:
    """Read one report, a file path or the text itself, into its record.

    A ``Path``, or a one-line string naming an existing file, is read as a file (its kind
    from its name and bytes); any other string is the report's plain text.

    Example:
        >>> import storyline
        >>> rec = storyline.read("Officials said on Monday that 40 people were rescued.",
        ...                      published="2024-05-08")
        >>> [d.value for d in rec.dates]
        ['2024-05-06']

    Raises:
        InputError: the input cannot be read as an article (the reason names it).
        ModelError: the language pipeline cannot be loaded.
    """
    settings = settings or load_settings()
    pub = parse_published(published)
    if _is_path(text_or_path):
        items = read_inputs([text_or_path], published=pub, max_bytes=settings.max_bytes)
    else:
        data = str(text_or_path).encode("utf-8", "surrogatepass")
        items = read_source("<text>", data, published=pub, max_bytes=settings.max_bytes)
    for result in process(items, settings):
        if isinstance(result, Failure):
            raise result.error
        return result
    raise AssertionError("unreachable: every input yields a record or a failure")


def read_many(
    paths: Iterable[str | Path],
    *,
    published: date | str | None = None,
    settings: Settings | None = None,
    known: Known | None = None,
) -> Iterator[ArticleRecord | Failure]:
    """Read files, folders, JSONL batches (``-`` is stdin); yield a record or a Failure each.

    Results come in input order; a failure never stops the batch.

    Example:
        >>> with storyline.open_store("story.db") as store:  # parse only what is new
        ...     store.ingest(storyline.read_many(["feed.rss"], known=store.known))

    Args:
        paths: files, folders, feeds, WARCs; ``-`` for stdin.
        published: the publication date for every input, over their metadata.
        settings: model, batch size, workers, Dask (``load_settings()`` when not given).
        known: given a batch of report ids, returns those already held (``Store.known``);
            those reports are neither parsed nor yielded.
    """
    pub = parse_published(published)
    return run(paths, settings or load_settings(), published=pub, known=known)


def _is_path(value: str | Path) -> bool:
    if isinstance(value, Path):
        return True
    return len(value) < _MAX_PATH_CHARS and "\n" not in value and Path(value).is_file()
