"""Figures: numbers with what they count, on short reports we wrote ourselves."""

from __future__ import annotations

import json
import pathlib
from collections.abc import Callable
from datetime import date

import pytest
from spacy.language import Language

from storyline.extract import Context, extract
from storyline.extract.figures import extract_figures
from storyline.ingest.article import Article
from storyline.ingest.text import read_text
from storyline.nlp import parse
from storyline.record import Figure

pytestmark = pytest.mark.model

PUBLISHED = date(2024, 5, 8)  # a Wednesday


def _with_results(doc, ctx: Context) -> Context:
    for name, value in extract(doc, ctx).items():
        ctx = ctx.with_result(name, value)
    return ctx


@pytest.fixture
def figures_of(parse_text: Callable) -> Callable[..., list[Figure]]:
    def _figures(text: str, published: date | None = PUBLISHED) -> list[Figure]:
        doc, ctx = parse_text(text, published)
        return extract_figures(doc, _with_results(doc, ctx))

    return _figures


def _one(figures: list[Figure], text: str) -> Figure:
    """Return the figure whose span text is ``text``, else the one that contains it."""
    hits = [f for f in figures if f.text == text] or [f for f in figures if text in f.text]
    assert len(hits) == 1, [f.text for f in figures]
    return hits[0]


# --- number forms ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "value", "unit"),
    [
        ("Rescuers pulled 240 people from the river.", "240 people", 240, "person"),
        ("Three soldiers were wounded in the blast.", "Three soldiers", 3, "soldier"),
        (
            "Twenty-five civilians were evacuated overnight.",
            "Twenty-five civilians",
            25,
            "civilian",
        ),
        ("The port handled 10,000 containers last week.", "10,000 containers", 10_000, "container"),
        ("The city counted 1.5 million voters.", "1.5 million voters", 1_500_000, "voter"),
        ("The fund raised $4.2 billion for the dam.", "$4.2 billion", 4_200_000_000, "dollar"),
        ("Half a dozen journalists were held at the border.", "Half a dozen", 6, "journalist"),
        ("A dozen aid workers were released on Monday.", "A dozen aid workers", 12, "worker"),
        ("Turnout fell by 12 percent among young voters.", "12 percent", 12, "percent"),
        ("The clinic gave out 400 doses on Friday.", "400 doses", 400, "dose"),  # not "dos"
    ],
)
def test_figures_number_forms(figures_of: Callable, text: str, span: str, value: float, unit: str):
    fig = _one(figures_of(text), span)
    assert fig.text.startswith(span)
    assert fig.value == value
    assert fig.unit == unit
    assert not fig.ordinal


# --- bounds, ranges, vague quantities -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "approx", "value", "low", "high"),
    [
        ("At least 34 miners were rescued.", "at least", 34, 34, None),
        ("More than 100 homes were destroyed.", "more than", 100, 100, None),
        ("Nearly 50 families fled the village.", "nearly", 50, None, 50),
        ("Up to 16 advisers were kidnapped.", "up to", 16, None, 16),
        ("About 200 supporters blocked the road.", "about", 200, None, None),
        ("Some 500 workers stopped work.", "some", 500, None, None),
        ("Police arrested 100 or more protesters.", "or more", 100, 100, None),
        ("Between 20 and 30 protesters were arrested.", "between", None, 20, 30),
        ("Officers detained 20-30 protesters.", None, None, 20, 30),
        ("Two or three gunmen opened fire.", None, None, 2, 3),
    ],
)
def test_figures_bounds_and_ranges(
    figures_of: Callable, text: str, approx: str | None, value, low, high
):
    (fig,) = figures_of(text)
    assert fig.approx == approx
    assert (fig.value, fig.low, fig.high) == (value, low, high)


@pytest.mark.parametrize(
    ("text", "approx", "low", "unit"),
    [
        ("Dozens of villagers were displaced by the flood.", "dozens", 24, "villager"),
        ("Hundreds of cattle died in the drought.", "hundreds", 200, "cattle"),
        ("The army detained a handful of suspects.", "a handful", 3, "suspect"),
        ("Guards beat scores of prisoners.", "scores", 40, "prisoner"),
        ("Several fighters were captured at dawn.", "several", 3, "fighter"),
        ("Thousands of students marched in the capital.", "thousands", 2_000, "student"),
        ("Tens of thousands of workers went on strike.", "tens of thousands", 20_000, "worker"),
    ],
)
def test_figures_vague_words(figures_of: Callable, text: str, approx: str, low: int, unit: str):
    (fig,) = figures_of(text)
    assert fig.approx == approx
    assert fig.value is None
    assert fig.low == low
    assert fig.unit == unit


