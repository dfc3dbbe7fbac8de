"""The shape of the package: layers import downward only, the CLI uses public names only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import storyline

SRC = Path(storyline.__file__).resolve().parent
# From top to bottom (STYLE.md): a module may import its own layer and the layers below; the
# web explorer sits beside the CLI, which starts it (`storyline serve`); the lexicon data files
# are at the bottom, read by ingest and extract alike.
LAYERS = [
    "cli", "web", "engine", "story", "store", "extract", "nlp", "ingest", "record", "lexicon",
]  # fmt: skip
BASE = {"errors", "settings"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return {n for n in names if n.startswith("storyline")}


@pytest.mark.parametrize("layer", LAYERS)
def test_layout_layers_import_downward(layer: str) -> None:
    allowed = set(LAYERS[LAYERS.index(layer) :]) | BASE
    for path in (SRC / layer).rglob("*.py"):
        for mod in _imports(path):
            parts = mod.split(".")
            if layer == "cli" and parts == ["storyline"]:
                continue  # the public API
            assert len(parts) > 1, f"{path.name} imports the package root"
            assert parts[1] in allowed, f"{path.relative_to(SRC)} imports {mod}"


def test_layout_cli_uses_public_names_only() -> None:
    for path in (SRC / "cli").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "storyline":
                for alias in node.names:
                    assert alias.name in storyline.__all__, f"{path.name}: {alias.name}"


def test_layout_all_is_complete() -> None:
    for name in storyline.__all__:
        assert hasattr(storyline, name), name
