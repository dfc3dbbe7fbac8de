"""The annotated report text: exact text, stacked layers, anchors, focus, hostile input."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import storyline
from storyline.record.model import (
    ArticleRecord,
    Caption,
    DateMention,
    Event,
    Figure,
    Quote,
    Span,
)
from storyline.web.annotate import LAYERS, annotate, legend

CSS = Path(storyline.__file__).parent / "web" / "static" / "annotate.css"


class _Page(HTMLParser):
    """What a browser would build: tags, attributes, and the classes over each visible char."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.ids: dict[str, list[int]] = {}  # id -> visible offsets where it sits
        self.badges: list[tuple[str, str, int]] = []  # (class, data-label, offset)
        self.classes: list[frozenset[str]] = []  # per visible char
        self.titles: list[str] = []  # per visible char ("" if none)
        self.text = ""
        self._stack: list[dict[str, str | None]] = []
        self.feed(str(html))  # a plain str: Markup would re-escape what the parser unescapes
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)
        found = dict(attrs)
        if found.get("id"):
            self.ids.setdefault(str(found["id"]), []).append(len(self.text))
        if "data-label" in found:
            self.badges.append((str(found["class"]), str(found["data-label"]), len(self.text)))
        self._stack.append(found)

    def handle_endtag(self, tag: str) -> None:
        self._stack.pop()

    def handle_data(self, data: str) -> None:
        classes = frozenset(c for a in self._stack for c in str(a.get("class") or "").split())
        title = next((str(a["title"]) for a in reversed(self._stack) if a.get("title")), "")
        self.text += data
        self.classes.extend([classes] * len(data))
        self.titles.extend([title] * len(data))

    def covered(self, css: str) -> set[int]:
        return {i for i, c in enumerate(self.classes) if css in c}


