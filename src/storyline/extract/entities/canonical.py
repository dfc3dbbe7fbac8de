"""The canonical name of a state body or an office: one function for every layer.

"the Israeli government", "Israel's government" and "the government of Israel" are one body;
naming it "Government of Israel" however it is written lets the record and the story join its
statements and acts. An office named by its holder ("Netanyahu's office") is named after the
holder's title when the report gives one ("Office of the Prime Minister of Israel"), so it
stays the same body when the holder changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline.extract.cues import DEMONYMS, STATE_BODIES

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["ends_phrase", "office_name", "state_body_name", "state_of_nationality"]


def state_body_name(noun: str, modifier: str) -> str | None:
    """Return "Government of Israel" for ("government", "Israeli"), or None.

    Args:
        noun: the body's head noun or its lemma ("government", "military").
        modifier: the word before it: a demonym ("Israeli") or a country ("Israel").
    """
    noun = noun.lower()
    if noun not in STATE_BODIES:
        return None
    country = DEMONYMS.get(modifier.lower())
    if country is None:
        return None
    return f"{noun.capitalize()} of {country}"


def office_name(holder_role: str | None) -> str | None:
    """Return "Office of the Prime Minister of Israel" for the role "Israeli Prime Minister"."""
    words = (holder_role or "").split()
    if len(words) < 2:
        return None
    country = DEMONYMS.get(words[0].lower())
    if country is None:
        return None
    return f"Office of the {' '.join(words[1:])} of {country}"


def state_of_nationality(word: str) -> str | None:
    """Return "Israel" for "Israeli": the state a nationality word acts for, or None.

    "Israeli strikes killed …": the strikes are the state's, so an event's actor named by a
    nationality is that state, under the name its own mentions have.
    """
    return DEMONYMS.get(word.lower())


def ends_phrase(tok: Token) -> bool:
    """Whether a described thing's name stops before ``tok``: punctuation or a line break.

    What follows a comma is a clause or an apposition about it ("a source, who asked not to be
    named"), not its name. A hyphen inside a word ("a Paris-based aide", "post-war") is no stop.
    """
    inside_word = tok.text == "-" and tok.i > 0 and not tok.doc[tok.i - 1].whitespace_
    return (tok.is_punct and not inside_word) or tok.is_space
