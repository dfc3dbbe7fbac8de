"""Entity pages: one page per global entity of the store (person, organisation, group, place).

An entity is addressed by its key (``/entity?key=miriam castell``), the canonical normalised
name the store's global entities are kept under (the story resolves to the same keys).
``/entity?name=...`` looks a name up as ``storyline story --about`` does: a bare surname that
ends several people's names ("Clinton") lists them instead of guessing one.

The page is read from SQL (``storyline.story.summary.entity_page``): the entity's reports,
statements, events as actor and as target, the figures it gave (the first ``SHOWN`` of each,
the downloads up to ``DOWNLOADED``), and the entities named in most of its reports.

``EntityIndex`` is the story's own index for the pages still drawn from the built story
(figures, events, speaker): it links the names they show to these pages.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request

from storyline.extract.entities import name_key
from storyline.store.store import Store
from storyline.story.entities import EntityResolver, StoryEntity
from storyline.story.events import StoryEvent
from storyline.story.figures import FigureHistory, FigurePoint
from storyline.story.speakers import SpeakerHistory
from storyline.story.summary import COMPANY_REPORTS, EntityPage, entity_page, find_entity
from storyline.web import tables
from storyline.web.explorer import StoryView
from storyline.web.tables import Row, Table

__all__ = [
    "ENTITY_TABLES",
    "EntityIndex",
    "EntityPages",
    "NameLinks",
    "chosen_entity",
    "entity_context",
    "entity_download",
    "entity_href",
    "entity_index",
    "entity_table",
]

TOP_COOCCURRING = 15  # entities listed as sharing reports with the page's entity
SHOWN = 50  # reports, statements and events of each kind a page shows (newest reports first)
DOWNLOADED = 10_000  # rows of each table in a download
ENTITY_TABLES = ("reports", "statements", "actor", "target", "figures", "cooccurring")
_QUERY_CHUNK = 500  # report ids per IN (...) when reading headlines


@dataclass(frozen=True, slots=True)
class EntityIndex:
    """A story's entities with what each did, said and counted, indexed once per story."""

    by_key: Mapping[str, StoryEntity]
    by_name: Mapping[str, StoryEntity]
    as_actor: Mapping[str, tuple[StoryEvent, ...]]
    as_target: Mapping[str, tuple[StoryEvent, ...]]
    figures: Mapping[str, tuple[FigureHistory, ...]]
    in_report: Mapping[str, tuple[str, ...]] = field(repr=False)
    resolver: EntityResolver = field(repr=False)

    def href(self, name: str | None) -> str | None:
        """The entity page of a name as the story shows it, or None if it is no entity."""
        entity = self.by_name.get(name) if name else None
        return entity_href(entity) if entity is not None else None

    def cooccurring(
        self, entity: StoryEntity, top: int = TOP_COOCCURRING
    ) -> list[tuple[StoryEntity, int]]:
        """The entities in most of this entity's reports, with how many; ties by name."""
        counts: Counter[str] = Counter()
        for report_id in entity.reports:
            counts.update(k for k in self.in_report.get(report_id, ()) if k != entity.key)
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], self.by_key[kv[0]].name))
        return [(self.by_key[k], n) for k, n in ranked[:top]]


def entity_href(entity: StoryEntity) -> str:
    """The address of an entity's page."""
    return "/entity?" + urlencode({"key": entity.key})


def entity_index(view: StoryView) -> EntityIndex:
    """Index a story's entities by key and by display name, with their events and figures."""
    story = view.story
    by_name = {e.name: e for e in story.entities}
    as_actor: dict[str, list[StoryEvent]] = defaultdict(list)
    as_target: dict[str, list[StoryEvent]] = defaultdict(list)
    for event in story.events:
        if event.actor in by_name:
            as_actor[by_name[event.actor].key].append(event)
        if event.target in by_name:
            as_target[by_name[event.target].key].append(event)
    figures: dict[str, list[FigureHistory]] = defaultdict(list)
    for history in story.figures:
        by_source: dict[str, list[FigurePoint]] = defaultdict(list)
        for p in history.points:
            if p.source in by_name:
                by_source[by_name[p.source].key].append(p)
        for key, points in by_source.items():
            figures[key].append(replace(history, points=tuple(points)))
    in_report: dict[str, list[str]] = defaultdict(list)
    for e in story.entities:
        for report_id in e.reports:
            in_report[report_id].append(e.key)
    return EntityIndex(
        by_key={e.key: e for e in story.entities},
        by_name=by_name,
        as_actor={k: tuple(v) for k, v in as_actor.items()},
        as_target={k: tuple(v) for k, v in as_target.items()},
        figures={k: tuple(v) for k, v in figures.items()},
        in_report={k: tuple(v) for k, v in in_report.items()},
        # The story's own lookup rules (surnames, initials) over its entities, as
        # ``story --about`` asks them; the build's alias table is not kept, but every variant
        # an entity was seen under ("Donald J. Trump") is one of its aliases.
        resolver=EntityResolver(
            story.entities,
            {
                name_key(v): e.key
                for e in story.entities
                for v in e.variants
                if name_key(v) != e.key
            },
        ),
    )


