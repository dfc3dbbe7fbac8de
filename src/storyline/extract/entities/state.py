"""Working state of the entity passes: clusters, name spans, per-token layout, thresholds."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Literal

from spacy.tokens import Doc

from storyline.extract import lexicon as lx
from storyline.extract.context import Context

ENTITY_LABELS: frozenset[str] = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
"""spaCy labels that become entities; dates, numbers and works of art are other extractors'."""

TYPE_PRIORITY: tuple[str, ...] = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")
"""Tie-break of ``entity_at``: a speaker is more often a person than a place."""

# Thresholds. "Sentences" are body sentences not wholly inside a quotation.
MAX_PRONOUN_SENTENCES = 3  # sentences back a he/she may reach: beyond, a link is a guess
MAX_EPITHET_SENTENCES = 8  # sentences back "the group" may reach its organisation
MAX_ROLE_TOKENS = 16  # tokens in an apposition taken as a role; longer ones are clauses
MAX_DESCRIPTION_TOKENS = 12  # tokens in a description entity's noun phrase
MAX_POSSESSED_GAP = 3  # modifier tokens allowed between "'s" and its head ("'s war cabinet")
ID_HEX_DIGITS = 12  # hex digits of an entity id: collisions need ~16M entities in one report

_ID_PREFIX = "ent_"
_PLACE = frozenset({"GPE", "LOC", "FAC"})
_MERGE_GROUP = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}  # others merge within their type
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_OBJECT_DEPS = frozenset({"dobj", "iobj"})
# Dependencies of a noun that cannot introduce a referent ("he is a diplomat", "X, a diplomat").
_PREDICATIVE_DEPS = frozenset({"attr", "appos", "acomp", "oprd", "npadvmod", "compound"})
# Right dependents that stay in a description's span ("a source familiar with the talks").
_RIGHT_MODIFIER_DEPS = frozenset({"amod", "prep", "acl", "compound", "nummod"})
_ENTITY_MODIFIER_LABELS = frozenset({"NORP", "ORG", "GPE", "LOC", "FAC"})
_ROLE_RUN_POS = frozenset({"ADJ", "NOUN", "PROPN", "NUM"})
_CLAUSE_TAGS = frozenset({"WDT", "WP", "WP$", "WRB", "PRP", "PRP$"})
_ARTICLES = frozenset({"a", "an", "the"})
_NOT_NAME_POS = frozenset({"VERB", "ADJ", "NOUN", "ADV", "AUX", "DET", "ADP"})
_NP_OPENERS = frozenset({"PUNCT", "VERB", "AUX", "ADP", "SCONJ", "CCONJ"})  # may precede a role
_POSSESSIVE_MARKS = frozenset({"'s", "’s", "'", "’"})
_DASHES = frozenset({"—", "–", "--"})
_SELF_DESCRIBING_PREPS = frozenset({"of", "for"})  # "the head of Mossad" is not an anaphor
_AMBIGUOUS_WITH_OF = frozenset({"source", "head"})  # "a source of tension", "a head of lettuce"
_PRONOUN_GENDER = dict.fromkeys(lx.MALE_PRONOUNS, "m") | dict.fromkeys(lx.FEMALE_PRONOUNS, "f")
_REFLEXIVES = frozenset({"himself", "herself"})
_EntityKind = Literal["named", "description"]
_MentionKind = Literal["name", "title", "description", "pronoun"]
_KIND_RANK: dict[_MentionKind, int] = {"name": 0, "title": 1, "description": 2, "pronoun": 3}

_QUOTE_CHAR_RE = re.compile(r'[“”«»„"\n]')
_OPENING_QUOTES = frozenset("“«„")
_CLOSING_QUOTES = frozenset("”»")
_SLASH_PART_RE = re.compile(r"[^/]+")
_ACRONYM_RE = re.compile(r"[A-Z]{2,6}")
_SPACES_RE = re.compile(r"\s+")


