"""Settings: defaults < storyline.toml < STORYLINE_* < arguments; bad keys named."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.errors import SettingsError
from storyline.settings import load_settings


def test_settings_layers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "storyline.toml"
    cfg.write_text('[storyline]\nmodel = "from_file"\nbatch_size = 8\n', encoding="utf-8")
    monkeypatch.delenv("STORYLINE_MODEL", raising=False)
    assert load_settings(cfg).model == "from_file"
    monkeypatch.setenv("STORYLINE_MODEL", "from_env")
    s = load_settings(cfg)
    assert (s.model, s.batch_size) == ("from_env", 8)
    assert load_settings(cfg, model="from_flag", batch_size=None).model == "from_flag"


@pytest.mark.parametrize(
    ("overrides", "key"), [({"colour": "red"}, "colour"), ({"batch_size": "many"}, "batch_size")]
)
def test_settings_bad_key_is_named(
    overrides: dict[str, str], key: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SettingsError, match=key):
        load_settings(**overrides)
