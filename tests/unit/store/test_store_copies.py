"""Syndicated copies (issue 16): kept with their own metadata, linked to their original."""

from __future__ import annotations

import random
from collections.abc import Callable

from sqlalchemy import inspect, text

from storyline import ArticleRecord, open_store
from storyline.engine import Copy
from storyline.ingest.article import article_id
from storyline.record.model import Figure, Span
from storyline.store import MIGRATIONS
from storyline.store.copies import COMMON_KEY, COPY_CONTAINMENT
from storyline.store.shingles import containment, shingles

HEAD = "Port strike ends after nine days"
BODY = [
    "Dockers at the Northline terminal went back to work on Monday after the union accepted "
    "a pay offer of 6 percent, ending a strike that had stranded 40 ships in the bay.",
    "“We did not get everything, but we got enough,” said union leader Ada Brennan, who led "
    "the walkout from the first morning.",
    "The port authority said it expected the backlog to clear within two weeks, with night "
    "shifts added at both container berths.",
    "Shipping lines had diverted cargo to the ports of Selby and Harrow during the dispute.",
]
OTHER = [  # the same story in other words: another outlet's own report
    "The Northline strike is over. Union members voted on Monday to accept the 6 percent "
    "offer, and the first cranes moved by noon.",
    "Ada Brennan, the union leader, said the deal was a fair one and thanked the town for "
    "its patience through nine days of picket lines.",
    "Forty ships had waited in the bay; the port authority said night shifts would clear "
    "the backlog within two weeks.",
]


def _record(
    headline: str,
    paragraphs: list[str],
    *,
    source: str,
    outlet: str,
    published: str = "2025-04-07",
) -> ArticleRecord:
    body = "\n\n".join([headline, *paragraphs])
    figures = []
    if "40 ships" in body:
        start = body.index("40 ships")
        figures = [
            Figure(start=start, end=start + 8, text="40 ships", value=40, unit="ship", what=None)
        ]
    return ArticleRecord(
        id=article_id(body),
        source=source,
        text=body,
        published=published,
        outlet=outlet,
        url=f"https://{outlet.lower().replace(' ', '')}.example/strike",
        headline=Span(start=0, end=len(headline), text=headline),
        figures=figures,
    )


ORIGINAL = _record(HEAD, BODY, source="wire.jsonl:1", outlet="Coast Wire")


def _links(store_url: str) -> list[tuple[str, str, str | None, str | None, str | None]]:
    with open_store(store_url) as store, store.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT original_id, source, report_id, outlet, published FROM copies"
                " ORDER BY source"
            )
        )
        return [tuple(r) for r in rows]


def test_copies_shingles_leave_out_the_headline_and_stop_at_paragraphs() -> None:
    grams = shingles(ORIGINAL.text, HEAD)
    # a shingle is a hash of five words, whatever their case and punctuation
    assert shingles("DOCKERS at the Northline terminal!") <= grams
    assert not shingles("Dockers at the Northline port") <= grams
    assert not shingles("Port strike ends after nine") <= grams  # the headline's words
    # "...in the bay." then "“We did not...": no shingle runs over the paragraph break
    assert not shingles("the bay we did not") <= grams
    assert not shingles("in the bay") <= grams  # three words: a shingle of its own paragraph
    assert shingles("in the bay") <= shingles(f"{ORIGINAL.text}\n\nIn the bay.")
    assert shingles("stranded 40 ships in the") != shingles("40 stranded ships in the")  # order
    assert shingles(ORIGINAL.text, "Another headline") > grams  # the headline counted then


def test_copies_shingles_are_words_not_a_regex_tokeniser_quirk() -> None:
    words = shingles("ada s fair deal signed at 9 30")
    assert shingles("Ada’s “fair” deal — signed at 9:30") == words
    assert shingles("naïve café co-op") == shingles("NAÏVE CAFÉ CO OP")
    assert shingles("\ud800 lone surrogate") == shingles("\ud800 LONE surrogate")  # no crash
    assert shingles("") == frozenset() == shingles("“ — ”")


