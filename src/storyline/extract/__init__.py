"""The extract layer: one pure function per kind of item, run in a declared order.

The extractors need spaCy, so they load on first use (PEP 562): the story layer reads the
word lists in ``lexicon`` without paying for the parser's import.
"""

from typing import TYPE_CHECKING, Any

from storyline.extract.context import Context

if TYPE_CHECKING:
    from storyline.extract.build import build_record
    from storyline.extract.registry import EXTRACTORS, Extractor, extract

__all__ = ["EXTRACTORS", "Context", "Extractor", "build_record", "extract"]

_LAZY = {
    "build_record": "storyline.extract.build",
    "EXTRACTORS": "storyline.extract.registry",
    "Extractor": "storyline.extract.registry",
    "extract": "storyline.extract.registry",
}


def __getattr__(name: str) -> Any:  # noqa: ANN401 - whatever the lazy name is
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'storyline.extract' has no attribute {name!r}")
