"""Passes 1 and 2: spaCy names cleaned, relabelled by vote, and merged into entities."""

from __future__ import annotations

from collections import Counter, defaultdict

from spacy.tokens import Doc, Span, Token

from storyline.extract import lexicon as lx
from storyline.extract.entities.roles import _is_role_head
from storyline.extract.entities.state import (
    _ACRONYM_RE,
    _MERGE_GROUP,
    _NOT_NAME_POS,
    _POSSESSIVE_MARKS,
    _PRONOUN_GENDER,
    _SLASH_PART_RE,
    _SPACES_RE,
    ENTITY_LABELS,
    _Cluster,
    _Layout,
    _Name,
)

# --- 1. Names --------------------------------------------------------------------------------


def _name_mentions(doc: Doc, layout: _Layout) -> list[_Name]:
    """Return spaCy's entities of the body, cleaned, in text order."""
    found: list[_Name] = []
    lower_words = {t.text for t in doc if t.is_alpha and t.is_lower}
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        lo, hi = ent.start, ent.end
        while lo < hi and (
            doc[lo].is_space
            or doc[lo].is_punct
            or doc[lo].lower_ == "the"
            or doc[lo].text in _POSSESSIVE_MARKS  # "’s Donald Trump": the end of "Mr. Kim’s"
        ):
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
        if ent.label_ == "PERSON" and hi - lo > 1 and _is_title_case_line(ent.sent):
            lo, hi = _without_common_words(doc, lo, hi, lower_words)
        if lo >= hi:
            continue
        start, end = doc[lo].idx, layout.char_end(hi - 1)
        text = layout.text[start:end]
        low = text.lower()
        if low in lx.TITLE_WORDS or low in _PRONOUN_GENDER or not layout.is_body[lo]:
            continue  # "Defense" in "Defense Minister": a title word tagged ORG
        if not all(layout.is_body[i] for i in range(lo, hi)):
            continue
        if any(_is_handle(doc[i].text) for i in range(lo, hi)):
            continue  # "@realDonaldTrump Twitter", "Twitter @JaneDoe": an account, no name
        if ent.label_ == "NORP" and hi - lo == 1 and _is_member_noun(doc[lo]):
            continue  # "the Kentucky Republican said": a person, not the party
        label = ent.label_
        if label == "ORG" and hi - lo > 1 and lo and _is_role_head(doc[lo - 1]):
            label = "PERSON"  # "hostage Eli Rosen", "Minister Yoav Gallant" tagged ORG
        if label == "PERSON" and hi - lo > 1 and doc[hi - 1].lower_ in lx.FACILITY_HEADS:
            label = "FAC"  # "Rana Plaza", "Tahrir Square": a site, whose first word no surname is
        if label != "PERSON" and hi - lo == 1 and _titled_first_name(doc, lo):
            lo, label = lo - 1, "PERSON"  # "Lt. Col. Nadav Shoshani" with only "Shoshani" ORG
            start = doc[lo].idx
            text = layout.text[start:end]
        if "/" in text and " " not in text:  # "GPO/AFP": two credits in one token
            found.extend(
                _Name(start + m.start(), start + m.end(), m.group(), label, lo, hi)
                for m in _SLASH_PART_RE.finditer(text)
            )
            continue
        found.append(_Name(start, end, text, label, lo, hi))
    found = _without_leading_debris(doc, layout, found)
    found = _add_member_groups(doc, layout, found)
    return _add_missed_org_heads(doc, layout, _add_missed_surnames(doc, layout, found))


