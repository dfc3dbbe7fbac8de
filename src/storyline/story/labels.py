"""Labels that read as words: what a counted thing is called wherever it is shown.

A figure's ``what`` is the verb that says what happened to what is counted ("person killed",
"hostage freed"). Records stored before the figure reader dropped empty verbs (and any reader
that still lets one through) carry ``what`` values such as "had", "be" or "were", which give
labels like "family had" or "warning be": words that say nothing and read as a parse error.
Such a ``what`` is no ``what``: the label is the unit alone ("family"), and the figure is
counted with the others of its unit instead of in a history of its own.
"""

from __future__ import annotations

__all__ = ["EMPTY_WHATS", "counted_what", "figure_label"]

# Every form of the auxiliaries, the modals and the verbs that say nothing of what happened to
# what is counted (the figure reader's _EMPTY_VERBS, extract/figures/reader.py, in each form a
# stored record may carry: lemma or the word as written).
EMPTY_WHATS = frozenset(
    {
        *("be", "am", "is", "are", "was", "were", "been", "being", "'s", "'re", "'m"),
        *("have", "has", "had", "having", "'ve", "'d"),
        *("do", "does", "did", "done", "doing"),
        *("get", "gets", "got", "gotten", "getting"),
        *("make", "makes", "made", "making"),
        *("include", "includes", "included", "including"),
        *("involve", "involves", "involved", "involving"),
        *("will", "would", "shall", "should", "can", "could", "may", "might", "must"),
    }
)


def counted_what(what: str | None) -> str | None:
    """Return what happened to what is counted, in lower case; None if the word says nothing.

    Example:
        >>> counted_what("Killed"), counted_what("had"), counted_what(" ")
        ('killed', None, None)
    """
    if what is None:
        return None
    word = " ".join(what.casefold().split())
    if not any(ch.isalpha() for ch in word) or word in EMPTY_WHATS:
        return None
    return word


def figure_label(unit: str, what: str | None) -> str:
    """Return a counted thing in words: "person killed"; the unit alone when ``what`` is empty.

    Example:
        >>> figure_label("person", "killed"), figure_label("family", "had")
        ('person killed', 'family')
    """
    kept = counted_what(what)
    return f"{unit} {kept}" if kept else unit