def _at(text: str, sub: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return start, start + len(sub)


def _span(text: str, sub: str, nth: int = 0) -> Span:
    start, end = _at(text, sub, nth)
    return Span(start=start, end=end, text=sub)


NESTED = (
    "Police News\n"
    "Police said on Monday that “9 people were killed in the assault on 3 March”, and 3 fled.\n"
    "\r\n"
    "A street in the city. REUTERS\n"
)


def _nested() -> ArticleRecord:
    t = NESTED
    quote_start, _ = _at(t, "9 people")
    _, quote_end = _at(t, "3 March")
    event_start, _ = _at(t, "people were killed")
    return ArticleRecord(
        id="nested",
        source="<test>",
        text=t,
        headline=_span(t, "Police News"),
        captions=[
            Caption(
                **_span(t, "A street in the city. REUTERS").model_dump(),
                credit="REUTERS",
                credit_span=_span(t, "REUTERS"),
            )
        ],
        quotes=[
            Quote(
                kind="direct",
                content=[Span(start=quote_start, end=quote_end, text=t[quote_start:quote_end])],
                speaker=_span(t, "Police", 1),
                speaker_name="Police",
                speaker_type="organization",
                cue=_span(t, "said"),
            )
        ],
        figures=[
            Figure(**_span(t, "9 people").model_dump(), value=9, unit="person", what="killed"),
            Figure(**_span(t, "3", 1).model_dump(), value=3, unit="person", what="fled"),
        ],
        dates=[
            DateMention(**_span(t, "Monday").model_dump(), value="2025-03-03"),
            DateMention(**_span(t, "3 March").model_dump(), value="2025-03-03"),
        ],
        events=[
            Event(
                start=event_start,
                end=quote_end,
                text=t[event_start:quote_end],
                type="ASSAULT",
                status="negated",
            )
        ],
    )


def _expected_cover(record: ArticleRecord) -> dict[str, set[int]]:
    """Which chars each layer covers, computed the slow, obvious way."""
    spans: dict[str, list[Span]] = {layer.name: [] for layer in LAYERS}
    if record.headline:
        spans["headline"].append(record.headline)
    for cap in record.captions:
        spans["caption"].append(cap)
        if cap.credit_span:
            spans["credit"].append(cap.credit_span)
    for q in record.quotes:
        spans["quote"].extend(q.content)
        spans["speaker"].extend([q.speaker] if q.speaker else [])
        spans["cue"].extend([q.cue] if q.cue else [])
    spans["figure"].extend(record.figures)
    spans["date"].extend(record.dates)
    spans["event"].extend(record.events)
    return {
        f"a-{name}": {i for s in group for i in range(s.start, s.end)}
        for name, group in spans.items()
    }


def test_annotate_visible_text_is_the_record_text() -> None:
    record = _nested()
    page = _Page(annotate(record))
    assert page.text == record.text
    assert "\r\n" in page.text
    assert annotate(record).startswith('<div class="report-text">')


def test_annotate_nested_layers_stack_on_each_char() -> None:
    record = _nested()
    page = _Page(annotate(record))
    for css, chars in _expected_cover(record).items():
        assert page.covered(css) == chars, css
    # A date inside a quote inside an event: all three on one char, named in one tooltip.
    i = record.text.index("3 March")
    assert {"a-event", "a-quote", "a-date"} <= page.classes[i]
    assert page.titles[i] == "quote — Police; event ASSAULT (negated); date 2025-03-03"
    assert page.classes[record.text.index("9 people")] == {"report-text", "a-quote", "a-figure"}
    assert page.classes[record.text.index(" and ")] == {"report-text"}


def test_annotate_anchors_sit_at_item_starts() -> None:
    record = _nested()
    page = _Page(annotate(record))
    expected = {
        "quote-0": record.quotes[0].content[0].start,
        "caption-0": record.captions[0].start,
        "event-0": record.events[0].start,
    }
    expected |= {f"figure-{i}": f.start for i, f in enumerate(record.figures)}
    expected |= {f"date-{i}": d.start for i, d in enumerate(record.dates)}
    assert page.ids == {name: [offset] for name, offset in expected.items()}


def test_annotate_badges_follow_items_with_their_reading() -> None:
    record = _nested()
    page = _Page(annotate(record))
    t = record.text
    assert sorted(page.badges, key=lambda b: (b[2], b[0])) == sorted(
        [
            ("badge badge-figure", "9 person killed", _at(t, "9 people")[1]),
            ("badge badge-figure", "3 person fled", _at(t, "3", 1)[1]),
            ("badge badge-date", "2025-03-03", _at(t, "Monday")[1]),
            ("badge badge-date", "2025-03-03", _at(t, "3 March")[1]),
            ("badge badge-event", "ASSAULT (negated)", _at(t, "3 March")[1]),
        ],
        key=lambda b: (b[2], b[0]),
    )
    # Nested items ending together: the inner badge comes first.
    end = _at(t, "3 March")[1]
    assert [b[0] for b in page.badges if b[2] == end] == ["badge badge-date", "badge badge-event"]


@pytest.mark.parametrize(
    ("figure", "reading"),
    [
        ({"value": 9, "unit": "person", "what": "killed"}, "9 person killed"),
        (
            {"value": 100, "low": 100, "approx": "more than", "unit": "hostage", "what": "freed"},
            "more than 100 hostage freed",
        ),
        ({"value": 10000, "unit": "airstrike", "ordinal": True}, "10,000th airstrike"),
        ({"low": 24, "high": 99, "approx": "dozens", "unit": "hostage"}, "dozens hostage"),
        ({"low": 10, "high": 12, "unit": "truck"}, "10–12 truck"),
        ({"value": 2.5, "unit": "million", "cumulative": True}, "2.5 million (cumulative)"),
    ],
)
def test_annotate_figure_badge_reads_the_figure(figure: dict[str, Any], reading: str) -> None:
    text = "Some figure here."
    record = ArticleRecord(
        id="f",
        source="<test>",
        text=text,
        figures=[Figure(**_span(text, "figure").model_dump(), **figure)],
    )
    assert _Page(annotate(record)).badges == [("badge badge-figure", reading, 11)]


def test_annotate_mark_focuses_the_marked_segments() -> None:
    record = _nested()
    start, end = _at(record.text, "Police said on Monday that")
    page = _Page(annotate(record, mark=(start, end)))
    assert page.text == record.text
    assert page.covered("a-focus") == set(range(start, end))
    assert page.ids["mark"] == [start]
    # Focus adds a class; the layers underneath are unchanged.
    plain = _Page(annotate(record))
    assert [c - {"a-focus"} for c in page.classes] == plain.classes


@pytest.mark.parametrize("mark", [(-1, 5), (5, 5), (9, 3), (0, 10_000), (10_000, 10_001)])
def test_annotate_invalid_mark_is_ignored(mark: tuple[int, int]) -> None:
    record = _nested()
    assert annotate(record, mark=mark) == annotate(record)


def test_annotate_skips_spans_outside_the_text_or_empty() -> None:
    text = "Nine people died on Monday."
    # model_construct skips the validator: a corrupt row must not break the page.
    record = ArticleRecord.model_construct(
        id="bad",
        source="<test>",
        text=text,
        figures=[
            Figure.model_construct(start=20, end=99, text="", unit="person"),
            Figure.model_construct(start=5, end=5, text="", unit="person"),
            Figure.model_construct(start=0, end=11, text="Nine people", unit="person", value=9),
        ],
        dates=[DateMention.model_construct(start=-4, end=2, text="", value="2025-01-01")],
        quotes=[
            Quote.model_construct(
                kind="direct", content=[Span.model_construct(start=30, end=40, text="")]
            )
        ],
    )
    page = _Page(annotate(record))
    assert page.text == text
    assert page.covered("a-figure") == set(range(11))
    assert page.ids == {"figure-2": [0]}


HOSTILE = (
    "<script>alert(1)</script> said the <img src=x onerror=alert(1)> spokesman.\r\n"
    "Escaped: &lt;b&gt; &amp; javascript:alert(1) \" ' </div></span>\n"
    'Photo: <a href="javascript:alert(1)">x</a> AP'
)


def test_annotate_hostile_text_stays_text() -> None:
    t = HOSTILE
    evil_name = '<script>alert(1)</script>" onmouseover="alert(1)'
    record = ArticleRecord(
        id="evil",
        source="<test>",
        text=t,
        captions=[
            Caption(
                **_span(t, 'Photo: <a href="javascript:alert(1)">x</a> AP').model_dump(),
                credit='AP"><img src=x onerror=alert(1)>',
                credit_span=_span(t, "AP"),
            )
        ],
        quotes=[
            Quote(
                kind="direct",
                content=[_span(t, "<script>alert(1)</script>")],
                speaker=_span(t, "the <img src=x onerror=alert(1)> spokesman"),
                speaker_name=evil_name,
                cue=_span(t, "said"),
            )
        ],
        events=[
            Event(**_span(t, "&lt;b&gt;").model_dump(), type="<script>", status="hypothetical")
        ],
    )
    html = annotate(record, mark=_at(t, "javascript:alert(1)"))
    page = _Page(html)
    assert set(page.tags) == {"div", "span"}
    assert page.text == t
    assert "&lt;b&gt;" in page.text
    assert "&amp;" in page.text
    names = {name for name, _ in page.attrs}
    assert names <= {"class", "id", "title", "data-label", "aria-hidden"}
    assert not any(name.startswith("on") for name in names)
    # The hostile name is only an attribute's text: one title attribute, read back verbatim.
    i = t.index("spokesman")
    assert page.titles[i] == f"speaker — {evil_name}"
    assert ("badge badge-event", "<script> (hypothetical)", _at(t, "&lt;b&gt;")[1]) in page.badges


@st.composite
def _records(draw: st.DrawFn) -> ArticleRecord:
    text = draw(st.text(alphabet="ab <&>\"'\r\n;“”", max_size=40))
    n = len(text)

    def spans(size: int) -> list[tuple[int, int]]:
        pairs = st.tuples(st.integers(0, n), st.integers(0, n))
        return [(min(p), max(p)) for p in draw(st.lists(pairs, max_size=size))]

    def cut(s: int, e: int) -> dict[str, Any]:
        return {"start": s, "end": e, "text": text[s:e]}

    return ArticleRecord(
        id="h",
        source="<test>",
        text=text,
        quotes=[
            Quote(kind="mixed", content=[Span(**cut(s, e))], cue=Span(**cut(s, s)))
            for s, e in spans(3)
        ],
        figures=[Figure(**cut(s, e), unit="thing") for s, e in spans(4)],
        dates=[DateMention(**cut(s, e)) for s, e in spans(4)],
        events=[Event(**cut(s, e), type="X") for s, e in spans(3)],
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=_records(), mark=st.tuples(st.integers(-2, 45), st.integers(-2, 45)))
def test_annotate_any_overlap_keeps_text_and_layers(
    record: ArticleRecord, mark: tuple[int, int]
) -> None:
    page = _Page(annotate(record, mark=mark))
    assert page.text == record.text
    for css, chars in _expected_cover(record).items():
        assert page.covered(css) == chars, css
    valid = 0 <= mark[0] < mark[1] <= len(record.text)
    assert page.covered("a-focus") == (set(range(*mark)) if valid else set())
    assert all(len(where) == 1 for where in page.ids.values())


def test_annotate_output_stays_linear_when_hundreds_of_spans_nest() -> None:
    n = 2000
    text = "x" * (2 * n)
    figures = [
        Figure(start=i, end=2 * n - i, text=text[i : 2 * n - i], unit="thing", value=i)
        for i in range(n)
    ]
    record = ArticleRecord(id="big", source="<test>", text=text, figures=figures)
    html = annotate(record)
    # Every char is covered by up to n figures; tooltips are capped, so the page is not O(n²).
    assert len(html) < 1000 * n
    page = _Page(html)
    assert page.text == text
    assert len(page.ids) == n


def test_legend_has_one_swatch_per_layer_styled_in_the_css() -> None:
    page = _Page(legend())
    swatches = [str(v) for k, v in page.attrs if k == "class" and "swatch" in str(v)]
    assert swatches == [f"swatch {layer.css}" for layer in LAYERS]
    for layer in LAYERS:
        assert layer.description in page.text
    css = CSS.read_text(encoding="utf-8")
    for name in [*(layer.css for layer in LAYERS), "a-focus", "report-text", "badge"]:
        assert f".{name}" in css, name
    assert "white-space: pre-wrap" in css


# --- the real seed report (needs the spaCy pipeline) ---------------------------------------


@pytest.fixture(scope="module")
def seed_record(shared_dir: Path) -> ArticleRecord:
    return storyline.read(shared_dir / "seed" / "hostage-talks-article.txt", published="2023-12-04")


@pytest.mark.model
def test_annotate_seed_visible_text_is_the_record_text(seed_record: ArticleRecord) -> None:
    page = _Page(annotate(seed_record))
    assert page.text == seed_record.text
    assert set(page.tags) == {"div", "span"}


@pytest.mark.model
def test_annotate_seed_quotes_are_highlighted(seed_record: ArticleRecord) -> None:
    assert seed_record.quotes
    page = _Page(annotate(seed_record))
    quoted = page.covered("a-quote")
    for quote in seed_record.quotes:
        for span in quote.content:
            assert set(range(span.start, span.end)) <= quoted, span.text
            assert page.text[span.start : span.end] == span.text


@pytest.mark.model
def test_annotate_seed_ids_exist_once_each(seed_record: ArticleRecord) -> None:
    page = _Page(annotate(seed_record))
    assert all([seed_record.figures, seed_record.dates, seed_record.events])
    expected = {
        f"quote-{i}": min(s.start for s in q.content) for i, q in enumerate(seed_record.quotes)
    }
    for kind, items in [
        ("figure", seed_record.figures),
        ("date", seed_record.dates),
        ("event", seed_record.events),
        ("caption", seed_record.captions),
    ]:
        expected |= {f"{kind}-{i}": item.start for i, item in enumerate(items)}
    assert page.ids == {name: [offset] for name, offset in expected.items()}


@pytest.mark.model
def test_annotate_seed_mark_lands_on_a_quote(seed_record: ArticleRecord) -> None:
    span = seed_record.quotes[1].content[0]
    page = _Page(annotate(seed_record, mark=(span.start, span.end)))
    assert page.ids["mark"] == [span.start]
    assert page.covered("a-focus") == set(range(span.start, span.end))
    assert page.text == seed_record.text
