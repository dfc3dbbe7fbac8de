"""Entity pages: one page per global entity of the store (person, organisation, group, place).

An entity is addressed by its key (``/entity?key=miriam castell``), the canonical normalised
name the store's global entities are kept under (the story resolves to the same keys).
``/entity?name=...`` looks a name up as ``storyline story --about`` does: a bare surname that
ends several people's names ("Clinton") lists them instead of guessing one.

The page is read from SQL (``storyline.story.pages.entity_page``): the entity's reports,
statements, events as actor and as target, the figures it gave (the first ``SHOWN`` of each,
the downloads up to ``DOWNLOADED``), and the entities named in most of its reports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request

from storyline.store.store import Store
from storyline.story.entities import StoryEntity
from storyline.story.pages import COMPANY_REPORTS, EntityPage, entity_page, find_entity
from storyline.story.speakers import SpeakerHistory
from storyline.web import tables
from storyline.web.tables import Row, Table

__all__ = [
    "ENTITY_TABLES",
    "NameLinks",
    "chosen_entity",
    "entity_context",
    "entity_download",
    "entity_table",
]

SHOWN = 50  # reports, statements and events of each kind a page shows (newest reports first)
DOWNLOADED = 10_000  # rows of each table in a download
ENTITY_TABLES = ("reports", "statements", "actor", "target", "figures", "cooccurring")


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
