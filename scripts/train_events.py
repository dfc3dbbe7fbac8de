"""Train the PLOVER relation classifier shipped in src/storyline/extract/models/events_plv.

    /tmp/probe/bin/python scripts/train_events.py [--shared PATH] [--cv] [--out DIR]

Data (read from ../shared, never copied into the repository):

* PLV train (``benchmarks/events/plv_zero_shot_plover/PLV_train.tsv``, 1,050 pairs): a
  sentence with its source and target marked, labelled with one of 15 PLOVER roots (YIELD
  merges CONCEDE and RETREAT). Licence: none stated (research use; Hu et al. 2024).
* NGEC synthetic silver (``benchmarks/events/ngec_synthetic_silver``, 4,500 stories, MIT): the
  first sentence of each story with its headline's PLOVER type, CONCEDE/RETREAT → YIELD, no
  source or target. It is noisy, so it weighs ``SILVER_WEIGHT`` of a gold pair.

PLV test and PLOVER GSR are not read here: they are the benchmarks. (261 of the 322 GSR
sentences are PLV test sentences; none is a PLV train sentence.)

Model: multinomial logistic regression with L2 penalty over ``storyline.extract.events.
event_features`` (sparse named features + the spaCy tok2vec rows), fitted by full-batch Adam in
numpy. Nothing is random (zero initialisation, full batches, the data in file order), and the
seed is set anyway, so a rerun on the same data and pipeline writes the same weights.
``--cv`` prints 5-fold cross-validated accuracy on PLV train (folds by sentence id) first: the
dev number used to pick the settings below, before PLV test was ever scored.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

from storyline.extract.events import MODEL_DIR, event_features
from storyline.nlp import load_pipeline
from storyline.nlp.classifiers import META_FILE, WEIGHTS_FILE

REPO = Path(__file__).resolve().parents[1]
PLV_TRAIN = Path("benchmarks/events/plv_zero_shot_plover/PLV_train.tsv")
NGEC = Path("benchmarks/events/ngec_synthetic_silver/gpt_synthetic_events_2023-10-19_19.csv")
SEED = 13
SILVER_WEIGHT = 0.1  # a silver sentence counts a tenth of a gold pair (5-fold CV: 0.1 > 0.3 > 1)
L2 = 1.0  # penalty 0.5 * L2 * |W|^2 (sklearn's C = 1)
DENSE_SCALE = 0.1  # the standardised tok2vec block is shrunk so that lemmas lead (CV)
MIN_COUNT = 2  # sparse features seen fewer times in training are dropped
EPOCHS = 600
LEARNING_RATE = 0.05
YIELD_TYPES = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}
_TAG = re.compile(r"</?[st]>")
_DATELINE = re.compile(r"^\(?[A-Z][A-Za-z ]+\)?\s*--\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def read_plv(path: Path) -> list[dict]:
    """PLV rows with the text stripped of its <s>/<t> marks and their character offsets."""
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            marked, pieces, spans, opened, pos, last = row["marked_sentence"], [], {}, {}, 0, 0
            for mo in _TAG.finditer(marked):
                pieces.append(marked[last : mo.start()])
                pos += mo.start() - last
                last = mo.end()
                tag = mo.group()
                if tag[1] != "/":
                    opened[tag[1]] = pos
                elif tag[2] in opened:
                    spans.setdefault(tag[2], (opened.pop(tag[2]), pos))
            pieces.append(marked[last:])
            rows.append(
                {
                    "text": "".join(pieces),
                    "source": spans.get("s"),
                    "target": spans.get("t"),
                    "label": row["gold_root"],
                    "group": row.get("sentence_id") or row.get("uid"),
                }
            )
    return rows


def read_ngec(path: Path) -> list[dict]:
    """The first sentence of each synthetic story, labelled with its headline's type."""
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text = _DATELINE.sub("", row["text"].strip())
            first = _SENTENCE_END.split(text)[0][:400]
            label = row["label"].upper()
            rows.append({"text": first, "source": None, "target": None,
                         "label": YIELD_TYPES.get(label, label), "group": None})  # fmt: skip
    return rows


