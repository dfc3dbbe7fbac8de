"""The public functions: read one report from a path or a URL, read a text, read many.

A path and a text are read by two functions, never told apart by guessing (trafilatura's
``fetch_url``/``extract`` split): a mistyped path must fail as a missing file, not become the
text of a record, and a long paragraph must not be taken for a file name.
"""

from __future__ import annotations

import errno
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice
from pathlib import Path
from typing import NoReturn

from storyline.engine import Copy, Failure, process, run
from storyline.engine.run import Known
from storyline.errors import EmptyInputError, InputError, MissingInputError, TooLargeError
from storyline.ingest.dates import parse_published
from storyline.ingest.fetch import is_url
from storyline.ingest.sources import STDIN, read_inputs
from storyline.ingest.text import read_text as _article_of_text
from storyline.record.model import ArticleRecord
from storyline.settings import Settings, load_settings

__all__ = ["read", "read_many", "read_text"]

_SHOWN_CHARS = 80  # of a path that does not exist, in its error
# stat() errors that mean the name points at nothing (a paragraph is ENAMETOOLONG).
_NAMES_NOTHING = frozenset({errno.ENOENT, errno.ENOTDIR, errno.ENAMETOOLONG, errno.ELOOP})


def read(
    path: str | Path,
    *,
    published: date | str | None = None,
    settings: Settings | None = None,
) -> ArticleRecord:
    """Read the one report in a file, or at an http(s) URL, into its record.

    The kind (text, HTML, JSON, feed, WARC) comes from the name and the bytes. To read a
    text you hold in a string, use ``read_text``: a string given here is always a path.

    Args:
        path: a file path, an ``http://``/``https://`` URL, or ``-`` for stdin.
        published: the publication date (``date`` or ``"YYYY-MM-DD"``), over the metadata.
        settings: model and limits (``load_settings()`` when not given).

    Example:
        >>> import storyline
        >>> rec = storyline.read("report.txt", published="2023-12-04")  # doctest: +SKIP
        >>> rec.headline.text  # doctest: +SKIP
        'Chance at another hostage release slim to none as Israeli offensive grows'

    Raises:
        MissingInputError: the path does not exist (it is never read as text).
        InputError: the input cannot be read as one article; a folder or a batch holding
            several reports is refused (``read_many`` reads those).
        SettingsError: ``published`` is not a date of the form YYYY-MM-DD.
        ModelError: the language pipeline cannot be loaded.
    """
    pub = parse_published(published)
    settings = settings or load_settings()
    source = str(path)
    if not is_url(source) and source != STDIN:
        _check_exists(path)
    items = read_inputs(
        [path], published=pub, max_bytes=settings.max_bytes, timeout=settings.fetch_timeout
    )
    head = list(islice(items, 2))
    if len(head) > 1:
        raise InputError(source, "holds more than one report; read it with storyline.read_many()")
    return _one(process(head, settings), source)


def read_text(
    text: str,
    *,
    published: date | str | None = None,
    source: str = "<text>",
    settings: Settings | None = None,
) -> ArticleRecord:
    """Read a report given as plain text into its record.

    The text is kept exactly as given (nothing stripped or normalised), so every offset in
    the record indexes ``text``. It is read as plain text whatever it looks like.

    Args:
        text: the report.
        published: the publication date (``date`` or ``"YYYY-MM-DD"``); relative dates
            ("on Monday") are resolved against it.
        source: the name the record and its errors give the text (a URL, an id).
        settings: model and limits (``load_settings()`` when not given).

    Example:
        >>> import storyline
        >>> rec = storyline.read_text("Officials said on Monday that 40 people were rescued.",
        ...                           published="2024-05-08")
        >>> [d.value for d in rec.dates]
        ['2024-05-06']

    Raises:
        EmptyInputError: the text is nothing but whitespace.
        TooLargeError: the text is over ``settings.max_bytes`` in UTF-8.
        SettingsError: ``published`` is not a date of the form YYYY-MM-DD.
        ModelError: the language pipeline cannot be loaded.
    """
    pub = parse_published(published)
    settings = settings or load_settings()
    if not text.strip():
        raise EmptyInputError(source)
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > settings.max_bytes:
        raise TooLargeError(source, size, settings.max_bytes)
    article = _article_of_text(source, text, published=pub)
    return _one(process([article], settings), source)


def read_many(
    paths: Iterable[str | Path],
    *,
    published: date | str | None = None,
    settings: Settings | None = None,
    known: Known | None = None,
) -> Iterator[ArticleRecord | Failure | Copy]:
    """Read files, folders, JSONL batches, URLs (``-`` is stdin); yield a record or a Failure each.

    Results come in input order; a failure never stops the batch.

    Example:
        >>> with storyline.open_store("story.db") as store:  # doctest: +SKIP
        ...     store.ingest(storyline.read_many(["feed.rss"], known=store.known))

    Args:
        paths: files, folders, feeds, WARCs, ``http(s)://`` URLs; ``-`` for stdin.
        published: the publication date for every input, over their metadata.
        settings: model, batch size, workers, Dask (``load_settings()`` when not given).
        known: given a batch of report ids, returns those already held (``Store.known``);
            those reports are not parsed: each is yielded as a ``Copy`` (its own source,
            url, outlet and date), which ``Store.ingest`` keeps as a copy of the stored
            report or counts as already stored.

    Raises:
        SettingsError: ``published`` is not a date of the form YYYY-MM-DD (raised at once,
            before anything is read).
    """
    pub = parse_published(published)
    return run(paths, settings or load_settings(), published=pub, known=known)


def _check_exists(path: str | Path) -> None:
    """Raise MissingInputError unless the path names something on disk.

    A name too long for the file system, or holding a NUL, names nothing: it is missing too,
    never text. The note says where text goes, for the caller who meant one.
    """
    try:
        Path(path).stat()
    except OSError as exc:
        if exc.errno not in _NAMES_NOTHING:
            return  # there, but unreadable: the reader says why ("permission denied")
        _raise_missing(path)
    except ValueError:  # a NUL in the name
        _raise_missing(path)


def _raise_missing(path: str | Path) -> NoReturn:
    source = str(path)
    if len(source) > _SHOWN_CHARS:
        source = source[: _SHOWN_CHARS - 1] + "…"
    error = MissingInputError(source)
    error.add_note("storyline.read() reads a path or a URL; storyline.read_text() reads text")
    raise error from None


def _one(results: Iterable[ArticleRecord | Failure], source: str) -> ArticleRecord:
    """The record of a one-report run, or the reason it has none, raised."""
    for result in results:
        if isinstance(result, Failure):
            raise result.error
        return result
    raise EmptyInputError(source)  # an input that yields nothing holds no report
