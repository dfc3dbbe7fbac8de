"""Speaker histories: everything a person, or an anonymous-source description, said, in order.

Named speakers are keyed by their story entity, so "Castell" in one outlet and "Governor
Miriam Castell" in another share a history. Anonymous sources have no name to resolve; their
description is the key once the article and trailing clause are dropped ("A senior official
at the agency, who asked not to be named" → "senior official at the agency"), so the same
description used by several reports reads as one source, which is how readers follow them.

A quote that a syndicated copy repeats from its original (issue 16) is one statement, kept
on the original: a wire story carried by ten outlets does not make its speaker ten times
quoted.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from storyline.record.model import ArticleRecord, Quote
from storyline.store.copies import Syndication
from storyline.story.citation import Citation, cite
from storyline.story.entities import EntityResolver

__all__ = [
    "SpeakerHistory",
    "Statement",
    "anonymous_description",
    "anonymous_share",
    "speaker_histories",
]

_LEADING_ARTICLE = re.compile(r"^(a|an|the|one)\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Statement:
    """One attribution: what was said, how, when, and the report's words for it."""

    speaker: str
    speaker_type: str
    is_anonymous: bool
    kind: str
    content: str
    cue: str | None
    date: str | None
    citation: Citation


@dataclass(frozen=True, slots=True)
class SpeakerHistory:
    """Everything one speaker said across the store, oldest first."""

    speaker: str
    speaker_type: str
    is_anonymous: bool
    statements: tuple[Statement, ...]

    @property
    def outlets(self) -> tuple[str, ...]:
        """The outlets that quoted this speaker, in order of first quote."""
        seen = (s.citation.outlet for s in self.statements if s.citation.outlet)
        return tuple(dict.fromkeys(seen))


def speaker_histories(
    records: Iterable[ArticleRecord],
    resolver: EntityResolver,
    *,
    copies: Syndication | None = None,
) -> list[SpeakerHistory]:
    """Group every attributed quote by speaker; most quoted first, each history in date order.

    Quotes with no speaker are left out: they have no one to belong to. So are quotes whose
    speaker the report could not name (an unresolved "he", "I" or "who": ``speaker_name``
    null, type unknown): a pronoun is nobody's name, and keyed by its text it would rank
    "I" and "who" among the most quoted speakers of a real corpus.
    """
    copies = copies or Syndication()
    groups: dict[str, list[Statement]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()  # (original, words): a speaker read anew is no new quote
    for rec in sorted(records, key=lambda r: r.id != copies.original(r.id)):  # originals first
        root = copies.original(rec.id)
        kinds = {e.id: e.kind for e in rec.entities}
        for q in rec.quotes:
            if q.speaker is None and not q.speaker_name:
                continue
            if not q.speaker_name and q.speaker_type == "unknown":
                continue
            said = (root, " … ".join(s.text for s in q.content).casefold())
            if root != rec.id and said in seen:
                continue  # a copy repeating its original's quote: counted once
            seen.add(said)
            anon = is_anonymous(q, kinds)
            start = min((s.start for s in q.content), default=q.speaker.start if q.speaker else 0)
            end = max((s.end for s in q.content), default=start)
            # "Yerofeyev and Alexandrov both said": the statement is in each one's history
            joint = (q.speaker_name or "").split("; ") if not anon else [""]
            for part in joint:
                if anon:
                    speaker = _anonymous_label(q)
                elif len(joint) > 1:
                    speaker = resolver.name(part) or part
                else:
                    speaker = _named_label(q, resolver) or ""
                if not speaker:
                    continue
                groups[("anon:" if anon else "") + speaker.casefold()].append(
                    Statement(
                        speaker=speaker,
                        speaker_type="anonymous" if anon else q.speaker_type,
                        is_anonymous=anon,
                        kind=q.kind,
                        content=" … ".join(s.text for s in q.content),
                        cue=q.cue.text if q.cue else None,
                        date=q.date or rec.published,
                        citation=cite(rec, start, end),
                    )
                )
    histories = []
    for statements in groups.values():
        statements.sort(key=lambda s: (s.date or "", s.citation.published or "", s.citation.start))
        first = statements[0]
        # the type most reports give (one report may type "Sanders" as a group by mistake)
        kind = Counter(s.speaker_type for s in statements).most_common(1)[0][0]
        histories.append(SpeakerHistory(first.speaker, kind, first.is_anonymous, tuple(statements)))
    histories.sort(key=lambda h: (-len(h.statements), h.speaker))
    return histories


def anonymous_share(histories: Iterable[SpeakerHistory]) -> float:
    """Return the share of attributed statements that come from anonymous sources (0 to 1)."""
    total = anon = 0
    for h in histories:
        total += len(h.statements)
        anon += len(h.statements) if h.is_anonymous else 0
    return anon / total if total else 0.0


def is_anonymous(quote: Quote, entity_kinds: Mapping[str, str]) -> bool:
    """Whether a quote's source is unnamed: typed anonymous, or a person known by description."""
    if quote.speaker_type == "anonymous":
        return True
    return (
        quote.speaker_type == "person"
        and quote.speaker_entity is not None
        and entity_kinds.get(quote.speaker_entity) == "description"
    )


def _anonymous_label(q: Quote) -> str:
    return anonymous_description(q.speaker_name or (q.speaker.text if q.speaker else ""))


def anonymous_description(raw: str) -> str:
    """An anonymous source's key: its description without article or trailing clause."""
    head = raw.split(",")[0]
    return " ".join(_LEADING_ARTICLE.sub("", head.strip()).split())


def _named_label(q: Quote, resolver: EntityResolver) -> str | None:
    return resolver.name(q.speaker_name or (q.speaker.text if q.speaker else None))
