"""Throughput: spaCy alone vs full storyline, 1 and 2 processes, Dask, memory, first record.

    /tmp/probe/bin/python benchmarks/throughput.py [--reports 300] [--dask-reports 2000]
        [--corpus generated|polnear] [--no-dask] [--shared PATH]

In one run, on the same reports:

1. spaCy parse alone (``nlp.pipe``, the same pipeline storyline loads, breaks component and
   all): 1 process, then ``n_process=2``;
2. full storyline (parse + every extractor + the pydantic record): 1 process (the in-process
   path, ``workers=1``) and 2 worker processes (``storyline.engine.parallel``), and the ratio
   to (1) with the same number of processes (goal >= 0.8);
3. peak RSS of each worker process (sampled every 0.1 s with psutil; goal <= 500 MB);
4. time to first record of ``storyline read one.txt --format jsonl`` in a fresh subprocess,
   model load included (goal <= 2 s; best and median of 3);
5. Dask LocalCluster, 1 worker then 2 workers, on the same ``--dask-reports`` reports
   (processing only; cluster start-up printed apart; goal: speed-up >= 1.8x);
6. the projected time for 250,000 reports of 700 words from the 2-process rate.

The machine is shared: every phase prints its CPU time (ours: this process and its children)
and the CPU time other processes took meanwhile (``other``, from /proc/stat), because wall
time alone is not comparable between two runs. ``words/CPU-s`` is the contention-free rate of
one core.

The corpus is generated here from templates and vocabularies (``--corpus generated``, the
default: no data leaves or enters the repository), or PolNeAR train texts read from
``../shared`` (``--corpus polnear``), never copied.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import spacy

from storyline.engine.batch import Failure
from storyline.engine.parallel import process_parallel
from storyline.engine.run import process_in_process
from storyline.ingest.article import Article
from storyline.nlp import DEFAULT_MODEL, load_pipeline
from storyline.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
POLNEAR = Path("benchmarks/quotes/polnear/data/train/text")  # in shared/
DAY_REPORTS = 250_000  # a day of world news (issue 7)
DAY_WORDS = 700  # words per report
DAY_HOURS_GOAL = 8
# Issue 13 (the attribution tagger): floor 0.6, goal 0.8 on 2 processes; RSS <= 600 MB per
# worker; first record (models loaded) <= 2.5 s.
GOALS = {"ratio": 0.8, "floor": 0.6, "rss_mb": 600, "ttfr_s": 2.5, "dask_speedup": 1.8}

# --- corpus ------------------------------------------------------------------------------------


def _vocab(words: str) -> list[str]:
    return words.split("|")


FIRST = _vocab(
    "Ana|Brian|Chen|Dalia|Emeka|Farah|Gustavo|Hana|Ivan|Jamal|Keiko|Lars|Maria|Nadia|"
    "Omar|Priya|Rafael|Sofia|Tomas|Yusuf"
)
LAST = _vocab(
    "Alvarez|Bauer|Costa|Duval|Eriksen|Fischer|Garcia|Haddad|Ito|Jensen|Khan|Lindqvist|"
    "Moreau|Novak|Okafor|Petrov|Quinn|Rossi|Sato|Tanaka"
)
TITLES = _vocab(
    "Prime Minister|Foreign Minister|spokesman|spokeswoman|mayor|senator|police chief|"
    "health minister|union leader|chief executive|governor"
)
ORGS = _vocab(
    "the United Nations|the Red Cross|the World Bank|the Health Ministry|"
    "the Interior Ministry|the city council|the central bank|Amnesty International|"
    "the European Commission|the electoral commission|the port authority"
)
PLACES = _vocab(
    "Geneva|Nairobi|Lima|Jakarta|Ankara|Lyon|Osaka|Warsaw|Accra|Manila|Quito|Tbilisi|"
    "Dhaka|Porto|Gdansk|Cebu|Mombasa"
)
SAYS = _vocab(
    "said|told reporters|said in a statement|told the BBC|wrote on X|insisted|"
    "told a news conference|warned"
)
DAYS = _vocab(
    "on Monday|on Tuesday|on Wednesday|on Thursday|on Friday|last week|on March 3|"
    "in early April|on Sunday night|two days earlier|this month"
)
THINGS = _vocab(
    "flood|strike|ceasefire|election|budget|outbreak|wildfire|trade deal|protest|"
    "earthquake|hostage talks|rail line|heatwave"
)
ACTIONS = _vocab(
    "reopened|collapsed|resumed|was suspended|was approved|was extended|was delayed|"
    "ended|spread|was announced"
)
NOUNS = _vocab(
    "people|families|workers|students|patients|soldiers|homes|schools|villages|flights|"
    "trucks|tonnes of grain|doses"
)
VAGUE = _vocab(
    "dozens of|hundreds of|more than 100|about 2,000|at least 40|nearly 300|"
    "some 1.5 million|thousands of|12|240|3,500|a handful of"
)
TEMPLATES = [
    "{person}, the {title}, {say} that the {thing} {action} {day}.",
    "“We are doing everything we can,” {person} {say}. “The {thing} {action} {day}.”",
    "According to {org}, {num} {noun} were affected by the {thing} in {place}.",
    "The {thing} in {place} {action} {day}, officials said, and {num} {noun} were moved.",
    "{org} said {num} {noun} had been evacuated from {place} since the {thing} began.",
    "{person} {say} {day} that talks with {org} would continue in {place}.",
    "Residents of {place} said they had not been warned before the {thing}.",
    "“This is not over,” said {person}, a {title} in {place}, adding that {num} {noun} "
    "still needed help.",
    "An official who spoke on condition of anonymity said the {thing} {action} {day}.",
    "The figures could not be independently verified, and {org} declined to comment.",
    "Earlier, {person} had said the {thing} {action} because of a lack of funds.",
    "Since the {thing} began, {num} {noun} had crossed into {place}, {org} said.",
    "{person} told reporters in {place} that {org} had promised {num} {noun} {day}.",
    "The {title}, {person}, denied that the {thing} had {action}.",
    "“We have no choice,” {person} said {day}, as {num} {noun} waited outside.",
    "{org} estimated the cost of the {thing} at $4.2 billion, up from $3 billion {day}.",
    "It was the third {thing} in {place} since January, according to local media.",
    "Officials in {place} said {day} that {num} {noun} were still missing.",
    "{person}, who leads {org}, is expected to visit {place} next week.",
    "Asked whether the {thing} would be extended, {person} said: “We will see.”",
]


def generated_corpus(n: int, *, seed: int = 7, words: int = DAY_WORDS) -> list[Article]:
    """Compose ``n`` news-like reports of about ``words`` words from templates and vocabularies.

    Every report has a headline, a dateline and paragraphs of quotes, figures, dates and
    attributions, so every extractor has work to do. Same seed, same corpus.
    """
    rng = random.Random(seed)
    reports = []
    for i in range(n):
        target = rng.randint(words - 250, words + 250)

        def fill(template: str) -> str:
            return template.format(
                person=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                title=rng.choice(TITLES),
                org=rng.choice(ORGS),
                place=rng.choice(PLACES),
                say=rng.choice(SAYS),
                day=rng.choice(DAYS),
                thing=rng.choice(THINGS),
                action=rng.choice(ACTIONS),
                noun=rng.choice(NOUNS),
                num=rng.choice(VAGUE),
            )

        headline = fill("{thing} in {place}: {org} says {num} {noun} affected")
        headline = headline[0].upper() + headline[1:]
        paragraphs = [headline, f"{rng.choice(PLACES).upper()} (Reuters) — " + fill(TEMPLATES[0])]
        n_words = sum(len(p.split()) for p in paragraphs)
        while n_words < target:
            para = " ".join(fill(rng.choice(TEMPLATES)) for _ in range(rng.randint(1, 3)))
            paragraphs.append(para)
            n_words += len(para.split())
        reports.append(Article(source=f"<generated {i}>", text="\n\n".join(paragraphs) + "\n"))
    return reports


def polnear_corpus(n: int, shared: Path) -> list[Article]:
    """The first ``n`` PolNeAR train texts (cycled if fewer), read from ../shared, never copied."""
    files = sorted((shared / POLNEAR).glob("*.txt"))
    if not files:
        sys.exit(f"no PolNeAR texts under {shared / POLNEAR}")
    return [
        Article(source=f"{files[i % len(files)].name}#{i}", text=files[i % len(files)].read_text())
        for i in range(n)
    ]


# --- measuring ---------------------------------------------------------------------------------


def _busy_jiffies() -> int:
    """CPU time every process on the machine used so far, in clock ticks (/proc/stat)."""
    with Path("/proc/stat").open() as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields[:8]) - idle


@dataclass
class Phase:
    """One measured run: what, how many processes, and its times."""

    name: str
    processes: int
    reports: int
    words: int
    wall: float = 0.0
    cpu: float = 0.0  # ours: this process and its (waited) children
    other: float = 0.0  # other processes on the machine meanwhile
    rss_mb: float | None = None  # peak RSS of one worker process
    note: str = ""
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def wps(self) -> float:
        return self.words / self.wall

    @property
    def rps(self) -> float:
        return self.reports / self.wall

    @property
    def wpcpu(self) -> float:
        return self.words / self.cpu if self.cpu else float("nan")


class _RssSampler:
    """Sample the RSS of this process's descendants (the workers) every 0.1 s; keep each peak."""

    def __init__(self) -> None:
        import psutil

        self._psutil = psutil
        self.peaks: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = self._psutil.Process()
        while not self._stop.wait(0.1):
            for child in me.children(recursive=True):
                try:
                    rss = child.memory_info().rss / 2**20
                except self._psutil.Error:
                    continue
                self.peaks[child.pid] = max(self.peaks.get(child.pid, 0.0), rss)

    def __enter__(self) -> _RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@contextmanager
