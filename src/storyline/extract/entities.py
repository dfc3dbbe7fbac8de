"""Mentions to in-document entities, with roles and pronoun and description links.

One report at a time, the people, organisations and places of the body become entities, each
with every span that refers to it. The passes run in reading order and each one only adds:

1. **Names.** spaCy's PERSON/ORG/GPE/LOC/NORP/FAC entities, cleaned (a leading "the", a
   trailing possessive, a title swallowed into a PERSON span, a lone title word tagged ORG)
   and relabelled by a vote over identical surface forms, so one stray PERSON "Haaretz"
   follows its ORG twins and an ORG "Brandt" after "Karl Brandt" is the person; a
   multi-word ORG right after a title ("hostage Eli Rosen") is a PERSON. Untagged repeats of
   a known surname are added.
2. **Merging.** A surname or first name joins the most recent full name it matches, and a later
   full name absorbs an earlier surname-only entity. Other names merge on a normalised key,
   a known acronym ("US" = "United States"), initials ("NSC") or a dropped generic suffix
   ("Gaza" = "Gaza Strip").
3. **Roles.** A title before a name ("Israeli Prime Minister") is a ``"title"`` mention and the
   role; otherwise an apposition after it ("John Kirby, spokesman for ...", "Yael Adar — the
   mother of ...") or, failing that, before it ("The army's spokesman, Dan Levi, ..."), its
   article dropped. The first role found is kept.
4. **Related entities.** "Netanyahu's office" is an ORG of its own whose ``related`` holds
   Netanyahu's id; the person keeps only the "Netanyahu" mention. "The Israeli government"
   is likewise an ORG related to the nationality "Israeli".
5. **Descriptions.** A singular indefinite person noun phrase ("an unidentified foreign
   diplomat") is a ``"description"`` entity; a later definite one with the same head ("the
   diplomat") links to it, or to the named person whose role has that head ("the spokesman").
   Epithets ("the terrorist group", "the Jewish nation") link to the most mentioned recent
   organisation or country.
6. **Pronouns.** he/him/his/himself and she/her/herself link to a compatible person: a subject
   earlier in the same sentence, else the nearest earlier one, else the first subject (then the
   first mention) of the nearest previous sentences. Gender, from a short first-name list,
   honorifics, role nouns and earlier links, only filters; unknown never blocks.

Deliberately left out: plural groups ("well-placed sources", "the families"), "they"/"their",
and definite first mentions with their own complement ("the head of Mossad"). Nothing inside a
quotation is linked (its pronouns point into the quoted speaker's world), and nothing in a
masked range (captions, headline, kicker) is mentioned at all.

Ids are content hashes of type, name and first offset, and every list is sorted by offset, so
the same parse always gives byte-identical output. ``entity_at`` and ``mention_at`` are the
lookups a quotes extractor can use to turn a speaker span into an entity.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from spacy.tokens import Doc, Token

from storyline.extract import lexicon as lx
from storyline.extract.context import Context
from storyline.extract.spans import make_span
from storyline.record.model import Entity, Mention

__all__ = ["ENTITY_LABELS", "TYPE_PRIORITY", "entity_at", "extract_entities", "mention_at"]

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


# --- Public lookups --------------------------------------------------------------------------


def entity_at(entities: Sequence[Entity], start: int, end: int) -> Entity | None:
    """Return the entity that the character span ``start:end`` is a mention of, or None.

    Built for speaker resolution: a quotes extractor hands over the noun phrase it found
    ("John Kirby, spokesman for the White House National Security Council", "he",
    "Netanyahu's office") and gets the entity back. An entity's footprint is its mentions
    plus its role span, so a speaker phrase that carries a role goes to the person rather
    than to the organisation named inside the role. An entity with a mention exactly equal
    to the span wins; otherwise the one whose footprint overlaps most, ties broken by
    ``TYPE_PRIORITY`` and then by first mention. Linear in the number of mentions.

    Args:
        entities: the output of ``extract_entities`` for the same text.
        start: first character of the span.
        end: character after the span.

    Returns:
        The entity, or None when no mention or role overlaps the span.
    """
    best: tuple[int, int, int, int] | None = None
    best_entity: Entity | None = None
    for order, entity in enumerate(entities):
        exact = any(m.start == start and m.end == end for m in entity.mentions)
        pieces = [(m.start, m.end) for m in entity.mentions]
        if entity.role_span is not None:
            pieces.append((entity.role_span.start, entity.role_span.end))
        overlap = _union_overlap(pieces, start, end)
        if overlap <= 0:
            continue
        rank = TYPE_PRIORITY.index(entity.type) if entity.type in TYPE_PRIORITY else 99
        score = (int(exact), overlap, -rank, -order)
        if best is None or score > best:
            best, best_entity = score, entity
    return best_entity


def mention_at(entities: Sequence[Entity], start: int, end: int) -> tuple[Entity, Mention] | None:
    """Return the single mention that best covers ``start:end``, with its entity, or None.

    Where ``entity_at`` answers "who", this answers "which words": the quotes extractor uses
    it to keep the speaker span it reports identical to a mention (the pronoun "he", not the
    clause around it). Exact matches win, then the largest overlap, then the shortest mention.

    Args:
        entities: the output of ``extract_entities`` for the same text.
        start: first character of the span.
        end: character after the span.

    Returns:
        ``(entity, mention)``, or None when no mention overlaps the span.
    """
    best: tuple[int, int, int, int] | None = None
    found: tuple[Entity, Mention] | None = None
    for entity in entities:
        for m in entity.mentions:
            overlap = min(end, m.end) - max(start, m.start)
            if overlap <= 0:
                continue
            score = (int(m.start == start and m.end == end), overlap, -(m.end - m.start), -m.start)
            if best is None or score > best:
                best, found = score, (entity, m)
    return found


def _union_overlap(pieces: list[tuple[int, int]], start: int, end: int) -> int:
    """Return how many characters of ``start:end`` the union of ``pieces`` covers."""
    covered = 0
    reach = start
    for s, e in sorted(pieces):
        s, e = max(s, reach), min(e, end)
        if e > s:
            covered += e - s
            reach = e
    return covered


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


# --- Entry point -----------------------------------------------------------------------------


def extract_entities(doc: Doc, ctx: Context) -> list[Entity]:
    """Return the people, organisations and places of the body with all their mentions.

    Args:
        doc: the parse of ``ctx.text`` (tagger, parser and NER needed; without sentence
            boundaries the report counts as one sentence).
        ctx: the text, and the masked ranges whose words are never mentions.

    Returns:
        Entities sorted by first mention, each with its mentions sorted by offset.

    Example:
        >>> entities = extract_entities(doc, ctx)  # doctest: +SKIP
        >>> entity_at(entities, 0, 18).name  # "Benjamin Netanyahu said ..."  # doctest: +SKIP
        'Benjamin Netanyahu'
    """
    layout = _Layout(doc, ctx)
    names = _relabel(_name_mentions(doc, layout))
    clusters, name_owner = _cluster_names(names, layout)
    _add_roles(names, name_owner, layout)
    clusters += _add_possessives(names, name_owner, layout)
    clusters += _add_descriptions(clusters, layout)
    _add_pronouns(clusters, layout)
    return _build(clusters, ctx.text)


# --- 1. Names --------------------------------------------------------------------------------


def _name_mentions(doc: Doc, layout: _Layout) -> list[_Name]:
    """Return spaCy's entities of the body, cleaned, in text order."""
    found: list[_Name] = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        lo, hi = ent.start, ent.end
        while lo < hi and (doc[lo].is_space or doc[lo].is_punct or doc[lo].lower_ == "the"):
            lo += 1
        while lo < hi and (
            doc[hi - 1].is_space or doc[hi - 1].is_punct or doc[hi - 1].text in _POSSESSIVE_MARKS
        ):
            hi -= 1
        if ent.label_ == "PERSON":  # a title or honorific spaCy swallowed: the role pass sees it
            while hi - lo > 1 and (
                doc[lo].lower_ in lx.TITLE_WORDS
                or doc[lo].lower_ in lx.HONORIFICS
                or doc[lo].pos_ in _NOT_NAME_POS  # "Rip Donald Trump" in a title-case headline
            ):
                lo += 1
        if lo >= hi:
            continue
        start, end = doc[lo].idx, layout.char_end(hi - 1)
        text = layout.text[start:end]
        low = text.lower()
        if low in lx.TITLE_WORDS or low in _PRONOUN_GENDER or not layout.is_body[lo]:
            continue  # "Defense" in "Defense Minister": a title word tagged ORG
        if not all(layout.is_body[i] for i in range(lo, hi)):
            continue
        label = ent.label_
        if label == "ORG" and hi - lo > 1 and lo and _is_role_head(doc[lo - 1]):
            label = "PERSON"  # "hostage Eli Rosen", "Minister Yoav Gallant" tagged ORG
        if "/" in text and " " not in text:  # "GPO/AFP": two credits in one token
            found.extend(
                _Name(start + m.start(), start + m.end(), m.group(), label, lo, hi)
                for m in _SLASH_PART_RE.finditer(text)
            )
            continue
        found.append(_Name(start, end, text, label, lo, hi))
    return _add_missed_surnames(doc, layout, found)


