"""Global entities (issue 16, schema v9): kept at ingest by the story's rules, joined by id."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from storyline import ArticleRecord, open_store, read_many
from storyline.ingest.article import article_id
from storyline.record.model import Entity, Event, Mention, Quote, Span
from storyline.store import MIGRATIONS
from storyline.store.global_entities import global_id
from storyline.story import resolve_entities

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "story_corpus" / "reports"


def _record(source: str, names: list[tuple[str, str]], day: str = "2016-10-01") -> ArticleRecord:
    """A report that names each of ``names`` once; the first one speaks, the last one acts."""
    lines = [f"{name} spoke in Ohio on Monday." for name, _ in names]
    body = f"Campaign notes from {source}\n\n" + "\n".join(lines) + "\n"
    entities, offset = [], body.index("\n\n") + 2
    for i, ((name, type_), line) in enumerate(zip(names, lines, strict=True)):
        span = Mention(start=offset, end=offset + len(name), text=name)
        entities.append(Entity(id=f"e{i}", name=name, type=type_, mentions=[span]))
        offset += len(line) + 1
    first, last = entities[0].mentions[0], entities[-1].mentions[0]
    words = body.index("spoke in Ohio", first.start)
    return ArticleRecord(
        id=article_id(body),
        source=source,
        text=body,
        published=day,
        entities=entities,
        quotes=[
            Quote(
                kind="indirect",
                content=[Span(start=words, end=words + 13, text="spoke in Ohio")],
                speaker=Span(start=first.start, end=first.end, text=first.text),
                speaker_entity="e0",
                speaker_name=names[0][0],
                speaker_type="person",
            )
        ],
        events=[
            Event(
                start=last.start,
                end=last.end + 6,
                text=body[last.start : last.end + 6],
                type="CONSULT",
                actor=names[-1][0],
                actor_entity=f"e{len(names) - 1}",
            )
        ],
    )


def _resolved(url: str) -> dict[str, tuple[str, str, str]]:
    """Every linked record entity: (report source, record entity id) -> the global key, name."""
    with open_store(url) as store, store.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT r.source, l.entity_id, g.key, g.name, g.id FROM entity_links l"
                " JOIN reports r ON r.id = l.report_id"
                " JOIN global_entities g ON g.id = l.global_id"
            )
        )
        return {f"{r[0]}#{r[1]}": (r[2], r[3], r[4]) for r in rows}


def _speakers(url: str) -> dict[str, str | None]:
    with open_store(url) as store, store.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT r.source, g.name FROM quotes q JOIN reports r ON r.id = q.report_id"
                " LEFT JOIN global_entities g ON g.id = q.speaker_global"
            )
        )
        return {r[0]: r[1] for r in rows}


HILLARY = _record("a.txt", [("Hillary Clinton", "PERSON"), ("Donald J. Trump", "PERSON")])
CLINTON = _record("b.txt", [("Clinton", "PERSON"), ("Trump", "PERSON")])
BILL = _record("c.txt", [("Bill Clinton", "PERSON"), ("Donald Trump", "PERSON")])


def test_global_entities_merge_variants_and_split_an_ambiguous_surname(store_url: str) -> None:
    with open_store(store_url) as store:
        store.add([HILLARY, CLINTON])
    first = _resolved(store_url)
    assert first["b.txt#e0"][1] == "Hillary Clinton"  # one Clinton in the store: hers
    assert first["b.txt#e1"][1] == "Donald J. Trump"
    assert _speakers(store_url) == {"a.txt": "Hillary Clinton", "b.txt": "Hillary Clinton"}

    with open_store(store_url) as store:
        store.add([BILL])  # a second Clinton; "Donald Trump" without the initial
    after = _resolved(store_url)
    assert after["b.txt#e0"][:2] == ("clinton", "Clinton")  # ambiguous now: apart
    assert after["a.txt#e0"][1] == "Hillary Clinton"
    assert after["c.txt#e0"][1] == "Bill Clinton"
    trump = {after[k] for k in ("a.txt#e1", "b.txt#e1", "c.txt#e1")}
    assert trump == {("donald trump", "Donald Trump", global_id("donald trump"))}
    assert _speakers(store_url) == {
        "a.txt": "Hillary Clinton",
        "b.txt": "Clinton",  # the stored quote followed its speaker's entity
        "c.txt": "Bill Clinton",
    }
    with open_store(store_url) as store, store.engine.connect() as conn:
        ids = set(conn.execute(text("SELECT id FROM global_entities")).scalars())
        actors = conn.execute(
            text("SELECT DISTINCT actor_global FROM events WHERE actor_global IS NOT NULL")
        ).scalars()
        assert set(actors) == {global_id("donald trump")}
    assert global_id("donald j. trump") not in ids  # merged away, not left behind


def test_global_entities_pronouns_and_relative_words_are_no_entities(store_url: str) -> None:
    rec = _record("p.txt", [("He", "PERSON"), ("Who", "ORG"), ("WHO", "ORG"), ("Obama", "PERSON")])
    with open_store(store_url) as store:
        store.add([rec])
    resolved = _resolved(store_url)
    assert sorted(v[1] for v in resolved.values()) == ["Obama", "WHO"]  # "WHO" is an acronym
    assert _speakers(store_url) == {"p.txt": None}  # "He" speaks: no global entity


@pytest.fixture(scope="module")
def corpus() -> list[ArticleRecord]:
    records = [r for r in read_many([CORPUS]) if isinstance(r, ArticleRecord)]
    assert len(records) == 30
    return records


def test_global_entities_agree_with_the_story_in_any_batches(
    store_url: str, corpus: list[ArticleRecord]
) -> None:
    """Four reports at a time, newest first: the store resolves as the story does at once."""
    resolver = resolve_entities(corpus)
    with open_store(store_url) as store:
        store.ingest(reversed(corpus), batch_size=4)
    resolved = _resolved(store_url)
    expected = {
        f"{rec.source}#{ent.id}": resolver.key(ent.name, ent.type)
        for rec in corpus
        for ent in rec.entities
        if ent.kind == "named"
    }
    assert {k: v[0] for k, v in resolved.items()} == expected
    names = {e.key: e.name for e in resolver.entities}
    assert {v[0]: v[1] for v in resolved.values()} == {k: names[k] for k in expected.values()}
    assert all(v[2] == global_id(v[0]) for v in resolved.values())
    castell = [v for v in resolved.values() if v[1] == "Miriam Castell"]
    assert len(castell) > 1  # variants from several reports, one entity


def test_global_entities_migration_9_fills_an_old_store(
    store_url: str, corpus: list[ArticleRecord], version_8: Callable[[str], None]
) -> None:
    with open_store(store_url) as store:
        store.ingest(corpus)
    fresh, speakers = _resolved(store_url), _speakers(store_url)
    version_8(store_url)
    with open_store(store_url, create=False) as store:
        assert store.schema_version() == 8
        with store.engine.connect() as conn:
            assert not inspect(conn).has_table("global_entities")
    with open_store(store_url) as store:  # migrates
        assert store.schema_version() == MIGRATIONS[-1].version >= 9
    assert _resolved(store_url) == fresh
    assert _speakers(store_url) == speakers
    assert any(name is not None for name in speakers.values())
