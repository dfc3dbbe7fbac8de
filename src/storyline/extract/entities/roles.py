"""Passes 3 and 4: roles from titles and appositions; possessives as related entities."""

from __future__ import annotations

from spacy.tokens import Token

from storyline.extract import lexicon as lx
from storyline.extract.entities.state import (
    _ARTICLES,
    _CLAUSE_TAGS,
    _DASHES,
    _ENTITY_MODIFIER_LABELS,
    _NP_OPENERS,
    _POSSESSIVE_MARKS,
    _ROLE_RUN_POS,
    MAX_POSSESSED_GAP,
    MAX_ROLE_TOKENS,
    _Cluster,
    _Layout,
    _Name,
)

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
