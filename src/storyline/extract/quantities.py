"""Number words, hedges, vague quantities and the other word lists figures/ reads: plain data.

Like ``lexicon.py``: heuristics are data, kept apart from the code that uses them. Every key is
lowercase (match against ``token.lower_``), every list is a ``frozenset`` or a read-only
mapping, and each comment says what the list is for and where its entries come from.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

from storyline.lexicon import word_set as _words

__all__ = [
    "AGE_WORDS",
    "CARDINAL_WORDS",
    "COUNT_EVENT_NOMINALS",
    "COUNT_EVENT_VERBS",
    "CUMULATIVE_PHRASES",
    "CUMULATIVE_WORDS",
    "CURRENCY_SYMBOLS",
    "CURRENCY_WORDS",
    "DOUBLED_FINAL_VERBS",
    "EVENT_NOMINALS",
    "GENERIC_HEADS",
    "HEDGES",
    "IRREGULAR_PARTICIPLES",
    "LABEL_WORDS",
    "MEASURE_UNITS",
    "ORDINAL_WORDS",
    "PEOPLE_SUBJECT_VERBS",
    "PERCENT_WORDS",
    "PERSON_COUNT_NOUNS",
    "POST_HEDGES",
    "RANK_NOUNS",
    "SCALE_WORDS",
    "STATE_WORDS",
    "STREET_SUFFIXES",
    "SUBJECT_COUNT_VERBS",
    "TIME_SUFFIXES",
    "TIME_UNITS",
    "UNIT_LEMMAS",
    "VAGUE_FOLLOWERS",
    "VAGUE_MULTIPLIERS",
    "VAGUE_NEEDS_OF",
    "VAGUE_QUANTITIES",
    "HedgeKind",
]

HedgeKind = Literal["lower", "upper", "about"]


# --- Number words ----------------------------------------------------------------------------

# English cardinal words below one hundred that compose with scale words ("two hundred",
# "twenty-five" is tokenised "twenty", "-", "five"). Complete by construction.
CARDINAL_WORDS: Mapping[str, int] = MappingProxyType(
    {
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
        "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
        "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
        "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
        "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    }
)  # fmt: skip

# Multipliers: "1.5 million", "two dozen" (24), "a hundred". "dozen" is a scale word because it
# multiplies what precedes it exactly as "hundred" does.
SCALE_WORDS: Mapping[str, int] = MappingProxyType(
    {
        "dozen": 12,
        "hundred": 100,
        "thousand": 1_000,
        "million": 1_000_000,
        "billion": 1_000_000_000,
        "trillion": 1_000_000_000_000,
    }
)

# Ordinal words. Complete up to "twentieth", then the tens and the scale ordinals; a compound
# ordinal ("twenty-first") is its last word added to the cardinal before it.
ORDINAL_WORDS: Mapping[str, int] = MappingProxyType(
    {
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
        "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
        "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
        "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
        "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
        "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
        "hundredth": 100, "thousandth": 1_000, "millionth": 1_000_000,
        "billionth": 1_000_000_000,
    }
)  # fmt: skip

# --- Vague quantities: the convention table ---------------------------------------------------

# Words that stand for a number without giving it, with the (low, high) this project reads them
# as (high None: open-ended). The figure keeps the words in ``approx`` and ``value`` is null;
# low/high are a documented convention, not a measurement. Sources, in order of precedence:
# 1. ISAF press-release annotation ("A Knock on the Door", AAN 2011; the annotator's notes at
#    mlops.systems, June 2024): "a couple" 2, "several" 3, "multiple" 3, "dozens" 24 as
#    *minimum* counts.
# 2. The words' own arithmetic: "dozens" is at least two dozen, "scores" at least two score (40),
#    "hundreds" at least 200, "thousands" at least 2,000; each plural stops below the next one
#    up, since writers switch words there ("hundreds", not "dozens", for 150).
# 3. "a few" / "a handful" / "numerous" / "a number of": no published count; read as "more than
#    a couple" (3), "more than several" (4) and "more than one" (2) respectively.
# Keys are lowercase word tuples; the longest match wins ("tens of thousands" over "thousands").
VAGUE_QUANTITIES: Mapping[tuple[str, ...], tuple[int, int | None]] = MappingProxyType(
    {
        ("a", "couple"): (2, 3),
        ("a", "few"): (3, 5),
        ("a", "handful"): (3, 5),
        ("several",): (3, 9),
        ("multiple",): (3, None),
        ("numerous",): (4, None),
        ("a", "number"): (2, None),
        ("dozens",): (24, 99),
        ("scores",): (40, 99),
        ("hundreds",): (200, 999),
        ("thousands",): (2_000, 9_999),
        ("tens", "of", "thousands"): (20_000, 99_999),
        ("hundreds", "of", "thousands"): (200_000, 999_999),
        ("millions",): (2_000_000, 9_999_999),
        ("tens", "of", "millions"): (20_000_000, 99_999_999),
        ("hundreds", "of", "millions"): (200_000_000, 999_999_999),
        ("billions",): (2_000_000_000, None),
    }
)

# Vague phrases that only count when "of" follows ("a couple of", "scores of"): without it they
# are other words ("a couple who", "test scores", "a number to call").
VAGUE_NEEDS_OF: frozenset[tuple[str, ...]] = frozenset(
    {("a", "couple"), ("a", "handful"), ("a", "number"), ("scores",)}
)
# The words that may follow them instead of "of": "scores more bodies" counts too.
VAGUE_FOLLOWERS: Mapping[tuple[str, ...], frozenset[str]] = MappingProxyType(
    {
        words: frozenset({"of", "more"} if words == ("scores",) else {"of"})
        for words in VAGUE_NEEDS_OF
    }
)
# Vague words that multiply a scale word after them: "several thousand" is 3,000 to 9,000,
# "a few hundred" 300 to 500, "a couple hundred" 200 to 300 (the table's bounds times the scale).
VAGUE_MULTIPLIERS: frozenset[tuple[str, ...]] = frozenset(
    {("several",), ("a", "few"), ("a", "couple"), ("a", "handful")}
)

# --- Hedges ------------------------------------------------------------------------------------

# Words before a number that bound or blur it, with what they do to the number: "lower" (the
# number is a minimum: low = value), "upper" (a maximum: high = value) or "about" (neither).
# Hand-picked from wire copy and the approximators in the news-numeracy literature; "more
# than 100" gives low 100, not 101, following the ISAF "minimum number stated" convention.
HEDGES: Mapping[tuple[str, ...], HedgeKind] = MappingProxyType(
    {
        ("more", "than"): "lower",
        ("at", "least"): "lower",
        ("over",): "lower",
        ("well", "over"): "lower",
        ("just", "over"): "lower",
        ("upwards", "of"): "lower",
        ("no", "fewer", "than"): "lower",
        ("no", "less", "than"): "lower",
        ("in", "excess", "of"): "lower",
        ("up", "to"): "upper",
        ("as", "many", "as"): "upper",
        ("fewer", "than"): "upper",
        ("less", "than"): "upper",
        ("at", "most"): "upper",
        ("no", "more", "than"): "upper",
        ("nearly",): "upper",
        ("almost",): "upper",
        ("under",): "upper",
        ("just", "under"): "upper",
        ("close", "to"): "upper",
        ("about",): "about",
        ("around",): "about",
        ("approximately",): "about",
        ("roughly",): "about",
        ("some",): "about",
        ("an", "estimated"): "about",
        ("estimated",): "about",
        ("circa",): "about",
    }
)

# Hedges written after the number ("100 or more", "50 or so", "100-plus").
POST_HEDGES: Mapping[tuple[str, ...], HedgeKind] = MappingProxyType(
    {
        ("or", "more"): "lower",
        ("plus",): "lower",
        ("-", "plus"): "lower",
        ("or", "so"): "about",
    }
)

# --- What a number is not ----------------------------------------------------------------------

# Nouns of time: a number of them is a duration or a frequency ("three days", "two times",
# "a 24-hour strike"), which the dates layer owns, not a count of things. Hand-picked.
TIME_UNITS: frozenset[str] = _words(
    """
    second minute hour day night week weekend fortnight month year decade century
    millennium time morning afternoon evening
    """
)

# Words after a number that make it a time of day ("7 p.m.", "0300 GMT").
TIME_SUFFIXES: frozenset[str] = _words(
    "a.m. p.m. am pm a.m p.m o'clock gmt utc est edt pst pdt cet cest bst"
)

# Words before a number that make it an age ("aged 45").
AGE_WORDS: frozenset[str] = _words("age aged ages")

# Words that label a number as a name or an address ("No. 10", "Route 66", "221 Baker Street").
LABEL_WORDS: frozenset[str] = _words("no. no # number nos. route flight resolution article")
STREET_SUFFIXES: frozenset[str] = _words(
    """
    street st. st avenue ave. ave road rd. rd boulevard blvd. blvd lane ln. way place
    square plaza highway drive court terrace
    """
)

# Nouns an ordinal ranks rather than counts ("the 2nd battalion", "the 75th anniversary",
# "his 3rd term"): an ordinal before them is a position in a series, not a running total.
RANK_NOUNS: frozenset[str] = _words(
    """
    amendment anniversary army battalion birthday brigade century corps district division
    edition floor fleet generation grade place rank round row term ward
    """
)

# --- Units -------------------------------------------------------------------------------------

# Currency symbols and words: the unit of a sum of money.
CURRENCY_SYMBOLS: Mapping[str, str] = MappingProxyType(
    {"$": "dollar", "us$": "dollar", "€": "euro", "£": "pound", "¥": "yen", "₪": "shekel"}
)
CURRENCY_WORDS: frozenset[str] = _words(
    "dollar euro pound yen yuan shekel rupee ruble rouble franc dinar riyal dirham afghani"
)
PERCENT_WORDS: frozenset[str] = _words("% percent pct")

# Unit lemmas folded together so one thing counted has one name ("people" is "person").
# Units of length, height and speed: "50 kilometres east of Beirut", "flying at 32,000 feet",
# "353 knots" measure; they are magnitudes, not counts (weights and money still count).
MEASURE_UNITS: frozenset[str] = _words(
    """
    centimeter centimetre cm feet foot inch kilometer kilometre km kph knot meter metre mile
    millimeter millimetre mm mph yard
    """
)

# One unit for one thing, so "41 fatalities" and "41 deaths" are one figure history: plural
# forms, spelling variants ("protestor") and the news synonyms of a count ("troops" are
# soldiers, a "fatality" is a death), as Merriam-Webster defines them.
UNIT_LEMMAS: Mapping[str, str] = MappingProxyType(
    {
        "people": "person", "persons": "person", "fatality": "death", "troop": "soldier",
        "protestor": "protester",
        "dos": "dose",  # spaCy's English lemmatizer takes "doses" for the plural of "dos"
    }
)  # fmt: skip

# Heads that say "more of the same" ("wounded two others", "three more"): the unit is the thing
# counted just before.
GENERIC_HEADS: frozenset[str] = _words("other others more ones one those them whom")

# Nouns that denote people, besides lexicon.PERSON_NOUNS: what an indefinite singular patient
# must be to count as one ("an insurgent was killed"). Hand-picked from conflict and crime
# reporting (ISAF releases, PLOVER GSR sentences).
PERSON_COUNT_NOUNS: frozenset[str] = _words(
    """
    attacker baby bomber captive child civilian combatant commander detainee extremist
    facilitator fighter gunman hostage infant insurgent jihadist kidnapper leader member
    militant national officer operative passenger prisoner protester rebel recruiter refugee
    serviceman servicewoman smuggler sniper suspect terrorist trafficker trooper youth
    """
)

# --- What is counted ----------------------------------------------------------------------------

# Verbs whose patient is counted in casualty, detention and release reporting: "killed two
# insurgents", "an insurgent was killed", "one of his associates was detained". The singular
# rule ("a"/"an"/"one of" counts one) applies only under these. Hand-picked from the PLOVER
# ASSAULT/COERCE/RETREAT codebook verbs and the ISAF release vocabulary.
COUNT_EVENT_VERBS: frozenset[str] = _words(
    """
    abduct apprehend arrest behead capture deport detain displace evacuate execute
    expel free hurt imprison injure jail kidnap kill maim massacre murder release
    rescue seize shoot slay wound
    """
)

# Words that complete a verb into the state it leaves its patient in: "taken hostage", "taken
# into custody", "held captive", "shot dead", "found alive". Hand-picked.
STATE_WORDS: frozenset[str] = _words("alive captive captivity custody dead hostage prisoner")

# Intransitive verbs whose subject is the thing counted ("a prisoner died").
SUBJECT_COUNT_VERBS: frozenset[str] = _words("die perish drown")

# Verbs only people do: a bare count as their subject, with nothing counted before it in the
# sentence, counts people ("hundreds attended a burial", "fewer than 3,000 have reached the
# camp"). Hand-picked from crowd, displacement and protest reporting.
PEOPLE_SUBJECT_VERBS: frozenset[str] = _words(
    """
    arrive attend camp chant cheer demonstrate flee gather join march protest queue rally
    reach return shelter sign storm surrender vote
    """
)

# Event nouns whose "of" object is counted ("the release of dozens", "the killing of three"),
# with the participle that names the state of what is counted.
EVENT_NOMINALS: Mapping[str, str] = MappingProxyType(
    {
        "abduction": "abducted",
        "arrest": "arrested",
        "capture": "captured",
        "death": "died",
        "deportation": "deported",
        "detention": "detained",
        "evacuation": "evacuated",
        "exchange": "exchanged",
        "execution": "executed",
        "kidnapping": "kidnapped",
        "killing": "killed",
        "launch": "launched",
        "murder": "murdered",
        "release": "released",
        "rescue": "rescued",
        "return": "returned",
        "transfer": "transferred",
    }
)

# Event nouns of COUNT_EVENT_VERBS: "the capture of a facilitator" counts one, like "captured
# a facilitator" (the singular rule); the other EVENT_NOMINALS only name what a number counts.
COUNT_EVENT_NOMINALS: frozenset[str] = _words(
    "abduction arrest capture death detention execution kidnapping killing murder release"
)

# Past participles of the irregular verbs news copy counts with; any other verb adds "-ed".
IRREGULAR_PARTICIPLES: Mapping[str, str] = MappingProxyType(
    {
        "be": "been", "beat": "beaten", "become": "become", "begin": "begun",
        "bring": "brought", "build": "built", "buy": "bought", "catch": "caught",
        "choose": "chosen", "come": "come", "cut": "cut", "draw": "drawn",
        "drive": "driven", "fall": "fallen", "feed": "fed", "fight": "fought",
        "find": "found", "flee": "fled", "fly": "flown", "freeze": "frozen",
        "get": "got", "give": "given", "go": "gone", "grow": "grown", "have": "had",
        "hide": "hidden", "hit": "hit", "hold": "held", "hurt": "hurt", "keep": "kept",
        "know": "known", "lead": "led", "leave": "left", "lose": "lost", "make": "made",
        "meet": "met", "pay": "paid", "put": "put", "rebuild": "rebuilt", "rise": "risen",
        "run": "run", "say": "said", "see": "seen", "sell": "sold", "send": "sent",
        "set": "set", "shoot": "shot", "show": "shown", "slay": "slain", "spend": "spent",
        "steal": "stolen", "strike": "struck", "take": "taken", "tell": "told",
        "throw": "thrown", "win": "won", "withdraw": "withdrawn", "write": "written",
    }
)  # fmt: skip

# Regular verbs that double their last consonant before "-ed" ("kidnapped", "stopped").
DOUBLED_FINAL_VERBS: frozenset[str] = _words(
    "ban drop grab jam kidnap plan ship shut stop trap wrap"
)

# Words that make a count a running total ("in total", "so far", "to date", "since Oct. 7").
CUMULATIVE_WORDS: frozenset[str] = _words("total cumulative overall altogether since")
CUMULATIVE_PHRASES: frozenset[tuple[str, str]] = frozenset(
    {("so", "far"), ("to", "date"), ("in", "all"), ("thus", "far")}
)