def _add_missed_surnames(doc: Doc, layout: _Layout, names: list[_Name]) -> list[_Name]:
    """Add untagged repeats of a surname from the report's full person names.

    The small model often leaves a bare surname untagged ("Ruiz's office", "Lind said"),
    which would cost the quotes extractor a speaker. A capitalised proper noun outside any
    entity that equals the last word of a multi-word PERSON name is taken as that name.
    """
    surnames = set()
    for n in names:
        words = n.text.split()
        if n.label == "PERSON" and len(words) > 1 and words[-1][:1].isupper():
            surnames.add(words[-1])
    if not surnames:
        return names
    extra = [
        _Name(t.idx, t.idx + len(t.text), t.text, "PERSON", t.i, t.i + 1)
        for t in doc
        if t.text in surnames and t.pos_ == "PROPN" and not t.ent_type_ and layout.is_body[t.i]
    ]
    if not extra:
        return names
    return sorted(names + extra, key=lambda n: (n.start, n.end))


def _norm(text: str) -> str:
    """Return the comparison form of a name: casefolded, one space, straight apostrophes."""
    return _SPACES_RE.sub(" ", text.replace("’", "'")).strip().casefold()


def _relabel(names: list[_Name]) -> list[_Name]:
    """Give every occurrence of one surface form the label most of them got.

    spaCy labels each occurrence alone, so "Haaretz" may be a PERSON once and an ORG once.
    A tie on a one-word form that is no part of a longer person name goes to the non-PERSON
    label: a lone capitalised word that never appears as a surname is rarely a person. A
    one-word ORG that is the first or last word of a person's full name in the same report
    ("Brandt" after "Karl Brandt") is that person.
    """
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    first_label: dict[str, list[str]] = defaultdict(list)
    name_parts: set[str] = set()
    for n in names:
        key = _norm(n.text)
        votes[key][n.label] += 1
        if n.label not in first_label[key]:
            first_label[key].append(n.label)
        words = key.split()
        if n.label == "PERSON" and len(words) > 1:
            name_parts.update((words[0], words[-1]))
    chosen: dict[str, str] = {}
    for key, counter in votes.items():
        top = max(counter.values())
        tied = [label for label in first_label[key] if counter[label] == top]
        label = tied[0]
        if len(tied) > 1 and " " not in key and key not in name_parts:
            label = next((x for x in tied if x != "PERSON"), label)
        elif label == "ORG" and " " not in key and key in name_parts:
            label = "PERSON"
        chosen[key] = label
    return [
        n
        if chosen[_norm(n.text)] == n.label
        else _Name(n.start, n.end, n.text, chosen[_norm(n.text)], n.tok_start, n.tok_end)
        for n in names
    ]