# --- Working state ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Cluster:
    """One entity while it is being built (mutable, local to one call)."""

    type: str
    kind: _EntityKind = "named"
    names: list[str] = field(default_factory=list)  # surface forms of its name mentions
    mentions: dict[tuple[int, int], _MentionKind] = field(default_factory=dict)  # by (start, end)
    starts: list[int] = field(default_factory=list)  # sorted starts of name/description mentions
    name_starts: list[int] = field(default_factory=list)  # starts of name mentions, in order
    name_sents: list[int] = field(default_factory=list)  # narrative rank of each name mention
    display: str | None = None  # a name fixed by construction (descriptions, possessives, ...)
    role: tuple[int, int] | None = None
    head: str | None = None  # head noun a definite description must have to link here
    words: frozenset[str] = frozenset()  # modifiers that definite description may use
    gender: str | None = None
    related: list[_Cluster] = field(default_factory=list)
    full_tokens: tuple[str, ...] = ()  # PERSON: normalised tokens of its fullest name

    def add(self, start: int, end: int, kind: _MentionKind) -> None:
        """Record a mention; a span already there keeps its stronger kind."""
        old = self.mentions.get((start, end))
        if old is None or _KIND_RANK[kind] < _KIND_RANK[old]:
            self.mentions[(start, end)] = kind
        if old is None and kind in ("name", "description"):
            bisect.insort(self.starts, start)

    def add_name(self, start: int, end: int, rank: int) -> None:
        """Record a name mention (in text order) and the narrative sentence it sits in."""
        self.add(start, end, "name")
        self.name_starts.append(start)
        self.name_sents.append(rank)

    def last_before(self, start: int) -> int:
        """Return the start of its last name/description mention before ``start`` (or -1)."""
        i = bisect.bisect_left(self.starts, start)
        return self.starts[i - 1] if i else -1


@dataclass(frozen=True, slots=True)
class _Name:
    """A cleaned named-entity span of the body."""

    start: int
    end: int
    text: str
    label: str
    tok_start: int
    tok_end: int


@dataclass(slots=True)
class _Candidate:
    """A person mention a pronoun may point to."""

    start: int
    token: int  # head token index
    cluster: _Cluster
    is_subject: bool
    is_demoted: bool  # sits inside another entity's role: "the mother of hostage Tamir Adar"


class _Layout:
    """Per-token facts computed once: body or not, inside a quotation, sentence and its rank."""

    def __init__(self, doc: Doc, ctx: Context) -> None:
        n = len(doc)
        self.doc = doc
        self.text = ctx.text
        self.is_body = [not ctx.is_masked(t.idx, t.idx + len(t.text)) for t in doc]
        self.in_quote = [False] * n
        spans = _quote_spans(ctx.text)
        p = 0
        for t in doc:
            while p < len(spans) and spans[p][1] <= t.idx:
                p += 1
            self.in_quote[t.i] = p < len(spans) and spans[p][0] <= t.idx
        sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        self.sent_of = [0] * n
        self.sent_bounds: list[tuple[int, int]] = []
        self.rank: list[int] = []  # narrative sentences up to and including this one
        narrative = 0
        for k, sent in enumerate(sents):
            self.sent_bounds.append((sent.start, sent.end))
            is_narrative = False
            for t in sent:
                self.sent_of[t.i] = k
                if not (t.is_space or t.is_punct or self.in_quote[t.i]) and self.is_body[t.i]:
                    is_narrative = True
            narrative += is_narrative
            self.rank.append(narrative)
        self.occupied = bytearray(n)  # tokens inside a mention or a role already
        self.role_owner: list[_Cluster | None] = [None] * n
        self.name_of: list[_Cluster | None] = [None] * n  # the entity a name token names

    def char_end(self, i: int) -> int:
        """Return the character after token ``i``."""
        t = self.doc[i]
        return t.idx + len(t.text)

    def occupy(self, tok_start: int, tok_end: int, owner: _Cluster | None = None) -> None:
        """Mark tokens as taken (and, for a role, by whom)."""
        for i in range(tok_start, tok_end):
            self.occupied[i] = 1
            if owner is not None:
                self.role_owner[i] = owner


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Return the character ranges inside quotation marks, sorted and disjoint.

    News style reopens a quotation at each paragraph it runs over, so a line break closes
    any open quotation; straight double quotes toggle.
    """
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in _QUOTE_CHAR_RE.finditer(text):
        ch, i = m.group(), m.start()
        if ch == "\n" or (ch == '"' and open_at is not None) or ch in _CLOSING_QUOTES:
            if open_at is not None:
                spans.append((open_at, i + (ch != "\n")))
                open_at = None
        elif open_at is None and (ch in _OPENING_QUOTES or ch == '"'):
            open_at = i
    if open_at is not None:
        spans.append((open_at, len(text)))
    return spans
