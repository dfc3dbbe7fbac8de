"""SVG charts: well-formed, inert with hostile text, and drawing what the data says."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from markupsafe import Markup

from storyline.story.citation import Citation
from storyline.story.figures import FigureHistory, FigurePoint
from storyline.web.charts import OTHER, figure_svg, timeline_svg

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = ["<script>alert(1)</script>", '" onmouseover="alert(1)', "a & b's \x00 \x1b"]


def parse(svg: Markup) -> ET.Element:
    assert isinstance(svg, Markup)
    return ET.fromstring(str(svg))  # raises unless well-formed XML


def elements(root: ET.Element, tag: str, cls: str | None = None) -> list[ET.Element]:
    found = root.iter(SVG + tag)
    return [e for e in found if cls is None or cls in e.get("class", "").split()]


def titles(root: ET.Element, tag: str, cls: str | None = None) -> list[str]:
    return [e.findtext(SVG + "title") or "" for e in elements(root, tag, cls)]


def assert_inert(root: ET.Element) -> None:
    """No script, no inline style, no event handler, no foreign content, no script URL."""
    for e in root.iter():
        assert e.tag.removeprefix(SVG) not in {"script", "style", "foreignObject", "image", "use"}
        for name, value in e.attrib.items():
            assert not name.lower().startswith("on"), name
            assert name != "style"
            assert not value.strip().lower().startswith(("javascript:", "data:")), value


def cite(report_id: str = "r1", outlet: str | None = "The Keltvale Courier") -> Citation:
    return Citation(report_id, f"{report_id}.txt", outlet, "2025-03-04", 10, 12, "14")


def point(
    value: float | None,
    day: str | None,
    said_by: str = "St Brannock Hospital",
    *,
    approx: str | None = None,
    low: float | None = None,
    high: float | None = None,
    report_id: str = "r1",
) -> FigurePoint:
    return FigurePoint(
        value, low, high, approx, day, said_by, said_by, False, False, cite(report_id)
    )


def history(*points: FigurePoint, unit: str = "person", what: str | None = "killed"):
    return FigureHistory(unit, what, tuple(points))


def link(c: Citation) -> str:
    return f"/reports/{c.report_id}?mark={c.start}-{c.end}&from=chart#mark"


def days(first: date, n: int, step: int = 1) -> list[str]:
    return [(first + timedelta(days=i * step)).isoformat() for i in range(n)]


# --- both charts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "svg",
    [
        lambda: timeline_svg({"2025-03-04": {"PROTEST": 3}}),
        lambda: timeline_svg({}),
        lambda: figure_svg(history(point(14, "2025-03-04")), href=link),
        lambda: figure_svg(history(point(14, None)), href=link),
    ],
)
def test_charts_are_labelled_images_scaled_by_css(svg) -> None:
    root = parse(svg())
    assert root.tag == SVG + "svg"
    assert root.get("role") == "img"
    assert "chart" in root.get("class", "").split()
    assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox", ""))
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    labelled_by = root.get("aria-labelledby", "").split()
    assert labelled_by
    assert set(labelled_by) <= ids
    assert all(re.fullmatch(r"[a-z][a-z0-9-]*", i) for i in ids)
    assert root.find(SVG + "title") is not None
    assert root.find(SVG + "desc") is not None
    assert_inert(root)


@pytest.mark.parametrize("name", HOSTILE)
def test_charts_ids_are_safe_and_unique(name: str) -> None:
    h = history(point(14, "2025-03-04"), unit=name, what=None)
    roots = [parse(figure_svg(h, href=link)) for _ in range(2)]
    ids = [r.find(SVG + "title").get("id") for r in roots]
    assert ids[0] != ids[1]
    assert all(re.fullmatch(r"[a-z][a-z0-9-]*", i) for i in ids)
    given = parse(figure_svg(h, href=link, chart_id=f"F 1 {name}"))
    assert re.fullmatch(r"[a-z][a-z0-9-]*", given.find(SVG + "title").get("id"))


# --- timeline ----------------------------------------------------------------------------------


def test_timeline_one_bar_per_day_and_type_with_tooltips() -> None:
    root = parse(
        timeline_svg({"2025-03-04": {"PROTEST": 3, "ASSAULT": 1}, "2025-03-06": {"PROTEST": 2}})
    )
    assert sorted(titles(root, "rect", "bar")) == [
        "2025-03-04 · ASSAULT: 1",
        "2025-03-04 · PROTEST: 3",
        "2025-03-06 · PROTEST: 2",
    ]
    assert root.findtext(SVG + "title") == "Events per day by type"


def test_timeline_bars_stack_and_share_a_colour_per_type() -> None:
    root = parse(
        timeline_svg({"2025-03-04": {"PROTEST": 3, "ASSAULT": 1}, "2025-03-05": {"PROTEST": 1}})
    )
    bars = {e.findtext(SVG + "title"): e for e in elements(root, "rect", "bar")}
    assault, protest = bars["2025-03-04 · ASSAULT: 1"], bars["2025-03-04 · PROTEST: 3"]
    bottom = float(protest.get("y")) + float(protest.get("height"))
    assert bottom == pytest.approx(float(assault.get("y")))  # stacked on top of each other
    assert float(protest.get("height")) == pytest.approx(3 * float(assault.get("height")))
    assert protest.get("fill") == bars["2025-03-05 · PROTEST: 1"].get("fill") != assault.get("fill")
    legend = [t.text for t in elements(root, "g", "legend")[0].iter(SVG + "text")]
    assert legend == ["ASSAULT", "PROTEST"]


def test_timeline_gap_days_are_shown_empty() -> None:
    root = parse(timeline_svg({"2025-03-04": {"PROTEST": 1}, "2025-03-09": {"PROTEST": 1}}))
    labels = [e.text for e in elements(root, "text", "axis")]
    assert labels == days(date(2025, 3, 4), 6)
    first, last = (float(e.get("x")) for e in elements(root, "rect", "bar"))
    width = float(elements(root, "rect", "bar")[0].get("width"))
    assert last - first > 5 * width  # five day-widths apart, not side by side


@pytest.mark.parametrize("junk", ["2025-03", "2025", "junk", "2025-02-30", "20250304", "2025-3-4"])
def test_timeline_ignores_keys_that_are_not_full_days(junk: str) -> None:
    root = parse(timeline_svg({junk: {"ASSAULT": 5}, "2025-03-04": {"PROTEST": 1}}))
    assert titles(root, "rect", "bar") == ["2025-03-04 · PROTEST: 1"]


@pytest.mark.parametrize("counts", [{}, {"junk": {"PROTEST": 2}}, {"2025-03-04": {"PROTEST": 0}}])
def test_timeline_without_dated_events_says_so(counts) -> None:
    root = parse(timeline_svg(counts))
    assert "No dated events" in "".join(root.itertext())
    assert not elements(root, "rect", "bar")


def test_timeline_bins_by_iso_week_over_180_days() -> None:
    counts = {d: {"PROTEST": 1} for d in days(date(2024, 1, 3), 400)}  # a Wednesday onwards
    root = parse(timeline_svg(counts))
    assert "week" in root.findtext(SVG + "title")
    bars = titles(root, "rect", "bar")
    starts = [date.fromisoformat(t.split(" · ")[0]) for t in bars]
    assert all(d.weekday() == 0 for d in starts)  # labelled by the week's Monday
    assert bars[0] == "2024-01-01 · PROTEST: 5"  # Wednesday to Sunday of the first week
    assert bars[1] == "2024-01-08 · PROTEST: 7"
    assert len(bars) == len(set(starts)) == 58


def test_timeline_bins_by_month_over_five_years() -> None:
    counts = {d: {"PROTEST": 1} for d in days(date(2018, 1, 1), 300, step=7)}
    root = parse(timeline_svg(counts))
    assert "month" in root.findtext(SVG + "title")
    months = [t.split(" · ")[0] for t in titles(root, "rect", "bar")]
    assert all(re.fullmatch(r"\d{4}-\d{2}", m) for m in months)
    assert months[0] == "2018-01"
    assert len(months) == len(set(months))


def test_timeline_date_labels_do_not_overlap() -> None:
    counts = {d: {"PROTEST": 1} for d in days(date(2025, 1, 1), 181)}
    root = parse(timeline_svg(counts))
    xs = [float(e.get("x")) for e in elements(root, "text", "axis")]
    assert 4 <= len(xs) < 181
    assert min(b - a for a, b in itertools.pairwise(xs)) > 10 * 7  # a label is ~70px


def test_timeline_types_beyond_the_palette_share_other_grey() -> None:
    types = [f"TYPE{i:02d}" for i in range(13)]
    root = parse(timeline_svg({"2025-03-04": dict.fromkeys(types, 1)}))
    fills = {
        t.split(": ")[0].split(" · ")[1]: e.get("fill")
        for t, e in zip(titles(root, "rect", "bar"), elements(root, "rect", "bar"), strict=True)
    }
    assert len({fills[t] for t in types[:10]}) == 10
    assert {fills[t] for t in types[10:]} == {OTHER}
    legend = [t.text for t in elements(root, "g", "legend")[0].iter(SVG + "text")]
    assert legend == [*types[:10], "other types"]


@pytest.mark.parametrize("name", HOSTILE)
def test_timeline_hostile_type_names_stay_text(name: str) -> None:
    root = parse(timeline_svg({"2025-03-04": {name: 2}}))
    assert_inert(root)
    clean = name.replace("\x00", "").replace("\x1b", "")
    assert titles(root, "rect", "bar") == [f"2025-03-04 · {clean}: 2"]


# --- figure ------------------------------------------------------------------------------------


def test_figure_one_point_per_report_each_linked_to_its_citation() -> None:
    h = history(
        point(14, "2025-03-04", report_id="a"),
        point(9, "2025-03-04", "Keltvale Emergency Agency", report_id="b"),
        point(20, "2025-03-06", report_id="c"),
    )
    root = parse(figure_svg(h, href=link))
    anchors = elements(root, "a")
    assert len(anchors) == len(elements(root, "circle", "point")) == 3
    assert [a.get("href") for a in anchors] == [link(p.citation) for p in h.points]
    assert anchors[0].findtext(SVG + "title") == (
        "St Brannock Hospital: 14 (2025-03-04) — The Keltvale Courier"
    )
    assert root.findtext(SVG + "title") == "person killed"


def test_figure_merges_same_day_source_and_value() -> None:
    same = [point(14, "2025-03-04", report_id=f"r{i}") for i in range(3)]
    h = history(*same, point(15, "2025-03-04"), point(14, "2025-03-05"))
    root = parse(figure_svg(h, href=link))
    anchors = elements(root, "a")
    assert len(anchors) == 3
    assert anchors[0].findtext(SVG + "title").endswith("(3 reports)")
    assert anchors[0].get("href") == link(same[0].citation)  # the first report
    assert "5 reports as 3 points" in root.findtext(SVG + "desc")


def test_figure_output_grows_with_distinct_points_not_reports() -> None:
    def many(n: int) -> FigureHistory:
        return history(*(point(10 + i % 3, "2025-03-04", report_id=f"r{i}") for i in range(n)))

    small, big = (figure_svg(many(n), href=link, chart_id="c") for n in (3, 3000))
    assert len(elements(parse(big), "a")) == 3
    assert len(big) < len(small) + 100


def test_figure_leaves_out_undated_reports_and_counts_them() -> None:
    h = history(point(14, "2025-03-04"), point(15, None), point(16, "2025-03"), point(9, "junk"))
    root = parse(figure_svg(h, href=link))
    assert len(elements(root, "a")) == 1
    assert "3 undated reports not shown" in root.findtext(SVG + "desc")
    assert [e.text for e in elements(root, "text", "note")] == ["3 undated reports not shown"]


def test_figure_with_only_undated_reports_is_a_note() -> None:
    root = parse(figure_svg(history(point(14, None), point(3, "2025")), href=link))
    assert not elements(root, "a")
    assert "2 undated reports not shown" in "".join(root.itertext())


@pytest.mark.parametrize("bad", [float("inf"), float("nan")])
def test_figure_skips_values_no_axis_can_hold(bad: float) -> None:
    h = history(point(14, "2025-03-04"), point(bad, "2025-03-05"), point(None, "2025-03-06"))
    root = parse(figure_svg(h, href=link))
    assert len(elements(root, "a")) == 1


def test_figure_without_undated_reports_has_no_note() -> None:
    root = parse(figure_svg(history(point(14, "2025-03-04")), href=link))
    assert not elements(root, "text", "note")


def test_figure_disputed_day_is_shaded_and_its_points_ringed() -> None:
    h = history(
        point(14, "2025-03-04"),
        point(9, "2025-03-04", "Keltvale Emergency Agency"),
        point(20, "2025-03-06"),
    )
    root = parse(figure_svg(h, disputed={"2025-03-04", "2030-01-01", "junk"}, href=link))
    bands = elements(root, "rect", "disputed")
    assert [b.findtext(SVG + "title") for b in bands] == ["Sources disagree on 2025-03-04"]
    rings = elements(root, "circle", "ring")
    assert len(rings) == 2
    band_x = float(bands[0].get("x")) + float(bands[0].get("width")) / 2
    assert all(float(r.get("cx")) == pytest.approx(band_x) for r in rings)
    legend = [t.text for t in elements(root, "g", "legend")[0].iter(SVG + "text")]
    assert "disputed" in legend


def test_figure_without_disputes_has_no_band_or_legend_entry() -> None:
    root = parse(figure_svg(history(point(14, "2025-03-04")), href=link))
    assert not elements(root, "rect", "disputed")
    assert not elements(root, "circle", "ring")
    assert "disputed" not in [t.text for t in root.iter(SVG + "text")]


@pytest.mark.parametrize(
    ("approx", "points_up"),
    [("more than", True), ("at least", True), ("fewer than", False), ("up to", False)],
)
def test_figure_bounds_are_triangles(approx: str, points_up: bool) -> None:
    root = parse(figure_svg(history(point(100, "2025-03-04", approx=approx)), href=link))
    (triangle,) = elements(root, "polygon", "point")
    (_, tip_y), *base = [tuple(map(float, xy.split(","))) for xy in triangle.get("points").split()]
    assert (tip_y < base[0][1]) is points_up
    assert not elements(root, "circle", "point")


@pytest.mark.parametrize("approx", [None, "about", "dozens"])
def test_figure_plain_and_approximate_values_are_circles(approx: str | None) -> None:
    root = parse(figure_svg(history(point(100, "2025-03-04", approx=approx)), href=link))
    assert len(elements(root, "circle", "point")) == 1
    assert not elements(root, "polygon", "point")


def test_figure_range_is_a_line_from_low_to_high_with_a_middle_marker() -> None:
    h = history(point(None, "2025-03-04", low=10, high=20), point(40, "2025-03-05"))
    root = parse(figure_svg(h, href=link))
    (line,) = elements(root, "line", "range")
    y_low, y_high = float(line.get("y1")), float(line.get("y2"))
    assert y_low > y_high  # SVG y grows downwards: the low end is lower on the page
    dot = elements(root, "circle", "point")[0]
    assert float(dot.get("cy")) == pytest.approx((y_low + y_high) / 2)
    assert elements(root, "a")[0].findtext(SVG + "title").startswith("St Brannock Hospital: 10-20")


def test_figure_one_series_line_per_source_with_points_in_date_order() -> None:
    h = history(
        point(30, "2025-03-06"),
        point(10, "2025-03-04"),
        point(20, "2025-03-05"),
        point(9, "2025-03-04", "Keltvale Emergency Agency"),
        point(12, "2025-03-06", "Keltvale Emergency Agency"),
        point(5, "2025-03-05", "Lone Source"),
    )
    root = parse(figure_svg(h, href=link))
    lines = elements(root, "polyline", "series")
    assert len(lines) == 2  # a single point makes no line
    xs = [float(xy.split(",")[0]) for xy in lines[0].get("points").split()]
    assert xs == sorted(xs)
    assert len(xs) == 3


def test_figure_colours_the_top_eight_sources_and_greys_the_rest() -> None:
    sources = [f"Source {chr(65 + i)}" for i in range(10)]
    pts = [point(i, "2025-03-04", s) for i, s in enumerate(sources) for _ in range(10 - i)]
    root = parse(figure_svg(history(*pts), href=link))
    legend = [t.text for t in elements(root, "g", "legend")[0].iter(SVG + "text")]
    assert legend == [*sources[:8], "other sources"]
    fills = [e.get("fill") for e in elements(root, "circle", "point")]
    assert len(set(fills[:8])) == 8
    assert OTHER not in fills[:8]
    assert fills[8:] == [OTHER, OTHER]


def test_figure_axis_ticks_have_thousands_separators() -> None:
    root = parse(figure_svg(history(point(12_000, "2025-03-04")), href=link))
    axis = [t.text for g in elements(root, "g", "axis") for t in g.iter(SVG + "text")]
    assert axis == ["0", "5,000", "10,000", "15,000"]


@pytest.mark.parametrize("name", HOSTILE)
def test_figure_hostile_names_stay_text(name: str) -> None:
    h = history(point(14, "2025-03-04", name), point(9, "2025-03-04"), unit=name, what=None)
    root = parse(figure_svg(h, disputed={"2025-03-04"}, href=link))
    assert_inert(root)
    clean = name.replace("\x00", "").replace("\x1b", "")
    assert root.findtext(SVG + "title") == clean
    assert elements(root, "a")[0].findtext(SVG + "title").startswith(f"{clean}: 14 (2025-03-04)")
    legend = elements(root, "g", "legend")[0]
    assert clean in [g.findtext(SVG + "title") for g in legend.iter(SVG + "g")]


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", " JaVa\tScRiPt:alert(1)", "data:text/html,x"]
)
def test_figure_script_links_are_dropped(url: str) -> None:
    root = parse(figure_svg(history(point(14, "2025-03-04")), href=lambda c: url))
    assert [a.get("href") for a in elements(root, "a")] == ["#"]


@pytest.mark.parametrize("url", ["/reports/r1?mark=1-2", "https://example.org/a?b=1&c=2", "#m"])
def test_figure_ordinary_links_are_kept(url: str) -> None:
    root = parse(figure_svg(history(point(14, "2025-03-04")), href=lambda c: url))
    assert [a.get("href") for a in elements(root, "a")] == [url]