# --- 2. Merging ------------------------------------------------------------------------------


def _cluster_names(
    names: list[_Name], layout: _Layout
) -> tuple[list[_Cluster], dict[int, _Cluster]]:
    """Merge name mentions into entities; return them and the entity of each name (by index)."""
    owner: dict[int, _Cluster] = {}
    clusters: list[_Cluster] = []
    persons = [(i, n) for i, n in enumerate(names) if n.label == "PERSON"]
    clusters += _cluster_persons(persons, owner)
    others = [(i, n) for i, n in enumerate(names) if n.label != "PERSON"]
    clusters += _cluster_others(others, owner)
    for i, n in enumerate(names):
        c = owner[i]
        c.add_name(n.start, n.end, layout.rank[layout.sent_of[n.tok_start]])
        c.names.append(n.text)
        layout.occupy(n.tok_start, n.tok_end)
        for k in range(n.tok_start, n.tok_end):
            layout.name_of[k] = c
    return clusters, owner


def _person_tokens(text: str) -> tuple[str, ...]:
    """Return the normalised words of a person name, without a possessive or a "Jr."."""
    words = [w for w in _norm(text).split() if w not in _POSSESSIVE_MARKS]
    while len(words) > 1 and words[-1].strip(",") in lx.NAME_SUFFIXES:
        words.pop()
    return tuple(words)


