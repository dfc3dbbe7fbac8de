"""PolNeAR reading and the three quote-scoring views, as pure functions (no spaCy).

The runner (``quotes_polnear.py``) feeds these functions; the unit tests feed them made-up
sentences. Everything works on character offsets into the document text, the unit both
PolNeAR's brat standoff and storyline's record use, so nothing is re-tokenised.

Reading (brat standoff, see ``../shared/benchmarks/quotes/polnear/SOURCE.md``)
    ``T`` lines give text-bound spans, possibly discontinuous (``start end;start end``);
    ``E`` lines tie them into one attribution (``Source``, ``Cue``, ``Content``,
    ``Content2``; the trigger is ``Attribution`` or ``Attribution-no-source``). The trigger
    span only duplicates the cue and is not scored. ``Discuss`` / ``Discard`` spans are
    annotator flags, not attributions, and are skipped; ``#`` notes and the continuation
    lines of the three text fields that hold a line break are skipped too. Offsets are
    trusted and the ``T`` text field is not (it joins fragments with a space).

Normalisation (the same on gold and predicted spans)
    ``trim``: strip whitespace, quote marks and outer punctuation (``TRIM_CHARS``) from both
    ends of a span; a span made only of such characters (a ``:`` cue, a lone dash) is kept
    as it was, so it can still match exactly. ``fragments``: trim every fragment, then merge
    fragments that touch or are separated only by whitespace, since the split is invisible
    in the text (annotators sometimes cut ``4107 4154;4154 4193``) and a token tagger could
    not reproduce it; sort by offset and drop duplicates.

View (a), CofeNet-style per-role exact span match
    For each role (content, source, cue) and each document, gold and predicted spans are
    *sets* of normalised fragments; a true positive is a fragment present in both.
    Counts are summed over the split (micro-average). Roles are scored independently, as
    CofeNet does: a source counts even if it is linked to the wrong content. A
    discontinuous gold content counts as its fragments, each one a span: that is what a BIO
    tagger such as CofeNet's produces and scores (every fragment gets its own ``B-``), and
    it is also how storyline's ``content: list[Span]`` reports a quote interrupted by its
    speaker. Sets rather than lists because a span tagger cannot emit one span twice, while
    a quote extractor may repeat one speaker mention for two quotes. Differences from
    CofeNet's own scorer: characters, not their CoreNLP tokens; whole documents, not
    sentence-like segments (a content crossing a segment boundary is one span here, several
    there); one annotator per document, while their BIO files keep every annotator's copy.

View (b), Gender Gap Tracker-style coverage match
    A gold attribution's content characters are its fragments' characters minus whitespace
    and quote marks (``QUOTE_MARKS``); likewise for a predicted quote. Coverage of a
    (gold, pred) pair is ``|gold & pred| / |gold|`` (asymmetric, as GGT). Pairs are matched
    one-to-one greedily, highest coverage first (ties: earlier gold, then earlier pred), and
    a pair counts when coverage >= the threshold (0.3 and 0.8). P = matched / predicted
    quotes, R = matched / gold attributions. Over matched pairs: speaker accuracy (the
    predicted speaker overlaps any gold source fragment by at least one character after
    trimming, or both are absent) and cue accuracy (the same test for the cue; a gold
    attribution without a cue is rare and counts as correct only if the prediction has none).

View (c), linked attribution
    A predicted quote is a true positive when it is matched one-to-one to a gold attribution
    whose content it covers >= 0.5 *and* its speaker passes the speaker test above (overlap,
    or both absent). Candidate pairs must pass both tests before the greedy match, so a
    content match with the wrong speaker cannot block the right prediction. The ``+cue``
    variant also requires the cue test.

Gold attributions without any content fragment (an ``E`` line with only its trigger) are
kept in the relation count but not scored: no view can match them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "DOUBLE_QUOTE_MARKS",
    "GGT_THRESHOLDS",
    "LINKED_THRESHOLD",
    "QUOTE_MARKS",
    "TRIM_CHARS",
    "CharSpan",
    "Counts",
    "GgtCounts",
    "GoldAttribution",
    "PolnearDoc",
    "PredQuote",
    "Scores",
    "content_chars",
    "coverage",
    "fragments",
    "has_quote_marks",
    "overlaps",
    "parse_ann",
    "read_split",
    "score_doc",
    "score_ggt",
    "score_linked",
    "score_roles",
    "select_annotator",
    "trim",
]

# Straight, curly, low-9, guillemets, primes and backtick: every mark PolNeAR texts use
# to open or close a quotation (and a few they could).
QUOTE_MARKS = frozenset("\"'“”‘’„‟‚‛«»‹›`´″′")
# Double quotation marks only: apostrophes are in every "didn’t". A gold content holding one
# is the rough proxy for a direct or mixed quote that SOURCE.md uses (624 of 2,193 on dev).
DOUBLE_QUOTE_MARKS = frozenset('"“”„‟«»')
# Outer punctuation that annotators and extractors include or leave out at random.
TRIM_CHARS = QUOTE_MARKS | frozenset(".,;:!?…—–-‐‒―()[]{}")

GGT_THRESHOLDS = (0.3, 0.8)  # GGT's evaluate_quotes: gold-coverage cut-offs
LINKED_THRESHOLD = 0.5  # our linked view: at least half the gold content
_EPS = 1e-9  # so that 3/10 >= 0.3 holds despite floating point
_T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")
_ROLES = ("content", "source", "cue")


@dataclass(frozen=True, slots=True, order=True)
class CharSpan:
    """Characters ``text[start:end]`` (code points, end-exclusive)."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One PolNeAR attribution relation; each role a tuple of fragments (empty: absent)."""

    id: str
    content: tuple[CharSpan, ...]
    source: tuple[CharSpan, ...] = ()
    cue: tuple[CharSpan, ...] = ()


