"""Names an item gives without an entity id, resolved against the store's global entities.

A quote's speaker, a figure's source or an event's party is tied to a global entity by its
record entity id (``*_global``, kept at ingest). Some have words and no id: an organisation
named by description ("the emergency agency"), a source the report never named as an entity.
The story resolves those by their words (``EntityResolver.key``): the global entity whose
canonical key the normalised words are, else the one organisation whose name ends with them
("Keltvale Emergency Agency"). ``StoreNames`` applies the same two rules to the store, for the
story read from SQL (``storyline.story.summary``), one batch of names at a time.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection

from storyline.extract.entities import ORG_TYPES, OrganisationsByEnd, name_key, normalize_name
from storyline.store import queries

__all__ = ["Resolved", "StoreNames"]

Resolved = tuple[str, str, str]  # (global id, display name, canonical key)


class StoreNames:
    """Resolve loose names on one connection; the organisations are read once, when needed."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._known: dict[str, Resolved | None] = {}
        self._organisations: OrganisationsByEnd[Resolved] | None = None

    def resolve(self, names: Iterable[str]) -> dict[str, Resolved]:
        """The global entity each name resolves to; a name that resolves to none is left out."""
        names = list(names)
        todo = {n: name_key(normalize_name(n)) for n in set(names) if n not in self._known}
        if todo:
            found = queries.globals_of_names(self._conn, sorted(set(todo.values())))
            for name, key in todo.items():
                self._known[name] = found.get(key) or self._organisation(key)
        return {n: hit for n in names if (hit := self._known.get(n)) is not None}

    def display(self, name: str) -> str:
        """The display name a name resolves to, or the name itself."""
        hit = self.resolve([name]).get(name)
        return hit[1] if hit else name

    def _organisation(self, key: str) -> Resolved | None:
        """The one organisation whose canonical name ends with these words ("the agency")."""
        if self._organisations is None:
            self._organisations = OrganisationsByEnd(
                (gkey, (gid, name, gkey))
                for gid, gkey, name in queries.entities_of_types(self._conn, sorted(ORG_TYPES))
            )
        return self._organisations.find(key)
