"""Working clusters to frozen record entities with stable ids."""

from __future__ import annotations

import hashlib

from storyline.extract.entities.canonical import office_name, state_body_name
from storyline.extract.entities.state import _ID_PREFIX, ID_HEX_DIGITS, _Cluster
from storyline.extract.spans import make_span
from storyline.record.model import Entity, Mention

# --- Output ----------------------------------------------------------------------------------


def _cluster_name(c: _Cluster, text: str = "") -> str:
    """Return the canonical name (canonical.py for bodies and offices), else the fullest form."""
    if c.display is not None:
        words = c.display.split()
        if len(words) == 2 and (body := state_body_name(words[1], words[0])) is not None:
            return body  # "Israeli government" -> "Government of Israel"
        if words and words[-1].lower() == "office" and c.type == "ORG":
            for r in c.related:
                if r.type == "PERSON" and r.role is not None:
                    office = office_name(text[r.role[0] : r.role[1]])
                    if office is not None:
                        return office
        return c.display
    if not c.names:
        return ""
    ranked = enumerate(c.names)
    return max(ranked, key=lambda x: (len(x[1].split()), not x[1].isupper(), -x[0]))[1]


def _entity_id(etype: str, name: str, first: int) -> str:
    """Return a content hash of type, name and first offset: stable run to run."""
    digest = hashlib.blake2b(f"{etype}\x1f{name}\x1f{first}".encode(), digest_size=8).hexdigest()
    return _ID_PREFIX + digest[:ID_HEX_DIGITS]


def _build(clusters: list[_Cluster], text: str) -> list[Entity]:
    """Turn the working clusters into sorted, frozen record entities."""
    live = [c for c in clusters if c.mentions]
    ids: dict[int, str] = {}
    taken: set[str] = set()
    for c in live:
        first = min(s for s, _ in c.mentions)
        eid = _entity_id(c.type, _cluster_name(c, text), first)
        while eid in taken:  # two entities cannot share type, name and first offset, but be safe
            eid = _entity_id(c.type, eid, first)
        taken.add(eid)
        ids[id(c)] = eid
    entities = []
    for c in live:
        mentions = [
            Mention(start=s, end=e, text=text[s:e], kind=kind)
            for (s, e), kind in sorted(c.mentions.items())
        ]
        role = make_span(text, *c.role) if c.role is not None else None
        related = sorted({ids[id(r)] for r in c.related if id(r) in ids})
        entities.append(
            Entity(
                id=ids[id(c)],
                name=_cluster_name(c, text),
                type=c.type,
                kind=c.kind,
                role=role.text if role is not None else None,
                role_span=role,
                related=related,
                mentions=mentions,
            )
        )
    entities.sort(key=lambda e: (e.mentions[0].start, e.mentions[0].end, e.id))
    return entities