def _without_leading_debris(doc: Doc, layout: _Layout, names: list[_Name]) -> list[_Name]:
    """Cut words glued before a full name the report writes on its own.

    "apoplectic Cheeto Donald Trump", "Billionaire Donald Trump praised ...", "’s Donald
    Trump": spaCy takes a capitalised word (or a stray possessive) before a name into it.
    When the rest, of two words or more, is a person name of the same report that begins
    with a known given name, and no cut word is a known given name ("Mary Ann Lee" keeps
    "Mary"), the rest is the name. A middle name ("Hillary Rodham Clinton") stays, since
    "Rodham Clinton" is nobody's name on its own, and so does a first name before a surname
    of two words ("Bill de Blasio" beside "de Blasio", "Marine Le Pen" beside "Le Pen").
    """
    persons = {
        tuple(t.lower_ for t in doc[n.tok_start : n.tok_end])
        for n in names
        if n.label == "PERSON" and n.tok_end - n.tok_start > 1
    }
    out: list[_Name] = []
    for n in names:
        words = tuple(t.lower_ for t in doc[n.tok_start : n.tok_end])
        cut = 0
        if n.label == "PERSON" and len(words) > 2:
            cut = next((k for k in range(1, len(words) - 1) if words[k:] in persons), 0)
        if cut and _is_first_name(words[cut]) and not any(map(_is_first_name, words[:cut])):
            lo = n.tok_start + cut
            start = doc[lo].idx
            out.append(_Name(start, n.end, layout.text[start : n.end], n.label, lo, n.tok_end))
        else:
            out.append(n)
    return out


def _is_first_name(word: str) -> bool:
    """A given name of the shipped lexicon ("donald", "hillary"), casefolded."""
    return word in lx.MALE_FIRST_NAMES or word in lx.FEMALE_FIRST_NAMES


def _is_handle(word: str) -> bool:
    """A social-media handle ("@JaneDoe"): an account's address, never a name or part of one."""
    return len(word) > 1 and word[0] in "@＠" and (word[1].isalnum() or word[1] == "_")


def _is_member_noun(tok: Token) -> bool:
    """A party or nationality word that heads a noun phrase of its own: one member, a person.

    "The Kentucky Republican said", "a Republican who asked not to be named": the word is the
    head of a singular noun phrase with a determiner, so it names one person by party or
    nationality, not the group ("Republicans", "Republican leaders" stay the group's). In a
    coordination the parse is too loose to tell ("the Canadian and the Philippine
    governments"), so the word stays the group's.
    """
    if tok.tag_ != "NNP" or tok.dep_ in ("amod", "compound", "poss", "conj"):
        return False
    if any(c.dep_ in ("conj", "cc") for c in tok.children):
        return False
    return any(c.dep_ == "det" and c.i < tok.i for c in tok.children)


def _merged(names: list[_Name], extra: list[_Name]) -> list[_Name]:
    """Return the names with the ones a repair pass found, in text order."""
    return sorted(names + extra, key=lambda n: (n.start, n.end)) if extra else names


def _add_missed_org_heads(doc: Doc, layout: _Layout, names: list[_Name]) -> list[_Name]:
    """Add untagged short forms of an organisation: "the Observatory", "the Agency".

    After "the Syrian Observatory for Human Rights", a capitalised "the Observatory" is that
    organisation; the small model often leaves it untagged. Only the head word of exactly
    one organisation of the report counts.
    """
    heads = Counter(
        _org_head(_norm(n.text)) for n in names if n.label == "ORG" and " " in n.text.strip()
    )
    single = {h for h, k in heads.items() if k == 1}
    if not single:
        return names
    extra = [
        _Name(t.idx, t.idx + len(t.text), t.text, "ORG", t.i, t.i + 1)
        for t in doc
        if t.lower_ in single
        and t.text[:1].isupper()
        and not t.ent_type_
        and t.i > 0
        and doc[t.i - 1].lower_ == "the"
        and layout.is_body[t.i]
    ]
    return _merged(names, extra)


