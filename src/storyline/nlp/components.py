"""Custom spaCy components that fix the parse; registered here and only here.

``storyline_breaks`` starts a sentence after every paragraph break (a whitespace token holding
a newline) and at any character offset listed in ``doc.user_data["storyline_breaks"]`` (the
edges of captions, headline and kicker), so the parser never glues a caption credit to the
next paragraph or a headline to the first sentence.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["BREAKS_COMPONENT", "BREAKS_KEY"]

BREAKS_COMPONENT = "storyline_breaks"
BREAKS_KEY = "storyline_breaks"


@Language.component(BREAKS_COMPONENT)
def _set_breaks(doc: Doc) -> Doc:
    starts = _break_starts(doc)
    if starts:
        # Written as one array: each ``token.is_sent_start = True`` scans the whole doc for a
        # parse first (spaCy's has_annotation), which made a long text quadratic in its
        # paragraphs (200,000 characters: 5 s; a million: minutes).
        sent_starts = doc.to_array(["SENT_START"]).reshape(-1, 1)
        sent_starts[starts, 0] = 1
        # spaCy's stub types to_array as floats; it returns the uint64 from_array takes
        doc.from_array(["SENT_START"], sent_starts)  # type: ignore[arg-type]
    return doc


def _break_starts(doc: Doc) -> list[int]:
    """Token indices that start a sentence: the first word after a newline or a break offset."""
    breaks = sorted(doc.user_data.get(BREAKS_KEY, ()))
    starts: list[int] = []
    k = 0  # next break not yet placed: it starts at the first word at or after its offset
    after_newline = False  # a newline since the last word
    for token in doc:
        if token.is_space:
            after_newline = after_newline or "\n" in token.text
            continue
        at_break = False
        while k < len(breaks) and breaks[k] <= token.idx:
            at_break = True
            k += 1
        if token.i > 0 and (after_newline or at_break):
            starts.append(token.i)
        after_newline = "\n" in token.whitespace_
    return starts