@dataclass(frozen=True, slots=True)
class PredQuote:
    """One predicted quote, reduced to what the views score."""

    content: tuple[CharSpan, ...]
    speaker: CharSpan | None = None
    cue: CharSpan | None = None


@dataclass(frozen=True, slots=True)
class PolnearDoc:
    """One PolNeAR document with the annotation chosen for it."""

    name: str
    annotator: str
    annotators: tuple[str, ...]
    text: str
    attributions: tuple[GoldAttribution, ...]


@dataclass(slots=True)
class Counts:
    """True positives, predictions and gold items, summed over documents."""

    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.n_pred + other.n_pred, self.n_gold + other.n_gold)

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class GgtCounts:
    """View (b) at one threshold: the match counts plus speaker/cue checks on matches."""

    match: Counts = field(default_factory=Counts)
    speaker_ok: int = 0
    cue_ok: int = 0

    def __add__(self, other: GgtCounts) -> GgtCounts:
        return GgtCounts(
            self.match + other.match,
            self.speaker_ok + other.speaker_ok,
            self.cue_ok + other.cue_ok,
        )

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_ok / self.match.tp if self.match.tp else 0.0

    @property
    def cue_accuracy(self) -> float:
        return self.cue_ok / self.match.tp if self.match.tp else 0.0


@dataclass(slots=True)
class Scores:
    """Every view for one document or, summed, for a split."""

    roles: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in _ROLES})
    ggt: dict[float, GgtCounts] = field(
        default_factory=lambda: {t: GgtCounts() for t in GGT_THRESHOLDS}
    )
    linked: Counts = field(default_factory=Counts)
    linked_cue: Counts = field(default_factory=Counts)

    def __add__(self, other: Scores) -> Scores:
        return Scores(
            roles={r: self.roles[r] + other.roles[r] for r in self.roles},
            ggt={t: self.ggt[t] + other.ggt[t] for t in self.ggt},
            linked=self.linked + other.linked,
            linked_cue=self.linked_cue + other.linked_cue,
        )


# --- reading ---------------------------------------------------------------------------