def measure(phase: Phase, *, workers_rss: bool = False) -> Iterator[Phase]:
    """Time a phase: wall, our CPU (self + children), other processes' CPU, workers' RSS."""
    tick = os.sysconf("SC_CLK_TCK")
    sampler = _RssSampler() if workers_rss else None
    children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy0, cpu0, t0 = _busy_jiffies(), time.process_time(), time.perf_counter()
    if sampler:
        sampler.__enter__()
    try:
        yield phase
    finally:
        if sampler:
            sampler.__exit__()
        phase.wall = time.perf_counter() - t0
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        child_cpu = (children.ru_utime + children.ru_stime) - (
            children0.ru_utime + children0.ru_stime
        )
        phase.cpu = time.process_time() - cpu0 + child_cpu
        phase.other = max(0.0, (_busy_jiffies() - busy0) / tick - phase.cpu)
        if sampler and sampler.peaks:
            phase.rss_mb = max(sampler.peaks.values())


def _drain(results: Iterable[object]) -> int:
    failed = 0
    for r in results:
        failed += isinstance(r, Failure)
    return failed


def spacy_alone(articles: list[Article], model: str, processes: int) -> Phase:
    nlp = load_pipeline(model)
    texts = [a.text for a in articles]
    phase = Phase("spaCy nlp.pipe alone", processes, len(texts), _words(articles))
    with measure(phase, workers_rss=processes > 1):
        kwargs = {"n_process": processes} if processes > 1 else {}
        for _ in nlp.pipe(texts, batch_size=32, **kwargs):
            pass
    if processes == 1:
        phase.rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        phase.note = "RSS: this process, corpus included"
    return phase