# Lowercase or capitalised words that join the parts of a group's name ("Doctors for Camp
# Closure", "Reporters Without Borders", "Mothers Against Drunk Driving", "Friends of the Earth").
_NAME_JOINERS = frozenset({"for", "without", "against", "of"})
# Plurals that count or rank people rather than name a group ("Millions of Americans",
# "Members of Congress", "Leaders of the Senate", "Fans of …").
_NOT_GROUP_HEADS = frozenset(
    {"millions", "thousands", "hundreds", "dozens", "members", "leaders", "fans", "residents"}
)


def _is_title_case_line(sent: Span) -> bool:
    """A headline-style line that capitalises every word, so a capital says nothing there."""
    words = [t for t in sent if t.is_alpha and not t.is_stop]
    return len(words) >= 4 and sum(t.text[:1].isupper() for t in words) > 0.6 * len(words)


def _without_common_words(doc: Doc, lo: int, hi: int, lower_words: set[str]) -> tuple[int, int]:
    """Cut a person's name in a title-case line at a word the report writes in lower case.

    "Dara Kellin Worked With Port Authority Of …" → "Dara Kellin"; "Endorsed Harlow" → "Harlow":
    in such a line the tagger takes every capitalised word for a name, and a word the same
    report also writes as "worked" or "endorsed" is a common word. Known first names are kept
    ("Mark Cuban" in a report that also says "a mark"). Organisations are left alone: their
    head is a common word ("Keltvale Emergency Agency").
    """

    def common(tok: Token) -> bool:
        word = tok.lower_
        return (
            tok.is_alpha
            and tok.text[:1].isupper()  # capitalised by the title case, unlike "al" in "al-Assad"
            and word in lower_words
            and word not in lx.FEMALE_FIRST_NAMES
            and word not in lx.MALE_FIRST_NAMES
        )

    while hi - lo > 1 and common(doc[lo]):
        lo += 1
    cut = next((i for i in range(lo + 1, hi) if common(doc[i])), hi)
    return lo, cut


def _names_a_group(doc: Doc, i: int, j: int, named: list[Token]) -> bool:
    """Return True unless the run reads as people of somewhere or something.

    A place after the joiner names where the people are ("Residents of Keltvale"); after
    "of", a name the model found says whose they are ("Members of Congress", "Fans of Bradley
    Cooper"), and a counting plural counts them ("Millions of Americans"). In a title-case
    line every word is capitalised, so the shape says nothing there. At the start of a
    sentence, where every first word is capitalised, one more sign is needed: a capitalised
    joiner ("Without") or two capitalised words after it ("Physicians for Human Rights").
    """
    if all(t.ent_type_ in ("GPE", "LOC") for t in named) or doc[i].lower_ in _NOT_GROUP_HEADS:
        return False
    if doc[i + 1].lower_ == "of" and any(t.ent_type_ for t in named):
        return False
    if _is_title_case_line(doc[i].sent):
        return False  # a title-case line ("Faces of the Fight: …") capitalises everything
    if doc[i].is_sent_start:
        joiner_capitalised = any(
            t.text[:1].isupper() for t in doc[i + 1 : j] if t.lower_ in _NAME_JOINERS
        )
        return joiner_capitalised or len(named) >= 2
    return True


