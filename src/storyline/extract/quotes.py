"""Who said what: direct, indirect and mixed quotes with speaker, cue, venue, relay and date.

How it works, in three passes over the parse:

1. *Frames.* Every reporting cue outside quote marks and captions — a reporting verb
   ("said", "told", "emphasized", "stating"), "made it clear", "called on", "according
   to" — becomes a frame: its speaker (the subject, or for a participle or a reduced relative
   clause the noun phrase it hangs from), its content clause if it has one, and what is
   said about the saying: venue ("told Haaretz", "at a news conference", "on NBC's …"),
   audience ("told members of his party"), relay ("…, according to the Times of Israel"
   when the sentence already has a speaker) and date (a date attached to the cue).
2. *Direct quotes* (quote marks paired by :mod:`quotemarks`) take the frame next to them in
   their sentence — after the closing mark first, else before the opening mark — or, with
   none, the attribution of the quote just before them in the same or the previous
   paragraph (split quotes and quotes that run on). Short title-like quotes ("Meet the
   Press") are names, not attributions.
3. *Indirect quotes* are the frames left with a content clause that is not inside quote marks;
   content with a quoted stretch inside is a mixed quote.

Speakers resolve through the in-report entities (names, pronouns, descriptions); what is
left is typed from its head noun: anonymous sources, groups, documents.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

from storyline.extract.context import Context
from storyline.extract.cues import (
    ANONYMITY_MARKERS,
    ANONYMOUS_HEADS,
    BELIEF_VERBS,
    CONTENT_OBJECT_VERBS,
    DEMONYMS,
    DIRECT_ONLY_VERBS,
    DOCUMENT_HEADS,
    GROUP_HEADS,
    MEDIA_WORDS,
    OBJECT_CONTENT_VERBS,
    REPORTING_VERBS,
    STATE_BODIES,
    VENUE_HEADS,
)
from storyline.extract.quotemarks import Quoted, find_quoted
from storyline.extract.spans import make_span
from storyline.extract.time import iso_day
from storyline.record.model import DateMention, Entity, Quote, QuoteKind, Span, SpeakerType

__all__ = ["extract_quotes"]

MIN_QUOTE_WORDS = 3  # a shorter quoted stretch is a name or a scare quote, not an attribution
MIN_MIXED_OUTSIDE = 12  # chars of the reporter's own words that make a quote mixed
MAX_TRAILING_PUNCT = 2  # chars of final punctuation a clause may leave out of a quote
MAX_CUE_GAP = 3  # tokens of other words allowed between a closing mark and its speaker/cue
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "him", "her", "them"}
_FUNCTION_WORDS = {"the", "a", "an", "of", "and", "in", "on", "at", "to", "for", "with", "&"}
_EDGE_PUNCT = set(",;:—–-()[]") | {"'s", "’s"}
_ORG_HEADS = {
    "government",
    "office",
    "ministry",
    "department",
    "agency",
    "army",
    "military",
    "administration",
    "cabinet",
    "council",
    "committee",
    "police",
    "company",
    "court",
    "party",
    "campaign",
    "embassy",
    "spokesman",
    "spokeswoman",
}


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


def extract_quotes(doc: Doc, ctx: Context) -> list[Quote]:
    """Return every attribution in the body, in text order, speakers resolved."""
    text = ctx.text
    quoted = find_quoted(text, ctx.masked)
    inside = _Intervals([(q.start, q.end) for q in quoted])
    dates: list[DateMention] = list(ctx.results.get("dates", []))
    entities: list[Entity] = list(ctx.results.get("entities", []))
    resolver = _Speakers(doc, ctx, entities)

    frames = [
        f
        for f in (
            _frame(tok, doc, ctx, inside, quoted, dates) for tok in doc if _is_cue(tok, ctx, inside)
        )
        if f is not None
    ]
    _attach_relays(frames)
    frames = _drop_nested([f for f in frames if not f.is_relay])
    _cut_contents(frames, doc, text)
    frames.sort(key=lambda f: f.cue.idx)
    cue_starts = [f.cue.idx for f in frames]
    quote_starts = [q.start for q in quoted]  # find_quoted gives them in text order
    mixed_quotes, mixed_frames = _mixed_pairs(frames, quoted, quote_starts)

    quotes: list[tuple[int, Quote]] = []
    used: set[int] = set()
    previous: tuple[Quoted, Quote] | None = None
    for n, q in enumerate(quoted):
        if ctx.is_masked(q.start, q.end) or not _is_attribution(text, q):
            continue
        if n in mixed_quotes:
            continue  # part of a clause reported in the reporter's words: a mixed quote
        frame = _frame_for(q, frames, cue_starts, doc, text)
        if frame is not None:
            used.add(id(frame))
            quote = resolver.quote(frame, "direct", [(q.start, q.end)])
        elif previous is not None and _continues(text, previous[0], q):
            quote = previous[1].model_copy(update={"content": [make_span(text, q.start, q.end)]})
        else:
            quote = Quote(kind="direct", content=[make_span(text, q.start, q.end)])
        quotes.append((q.start, quote))
        previous = (q, quote)
    for frame in frames:
        if id(frame) in used or not frame.content:
            continue
        start, end = frame.content[0][0], frame.content[-1][1]
        mixed = id(frame) in mixed_frames
        if not mixed and any(inside.covers(s, e) for s, e in frame.content):
            continue  # the clause is a direct quote that found no frame of its own
        opens_inside = bisect.bisect_left(quote_starts, start) < bisect.bisect_left(
            quote_starts, end
        )
        kind: QuoteKind = "mixed" if mixed or opens_inside else "indirect"
        quotes.append((start, resolver.quote(frame, kind, frame.content)))
    quotes.sort(key=lambda x: x[0])
    return [q for _, q in quotes]


# --- frames -----------------------------------------------------------------------------


def _is_cue(tok: Token, ctx: Context, inside: _Intervals) -> bool:
    if ctx.is_masked(tok.idx) or inside.contains(tok.idx):
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
    return not (tok.lemma_ == "call" and not _called_on(tok))


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
    cue_end_tok = tok
    if tok.lemma_ == "make":
        clear = _make_it_clear(tok)
        cue_end_tok = clear if clear is not None else tok
    elif tok.lemma_ == "call":
        on = _called_on(tok)
        cue_end_tok = on if on is not None and on.i == tok.i + 1 else tok
    frame = _Frame(cue=tok, cue_span=(tok.idx, cue_end_tok.idx + len(cue_end_tok)))
    frame.speaker = _speaker(tok)
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


def _end_char(tok: Token) -> int:
    return tok.idx + len(tok.text)


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


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


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


# --- direct quotes ------------------------------------------------------------------------


def _is_attribution(text: str, q: Quoted) -> bool:
    """Long enough to be said, and not a title ("Meet the Press")."""
    words = text[q.start : q.end].split()
    if len(words) < MIN_QUOTE_WORDS:
        return False
    content = [w for w in words if w.lower().strip(".,") not in _FUNCTION_WORDS]
    titled = all(w[:1].isupper() for w in content)
    return not (
        titled
        and len(words) <= 6
        and not text[q.start : q.end].rstrip().endswith((".", ",", "?", "!"))
    )


def _mixed_pairs(
    frames: list[_Frame], quoted: list[Quoted], quote_starts: list[int]
) -> tuple[set[int], set[int]]:
    """Return the indices of the quotes and the ids of the frames that form mixed quotes.

    Only the quotes that open inside a frame's content are tried, found by bisection.
    """
    quotes: set[int] = set()
    found: set[int] = set()
    for f in frames:
        if not f.content:
            continue
        lo = bisect.bisect_left(quote_starts, f.content[0][0])
        hi = bisect.bisect_right(quote_starts, f.content[-1][1] + MAX_TRAILING_PUNCT)
        for n in range(lo, hi):
            if _is_mixed(f, quoted[n]):
                quotes.add(n)
                found.add(id(f))
    return quotes, found


def _is_mixed(f: _Frame, q: Quoted) -> bool:
    """The frame's content holds the quote and words of the reporter's own around it."""
    if not f.content:
        return False
    start, end = f.content[0][0], f.content[-1][1]
    close = q.close_mark if q.close_mark is not None else q.end
    # the clause may stop short of the quote's own final punctuation: "… he's right.”"
    if not (start <= q.start and q.end <= end + MAX_TRAILING_PUNCT):
        return False
    outside = max(0, q.open_mark - start) + max(0, end - close - 1)
    return outside >= MIN_MIXED_OUTSIDE


def _frame_for(
    q: Quoted, frames: list[_Frame], cue_starts: list[int], doc: Doc, text: str
) -> _Frame | None:
    """The frame of a direct quote: right after its closing mark, else right before it opens.

    ``frames`` are in text order and ``cue_starts`` are their cue offsets. A stretch only
    grows away from the quote, so the walk stops at the first cue past a sentence end.
    """
    close = q.close_mark if q.close_mark is not None else q.end
    for k in range(bisect.bisect_right(cue_starts, close), len(frames)):
        f = frames[k]
        if not _same_stretch(text, close, f.cue.idx):
            break
        if _gap_words(doc, close, f) <= MAX_CUE_GAP:
            return f
    for k in range(bisect.bisect_left(cue_starts, q.open_mark) - 1, -1, -1):
        f = frames[k]
        if not _same_stretch(text, f.cue.idx, q.open_mark):
            break
        if text[_end_of(f, doc) : q.open_mark].strip() in ("", ",", ":", "—", "–", ", "):
            return f
    return None


def _end_of(f: _Frame, doc: Doc) -> int:
    """Where a frame's words end: its cue, speaker, venue or audience, whichever is last."""
    sent = f.cue.sent
    ends = [f.cue_span[1]]
    if f.speaker is not None:
        ends.append(_end_char(doc[f.speaker[1] - 1]))
    last = max(
        t.i
        for t in f.cue.subtree
        if t.idx < sent.end_char and not t.is_punct and t.text not in ("“", "”", '"')
    )
    ends.append(_end_char(doc[last]))
    end = max(ends)
    return min(end, max(ends))


