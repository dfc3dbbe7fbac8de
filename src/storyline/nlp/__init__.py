"""The language layer: the one place that loads spaCy, and batched parsing."""

from storyline.nlp.parse import DEFAULT_BATCH_SIZE, parse
from storyline.nlp.pipeline import DEFAULT_MODEL, load_pipeline

__all__ = ["DEFAULT_BATCH_SIZE", "DEFAULT_MODEL", "load_pipeline", "parse"]
