"""The attribution tagger: source, cue and content spans from a fine-tuned MiniLM, without torch.

The shipped model (``storyline/extract/models/attribution``: ``model.onnx`` int8,
``tokenizer.json``, ``meta.json``, trained by ``scripts/train_attribution.py``; see its
``MODEL_CARD.md``) is run with onnxruntime and the ``tokenizers`` library from files inside the
package: nothing is downloaded. :func:`load_tagger` is the one place it is loaded, once per
process, like the spaCy pipeline.

Only sentences where an attribution can be are tagged (:meth:`AttributionTagger.wants`: a
quote mark, a colon, or a lemma that heads a cue in the training data), sorted by length and
run in batches. What comes back is plain data, ``RoleSpan`` tuples in the document's character
offsets, stored on the ``Doc`` (``doc.user_data[ROLE_SPANS_KEY]``) for the quote extractor
to decode: the extractor stays a pure function of the parsed document.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from storyline.errors import ModelError
from storyline.nlp.attribution_labels import LABELS, MAX_PIECES

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["ROLE_SPANS_KEY", "AttributionTagger", "RoleSpan", "load_tagger", "tag_doc"]

log = logging.getLogger(__name__)

ROLE_SPANS_KEY = "storyline_attribution"
MODEL_FILES = ("model.onnx", "tokenizer.json", "meta.json")
# Windows per onnxruntime call, sorted by length. Small batches ran fastest on PolNeAR dev
# (words per CPU-second of tag_doc, int8 model, one thread: 2: 19,200; 4: 19,300; 8: 17,500;
# 16: 15,100; 32: 11,000).
BATCH_WINDOWS = 4
# Quote marks and the colon of "Trump: …" headlines open a sentence to the tagger whatever
# its words.
_OPENERS = frozenset('"“”„‟«»:')


class RoleSpan(NamedTuple):
    """One tagged span: ``role`` is SOURCE, CUE or CONTENT; characters ``[start, end)``."""

    role: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Window:
    sentence: int  # index into the texts tagged
    offset: int  # the sentence's first character in the document
    ids: list[int]
    words: list[int | None]  # the tokenizer's word number of each piece
    offsets: list[tuple[int, int]]  # piece characters, relative to the sentence


class AttributionTagger:
    """A token tagger over word pieces, decoded to role spans over whole words."""

    def __init__(self, directory: Path) -> None:
        """Load the model files in ``directory``.

        Raises:
            ModelError: a file is missing or cannot be read as what it should be, named.
        """
        import onnxruntime
        from tokenizers import Tokenizer

        for name in MODEL_FILES:
            if not (directory / name).is_file():
                raise ModelError(f"{directory / name}: attribution model file missing")
        meta_path = directory / "meta.json"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            self.labels: tuple[str, ...] = tuple(meta["labels"])
            self.cue_lemmas: frozenset[str] = frozenset(meta["cue_lemmas"])
            self.max_pieces = int(meta["max_pieces"])
        except (ValueError, KeyError, TypeError) as exc:
            reason = f"not an attribution model description ({exc})"
            raise ModelError(f"{meta_path}: {reason}") from exc
        if self.labels != LABELS or self.max_pieces > MAX_PIECES:
            raise ModelError(f"{meta_path}: labels or window size differ from this storyline's")
        tok_path = directory / "tokenizer.json"
        try:
            self.tokenizer = Tokenizer.from_file(str(tok_path))
        except Exception as exc:  # the tokenizers library raises its own Exception subclass
            raise ModelError(f"{tok_path}: not a tokenizer file ({exc})") from exc
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        cls, sep = self.tokenizer.token_to_id("[CLS]"), self.tokenizer.token_to_id("[SEP]")
        if cls is None or sep is None:
            raise ModelError(f"{tok_path}: no [CLS] or [SEP] piece in this tokenizer")
        self._cls, self._sep = cls, sep
        options = onnxruntime.SessionOptions()
        # one thread a process: the engine runs one process per core
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        model_path = directory / "model.onnx"
        try:
            self.session = onnxruntime.InferenceSession(
                str(model_path), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime's Fail/InvalidProtobuf are not exported types
            raise ModelError(f"{model_path}: not a loadable ONNX model ({exc})") from exc

    def wants(self, sent: Span) -> bool:
        """Whether an attribution can be in this sentence: worth the encoder pass."""
        return any(
            t.lemma_.lower() in self.cue_lemmas or t.text in _OPENERS
            for t in sent
            if not t.is_space
        )

    def tag(self, texts: Sequence[str], offsets: Sequence[int]) -> list[RoleSpan]:
        """Role spans of every text (``texts[k]`` starts at document character ``offsets[k]``)."""
        windows = self._windows(texts, offsets)
        order = sorted(range(len(windows)), key=lambda k: len(windows[k].ids))
        spans: list[RoleSpan] = []
        for b in range(0, len(order), BATCH_WINDOWS):
            batch = [windows[k] for k in order[b : b + BATCH_WINDOWS]]
            width = max(len(w.ids) for w in batch) + 2
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for j, w in enumerate(batch):
                ids[j, : len(w.ids) + 2] = [self._cls, *w.ids, self._sep]
                mask[j, : len(w.ids) + 2] = 1
            (logits,) = self.session.run(["logits"], {"input_ids": ids, "attention_mask": mask})
            best = logits.argmax(-1)
            for j, w in enumerate(batch):
                spans.extend(_decode(w, [self.labels[x] for x in best[j, 1 : len(w.ids) + 1]]))
        spans.sort(key=lambda s: (s.start, s.end))
        return spans

    def _windows(self, texts: Sequence[str], offsets: Sequence[int]) -> list[_Window]:
        body = self.max_pieces - 2
        encodings = self.tokenizer.encode_batch(list(texts), add_special_tokens=False)
        return [
            _Window(
                k,
                offsets[k],
                list(enc.ids[w : w + body]),
                list(enc.word_ids[w : w + body]),
                list(enc.offsets[w : w + body]),
            )
            for k, enc in enumerate(encodings)
            for w in range(0, len(enc.ids), body)
        ]


def _decode(window: _Window, labels: Sequence[str]) -> list[RoleSpan]:
    """BIO over pieces to spans over words: a word takes its first piece's label."""
    spans: list[RoleSpan] = []
    role = ""
    start = end = 0
    previous_word: int | None = None
    for piece, label in enumerate(labels):
        word = window.words[piece]
        a, b = window.offsets[piece]
        if word is not None and word == previous_word:
            if role:
                end = window.offset + b  # a later piece of the same word extends its span
            continue
        previous_word = word
        new_role = label[2:] if label != "O" else ""
        if role and (not new_role or label.startswith("B-") or new_role != role):
            spans.append(RoleSpan(role, start, end))
            role = ""
        if new_role and not role:
            role, start = new_role, window.offset + a
        if role:
            end = window.offset + b
    if role:
        spans.append(RoleSpan(role, start, end))
    return spans


def tag_doc(doc: Doc, tagger: AttributionTagger) -> list[RoleSpan]:
    """Tag the sentences of ``doc`` that can hold an attribution; store and return the spans."""
    text = doc.text  # built from the tokens on every access: once, not once a sentence
    texts, offsets = [], []
    for sent in doc.sents:
        if not tagger.wants(sent):
            continue
        words = [t for t in sent if not t.is_space]
        first, last = words[0], words[-1]
        texts.append(text[first.idx : last.idx + len(last)])
        offsets.append(first.idx)
    spans = tagger.tag(texts, offsets) if texts else []
    doc.user_data[ROLE_SPANS_KEY] = spans
    return spans


def default_model_dir() -> Path:
    """The model directory inside the installed package."""
    return Path(str(resources.files("storyline.extract") / "models" / "attribution"))


@functools.cache
def load_tagger(directory: str | None = None) -> AttributionTagger:
    """Load the attribution tagger once per process (``None``: the shipped model).

    Raises:
        ModelError: a model file is missing or corrupt, named in the message.
    """
    path = Path(directory) if directory is not None else default_model_dir()
    tagger = AttributionTagger(path)
    log.info("loaded attribution tagger %s", path)
    return tagger