def _add_member_groups(doc: Doc, layout: _Layout, names: list[_Name]) -> list[_Name]:
    """Add organisations named for their members, which the small model misses.

    The shape: a capitalised plural noun, a joining word, then capitalised words ("Doctors
    for Camp Closure", "Physicians for Human Rights", "Reporters Without Borders"). A name
    spaCy found inside the run ("Borders") gives way to the whole run.
    """
    runs: list[tuple[int, int]] = []
    i, n = 0, len(doc)
    while i < n:
        t = doc[i]
        plural = t.tag_ in ("NNS", "NNPS") or (t.tag_ == "NNP" and t.lower_.endswith("s"))
        if not (plural and t.text[:1].isupper() and layout.is_body[i]):
            i += 1
            continue
        j = i + 1
        named: list[Token] = []  # the capitalised words after the joiners
        while j + 1 < n and doc[j].lower_ in _NAME_JOINERS:
            k = j + 1
            if doc[k].lower_ == "the":
                k += 1
            end = k
            while (
                end < n
                and doc[end].text[:1].isupper()
                and doc[end].is_alpha
                and doc[end].ent_type_ not in ("DATE", "TIME")  # "… on Tuesday": no part of it
            ):
                end += 1
            if end == k:
                break
            named += doc[k:end]
            j = end
        if (
            named
            and _names_a_group(doc, i, j, named)
            and all(layout.is_body[k] for k in range(i, j))
        ):
            runs.append((i, j))
        i = max(j, i + 1)
    # a person or a place spaCy found there stays ("Charles of Wessex", "United States of …"),
    # and so does a name that begins before the run ("United Nations on …")
    runs = [
        (lo, hi)
        for lo, hi in runs
        if not any(
            m.tok_start <= lo < m.tok_end and (m.label != "ORG" or m.tok_start < lo) for m in names
        )
    ]
    if not runs:
        return names
    kept = [m for m in names if not any(m.tok_start < hi and lo < m.tok_end for lo, hi in runs)]
    added = []
    for lo, hi in runs:
        start, end = doc[lo].idx, layout.char_end(hi - 1)
        added.append(_Name(start, end, layout.text[start:end], "ORG", lo, hi))
    return sorted(kept + added, key=lambda m: (m.start, m.end))


def _titled_first_name(doc: Doc, i: int) -> bool:
    """Return True if an untagged capitalised word after a title stands before token ``i``.

    The small model tags "Shoshani" alone, as an organisation, in "Lt. Col. Nadav Shoshani":
    a title, one untagged proper noun, then the name is a person's first name and surname.
    """
    if i < 2:
        return False
    first, title = doc[i - 1], doc[i - 2]
    if first.pos_ != "PROPN" or first.ent_type_ or not first.text[:1].isupper():
        return False
    if title.text == "." and i >= 3:  # "Col ." split by the tokenizer: the word is "col."
        return doc[i - 3].lower_ + "." in lx.TITLE_WORDS
    return title.lower_ in lx.TITLE_WORDS or _is_role_head(title)


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
    return _merged(names, extra)


def _norm(text: str) -> str:
    """Return the comparison form of a name: casefolded, one space, straight apostrophes.

    Square brackets go: an editor's insertion ("[Nora] Vance") is no part of the name.
    """
    text = text.replace("’", "'").replace("[", "").replace("]", "")
    return _SPACES_RE.sub(" ", text).strip().casefold()


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
    org_heads = Counter(
        _org_head(key) for key, counter in votes.items() if " " in key and "ORG" in counter
    )
    chosen: dict[str, str] = {}
    for key, counter in votes.items():
        top = max(counter.values())
        tied = [label for label in first_label[key] if counter[label] == top]
        label = tied[0]
        if len(tied) > 1 and " " not in key and key not in name_parts:
            label = next((x for x in tied if x != "PERSON"), label)
        elif label == "ORG" and " " not in key and key in name_parts:
            label = "PERSON"
        elif " " not in key and key not in name_parts and org_heads.get(key) == 1:
            label = "ORG"  # "the Observatory" after "the Syrian Observatory for Human Rights"
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


def _org_head(key: str) -> str:
    """Return the word an organisation's name is about ("observatory", "agency").

    The word before the first joining word ("syrian observatory for human rights"), else the
    last word ("keltvale emergency agency").
    """
    words = key.split()
    cut = next((k for k, w in enumerate(words) if k and w in _NAME_JOINERS), len(words))
    return words[cut - 1]


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
    heads: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for group, key in keys:
        if " " in key and group == "ORG":
            heads[(group, _org_head(key))].append((group, key))
    for gk, longer in heads.items():
        if gk in keys and len(longer) == 1:
            alias.setdefault(gk, longer[0])  # "Observatory" is that observatory
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
