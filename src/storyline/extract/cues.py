"""Word lists of attribution: reporting verbs, nominal cues, source nouns, venues, media.

Plain data, each list with where it comes from. The verb list starts from textacy's 55
English reporting-verb lemmas and the Gender Gap Tracker's quote-verb allowlist (both read,
not copied), grown with the cues the quotes issue names and news-style verbs of stance.
The open-ended lists (news outlets, demonyms) are data files of ``storyline.lexicon``, each
entry with its source; the names here are built from them.
"""

from __future__ import annotations

from collections.abc import Mapping

from storyline.lexicon import demonyms, outlet_words
from storyline.lexicon import word_set as _words

__all__ = [
    "ANONYMITY_MARKERS",
    "ANONYMOUS_HEADS",
    "BELIEF_VERBS",
    "CONTENT_OBJECT_VERBS",
    "DEMONYMS",
    "DIRECT_ONLY_VERBS",
    "DOCUMENT_HEADS",
    "GROUP_HEADS",
    "MEDIA_WORDS",
    "OBJECT_CONTENT_VERBS",
    "REPORTING_VERBS",
    "STATE_BODIES",
    "VENUE_HEADS",
]

# Verbs that report speech or writing (lemmas).
REPORTING_VERBS: frozenset[str] = _words("""
    say tell add warn claim deny accuse emphasize emphasise insist demand urge vow acknowledge
    state announce argue assert confirm contend declare describe explain indicate maintain
    mention note observe predict promise propose recall remark report reply respond reveal
    suggest testify write tweet post ask allege admit boast caution charge complain concede
    conclude counter disclose estimate hint inform joke lament pledge reiterate remind signal
    stress threaten underline underscore call express recount quip speculate assure brief
    criticize criticise praise question dismiss reject stress answer comment continue read
    affirm announce notify plead appeal vow swear urge request order instruct advise
    caution tell recommend forecast repeat retort snap shout yell whisper murmur mutter
    exclaim cry scream sigh acknowledge agree disagree dispute doubt concur detail outline
    clarify insist proclaim pronounce profess guarantee endorse support back oppose condemn
    applaud welcome hail defend decry denounce blast slam tout highlight cite mock
""")

# Cues of a direct quote only ("…,” he continued.): with a clause of their own they are not
# reporting anything ("the lead continues to grow").
DIRECT_ONLY_VERBS: frozenset[str] = _words("continue read go")

# Verbs of belief, intention and perception that PolNeAR annotates as attributions.
BELIEF_VERBS: frozenset[str] = _words("""
    think believe hope fear expect feel know doubt worry suspect wonder consider guess
    assume imagine reckon understand realize realise recognize recognise
""")

# Reporting verbs whose content is an object plus a complement: "accused X of Y",
# "called on X to Y", "urged X to Y" — the content runs from the object to the end.
CONTENT_OBJECT_VERBS: frozenset[str] = _words("""
    accuse urge call warn ask criticize criticise praise order instruct advise
    request implore encourage press
""")

# Cues whose direct object is what is attributed ("announced his resignation", "described the
# field as weak", "backed the bill"): speech acts and public stances, as PolNeAR annotates them.
OBJECT_CONTENT_VERBS: frozenset[str] = _words("""
    announce confirm deny reveal disclose describe praise criticize criticise mock dismiss
    reject question mention cite acknowledge propose recommend predict promise pledge
    endorse support back oppose condemn applaud welcome hail defend decry denounce
    blast slam tout highlight dispute admit call
""")

# Head nouns of unnamed sources: media researchers count these as anonymous sourcing.
ANONYMOUS_HEADS: frozenset[str] = _words("""
    source sources official officials diplomat diplomats insider insiders aide aides person
    people individual individuals someone those spokesperson witness witnesses
    negotiator negotiators analyst analysts expert experts adviser advisers advisor advisors
    staffer staffers employee employees member members resident residents officer officers
    investigator investigators lawmaker lawmakers
""")

