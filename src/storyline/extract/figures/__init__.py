"""Figures: numbers with unit, hedge, range, ordinal/cumulative, source, date.

How it works, in three passes over the parse:

1. *Scan.* Number expressions are read off the tokens with a small number grammar (digits,
   "1.5 million", "twenty-five", "a dozen", "10,000th", "$4.2 billion", "5%"), the vague
   quantities of :data:`~storyline.extract.quantities.VAGUE_QUANTITIES` ("dozens", "a
   handful", "tens of thousands"), ranges ("between 20 and 30", "20-30", "two or three") and
   the hedges around them ("more than", "at least", "about", "or more"). spaCy's entity
   labels are not the source of candidates because the small model misses some ("10,000th"
   is often unlabelled) and mislabels others; they only help to rule candidates out.
2. *Rule out what is not a count:* dates and times (the dates layer's mentions and spaCy's
   DATE/TIME labels), years, ages ("Smith, 45,", "aged 45"), street numbers, phone numbers
   and reference codes, numbers inside names ("Resolution 2334", "the 2nd Battalion"),
   ordinals that rank rather than count, durations ("three days"), and "one" used as a
   pronoun ("one of the most …", "no one").
3. *Read the parse* for what is counted and by whom: the unit is the noun the number
   modifies, the object of "of" ("dozens of the 240 hostages"), or, for a bare number ("the
   105 who have been freed", "wounded two others"), the nearest thing counted before it in
   the sentence. ``what`` is the governing verb — a participle for what the counted things
   underwent ("taken", "freed", "killed"), the lemma for what they do ("remain",
   "demonstrate") — or the event noun they are "of" ("the release of dozens"). The date is
   the resolved date mention attached to that verb, else the date of the quote around it;
   the source is the speaker of that quote.

One more figure kind: an indefinite singular patient of a casualty or detention verb ("an
insurgent was killed", "detained a Taliban leader", "one of his associates was captured")
is a count of one, as the PLOVER GSR coders and the ISAF annotators read it. It is limited
to the verbs of :data:`~storyline.extract.quantities.COUNT_EVENT_VERBS` and to nouns of
people, so "released a statement" is not a figure.

Figures in photo captions (``ctx.captions``) are reported with ``in_caption=True``; the
headline and kicker (masked, not captions) give none; everything else is the body's.

The package, one job a module: :mod:`.scan` finds the number expressions in the tokens,
:mod:`.filters` rules out what is not a count, :mod:`.heads` reads the clause around a counted
phrase and :mod:`.reader` assembles each figure with its unit, what, date and source. This
module runs the passes.
"""

from __future__ import annotations

import logging

from spacy.tokens import Doc, Token

from storyline.extract.context import Context
from storyline.extract.figures.filters import _blocked_ranges, _not_a_count
from storyline.extract.figures.heads import change_of
from storyline.extract.figures.reader import _dates_by_head, _Reader
from storyline.extract.figures.scan import _scan
from storyline.record.model import DateMention, Figure, Quote

__all__ = ["extract_figures"]

log = logging.getLogger(__name__)


def extract_figures(doc: Doc, ctx: Context) -> list[Figure]:
    """Return the reported figures of the report, body and captions, in text order.

    Requires the ``dates`` and ``quotes`` results (``entities`` is not read). Pure: reads the
    parse and the context, writes nothing.
    """
    dates: list[DateMention] = list(ctx.results.get("dates", []))
    quotes: list[Quote] = list(ctx.results.get("quotes", []))
    blocked = _blocked_ranges(ctx.text, dates)
    date_of = _dates_by_head(doc, dates)
    reader = _Reader(doc, ctx, quotes, date_of)

    figures: list[Figure] = []
    counted: dict[int, list[Token]] = {}  # sentence start -> unit nouns counted so far
    for q in _scan(doc):
        reason = _not_a_count(doc, q, blocked)
        if reason:
            log.debug("not a count: %r (%s)", doc[q.i : q.j].text, reason)
            continue
        fig = reader.figure(q, counted)
        if fig is not None:
            figures.append(fig)
    figures.extend(reader.singular_patients())
    figures.extend(reader.zero_counts())
    figures = _with_previous(doc, figures)
    # headline and kicker repeat the body; captions are kept, flagged
    figures = [f for f in figures if not ctx.is_masked(f.start, f.end) or f.in_caption]
    figures.sort(key=lambda f: (f.start, f.end))
    return figures


def _with_previous(doc: Doc, figures: list[Figure]) -> list[Figure]:
    """Join a change's previous value to its new one: "rose to 26 from 14" is one figure.

    The "from" number of a change verb becomes the ``previous`` of the "to" number of the same
    verb ("Arrests climbed to 26 from 14", "attacks rose to 80, up from 60"), and is not a
    figure of its own; a "from" with no "to" stays a figure.
    """
    by_verb: dict[int, dict[str, int]] = {}
    for k, fig in enumerate(figures):
        span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
        nums = [t for t in span if t.like_num] if span is not None else []
        change = change_of(nums[-1]) if nums else None
        if change is not None:
            by_verb.setdefault(change[0].i, {}).setdefault(change[1], k)
    drop: set[int] = set()
    out = list(figures)
    for ends in by_verb.values():
        if "to" in ends and "from" in ends:
            new, old = ends["to"], ends["from"]
            previous = figures[old].value
            if previous is not None and figures[new].unit == figures[old].unit:
                out[new] = figures[new].model_copy(update={"previous": previous})
                drop.add(old)
    return [f for k, f in enumerate(out) if k not in drop]
