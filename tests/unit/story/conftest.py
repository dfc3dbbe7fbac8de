"""Records built by hand for the story tests: spans found by text, so offsets are exact."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from storyline import ArticleRecord
from storyline.ingest.article import article_id
from storyline.record.model import Entity, Event, Figure, Mention, Quote, Span


def _span(text: str, part: str, cls: type[Any] = Span, **kw: Any) -> Any:
    start = text.index(part)
    return cls(start=start, end=start + len(part), text=part, **kw)


def build(
    text: str,
    *,
    published: str | None = None,
    outlet: str | None = None,
    entities: list[tuple[str, str, str]] = (),  # (name, type, kind)
    quotes: list[dict[str, Any]] = (),
    figures: list[dict[str, Any]] = (),
    events: list[dict[str, Any]] = (),
) -> ArticleRecord:
    ents = [
        Entity(
            id=f"e{i}",
            name=name,
            type=type_,
            kind=kind,
            mentions=[_span(text, name, Mention)] if name in text else [],
        )
        for i, (name, type_, kind) in enumerate(entities)
    ]
    ids = {e.name: e.id for e in ents}
    qs = []
    for q in quotes:
        q = dict(q)
        said = q.pop("said")
        speaker = q.pop("speaker")
        qs.append(
            Quote(
                kind=q.pop("kind", "direct"),
                content=[_span(text, said)],
                speaker=_span(text, speaker),
                speaker_entity=ids.get(q.get("speaker_name") or speaker),
                **q,
            )
        )
    figs = [_span(text, f.pop("text"), Figure, **f) for f in map(dict, figures)]
    evs = [_span(text, e.pop("text"), Event, **e) for e in map(dict, events)]
    return ArticleRecord(
        id=article_id(text),
        source=f"{outlet or 'report'}-{published}.txt",
        text=text,
        published=published,
        outlet=outlet,
        entities=ents,
        quotes=qs,
        figures=figs,
        events=evs,
    )


@pytest.fixture
def make_record() -> Callable[..., ArticleRecord]:
    return build