def test_copies_identical_text_from_another_outlet_is_kept_as_a_copy(store_url: str) -> None:
    carried = Copy(
        source="gazette.rss#4",
        report_id=ORIGINAL.id,
        url="https://gazette.example/strike",
        outlet="Harrow Gazette",
        published="2025-04-08",
        headline=HEAD,
    )
    with open_store(store_url) as store:
        first = store.ingest([ORIGINAL])
        summary = store.ingest([carried])
        counts = store.counts()
        synd = store.syndication()
    assert (first.stored, first.copies) == (1, 0)
    assert (summary.stored, summary.copies, summary.carried, summary.duplicates) == (0, 1, 1, 0)
    assert counts["reports"] == 1  # nothing parsed or stored twice
    assert _links(store_url) == [
        (ORIGINAL.id, "gazette.rss#4", None, "Harrow Gazette", "2025-04-08")
    ]
    assert synd.carried_by(ORIGINAL.id) == 2
    assert synd.carriers[ORIGINAL.id] == ("Coast Wire", "Harrow Gazette")


def test_copies_an_identical_copy_is_news_to_the_explorer(store_url: str) -> None:
    """It adds no report, yet the story changed: the explorer must read its summary again."""
    from storyline.store import queries
    from storyline.web.explorer import Explorer

    carried = Copy("gazette.rss#4", ORIGINAL.id, None, "Harrow Gazette", None, None)
    with open_store(store_url) as store:
        store.ingest([ORIGINAL])
        with store.engine.connect() as conn:
            before = queries.fingerprint(conn)
        explorer = Explorer(store)
        first = explorer.summary()
        assert explorer.summary() is first  # nothing new: kept between requests
        store.ingest([carried])
        with store.engine.connect() as conn:
            assert queries.fingerprint(conn) == (1, 1, before[2])
            assert queries.is_current(conn)
        assert explorer.summary() is not first


def test_copies_the_same_input_read_again_is_no_copy(store_url: str) -> None:
    again = Copy(ORIGINAL.source, ORIGINAL.id, ORIGINAL.url, ORIGINAL.outlet, None, HEAD)
    other = Copy("gazette.rss#4", ORIGINAL.id, None, "Harrow Gazette", None, HEAD)
    with open_store(store_url) as store:
        store.ingest([ORIGINAL])
        summary = store.ingest([again, other, other])
        rerun = store.ingest([other])
    assert (summary.copies, summary.duplicates) == (1, 2)
    assert (rerun.copies, rerun.duplicates) == (0, 1)
    assert len(_links(store_url)) == 1


def test_copies_same_outlet_and_url_from_another_input_is_no_copy(store_url: str) -> None:
    """A folder moved and ingested again: other input names, the same carriers."""
    moved = Copy("moved/wire.jsonl:1", ORIGINAL.id, ORIGINAL.url, ORIGINAL.outlet, None, HEAD)
    gazette = Copy(
        "a/gazette.rss#4", ORIGINAL.id, "https://g.example/s", "Harrow Gazette", None, HEAD
    )
    gazette_moved = Copy(
        "b/gazette.rss#4",
        *[getattr(gazette, f) for f in ("report_id", "url", "outlet", "published", "headline")],
    )
    with open_store(store_url) as store:
        store.ingest([ORIGINAL])
        summary = store.ingest([moved, gazette])
        again = store.ingest([gazette_moved])
    assert (summary.copies, summary.duplicates, again.copies, again.duplicates) == (1, 1, 0, 1)
    assert [src for _, src, *_ in _links(store_url)] == ["a/gazette.rss#4"]


def test_copies_one_record_twice_in_a_batch_is_stored_once(store_url: str) -> None:
    with open_store(store_url) as store:
        assert store.add([ORIGINAL, ORIGINAL]) == (1, 1)
    assert _links(store_url) == []


def test_copies_identical_records_in_one_batch_keep_both_metadata(store_url: str) -> None:
    twin = ORIGINAL.model_copy(
        update={"source": "echo.html", "outlet": "Selby Echo", "url": "https://echo.example/s"}
    )
    assert twin.id == ORIGINAL.id
    with open_store(store_url) as store:
        summary = store.ingest([ORIGINAL, twin])
    assert (summary.stored, summary.copies, summary.duplicates) == (1, 1, 0)
    assert _links(store_url) == [(ORIGINAL.id, "echo.html", None, "Selby Echo", "2025-04-07")]


