"""Labels that read as words: an empty or auxiliary ``what`` leaves the unit alone."""

from __future__ import annotations

import pytest

from storyline.story import figure_histories, resolve_entities
from storyline.story.labels import counted_what, figure_label


@pytest.mark.parametrize(
    ("unit", "what", "label"),
    [
        ("person", "killed", "person killed"),
        ("hostage", "Freed", "hostage freed"),
        ("family", "had", "family"),
        ("warning", "be", "warning"),
        ("person", "were", "person"),
        ("child", "'s", "child"),
        ("home", "  ", "home"),
        ("home", "-", "home"),
        ("home", None, "home"),
        ("school", "stay closed", "school stay closed"),
    ],
)
def test_labels_figure_label_reads_as_words(unit: str, what: str | None, label: str) -> None:
    assert figure_label(unit, what) == label


@pytest.mark.parametrize("what", ["had", "Has", "is", "WAS", "been", "did", "could", "including"])
def test_labels_auxiliary_is_no_what(what: str) -> None:
    assert counted_what(what) is None


def test_labels_empty_what_joins_its_unit_in_one_history(make_record) -> None:
    """ "The family had 3 ..." and "3 families" count one thing, labelled by the unit alone."""
    recs = [
        make_record(
            "Three families had lost homes, the council said.",
            published="2025-03-04",
            figures=[{"text": "Three families", "value": 3, "unit": "family", "what": "had"}],
        ),
        make_record(
            "Four families, the council said on Tuesday.",
            published="2025-03-05",
            figures=[{"text": "Four families", "value": 4, "unit": "family"}],
        ),
    ]
    histories = figure_histories(recs, resolve_entities(recs))
    assert [(h.label, len(h.points)) for h in histories] == [("family", 2)]
