"""Integration fixtures: a report and its gold rewritten together (renamed people, straight quotes).

A metamorphic test changes the input in a way that must not change what a careful reader
gets out of it, and checks that the score does not move. Names change length, so every gold
span is moved with an offset map; every other gold string gets the same renaming.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Any

import pytest


class Rewrite:
    """A text rewritten by whole-word replacements, with old → new offsets."""

    def __init__(self, text: str, mapping: dict[str, str]) -> None:
        words = sorted(mapping, key=len, reverse=True)
        self.pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, words)) + r")(?!\w)")
        self.mapping = mapping
        self.old_ends: list[int] = []
        self.shift: list[int] = []
        out: list[str] = []
        pos = delta = 0
        for m in self.pattern.finditer(text):
            new = mapping[m.group()]
            out += [text[pos : m.start()], new]
            pos = m.end()
            delta += len(new) - len(m.group())
            self.old_ends.append(m.end())
            self.shift.append(delta)
        out.append(text[pos:])
        self.text = "".join(out)

    def offset(self, i: int) -> int:
        """Return where old offset ``i`` (not inside a replaced word) is in the new text."""
        k = bisect.bisect_right(self.old_ends, i)
        return i + (self.shift[k - 1] if k else 0)

    def words(self, s: str) -> str:
        """Return ``s`` with the same replacements (names in gold fields)."""
        return self.pattern.sub(lambda m: self.mapping[m.group()], s)

    def gold(self, obj: Any) -> Any:
        """Return a gold structure with spans moved and names renamed."""
        if isinstance(obj, dict):
            if isinstance(obj.get("start"), int) and isinstance(obj.get("end"), int):
                start, end = self.offset(obj["start"]), self.offset(obj["end"])
                moved = {k: self.gold(v) for k, v in obj.items()}
                moved.update(start=start, end=end)
                if "text" in obj:
                    moved["text"] = self.text[start:end]
                return moved
            return {k: self.gold(v) for k, v in obj.items()}
        if isinstance(obj, list):
            return [self.gold(v) for v in obj]
        if isinstance(obj, str):
            return self.words(obj)
        return obj


def rename(text: str, gold: Any, mapping: dict[str, str]) -> tuple[str, Any]:
    """Return the text and gold with every word of ``mapping`` replaced."""
    rw = Rewrite(text, mapping)
    return rw.text, rw.gold(gold)


_STRAIGHT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def straighten(text: str, gold: Any) -> tuple[str, Any]:
    """Return text and gold with curly quote marks made straight (same offsets)."""

    def fix(obj: Any) -> Any:
        if isinstance(obj, dict):
            return {k: fix(v) for k, v in obj.items()}
        if isinstance(obj, list):
            return [fix(v) for v in obj]
        return obj.translate(_STRAIGHT) if isinstance(obj, str) else obj

    return text.translate(_STRAIGHT), fix(gold)


@pytest.fixture
def rename_report() -> Callable[[str, Any, dict[str, str]], tuple[str, Any]]:
    """The renaming rewrite (a fixture: tests import nothing from each other)."""
    return rename


@pytest.fixture
def straighten_report() -> Callable[[str, Any], tuple[str, Any]]:
    """The straight-quote-marks rewrite."""
    return straighten
