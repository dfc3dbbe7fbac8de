"""Cue frames: every act of saying in the parse, with what is said about the saying.

Every reporting cue outside quote marks and captions — a reporting verb ("said", "told",
"emphasized", "stating"), "made it clear", "called on", "according to" — becomes a frame: its
speaker (the subject, or for a participle or a reduced relative clause the noun phrase it hangs
from), its content clause if it has one, and what is said about the saying: venue ("told
Haaretz", "at a news conference", "on NBC's …"), audience ("told members of his party"), relay
("…, according to the Times of Israel" when the sentence already has a speaker) and date (a
date attached to the cue).

The frames are then read together: a relay is attached to the sentence's own speaker, an
attribution nested in another's content is dropped, and each content is cut where another
frame's speaker or cue starts.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

from storyline.extract.context import Context
from storyline.extract.cues import (
    BELIEF_VERBS,
    CONTENT_OBJECT_VERBS,
    DIRECT_ONLY_VERBS,
    MEDIA_WORDS,
    OBJECT_CONTENT_VERBS,
    REPORTING_VERBS,
    VENUE_HEADS,
)
from storyline.extract.quotemarks import Quoted
from storyline.extract.quotes._helpers import _PRONOUNS, _end_char, _Intervals, _token_at
from storyline.extract.quotes.direct import _is_attribution
from storyline.extract.time import iso_day
from storyline.lexicon import is_outlet
from storyline.record.model import DateMention

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_EDGE_PUNCT = set(",;:—–-()[]") | {"'s", "’s"}


@dataclass
class _Frame:
    """One act of saying found in the parse."""

    cue: Token
    cue_span: tuple[int, int]
    speaker: tuple[int, int] | None = None  # token range [i, j)
    content: list[tuple[int, int]] = field(default_factory=list)  # char ranges
    venue: str | None = None
    audience: str | None = None
    via: str | None = None
    date: str | None = None
    is_relay: bool = False  # "according to X" in a sentence that has its own speaker


def _is_cue(tok: Token, ctx: Context, inside: _Intervals) -> bool:
    if ctx.is_masked(tok.idx) or inside.contains(tok.idx) or is_refused(tok):
        return False
    if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor().lower_ == "to":
        return True
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("VERB", "AUX") and lemma in BELIEF_VERBS:
        return any(c.dep_ == "ccomp" for c in tok.children) and any(
            c.dep_ in _SUBJECTS for c in tok.children
        )
    if tok.pos_ not in ("VERB", "AUX") or lemma not in REPORTING_VERBS:
        return tok.lemma_ == "make" and _make_it_clear(tok) is not None
    if _asks_anonymity(tok):
        return False
    return not (tok.lemma_ == "call" and not _called_on(tok))


# Verbs whose infinitive or gerund complement is speech that did not happen: "declined to
# say", "refused to confirm", "stopped short of endorsing it", "avoided naming".
REFUSING_LEMMAS = frozenset({"decline", "refuse", "fail", "avoid", "stop", "neglect"})


def is_refused(tok: Token) -> bool:
    """Negated or refused speech: 'did not say', 'declined to comment', 'stopped short of saying'.

    Not an attribution: nobody said anything. A negated verb with its own content clause
    ("he did not say that he would resign") still reports no words of his.
    """
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    head = tok.head
    if tok.dep_ in ("xcomp", "pcomp") and head.i != tok.i:
        if head.dep_ == "prep" and head.lower_ == "of":
            head = head.head  # "stopped short of endorsing": of → short → stopped
            if head.lower_ == "short":
                head = head.head
        return head.lemma_.lower() in REFUSING_LEMMAS or any(c.dep_ == "neg" for c in head.children)
    return False


_ANONYMITY_REQUEST_RE = re.compile(
    r"^(?:not\s+to\s+be\s+(?:named|identified|quoted)|for\s+anonymity|anonymity)\b"
)


def _asks_anonymity(tok: Token) -> bool:
    """'who asked not to be named', 'requested anonymity': a source's terms, not its words."""
    if tok.lemma_.lower() not in ("ask", "request"):
        return False
    rest = tok.doc[tok.i + 1 : tok.i + 7].text.lower()
    return _ANONYMITY_REQUEST_RE.match(rest) is not None