def test_copies_near_copies_are_stored_and_linked(store_url: str) -> None:
    reheadlined = _record("Dockers back at work", BODY, source="echo.html", outlet="Selby Echo")
    trimmed = _record(
        "Strike over at Northline",
        [*BODY[:-1], "© 2025 Harrow Gazette. All rights reserved."],
        source="gazette.rss#2",
        outlet="Harrow Gazette",
        published="2025-04-08",
    )
    with open_store(store_url) as store:
        store.ingest([ORIGINAL])
        summary = store.ingest([reheadlined, trimmed])
        counts = store.counts()
        synd = store.syndication()
    assert (summary.stored, summary.copies, summary.carried) == (2, 2, 0)
    assert counts["reports"] == 3  # each copy keeps its own text and record
    assert _links(store_url) == [
        (ORIGINAL.id, "echo.html", reheadlined.id, "Selby Echo", "2025-04-07"),
        (ORIGINAL.id, "gazette.rss#2", trimmed.id, "Harrow Gazette", "2025-04-08"),
    ]
    assert synd.original(trimmed.id) == ORIGINAL.id
    assert synd.carried_by(trimmed.id) == synd.carried_by(ORIGINAL.id) == 3
    with open_store(store_url) as store, store.engine.connect() as conn:
        keyed = conn.execute(text("SELECT DISTINCT report_id FROM report_keys")).scalars().all()
    assert keyed == [ORIGINAL.id]  # copies are not keyed: the next copy meets the original


def test_copies_another_outlets_own_report_is_not_linked(store_url: str) -> None:
    own = _record("Northline deal approved", OTHER, source="times.html", outlet="Bay Times")
    grams_own, grams_wire = shingles(own.text, own.headline.text), shingles(ORIGINAL.text, HEAD)
    assert containment(grams_own, grams_wire) < COPY_CONTAINMENT
    with open_store(store_url) as store:
        summary = store.ingest([ORIGINAL, own])
    assert (summary.stored, summary.copies) == (2, 0)
    assert _links(store_url) == []


def test_copies_a_copy_of_a_copy_names_the_first_original(store_url: str) -> None:
    first = _record("Dockers back at work", BODY, source="echo.html", outlet="Selby Echo")
    second = _record(
        "Dockers back at work", BODY[:-1], source="gazette.rss#2", outlet="Harrow Gazette"
    )
    with open_store(store_url) as store:
        store.ingest([ORIGINAL])
        store.ingest([first])
        store.ingest([second])
    assert {(orig, src) for orig, src, *_ in _links(store_url)} == {
        (ORIGINAL.id, "echo.html"),
        (ORIGINAL.id, "gazette.rss#2"),
    }


def test_copies_migration_8_links_the_copies_of_an_old_store(
    store_url: str, version_8: Callable[[str], None]
) -> None:
    copy = _record("Dockers back at work", BODY[:-1], source="echo.html", outlet="Selby Echo")
    own = _record("Northline deal approved", OTHER, source="times.html", outlet="Bay Times")
    with open_store(store_url) as store:
        store.add([ORIGINAL])
        store.add([copy, own])
    version_8(store_url)
    with open_store(store_url, create=False) as store, store.engine.begin() as conn:
        conn.execute(text("DROP TABLE copies"))  # the store as version 7 left it
        conn.execute(text("DROP TABLE report_keys"))
        conn.execute(text("DELETE FROM schema_version WHERE version >= 8"))
    with open_store(store_url, create=False) as store:
        assert store.schema_version() == 7
    with open_store(store_url) as store:  # migrates
        assert store.schema_version() == MIGRATIONS[-1].version >= 8
        keyed = store.counts()["report_keys"]
    assert _links(store_url) == [(ORIGINAL.id, "echo.html", copy.id, "Selby Echo", "2025-04-07")]
    assert keyed > 0
    with open_store(store_url) as store:  # and a later ingest finds copies of the old reports
        summary = store.ingest([_record("Port reopens", BODY, source="x.html", outlet="X News")])
    assert summary.copies == 1