def featurise(rows: list[dict]) -> tuple[list[dict[str, float]], np.ndarray]:
    nlp = load_pipeline()
    sparse, dense = [], []
    for row, doc in zip(rows, nlp.pipe((r["text"] for r in rows), batch_size=64), strict=True):
        s, d = event_features(doc, row["source"], row["target"])
        sparse.append(s)
        dense.append(d)
    return sparse, np.vstack(dense)


class Design:
    """A CSR-like sparse matrix in numpy plus the dense block."""

    def __init__(self, sparse: list[dict[str, float]], dense: np.ndarray, vocab: dict[str, int],
                 mean: np.ndarray, scale: np.ndarray) -> None:  # fmt: skip
        rows, cols, vals = [], [], []
        for i, feats in enumerate(sparse):
            for name, value in feats.items():
                j = vocab.get(name)
                if j is not None:
                    rows.append(i)
                    cols.append(j)
                    vals.append(value)
        self.rows = np.asarray(rows, dtype=np.int64)
        self.cols = np.asarray(cols, dtype=np.int64)
        self.vals = np.asarray(vals, dtype=np.float64)
        self.n, self.d = len(sparse), len(vocab)
        self.dense = (dense - mean) / scale
        # Segment sums with np.add.reduceat: entries are in row order; a column order for X^T.
        self.row_ids, self.row_starts = np.unique(self.rows, return_index=True)
        self.by_col = np.argsort(self.cols, kind="stable")
        self.col_ids, self.col_starts = np.unique(self.cols[self.by_col], return_index=True)

    def scores(self, ws: np.ndarray, wd: np.ndarray, b: np.ndarray) -> np.ndarray:
        out = np.zeros((self.n, ws.shape[1]))
        if self.vals.size:
            out[self.row_ids] = np.add.reduceat(self.vals[:, None] * ws[self.cols], self.row_starts)
        return out + self.dense @ wd + b

    def grad(self, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        gs = np.zeros((self.d, g.shape[1]))
        if self.vals.size:
            order = self.by_col
            terms = self.vals[order, None] * g[self.rows[order]]
            gs[self.col_ids] = np.add.reduceat(terms, self.col_starts)
        return gs, self.dense.T @ g


def fit(x: Design, y: np.ndarray, weight: np.ndarray, n_labels: int) -> tuple[np.ndarray, ...]:
    """Weighted softmax regression with L2, full-batch Adam."""
    ws = np.zeros((x.d, n_labels))
    wd = np.zeros((x.dense.shape[1], n_labels))
    b = np.zeros(n_labels)
    params = [ws, wd, b]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    onehot = np.eye(n_labels)[y]
    total = weight.sum()
    for step in range(1, EPOCHS + 1):
        s = x.scores(ws, wd, b)
        s -= s.max(axis=1, keepdims=True)
        p = np.exp(s)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - onehot) * weight[:, None] / total
        gs, gd = x.grad(g)
        grads = [gs + L2 * ws / total, gd + L2 * wd / total, g.sum(axis=0)]
        for k, (param, grad) in enumerate(zip(params, grads, strict=True)):
            m[k] = 0.9 * m[k] + 0.1 * grad
            v[k] = 0.999 * v[k] + 0.001 * grad**2
            mhat = m[k] / (1 - 0.9**step)
            vhat = v[k] / (1 - 0.999**step)
            param -= LEARNING_RATE * mhat / (np.sqrt(vhat) + 1e-8)
    return ws, wd, b


def train(sparse, dense, labels, weight, label_set):  # noqa: ANN001, ANN201 - script internals
    counts = Counter(name for feats in sparse for name in feats)
    vocab = {
        name: i for i, name in enumerate(sorted(n for n, c in counts.items() if c >= MIN_COUNT))
    }
    mean = dense.mean(axis=0)
    scale = (dense.std(axis=0) + 1e-6) / DENSE_SCALE
    x = Design(sparse, dense, vocab, mean, scale)
    y = np.asarray([label_set.index(lab) for lab in labels])
    ws, wd, b = fit(x, y, weight, len(label_set))
    return vocab, mean, scale, ws, wd, b