# Descriptions that only count as anonymous with a cue of secrecy or vagueness nearby.
ANONYMITY_MARKERS: tuple[str, ...] = (
    "anonymity",
    "not to be named",
    "not be named",
    "unidentified",
    "unnamed",
    "familiar with",
    "well-placed",
    "close to",
    "who asked not",
    "who declined to be",
    "speaking on condition",
    "knowledgeable",
    "briefed on",
)

# Plural human nouns that name a group as a whole ("the families", "protesters").
GROUP_HEADS: frozenset[str] = _words("""
    families family relatives protesters demonstrators residents workers voters critics
    supporters opponents activists parents students teachers doctors nurses farmers unions
    union leaders members groups organizers organisers campaigners victims survivors
    villagers citizens lawmakers legislators senators ministers officials authorities
    police troops soldiers militants rebels fighters settlers hostages prisoners
    scientists researchers economists analysts experts investors traders businesses
    companies
""")

# Head nouns of written sources ("the report said", "a statement said").
DOCUMENT_HEADS: frozenset[str] = _words("""
    report statement study survey poll document documents letter memo filing record records
    data analysis audit review ruling order complaint lawsuit indictment transcript
    release post tweet message email e-mail note assessment findings paper
""")

# Nouns of occasions where things are said ("at a news conference", "in an interview").
VENUE_HEADS: frozenset[str] = _words("""
    conference briefing interview rally hearing meeting session speech address summit
    statement podcast broadcast programme program show debate forum event ceremony
    appearance sermon press
""")

# Words that give a name the shape of a news outlet's: the title words of newspapers ("Times",
# "Post", "Herald", "Gazette"), the bare titles the press gives British papers ("the Sun", "the
# Mail") and the nouns of the media ("radio", "channel", "agency", "broadcaster"). Hand-picked;
# closed, unlike the outlets themselves.
_MEDIA_SHAPE_WORDS: frozenset[str] = _words("""
    times post news journal herald tribune guardian telegraph gazette daily radio tv
    television channel broadcasting broadcaster press agency wire newswire magazine newspaper
    paper tabloid network economist independent observer chronicle sun mirror express mail
    star globe
""")

# One-word names of outlets that are also everyday words, demonyms or the names of other
# things ("Time", "The Hill", "The Age", "Dawn" are outlets, but "at the time", "Capitol
# Hill", "the age of 40" are not): such a name is an outlet as a whole name
# (``lexicon.is_outlet``), but a span is not an outlet's for containing the word.
_NOT_MEDIA_CUES: frozenset[str] = _words("""
    age apa aps atlantic australian dawn focus fortune ft granma hill hindu insider intercept
    liberation metro mint nation national nos oregonian punch rbc sabah salon slate spectator
    stern stuff tempo time verge vice wired
""")

# Words that mark an organisation's name as a news outlet (venue or relay, not audience): the
# shape words above and the one-word names of the outlets of ``lexicon/outlets.tsv``
# ("reuters", "haaretz", "xinhua", "bbc"), lowercase.
MEDIA_WORDS: frozenset[str] = _MEDIA_SHAPE_WORDS | (outlet_words() - _NOT_MEDIA_CUES)

# Nationality adjectives to countries, for canonical names of state bodies ("the Israeli
# government" → "Government of Israel"), from ``lexicon/demonyms.tsv``; keys are lowercase.
DEMONYMS: Mapping[str, str] = demonyms()

# State bodies named after their country ("Government of Israel", "Cabinet of Japan"). Common
# nouns of government, not names: a closed list, kept here. Not "police": a country's police
# are named otherwise ("Philippine National Police", "Israel Police", "Bangladesh police" in
# the news gold), so "the Philippine police" keeps its words.
STATE_BODIES: frozenset[str] = _words("""
    government cabinet ministry parliament army military navy administration presidency
    embassy
""")
