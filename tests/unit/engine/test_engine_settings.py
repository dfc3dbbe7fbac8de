"""The engine's settings: workers (0 = the cores) and dask (local or an address), checked early."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.errors import SettingsError
from storyline.settings import load_settings


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("STORYLINE_WORKERS", "STORYLINE_DASK"):
        monkeypatch.delenv(name, raising=False)


def test_engine_settings_defaults() -> None:
    s = load_settings()
    assert (s.workers, s.dask) == (0, None)


@pytest.mark.parametrize(("env", "flag", "expected"), [("3", None, 3), ("3", 1, 1)])
def test_engine_settings_workers_env_then_flag(
    env: str, flag: int | None, expected: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STORYLINE_WORKERS", env)
    assert load_settings(workers=flag).workers == expected


@pytest.mark.parametrize("address", ["local", "tcp://10.0.0.5:8786", "tls://sched:8786"])
def test_engine_settings_dask_accepts(address: str) -> None:
    assert load_settings(dask=address).dask == address


@pytest.mark.parametrize(
    ("overrides", "key"), [({"dask": "lokal"}, "dask"), ({"workers": -1}, "workers")]
)
def test_engine_settings_bad_value_is_named(overrides: dict[str, object], key: str) -> None:
    with pytest.raises(SettingsError, match=key):
        load_settings(**overrides)