# --- ordinals and running totals ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "value", "unit"),
    [
        (
            "The navy launched its 2,000th missile since January.",
            "2,000th missile",
            2000,
            "missile",
        ),
        ("The agency delivered its 500th convoy on Friday.", "500th convoy", 500, "convoy"),
    ],
)
def test_figures_ordinal_is_cumulative(
    figures_of: Callable, text: str, span: str, value: int, unit: str
):
    fig = _one(figures_of(text), span)
    assert fig.text == span
    assert (fig.value, fig.unit, fig.ordinal, fig.cumulative) == (value, unit, True, True)


@pytest.mark.parametrize(
    "text",
    [
        "So far, 1,200 rockets have been fired at the city.",
        "A total of 1,200 rockets have been fired at the city.",
    ],
)
def test_figures_cardinal_running_total(figures_of: Callable, text: str):
    fig = _one(figures_of(text), "1,200")
    assert fig.cumulative
    assert not fig.ordinal


# --- unit and what --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "value", "unit", "what"),
    [
        ("Twelve hostages were freed on Monday.", "Twelve hostages", 12, "hostage", "freed"),
        ("The raid killed two guards.", "two guards", 2, "guard", "killed"),
        ("Militants took 30 hostages at the hotel.", "30 hostages", 30, "hostage", "taken"),
        ("About 90 prisoners remain in the camp.", "90 prisoners", 90, "prisoner", "remain"),
        (
            "The air force carried out 40 strikes overnight.",
            "40 strikes",
            40,
            "strike",
            "carried out",
        ),
        ("Several men were taken into custody.", "Several men", None, "man", "taken into custody"),
        (
            "The deal freed dozens of the 150 prisoners held by the militia.",
            "150 prisoners",
            150,
            "prisoner",
            "held",
        ),
        (
            "Rebels ambushed the convoy, killing one driver and wounding two others.",
            "two others",
            2,
            "driver",
            "wounded",
        ),
    ],
)
def test_figures_unit_and_what(
    figures_of: Callable, text: str, span: str, value, unit: str, what: str
):
    fig = _one(figures_of(text), span)
    assert (fig.value, fig.unit, fig.what) == (value, unit, what)


def test_figures_partitive_counts_the_of_noun(figures_of: Callable):
    text = "The deal freed dozens of the 150 prisoners held by the militia."
    dozens = _one(figures_of(text), "dozens")
    assert dozens.text == "dozens of the 150 prisoners"
    assert dozens.unit == "prisoner"


def test_figures_bare_number_takes_the_noun_before(figures_of: Callable):
    text = "Officials listed the prisoners still held, in addition to the 30 who were released."
    fig = _one(figures_of(text), "30")
    assert fig.unit == "prisoner"
    assert fig.what == "released"


def test_figures_members_of_a_body(figures_of: Callable):
    text = "The families asked to meet all four members of the city council."
    fig = _one(figures_of(text), "four")
    assert (fig.value, fig.unit) == (4, "member")


@pytest.mark.parametrize(
    ("text", "span", "unit", "what"),
    [
        ("An insurgent was killed near the border.", "An insurgent", "insurgent", "killed"),
        ("Police detained a suspect and another gunman.", "another gunman", "gunman", "detained"),
        ("Police confirmed the arrest of a smuggler.", "a smuggler", "smuggler", "arrested"),
        ("A prisoner died in custody.", "A prisoner", "prisoner", "die in custody"),
    ],
)
def test_figures_indefinite_patient_counts_one(
    figures_of: Callable, text: str, span: str, unit: str, what: str
):
    fig = _one(figures_of(text), span)
    assert fig.text == span
    assert (fig.value, fig.unit, fig.what) == (1, unit, what)


@pytest.mark.parametrize(
    "text",
    [
        "The group released a statement on Tuesday.",
        "Troops launched an operation to capture a commander.",
        "The minister met a diplomat in Cairo.",
    ],
)
def test_figures_indefinite_without_casualty_event_is_no_figure(figures_of: Callable, text: str):
    assert figures_of(text) == []