def _same_stretch(text: str, a: int, b: int) -> bool:
    """No paragraph break and no sentence end between two offsets."""
    between = text[a:b]
    return "\n" not in between and not any(p in between for p in (". ", "? ", "! "))


def _gap_words(doc: Doc, close: int, f: _Frame) -> int:
    """Words between the closing mark and the frame's speaker or cue, whichever comes first."""
    start = f.cue.idx
    if f.speaker is not None:
        start = min(start, doc[f.speaker[0]].idx)
    if start < close:
        return 0
    span = doc.char_span(close, start, alignment_mode="expand")
    return 0 if span is None else sum(1 for t in span if t.is_alpha)


def _continues(text: str, prev: Quoted, q: Quoted) -> bool:
    """A quote with no frame continues the previous one if nothing but its cue came between."""
    prev_end = prev.close_mark if prev.close_mark is not None else prev.end
    between = text[prev_end : q.open_mark]
    return between.count("\n\n") <= 1 and len(between) < 200


# --- speakers ---------------------------------------------------------------------------


class _Speakers:
    """Speaker spans to record fields: canonical entity, name and type."""

    def __init__(self, doc: Doc, ctx: Context, entities: list[Entity]) -> None:
        self.doc = doc
        self.ctx = ctx
        self.text = ctx.text
        self.index = sorted(
            ((m.start, m.end, e) for e in entities for m in e.mentions), key=lambda x: (x[0], -x[1])
        )
        self.starts = [s for s, _, _ in self.index]
        self.by_id = {e.id: e for e in entities}
        self.last_group: str | None = None  # name of the last group that spoke ("they")

    def entity(self, head: Token, span: tuple[int, int]) -> Entity | None:
        """The entity a speaker phrase names: a mention covering its head, else inside it."""
        lo, hi = self.doc[span[0]].idx, _end_char(self.doc[span[1] - 1])
        k = bisect.bisect_right(self.starts, head.idx)
        best: tuple[int, Entity] | None = None
        for s, e, ent in self.index[max(0, k - 50) : k]:
            if s <= head.idx < e and (best is None or e - s < best[0]):
                best = (e - s, ent)
        if best is not None:
            return best[1]
        for s, e, ent in self.index[bisect.bisect_left(self.starts, lo) :]:
            if s >= hi:
                break
            if e <= hi and ent.type == "PERSON" and ent.kind == "named":
                return ent
        return None

    def quote(self, frame: _Frame, kind: QuoteKind, content: list[tuple[int, int]]) -> Quote:
        """The record of one attribution: its spans, and its speaker resolved and typed."""
        text = self.text
        speaker: Span | None = None
        name: str | None = None
        stype: SpeakerType = "unknown"
        eid: str | None = None
        if frame.speaker is not None:
            i, j = frame.speaker
            span_tokens = self.doc[i:j]
            speaker = make_span(text, span_tokens.start_char, span_tokens.end_char)
            ent = self.entity(span_tokens.root, (i, j))
            name, stype, eid = self._describe(span_tokens.root, span_tokens, ent)
            if stype == "group" and name is not None:
                self.last_group = name
        return Quote(
            kind=kind,
            content=[make_span(text, s, e) for s, e in content],
            speaker=speaker,
            speaker_entity=eid,
            speaker_name=name,
            speaker_type=stype,
            cue=make_span(text, *frame.cue_span),
            venue=frame.venue,
            via=frame.via,
            audience=frame.audience,
            date=frame.date,
        )

    def _describe(
        self, head: Token, span: TokenSpan, ent: Entity | None
    ) -> tuple[str | None, SpeakerType, str | None]:
        lower = span.text.lower()
        if ent is not None and not (
            ent.kind == "description" and head.lower_ in _PRONOUNS and head.lower_ == "they"
        ):
            if ent.kind == "description":
                return ent.name, _description_type(ent.name, head), ent.id
            if ent.type == "PERSON":
                return ent.name, "person", ent.id
            name = _state_body(head) or self._office_name(ent) or ent.name
            return name, "organization", ent.id
        if head.lower_ in ("they", "them") and self.last_group is not None:
            return self.last_group, "group", None
        lemma = head.lemma_.lower()
        if lemma in DOCUMENT_HEADS:
            return span.text, "document", None
        if head.ent_type_ in ("ORG", "GPE", "NORP") or lemma in _ORG_HEADS:
            return _state_body(head) or span.text, "organization", None
        if head.ent_type_ == "PERSON":
            return span.text, "person", None
        stype = _description_type(lower, head)
        if stype == "group":
            return self._group_name(head, span), "group", None
        return span.text, stype, None

    def _office_name(self, ent: Entity) -> str | None:
        """'Netanyahu's office' → 'Office of the Prime Minister of Israel', from his role."""
        if not ent.name.lower().endswith("office"):
            return None
        for rid in ent.related:
            person = self.by_id.get(rid)
            if person is None or person.type != "PERSON" or not person.role:
                continue
            words = person.role.split()
            country = DEMONYMS.get(words[0].lower()) if words else None
            if country is not None and len(words) > 1:
                return f"Office of the {' '.join(words[1:])} of {country}"
        return None

    def _group_name(self, head: Token, span: TokenSpan) -> str:
        """The fullest description of a group with the same head noun in the report."""
        best = span
        for tok in self.doc:
            if tok.lower_ == head.lower_ and tok.i != head.i and not self.ctx.is_masked(tok.idx):
                cand = self.doc[tok.left_edge.i : tok.right_edge.i + 1]
                if (
                    len(cand) > len(best)
                    and len(cand) <= 8
                    and cand.root.i == tok.i
                    and any(t.dep_ == "prep" for t in tok.children)
                ):
                    best = cand
        words = [t.text for t in best if t.lower_ not in ("the", "a", "an") or t.i != best.start]
        return " ".join(words)


