"""Custom spaCy components that fix the parse; registered here and only here.

``storyline_breaks`` starts a sentence after every paragraph break (a whitespace token holding
a newline) and at any character offset listed in ``doc.user_data["storyline_breaks"]`` (the
edges of captions, headline and kicker), so the parser never glues a caption credit to the
next paragraph or a headline to the first sentence.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

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
    """Token indices that start a sentence: the first word after a newline or a break offset.

    A single line break inside a sentence of hard-wrapped copy ("killed 112" at the end of one
    line, "people" at the start of the next) is no break: a lone newline between a word that
    does not end a sentence and a lowercase word.
    """
    breaks = sorted(doc.user_data.get(BREAKS_KEY, ()))
    starts: list[int] = []
    k = 0  # next break not yet placed: it starts at the first word at or after its offset
    newlines = 0  # newlines since the last word
    previous = None  # the last word
    for token in doc:
        if token.is_space:
            newlines += token.text.count("\n")
            continue
        at_break = False
        while k < len(breaks) and breaks[k] <= token.idx:
            at_break = True
            k += 1
        if token.i > 0 and (at_break or (newlines and not _wrapped(previous, token, newlines))):
            starts.append(token.i)
        newlines = token.whitespace_.count("\n")
        previous = token
    return starts


def _wrapped(previous: Token | None, token: Token, newlines: int) -> bool:
    """A line break of hard-wrapped copy: one newline, mid-sentence, before a lowercase word."""
    return (
        newlines == 1
        and previous is not None
        and previous.text[-1:] not in _SENTENCE_ENDS
        and token.text[:1].islower()
    )


_SENTENCE_ENDS = frozenset(".!?:;\"”’')]")