# --- source and date ------------------------------------------------------------------------------


def test_figures_source_from_the_quote(figures_of: Callable):
    text = "Governor Ana Ruiz said on Tuesday that 40 miners had been rescued."
    fig = _one(figures_of(text), "40 miners")
    assert fig.source is not None
    assert fig.source.endswith("Ana Ruiz")  # the quote's speaker_name, as the quotes layer has it


def test_figures_reporter_has_no_source(figures_of: Callable):
    fig = _one(figures_of("Rescuers pulled 40 miners from the shaft."), "40 miners")
    assert fig.source is None


def test_figures_date_of_the_clause(figures_of: Callable):
    fig = _one(figures_of("Rescuers pulled 40 miners from the shaft on Monday."), "40 miners")
    assert fig.date == "2024-05-06"


# --- not counts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The bridge was built in 1998 and repaired in 2023.",
        "John Smith, 45, said the shop was closed.",
        "The doctor, aged 61, retired.",
        "The blast happened at 7 p.m. on Friday.",
        "The meeting is on May 3.",
        "The office at 221 Baker Street closed.",
        "Call 555-123-4567 for details.",
        "She is one of the most senior judges in the country.",
        "The 2nd Battalion left the base.",
        "The council adopted Resolution 2334.",
        "The strike lasted three days.",
        "They met for the first time.",
        "No one answered.",
    ],
)
def test_figures_years_ages_times_names_excluded(figures_of: Callable, text: str):
    assert figures_of(text) == []


# --- captions, offsets ----------------------------------------------------------------------------


def test_figures_caption_flag(nlp: Language):
    text = (
        "Rescue crews worked through the night in the flooded valley.\n\n"
        "More than 60 residents were evacuated on Monday. Jane Doe/AFP via Getty Images\n\n"
        "Officials said 12 people were still missing."
    )
    article = read_text("<test>", text, published=PUBLISHED)
    assert article.masked, "the caption must be found for this test to mean anything"
    _, doc = next(parse(nlp, [article]))
    ctx = _with_results(doc, Context(text, PUBLISHED, article.masked, captions=_captions(article)))
    figures = extract_figures(doc, ctx)
    caption = _one(figures, "60 residents")
    body = _one(figures, "12 people")
    assert caption.in_caption
    assert not body.in_caption


@pytest.mark.parametrize(
    "text",
    [
        "“We counted 17 bodies,” the medic said, adding that about 40 were hurt.\n\nSeveral "
        "hundred people — perhaps 2,000 — gathered, and $3.5 million was pledged.",
        "Twenty-five civilians, 1.5 million voters and dozens of the 150 prisoners were named.",
    ],
)
def test_figures_offsets_sliced(figures_of: Callable, text: str):
    figures = figures_of(text)
    assert figures
    for fig in figures:
        assert fig.text == text[fig.start : fig.end]
    assert [f.start for f in figures] == sorted(f.start for f in figures)


# --- the seed -------------------------------------------------------------------------------------


def test_figures_seed_gold_found(nlp: Language, shared_dir: pathlib.Path):
    gold = json.loads(
        (shared_dir / "gold" / "hostage-talks-article.gold.json").read_text(encoding="utf-8")
    )
    path = shared_dir / "seed" / gold["doc"]
    with path.open(encoding="utf-8", newline="") as fh:
        text = fh.read()
    published = date(2023, 12, 4)
    article = read_text(str(path), text, published=published)
    _, doc = next(parse(nlp, [article]))
    figures = extract_figures(
        doc,
        _with_results(doc, Context(text, published, article.masked, captions=_captions(article))),
    )
    body = [f for f in figures if not f.in_caption]

    for g in gold["figures"]:  # score_seed.py: value equal (or "dozen"), spans overlapping
        s, e = g["span"]["start"], g["span"]["end"]
        hits = [
            f
            for f in body
            if f.start < e
            and s < f.end
            and (
                f.value == g["quantity"]
                if g["quantity"] is not None
                else "dozen" in (f.approx or "")
            )
        ]
        assert hits, f"gold figure not found: {g['span']['text']!r}"
        head = g["unit"].split(" of ")[0].split()[-1].lower()
        assert any(head.startswith(h.unit) for h in hits), (head, [h.unit for h in hits])

    kirby = _one(body, "105")
    assert kirby.source == "John Kirby"
    assert kirby.unit == "hostage"
    strikes = _one(body, "10,000th")
    assert (strikes.ordinal, strikes.cumulative, strikes.value) == (True, True, 10_000)

    captions = [f for f in figures if f.in_caption]
    for g in gold["caption_figures"]:
        assert any(
            f.value == g["quantity"] and (f.approx or None) == g["approx"] for f in captions
        ), f"caption figure not found: {g}"


