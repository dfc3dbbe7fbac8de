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

The package, one job a module: :mod:`.frames` finds the acts of saying, :mod:`.direct` matches
the quote-mark stretches to them, :mod:`.speakers` turns speaker spans into record fields. This
module runs the passes.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc

from storyline.extract.context import Context
from storyline.extract.quotemarks import Quoted, find_quoted
from storyline.extract.quotes._helpers import _Intervals
from storyline.extract.quotes.direct import _continues, _frame_for, _is_attribution, _mixed_pairs
from storyline.extract.quotes.frames import (
    _attach_relays,
    _cut_contents,
    _drop_nested,
    _frame,
    _is_cue,
)
from storyline.extract.quotes.learned import link, merge
from storyline.extract.quotes.speakers import _Speakers
from storyline.extract.spans import make_span
from storyline.nlp.attribution import ROLE_SPANS_KEY
from storyline.record.model import DateMention, Entity, Quote, QuoteKind

__all__ = ["extract_quotes"]


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
    spans = doc.user_data.get(ROLE_SPANS_KEY)
    if spans is not None:  # the tagger ran (``--quotes model``, the default)
        quotes = merge(quotes, link(spans, doc), doc, ctx, resolver, inside, quoted, dates)
    quotes.sort(key=lambda x: x[0])
    return [q for _, q in quotes]
