"""Entity pages: one page per story entity (person, organisation, group, place).

A story entity is addressed by its key (``/entity?key=miriam castell``), which is stable for a
state of the store because it is the normalised name the story resolved every variant to.
``/entity?name=...`` looks a name up as ``storyline story --about`` does: a bare surname
that ends several people's names ("Clinton") lists them instead of guessing one.

The page gathers what the story already holds about the entity: its statements (its speaker
history), the story events with it as actor or as target, the figures it is the source of,
and the entities that share the most reports with it. The story names actors, targets,
sources and speakers by their story entity's display name (``EntityResolver.name``), and
two entities never share a display name (the key is the name's normalised form), so the
index joins on that name. It is built once per story (``EntityPages.of``), in one pass over
the events, figures and entities; co-occurrence is counted when a page asks, over the
reports of that one entity, not over the whole story.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select
from starlette.exceptions import HTTPException
from starlette.requests import Request

from storyline.extract.entities import name_key
from storyline.store.store import Store
from storyline.store.tables import Report
from storyline.story.entities import EntityResolver, StoryEntity
from storyline.story.events import StoryEvent
from storyline.story.figures import FigureHistory, FigurePoint
from storyline.story.speakers import SpeakerHistory
from storyline.web import tables
from storyline.web.explorer import StoryView
from storyline.web.tables import Row, Table

__all__ = [
    "ENTITY_TABLES",
    "EntityIndex",
    "EntityPages",
    "ReportLine",
    "chosen_entity",
    "entity_context",
    "entity_download",
    "entity_href",
    "entity_index",
    "entity_table",
    "reports_of",
]

TOP_COOCCURRING = 15  # entities listed as sharing reports with the page's entity
REPORTS_SHOWN = 50  # reports linked on the page; the download lists them all
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


def chosen_entity(index: EntityIndex, request: Request) -> StoryEntity | list[StoryEntity]:
    """The entity a page or download asks for, or the candidates a bare surname could be.

    Raises:
        HTTPException: 400 without ``key`` or ``name``; 404 when nothing matches.
    """
    key = request.query_params.get("key") or None
    name = (request.query_params.get("name") or "")[:200].strip() or None
    if key is not None:
        entity = index.by_key.get(key)
        if entity is None:
            raise HTTPException(404, f"No entity with the key {key!r} in this story.")
        return entity
    if name is None:
        raise HTTPException(400, "Ask for an entity by key= or name=.")
    candidates = index.resolver.candidates(name)
    if len(candidates) > 1:
        return candidates
    entity = index.by_name.get(name) or index.resolver.find(name)
    if entity is None:
        raise HTTPException(404, f"No entity called {name!r} in this story.")
    return entity


@dataclass(frozen=True, slots=True)
class ReportLine:
    """A report that mentions an entity, as the page lists it."""

    id: str
    published: str | None
    outlet: str | None
    headline: str | None


def reports_of(store: Store, report_ids: Sequence[str]) -> list[ReportLine]:
    """The reports of these ids with their dates, outlets and headlines, newest first."""
    lines: list[ReportLine] = []
    with store.engine.connect() as conn:
        for i in range(0, len(report_ids), _QUERY_CHUNK):
            chunk = list(report_ids[i : i + _QUERY_CHUNK])
            rows = conn.execute(
                select(Report.id, Report.published, Report.outlet, Report.headline).where(
                    Report.id.in_(chunk)
                )
            ).all()
            lines += [ReportLine(str(r[0]), r[1], r[2], r[3]) for r in rows]
    lines.sort(key=lambda r: (r.published or "", r.id), reverse=True)  # undated last
    return lines


def entity_table(
    kind: str,
    entity: StoryEntity,
    index: EntityIndex,
    history: SpeakerHistory | None,
    reports: Iterable[ReportLine],
) -> Table:
    """One table of an entity page, for its download.

    Raises:
        HTTPException: 404 for a table the page does not have.
    """
    filters = {"key": entity.key}
    if kind == "statements":
        said = history or SpeakerHistory(entity.name, entity.type, False, ())
        return replace(tables.statements_table(said), name="entity-statements", filters=filters)
    if kind in ("actor", "target"):
        events = (index.as_actor if kind == "actor" else index.as_target).get(entity.key, ())
        return replace(tables.events_table(events, filters), name=f"entity-{kind}-events")
    if kind == "figures":
        table = tables.figures_table(index.figures.get(entity.key, ()))
        return replace(table, name="entity-figures", filters=filters)
    if kind == "cooccurring":
        rows: list[Row] = [
            {"entity": e.name, "type": e.type, "key": e.key, "reports_together": n}
            for e, n in index.cooccurring(entity)
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
            for r in reports
        ]
        return Table(
            "entity-reports", ("report_id", "published", "outlet", "headline"), rows, filters
        )
    raise HTTPException(404, f"No {kind!r} table; there are {', '.join(ENTITY_TABLES)}.")


def entity_context(
    view: StoryView, index: EntityIndex, store: Store, request: Request
) -> tuple[str, dict[str, Any]]:
    """The template and context of an entity page, or of the candidates for a name."""
    chosen = chosen_entity(index, request)
    if isinstance(chosen, list):
        name = request.query_params.get("name", "")
        return "entity_candidates.html", {"page": "entity", "asked": name, "candidates": chosen}
    entity = chosen
    history = view.speaker(entity.name, anonymous=False)
    reports = reports_of(store, entity.reports)
    return "entity.html", {
        "page": "entity",
        "entity": entity,
        "history": history,
        "reports": reports[:REPORTS_SHOWN],
        "n_reports": len(entity.reports),
        "as_actor": index.as_actor.get(entity.key, ()),
        "as_target": index.as_target.get(entity.key, ()),
        "figures": index.figures.get(entity.key, ()),
        "n_figures": sum(len(h.points) for h in index.figures.get(entity.key, ())),
        "cooccurring": index.cooccurring(entity),
        "ent": index,
    }


def entity_download(view: StoryView, index: EntityIndex, store: Store, request: Request) -> Table:
    """The table an entity page's download asks for (``/entity/TABLE.FMT?key=...``).

    Raises:
        HTTPException: 404 for a name several people share (a download is one entity's), an
            unknown entity or table.
    """
    chosen = chosen_entity(index, request)
    if isinstance(chosen, list):
        raise HTTPException(404, "That name is several people's; ask by key=.")
    kind = request.path_params["table"]
    reports = reports_of(store, chosen.reports) if kind == "reports" else ()
    history = view.speaker(chosen.name, anonymous=False)
    return entity_table(kind, chosen, index, history, reports)
