"""Dependency-parse helpers shared by the event modules.

Lemmas, the token at a character offset, the head of a mention, of a noun phrase and of a
clause, and the dependency path between two tokens: what coding, the arguments, the article
environment and the classifier features all ask of the parse.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from storyline.extract.spans import token_at

# Package-internal: the names below are imported by the sibling modules of
# storyline.extract.events, which re-exports the public API.
__all__: list[str] = []


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _head_lemmas(tok: Token) -> set[str]:
    """The lemmas a noun phrase is about: its head and its "of" objects.

    "volleys of rubber bullets" is about bullets, "thousands of people" about people.
    """
    return {_lemma(tok), *(_lemma(g) for c in tok.children if c.lower_ == "of" for g in c.children)}


def _clause_head(tok: Token) -> Token | None:
    """The verb whose clause a (date) token sits in."""
    for anc in [tok, *tok.ancestors]:
        if anc is not tok and anc.pos_ in ("VERB", "AUX"):
            return anc
    return None


def _np_head(tok: Token) -> Token:
    while tok.dep_ in ("compound", "amod", "poss") and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _head_at(doc: Doc, chars: tuple[int, int] | None) -> Token | None:
    if chars is None:
        return None
    span = doc.char_span(chars[0], chars[1], alignment_mode="expand")
    return span.root if span is not None and len(span) else None


_token_at = token_at  # the shared helper, under the name the events modules use


def _path(a: Token, b: Token) -> list[Token]:
    """Tokens on the dependency path from ``a`` up to the common ancestor and down to ``b``."""
    up = [a, *a.ancestors]
    b_chain = [b, *b.ancestors]
    on_b = {t.i for t in b_chain}
    out: list[Token] = []
    for t in up:
        out.append(t)
        if t.i in on_b:
            break
    lca = out[-1].i
    down: list[Token] = []
    for t in b_chain:
        if t.i == lca:
            break
        down.append(t)
    return out[1:] + list(reversed(down))[:-1]
