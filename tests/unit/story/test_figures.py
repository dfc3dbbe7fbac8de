"""Figure histories per counted thing, and disagreements between sources on one date."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.story import figure_histories, find_disagreements, resolve_entities
from storyline.story.citation import Citation
from storyline.story.figures import FigureHistory, FigurePoint

DAY1 = "Three people died, the agency said."
DAY2_AGENCY = "Nine people have died, the agency said on Wednesday."
DAY2_HOSPITAL = "Fourteen people were killed, the hospital said on Wednesday."


def _records(make_record):
    return [
        make_record(
            DAY1,
            published="2025-03-04",
            outlet="Northern Wire",
            figures=[
                {
                    "text": "Three people",
                    "value": 3,
                    "unit": "person",
                    "what": "die",
                    "source": "Keltvale Emergency Agency",
                }
            ],
        ),
        make_record(
            DAY2_AGENCY,
            published="2025-03-05",
            outlet="Northern Wire",
            figures=[
                {
                    "text": "Nine people",
                    "value": 9,
                    "unit": "person",
                    "what": "die",
                    "source": "Keltvale Emergency Agency",
                }
            ],
        ),
        make_record(
            DAY2_HOSPITAL,
            published="2025-03-05",
            outlet="Valley Courier",
            figures=[
                {
                    "text": "Fourteen people",
                    "value": 14,
                    "unit": "person",
                    "what": "killed",
                    "source": "St Brannock Hospital",
                }
            ],
        ),
    ]


def test_figures_history_in_date_order_with_sources(make_record) -> None:
    recs = _records(make_record)
    (history,) = figure_histories(recs, resolve_entities(recs))
    assert history.label == "person killed"
    assert [(p.date, p.value, p.said_by) for p in history.points] == [
        ("2025-03-04", 3, "Keltvale Emergency Agency"),
        ("2025-03-05", 9, "Keltvale Emergency Agency"),
        ("2025-03-05", 14, "St Brannock Hospital"),
    ]
    for p in history.points:
        rec = next(r for r in recs if r.id == p.citation.report_id)
        assert rec.text[p.citation.start : p.citation.end] == p.citation.text


def test_figures_disagreement_keeps_both_sources(make_record) -> None:
    recs = _records(make_record)
    (d,) = find_disagreements(figure_histories(recs, resolve_entities(recs)))
    assert (d.unit, d.what, d.date) == ("person", "killed", "2025-03-05")
    assert d.sources == ("Keltvale Emergency Agency: 9", "St Brannock Hospital: 14")


@pytest.mark.parametrize(
    ("first", "second", "disagree"),
    [
        ({"value": 100, "approx": "more than"}, {"value": 120}, False),
        ({"value": 100, "approx": "about"}, {"value": 104}, False),
        ({"value": 100, "approx": "about"}, {"value": 140}, True),
        ({"value": None, "low": 12, "high": 15}, {"value": 14}, False),
        ({"value": 100, "approx": "fewer than"}, {"value": 120}, True),
        ({"value": 9}, {"value": 9}, False),
    ],
)
def test_figures_intervals_decide_disagreement(make_record, first, second, disagree) -> None:
    recs = [
        make_record(
            f"Report {i}: 77 hostages.",
            published="2025-01-01",
            outlet=f"Outlet {i}",
            figures=[{"text": "77 hostages", "unit": "hostage", "what": "held"} | fig],
        )
        for i, fig in enumerate((first, second))
    ]
    found = find_disagreements(figure_histories(recs, resolve_entities(recs)))
    assert bool(found) is disagree


def test_figures_same_source_never_disagrees_with_itself(make_record) -> None:
    recs = [
        make_record(
            f"Day {v}: {v} homes.",
            published="2025-01-01",
            outlet="Same",
            figures=[{"text": f"{v} homes", "value": v, "unit": "home", "what": "damaged"}],
        )
        for v in (10, 20)
    ]
    assert find_disagreements(figure_histories(recs, resolve_entities(recs))) == []


_APPROX = st.sampled_from([None, "about", "more than", "fewer than", "dozens", "nearly"])


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Agency", "agency", "Hospital", "Police"]),
            st.integers(0, 30),
            _APPROX,
        ),
        min_size=1,
        max_size=12,
    )
)
def test_figures_conflict_matches_every_pair_check(values) -> None:
    points = [
        FigurePoint(
            value=float(v),
            low=None,
            high=None,
            approx=approx,
            date="2025-03-04",
            said_by=who,
            source=who,
            ordinal=False,
            cumulative=False,
            citation=Citation("r", "r.txt", None, None, 0, 1, "x"),
        )
        for who, v, approx in values
    ]
    pairwise = any(
        a.said_by.casefold() != b.said_by.casefold()
        and (a.interval[1] < b.interval[0] or b.interval[1] < a.interval[0])
        for i, a in enumerate(points)
        for b in points[i + 1 :]
    )
    history = FigureHistory("person", "killed", tuple(points))
    assert bool(find_disagreements([history])) == pairwise