class EntityPages:
    """The entity index of each state of the store, built once (like the map's)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._hit: tuple[StoryView, EntityIndex] | None = None

    def of(self, view: StoryView) -> EntityIndex:
        """The entity index of this view's story."""
        with self._lock:
            if self._hit is None or self._hit[0] is not view:
                self._hit = (view, entity_index(view))
            return self._hit[1]


@dataclass(frozen=True, slots=True)
class NameLinks:
    """Entity-page links for the names a page shows that are global entities of the store."""

    keys: Mapping[str, str] = field(default_factory=dict)  # global entity key by name shown

    def href(self, name: str | None) -> str | None:
        """The entity page of a name, or None if it is no entity."""
        key = self.keys.get(name) if name else None
        return "/entity?" + urlencode({"key": key}) if key else None


def chosen_entity(store: Store, request: Request) -> StoryEntity | list[tuple[StoryEntity, int]]:
    """The entity a page or download asks for, or the candidates a bare surname could be.

    Candidates come with how many reports name each.

    Raises:
        HTTPException: 400 without ``key`` or ``name``; 404 when nothing matches.
    """
    key = request.query_params.get("key") or None
    name = (request.query_params.get("name") or "")[:200].strip() or None
    if key is not None:
        found = find_entity(store, key=key)
        if not found:
            raise HTTPException(404, f"No entity with the key {key!r} in this story.")
        return found[0][0]
    if name is None:
        raise HTTPException(400, "Ask for an entity by key= or name=.")
    found = find_entity(store, name=name)
    if not found:
        raise HTTPException(404, f"No entity called {name!r} in this story.")
    return found if len(found) > 1 else found[0][0]


def entity_table(kind: str, page: EntityPage) -> Table:
    """One table of an entity page, for its download.

    Raises:
        HTTPException: 404 for a table the page does not have.
    """
    entity = page.entity
    filters = {"key": entity.key}
    if kind == "statements":
        said = page.history or SpeakerHistory(entity.name, entity.type, False, ())
        return replace(tables.statements_table(said), name="entity-statements", filters=filters)
    if kind in ("actor", "target"):
        events = page.as_actor if kind == "actor" else page.as_target
        return replace(tables.events_table(events, filters), name=f"entity-{kind}-events")
    if kind == "figures":
        table = tables.figures_table(page.figures)
        return replace(table, name="entity-figures", filters=filters)
    if kind == "cooccurring":
        rows: list[Row] = [
            {"entity": e.name, "type": e.type, "key": e.key, "reports_together": n}
            for e, n in page.cooccurring
        ]
        return Table(
            "entity-cooccurring", ("entity", "type", "key", "reports_together"), rows, filters
        )
    if kind == "reports":
        rows = [
            {
                "report_id": r.id,
                "published": r.published,
                "outlet": r.outlet,
                "headline": r.headline,
            }
            for r in page.reports
        ]
        return Table(
            "entity-reports", ("report_id", "published", "outlet", "headline"), rows, filters
        )
    raise HTTPException(404, f"No {kind!r} table; there are {', '.join(ENTITY_TABLES)}.")


def entity_context(store: Store, request: Request) -> tuple[str, dict[str, Any]]:
    """The template and context of an entity page, or of the candidates for a name."""
    chosen = chosen_entity(store, request)
    if isinstance(chosen, list):
        name = request.query_params.get("name", "")
        return "entity_candidates.html", {"page": "entity", "asked": name, "candidates": chosen}
    page = entity_page(store, chosen, shown=SHOWN)
    return "entity.html", {
        "page": "entity",
        "entity": page.entity,
        "history": page.history,
        "n_statements": page.n_statements,
        "reports": page.reports,
        "n_reports": page.n_reports,
        "as_actor": page.as_actor,
        "as_target": page.as_target,
        "figures": page.figures,
        "n_figures": sum(len(h.points) for h in page.figures),
        "cooccurring": page.cooccurring,
        "shown": SHOWN,
        "company_reports": COMPANY_REPORTS,
        "ent": NameLinks(page.named),
    }


def entity_download(store: Store, request: Request) -> Table:
    """The table an entity page's download asks for (``/entity/TABLE.FMT?key=...``).

    Raises:
        HTTPException: 404 for a name several people share (a download is one entity's), an
            unknown entity or table.
    """
    chosen = chosen_entity(store, request)
    if isinstance(chosen, list):
        raise HTTPException(404, "That name is several people's; ask by key=.")
    kind = request.path_params["table"]
    if kind not in ENTITY_TABLES:
        raise HTTPException(404, f"No {kind!r} table; there are {', '.join(ENTITY_TABLES)}.")
    return entity_table(kind, entity_page(store, chosen, shown=DOWNLOADED))
