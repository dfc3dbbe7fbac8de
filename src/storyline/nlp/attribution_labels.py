"""The attribution tagger's label set and input shape, shared by training and inference.

Kept apart from the runtime (:mod:`storyline.nlp.attribution`) so the training script reads
the very constants the package decodes with, without importing onnxruntime.
"""

from __future__ import annotations

__all__ = ["LABELS", "MAX_PIECES", "ROLES"]

# PolNeAR's three roles, in the order a piece inside two roles takes them: a source or cue
# nested in another attribution's content is tagged as the source or cue (the inner
# attribution keeps its parts; the outer content is cut around them).
ROLES = ("SOURCE", "CUE", "CONTENT")
LABELS = ("O", *(f"{p}-{r}" for r in ROLES for p in ("B", "I")))
# Word pieces per window, [CLS] and [SEP] included: a news sentence is ~35 pieces; a longer
# one is cut into windows of this size.
MAX_PIECES = 128