def test_copies_migration_10_marks_the_repeats_of_an_old_store(
    store_url: str, version_9: Callable[[str], None]
) -> None:
    copy = _record("Dockers back at work", BODY, source="echo.html", outlet="Selby Echo")
    with open_store(store_url) as store:
        store.ingest([ORIGINAL])
        store.ingest([copy])
    version_9(store_url)
    with open_store(store_url, create=False) as store, store.engine.connect() as conn:
        assert "repeated" not in {c["name"] for c in inspect(conn).get_columns("figures")}
    with open_store(store_url) as store:  # migrates
        assert store.schema_version() == MIGRATIONS[-1].version >= 10
        with store.engine.connect() as conn:
            marks = conn.execute(text("SELECT report_id, repeated FROM figures")).all()
    # the copy's "40 ships" is the original's: counted once, on the original
    assert {r: bool(m) for r, m in marks} == {ORIGINAL.id: False, copy.id: True}


def test_copies_migration_11_keys_an_old_store_again(
    store_url: str, version_10: Callable[[str], None]
) -> None:
    own = _record("Northline deal approved", OTHER, source="times.html", outlet="Bay Times")
    with open_store(store_url) as store:
        store.ingest([ORIGINAL, own])
    version_10(store_url)
    copy = _record("Dockers back at work", BODY[:-1], source="echo.html", outlet="Selby Echo")
    with open_store(store_url) as store:  # migrates
        assert store.schema_version() == MIGRATIONS[-1].version >= 11
        with store.engine.connect() as conn:
            keys = conn.execute(text("SELECT report_id, key, size FROM report_keys")).all()
        summary = store.ingest([copy])
    assert {rid for rid, _, _ in keys} == {ORIGINAL.id, own.id}
    size = len(shingles(ORIGINAL.text, HEAD))
    assert {(k >= 0, n) for rid, k, n in keys if rid == ORIGINAL.id} == {(True, size)}
    # the old keys could not have found it: the copy is linked by the new ones
    assert summary.copies == 1
    assert _links(store_url) == [(ORIGINAL.id, "echo.html", copy.id, "Selby Echo", "2025-04-07")]


def test_copies_a_one_paragraph_excerpt_of_a_long_report_is_linked(store_url: str) -> None:
    # few of the long report's keys are the excerpt's: its size says they may still be a copy
    long = _record(HEAD, BODY + OTHER, source="wire.txt", outlet="Wire")
    excerpt = _record("Strike over", BODY[:1], source="brief.html", outlet="Brief")
    with open_store(store_url) as store:
        store.ingest([long])
        summary = store.ingest([excerpt])
    assert summary.copies == 1


def _own_words(i: int, n: int) -> str:
    """A paragraph of n words no other report has: report i's own (seeded, reproducible)."""
    rng = random.Random(i)
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    words = ["".join(rng.choice(syllables) for _ in range(3)) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def test_copies_a_copy_is_found_among_reports_sharing_a_boilerplate_paragraph(
    store_url: str,
) -> None:
    boilerplate = (
        "The Harbour Courier is an independent paper owned by its readers. Send news tips to "
        "the newsdesk; corrections are printed on page two of the next edition, every day."
    )
    reports = [
        _record(
            f"Report {i}",
            [_own_words(i, 60), _own_words(1000 + i, 40), boilerplate],
            source=f"courier/{i}.html",
            outlet="Harbour Courier",
        )
        for i in range(COMMON_KEY + 6)
    ]
    with open_store(store_url) as store:
        first = store.ingest(reports, batch_size=32)
        assert first.copies == 0  # a shared paragraph makes no report another's copy
        wanted = reports[7]
        body = wanted.text.split("\n\n")[1:]
        copy = _record("Another headline", body, source="echo/7.html", outlet="Selby Echo")
        summary = store.ingest([copy])
    assert summary.copies == 1
    assert [(orig, src) for orig, src, *_ in _links(store_url)] == [(wanted.id, "echo/7.html")]