def parse_ann(ann: str, text: str | None = None) -> list[GoldAttribution]:
    """Parse one brat ``.ann`` file into attributions, in ``E`` order.

    Args:
        ann: the file's content.
        text: the document text; when given, every offset is checked against its length.

    Raises:
        ValueError: an ``E`` line names a missing ``T`` or an unknown role, or an offset
            falls outside the text. A silently wrong gold would make every score wrong.
    """
    spans: dict[str, tuple[str, tuple[CharSpan, ...]]] = {}
    relations: list[tuple[str, list[tuple[str, str]]]] = []
    for line in ann.splitlines():
        if m := _T_LINE.match(line):
            tid, kind, offsets = m.groups()
            frags = []
            for part in offsets.split(";"):
                start, end = (int(x) for x in part.split())
                if text is not None and not 0 <= start <= end <= len(text):
                    raise ValueError(f"{tid}: offsets {start}:{end} outside the text")
                frags.append(CharSpan(start, end))
            spans[tid] = (kind, tuple(sorted(frags)))
        elif m := _E_LINE.match(line):
            eid, args = m.groups()
            pairs = [a.partition(":") for a in args.split()]
            relations.append((eid, [(role, tid) for role, _, tid in pairs]))
        # anything else: "#" notes, or the tail of a T text field that held a line break
    out = []
    for eid, args in relations:
        roles: dict[str, list[CharSpan]] = {r: [] for r in _ROLES}
        for role, tid in args:
            if tid not in spans:
                raise ValueError(f"{eid}: {role} refers to missing {tid}")
            if role in ("Attribution", "Attribution-no-source"):
                continue  # the trigger duplicates the cue span
            if role.startswith("Content"):  # Content, Content2
                roles["content"].extend(spans[tid][1])
            elif role in ("Source", "Cue"):
                roles[role.lower()].extend(spans[tid][1])
            else:
                raise ValueError(f"{eid}: unknown role {role!r}")
        out.append(
            GoldAttribution(
                id=eid,
                content=tuple(sorted(roles["content"])),
                source=tuple(sorted(roles["source"])),
                cue=tuple(sorted(roles["cue"])),
            )
        )
    return out


def select_annotator(annotators: Iterable[str]) -> str:
    """Pick the annotation to score for a document: the alphabetically first annotator ID.

    Deterministic, unlike PolNeAR's own reader (random), and the same choice as SOURCE.md's
    counts, so the gold relation count can be checked against it.
    """
    return min(annotators)


