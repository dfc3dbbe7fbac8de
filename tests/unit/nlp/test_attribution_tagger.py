"""The attribution tagger: decoding word pieces to word spans, loading errors, the shipped model."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from storyline.errors import ModelError
from storyline.nlp.attribution import (
    MODEL_FILES,
    AttributionTagger,
    RoleSpan,
    _decode,
    _Window,
    default_model_dir,
    load_tagger,
)


def _window(text: str, pieces: list[tuple[str, int]], offset: int = 0) -> _Window:
    """A window over ``text`` from (piece, word number) pairs; offsets found by search."""
    offsets, pos = [], 0
    for piece, _ in pieces:
        bare = piece.removeprefix("##")
        start = text.lower().index(bare, pos)
        offsets.append((start, start + len(bare)))
        pos = start + len(bare)
    return _Window(0, offset, [0] * len(pieces), [w for _, w in pieces], offsets)


def test_decode_word_takes_its_first_piece_label_and_later_pieces_extend_it() -> None:
    text = "Netanyahu said talks stalled"
    w = _window(
        text,
        [("net", 0), ("##any", 0), ("##ahu", 0), ("said", 1), ("talks", 2), ("stalled", 3)],
        offset=100,
    )
    labels = ["B-SOURCE", "O", "B-CUE", "B-CUE", "B-CONTENT", "I-CONTENT"]
    assert _decode(w, labels) == [
        RoleSpan("SOURCE", 100, 109),
        RoleSpan("CUE", 110, 114),
        RoleSpan("CONTENT", 115, 128),
    ]


def test_decode_b_tag_starts_a_new_span_and_an_i_after_o_starts_one() -> None:
    text = "a b c d"
    w = _window(text, [("a", 0), ("b", 1), ("c", 2), ("d", 3)])
    assert _decode(w, ["B-CONTENT", "B-CONTENT", "O", "I-CONTENT"]) == [
        RoleSpan("CONTENT", 0, 1),
        RoleSpan("CONTENT", 2, 3),
        RoleSpan("CONTENT", 6, 7),
    ]


def _copy_model(tmp_path: Path) -> Path:
    target = tmp_path / "attribution"
    target.mkdir()
    for name in MODEL_FILES:
        shutil.copyfile(default_model_dir() / name, target / name)
    return target


@pytest.mark.parametrize("name", MODEL_FILES)
def test_a_missing_model_file_is_one_line_naming_it(tmp_path: Path, name: str) -> None:
    model = _copy_model(tmp_path)
    (model / name).unlink()
    with pytest.raises(ModelError, match=f"{model / name}: attribution model file missing"):
        AttributionTagger(model)


@pytest.mark.parametrize("name", MODEL_FILES)
def test_a_corrupt_model_file_is_one_line_naming_it(tmp_path: Path, name: str) -> None:
    model = _copy_model(tmp_path)
    (model / name).write_bytes(b"\x00not what it should be")
    with pytest.raises(ModelError) as caught:
        AttributionTagger(model)
    assert str(caught.value).startswith(str(model / name))
    assert "\n" not in str(caught.value)


def _roles(sentence: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for role, start, end in load_tagger().tag([sentence], [0]):
        found.setdefault(role, []).append(sentence[start:end])
    return found


@pytest.mark.model
def test_the_shipped_model_tags_a_plain_indirect_quote() -> None:
    roles = _roles("The finance minister said the budget would be balanced by next year.")
    assert roles["CUE"] == ["said"]
    assert any("finance minister" in s for s in roles["SOURCE"])
    assert any("budget would be balanced" in c for c in roles["CONTENT"])


@pytest.mark.model
def test_the_shipped_model_tags_an_unquoted_belief_without_a_reporting_verb() -> None:
    roles = _roles("Most economists believe that the central bank will cut rates again.")
    assert any("economists" in s for s in roles.get("SOURCE", []))
    assert any("central bank will cut rates" in c for c in roles.get("CONTENT", []))
