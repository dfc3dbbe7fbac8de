"""The Story aggregate: about/since filters and the DataFrame views."""

from __future__ import annotations

import pytest

from storyline import FRAMES, StoryError, build_story

A = "“We will rebuild,” Miriam Castell said. Nine people died."
B = "Daniel Osei resigned. “I take responsibility,” Osei said."


@pytest.fixture
def records(make_record):
    return [
        make_record(
            A,
            published="2025-03-05",
            outlet="Valley Courier",
            entities=[("Miriam Castell", "PERSON", "named")],
            quotes=[
                {
                    "said": "We will rebuild",
                    "speaker": "Miriam Castell",
                    "speaker_name": "Miriam Castell",
                    "speaker_type": "person",
                }
            ],
            figures=[{"text": "Nine people", "value": 9, "unit": "person", "what": "die"}],
        ),
        make_record(
            B,
            published="2025-03-09",
            outlet="Northern Wire",
            entities=[("Daniel Osei", "PERSON", "named")],
            quotes=[
                {
                    "said": "I take responsibility",
                    "speaker": "Osei",
                    "speaker_name": "Daniel Osei",
                    "speaker_type": "person",
                }
            ],
            events=[
                {
                    "text": "resigned",
                    "type": "RETREAT",
                    "actor": "Daniel Osei",
                    "date": "2025-03-09",
                }
            ],
        ),
    ]


def test_story_about_keeps_reports_that_mention_the_entity(records) -> None:
    story = build_story(records, about="Osei")
    assert story.about is not None
    assert story.about.name == "Daniel Osei"
    assert story.n_reports == 1
    assert [h.speaker for h in story.speakers] == ["Daniel Osei"]


def test_story_about_unknown_entity_is_an_error(records) -> None:
    with pytest.raises(StoryError, match="Zebulon: no entity of that name"):
        build_story(records, about="Zebulon")


def test_story_since_drops_earlier_reports(records) -> None:
    story = build_story(records, since="2025-03-06")
    assert story.n_reports == 1
    assert story.figures == ()
    assert [e.type for e in story.timeline] == ["RETREAT"]


@pytest.mark.parametrize("name", sorted(FRAMES))
def test_story_frames(records, name: str) -> None:
    frame = build_story(records).frame(name)
    assert len(frame) >= (0 if name == "disagreements" else 1)
    assert len(frame.columns) >= 5
    if "start" in frame.columns:
        for row in frame.itertuples():
            rec = next(r for r in records if r.id == row.report_id)
            assert rec.text[row.start : row.end] == row.text


def test_story_unknown_frame(records) -> None:
    with pytest.raises(StoryError, match="no such story view"):
        build_story(records).frame("nope")


def test_story_about_an_ambiguous_surname_lists_the_people(make_record) -> None:
    recs = [
        make_record(text, entities=[(name, "PERSON", "named")])
        for name, text in (
            ("Anna Holt", "Anna Holt spoke."),
            ("Peter Holt", "Peter Holt spoke."),
            ("Anna Holt", "Anna Holt spoke again."),
        )
    ]
    with pytest.raises(StoryError, match=r"Holt: several people .*Anna Holt \(2 reports\); Peter"):
        build_story(recs, about="Holt")
    assert build_story(recs, about="Peter Holt").n_reports == 1
