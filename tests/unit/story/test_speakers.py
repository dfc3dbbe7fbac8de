"""Speaker histories: named speakers across outlets, anonymous descriptions kept apart."""

from __future__ import annotations

from storyline.story import anonymous_share, resolve_entities, speaker_histories

A = "“We will rebuild,” Governor Miriam Castell said on Tuesday."
B = "“Nobody sleeps in a hall for a month,” Castell said."
C = "“The reports went nowhere,” an engineer at the company, who asked not to be named, said."
D = "“Warnings were ignored,” said an engineer at the company."


def test_speakers_history_in_order_across_outlets(make_record) -> None:
    recs = [
        make_record(
            B,
            published="2025-03-06",
            outlet="Harbor Post",
            entities=[("Castell", "PERSON", "named")],
            quotes=[
                {
                    "said": "Nobody sleeps in a hall for a month",
                    "speaker": "Castell",
                    "speaker_name": "Castell",
                    "speaker_type": "person",
                }
            ],
        ),
        make_record(
            A,
            published="2025-03-04",
            outlet="Valley Courier",
            entities=[("Miriam Castell", "PERSON", "named")],
            quotes=[
                {
                    "said": "We will rebuild",
                    "speaker": "Governor Miriam Castell",
                    "speaker_name": "Miriam Castell",
                    "speaker_type": "person",
                }
            ],
        ),
    ]
    (history,) = speaker_histories(recs, resolve_entities(recs))
    assert history.speaker == "Miriam Castell"
    assert [s.content for s in history.statements] == [
        "We will rebuild",
        "Nobody sleeps in a hall for a month",
    ]
    assert history.outlets == ("Valley Courier", "Harbor Post")


def test_speakers_anonymous_description_is_one_source(make_record) -> None:
    desc_c = "an engineer at the company, who asked not to be named"
    recs = [
        make_record(
            C,
            published="2025-03-06",
            outlet="Valley Courier",
            entities=[(desc_c, "PERSON", "description")],
            quotes=[
                {
                    "said": "The reports went nowhere",
                    "speaker": desc_c,
                    "speaker_name": desc_c,
                    "speaker_type": "person",
                }
            ],
        ),
        make_record(
            D,
            published="2025-03-07",
            outlet="Harbor Post",
            quotes=[
                {
                    "said": "Warnings were ignored",
                    "speaker": "an engineer at the company",
                    "speaker_type": "anonymous",
                }
            ],
        ),
    ]
    (history,) = speaker_histories(recs, resolve_entities(recs))
    assert history.is_anonymous
    assert history.speaker == "engineer at the company"
    assert len(history.statements) == 2
    assert anonymous_share([history]) == 1.0


def test_speakers_unresolved_pronoun_is_nobody(make_record) -> None:
    """An "I" or a "who" the report could not name is no speaker of the story."""
    text = (
        "“We will rebuild,” Miriam Castell said. “I disagree,” I said. Voters, who said no, left."
    )
    rec = make_record(
        text,
        published="2025-03-04",
        entities=[("Miriam Castell", "PERSON", "named")],
        quotes=[
            {"said": "We will rebuild", "speaker": "Miriam Castell",
             "speaker_name": "Miriam Castell", "speaker_type": "person"},
            {"said": "I disagree", "speaker": "I said", "speaker_name": None,
             "speaker_type": "unknown"},
            {"said": "no", "speaker": "who", "speaker_name": None, "speaker_type": "unknown"},
        ],
    )  # fmt: skip
    histories = speaker_histories([rec], resolve_entities([rec]))
    assert [h.speaker for h in histories] == ["Miriam Castell"]


def test_speakers_type_is_what_most_reports_say(make_record) -> None:
    quote = {"said": "We will rebuild", "speaker": "Castell", "speaker_name": "Castell"}
    recs = [
        make_record(
            "“We will rebuild,” Castell said.",
            published=f"2025-03-0{day}",
            outlet=f"Outlet {day}",
            entities=[("Castell", "PERSON", "named")],
            quotes=[{**quote, "speaker_type": kind}],
        )
        for day, kind in ((1, "group"), (2, "person"), (3, "person"))
    ]
    (history,) = speaker_histories(recs, resolve_entities(recs))
    assert history.speaker_type == "person"


def test_speakers_a_joint_statement_is_in_each_history(make_record) -> None:
    text = "“We were soldiers,” Mara Voss and Teodor Lind said."
    rec = make_record(
        text,
        published="2025-03-04",
        entities=[("Mara Voss", "PERSON", "named"), ("Teodor Lind", "PERSON", "named")],
        quotes=[
            {"said": "We were soldiers", "speaker": "Mara Voss and Teodor Lind",
             "speaker_name": "Mara Voss; Teodor Lind", "speaker_type": "person"},
        ],
    )  # fmt: skip
    histories = speaker_histories([rec], resolve_entities([rec]))
    assert sorted(h.speaker for h in histories) == ["Mara Voss", "Teodor Lind"]
    assert all(h.statements[0].content == "We were soldiers" for h in histories)