def _called_on(tok: Token) -> Token | None:
    """'called on X to Y' / 'called for Y': the preposition, else None ('called him a liar')."""
    for child in tok.children:
        if child.dep_ in ("prep", "prt") and child.lower_ in ("on", "for", "upon"):
            return child
    return None


def _make_it_clear(tok: Token) -> Token | None:
    """'made it clear that …': the adjective 'clear' (or 'plain'), else None."""
    for child in tok.subtree:
        if child.lower_ in ("clear", "plain") and child.i - tok.i <= 3:
            return child
    return None


def _frame(
    tok: Token,
    doc: Doc,
    ctx: Context,
    inside: _Intervals,
    quoted: list[Quoted],
    dates: list[DateMention],
) -> _Frame | None:
    text = ctx.text
    if tok.lower_ == "according":
        to = tok.nbor()
        obj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if obj is None:
            return None
        frame = _Frame(cue=tok, cue_span=(tok.idx, to.idx + len(to)), speaker=_np(obj))
        clause = tok.head if tok.head.pos_ in ("VERB", "AUX") else None
        if clause is not None:
            frame.content = _clause(clause, exclude=tok)
        return frame
    if any(_quoted_as(c) is not None for a in tok.children if a.lower_ == "as" for c in a.children):
        return None  # "the paper cited a judge as saying …": the saying is the frame
    cue_end_tok = tok
    if tok.lemma_ == "make":
        clear = _make_it_clear(tok)
        cue_end_tok = clear if clear is not None else tok
    elif tok.lemma_ == "call":
        on = _called_on(tok)
        cue_end_tok = on if on is not None and on.i == tok.i + 1 else tok
    frame = _Frame(cue=tok, cue_span=(tok.idx, cue_end_tok.idx + len(cue_end_tok)))
    frame.speaker = _speaker(tok)
    quoted_by = _quoted_as(tok)
    if quoted_by is not None:  # "the navy quoted its commander as saying …": he speaks
        frame.speaker, frame.via = quoted_by
    if tok.lemma_.lower() not in DIRECT_ONLY_VERBS:
        frame.content = _content(tok, cue_end_tok)
    _venue_audience(frame, tok, text, quoted)
    frame.date = _date(tok, frame, dates)
    return frame


def _speaker(tok: Token) -> tuple[int, int] | None:
    """The noun phrase that does the saying."""
    subj = next((c for c in tok.children if c.dep_ in _SUBJECTS), None)
    if subj is not None:
        return _np(subj)
    if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
        return _np(tok.head, stop=tok)  # "Daniel Lifshitz, whose …, called on …"
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() not in REPORTING_VERBS:
        # object control: "the unrest prompted the government to urge …": the government
        # urges; after a verb of saying ("asked them to explain") the asking is the act
        obj = next((c for c in tok.head.children if c.dep_ == "dobj" and c.i < tok.i), None)
        if obj is not None:
            return _np(obj)
    if tok.tag_ == "VBG" or tok.dep_ in ("conj", "advcl", "xcomp"):
        with_np = _with_subject(tok)
        if with_np is not None:
            return with_np  # "…, with Yael Adar saying …"
        head = tok.head
        while head.i != tok.i and head.dep_ != "ROOT":
            if head.lemma_.lower() in REPORTING_VERBS or head.lemma_ == "make":
                s = next((c for c in head.children if c.dep_ in _SUBJECTS), None)
                if s is not None:
                    return _np(s)  # "He emphasized that …, saying …"
            head = head.head
        # the subject of the nearest reporting verb before it, else of the sentence root
        for prev in reversed(list(tok.sent)[: tok.i - tok.sent.start]):
            if prev.lemma_.lower() in REPORTING_VERBS and prev.pos_ == "VERB":
                s = next((c for c in prev.children if c.dep_ in _SUBJECTS), None)
                if s is not None:
                    return _np(s)
        root = tok.sent.root
        s = next((c for c in root.children if c.dep_ in _SUBJECTS), None)
        if s is not None and s.i < tok.i:
            return _np(s)
    return None


