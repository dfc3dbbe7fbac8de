"""Quotes: parse shapes that once crashed extraction, pinned by hand-built and parsed docs."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from storyline.extract import Context, extract

pytestmark = pytest.mark.model

# "He had met with Ms Yardley - saying she would agree." as the parser once read a real
# report: the participle cue is itself the object of "with", so "with X saying" has no X.
_WITH_PARTICIPLE = [
    # word, head, dep, tag, pos, lemma
    ("He", 2, "nsubj", "PRP", "PRON", "he"),
    ("had", 2, "aux", "VBD", "AUX", "have"),
    ("met", 2, "ROOT", "VBN", "VERB", "meet"),
    ("with", 2, "prep", "IN", "ADP", "with"),
    ("Ms", 5, "compound", "NNP", "PROPN", "Ms"),
    ("Yardley", 7, "compound", "NNP", "PROPN", "Yardley"),
    ("-", 7, "punct", "HYPH", "PUNCT", "-"),
    ("saying", 3, "pobj", "VBG", "VERB", "say"),
    ("she", 10, "nsubj", "PRP", "PRON", "she"),
    ("would", 10, "aux", "MD", "AUX", "would"),
    ("agree", 7, "ccomp", "VB", "VERB", "agree"),
    (".", 2, "punct", ".", "PUNCT", "."),
]


def _hand_doc(nlp: Language, rows: list[tuple[str, int, str, str, str, str]]) -> Doc:
    words = [r[0] for r in rows]
    spaces = [i + 1 < len(rows) and rows[i + 1][0] not in ".," for i in range(len(rows))]
    return Doc(
        nlp.vocab,
        words=words,
        spaces=spaces,
        heads=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        tags=[r[3] for r in rows],
        pos=[r[4] for r in rows],
        lemmas=[r[5] for r in rows],
        sent_starts=[i == 0 for i in range(len(rows))],
    )


def test_quotes_participle_as_object_of_with_hand_built(nlp: Language) -> None:
    doc = _hand_doc(nlp, _WITH_PARTICIPLE)
    quotes = extract(doc, Context(text=doc.text))["quotes"]
    (quote,) = quotes
    assert quote.cue is not None
    assert quote.cue.text == "saying"
    assert quote.speaker is not None
    assert quote.speaker.text == "He"


@pytest.mark.parametrize(
    "text",
    [
        "He had met with Ms Yardley - saying she would never agree to it.\n",
        "He had spoken with Ms Yardley - claiming he had told her he would accept.\n",
    ],
)
def test_quotes_participle_as_object_of_with_parsed(parse_text: Callable, text: str) -> None:
    doc, ctx = parse_text(text)
    for quote in extract(doc, ctx)["quotes"]:
        for span in [*quote.content, quote.speaker, quote.cue]:
            if span is not None:
                assert text[span.start : span.end] == span.text