def _same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Return True if two full names agree: same last word, and same first word or nested.

    "Joseph R. Biden" = "Joseph Biden" (a middle initial), "Van Voorhis" = "Chandler Van
    Voorhis" (one ends the other); "Bill Clinton" != "Hillary Clinton".
    """
    if a[-1] != b[-1]:
        return False
    short, long = sorted((a, b), key=len)
    return a[0] == b[0] or long[-len(short) :] == short


def _cluster_persons(
    persons: list[tuple[int, _Name]], owner: dict[int, _Cluster]
) -> list[_Cluster]:
    """Merge person names: full names that agree, single names by first or last word.

    A full name joins the most recent full name it agrees with (``_same_person``). A single
    word goes to the most recent full name ending (or starting) with it; with none, it waits
    as a surname-only entity that the first matching full name later absorbs.
    """
    clusters: list[_Cluster] = []
    by_full: dict[tuple[str, ...], _Cluster] = {}
    by_part: dict[str, list[_Cluster]] = defaultdict(list)  # first/last word -> full names
    single: dict[str, _Cluster] = {}  # surname-only entities still waiting for a full name
    last_seen: dict[int, int] = {}  # id(cluster) -> index of its latest name
    for i, n in persons:
        words = _person_tokens(n.text) or (_norm(n.text),)
        if len(words) > 1:
            c = by_full.get(words)
            if c is None:
                near = [x for x in by_part.get(words[-1], ()) if _same_person(words, x.full_tokens)]
                if near:
                    c = max(near, key=lambda x: last_seen.get(id(x), -1))
                else:
                    c = single.pop(words[-1], None) or single.pop(words[0], None)
                if c is None:
                    c = _Cluster(type="PERSON")
                    clusters.append(c)
                if len(words) > len(c.full_tokens):
                    c.full_tokens = words
                by_full[words] = c
                for part in {words[0], words[-1]}:
                    if c not in by_part[part]:
                        by_part[part].append(c)
        else:
            word = words[0]
            matches = by_part.get(word)
            if matches:
                c = max(matches, key=lambda x: last_seen.get(id(x), -1))
            else:
                c = single.get(word) or _Cluster(type="PERSON", full_tokens=words)
                if word not in single:
                    single[word] = c
                    clusters.append(c)
        owner[i] = c
        last_seen[id(c)] = i
    return clusters


def _other_key(text: str) -> str:
    """Return the merge key of a non-person name (an acronym we know becomes its expansion)."""
    key = _norm(text).replace(".", "")
    expansion = lx.ACRONYM_EXPANSIONS.get(key)
    return expansion.casefold() if expansion else key


def _initials(key: str) -> str:
    """Return the initials of a multi-word key, function words skipped ("nsc")."""
    words = [w for w in key.split() if w not in lx.NAME_STOPWORDS]
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def _cluster_others(others: list[tuple[int, _Name]], owner: dict[int, _Cluster]) -> list[_Cluster]:
    """Merge organisation, place and group names on a normalised key, with aliases.

    Aliases are found over the whole report first, so "Gaza" early still joins "the Gaza
    Strip" later: a key that is another key minus a generic last word, and an all-caps
    acronym that spells another key's initials.
    """
    keys: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, n in others:
        keys[(_MERGE_GROUP.get(n.label, n.label), _other_key(n.text))].append(i)
    alias: dict[tuple[str, str], tuple[str, str]] = {}
    by_initials: dict[tuple[str, str], tuple[str, str]] = {}
    for group, key in keys:
        words = key.split()
        if len(words) > 1 and words[-1] in lx.GEO_SUFFIXES:
            short = (group, " ".join(words[:-1]))
            if short in keys:
                alias[short] = (group, key)
        initials = _initials(key)
        if initials:
            by_initials.setdefault((group, initials), (group, key))
    clusters: dict[tuple[str, str], _Cluster] = {}
    for i, n in others:
        gk = (_MERGE_GROUP.get(n.label, n.label), _other_key(n.text))
        if _ACRONYM_RE.fullmatch(n.text.replace(".", "")) and gk in by_initials:
            gk = by_initials[gk]
        gk = alias.get(gk, gk)
        c = clusters.get(gk)
        if c is None:
            c = clusters[gk] = _Cluster(type=n.label)
        owner[i] = c
    members_of: dict[int, list[_Name]] = defaultdict(list)
    for i, n in others:
        members_of[id(owner[i])].append(n)
    for gk, c in clusters.items():
        members = members_of[id(c)]
        c.type = Counter(m.label for m in members).most_common(1)[0][0]
        expansion = lx.ACRONYM_EXPANSIONS.get(_norm(members[0].text).replace(".", ""))
        if expansion and _norm(expansion) == gk[1]:
            longest = max(members, key=lambda m: (len(m.text.split()), not m.text.isupper()))
            c.display = expansion if len(longest.text.split()) == 1 else longest.text
    return list(clusters.values())


# --- 3. Roles --------------------------------------------------------------------------------


def _add_roles(names: list[_Name], owner: dict[int, _Cluster], layout: _Layout) -> None:
    """Give each person the first title or apposition found at its names; titles are mentions."""
    for i, n in enumerate(names):
        c = owner[i]
        if c.type != "PERSON":
            continue
        honorific = layout.doc[n.tok_start - 1].lower_ if n.tok_start else ""
        if c.gender is None and lx.HONORIFICS.get(honorific):
            c.gender = lx.HONORIFICS[honorific]
        title = _title_before(n.tok_start, layout)
        if title is not None:
            lo, head, words = title
            start, end = layout.doc[lo].idx, layout.char_end(n.tok_start - 1)
            c.add(start, end, "title")
            layout.occupy(lo, n.tok_start, c)
            _set_role(c, start, end, head, words)
        appos = _apposition_after(n.tok_end, layout)
        if appos is None and title is None:
            appos = _apposition_before(n.tok_start, n.tok_end, layout)
        if appos is not None:
            lo, hi, head, words = appos
            layout.occupy(lo, hi, c)
            _set_role(c, layout.doc[lo].idx, layout.char_end(hi - 1), head, words)


def _set_role(c: _Cluster, start: int, end: int, head: str, words: frozenset[str]) -> None:
    """Keep the first role found; let its head noun state a gender."""
    if c.role is not None:
        return
    c.role, c.head, c.words = (start, end), head, words
    if c.gender is None:
        c.gender = _noun_gender(head)


def _noun_gender(noun: str) -> str | None:
    """Return "f"/"m" when a person noun states a gender ("mother", "spokesman")."""
    if noun in lx.FEMALE_PERSON_NOUNS:
        return "f"
    if noun in lx.MALE_PERSON_NOUNS:
        return "m"
    return None


def _is_role_head(t: Token) -> bool:
    """Return True for a title or relation noun that can stand right before a name."""
    return t.pos_ in ("NOUN", "PROPN") and (
        t.lower_ in lx.TITLE_HEADS or t.lower_ in lx.RELATION_NOUNS
    )


def _title_before(i: int, layout: _Layout) -> tuple[int, str, frozenset[str]] | None:
    """Return the title just before the name at token ``i``: its first token, head and words.

    Walks left over title heads, title modifiers and capitalised words of organisation,
    place or nationality entities ("Israeli Prime Minister", "Knesset member", "Hamas
    leader", "hostage"). The word next to the name must be a head, so "Israeli Benjamin"
    is no title. Stops at the sentence start and at anything else ("the", "of", verbs).
    """
    doc = layout.doc
    sent_start = layout.sent_bounds[layout.sent_of[i]][0] if len(doc) else 0
    if i == 0 or i - 1 < sent_start or not _is_role_head(doc[i - 1]):
        return None
    if not layout.is_body[i - 1]:
        return None
    lo = i - 1
    j = i - 2
    while j >= sent_start:
        t = doc[j]
        if not layout.is_body[j]:
            break  # titles may nest in another's role ("mother of hostage X"), not in captions
        is_entity_word = t.ent_type_ in _ENTITY_MODIFIER_LABELS and t.text[:1].isupper()
        if not (_is_role_head(t) or t.lower_ in lx.TITLE_MODIFIERS or is_entity_word):
            break
        lo = j
        j -= 1
    words = frozenset(doc[k].lower_ for k in range(lo, i))
    return lo, doc[i - 1].lower_, words


def _apposition_after(tok_end: int, layout: _Layout) -> tuple[int, int, str, frozenset[str]] | None:
    """Return the role in apposition after a name: its token range, head noun and words.

    The apposition sits between commas or dashes ("John Kirby, spokesman for ..., said";
    "Yael Adar — the mother of ... —") or runs to the end of the sentence. It counts as a
    role only when it opens with a noun phrase whose head is a role noun, so relative
    clauses ("whose grandparents ...") and lists of names are not roles; a leading article
    is dropped. An age in between ("Ann Lee, 74, a retired judge, ...") is stepped over.
    """
    doc = layout.doc
    if tok_end >= len(doc):
        return None
    opener = doc[tok_end].text
    if opener != "," and opener not in _DASHES:
        return None
    sent_end = layout.sent_bounds[layout.sent_of[tok_end]][1]
    closers = {","} if opener == "," else _DASHES | {","}
    k = tok_end + 1
    while k < sent_end and doc[k].text not in closers and doc[k].text != ";":
        k += 1
    if k >= sent_end:  # no closing mark: only a role that ends the sentence
        k = sent_end
        while k > tok_end + 1 and (doc[k - 1].is_punct or doc[k - 1].is_space):
            k -= 1
    lo = tok_end + 1
    while lo < k and doc[lo].is_space:
        lo += 1
    if lo < k and doc[lo].lower_ in _ARTICLES:
        lo += 1
    if lo >= k or k - lo > MAX_ROLE_TOKENS or doc[lo].tag_ in _CLAUSE_TAGS:
        return None
    if k == lo + 1 and doc[lo].like_num and k < sent_end and doc[k].text == ",":
        return _apposition_after(k, layout)  # an age: the role, if any, comes next
    run = lo
    head: Token | None = None
    while run < k and (doc[run].pos_ in _ROLE_RUN_POS or doc[run].text in _POSSESSIVE_MARKS):
        if doc[run].pos_ == "NOUN" or doc[run].lower_ in lx.TITLE_HEADS:
            head = doc[run]
        run += 1
    if head is None or head.i != run - 1:
        return None
    lemma = head.lemma_.lower()
    if head.lower_ not in lx.ROLE_NOUNS and lemma not in lx.ROLE_NOUNS:
        return None
    if not all(layout.is_body[x] for x in range(lo, k)):
        return None
    word = head.lower_ if head.lower_ in lx.ROLE_NOUNS else lemma
    return lo, k, word, frozenset(doc[x].lower_ for x in range(lo, run))


def _apposition_before(
    tok_start: int, tok_end: int, layout: _Layout
) -> tuple[int, int, str, frozenset[str]] | None:
    """Return a role set before a name by a comma ("The army's spokesman, Dan Levi, said").

    The words before the comma must end in a role noun and the name must be closed by a
    comma or the end of its sentence, so "In Paris, Ann Lee said" is no role. The article is
    dropped, as after a name.
    """
    doc = layout.doc
    j = tok_start - 2
    if j < 0 or doc[tok_start - 1].text != ",":
        return None
    sent_start, sent_end = layout.sent_bounds[layout.sent_of[tok_start]]
    closed = tok_end >= sent_end or doc[tok_end].text == "," or doc[tok_end].is_sent_end
    head = doc[j]
    if not closed or j < sent_start or head.pos_ not in ("NOUN", "PROPN"):
        return None
    word = head.lower_ if head.lower_ in lx.ROLE_NOUNS else head.lemma_.lower()
    if word not in lx.ROLE_NOUNS or layout.role_owner[j] is not None or not layout.is_body[j]:
        return None
    lo = j
    while lo - 1 >= sent_start and tok_start - lo <= MAX_ROLE_TOKENS:
        t = doc[lo - 1]
        if not (t.pos_ in _ROLE_RUN_POS or t.text in _POSSESSIVE_MARKS) or not layout.is_body[t.i]:
            break
        lo -= 1
    before = doc[lo - 1] if lo > sent_start else None
    if before is not None and not (before.lower_ in _ARTICLES or before.pos_ in _NP_OPENERS):
        return None  # the phrase starts mid-noun-phrase: not a role we can delimit
    return lo, j + 1, word, frozenset(doc[x].lower_ for x in range(lo, j + 1))


# --- 4. Related entities ---------------------------------------------------------------------


def _add_possessives(
    names: list[_Name], owner: dict[int, _Cluster], layout: _Layout
) -> list[_Cluster]:
    """Make "<name>'s office" an organisation (and "<name>'s spokesman" a person) of its own.

    The new entity's ``related`` holds the possessor, whose own mention stays "<name>": the
    office speaks for the person but is not the person. Repeats of the same phrase merge.
    """
    doc = layout.doc
    made: dict[tuple[int, str], _Cluster] = {}
    for i, n in enumerate(names):
        possessor = owner[i]
        k = n.tok_end
        if possessor.type == "NORP" or k >= len(doc) or doc[k].text not in _POSSESSIVE_MARKS:
            continue
        j = k + 1
        while (
            j < len(doc)
            and j - k <= MAX_POSSESSED_GAP
            and doc[j].dep_ in ("compound", "amod")
            and doc[j].pos_ in ("NOUN", "ADJ")
        ):
            j += 1
        if j >= len(doc) or doc[j].pos_ != "NOUN" or layout.sent_of[j] != layout.sent_of[k]:
            continue
        head = doc[j].lemma_.lower()
        if head in lx.POSSESSED_ORG_NOUNS:
            etype = "ORG"
        elif head in lx.POSSESSED_PERSON_NOUNS:
            etype = "PERSON"
        else:
            continue
        if not all(layout.is_body[x] for x in range(n.tok_start, j + 1)):
            continue
        start, end = n.start, layout.char_end(j)
        words = " ".join(doc[x].lower_ for x in range(k + 1, j + 1))
        key = (id(possessor), words)
        c = made.get(key)
        if c is None:
            c = made[key] = _Cluster(
                type=etype, display=layout.text[start:end], head=head, related=[possessor]
            )
            c.words = frozenset(doc[x].lower_ for x in range(k + 1, j + 1))
            c.gender = _noun_gender(head) if etype == "PERSON" else None
        c.add_name(start, end, layout.rank[layout.sent_of[j]])
        layout.occupy(k, j + 1)
    return list(made.values())


# --- 5. Descriptions -------------------------------------------------------------------------


def _determiner(t: Token) -> Token | None:
    for child in t.lefts:
        if child.dep_ == "det":
            return child
    return None


def _add_descriptions(clusters: list[_Cluster], layout: _Layout) -> list[_Cluster]:
    """Make indefinite person phrases entities; link definite phrases and epithets back.

    One left-to-right pass over singular common nouns outside quotations, roles and names.
    """
    doc = layout.doc
    made: list[_Cluster] = []
    by_head: dict[str, list[_Cluster]] = defaultdict(list)
    for c in clusters:
        if c.head is not None:
            by_head[c.head].append(c)
    orgs = [c for c in clusters if c.kind == "named" and c.type == "ORG" and c.name_sents]
    places = [c for c in clusters if c.type in _PLACE and c.name_sents]
    institutions: dict[tuple[int, str], _Cluster] = {}
    for t in doc:
        if t.pos_ != "NOUN" or t.tag_ != "NN" or layout.occupied[t.i]:
            continue
        if not layout.is_body[t.i] or layout.in_quote[t.i]:
            continue
        det = _determiner(t)
        if det is None or layout.occupied[det.i] or not layout.is_body[det.i]:
            continue
        lemma = t.lemma_.lower()
        preps = {c.lower_ for c in t.rights if c.dep_ == "prep"}
        determiner = det.lower_
        if determiner in lx.INDEFINITE_DETERMINERS:
            if lemma not in lx.PERSON_NOUNS or t.dep_ in _PREDICATIVE_DEPS:
                continue
            if (t.dep_ == "pobj" and t.head.lower_ == "as") or (
                lemma in _AMBIGUOUS_WITH_OF and "of" in preps
            ):
                continue
            c = _description(t, det, layout)
            made.append(c)
            by_head[lemma].append(c)
        elif (
            determiner == "the"
            and lemma in lx.POSSESSED_ORG_NOUNS
            and (country := _national(t, det, layout)) is not None
        ):
            c, is_new = _add_institution(t, det, country, layout, institutions)
            if is_new:
                made.append(c)
                by_head[lemma].append(c)
        elif determiner in lx.DEFINITE_DETERMINERS and not preps & _SELF_DESCRIBING_PREPS:
            mods = frozenset(
                x.lower_ for x in t.lefts if x.dep_ in ("amod", "compound") and x.i > det.i
            )
            target = _antecedent(by_head.get(lemma, ()), mods, t.idx)
            if target is None and lemma in lx.GROUP_EPITHET_NOUNS:
                target = _salient(orgs, layout.rank[layout.sent_of[t.i]], t.idx)
            elif target is None and lemma in lx.NATION_EPITHET_NOUNS:
                target = _salient(places, layout.rank[layout.sent_of[t.i]], t.idx)
            if target is not None:
                target.add(det.idx, layout.char_end(t.i), "description")
                layout.occupy(det.i, t.i + 1)
    return made


def _national(t: Token, det: Token, layout: _Layout) -> _Cluster | None:
    """Return the country or nationality named between ``det`` and ``t`` ("the Israeli ...")."""
    for k in range(det.i + 1, t.i):
        c = layout.name_of[k]
        if c is not None and (c.type == "NORP" or c.type in _PLACE):
            return c
    return None


def _add_institution(
    t: Token,
    det: Token,
    country: _Cluster,
    layout: _Layout,
    made: dict[tuple[int, str], _Cluster],
) -> tuple[_Cluster, bool]:
    """Make "the Israeli government" an organisation related to "Israeli", like a possessive.

    The name and mention leave out "the", as names do; repeats of the phrase merge. Returns
    the entity and whether it is new.
    """
    lo = det.i + 1
    start, end = layout.doc[lo].idx, layout.char_end(t.i)
    words = frozenset(layout.doc[k].lower_ for k in range(lo, t.i + 1))
    key = (id(country), " ".join(sorted(words)))
    c = made.get(key)
    is_new = c is None
    if c is None:
        c = made[key] = _Cluster(
            type="ORG",
            display=layout.text[start:end],
            head=t.lemma_.lower(),
            words=words,
            related=[country],
        )
    c.add_name(start, end, layout.rank[layout.sent_of[t.i]])
    layout.occupy(det.i, t.i + 1)
    return c, is_new


def _description(t: Token, det: Token, layout: _Layout) -> _Cluster:
    """Return a description entity for the indefinite phrase headed by ``t``.

    The phrase takes the modifiers to the right of its head ("a source familiar with the
    talks") up to the first punctuation, so an apposition ("an attorney for X, Mark Doe,")
    or a clause after a comma stays out.
    """
    doc = layout.doc
    end = t.i + 1
    for child in t.rights:
        if child.dep_ not in _RIGHT_MODIFIER_DEPS or child.is_punct:
            break
        end = child.right_edge.i + 1
    end = min(end, layout.sent_bounds[layout.sent_of[t.i]][1])
    for k in range(t.i + 1, end):
        is_hyphen = doc[k].text == "-" and not doc[k - 1].whitespace_  # "a Paris-based aide"
        if (doc[k].is_punct and not is_hyphen) or doc[k].is_space or not layout.is_body[k]:
            end = k
            break
    if end - det.i > MAX_DESCRIPTION_TOKENS:
        end = t.i + 1
    start, stop = det.idx, layout.char_end(end - 1)
    lemma = t.lemma_.lower()
    c = _Cluster(
        type="PERSON",
        kind="description",
        display=layout.text[start:stop],
        head=lemma,
        words=frozenset(layout.doc[x].lower_ for x in range(det.i + 1, t.i)),
        gender=_noun_gender(lemma),
    )
    c.add(start, stop, "description")
    layout.occupy(det.i, end)
    return c


def _antecedent(
    candidates: Iterable[_Cluster], mods: frozenset[str], start: int
) -> _Cluster | None:
    """Return the most recently mentioned entity whose head and words fit a definite phrase."""
    best: _Cluster | None = None
    best_at = -1
    for c in candidates:
        at = c.last_before(start)
        if at > best_at and mods <= c.words:
            best, best_at = c, at
    return best


def _salient(candidates: list[_Cluster], rank: int, start: int) -> _Cluster | None:
    """Return the most-named entity mentioned in the last ``MAX_EPITHET_SENTENCES`` sentences.

    Epithets ("the terrorist group") name the report's topic rather than the nearest name, so
    frequency decides before recency.
    """
    best: tuple[int, int] | None = None
    found: _Cluster | None = None
    for c in candidates:
        i = bisect.bisect_left(c.name_starts, start)  # names before the epithet: [0, i)
        if i == 0 or rank - c.name_sents[i - 1] > MAX_EPITHET_SENTENCES:
            continue
        score = (len(c.name_sents), c.name_starts[i - 1])
        if best is None or score > best:
            best, found = score, c
    return found


# --- 6. Pronouns -----------------------------------------------------------------------------


def _add_pronouns(clusters: list[_Cluster], layout: _Layout) -> None:
    """Link he/she pronouns outside quotations to the most salient compatible person."""
    doc = layout.doc
    by_sent: dict[int, list[_Candidate]] = defaultdict(list)
    for c in clusters:
        if c.type != "PERSON":
            continue
        if c.gender is None and c.full_tokens:
            first = c.full_tokens[0] if len(c.full_tokens) > 1 else ""
            if first in lx.FEMALE_FIRST_NAMES:
                c.gender = "f"
            elif first in lx.MALE_FIRST_NAMES:
                c.gender = "m"
        for (start, end), kind in c.mentions.items():
            if kind not in ("name", "description"):
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            root = span.root
            by_sent[layout.sent_of[root.i]].append(
                _Candidate(
                    start,
                    root.i,
                    c,
                    root.dep_ in _SUBJECT_DEPS,
                    layout.role_owner[root.i] not in (None, c),
                )
            )
    for t in doc:
        gender = _PRONOUN_GENDER.get(t.lower_)
        if gender is None or not t.tag_.startswith("PRP") or layout.in_quote[t.i]:
            continue
        if not layout.is_body[t.i]:
            continue
        target = _resolve_pronoun(t, gender, by_sent, layout)
        if target is None:
            continue
        target.add(t.idx, layout.char_end(t.i), "pronoun")
        target.gender = target.gender or gender
        by_sent[layout.sent_of[t.i]].append(
            _Candidate(t.idx, t.i, target, t.dep_ in _SUBJECT_DEPS, False)
        )


def _resolve_pronoun(
    t: Token, gender: str, by_sent: dict[int, list[_Candidate]], layout: _Layout
) -> _Cluster | None:
    """Return the person a pronoun points to, or None (see the module docstring for the order)."""
    s = layout.sent_of[t.i]

    def usable(c: _Candidate) -> bool:
        if c.cluster.gender not in (None, gender) or layout.in_quote[c.token]:
            return False
        # Binding: "Netanyahu praised him" - an object pronoun is not its own verb's subject.
        head = layout.doc[c.token].head
        return not (
            t.dep_ in _OBJECT_DEPS
            and t.lower_ not in _REFLEXIVES
            and c.is_subject
            and head.i == t.head.i
        )

    same = [c for c in by_sent.get(s, ()) if c.start < t.idx and usable(c)]
    if same:
        preferred = [c for c in same if not c.is_demoted] or same
        subjects = [c for c in preferred if c.is_subject] or preferred
        return max(subjects, key=lambda c: c.start).cluster
    seen = 0
    k = s - 1
    while k >= 0 and seen < MAX_PRONOUN_SENTENCES:
        if layout.rank[k] != (layout.rank[k - 1] if k else 0):  # a narrative sentence
            seen += 1
            found = [c for c in by_sent.get(k, ()) if usable(c)]
            if found:
                preferred = [c for c in found if not c.is_demoted] or found
                subjects = [c for c in preferred if c.is_subject] or preferred
                return min(subjects, key=lambda c: c.start).cluster
        k -= 1
    return None


# --- Output ----------------------------------------------------------------------------------


def _cluster_name(c: _Cluster) -> str:
    """Return the canonical name: fixed by construction, else the fullest written form."""
    if c.display is not None:
        return c.display
    if not c.names:
        return ""
    ranked = enumerate(c.names)
    return max(ranked, key=lambda x: (len(x[1].split()), not x[1].isupper(), -x[0]))[1]


def _entity_id(etype: str, name: str, first: int) -> str:
    """Return a content hash of type, name and first offset: stable run to run."""
    digest = hashlib.blake2b(f"{etype}\x1f{name}\x1f{first}".encode(), digest_size=8).hexdigest()
    return _ID_PREFIX + digest[:ID_HEX_DIGITS]


def _build(clusters: list[_Cluster], text: str) -> list[Entity]:
    """Turn the working clusters into sorted, frozen record entities."""
    live = [c for c in clusters if c.mentions]
    ids: dict[int, str] = {}
    taken: set[str] = set()
    for c in live:
        first = min(s for s, _ in c.mentions)
        eid = _entity_id(c.type, _cluster_name(c), first)
        while eid in taken:  # two entities cannot share type, name and first offset, but be safe
            eid = _entity_id(c.type, eid, first)
        taken.add(eid)
        ids[id(c)] = eid
    entities = []
    for c in live:
        mentions = [
            Mention(start=s, end=e, text=text[s:e], kind=kind)
            for (s, e), kind in sorted(c.mentions.items())
        ]
        role = make_span(text, *c.role) if c.role is not None else None
        related = sorted({ids[id(r)] for r in c.related if id(r) in ids})
        entities.append(
            Entity(
                id=ids[id(c)],
                name=_cluster_name(c),
                type=c.type,
                kind=c.kind,
                role=role.text if role is not None else None,
                role_span=role,
                related=related,
                mentions=mentions,
            )
        )
    entities.sort(key=lambda e: (e.mentions[0].start, e.mentions[0].end, e.id))
    return entities