def read_split(polnear: Path, split: str, *, limit: int | None = None) -> list[PolnearDoc]:
    """Read a split's texts and chosen annotations, documents sorted by name.

    Args:
        polnear: the ``shared/benchmarks/quotes/polnear`` folder.
        split: ``train`` or ``dev`` (``test`` is held out and not there).
        limit: keep only the first ``limit`` documents.

    Raises:
        FileNotFoundError: the metadata, a text or the chosen annotation is missing.
        ValueError: the split has no documents, or an annotation is malformed.
    """
    data = polnear / "data"
    rows = (data / "metadata.tsv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split("\t")
    col = {name: i for i, name in enumerate(header)}
    wanted = []
    for row in rows[1:]:
        cells = row.split("\t")
        if cells[col["compartment"]] == split:
            wanted.append((cells[col["filename"]], tuple(cells[col["annotators"]].split("|"))))
    if not wanted:
        raise ValueError(f"{data / 'metadata.tsv'}: no documents in split {split!r}")
    wanted.sort()
    if limit is not None:
        wanted = wanted[:limit]
    docs = []
    for name, annotators in wanted:
        # bytes decoded as-is: no newline translation, so offsets stay aligned
        text = (data / split / "text" / f"{name}.txt").read_bytes().decode("utf-8")
        annotator = select_annotator(annotators)
        ann_path = data / split / "attributions" / f"{name}_{annotator}.ann"
        ann = ann_path.read_bytes().decode("utf-8")
        try:
            attributions = parse_ann(ann, text)
        except ValueError as exc:
            raise ValueError(f"{ann_path}: {exc}") from exc
        docs.append(PolnearDoc(name, annotator, annotators, text, tuple(attributions)))
    return docs


# --- normalisation ---------------------------------------------------------------------


def trim(text: str, span: CharSpan) -> CharSpan:
    """Strip whitespace, quote marks and outer punctuation; keep a span made only of them."""
    start, end = span.start, span.end
    while start < end and (text[start].isspace() or text[start] in TRIM_CHARS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in TRIM_CHARS):
        end -= 1
    return CharSpan(start, end) if start < end else span


def fragments(text: str, spans: Iterable[CharSpan]) -> tuple[CharSpan, ...]:
    """Trim spans, merge those separated only by whitespace, sort, drop duplicates."""
    merged: list[CharSpan] = []
    for span in sorted({trim(text, s) for s in spans}):
        if merged and (span.start <= merged[-1].end or text[merged[-1].end : span.start].isspace()):
            last = merged.pop()
            merged.append(CharSpan(last.start, max(last.end, span.end)))
        else:
            merged.append(span)
    return tuple(merged)


def content_chars(text: str, spans: Iterable[CharSpan]) -> frozenset[int]:
    """Offsets of a content's characters, whitespace and quote marks left out."""
    return frozenset(
        i
        for s in spans
        for i in range(s.start, s.end)
        if not text[i].isspace() and text[i] not in QUOTE_MARKS
    )


def has_quote_marks(text: str, attribution: GoldAttribution) -> bool:
    """Whether a gold content holds a double quotation mark (direct or mixed quote proxy)."""
    return any(
        ch in DOUBLE_QUOTE_MARKS for s in attribution.content for ch in text[s.start : s.end]
    )


def coverage(gold: frozenset[int], pred: frozenset[int]) -> float:
    """Share of the gold characters the prediction covers (0 for an empty gold)."""
    return len(gold & pred) / len(gold) if gold else 0.0


def overlaps(text: str, pred: CharSpan | None, gold: Sequence[CharSpan]) -> bool:
    """Whether a predicted span shares a character with a gold role, or both are absent."""
    if pred is None or not gold:
        return pred is None and not gold
    p = trim(text, pred)
    return any(max(p.start, g.start) < min(p.end, g.end) for g in fragments(text, gold))


# --- scoring ---------------------------------------------------------------------------


def _greedy(candidates: list[tuple[float, int, int]]) -> list[tuple[int, int]]:
    """One-to-one pairs, highest score first; ties go to the earlier gold, then pred."""
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, gi, pi in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return pairs


def _scorable(gold: Sequence[GoldAttribution]) -> list[GoldAttribution]:
    return [g for g in gold if g.content]


def _coverages(
    text: str, gold: Sequence[GoldAttribution], pred: Sequence[PredQuote]
) -> list[tuple[float, int, int]]:
    golds = [content_chars(text, g.content) for g in gold]
    preds = [content_chars(text, p.content) for p in pred]
    out = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            if c := coverage(g, p):
                out.append((c, gi, pi))
    return out


def score_roles(
    text: str, gold: Sequence[GoldAttribution], pred: Sequence[PredQuote]
) -> dict[str, Counts]:
    """View (a): per-role exact match of normalised fragments, as sets per document."""
    # Merged per attribution, then pooled: two attributions' fragments that happen to be
    # adjacent must stay two spans.
    gold_sets = {r: {s for g in gold for s in fragments(text, getattr(g, r))} for r in _ROLES}
    pred_sets: dict[str, set[CharSpan]] = {"content": set(), "source": set(), "cue": set()}
    for p in pred:
        pred_sets["content"].update(fragments(text, p.content))
        if p.speaker is not None:
            pred_sets["source"].add(trim(text, p.speaker))
        if p.cue is not None:
            pred_sets["cue"].add(trim(text, p.cue))
    return {
        r: Counts(len(gold_sets[r] & pred_sets[r]), len(pred_sets[r]), len(gold_sets[r]))
        for r in _ROLES
    }


def score_ggt(
    text: str, gold: Sequence[GoldAttribution], pred: Sequence[PredQuote], threshold: float
) -> GgtCounts:
    """View (b): one-to-one greedy content match at ``coverage >= threshold``."""
    gold = _scorable(gold)
    candidates = [c for c in _coverages(text, gold, pred) if c[0] + _EPS >= threshold]
    pairs = _greedy(candidates)
    return GgtCounts(
        match=Counts(len(pairs), len(pred), len(gold)),
        speaker_ok=sum(overlaps(text, pred[pi].speaker, gold[gi].source) for gi, pi in pairs),
        cue_ok=sum(overlaps(text, pred[pi].cue, gold[gi].cue) for gi, pi in pairs),
    )


def score_linked(
    text: str,
    gold: Sequence[GoldAttribution],
    pred: Sequence[PredQuote],
    *,
    threshold: float = LINKED_THRESHOLD,
    with_cue: bool = False,
) -> Counts:
    """View (c): content covered >= threshold *and* speaker right (and cue, if asked)."""
    gold = _scorable(gold)
    candidates = [
        (c, gi, pi)
        for c, gi, pi in _coverages(text, gold, pred)
        if c + _EPS >= threshold
        and overlaps(text, pred[pi].speaker, gold[gi].source)
        and (not with_cue or overlaps(text, pred[pi].cue, gold[gi].cue))
    ]
    return Counts(len(_greedy(candidates)), len(pred), len(gold))


def score_doc(text: str, gold: Sequence[GoldAttribution], pred: Sequence[PredQuote]) -> Scores:
    """Every view for one document; add the results up for a split."""
    return Scores(
        roles=score_roles(text, gold, pred),
        ggt={t: score_ggt(text, gold, pred, t) for t in GGT_THRESHOLDS},
        linked=score_linked(text, gold, pred),
        linked_cue=score_linked(text, gold, pred, with_cue=True),
    )