def _captions(article: Article) -> tuple[tuple[int, int], ...]:
    return tuple((c.start, c.credit_end or c.end) for c in article.layout.captions)


# --- issue 15: people counted by nationality or by their state, and tolls ---


@pytest.mark.parametrize(
    ("text", "span", "value", "unit", "what"),
    [
        ("On board were 155 Indonesians and three South Koreans.", "155 Indonesians", 155,
         "person", None),
        ("On board were 155 Indonesians and three South Koreans.", "three South Koreans", 3,
         "person", None),
        ("The clashes left three dead and dozens wounded.", "three dead", 3, "person", "killed"),
        ("The clashes left three dead and dozens wounded.", "dozens wounded", None, "person",
         "wounded"),
        ("With a death toll of 507, it is the worst disaster in the industry.", "507", 507,
         "person", "killed"),
    ],
)  # fmt: skip
def test_figures_people_by_nationality_state_or_toll(
    figures_of: Callable, text: str, span: str, value, unit: str, what
):
    fig = _one(figures_of(text), span)
    assert (fig.value, fig.unit) == (value, unit)
    if what is not None:
        assert fig.what == what


def test_figures_a_nationality_in_the_singular_is_no_person_count(figures_of: Callable):
    """ "an Indonesian airline" names no people: the demonym rule is for counted plurals."""
    assert all(f.unit != "person" for f in figures_of("Two Indonesian airlines merged."))


@pytest.mark.parametrize(
    ("text", "span", "value", "unit"),
    [
        # a hyphened count names what it counts, not the noun it modifies
        ("The 15-member board approved the plan.", "15-member", 15, "member"),
        ("The country is fighting a three-front war.", "three-front", 3, "front"),
        # a partitive pronoun counts what was counted before it
        ("Police arrested 30 protesters, and at least 12 of them were charged.",
         "at least 12 of them", 12, "protester"),
        # a hedge between the number and the casualty word
        ("The earthquake left 120 confirmed dead.", "120 confirmed dead", 120, "person"),
    ],
)  # fmt: skip
def test_figures_hyphened_partitive_and_hedged_counts(
    figures_of: Callable, text: str, span: str, value, unit: str
):
    fig = _one(figures_of(text), span)
    assert (fig.value, fig.unit) == (value, unit)


@pytest.mark.parametrize(
    ("text", "span", "value", "unit", "previous"),
    [
        ("Arrests climbed to 26 from 14.", "26", 26, "arrest", 14),
        ("Attacks rose to 80 on Monday, up from 60 last week.", "80", 80, "attack", 60),
        ("The number of refugees fell from 900 to 450.", "450", 450, "refugee", 900),
        ("The death toll rose to 41 on Monday.", "41", 41, "person", None),
    ],
)
def test_figures_a_change_is_one_figure_with_its_previous_value(
    figures_of: Callable, text: str, span: str, value, unit: str, previous
):
    figures = figures_of(text)
    fig = _one(figures, span)
    assert (fig.value, fig.unit, fig.previous) == (value, unit, previous)
    assert len(figures) == 1  # the previous value is not a figure of its own


# --- issue 15: counts with no head noun, vague magnitudes, units that name one thing ---


@pytest.mark.parametrize(
    ("text", "span", "low", "high", "unit"),
    [
        ("Several thousand nurses walked out on Tuesday.", "Several thousand nurses", 3000, 9000,
         "nurse"),
        ("The militia has a few hundred fighters left.", "a few hundred fighters", 300, 500,
         "fighter"),
        ("Crews expect to recover scores more wrecked cars this week.",
         "scores more wrecked cars", 40, 99, "car"),
    ],
)  # fmt: skip
def test_figures_vague_words_times_a_scale(
    figures_of: Callable, text: str, span: str, low, high, unit: str
):
    fig = _one(figures_of(text), span)
    assert (fig.value, fig.low, fig.high, fig.unit) == (None, low, high, unit)