def _quoted_as(tok: Token) -> tuple[tuple[int, int] | None, str | None] | None:
    """'X quoted Y as saying …': Y is the speaker and X relays; None for any other shape."""
    as_ = tok.head
    verb = as_.head
    if tok.dep_ != "pcomp" or as_.lower_ != "as" or verb.lemma_.lower() not in ("quote", "cite"):
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    relay = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
    relay_span = _np(relay) if relay is not None else None
    via = tok.doc[relay_span[0] : relay_span[1]].text if relay_span is not None else None
    return _np(obj), via


def _with_subject(tok: Token) -> tuple[int, int] | None:
    """'with X saying …': the pobj of a 'with' that ends right before the participle."""
    for prep in tok.sent:
        if prep.lower_ != "with" or prep.i >= tok.i:
            continue
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if obj is None or _in_subtree(obj, tok):
            continue  # "met with X claiming …": the participle is the object, not its subject
        rng = _np(obj, stop=tok)
        if rng is None:
            continue
        between = [t for t in tok.doc[rng[1] : tok.i] if not t.is_punct and not t.is_space]
        if not between:
            return rng
    return None


def _np(head: Token, stop: Token | None = None) -> tuple[int, int] | None:
    """The token range of a noun phrase's subtree, without a stop subtree and edge punctuation.

    None when nothing but the stop subtree or punctuation is left: a parse can put the
    head inside the stop's subtree, or give a lone dash as a subject.
    """
    toks = [t for t in head.subtree if stop is None or not _in_subtree(t, stop)]
    if not toks:
        return None
    i, j = toks[0].i, toks[-1].i + 1
    if stop is not None and head.i < stop.i:
        j = min(j, stop.i)
    doc = head.doc
    while i < j and (doc[i].text in _EDGE_PUNCT or doc[i].is_space):
        i += 1
    while j > i and (doc[j - 1].text in _EDGE_PUNCT or doc[j - 1].is_space or doc[j - 1].is_punct):
        j -= 1
    return (i, j) if i < j else None


def _in_subtree(tok: Token, root: Token) -> bool:
    return root.left_edge.i <= tok.i <= root.right_edge.i


