"""Explorer: what the web pages show, read from a store opened read-only.

Every page but the map reads the story from SQL (``storyline.story.summary`` over the store's
query API): the summary (counts, speakers, counted things, disagreements) is a few grouped
queries whatever the size of the store, kept per state of the store; pages ask for their own
rows (one speaker's statements, a page of events, one entity). Every request asks the store
for a cheap fingerprint (how many reports, the latest ingest) and reads the summary again only
when an ingest has added reports since. The summary starts in the background when the server
starts, so the server answers at once.

The map (and the events page narrowed to one of its places) still shows the story
``storyline story`` prints, built by ``storyline.story`` from every record (about a second
for ten thousand reports, gigabytes at a hundred thousand): it is built when first asked for,
once per state of the store.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from storyline.record.model import ArticleRecord
from storyline.store import queries
from storyline.store.copies import Syndication
from storyline.store.store import Store, StoreError
from storyline.story import Story, load_story
from storyline.story.figures import FigureHistory
from storyline.story.speakers import SpeakerHistory
from storyline.story.summary import StorySummary, summarize

__all__ = ["Explorer", "StoryView", "is_report_id"]

log = logging.getLogger(__name__)

_REPORT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def is_report_id(value: str) -> bool:
    """Whether a string can be a report id (a record id is a hex hash; tests use plain words)."""
    return _REPORT_ID.fullmatch(value) is not None


@dataclass(frozen=True, slots=True)
class StoryView:
    """The story with the lookups the pages need, computed once per state of the store."""

    story: Story
    events_per_day: Mapping[str, Mapping[str, int]]
    disputed: Mapping[tuple[str, str | None], frozenset[str]]
    named: tuple[SpeakerHistory, ...]
    anonymous: tuple[SpeakerHistory, ...]
    speakers: Mapping[tuple[str, bool], SpeakerHistory] = field(repr=False)

    def disputed_dates(self, history: FigureHistory) -> frozenset[str]:
        """The dates on which sources disagree about this counted thing."""
        return self.disputed.get((history.unit, history.what), frozenset())

    def speaker(self, name: str, *, anonymous: bool) -> SpeakerHistory | None:
        """The history of one speaker, by the name the speakers page shows."""
        return self.speakers.get((name.casefold(), anonymous))


def story_view(story: Story) -> StoryView:
    """Index a story for the pages drawn from it: events per day, disputed dates, speakers."""
    per_day: dict[str, Counter[str]] = defaultdict(Counter)
    for event in story.events:
        if event.date and _ISO_DAY.fullmatch(event.date):
            per_day[event.date][event.type.upper()] += 1
    disputed: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    for d in story.disagreements:
        disputed[(d.unit, d.what)].add(d.date)
    return StoryView(
        story=story,
        events_per_day={day: dict(c) for day, c in sorted(per_day.items())},
        disputed={k: frozenset(v) for k, v in disputed.items()},
        named=tuple(h for h in story.speakers if not h.is_anonymous),
        anonymous=tuple(h for h in story.speakers if h.is_anonymous),
        speakers={(h.speaker.casefold(), h.is_anonymous): h for h in story.speakers},
    )


class Explorer:
    """The read-only store behind the pages, with the story kept between requests."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._view: StoryView | None = None
        self._built_for: tuple[int, str] | None = None
        self._summary_lock = threading.Lock()
        self._summary: tuple[tuple[int, str], StorySummary] | None = None

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

    def fingerprint(self) -> tuple[int, str]:
        """How many reports, and the latest ingest time: changes whenever reports are added."""
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

    def view(self) -> StoryView:
        """The story of the whole store, rebuilt only when reports were added since."""
        current = self.fingerprint()
        with self._lock:
            if self._view is None or self._built_for != current:
                log.info("building the story of %d reports", current[0])
                self._view = story_view(load_story(self.store))
                self._built_for = current
            return self._view

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