@pytest.mark.parametrize(
    ("text", "span", "value", "unit"),
    [
        ("Police set up a half-dozen checkpoints on the road.", "a half-dozen checkpoints", 6,
         "checkpoint"),
        ("The city's 4million commuters faced delays.", "4million commuters", 4_000_000,
         "commuter"),
        # plurals that are their demonym, and the news synonyms of a unit
        ("Some 300 Sudanese crossed the border overnight.", "Some 300 Sudanese", 300, "person"),
        ("The region has recorded 73 fatalities this year.", "73 fatalities", 73, "death"),
        ("Twelve troops were wounded near the pass.", "Twelve troops", 12, "soldier"),
        ("Hundreds of protestors blocked the bridge.", "Hundreds of protestors", None,
         "protester"),
    ],
)  # fmt: skip
def test_figures_number_shapes_and_unit_synonyms(
    figures_of: Callable, text: str, span: str, value, unit: str
):
    fig = _one(figures_of(text), span)
    assert (fig.value, fig.unit) == (value, unit)


@pytest.mark.parametrize(
    ("text", "span", "value", "what"),
    [
        ("A gas tank exploded in the market. No one was hurt.", "No one was hurt", 0, "hurt"),
        ("Nobody was killed when the bridge fell.", "Nobody was killed", 0, "killed"),
    ],
)
def test_figures_no_one_is_a_count_of_zero(
    figures_of: Callable, text: str, span: str, value, what: str
):
    fig = _one(figures_of(text), span)
    assert (fig.value, fig.unit, fig.what) == (value, "person", what)


def test_figures_no_one_without_a_casualty_is_no_figure(figures_of: Callable):
    assert figures_of("No one answered the phone at the ministry.") == []


@pytest.mark.parametrize(
    ("text", "span", "unit"),
    [
        # a bare count doing what only people do counts people
        ("After the flood, thousands gathered at the stadium.", "thousands", "person"),
        ("Fewer than 2,000 have returned to the valley.", "Fewer than 2,000", "person"),
        # a toll passes a number
        ("The death toll from the fire has passed 80.", "80", "person"),
        # "one in Tunisia": one of the things just counted, placed
        ("Chad reported six cases and there has been one in Tunisia.", "one", "case"),
        # a pronoun refers back to the subject, not to the words of a chant
        ('Farmers shouted "Save our fields" as dozens of them blocked the road.',
         "dozens of them", "farmer"),
        # the casualty word after a hard line break
        ("The siege ended with the town in ruins and at least 40\ndead.", "at least 40\ndead",
         "person"),
    ],
)  # fmt: skip
def test_figures_counts_without_a_head_noun(figures_of: Callable, text: str, span: str, unit: str):
    assert _one(figures_of(text), span).unit == unit


@pytest.mark.parametrize(
    "text",
    [
        "The convoy stopped about 40 kilometres north of the capital.",
        "The jet was cruising at 35,000 feet at 480 knots.",
        "Talks between the two delegations resumed.",
        "At one point the crowd fell silent.",
    ],
)
def test_figures_measures_pairs_and_moments_are_no_counts(figures_of: Callable, text: str):
    assert figures_of(text) == []


def test_figures_a_pair_counted_as_news_is_kept(figures_of: Callable):
    """Only "the two" re-names a pair; "two people" and "the three victims" are counts."""
    figures = figures_of("Two people died and the three victims were named.")
    assert {f.text for f in figures} == {"Two people", "three victims"}


def test_figures_no_one_in_a_promise_is_no_count(figures_of: Callable):
    assert figures_of("The mayor said no one would be hurt by the cuts.") == []


@pytest.mark.parametrize(
    "text", ["The province has had 312 fatalities this year.", "There were 40 warnings in May."]
)
def test_figures_an_empty_verb_says_nothing_of_what_happened(
    figures_of: Callable, text: str
) -> None:
    """ "had", "were": a figure history is labelled "death", never "death had"."""
    (fig,) = figures_of(text)
    assert fig.what is None
