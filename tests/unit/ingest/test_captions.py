"""detect_layout: kicker, headline and photo captions with credits in scraped plain text."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.ingest.article import Layout
from storyline.ingest.captions import detect_layout


def _section(text: str, layout: Layout) -> str | None:
    return None if layout.section is None else text[layout.section[0] : layout.section[1]]


def _headline(text: str, layout: Layout) -> str | None:
    return None if layout.headline is None else text[layout.headline[0] : layout.headline[1]]


def _captions(text: str, layout: Layout) -> list[tuple[str, str | None]]:
    """Each caption as (caption text, credit), both sliced from the text."""
    found = []
    for c in layout.captions:
        credit = None
        if c.credit is not None:
            assert c.credit_start is not None
            assert c.credit_end is not None
            credit = text[c.credit_start : c.credit_end]
            assert credit == c.credit
        found.append((text[c.start : c.end], credit))
    return found


# --- Whole reports in different layouts (all written for these tests) --------------------------

KICKER_AP = (
    "World\n\n"
    "Floodwaters force thousands from their homes in northern Italy\n\n"
    "ROME (AP) — Rescue crews evacuated thousands of residents on Tuesday as rivers burst their "
    "banks across the region.\n\n"
    "Firefighters use a boat to reach a flooded street in Faenza, Italy, on Tuesday. "
    "(AP Photo/Luca Moretti)\n\n"
    "The regional governor said 9,000 people had spent the night in shelters, according to AFP.\n\n"
    "Officials told Reuters that the damage could run into billions of euros.\n"
)
NO_KICKER_BYLINE = (
    "Central bank holds rates steady as inflation cools\n\n"
    "By Maria Lopez\n\n"
    "March 3, 2024\n\n"
    "The central bank kept its key rate unchanged on Thursday, saying price pressures had eased "
    "faster than expected, Reuters reported.\n\n"
    "A trader watches screens on the floor of the exchange on Thursday. Jane Smith/Reuters\n\n"
    "Analysts polled by Reuters had expected the pause.\n"
)
SHORT_HEADLINE_BYLINE = (
    "Rates on hold\n\nBy Maria Lopez\n\nThe central bank kept its key rate unchanged on Thursday.\n"
)
PHOTO_LABELS = (
    "Heatwave grips southern Europe as tourists seek shade\n\n"
    "Temperatures passed 44C in Sicily on Monday, the weather service said.\n\n"
    "Photo: Tourists shelter from the sun near the Colosseum in Rome.\n\n"
    "Hospitals reported a rise in admissions for heatstroke.\n\n"
    "A man cools off in a fountain in Athens on Sunday.\n"
    "Photograph: Nikos Pappas/Guardian\n\n"
    "Forecasters expect the heat to last until Friday.\n"
)
ODD_SPACING = (
    "  Politics  \n\n\n"
    "\t Budget talks collapse in late-night session \t\n"
    " \n\n"
    "Lawmakers left the chamber without a deal.   \n\n"
    "The speaker adjourns the session on Friday.  REUTERS/Ann Lee   \n\n\n"
    "Talks resume next week.\n"
)
SINGLE_NEWLINES = (
    "Markets\n"
    "Oil prices jump after producers announce surprise cut\n"
    "Oil prices rose 4% on Monday after producers announced a surprise cut to output.\n"
    "A tanker is loaded at an oil terminal on Sunday. EPA-EFE/ALI HAIDER\n"
    "Traders said further gains were likely, according to AFP.\n"
)
CAPTIONS_AT_END = (
    "Wildfire spreads toward coastal towns\n\n"
    "Crews battled the blaze through the night as winds picked up, officials said.\n\n"
    "About 2,000 homes were ordered evacuated.\n\n"
    "Smoke rises over the hills above the town on Wednesday. Bloomberg via Getty Images\n"
    "A firefighter rests beside a truck on Wednesday. Alamy Stock Photo\n"
)
SEVERAL_CAPTION_LINES = (
    "Earthquake death toll rises\n\n"
    "Rescuers pulled more survivors from the rubble on Tuesday.\n\n"
    "Rescue workers search a collapsed building on Tuesday. Anadolu Agency via Getty Images\n"
    "A woman waits for news of relatives outside a hospital. Xinhua/Wang Lei\n\n"
    "Aid agencies warned that supplies were running low.\n"
)

REPORTS = {
    "kicker-ap": (
        KICKER_AP,
        "World",
        "Floodwaters force thousands from their homes in northern Italy",
        [
            (
                "Firefighters use a boat to reach a flooded street in Faenza, Italy, on Tuesday.",
                "AP Photo/Luca Moretti",
            )
        ],
    ),
    "byline-and-date": (
        NO_KICKER_BYLINE,
        None,
        "Central bank holds rates steady as inflation cools",
        [
            (
                "A trader watches screens on the floor of the exchange on Thursday.",
                "Jane Smith/Reuters",
            )
        ],
    ),
    "short-headline-byline": (SHORT_HEADLINE_BYLINE, None, "Rates on hold", []),
    "photo-labels": (
        PHOTO_LABELS,
        None,
        "Heatwave grips southern Europe as tourists seek shade",
        [
            ("Photo: Tourists shelter from the sun near the Colosseum in Rome.", None),
            (
                "A man cools off in a fountain in Athens on Sunday.",
                "Photograph: Nikos Pappas/Guardian",
            ),
        ],
    ),
    "odd-spacing": (
        ODD_SPACING,
        "Politics",
        "Budget talks collapse in late-night session",
        [("The speaker adjourns the session on Friday.", "REUTERS/Ann Lee")],
    ),
    "single-newlines": (
        SINGLE_NEWLINES,
        "Markets",
        "Oil prices jump after producers announce surprise cut",
        [("A tanker is loaded at an oil terminal on Sunday.", "EPA-EFE/ALI HAIDER")],
    ),
    "captions-at-end": (
        CAPTIONS_AT_END,
        None,
        "Wildfire spreads toward coastal towns",
        [
            (
                "Smoke rises over the hills above the town on Wednesday.",
                "Bloomberg via Getty Images",
            ),
            ("A firefighter rests beside a truck on Wednesday.", "Alamy Stock Photo"),
        ],
    ),
    "several-caption-lines": (
        SEVERAL_CAPTION_LINES,
        None,
        "Earthquake death toll rises",
        [
            (
                "Rescue workers search a collapsed building on Tuesday.",
                "Anadolu Agency via Getty Images",
            ),
            ("A woman waits for news of relatives outside a hospital.", "Xinhua/Wang Lei"),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(REPORTS))
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_captions_reports(name: str, newline: str) -> None:
    source, section, headline, captions = REPORTS[name]
    text = source.replace("\n", newline)
    layout = detect_layout(text)
    assert _section(text, layout) == section
    assert _headline(text, layout) == headline
    assert _captions(text, layout) == captions


@pytest.mark.parametrize(
    "text",
    [
        "WASHINGTON (AP) — The Senate voted on Wednesday to keep the government open\n\n"
        "The bill now goes to the House.\n",
        "GAZA CITY, Dec 4 (Reuters) - Israeli forces pressed their offensive in the south\n\n"
        "Residents said the strikes went on through the night.\n",
        "The city council approved a new housing plan on Monday after months of debate over "
        "zoning rules and parking.\n\nThe vote was 7-2.\n",
        "“We will not give up,” the mayor told a crowd at city hall.\n\nShe spoke at length.\n",
        "Officials said the bridge would reopen in June, three months later than planned, "
        "because steel deliveries from two suppliers abroad had been delayed by strikes and a "
        "shortage of trucks\n\nThe contractor declined to comment.\n",
    ],
    ids=["ap-dateline", "reuters-dateline", "period", "quoted-sentence", "long-line"],
)
def test_captions_body_start_is_not_headline(text: str) -> None:
    layout = detect_layout(text)
    assert layout.headline is None
    assert layout.section is None


@pytest.mark.parametrize(
    ("text", "section", "headline"),
    [
        (
            "Middle East\n\nCeasefire talks resume in Cairo\n\nBody text follows here.\n",
            "Middle East",
            "Ceasefire talks resume in Cairo",
        ),
        (
            "US News\nSenate passes stopgap bill\nBody text follows here.\n",
            "US News",
            "Senate passes stopgap bill",
        ),
        (
            "Politics\n\nThe Senate voted on Wednesday to keep the government open.\n",
            "Politics",
            None,
        ),
        ("Is the truce over?\n\nBody text follows here.\n", None, "Is the truce over?"),
        ("Talks stall in U.S.\n\nBody text follows here.\n", None, "Talks stall in U.S."),
        (
            "Ceasefire talks resume in Cairo\n\nDecember 4, 2023\n\nBody text follows here.\n",
            None,
            "Ceasefire talks resume in Cairo",
        ),
    ],
    ids=[
        "kicker",
        "kicker-single-newlines",
        "known-kicker-no-headline",
        "question",
        "initialism",
        "date-line-after",
    ],
)
def test_captions_kicker_and_headline(text: str, section: str | None, headline: str | None) -> None:
    layout = detect_layout(text)
    assert _section(text, layout) == section
    assert _headline(text, layout) == headline


# --- Credit forms --------------------------------------------------------------------------------

CAPTION = "Protesters march through the capital on Friday."


@pytest.mark.parametrize(
    ("line", "caption", "credit"),
    [
        (f"{CAPTION} (AP Photo/Maria Gomez)", CAPTION, "AP Photo/Maria Gomez"),
        (f"{CAPTION} (AP Photo/Maria Gomez, File)", CAPTION, "AP Photo/Maria Gomez, File"),
        (f"{CAPTION} REUTERS/Tom Baker", CAPTION, "REUTERS/Tom Baker"),
        (f"{CAPTION} Tom Baker/Reuters", CAPTION, "Tom Baker/Reuters"),
        (f"{CAPTION} via REUTERS", CAPTION, "via REUTERS"),
        (f"{CAPTION} REUTERS", CAPTION, "REUTERS"),
        (f"{CAPTION} (Reuters)", CAPTION, "Reuters"),
        (f"{CAPTION} Jack Stone/AFP via Getty Images", CAPTION, "Jack Stone/AFP via Getty Images"),
        (f"{CAPTION} AFP via Getty Images", CAPTION, "AFP via Getty Images"),
        (f"{CAPTION} Getty Images", CAPTION, "Getty Images"),
        (f"{CAPTION} Bloomberg via Getty Images", CAPTION, "Bloomberg via Getty Images"),
        (f"{CAPTION} EPA-EFE/ANNA NOWAK", CAPTION, "EPA-EFE/ANNA NOWAK"),
        (f"{CAPTION} Xinhua/Li Wei", CAPTION, "Xinhua/Li Wei"),
        (f"{CAPTION} Anadolu via Getty Images", CAPTION, "Anadolu via Getty Images"),
        (f"{CAPTION} Shutterstock", CAPTION, "Shutterstock"),
        (f"{CAPTION} Photo: Sara Klein", CAPTION, "Photo: Sara Klein"),
        (
            f"{CAPTION} Photo by Sara Klein/Getty Images",
            CAPTION,
            "Photo by Sara Klein/Getty Images",
        ),
        (f"{CAPTION} Photograph: Sara Klein/Guardian", CAPTION, "Photograph: Sara Klein/Guardian"),
        (
            f"{CAPTION} Credit: Sara Klein for The Daily Star",
            CAPTION,
            "Credit: Sara Klein for The Daily Star",
        ),
        (f"{CAPTION} Image: Ministry of Defence", CAPTION, "Image: Ministry of Defence"),
        (
            f"{CAPTION} (Photo credit should read OMAR HASSAN/AFP via Getty Images)",
            CAPTION,
            "Photo credit should read OMAR HASSAN/AFP via Getty Images",
        ),
        (f"{CAPTION} Courtesy of the Hassan family", CAPTION, "Courtesy of the Hassan family"),
        (f"{CAPTION} POOL/AFP", CAPTION, "POOL/AFP"),
        (f"{CAPTION} NurPhoto via Getty Images", CAPTION, "NurPhoto via Getty Images"),
        (
            f"{CAPTION} SOPA Images/LightRocket via Getty Images",
            CAPTION,
            "SOPA Images/LightRocket via Getty Images",
        ),
        (f"{CAPTION} Sipa USA via AP", CAPTION, "Sipa USA via AP"),
        (f"{CAPTION} ZUMA Press Wire", CAPTION, "ZUMA Press Wire"),
        (f"{CAPTION} picture alliance/dpa", CAPTION, "picture alliance/dpa"),
        (f"{CAPTION} Kyodo via REUTERS", CAPTION, "Kyodo via REUTERS"),
        (f"{CAPTION} Yonhap via AP", CAPTION, "Yonhap via AP"),
        (
            f"{CAPTION} Israel Defense Forces/Handout via REUTERS",
            CAPTION,
            "Israel Defense Forces/Handout via REUTERS",
        ),
        (
            "Protesters march through the capital on Friday — Omar Hassan/AFP via Getty Images",
            "Protesters march through the capital on Friday",
            "Omar Hassan/AFP via Getty Images",
        ),
        (
            "Protesters march through the capital on Friday REUTERS/Tom Baker",
            "Protesters march through the capital on Friday",
            "REUTERS/Tom Baker",
        ),
        (
            "Protesters march past Amy K. Brandt/Reuters",
            "Protesters march past",
            "Amy K. Brandt/Reuters",
        ),
    ],
)
def test_captions_credit_forms(line: str, caption: str, credit: str) -> None:
    text = f"Fuel prices spark protests\n\nThousands marched.\n\n{line}\n\nPolice stood by.\n"
    layout = detect_layout(text)
    assert _captions(text, layout) == [(caption, credit)]
    assert _headline(text, layout) == "Fuel prices spark protests"


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministry confirmed the figures, Reuters reported.",
        "A spokesman told Reuters the talks would resume.",
        "The strike killed at least 12 people, according to AFP.",
        "He spoke to The Associated Press on condition of anonymity.",
        "The photograph was distributed by Getty Images.",
        "Stability AI was sued by Getty Images",
        "The report was first published by Xinhua",
        "Additional reporting by Reuters",
        "Reporting by Jane Doe; Editing by John Smith",
        "The figures were compiled by Reuters/Ipsos.",
        "The best photo by Ana Ruiz won the prize",
        "The big picture: prices are still rising",
        "By Jane Doe, Reuters",
    ],
)
def test_captions_body_mentioning_agency_stays_body(sentence: str) -> None:
    text = f"Talks stall again\n\nThe first paragraph.\n\n{sentence}\n\nThe last paragraph.\n"
    assert detect_layout(text).captions == ()


@pytest.mark.parametrize(
    "last",
    [
        "The talks will resume in Geneva next week. (Reuters)",
        "The talks will resume in Geneva next week. — AFP",
        "The talks will resume in Geneva next week. - Reuters",
        "© Reuters",
    ],
    ids=["parens", "em-dash", "hyphen", "copyright"],
)
def test_captions_wire_signoff_is_not_caption(last: str) -> None:
    text = f"Talks stall again\n\nThe first paragraph of the story.\n\n{last}\n"
    assert detect_layout(text).captions == ()


@pytest.mark.parametrize(
    ("block", "caption", "credit"),
    [
        (
            "Volunteers hand out water to people waiting in line outside the\n"
            "stadium on Saturday. Sipa USA via AP",
            "Volunteers hand out water to people waiting in line outside the\nstadium on Saturday.",
            "Sipa USA via AP",
        ),
        (
            "Police officers stand guard outside the court on Monday\nGetty Images",
            "Police officers stand guard outside the court on Monday",
            "Getty Images",
        ),
        (
            "A rescue dog searches the rubble.\nPhoto: Lena Ortiz/Reuters",
            "A rescue dog searches the rubble.",
            "Photo: Lena Ortiz/Reuters",
        ),
        ("(AP Photo/Maria Gomez)", "", "AP Photo/Maria Gomez"),
    ],
    ids=["hard-wrapped", "credit-next-line", "photo-line-next-line", "credit-alone"],
)
def test_captions_across_lines(block: str, caption: str, credit: str) -> None:
    for newline in ("\n", "\r\n"):
        text = f"Storm hits coast\n\nThe first paragraph.\n\n{block}\n\nThe last paragraph.\n"
        text = text.replace("\n", newline)
        assert _captions(text, detect_layout(text)) == [(caption.replace("\n", newline), credit)]


def test_captions_lone_credit_in_single_newline_text_takes_no_body() -> None:
    text = "Storm hits coast\nThe first paragraph.\nThe second paragraph.\nGetty Images\nThe end.\n"
    assert _captions(text, detect_layout(text)) == [("", "Getty Images")]


def test_captions_credit_line_after_byline_takes_no_byline() -> None:
    text = "Storm hits coast\n\nBy Jane Doe\nGetty Images\n\nThe first paragraph.\n"
    assert _captions(text, detect_layout(text)) == [("", "Getty Images")]


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        (
            "Protesters gather in Paris on Monday. REUTERS/Jane Doe",
            "Protesters gather in Paris on Monday.",
            "REUTERS/Jane Doe",
        ),
        (
            "Protesters gather in Paris on Monday. (Reuters)",
            "Protesters gather in Paris on Monday.",
            "Reuters",
        ),
    ],
)
def test_captions_single_line(text: str, caption: str, credit: str) -> None:
    layout = detect_layout(text)
    assert _captions(text, layout) == [(caption, credit)]
    assert layout.headline is None


@pytest.mark.parametrize("text", ["", " ", "\n\n\r\n", "\t \u2028 "])
def test_captions_empty_text(text: str) -> None:
    assert detect_layout(text) == Layout()


# --- The seed report -----------------------------------------------------------------------------


def test_captions_seed_matches_gold(shared_dir) -> None:
    path = shared_dir / "seed" / "hostage-talks-article.txt"
    with open(path, encoding="utf-8", newline="") as f:  # noqa: PTH123 - newline="" keeps CRLF
        text = f.read()
    gold = json.loads((shared_dir / "gold" / "hostage-talks-article.gold.json").read_text("utf-8"))
    layout = detect_layout(text)
    assert layout.section == (gold["section"]["start"], gold["section"]["end"])
    assert _section(text, layout) == gold["section"]["text"] == "US News"
    assert layout.headline == (gold["headline"]["start"], gold["headline"]["end"])
    assert _headline(text, layout) == gold["headline"]["text"]
    expected = [
        (c["text"]["start"], c["text"]["end"], c["text"]["text"], c["credit"])
        for c in gold["captions"]
    ]
    found = [(c.start, c.end, text[c.start : c.end], c.credit) for c in layout.captions]
    assert len(found) == 7
    assert found == expected
    for c in layout.captions:
        assert c.credit_start is not None
        assert c.credit_end is not None
        assert text[c.credit_start : c.credit_end] == c.credit


# --- Properties ----------------------------------------------------------------------------------

FRAGMENTS = st.lists(
    st.sampled_from(
        [
            "\n",
            "\n\n",
            "\r\n",
            " ",
            "\t",
            "(",
            ")",
            "[",
            "]",
            ".",
            "—",
            "/",
            "US News",
            "Talks stall",
            "The minister said on Monday that talks would resume.",
            "REUTERS",
            "Reuters",
            "AP Photo/Jane Doe",
            "via",
            "Getty Images",
            "AFP",
            "Photo: ",
            "By Jane Doe",
            "WASHINGTON (AP) — ",
            "Photo by ",
            "©",
            "Credit: ",
            "J.",
            "dpa",
            "\u2028",
            "\x85",
        ]
    ),
    max_size=40,
).map("".join)


def _check_ranges(text: str) -> None:
    layout = detect_layout(text)
    ranges = [r for r in (layout.section, layout.headline) if r is not None]
    for c in layout.captions:
        assert c.start <= c.end
        if c.credit is None:
            assert c.credit_start is None
            assert c.credit_end is None
            ranges.append((c.start, c.end))
        else:
            assert c.credit_start is not None
            assert c.credit_end is not None
            assert c.end <= c.credit_start < c.credit_end
            assert text[c.credit_start : c.credit_end] == c.credit
            ranges.append((c.start, c.credit_end))
    for start, end in ranges:
        assert 0 <= start <= end <= len(text)
    ranges.sort()
    for (_, end), (start, _) in itertools.pairwise(ranges):
        assert end <= start


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=2000))
def test_captions_random_text_ranges_in_bounds(text: str) -> None:
    _check_ranges(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=FRAGMENTS)
def test_captions_news_fragments_ranges_in_bounds(text: str) -> None:
    _check_ranges(text)