def storyline_full(
    articles: list[Article], model: str, processes: int, quotes: str, events: str = "model"
) -> Phase:
    settings = Settings(model=model, workers=processes, quotes=quotes, events=events)  # type: ignore[arg-type]
    name = f"storyline --quotes {quotes}" + (" --events rules" if events == "rules" else "")
    phase = Phase(name, processes, len(articles), _words(articles))
    with measure(phase, workers_rss=processes > 1):
        if processes == 1:
            failed = _drain(process_in_process(articles, settings))
        else:
            failed = _drain(process_parallel(articles, settings, workers=processes))
    if processes == 1:
        phase.rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        phase.note = "RSS: this process, corpus included"
    if failed:
        phase.note += f"; {failed} failures"
    return phase


def dask_run(articles: list[Article], model: str, workers: int, quotes: str) -> Phase:
    import dask
    from distributed import Client, LocalCluster

    from storyline.engine.dask import KEEP_MALLOC_DEFAULTS, ModelPlugin, process_dask

    settings = Settings(model=model, workers=workers, dask="local", quotes=quotes)  # type: ignore[arg-type]
    phase = Phase("Dask LocalCluster", workers, len(articles), _words(articles))
    t0 = time.perf_counter()
    with (
        dask.config.set(KEEP_MALLOC_DEFAULTS),  # as `--dask local` starts them
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        client.register_plugin(ModelPlugin(model, quotes))  # models loaded before the clock
        started = time.perf_counter() - t0
        cpu0 = sum(client.run(_process_cpu).values())
        with measure(phase, workers_rss=True):
            failed = _drain(process_dask(articles, settings, client=client))
        # the workers are alive: /proc/stat counted their CPU as other processes'; move it
        workers_cpu = sum(client.run(_process_cpu).values()) - cpu0
        phase.cpu += workers_cpu
        phase.other = max(0.0, phase.other - workers_cpu)
    phase.extra["startup_s"] = started
    phase.note = f"cluster start-up {started:.1f} s not timed" + (
        f"; {failed} failures" if failed else ""
    )
    return phase


def _process_cpu() -> float:
    """CPU seconds this process used so far (run on each Dask worker)."""
    return time.process_time()


def time_to_first_record(
    article: Article, model: str, quotes: str, repeats: int = 3
) -> list[float]:
    exe = Path(sys.executable).with_name("storyline")
    cmd = (
        [str(exe)]
        if exe.exists()
        else [sys.executable, "-c", "from storyline.cli import main; main()"]
    )
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "one.txt"
        path.write_text(article.text, encoding="utf-8")
        env = {**os.environ, "STORYLINE_MODEL": model}
        for _ in range(repeats):
            t0 = time.perf_counter()
            proc = subprocess.Popen(
                [*cmd, "read", str(path), "--format", "jsonl", "--quotes", quotes],
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
            )
            assert proc.stdout is not None
            proc.stdout.readline()
            times.append(time.perf_counter() - t0)
            proc.communicate()
    return times


def _words(articles: list[Article]) -> int:
    return sum(len(a.text.split()) for a in articles)


# --- report ------------------------------------------------------------------------------------


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.node()}: {os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, check=False
        ).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "?"
    return head + (" (+ uncommitted changes)" if git("status", "--porcelain", "--", "src") else "")


