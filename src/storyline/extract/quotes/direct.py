"""Direct and mixed quotes: the quote-mark stretches matched to the frames around them.

Direct quotes (quote marks paired by :mod:`~storyline.extract.quotemarks`) take the frame next
to them in their sentence — after the closing mark first, else before the opening mark — or,
with none, the attribution of the quote just before them in the same or the previous paragraph
(split quotes and quotes that run on). Short title-like quotes ("Meet the Press") are names, not
attributions. A frame whose content holds a quoted stretch with enough of the reporter's own
words around it makes a mixed quote.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from storyline.extract.quotemarks import Quoted
from storyline.extract.quotes._helpers import _end_char

if TYPE_CHECKING:
    from storyline.extract.quotes.frames import _Frame

MIN_QUOTE_WORDS = 3  # a shorter quoted stretch is a name or a scare quote, not an attribution
MIN_MIXED_OUTSIDE = 12  # chars of the reporter's own words that make a quote mixed
MAX_TRAILING_PUNCT = 2  # chars of final punctuation a clause may leave out of a quote
MAX_CUE_GAP = 3  # tokens of other words allowed between a closing mark and its speaker/cue
_FUNCTION_WORDS = {"the", "a", "an", "of", "and", "in", "on", "at", "to", "for", "with", "&"}


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
