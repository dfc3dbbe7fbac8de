"""Explorer: what the web pages show, read from a store opened read-only.

Every page reads the story from SQL (``storyline.story.summary`` and ``story.event_map``
over the store's query API), never by loading records: the summary (counts, speakers,
counted things, disagreements) is a few grouped queries whatever the size of the store, kept
per state of the store; pages ask for their own rows (one speaker's statements, a page of
events, one entity, the map's places). Every request asks the store for a cheap fingerprint
(how many reports, the latest ingest) and reads the summary again only when an ingest has
added reports since. The summary starts in the background when the server starts, so the
server answers at once.
"""

from __future__ import annotations

import logging
import re
import threading

from storyline.record.model import ArticleRecord
from storyline.store import queries
from storyline.store.copies import Syndication
from storyline.store.store import Store, StoreError
from storyline.story.summary import StorySummary, summarize

__all__ = ["Explorer", "is_report_id"]

log = logging.getLogger(__name__)

_REPORT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def is_report_id(value: str) -> bool:
    """Whether a string can be a report id (a record id is a hex hash; tests use plain words)."""
    return _REPORT_ID.fullmatch(value) is not None


class Explorer:
    """The read-only store behind the pages, with the story's summary kept between requests."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._summary_lock = threading.Lock()
        self._summary: tuple[tuple[int, int, str], StorySummary] | None = None

    def warm(self) -> threading.Thread:
        """Start reading the story's summary in the background; return the thread."""
        thread = threading.Thread(target=self._warm, name="storyline-story", daemon=True)
        thread.start()
        return thread

    def _warm(self) -> None:
        try:
            self.summary()
        except StoreError as exc:  # the page that needs it will report it
            log.warning("reading the story failed: %s", exc)

    def fingerprint(self) -> tuple[int, int, str]:
        """How many reports and copies, and the latest ingest time: changes with every ingest."""
        with self.store.engine.connect() as conn:
            return queries.fingerprint(conn)

    def summary(self) -> StorySummary:
        """The story's summary from SQL, read again only when reports were added since."""
        current = self.fingerprint()
        with self._summary_lock:
            if self._summary is None or self._summary[0] != current:
                log.info("reading the story of %d reports", current[0])
                self._summary = (current, summarize(self.store))
            return self._summary[1]

    def report(self, report_id: str) -> ArticleRecord | None:
        """One stored record, or None when the id is malformed or unknown."""
        if not is_report_id(report_id):
            return None
        try:
            return self.store.get(report_id)
        except StoreError:
            return None

    def copies(self, report_id: str) -> Syndication:
        """The copy links of one report's original: who else carried its story (issue 16)."""
        return self.store.syndication(report_id=report_id)

    def outlets(self) -> list[tuple[str, int]]:
        """Every outlet with its number of reports, most reports first."""
        with self.store.engine.connect() as conn:
            return queries.outlets(conn)