def print_table(phases: list[Phase], base: dict[int, Phase]) -> None:
    cols = (
        f"{'phase':<22} {'proc':>4} {'reports':>7} {'words':>9} {'wall s':>7} {'CPU s':>7} "
        f"{'other':>6} {'words/s':>8} {'rep/s':>6} {'w/CPU-s':>8} {'ratio':>6} {'RSS MB':>7}"
    )
    print(cols)
    print("-" * len(cols))
    for p in phases:
        ref = base.get(p.processes) if p.name == "storyline full" else None
        ratio = f"{p.wps / ref.wps:.2f}" if ref else ""
        rss = f"{p.rss_mb:.0f}" if p.rss_mb else ""
        print(
            f"{p.name:<22} {p.processes:>4} {p.reports:>7} {p.words:>9,} {p.wall:>7.1f} "
            f"{p.cpu:>7.1f} {p.other:>6.1f} {p.wps:>8,.0f} {p.rps:>6.2f} {p.wpcpu:>8,.0f} "
            f"{ratio:>6} {rss:>7}"
        )
    for p in phases:
        if p.note:
            print(f"  {p.name} ({p.processes} proc): {p.note}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--reports", type=int, default=300, help="reports for spaCy vs storyline")
    ap.add_argument("--dask-reports", type=int, default=2000, help="reports for the Dask runs")
    ap.add_argument("--corpus", choices=["generated", "polnear"], default="generated")
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument(
        "--quotes",
        choices=["rules", "model"],
        default="model",
        help="storyline's --quotes setting (default: model, as storyline read runs)",
    )
    args = ap.parse_args(argv)

    n_all = max(args.reports, 0 if args.no_dask else args.dask_reports)
    corpus = (
        generated_corpus(n_all)
        if args.corpus == "generated"
        else polnear_corpus(n_all, args.shared)
    )
    articles = corpus[: args.reports]
    print("storyline throughput (issue 7)")
    print(f"command : {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"commit  : {commit()}")
    print(f"date    : {datetime.now(UTC):%Y-%m-%d %H:%M UTC}")
    print(f"machine : {machine()}")
    pipes = ", ".join(load_pipeline(args.model).pipe_names)
    print(f"spaCy   : {spacy.__version__}, pipeline {args.model} ({pipes})")
    print(
        f"corpus  : {args.corpus}, {len(articles)} reports, {_words(articles):,} words "
        f"({_words(articles) / len(articles):.0f} words/report)"
    )
    print()

    load_pipeline(args.model)
    warm = articles[:4]
    warm_settings = Settings(model=args.model, workers=1, quotes=args.quotes)
    _drain(process_in_process(warm, warm_settings))  # lazy imports, models loaded

    phases: list[Phase] = []
    steps: list[tuple[str, Callable[[], Phase]]] = [
        ("spaCy 1", lambda: spacy_alone(articles, args.model, 1)),
        # the rules first: the first full run after the warm-up pays for caches still filling,
        # which would be charged to the event classifier if it ran first
        (
            "storyline 1 --events rules",
            lambda: storyline_full(articles, args.model, 1, args.quotes, "rules"),
        ),
        ("storyline 1", lambda: storyline_full(articles, args.model, 1, args.quotes)),
        ("spaCy 2", lambda: spacy_alone(articles, args.model, 2)),
        ("storyline 2", lambda: storyline_full(articles, args.model, 2, args.quotes)),
    ]
    for label, step in steps:
        print(f"… {label}", file=sys.stderr, flush=True)
        phases.append(step())
    base = {p.processes: p for p in phases if p.name.startswith("spaCy")}

    print("… time to first record", file=sys.stderr, flush=True)
    ttfr = time_to_first_record(articles[0], args.model, args.quotes)

    dask_phases: list[Phase] = []
    if not args.no_dask:
        dask_articles = corpus[: args.dask_reports]
        for w in (1, 2):
            print(f"… Dask {w} worker(s)", file=sys.stderr, flush=True)
            dask_phases.append(dask_run(dask_articles, args.model, w, args.quotes))

    print_table(phases + dask_phases, base)
    print()
    rules1, full1, full2 = phases[1], phases[2], phases[4]
    rss = [p.rss_mb for p in (full2, *dask_phases) if p.rss_mb]
    print("goals")
    goal = f"(floor {GOALS['floor']}, goal >= {GOALS['ratio']})"
    print(f"  ratio storyline/spaCy, 1 process     : {full1.wps / base[1].wps:.2f}  {goal}")
    print(f"  ratio storyline/spaCy, 2 processes   : {full2.wps / base[2].wps:.2f}  {goal}")
    ratio_cpu = full1.wpcpu / base[1].wpcpu
    cost = 1 - full1.wpcpu / rules1.wpcpu
    print(f"  event classifier's share of CPU, 1 p : {100 * cost:.1f} %  (--events model vs rules; "
          "goal <= 10 %)")  # fmt: skip
    print(f"  ratio storyline/spaCy, CPU time, 1 p : {ratio_cpu:.2f}  (contention-free)")
    print(f"  speed-up storyline 2 vs 1 process    : {full2.wps / full1.wps:.2f}x wall")
    print(
        f"  speed-up if both cores were free     : {2 * full2.wpcpu / full1.wpcpu:.2f}x "
        "(2 x words/CPU-s of 2 processes / of 1)"
    )
    if rss:
        print(
            f"  peak RSS per worker                  : {max(rss):.0f} MB"
            f"  (goal <= {GOALS['rss_mb']})"
        )
    print(
        f"  time to first record, storyline read : best {min(ttfr):.2f} s, median "
        f"{statistics.median(ttfr):.2f} s of {len(ttfr)}  (goal <= {GOALS['ttfr_s']})"
    )
    if len(dask_phases) == 2:
        d1, d2 = dask_phases
        print(
            f"  Dask 2 vs 1 worker, {d1.reports} reports  : {d2.wps / d1.wps:.2f}x wall, "
            f"{d1.wps:,.0f} -> {d2.wps:,.0f} words/s  (goal >= {GOALS['dask_speedup']})"
        )
        print(
            f"  Dask 2 vs 1 worker if cores were free: {2 * d2.wpcpu / d1.wpcpu:.2f}x "
            "(2 x words/CPU-s of 2 workers / of 1)"
        )
    wall = sum(p.wall for p in phases + dask_phases)
    other = sum(p.other for p in phases + dask_phases)
    print(f"  other processes' load during the run : {other / wall:.2f} cores on average")
    day_words = DAY_REPORTS * DAY_WORDS
    for label, rate in (
        ("2 processes, wall rate", full2.wps),
        ("2 cores, CPU rate x 2 (no other load)", 2 * full1.wpcpu),
    ):
        hours = day_words / rate / 3600
        verdict = "within" if hours <= DAY_HOURS_GOAL else "over"
        print(
            f"  250,000 reports x 700 words, {label:<38}: {hours:5.1f} h ({verdict} the "
            f"{DAY_HOURS_GOAL} h goal; {rate:,.0f} words/s)"
        )


if __name__ == "__main__":
    main()
