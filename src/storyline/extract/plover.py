"""The PLOVER v2.0 event lexicon: verbs, event nouns and frame verbs to types and modes.

Plain data, like ``lexicon.py``: the event extractor reads it, nothing here runs. Every entry is
a lowercase lemma (match ``token.lemma_.lower()``) mapped to ``(type, mode)``; ``mode`` is a
PLOVER v2.0 mode name or ``None``.

Sources (all in ``../shared/benchmarks/events/plover_ontology``):

* ``PLOVER_MANUAL.pdf`` (draft v2.0), chapter 3: the 16 event types, their modes and the
  "potential ambiguities" that settle borderline verbs (cancelled meetings are REJECT,
  deportations are COERCE, hostage rescues are AID, captured combatants are ASSAULT(abduct)).
* ``CAMEO2PLOVER-2021.txt``: the CAMEO code of each verb class below is given in its comment,
  reduced to the PLOVER type the crosswalk gives it. Where the crosswalk and the v2.0 manual
  disagree we follow the manual (``research/plover_mapping.md`` sec. 3): 163 sanctions →
  SANCTION(discontinue), 116 convictions → SANCTION(convict), 195 aerial weapons → aerial.
* ``PLOVER_structured_codebook_updated.csv`` (NGEC): definitions and keywords per type/mode.

Our extension, documented in ``research/plover_mapping.md``: RETREAT/CONCEDE split by whether
the concession is implemented, and a few modes for negotiations (``meet`` on REQUEST/REJECT).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TypeVar

from storyline.lexicon import metonyms
from storyline.lexicon import word_set as _words

__all__ = [
    "CONTROL_VERBS",
    "EVENT_NOUNS",
    "LABOUR_STRIKE_MODIFIERS",
    "LIGHT_VERBS",
    "MILITARY_STRIKE_WORDS",
    "NON_EVENT_OBJECTS",
    "OBJECT_EVENTS",
    "PHRASAL_EVENTS",
    "PLOVER_TYPES",
    "PROTESTERS",
    "QUAD",
    "STATE_METONYMS",
    "STATUS_VERBS",
    "THREAT_MODES",
    "THREAT_MODES_BY_MODE",
    "VERB_EVENTS",
    "WANT_MODES",
]

Coding = tuple[str, str | None]
_V = TypeVar("_V")


def _each(words: str, value: _V) -> dict[str, _V]:
    """Map every word of ``words`` to the same ``value``."""
    return dict.fromkeys(sorted(_words(words)), value)


def _table(spec: str) -> Mapping[str, Coding]:
    """Parse ``TYPE[:mode]: lemma lemma ...`` lines into a read-only lemma → coding map."""
    out: dict[str, Coding] = {}
    for line in spec.strip().splitlines():
        label, _, words = line.partition("=")
        etype, _, mode = label.strip().partition(":")
        for word in words.split():
            out[word.replace("_", " ")] = (etype, mode or None)
    return MappingProxyType(out)


# The 16 PLOVER v2.0 event types (manual ch. 3) and their quad class (1 verbal cooperation,
# 2 material cooperation, 3 verbal conflict, 4 material conflict).
QUAD: Mapping[str, int] = MappingProxyType(
    {
        "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
        "COOPERATE": 2, "AID": 2, "RETREAT": 2,
        "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
        "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
    }
)  # fmt: skip
PLOVER_TYPES: frozenset[str] = frozenset(QUAD)

# Content verbs: the verb alone names the event. Grouped by CAMEO root (crosswalk comment) and
# PLOVER mode (manual tables 3.1-3.9). Verbs whose type depends on the object ("take", "open",
# "launch") are light verbs below, not here.
VERB_EVENTS: Mapping[str, Coding] = _table(
    """
    AGREE = agree promise pledge vow commit offer volunteer propose invite
    CONSULT = meet negotiate confer consult discuss talk parley telephone phone
    CONSULT:visit = visit tour
    CONSULT:mediate = mediate broker
    SUPPORT = praise endorse commend applaud welcome hail congratulate thank back support \
        defend apologize apologise forgive recognize recognise approve ratify sign
    CONCEDE = concede yield accede relent compromise capitulate pardon amnesty
    COOPERATE = cooperate collaborate extradite partner coordinate
    AID = aid assist donate rescue evacuate shelter fund finance
    RETREAT:release = release free repatriate
    RETREAT:withdraw = withdraw retreat surrender
    RETREAT:disarm = disarm demobilize demobilise disband decommission
    RETREAT:resign = resign abdicate
    RETREAT = lift ease relax reopen unblock
    REQUEST = demand request urge ask appeal press plead petition persuade implore exhort \
        beseech lobby
    ACCUSE:disapprove = criticize criticise condemn denounce decry deplore slam blast \
        censure rebuke reprimand chide lambaste disapprove protest
    ACCUSE:allege = accuse blame allege sue
    ACCUSE:investigate = investigate probe inspect examine audit
    REJECT = reject refuse decline deny veto rebuff spurn dismiss defy oppose disregard \
        ignore boycott snub
    THREATEN = threaten menace
    PROTEST:demo = demonstrate rally march picket
    PROTEST:riot = riot loot
    PROTEST:hunger = fast
    SANCTION = sanction embargo blacklist
    SANCTION:discontinue = suspend sever cut freeze halt terminate curtail
    SANCTION:expel = expel
    SANCTION:convict = convict sentence fine
    MOBILIZE:troops = mobilize mobilise deploy mass reinforce station
    COERCE:arrest = arrest detain jail imprison apprehend intern charge indict
    COERCE:seize = seize confiscate occupy annex requisition impound
    COERCE:restrict = blockade besiege restrict ban outlaw prohibit bar block close surround
    COERCE:censor = censor
    COERCE:deport = deport exile banish
    COERCE:curfew = curfew
    ASSAULT = attack assault kill murder slay massacre wound injure fight invade storm retaliate \
        ambush raid clash strike bombard shell
    ASSAULT:aerial = bomb airstrike strafe
    ASSAULT:heavy-weapons = shell bombard
    ASSAULT:firearms = shoot gun snipe
    ASSAULT:abduct = abduct kidnap hijack
    ASSAULT:beat = beat
    ASSAULT:torture = torture
    ASSAULT:sexual = rape
    ASSAULT:targeted = assassinate execute behead
    ASSAULT:destroy = destroy demolish raze bulldoze torch
    ASSAULT:primitive = stab lynch
    ASSAULT:explosives = detonate
    """
)

# Verb + particle or preposition that together name an event (phrasal verbs; the particle is
# ``prt`` or the first ``prep`` of the verb). "pull out of" negotiations is REJECT(meet): the
# manual (3.13.2) codes cancelled meetings as REJECT, with mode ``meet`` = "Meetings and
# negotiations" (table 3.5), and the seed gold agrees; CAMEO 164 "halt negotiations" would say
# SANCTION(withdraw), which we keep for leaving organisations and mediation (``OBJECT_EVENTS``).
PHRASAL_EVENTS: Mapping[tuple[str, str], Coding] = MappingProxyType(
    {
        ("call", "on"): ("REQUEST", None),  # CAMEO 10 demand / 02 appeal with a recipient
        ("call", "for"): ("REQUEST", None),
        ("call", "upon"): ("REQUEST", None),
        ("push", "for"): ("REQUEST", None),
        ("press", "for"): ("REQUEST", None),
        ("ask", "for"): ("REQUEST", None),
        ("pull", "out"): ("RETREAT", "withdraw"),  # troops; "out of talks" below
        ("walk", "out"): ("REJECT", "meet"),  # CAMEO 125 reject proposal to meet
        ("back", "down"): ("CONCEDE", None),  # CAMEO 08 yield
        ("back", "out"): ("REJECT", None),
        ("break", "off"): ("SANCTION", "discontinue"),  # CAMEO 161/164
        ("cut", "off"): ("SANCTION", "discontinue"),
        ("crack", "down"): ("COERCE", None),  # CAMEO 17 coerce
        ("round", "up"): ("COERCE", "arrest"),  # CAMEO 173
        ("lock", "up"): ("COERCE", "arrest"),
        ("set", "free"): ("RETREAT", "release"),  # CAMEO 0841
        ("hand", "over"): ("RETREAT", "release"),
        ("give", "up"): ("CONCEDE", None),
        ("sit", "down"): ("CONSULT", None),
        ("open", "fire"): ("ASSAULT", "firearms"),  # CAMEO 193
        ("fire", "on"): ("ASSAULT", "firearms"),
        ("fire", "at"): ("ASSAULT", "firearms"),
        ("lash", "out"): ("ACCUSE", "disapprove"),
        ("speak", "out"): ("ACCUSE", "disapprove"),
        ("speak", "with"): ("CONSULT", None),  # CAMEO 04 consult
        ("speak", "to"): ("CONSULT", None),
        ("talk", "with"): ("CONSULT", None),
        ("meet", "with"): ("CONSULT", None),
        ("sign", "on"): ("AGREE", None),
        ("shut", "down"): ("COERCE", "restrict"),
        ("take", "over"): ("COERCE", "seize"),  # CAMEO 192 occupy territory
        ("turn", "down"): ("REJECT", None),  # CAMEO 12 reject
        ("stand", "down"): ("RETREAT", "withdraw"),
        ("step", "down"): ("RETREAT", "resign"),
    }
)

# Verbs typed by their object (dobj, or the prep object of an intransitive use): (verb, object
# lemma) → coding. Each pair is a CAMEO code whose crosswalk type differs from the verb's own.
OBJECT_EVENTS: Mapping[tuple[str, str], Coding] = MappingProxyType(
    {
        ("pull", "negotiation"): ("REJECT", "meet"),  # see PHRASAL_EVENTS: "pull out of talks"
        ("pull", "talk"): ("REJECT", "meet"),
        ("withdraw", "negotiation"): ("REJECT", "meet"),
        ("withdraw", "talk"): ("REJECT", "meet"),
        ("walk", "negotiation"): ("REJECT", "meet"),
        ("walk", "talk"): ("REJECT", "meet"),
        ("suspend", "negotiation"): ("REJECT", "meet"),
        ("suspend", "talk"): ("REJECT", "meet"),
        ("halt", "negotiation"): ("REJECT", "meet"),
        ("halt", "talk"): ("REJECT", "meet"),
        ("withdraw", "mediation"): ("SANCTION", "withdraw"),  # CAMEO 165 halt mediation
        ("withdraw", "ambassador"): ("SANCTION", "withdraw"),  # CAMEO 161
        ("recall", "ambassador"): ("SANCTION", "withdraw"),
        ("recall", "envoy"): ("SANCTION", "withdraw"),
        ("expel", "diplomat"): ("SANCTION", "expel"),  # CAMEO 166
        ("expel", "ambassador"): ("SANCTION", "expel"),
        ("expel", "observer"): ("SANCTION", "expel"),
        ("expel", "inspector"): ("SANCTION", "expel"),
        ("summon", "ambassador"): ("ACCUSE", "disapprove"),  # mapping doc: complain officially
        ("summon", "envoy"): ("ACCUSE", "disapprove"),
        ("summon", "diplomat"): ("ACCUSE", "disapprove"),
        ("cut", "aid"): ("SANCTION", "discontinue"),  # CAMEO 162
        ("cut", "tie"): ("SANCTION", "discontinue"),  # CAMEO 161
        ("sever", "tie"): ("SANCTION", "discontinue"),
        ("break", "tie"): ("SANCTION", "discontinue"),
        ("withdraw", "troop"): ("RETREAT", "withdraw"),  # CAMEO 0874
        ("withdraw", "force"): ("RETREAT", "withdraw"),
        ("lift", "sanction"): ("RETREAT", None),  # CAMEO 085 ease sanctions
        ("lift", "blockade"): ("RETREAT", "withdraw"),  # CAMEO 0872
        ("lift", "ban"): ("CONCEDE", None),  # CAMEO 081 ease administrative sanctions
        ("lift", "curfew"): ("RETREAT", None),  # CAMEO 0813
        ("ease", "restriction"): ("CONCEDE", None),
        ("return", "hostage"): ("RETREAT", "release"),  # CAMEO 0841
        ("return", "prisoner"): ("RETREAT", "release"),
        ("return", "table"): ("CONSULT", None),  # "return to the negotiating table"
        ("exchange", "prisoner"): ("RETREAT", "release"),
        ("exchange", "hostage"): ("RETREAT", "release"),
        ("swap", "prisoner"): ("RETREAT", "release"),
        ("grant", "asylum"): ("AID", None),  # CAMEO 075
        ("grant", "access"): ("RETREAT", "access"),  # CAMEO 086
        ("allow", "access"): ("RETREAT", "access"),
        ("allow", "aid"): ("RETREAT", "access"),  # CAMEO 0863
        ("open", "border"): ("RETREAT", "access"),
        ("open", "crossing"): ("RETREAT", "access"),
        ("close", "border"): ("COERCE", "restrict"),  # CAMEO 191
        ("violate", "ceasefire"): ("ASSAULT", None),  # CAMEO 196
        ("violate", "cease-fire"): ("ASSAULT", None),
        ("violate", "truce"): ("ASSAULT", None),
        ("break", "ceasefire"): ("ASSAULT", None),
        ("break", "truce"): ("ASSAULT", None),
        ("deny", "responsibility"): ("REJECT", None),  # CAMEO 016 (mapping doc, optional)
        ("claim", "responsibility"): ("ACCUSE", "allege"),  # CAMEO 015 (mapping doc)
        ("reach", "agreement"): ("AGREE", None),  # CAMEO 03; "reach a deal"
        ("reach", "deal"): ("AGREE", None),
        ("hold", "hostage"): ("ASSAULT", "abduct"),  # CAMEO 181
        ("hold", "captive"): ("ASSAULT", "abduct"),
        ("burn", "flag"): ("PROTEST", "demo"),
        ("pledge", "allegiance"): ("SUPPORT", None),  # CAMEO 05: declaring allegiance is support
        ("swear", "allegiance"): ("SUPPORT", None),
    }
)

# Event nouns, typed when a light verb governs them ("launched an airstrike", "held talks",
# "took hostages", "imposed sanctions") or when they head a subject of "begin/continue". The
# nominal forms of VERB_EVENTS are added below.
EVENT_NOUNS: Mapping[str, Coding] = _table(
    """
    ASSAULT = attack assault offensive invasion incursion raid war warfare operation \
        fighting battle clash massacre killing violence hostility bloodshed onslaught \
        ambush fire gunfire escalation
    ASSAULT:aerial = airstrike air_strike strike bombing bombardment sortie air_raid
    ASSAULT:heavy-weapons = shelling artillery barrage rocket missile mortar
    ASSAULT:abduct = hostage captive kidnapping abduction hijacking
    ASSAULT:explosives = explosion blast
    ASSAULT:suicide-attack = suicide_bombing
    ASSAULT:targeted = assassination execution
    CONSULT = talk negotiation meeting summit consultation discussion dialogue conference
    CONSULT:visit = visit trip
    CONSULT:mediate = mediation
    AGREE = agreement deal accord pact pledge promise offer commitment
    SUPPORT = support endorsement praise recognition apology
    RETREAT:release = release
    RETREAT:withdraw = withdrawal pullout retreat
    RETREAT:ceasefire = ceasefire cease-fire truce pause
    AID = aid assistance relief donation rescue evacuation
    COOPERATE = cooperation collaboration extradition
    REQUEST = demand request appeal plea
    ACCUSE:disapprove = criticism condemnation
    ACCUSE:allege = accusation allegation lawsuit
    ACCUSE:investigate = investigation inquiry probe
    REJECT = rejection refusal veto
    THREATEN = threat ultimatum warning
    PROTEST:demo = protest demonstration rally march sit-in
    PROTEST:riot = riot
    PROTEST:hunger = hunger_strike
    PROTEST:boycott = boycott
    SANCTION:discontinue = sanction embargo suspension
    SANCTION:expel = expulsion
    MOBILIZE:troops = mobilization mobilisation deployment reinforcement buildup troop
    COERCE = crackdown
    COERCE:arrest = arrest detention
    COERCE:restrict = blockade siege curfew restriction ban closure
    COERCE:seize = occupation seizure annexation
    COERCE:deport = deportation
    """
)

# "strike" is a labour protest, not an air strike, with these modifiers or after "on".
LABOUR_STRIKE_MODIFIERS: frozenset[str] = _words(
    "general hunger labor labour worker teacher doctor nurse national wildcat"
)

# A bare "strike" is an attack only in a sentence of war ("the strike killed 12"); without any of
# these words it is a labour strike ("the strike began on March 4, when 3,200 walked out").
MILITARY_STRIKE_WORDS: frozenset[str] = _words(
    """
    air drone missile rocket artillery military army navy bomb shell kill wound target hit
    injure destroy fighter jet warplane israeli russian troop militant precision retaliatory
    """
)

# Support verbs whose event is named by their object noun ("launched its 10,000th airstrike",
# "expands its ground offensive", "held talks", "imposed a curfew", "took 240 hostages").
LIGHT_VERBS: frozenset[str] = _words(
    """
    launch carry conduct stage mount wage hold begin start resume continue expand intensify
    escalate step spread extend reignite renew widen broaden make issue impose declare
    announce open take give provide send deliver order initiate undertake pursue restart
    strike fire allow express voice
    """
)

# Object nouns after which a verb names no political event ("released a statement",
# "issued a report", "launched a website").
NON_EVENT_OBJECTS: frozenset[str] = _words(
    """
    statement report video footage image photo figure data detail name list result
    album book film website app product study survey poll document letter communique
    update information number estimate toll tally schedule plan budget
    """
)

# People who protest: what they do to property or the police (storm, occupy, besiege, seize,
# clash) is PROTEST, as PLOVER codes civilian protest behaviour (manual ch. 2: PROTEST covers
# demonstrations, riots, occupations and sit-ins), not ASSAULT or COERCE.
PROTESTERS: frozenset[str] = _words(
    "protester protestor demonstrator marcher rioter picketer striker"
)

# Control verbs whose complement clause is the *content* of a speech act: the outer verb gives
# the type, the inner event gives the mode ("demanded to meet" → REQUEST(meet), "threatened
# to shell" → THREATEN(violence), "refused to release" → REJECT(yield), "accused X of
# attacking" → ACCUSE(allege), "agreed to withdraw" → AGREE). PLOVER manual ch. 3: intent,
# demands, refusals, threats and accusations are coded by the speech act, not its content.
CONTROL_VERBS: Mapping[str, Coding] = MappingProxyType(
    {
        **_each(
            "demand request urge ask appeal press plead persuade implore call push pressure "
            "lobby invite",
            ("REQUEST", None),
        ),
        **_each("refuse decline reject veto", ("REJECT", None)),
        **_each("threaten warn", ("THREATEN", None)),
        **_each(
            "agree promise pledge vow commit offer undertake volunteer consent", ("AGREE", None)
        ),
        **_each("accuse blame charge", ("ACCUSE", "allege")),
        **_each("condemn criticize criticise denounce", ("ACCUSE", "disapprove")),
    }
)

# Verbs that pass their complement's event through but set its status (our ``status`` field,
# PLOVER's unimplemented "auxiliary modes"): "scheduled to meet" is a future meeting, "hopes
# to meet" a hypothetical one, "tried to persuade" still a persuasion.
STATUS_VERBS: Mapping[str, str] = MappingProxyType(
    {
        **_each("schedule plan set due expect intend prepare aim mean", "future"),
        **_each("hope want wish seek consider struggle need fail", "hypothetical"),
        **_each("try attempt continue begin start decide move work manage keep", "asserted"),
    }
)

# Mode of REQUEST/REJECT by the type of what is asked for or refused (manual tables 3.3/3.5:
# assist, change, yield, meet).
WANT_MODES: Mapping[str, str] = MappingProxyType(
    {
        "CONSULT": "meet", "AGREE": "meet",
        "RETREAT": "yield", "CONCEDE": "yield",
        "AID": "assist", "COOPERATE": "assist", "SUPPORT": "assist",
    }
)  # fmt: skip

# Mode of THREATEN by the type of what is threatened (manual table 3.6).
THREAT_MODES: Mapping[str, str] = MappingProxyType(
    {
        "ASSAULT": "violence", "SANCTION": "relations", "REJECT": "relations",
        "MOBILIZE": "violence", "COERCE": "restrict",
    }
)  # fmt: skip

# THREATEN mode by the mode of what is threatened, where that is more telling than its type:
# "threatened to expel the journalists" is THREATEN(expel), to occupy THREATEN(territory).
THREAT_MODES_BY_MODE: Mapping[str, str] = MappingProxyType(
    {
        "arrest": "arrest", "expel": "expel", "deport": "expel", "seize": "territory",
        "restrict": "restrict", "curfew": "restrict", "withdraw": "relations",
        "discontinue": "relations",
    }
)  # fmt: skip

# Seats, organs and capitals that stand for their state as an actor (PLOVER codes actors by
# country and sector; PETRARCH's agent dictionaries make the same substitution), from
# ``storyline/lexicon/metonyms.tsv``: lowercase name → state, in file order.
STATE_METONYMS: Mapping[str, str] = metonyms()
