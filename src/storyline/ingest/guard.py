"""The ingest layer's error boundary: one bad input, or one bad item in it, is one InputError.

Readers lean on libraries (json, lxml, trafilatura, htmldate, feedparser, warcio) that fail on
hostile bytes in ways no list of exception types keeps up with: ``RecursionError`` on deep
JSON, ``ValueError`` on a 4,301-digit number, ``AttributeError`` inside warcio on a record
with no target URI. The promise is "one bad input, one line, the rest goes on", so each input
and each item of a multi-article input (a JSONL line, a feed entry, a WARC record) is read
inside ``contain``: an InputError passes as is, any other exception becomes an
``UnreadableInputError`` that names the item and keeps the exception as its cause (traceback
logged at DEBUG). This module is the one place the ingest layer catches ``Exception``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from storyline.errors import InputError, UnreadableInputError

__all__ = ["contain", "contain_each"]

log = logging.getLogger(__name__)

T = TypeVar("T")


def contain(source: str, read: Callable[[], T]) -> T | InputError:
    """Return what ``read()`` returns, or the InputError that stands for its failure.

    Args:
        source: the name of the input or item being read, for the error.
        read: reads it; may raise anything.
    """
    try:
        return read()
    except InputError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - the per-input boundary (module docstring)
        return _unreadable(source, exc)


def contain_each(source: str, items: Iterable[T]) -> Iterator[T | InputError]:
    """Yield the items of a reader; if it fails, yield the failure in place and stop.

    A generator that raised is finished, so what it yielded before is kept and the error
    stands for the rest of the input.

    Args:
        source: the name of the input, for the error.
        items: a reader's stream of articles and per-item errors.
    """
    it = iter(items)
    while True:
        try:
            item = next(it)
        except StopIteration:
            return
        except InputError as exc:
            yield exc
            return
        except Exception as exc:  # noqa: BLE001 - the per-input boundary (module docstring)
            yield _unreadable(source, exc)
            return
        yield item


def _unreadable(source: str, exc: Exception) -> UnreadableInputError:
    log.debug("%s: reading failed", source, exc_info=exc)
    return UnreadableInputError(source, exc)