def _content(tok: Token, cue_end: Token) -> list[tuple[int, int]]:
    """The content clause of a reporting cue, as char ranges."""
    lemma = tok.lemma_.lower()
    if lemma == "make":
        clear = _make_it_clear(tok)
        for c in clear.children if clear is not None else ():
            if c.dep_ in ("ccomp", "advcl"):
                return _clause(c)
        return []
    for c in tok.children:
        if c.dep_ == "ccomp":
            return _clause(c)
    if lemma in CONTENT_OBJECT_VERBS:
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if obj is None and lemma == "call":
            on = _called_on(tok)
            obj = next((c for c in on.children if c.dep_ == "pobj"), None) if on else None
        comp = next(
            (
                c
                for c in tok.children
                if c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ in ("of", "for"))
            ),
            None,
        )
        if obj is not None and comp is not None and comp.i > obj.i:
            return [(obj.left_edge.idx, _end_char(comp.right_edge))]
    xcomp = next((c for c in tok.children if c.dep_ == "xcomp" and c.i > tok.i), None)
    if xcomp is not None and any(c.lower_ == "to" for c in xcomp.children):
        return _clause(xcomp, keep_to=True)
    if lemma in OBJECT_CONTENT_VERBS:
        obj = next((c for c in tok.children if c.dep_ == "dobj" and c.i > tok.i), None)
        if obj is not None and obj.lower_ not in _PRONOUNS:
            end = obj.right_edge
            for c in tok.children:  # "described X as Y", "called X Y"
                if c.i > end.i and (c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as")):
                    end = c.right_edge
            return [(obj.left_edge.idx, _end_char(end))]
    if tok.dep_ == "parataxis" and tok.head.i < tok.i:
        return _clause(tok.head, exclude=tok)  # "The talks will fail, he said."
    return []


def _clause(
    head: Token, exclude: Token | None = None, keep_to: bool = False
) -> list[tuple[int, int]]:
    """The char range of a clause's subtree, without its complementizer and edge punctuation."""
    toks = [t for t in head.subtree if exclude is None or not _in_subtree(t, exclude)]
    if not toks:
        return []
    first, last = toks[0], toks[-1]
    doc = head.doc
    i, j = first.i, last.i + 1
    if exclude is not None and exclude.i > head.i:
        j = min(j, exclude.left_edge.i)
    while i < j and (
        doc[i].is_punct
        or doc[i].is_space
        or (doc[i].dep_ == "mark" and doc[i].lower_ in ("that", "whether", "if"))
    ):
        i += 1
    while j > i and (
        (doc[j - 1].is_punct and doc[j - 1].text not in ("”", '"', "’", "]", ")"))
        or doc[j - 1].is_space
        or doc[j - 1].lower_ in ("and", "but", "or")
    ):
        j -= 1
    if i >= j:
        return []
    return [(doc[i].idx, _end_char(doc[j - 1]))]


def _venue_audience(frame: _Frame, tok: Token, text: str, quoted: list[Quoted]) -> None:
    for c in tok.children:
        if c.dep_ in ("dobj", "dative", "iobj") and tok.lemma_.lower() in (
            "tell",
            "brief",
            "inform",
            "assure",
            "remind",
        ):
            rng = _np(c)
            if rng is None:
                continue
            i, j = rng
            phrase = text[tok.doc[i].idx : _end_char(tok.doc[j - 1])]
            if _is_media(tok.doc[i:j]):
                frame.venue = phrase
            else:
                frame.audience = phrase
        elif c.dep_ == "prep" and c.lower_ in ("on", "at", "in", "during", "to"):
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is None:
                continue
            if c.lower_ == "to" and tok.lemma_.lower() in ("say", "speak", "explain", "write"):
                rng = _np(obj)
                if rng is not None and _is_media(tok.doc[rng[0] : rng[1]]):
                    i, j = rng
                    frame.venue = text[tok.doc[i].idx : _end_char(tok.doc[j - 1])]
                continue
            if obj.lemma_.lower() in VENUE_HEADS or _is_media(obj.doc[obj.left_edge.i : obj.i + 1]):
                rng = _np(obj)
                if rng is None:
                    continue
                i, j = rng
                end = _end_char(tok.doc[j - 1])
                if j < len(tok.doc) and tok.doc[j].text in ("’s", "'s"):
                    end = _end_char(tok.doc[j])
                title = next(
                    (
                        q
                        for q in quoted
                        if 0 <= q.open_mark - end <= 2 and not _is_attribution(text, q)
                    ),
                    None,
                )
                if title is not None and title.close_mark is not None:
                    end = title.close_mark + 1  # "on NBC's “Meet the Press”"
                frame.venue = text[tok.doc[i].idx : end]


def _is_media(span: TokenSpan) -> bool:
    """Return True if the phrase names a news outlet: a listed outlet, or one by its shape.

    The list (``storyline.lexicon``, sourced) knows "Le Monde" and "Al Jazeera" whole; the
    shape catches outlets it does not know: a proper name with a media word ("the Valmora
    Gazette", "Channel 12 News").
    """
    if is_outlet(span.text) or any(is_outlet(e.text) for e in span.ents if e.label_ == "ORG"):
        return True
    words = {t.lower_.strip("’'") for t in span}
    return (bool(words & MEDIA_WORDS) and any(t.pos_ == "PROPN" for t in span)) or any(
        t.ent_type_ == "ORG" and t.lower_ in MEDIA_WORDS for t in span
    )


def _date(tok: Token, frame: _Frame, dates: list[DateMention]) -> str | None:
    """The date attached to the cue: inside its own phrase, outside content and speaker."""
    sent = tok.sent
    lo, hi = sent.start_char, sent.end_char
    best: tuple[int, str] | None = None
    for k in range(bisect.bisect_left(dates, lo, key=lambda d: d.start), len(dates)):
        d = dates[k]
        if d.start >= hi:
            break
        day = iso_day(d.value)
        if day is None or d.end > hi:
            continue
        if any(s <= d.start < e for s, e in frame.content):
            continue
        head = _token_at(tok.doc, d.start)
        if head is None:
            continue
        anchor = head
        while (
            anchor.dep_ in ("pobj", "compound", "amod", "det", "nummod", "prep", "npadvmod")
            and anchor.head.i != anchor.i
            and anchor.head.i != tok.i
        ):
            anchor = anchor.head
        if anchor.head.i == tok.i or anchor.i == tok.i:
            dist = abs(d.start - tok.idx)
            if best is None or dist < best[0]:
                best = (dist, day)
    return best[1] if best else None


def _attach_relays(frames: list[_Frame]) -> None:
    """'…, according to X' in a sentence with its own speaker: X relays, it is not the speaker."""
    by_sentence: dict[int, list[_Frame]] = {}
    if any(f.cue.lower_ == "according" for f in frames):
        for g in frames:
            by_sentence.setdefault(g.cue.sent.start, []).append(g)
    for f in frames:
        if f.cue.lower_ != "according" or f.speaker is None:
            continue
        doc = f.cue.doc
        others = [
            g for g in by_sentence[f.cue.sent.start] if g is not f and g.cue.lower_ != "according"
        ]
        if not others:
            continue
        host = min(others, key=lambda g: abs(g.cue.i - f.cue.i))
        i, j = f.speaker
        host.via = doc[i:j].text
        f.is_relay = True


def _drop_nested(frames: list[_Frame]) -> list[_Frame]:
    """Keep the outermost attribution: a cue with its own subject inside another's content.

    "The diplomat said he doesn't expect more releases": "expect" belongs to what the diplomat
    said, as PolNeAR annotates it. A cue without a subject of its own ("…, saying …") is a
    second act of the same speaker and stays, cutting the first content short.
    """
    holders = _holders(frames)
    kept = []
    for f in frames:
        outer = holders.get(id(f), [])
        nested = bool(outer) and any(c.dep_ in _SUBJECTS for c in f.cue.children)
        # a reporting cue nested in a belief ("I think she said …") is the real attribution
        if not nested or (
            f.cue.lemma_.lower() in REPORTING_VERBS
            and any(g.cue.lemma_.lower() in BELIEF_VERBS for g in outer)
        ):
            kept.append(f)
    return kept


def _holders(frames: list[_Frame]) -> dict[int, list[_Frame]]:
    """Map each frame's id to the other frames whose content holds its cue.

    Found by bisection over the cues in text order, so the cost follows the pairs found,
    not the square of the frames (a report of a million characters has thousands).
    """
    order = sorted(frames, key=lambda f: f.cue.idx)
    cues = [f.cue.idx for f in order]
    out: dict[int, list[_Frame]] = {}
    for g in frames:
        for a, b in g.content:
            for f in order[bisect.bisect_left(cues, a) : bisect.bisect_left(cues, b)]:
                if f is not g:
                    out.setdefault(id(f), []).append(g)
    return out


def _cut_contents(frames: list[_Frame], doc: Doc, text: str) -> None:
    """End each content where another frame's speaker or cue starts (nested attributions)."""
    marks = sorted(
        {doc[f.speaker[0]].idx for f in frames if f.speaker is not None}
        | {f.cue_span[0] for f in frames}
        | {
            f.cue.nbor(-1).idx
            for f in frames
            if f.cue.lower_ == "according" and f.cue.i > 0 and f.cue.nbor(-1).is_punct
        }
    )
    for f in frames:
        new: list[tuple[int, int]] = []
        for s, e in f.content:
            k = bisect.bisect_right(marks, s)
            if k < len(marks) and marks[k] < e:
                e = marks[k]
            s2, e2 = _trim_chars(text, s, e)
            if e2 > s2:
                new.append((s2, e2))
        f.content = new


def _trim_chars(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in ",;:—–"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:—–-"):
        e -= 1
    for word in (" and", " but", " with", " as"):
        if text[s:e].endswith(word):
            e -= len(word)
    return s, e
