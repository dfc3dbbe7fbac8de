"""The story from SQL (``storyline.story.summary``): the same answers as ``build_story``.

Records are written here; each test stores them (SQLite, and PostgreSQL when configured) and
asks the store's query API, then holds the answer against the story built in memory.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import text

from storyline import ArticleRecord, build_story, open_store
from storyline.story.pages import entity_page, find_entity
from storyline.story.summary import figure_histories, summarize

A = "“We will rebuild,” Miriam Castell said. Nine people died. The army shelled Orrin."
B = "Castell said the toll was 12 people dead. The army shelled Orrin at dawn, officials said."
C = "Ana Ruiz and Tomas Ruiz spoke. “It is over,” Ana Ruiz said. Tomas Ruiz said it was not."
D = "A senior official, who asked not to be named, said 14 people died. The army shelled Orrin."


@pytest.fixture
def records(make_record: Callable[..., ArticleRecord]) -> list[ArticleRecord]:
    castell = [("Miriam Castell", "PERSON", "named")]
    shelled = {"type": "ASSAULT", "actor": "army", "target": "Orrin", "date": "2025-03-05"}
    return [
        make_record(
            A,
            published="2025-03-05",
            outlet="Valley Courier",
            entities=[*castell, ("Orrin", "GPE", "named")],
            quotes=[
                {
                    "said": "We will rebuild",
                    "speaker": "Miriam Castell",
                    "speaker_name": "Miriam Castell",
                    "speaker_type": "person",
                }
            ],
            figures=[{"text": "Nine people", "value": 9, "unit": "person", "what": "die"}],
            events=[{"text": "shelled", **shelled}],
        ),
        make_record(
            B,
            published="2025-03-05",
            outlet="Northern Wire",
            entities=[("Castell", "PERSON", "named"), ("Orrin", "GPE", "named")],
            quotes=[
                {
                    "kind": "indirect",
                    "said": "the toll was 12 people dead",
                    "speaker": "Castell",
                    "speaker_name": "Castell",
                    "speaker_type": "person",
                }
            ],
            figures=[
                {
                    "text": "12 people",
                    "value": 12,
                    "unit": "person",
                    "what": "dead",
                    "source": "Castell",
                    "source_entity": "e0",
                }
            ],
            events=[{"text": "shelled", **shelled}],
        ),
        make_record(
            C,
            published="2025-03-06",
            outlet="Valley Courier",
            entities=[("Ana Ruiz", "PERSON", "named"), ("Tomas Ruiz", "PERSON", "named")],
            quotes=[
                {
                    "said": "It is over",
                    "speaker": "Ana Ruiz",
                    "speaker_name": "Ana Ruiz",
                    "speaker_type": "person",
                }
            ],
        ),
        make_record(
            D,
            published="2025-03-06",
            outlet="Harbor Post",
            quotes=[
                {
                    "kind": "indirect",
                    "said": "14 people died",
                    "speaker": "A senior official, who asked not to be named",
                    "speaker_name": "A senior official, who asked not to be named",
                    "speaker_type": "anonymous",
                }
            ],
            events=[{"text": "shelled", **shelled}],
        ),
    ]


def _stored(store_url: str, records: list[ArticleRecord]) -> str:
    with open_store(store_url) as store:
        store.ingest(records)
    return store_url


def test_summary_counts_what_the_built_story_counts(
    store_url: str, records: list[ArticleRecord]
) -> None:
    story = build_story(records)
    with open_store(_stored(store_url, records)) as store:
        summary = summarize(store)
    assert summary.n_reports == story.n_reports == 4
    assert summary.first_published == "2025-03-05"
    assert dict(summary.outlets) == dict(story.outlets)
    assert summary.n_events == len(story.events) == 1  # three reports, one shelling
    assert summary.events_per_day == {"2025-03-05": {"ASSAULT": 1}}
    named = [(s.speaker, s.statements, s.reports) for s in summary.named]
    assert named == [("Miriam Castell", 2, 2), ("Ana Ruiz", 1, 1)]
    assert [h.speaker for h in story.speakers if not h.is_anonymous] == [
        "Miriam Castell",
        "Ana Ruiz",
    ]
    assert [s.speaker for s in summary.anonymous] == ["senior official"]
    assert summary.anonymous_share == pytest.approx(story.anonymous_share) == 0.25
    assert [(t.label, t.values) for t in summary.things] == [("person killed", 2)]
    assert summary.things[0].written == (("person", "dead"), ("person", "die"))


def test_summary_disagreements_match_the_built_story(
    store_url: str, records: list[ArticleRecord]
) -> None:
    story = build_story(records)
    with open_store(_stored(store_url, records)) as store:
        summary = summarize(store)
    expected = [(d.unit, d.what, d.date, d.sources) for d in story.disagreements]
    assert [(d.unit, d.what, d.date, d.sources) for d in summary.disagreements] == expected
    assert expected == [
        ("person", "killed", "2025-03-05", ("Miriam Castell: 12", "Valley Courier: 9"))
    ]
    assert summary.named_sources == {"Miriam Castell": "miriam castell"}


def test_summary_agrees_within_rounding_is_no_disagreement(
    store_url: str, make_record: Callable[..., ArticleRecord]
) -> None:
    one = make_record(
        "About 100 people were evacuated.",
        published="2025-03-05",
        outlet="Valley Courier",
        figures=[{"text": "About 100 people", "value": 100, "approx": "about", "unit": "person"}],
    )
    two = make_record(
        "Officials said 95 people left.",
        published="2025-03-05",
        outlet="Harbor Post",
        figures=[{"text": "95 people", "value": 95, "unit": "person"}],
    )
    three = make_record(
        "At least 120 people were moved.",
        published="2025-03-06",
        outlet="Harbor Post",
        figures=[
            {"text": "At least 120 people", "value": 120, "approx": "at least", "unit": "person"}
        ],
    )
    four = make_record(
        "Fewer than 110 people were moved.",
        published="2025-03-06",
        outlet="Valley Courier",
        figures=[
            {
                "text": "Fewer than 110 people",
                "value": 110,
                "approx": "fewer than",
                "unit": "person",
            }
        ],
    )
    with open_store(_stored(store_url, [one, two, three, four])) as store:
        summary = summarize(store)
    story = build_story([one, two, three, four])
    assert [d.date for d in story.disagreements] == ["2025-03-06"]  # 120+ against under 110
    assert [d.date for d in summary.disagreements] == ["2025-03-06"]


WIRE = (
    "Dockers at the Northline terminal went back to work on Monday after the union accepted a "
    "pay offer of 6 percent, ending a strike that had stranded 40 ships in the bay. "
    "“We did not get everything, but we got enough,” said union leader Ada Brennan, who led "
    "the walkout from the first morning. The port authority said it expected the backlog to "
    "clear within two weeks, with night shifts added at both container berths."
)


def _wire(
    make_record: Callable[..., ArticleRecord], text: str, outlet: str, ships: str = "40 ships"
) -> ArticleRecord:
    return make_record(
        text,
        published="2025-04-07",
        outlet=outlet,
        entities=[("Ada Brennan", "PERSON", "named")],
        quotes=[
            {
                "said": "We did not get everything, but we got enough,",
                "speaker": "Ada Brennan",
                "speaker_name": "Ada Brennan",
                "speaker_type": "person",
            }
        ],
        figures=[
            {"text": ships, "value": int(ships.split()[0]), "unit": "ship", "what": "stranded"}
        ],
    )


def test_summary_counts_a_copys_repeated_quote_and_figure_once(
    store_url: str, make_record: Callable[..., ArticleRecord]
) -> None:
    first = _wire(make_record, WIRE, "Coast Wire")
    carried = _wire(make_record, WIRE + "\n\nDistributed by Coast Wire.", "Selby Echo")
    own = _wire(make_record, WIRE.replace("40 ships", "41 ships"), "Bay Times", "41 ships")
    with open_store(_stored(store_url, [first, carried, own])) as store:
        summary = summarize(store)
        with store.engine.connect() as conn:
            quotes = conn.execute(text("SELECT report_id, repeated FROM quotes")).all()
            figures = conn.execute(text("SELECT report_id, repeated FROM figures")).all()
            linked = conn.execute(text("SELECT report_id FROM copies")).scalars().all()
    assert sorted(linked) == sorted([carried.id, own.id])  # both are copies of the wire story
    assert {r: bool(m) for r, m in quotes} == {first.id: False, carried.id: True, own.id: True}
    assert {r: bool(m) for r, m in figures} == {first.id: False, carried.id: True, own.id: False}
    assert [(s.speaker, s.statements) for s in summary.named] == [("Ada Brennan", 1)]
    assert [(t.label, t.values) for t in summary.things] == [("ship stranded", 2)]
    assert summary.n_reports == 3


def test_summary_entity_page_and_name_lookup(store_url: str, records: list[ArticleRecord]) -> None:
    with open_store(_stored(store_url, records)) as store:
        [(castell, n_reports)] = find_entity(store, name="Castell")
        assert (castell.name, castell.key, n_reports) == ("Miriam Castell", "miriam castell", 2)
        ruiz = find_entity(store, name="Ruiz")
        assert sorted(e.name for e, _ in ruiz) == ["Ana Ruiz", "Tomas Ruiz"]  # ask which one
        assert find_entity(store, name="Nobody Here") == []
        page = entity_page(store, castell, shown=50)
        orrin = entity_page(store, find_entity(store, key="orrin")[0][0], shown=50)
    assert page.n_reports == 2
    assert page.n_statements == 2
    assert page.history is not None
    assert [s.content for s in page.history.statements] == [
        "We will rebuild",
        "the toll was 12 people dead",
    ]
    assert [(h.label, [p.shown for p in h.points]) for h in page.figures] == [
        ("person killed", ["12"])
    ]
    assert [(e.name, n) for e, n in page.cooccurring] == [("Orrin", 2)]
    assert page.as_actor == ()
    # three reports tell one shelling of Orrin (same type, actor, target and date)
    [event] = orrin.as_target
    assert (event.type, event.actor, event.target, event.n_reports) == (
        "ASSAULT",
        "army",
        "Orrin",
        3,
    )
    assert event.citations[0].text == "shelled"


def test_summary_counts_kept_at_ingest_are_read_back_until_a_report_is_added(
    store_url: str, records: list[ArticleRecord]
) -> None:
    from storyline.store import queries

    with open_store(_stored(store_url, records[:3])) as store:
        with store.engine.connect() as conn:
            kept = queries.counts(conn)
            assert kept == queries.compute(conn)  # the cache holds what counting gives
            assert kept.totals.reports == 3
            old = conn.execute(text("SELECT fingerprint, payload FROM story_cache")).one()
        store.add([records[3]])  # an ingest refreshes the counts
        with store.engine.begin() as conn:
            assert queries.counts(conn).totals.reports == 4
            # the counts of three reports put back: stale, so counted afresh
            conn.execute(
                text("UPDATE story_cache SET fingerprint = :f, payload = :p"),
                {"f": old[0], "p": old[1]},
            )
            assert queries.counts(conn).totals.reports == 4


def test_summary_charts_and_disagreements_from_kept_claims_are_the_stores(
    store_url: str, records: list[ArticleRecord]
) -> None:
    with open_store(_stored(store_url, records)) as store:
        summary = summarize(store)
        assert summary.claims is not None
        assert len(summary.claims) == 2  # 9 and 12 dead
        kept = figure_histories(store, summary.things, claims=True, known=summary.claims)
        asked = figure_histories(store, summary.things, claims=True)
        assert kept == asked
        assert sorted(p.value for p in kept[0][0].points) == [9, 12]
        with store.engine.begin() as conn:  # no kept counts: everything is asked of the store
            conn.execute(text("DELETE FROM story_cache"))
        fresh = summarize(store)
    assert fresh.disagreements == summary.disagreements != ()
    assert fresh.named_sources == summary.named_sources


def test_summary_claims_of_more_things_than_sqlite_nests_conditions(
    store_url: str, records: list[ArticleRecord]
) -> None:
    from storyline.store import queries

    many = [(f"thing {i}", None if i % 2 else "seen") for i in range(1500)]
    with open_store(_stored(store_url, records)) as store, store.engine.connect() as conn:
        few = queries.figure_claims(conn, [("person", "die"), ("person", "dead")])
        assert queries.figure_claims(conn, [*many, ("person", "die"), ("person", "dead")]) == few
        assert len(few) == 2
        assert queries.figure_claims(conn, None) == few  # every counted thing's


def test_summary_a_rerun_keeps_the_counts_an_interrupted_ingest_did_not(
    store_url: str, records: list[ArticleRecord]
) -> None:
    from storyline.store import queries

    with open_store(_stored(store_url, records)) as store:
        with store.engine.begin() as conn:  # as a run killed after its last batch leaves it
            conn.execute(text("DELETE FROM story_cache"))
            assert not queries.is_current(conn)
        again = store.ingest(records)  # every report stored already
        assert again.stored == 0
        with store.engine.connect() as conn:
            assert queries.is_current(conn)


def test_summary_two_ingests_keeping_the_counts_at_once_take_turns(
    store_url: str, records: list[ArticleRecord]
) -> None:
    """Two processes ending their ingests together both keep the counts; neither may fail.

    On PostgreSQL both would find no row, both insert it, and the second would break the
    primary key, unless they take turns (``store.locks``).
    """
    import threading

    from storyline.store import queries

    _stored(store_url, records)
    rounds = 8
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def keep() -> None:
        with open_store(store_url) as store:
            for _ in range(rounds):
                start.wait(timeout=30)
                try:
                    store.refresh_story()
                except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
                    errors.append(exc)

    threads = [threading.Thread(target=keep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    with open_store(store_url) as store, store.engine.connect() as conn:
        assert queries.is_current(conn)
        assert queries.counts(conn).totals.reports == 4
