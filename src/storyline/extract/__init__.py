"""The extract layer: one pure function per kind of item, run in a declared order."""

from storyline.extract.build import build_record
from storyline.extract.context import Context
from storyline.extract.registry import EXTRACTORS, Extractor, extract

__all__ = ["EXTRACTORS", "Context", "Extractor", "build_record", "extract"]
