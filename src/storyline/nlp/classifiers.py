"""load_linear_classifier(): the one place storyline loads a shipped classifier, once per process.

The classifiers are small multinomial logistic regressions over named sparse features plus a
few dense ones (spaCy ``tok2vec`` vectors), stored as a ``weights.npz`` and a ``meta.json``
in a directory inside the package. Inference is a dot product in numpy (already a spaCy
dependency), so a shipped model adds no dependency and loads in milliseconds.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from storyline.errors import ModelError

__all__ = ["LinearClassifier", "load_linear_classifier"]

log = logging.getLogger(__name__)

WEIGHTS_FILE = "weights.npz"
META_FILE = "meta.json"


@dataclass(frozen=True, slots=True)
class LinearClassifier:
    """A softmax over ``labels`` from sparse named features and a dense vector.

    Attributes:
        labels: the classes, in weight-column order.
        index: sparse feature name → weight row.
        sparse_weights: ``(n_features, n_labels)``.
        dense_weights: ``(n_dense, n_labels)``; empty when the model has no dense input.
        bias: ``(n_labels,)``.
        dense_mean: subtracted from the dense input (standardisation fitted on training data).
        dense_scale: the dense input is divided by it after centring.
        meta: what the training script recorded (data, counts, settings).
    """

    labels: tuple[str, ...]
    index: Mapping[str, int]
    sparse_weights: npt.NDArray[np.float32]
    dense_weights: npt.NDArray[np.float32]
    bias: npt.NDArray[np.float32]
    dense_mean: npt.NDArray[np.float32]
    dense_scale: npt.NDArray[np.float32]
    meta: Mapping[str, object]

    def predict_proba(
        self, sparse: Mapping[str, float], dense: npt.NDArray[np.float32] | None = None
    ) -> dict[str, float]:
        """Return the probability of every label.

        Unknown feature names are ignored, and a dense input of the wrong width (a parse
        without ``tok2vec`` tensors) is left out rather than failing.
        """
        scores = self.bias.astype(np.float64)
        for name, value in sparse.items():
            row = self.index.get(name)
            if row is not None:
                scores = scores + value * self.sparse_weights[row]
        if dense is not None and dense.shape == self.dense_mean.shape and self.dense_weights.size:
            # a doc without a tensor (e.g. read back from a DocBin) gives no dense input
            x = (np.asarray(dense, dtype=np.float64) - self.dense_mean) / self.dense_scale
            scores = scores + x @ self.dense_weights
        scores = np.exp(scores - scores.max())
        probs = scores / scores.sum()
        return {label: float(p) for label, p in zip(self.labels, probs, strict=True)}

    def predict(
        self, sparse: Mapping[str, float], dense: npt.NDArray[np.float32] | None = None
    ) -> tuple[str, float]:
        """Return the most probable label and its probability."""
        probs = self.predict_proba(sparse, dense)
        label = max(probs, key=probs.__getitem__)
        return label, probs[label]


def load_linear_classifier(path: Path | str) -> LinearClassifier:
    """Load a shipped linear classifier from its directory, cached per path.

    Args:
        path: the directory holding ``weights.npz`` and ``meta.json``.

    Raises:
        ModelError: the files are missing or do not fit together.
    """
    return _load(str(Path(path).resolve()))


@functools.cache
def _load(path: str) -> LinearClassifier:
    folder = Path(path)
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        with np.load(folder / WEIGHTS_FILE) as arrays:
            sparse = arrays["sparse"].astype(np.float32)
            dense = arrays["dense"].astype(np.float32)
            bias = arrays["bias"].astype(np.float32)
            mean = arrays["dense_mean"].astype(np.float32)
            scale = arrays["dense_scale"].astype(np.float32)
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"{folder}: cannot load the classifier ({exc})") from exc
    labels = tuple(meta["labels"])
    features = meta["features"]
    if sparse.shape != (len(features), len(labels)) or dense.shape[0] != mean.shape[0]:
        raise ModelError(f"{folder}: weights do not match meta.json (shape {sparse.shape})")
    log.info(
        "loaded classifier %s (%d features, %d labels)", folder.name, len(features), len(labels)
    )
    return LinearClassifier(
        labels=labels,
        index={name: i for i, name in enumerate(features)},
        sparse_weights=sparse,
        dense_weights=dense,
        bias=bias,
        dense_mean=mean,
        dense_scale=scale,
        meta=meta,
    )