def predict(model, sparse, dense, label_set):  # noqa: ANN001, ANN201 - script internals
    vocab, mean, scale, ws, wd, b = model
    x = Design(sparse, dense, vocab, mean, scale)
    return [label_set[i] for i in x.scores(ws, wd, b).argmax(axis=1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--cv", action="store_true", help="print 5-fold CV on PLV train first")
    args = parser.parse_args()
    np.random.seed(SEED)
    t0 = time.perf_counter()
    gold = read_plv(args.shared / PLV_TRAIN)
    silver = read_ngec(args.shared / NGEC)
    rows = gold + silver
    sparse, dense = featurise(rows)
    labels = [r["label"] for r in rows]
    label_set = sorted(set(labels))
    weight = np.asarray([1.0] * len(gold) + [SILVER_WEIGHT] * len(silver))
    print(f"featurised {len(gold)} PLV train pairs + {len(silver)} NGEC silver sentences "
          f"in {time.perf_counter() - t0:.0f}s", file=sys.stderr)  # fmt: skip
    if args.cv:
        groups = sorted({r["group"] for r in gold})
        fold_of = {g: i % 5 for i, g in enumerate(groups)}
        right = 0
        per_label: Counter[tuple[str, str]] = Counter()
        for fold in range(5):
            held = [i for i, r in enumerate(gold) if fold_of[r["group"]] == fold]
            keep = [
                i for i in range(len(rows)) if i >= len(gold) or fold_of[gold[i]["group"]] != fold
            ]
            model = train([sparse[i] for i in keep], dense[keep], [labels[i] for i in keep],
                          weight[keep], label_set)  # fmt: skip
            pred = predict(model, [sparse[i] for i in held], dense[held], label_set)
            for i, p in zip(held, pred, strict=True):
                right += p == labels[i]
                per_label[(labels[i], p)] += 1
        f1s = []
        for lab in label_set:
            tp = per_label[(lab, lab)]
            fp = sum(v for (g, p), v in per_label.items() if p == lab and g != lab)
            fn = sum(v for (g, p), v in per_label.items() if g == lab and p != lab)
            if tp + fp + fn:
                f1s.append(2 * tp / (2 * tp + fp + fn))
        print(f"5-fold CV on PLV train: accuracy {right / len(gold):.3f}, "
              f"macro-F1 {sum(f1s) / len(f1s):.3f} (n={len(gold)})")  # fmt: skip
    vocab, mean, scale, ws, wd, b = train(sparse, dense, labels, weight, label_set)
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out / WEIGHTS_FILE,
        sparse=ws.astype(np.float16),
        dense=wd.astype(np.float16),
        bias=b.astype(np.float32),
        dense_mean=mean.astype(np.float32),
        dense_scale=scale.astype(np.float32),
    )
    meta = {
        "name": "events_plv",
        "task": "PLOVER root of the event linking a source and a target in one sentence",
        "labels": label_set,
        "features": sorted(vocab, key=vocab.__getitem__),
        "training": {
            "plv_train_pairs": len(gold),
            "ngec_silver_sentences": len(silver),
            "silver_weight": SILVER_WEIGHT,
            "l2": L2,
            "dense_scale": DENSE_SCALE,
            "min_count": MIN_COUNT,
            "epochs": EPOCHS,
            "learning_rate": LEARNING_RATE,
            "seed": SEED,
            "script": "scripts/train_events.py",
            "data": [str(PLV_TRAIN), str(NGEC)],
        },
    }
    (args.out / META_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(vocab)} features, {len(label_set)} labels) "
          f"in {time.perf_counter() - t0:.0f}s", file=sys.stderr)  # fmt: skip


if __name__ == "__main__":
    main()
