"""Word lists the extractors match against: plain data, each list with its source or rationale.

Like trafilatura's ``xpaths.py``: heuristics are data, kept apart from the code that uses them.
Every entry is lowercase (match against ``token.lower_``) and every list is a ``frozenset`` or
a read-only mapping, so membership is O(1) and nothing is mutated at run time. The lists are
hand-picked and deliberately short: each comment says what the list is for and where its
entries come from, so a reviewer can tell a gap from a choice. Open-ended lists (first names)
are data files of ``storyline.lexicon``, each entry with its source.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from storyline.lexicon import first_names
from storyline.lexicon import word_set as _words

__all__ = [
    "ACRONYM_EXPANSIONS",
    "DEFINITE_DETERMINERS",
    "FACILITY_HEADS",
    "FEMALE_FIRST_NAMES",
    "FEMALE_PERSON_NOUNS",
    "FEMALE_PRONOUNS",
    "GEO_SUFFIXES",
    "GROUP_EPITHET_NOUNS",
    "HONORIFICS",
    "INDEFINITE_DETERMINERS",
    "MALE_FIRST_NAMES",
    "MALE_PERSON_NOUNS",
    "MALE_PRONOUNS",
    "NAME_STOPWORDS",
    "NAME_SUFFIXES",
    "NATION_EPITHET_NOUNS",
    "NEUTER_PRONOUNS",
    "PERSON_NOUNS",
    "POSSESSED_ORG_NOUNS",
    "POSSESSED_PERSON_NOUNS",
    "PRONOUN_WORDS",
    "RELATION_NOUNS",
    "RELATIVE_PRONOUNS",
    "ROLE_NOUNS",
    "TITLE_HEADS",
    "TITLE_MODIFIERS",
    "TITLE_WORDS",
]


# --- Titles ----------------------------------------------------------------------------------

# Heads of the titles that precede a name in news copy ("Prime Minister Benjamin Netanyahu",
# "Knesset member Benny Gantz") or head an apposition ("John Kirby, spokesman for ...").
# Hand-picked: political, military, corporate and religious offices that English-language wire
# copy puts before names, with the abbreviations the AP Stylebook uses ("Sen.", "Gen.").
TITLE_HEADS: frozenset[str] = _words(
    """
    admiral adviser advisor aide ambassador analyst archbishop attorney bishop boss
    capt. captain cardinal ceo cfo chair chairman chairperson chairwoman chancellor
    chief coach col. colonel commander commissioner congressman congresswoman coo
    coordinator correspondent councillor councilman councilwoman counsel cto delegate
    deputy diplomat director dr. editor emir envoy executive founder gen. general gov.
    governor head imam inspector judge justice king lawmaker leader legislator
    lieutenant lt. maj. manager mayor mediator member minister mp negotiator officer
    official pope premier president president-elect prince princess professor
    prosecutor queen rabbi rep. reporter representative secretary sen. senator sergeant
    sgt. sheikh speaker spokesman spokesperson spokeswoman strategist superintendent
    treasurer
    """
)

# Words that modify a title head without being one ("Prime", "Defense", "former", "press"):
# the left edge of "former Israeli Defense Minister" is found by walking over them.
# Hand-picked: common ministerial portfolios plus tense and rank modifiers ("acting", "former",
# "senior"). Proper-noun modifiers ("Knesset", "White House", "Israeli") come from the parse's
# named entities instead, so they need no entry here. A spaCy entity whose whole text is one
# of these words ("Defense" in "Defense Minister") is a tagging mistake and is dropped.
TITLE_MODIFIERS: frozenset[str] = _words(
    """
    acting agriculture army assistant associate cabinet chief communications culture
    defence defense deputy economy education energy environment ex ex- executive
    federal finance first foreign former general government health home house housing
    incoming intelligence interim interior junior justice labor labour lead local
    majority media military minority national navy opposition outgoing party police
    press prime regional security senate senior state top tourism trade transport
    treasury vice war welfare
    """
)

TITLE_WORDS: frozenset[str] = TITLE_HEADS | TITLE_MODIFIERS

# Honorifics that precede a name but are not a role; the value is the gender they imply
# (None: none). Hand-picked English courtesy titles.
HONORIFICS: Mapping[str, str | None] = MappingProxyType(
    {
        "mr": "m",
        "mr.": "m",
        "sir": "m",
        "mrs": "f",
        "mrs.": "f",
        "ms": "f",
        "ms.": "f",
        "miss": "f",
        "dame": "f",
        "dr": None,
        "dr.": None,
        "rev": None,
        "rev.": None,
    }
)

# --- People who are not named ----------------------------------------------------------------

# Family and circumstance nouns that describe a person in apposition ("the mother of hostage
# Tamir Adar") or before a name ("hostage Tamir Adar"). Hand-picked: kinship terms plus the
# circumstance nouns of conflict and crime reporting ("hostage", "captive", "witness").
RELATION_NOUNS: frozenset[str] = _words(
    """
    aunt brother captive colleague cousin daughter detainee father fiance fiancee
    fiancé fiancée friend granddaughter grandfather grandmother grandparent grandson
    hostage husband mother neighbor neighbour nephew niece parent partner prisoner
    relative resident sister son survivor uncle victim widow widower wife witness
    """
)

# Nouns that denote one person, heads of description entities ("an unidentified foreign
# diplomat", "a senior official"). Hand-picked: the nouns news copy uses for unnamed sources
# ("official", "source", "diplomat", "person familiar with") and common occupations, plus the
# title and relation lists above (so "the spokesman" can find John Kirby's role), minus the
# abbreviations, which never head a noun phrase.
PERSON_NOUNS: frozenset[str] = (
    TITLE_HEADS
    | RELATION_NOUNS
    | _words(
        """
        activist boy doctor employee expert girl guard individual insider investigator
        journalist lawyer man militant nurse observer paramedic person physician pilot
        policeman policewoman politician researcher scholar soldier source staffer student
        teacher veteran woman worker
        """
    )
) - _words("capt. col. dr. gen. gov. lt. maj. rep. sen. sgt.")

# Heads an apposition may have for it to be taken as a role ("X, spokesman for Y,").
ROLE_NOUNS: frozenset[str] = PERSON_NOUNS | TITLE_HEADS

# Nouns that make "<name>'s <noun>" a distinct organisation related to the name ("Netanyahu's
# office", "Israel's war cabinet"). Hand-picked institutional nouns that, with a possessor,
# name a body that speaks or acts on its own ("Netanyahu's office said ...").
POSSESSED_ORG_NOUNS: frozenset[str] = _words(
    """
    administration army cabinet campaign coalition command council embassy government
    military ministry office parliament party police presidency regime team
    """
)

# Nouns that make "<name>'s <noun>" a distinct person related to the name ("Netanyahu's
# spokesman"). Hand-picked: the role and kinship nouns that need a principal.
POSSESSED_PERSON_NOUNS: frozenset[str] = _words(
    """
    adviser advisor aide attorney brother daughter deputy envoy father husband lawyer
    mother representative sister son spokesman spokesperson spokeswoman wife
    """
)

# Heads of an epithet that points back at the most salient organisation ("the terrorist
# group", "the Palestinian terror group") or country ("the Jewish nation"). Hand-picked:
# only heads that cannot denote a person, so an epithet never steals a speaker.
GROUP_EPITHET_NOUNS: frozenset[str] = _words(
    "faction group militia movement organisation organization"
)
NATION_EPITHET_NOUNS: frozenset[str] = _words("country nation")

# Determiners that introduce a new referent ("an unidentified diplomat", "another official")
# or point back at a known one ("the diplomat", "this official").
INDEFINITE_DETERMINERS: frozenset[str] = _words("a an another")
DEFINITE_DETERMINERS: frozenset[str] = _words("that the this")

# --- Gender, only ever as a filter -----------------------------------------------------------

# Third-person singular pronouns we resolve; "they" is left alone (groups, singular they).
MALE_PRONOUNS: frozenset[str] = _words("he him himself his")
FEMALE_PRONOUNS: frozenset[str] = _words("her hers herself she")
NEUTER_PRONOUNS: frozenset[str] = _words("it its itself")
# Relative pronouns that open a clause about a named antecedent ("Smith, who said ...").
RELATIVE_PRONOUNS: frozenset[str] = _words("who whom which that")
# Every pronoun and relative word: none is ever the name of an entity across reports, though
# a parser may tag one ("Who", "They" capitalised at a sentence start) as a name.
PRONOUN_WORDS: frozenset[str] = (
    MALE_PRONOUNS
    | FEMALE_PRONOUNS
    | NEUTER_PRONOUNS
    | RELATIVE_PRONOUNS
    | _words("whose what whoever i me my mine myself we us our ours ourselves you your yours")
    | _words("yourself yourselves they them their theirs themselves one someone somebody")
    | _words("this these those")
)

# Role and relation nouns that state a gender ("the mother of ...", "spokeswoman").
FEMALE_PERSON_NOUNS: frozenset[str] = _words(
    """
    aunt chairwoman congresswoman councilwoman daughter fiancee fiancée girl
    granddaughter grandmother lady mother niece policewoman princess queen sister
    spokeswoman widow wife woman
    """
)
MALE_PERSON_NOUNS: frozenset[str] = _words(
    """
    boy brother chairman congressman councilman father fiance fiancé grandfather
    grandson husband king man nephew policeman prince son spokesman uncle widower
    """
)

# First names that state a gender, from ``storyline/lexicon/first_names.tsv``: the US Social
# Security Administration's most frequent names of one sex (names given to both left out) and
# names of people often in international news. A name not listed leaves gender unknown, which
# never blocks a link; the lists only stop "she" reaching a "John". Casefolded.
FEMALE_FIRST_NAMES: frozenset[str] = frozenset(
    name for name, gender in first_names().items() if gender == "female"
)
MALE_FIRST_NAMES: frozenset[str] = frozenset(
    name for name, gender in first_names().items() if gender == "male"
)

# --- Names -----------------------------------------------------------------------------------

# Acronyms whose expansion is the canonical name even when only the acronym is written
# (keys are lowercase with the dots removed). Hand-picked: the country, bloc and news-agency
# abbreviations that wire copy uses without spelling out; any other acronym keeps its written
# form (or merges with a written-out name whose initials it matches).
ACRONYM_EXPANSIONS: Mapping[str, str] = MappingProxyType(
    {
        "afp": "Agence France-Presse",
        "ap": "Associated Press",
        "eu": "European Union",
        "idf": "Israel Defense Forces",
        "uae": "United Arab Emirates",
        "uk": "United Kingdom",
        "un": "United Nations",
        "us": "United States",
        "usa": "United States",
    }
)

# Trailing words a place name may drop ("the Gaza Strip" ~ "Gaza", "New York City" ~ "New
# York"). Hand-picked generic terms of place names (cf. the UNGEGN toponymic glossary).
GEO_SUFFIXES: frozenset[str] = _words(
    """
    city county district governorate island islands oblast peninsula province region
    republic state strip territory valley
    """
)

# Last words that make a name a building or a site, never a person ("Rana Plaza", "Tahrir
# Square", "Al-Shifa Hospital"): a name ending with one that spaCy tags PERSON is a facility.
# Hand-picked generic terms of facility names (cf. OntoNotes FAC: buildings, airports,
# highways, bridges).
FACILITY_HEADS: frozenset[str] = _words(
    """
    airport avenue base bridge building camp cathedral centre center church complex dam
    highway hospital hotel mall market mosque palace plaza port prison road square stadium
    station street temple tower towers
    """
)

# Generational suffixes ignored when comparing person names ("Joseph R. Biden Jr." = "Joseph R.
# Biden"). Hand-picked English suffixes.
NAME_SUFFIXES: frozenset[str] = _words("jr jr. sr sr. ii iii iv")

# Function words skipped when making an acronym from a name ("Israel Defense Forces" -> IDF).
NAME_STOPWORDS: frozenset[str] = _words("& and for of the")
