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


# docs/architecture.md: the extract layer's rooms and what they may import.
EXTRACT = SRC / "extract"
ROOMS = ("entities", "time", "quotes", "figures", "events")
SPACY_FREE_TIME = ("resolver", "rules", "calendar", "fallback", "normalise", "timex", "words")
MAX_MODULE_LINES = 600


def test_layout_rooms_ask_the_entity_layer_through_its_package_only() -> None:
    for room in ROOMS:
        if room == "entities":
            continue
        for path in (EXTRACT / room).rglob("*.py"):
            for mod in _imports(path):
                assert not mod.startswith("storyline.extract.entities."), (
                    f"{path.relative_to(SRC)} imports {mod}: use storyline.extract.entities"
                )


def test_layout_entity_layer_imports_no_other_room() -> None:
    others = {f"storyline.extract.{room}" for room in ROOMS if room != "entities"}
    for path in (EXTRACT / "entities").rglob("*.py"):
        for mod in _imports(path):
            assert not any(mod == o or mod.startswith(o + ".") for o in others), (
                f"{path.relative_to(SRC)} imports {mod}"
            )


def test_layout_time_resolver_modules_import_no_spacy() -> None:
    for name in SPACY_FREE_TIME:
        tree = ast.parse((EXTRACT / "time" / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("spacy"), name
                assert node.module not in {
                    "storyline.extract.time.finder",
                    "storyline.extract.time.tense",
                }, name
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("spacy") for a in node.names), name


def test_layout_lexicon_is_the_bottom_layer() -> None:
    base = {f"storyline.{b}" for b in BASE}
    for path in (SRC / "lexicon").rglob("*.py"):
        assert _imports(path) <= base, f"{path.name} imports {_imports(path) - base}"


def test_layout_extract_modules_stay_small() -> None:
    for path in EXTRACT.rglob("*.py"):
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= MAX_MODULE_LINES, f"{path.relative_to(SRC)}: {lines} lines, split it by job"