def _state_body(head: Token) -> str | None:
    """'the Israeli government' → 'Government of Israel': one name however it is written."""
    if head.lemma_.lower() not in STATE_BODIES:
        return None
    for mod in head.children:
        if mod.dep_ in ("amod", "compound") and mod.i < head.i:
            country = DEMONYMS.get(mod.lower_)
            if country is not None:
                return f"{head.lemma_.capitalize()} of {country}"
    return None


def _description_type(lower: str, head: Token) -> SpeakerType:
    lemma = head.lemma_.lower()
    if head.lower_ in ANONYMOUS_HEADS or lemma in ANONYMOUS_HEADS:
        if any(m in lower for m in ANONYMITY_MARKERS) or lemma in ("source", "diplomat", "insider"):
            return "anonymous"
        if head.tag_ in ("NNS", "NNPS") and lemma in ("official", "people", "person"):
            return "anonymous"
    if head.lower_ in GROUP_HEADS or head.tag_ in ("NNS", "NNPS"):
        return "group"
    if any(m in lower for m in ANONYMITY_MARKERS):
        return "anonymous"
    return "person" if head.pos_ in ("NOUN", "PROPN") else "unknown"


class _Intervals:
    """Sorted, non-overlapping char intervals: membership and coverage tests by bisection."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self.ranges = sorted(ranges)
        self.starts = [s for s, _ in self.ranges]

    def contains(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos) - 1
        return k >= 0 and self.ranges[k][0] <= pos < self.ranges[k][1]

    def covers(self, s: int, e: int) -> bool:
        """True if at least half of ``s:e`` lies inside the intervals."""
        k = max(0, bisect.bisect_right(self.starts, s) - 1)
        inside = 0
        for a, b in self.ranges[k:]:
            if a >= e:
                break
            inside += max(0, min(b, e) - max(a, s))
        return e > s and inside * 2 >= (e - s)
