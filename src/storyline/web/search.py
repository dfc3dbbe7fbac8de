"""Search in the explorer: the store's search (``storyline.store.queries.search``), drawn.

A snippet is report text, and report text is hostile. The query marks matches with its own
markers in text it cleaned of control characters; ``highlight`` escapes the text and opens
and closes ``<mark>`` in pairs whatever it is given, and ``plain`` is the same snippet for a
download.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from storyline.store.queries.search import (
    HIT_END,
    HIT_START,
    PAGE,
    Filters,
    QuoteHit,
    ReportHit,
    Results,
    clean,
)
from storyline.store.queries.search import search as search_store
from storyline.store.store import Store

__all__ = [
    "PAGE",
    "Filters",
    "QuoteHit",
    "ReportHit",
    "Results",
    "highlight",
    "plain",
    "search",
]

_MARKS = re.compile(f"([{HIT_START}{HIT_END}])")


def search(store: Store, filters: Filters, *, per_page: int = PAGE) -> Results:
    """One page of reports and quotes matching the filters (``queries.search.search``)."""
    with store.engine.connect() as conn:
        return search_store(conn, filters, per_page=per_page)


def highlight(snippet: str) -> Markup:
    """A snippet as HTML: its text cleaned and escaped, its match markers ``<mark>`` pairs.

    A stray or repeated marker opens or closes nothing, and a mark left open is closed, so
    the HTML is well formed whatever the snippet holds.
    """
    html: list[str] = []
    is_open = False
    for piece in _MARKS.split(snippet):
        if piece == HIT_START and not is_open:
            html.append("<mark>")
            is_open = True
        elif piece == HIT_END and is_open:
            html.append("</mark>")
            is_open = False
        elif piece not in (HIT_START, HIT_END):
            html.append(str(escape(clean(piece))))
    if is_open:
        html.append("</mark>")
    return Markup("".join(html))


def plain(snippet: str) -> str:
    """A snippet as plain text (for a download): its match markers and control characters gone."""
    return clean(_MARKS.sub("", snippet))
