"""Explorer benchmark: `storyline serve` start-up, page times and memory over a generated store.

The store is generated as in store_ingest.py (the 30 corpus reports read once, copied with a
unique closing line, dates spread over 60 days, eight outlets), 10,000 reports by default, and
ingested as a stream. With ``--jitter`` every copy's figure values are moved by up to ±25 so
each chart carries thousands of distinct points, the worst case for the charts (the values then
no longer match the figure's words; only the timing is of interest). With ``--distinct`` every
report gets a unique filler of pseudo-random words (store_ingest.py explains it), so none is
linked as a syndicated copy and none of its quotes or figures is marked repeated: the worst
case for the story queries, which otherwise skip the copies' rows cheaply (a kept ``--store``
or ``--pg`` database is used as it is: give a distinct store its own path or database).

Where the store lives:
- by default a temporary SQLite file, ingested and deleted on every run;
- ``--store PATH``: a SQLite file kept across runs; ingested when it is missing (or holds fewer
  than ``--n`` reports: the rest is added), used as it is otherwise. Ingesting 100,000 reports
  takes minutes, so reuse it;
- ``--pg URL``: a PostgreSQL database (``postgresql://user:pass@host:port/db``), ingested when its
  ``reports`` table is missing or empty, served with ``storyline serve --db URL``.

What is timed, against a real `storyline serve` process on 127.0.0.1 (its memory too):
- start-up: from spawning the command to its first HTTP answer (a static file);
- cold first overview: from spawning the command to the first complete 200 answer of ``/``
  (``/`` polled itself; the story is built in the background from start-up on);
- warm pages: every chosen page requested ``--repeat`` times (median, p95, max); a page that
  answers other than 200, or not within ``--timeout`` seconds, is reported so and not repeated;
- the RSS of the serve process (VmRSS, and VmHWM its peak, from /proc/PID/status) after the
  cold overview, after the warm overview and entity page, and after all pages; the run stops
  the server if its RSS passes ``--max-rss-gb``;
- a browser page load of the overview: headless Chromium's navigation timing, from the
  request to the load event (HTML, CSS, inline SVG laid out), when /usr/bin/chromium exists.

It ends with the issue's goals, pass or fail: cold first overview ≤ 1 s, warm overview p95 ≤ 50
ms, entity page p95 ≤ 200 ms, peak RSS of `serve` ≤ 500 MiB.

Run it with the storyline under test first on the path (the server is started with the same
path):

    PYTHONPATH=src python benchmarks/web_overview.py                 # 10,000 reports, temp store
    python benchmarks/web_overview.py --n 10000 --jitter
    python benchmarks/web_overview.py --n 100000 --store /tmp/bench100k.db --repeat 10 \\
        --timeout 300
    python benchmarks/web_overview.py --n 100000 --repeat 10 --timeout 300 \\
        --pg postgresql://storyline:storyline@127.0.0.1:5432/storyline_bench
    python benchmarks/web_overview.py --store /tmp/bench100k.db --pages overview,entity
    python benchmarks/web_overview.py --n 100000 --distinct --store /tmp/distinct100k.db \\
        --repeat 20 --pages overview,entity,speakers --no-browser --timeout 300
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import storyline
from _common import git_commit, machine
from store_ingest import iter_generate, templates
from storyline import ArticleRecord, open_store

CHROMIUM = Path("/usr/bin/chromium")
# name (for --pages) -> (label, path)
PAGES: dict[str, tuple[str, str]] = {
    "overview": ("overview", "/"),
    "entity": ("entity (Miriam Castell)", "/entity?name=Miriam+Castell"),
    "events": ("events", "/events"),
    "map": ("map", "/map"),
    "figures": ("figures", "/figures"),
    "speakers": ("speakers", "/speakers"),
    "speaker": ("speaker (most quoted person)", "/speaker?name=Miriam+Castell"),
    "report": ("report", "/reports/bench00000000016"),
    "search": ("search 'hospital'", "/search?q=hospital"),
    "search-filtered": (
        "search, outlet + dates",
        "/search?outlet=Outlet+3&since=2025-03-10&until=2025-03-20",
    ),
}
FIRST = ("overview", "entity")  # requested first, then the RSS is read
GOAL_COLD_S = 1.0
GOAL_OVERVIEW_P95_S = 0.050
GOAL_ENTITY_P95_S = 0.200
GOAL_RSS_MIB = 500


def jitter(records: list[ArticleRecord], seed: int = 7) -> list[ArticleRecord]:
    """Move every figure value by up to ±25 (never below 0), reproducibly."""
    return list(_jittered(records, random.Random(seed)))


def _jittered(records: Iterable[ArticleRecord], rng: random.Random) -> Iterator[ArticleRecord]:
    for r in records:
        figures = [
            f.model_copy(update={"value": max(0.0, f.value + rng.randint(-25, 25))})
            if f.value is not None
            else f
            for f in r.figures
        ]
        yield r.model_copy(update={"figures": figures})


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True, slots=True)
class Answer:
    """One request: its seconds, bytes and status (an HTTP code, "timeout" or the error)."""

    seconds: float
    size: int
    status: int | str

    @property
    def ok(self) -> bool:
        return self.status == 200


def _get(url: str, timeout: float) -> Answer:
    """GET a URL; a non-200 answer or a timeout is an answer too (connection refused raises)."""
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            size = len(answer.read())
            status: int | str = answer.status
    except urllib.error.HTTPError as exc:
        size, status = len(exc.read()), exc.code
    except TimeoutError:
        status, size = "timeout", 0
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            status, size = "timeout", 0
        else:
            raise
    return Answer(time.perf_counter() - t0, size, status)


def _status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process in KiB (empty once it has exited)."""
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0])
    except OSError:
        pass
    return out


def _rss_line(pid: int, when: str) -> str:
    s = _status(pid)
    if not s:
        return f"RSS of serve {when}: process gone"
    return (
        f"RSS of serve {when}: VmRSS {s['VmRSS'] / 1024:,.0f} MiB, "
        f"VmHWM (peak) {s['VmHWM'] / 1024:,.0f} MiB"
    )


class Watchdog(threading.Thread):
    """Kill the server if its RSS passes a limit (the run then reports it)."""

    def __init__(self, proc: subprocess.Popen[bytes], limit_kib: int) -> None:
        super().__init__(daemon=True)
        self.proc, self.limit_kib = proc, limit_kib
        self.killed_at_kib = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.5) and self.proc.poll() is None:
            rss = _status(self.proc.pid).get("VmRSS", 0)
            if rss > self.limit_kib:
                self.killed_at_kib = rss
                self.proc.kill()
                return


def _stored_reports(target: str) -> int | None:
    """How many reports a store holds; None if it has no reports table (or does not exist)."""
    import sqlalchemy as sa

    if "://" not in target:
        if not Path(target).exists():
            return None
        url = f"sqlite:///{Path(target).resolve()}"
    else:
        url = target.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("reports"):
                return None
            return int(conn.execute(sa.text("SELECT count(*) FROM reports")).scalar_one())
    finally:
        engine.dispose()


def _ingest(target: str, n: int, jittered: bool, distinct: bool) -> float:
    """Generate and ingest n reports as a stream (already stored ones are skipped); seconds."""
    base = templates()

    def stream() -> Iterator[ArticleRecord]:
        records: Iterable[ArticleRecord] = iter_generate(base, n, distinct=distinct)
        if jittered:
            records = _jittered(records, random.Random(7))
        t0 = time.perf_counter()
        for i, r in enumerate(records):
            if i and i % 10_000 == 0:
                rate = i / (time.perf_counter() - t0)
                print(f"  ingested {i:,} of {n:,} ({rate:,.0f}/s)", file=sys.stderr, flush=True)
            yield r

    t0 = time.perf_counter()
    with open_store(target) as store:
        summary = store.ingest(stream(), batch_size=500)
    seconds = time.perf_counter() - t0
    print(f"  {summary}", file=sys.stderr)
    return seconds


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _prepare(target: str, n: int, jittered: bool, distinct: bool) -> str:
    """Ingest the store if needed; return the line saying what was done."""
    backend = "PostgreSQL" if "://" in target else "SQLite, FTS5"
    shown = _shown(target) if "://" in target else target
    held = _stored_reports(target)
    if held is not None and held >= n:
        note = "" if held == n else f" (more than --n {n:,})"
        return (
            f"store:   {shown}: {held:,} reports already stored{note}, ingest skipped ({backend})"
        )
    print(f"ingesting {n:,} reports into {shown} ...", file=sys.stderr, flush=True)
    seconds = _ingest(target, n, jittered, distinct)
    before = f", {held:,} stored before" if held else ""
    return (
        f"store:   {shown}: {n:,} reports ingested in {seconds:.1f}s "
        f"({n / seconds:,.0f}/s{before}; {backend})"
    )


def _browser_loads(url: str, n: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
    times = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=args)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for _ in range(n):
            page.goto(url, wait_until="load")
            times.append(
                page.evaluate(
                    "performance.getEntriesByType('navigation')[0].loadEventEnd"
                    " - performance.getEntriesByType('navigation')[0].startTime"
                )
                / 1000
            )
        browser.close()
    return times


@dataclass(slots=True)
class Run:
    """What one server run measured."""

    startup_s: float | None = None
    cold: Answer | None = None  # the first 200 of /, seconds from spawning
    cold_tries: int = 0
    rss: list[str] = field(default_factory=list)
    warm: dict[str, list[Answer]] = field(default_factory=dict)
    hwm_kib: int = 0
    browser: list[float] | None = None


def _p95(times: list[float]) -> float:
    times = sorted(times)
    return times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def _serve(db: str, names: list[str], args: argparse.Namespace, log: Path) -> Run:
    port = _port()
    base = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "storyline", "serve", "--db", db, "--port", str(port)]
    src = str(Path(storyline.__file__).resolve().parents[1])  # the same storyline as ours
    env = os.environ | {
        "PYTHONPATH": os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH")) if p)
    }
    run = Run()
    with log.open("wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
    watchdog = Watchdog(proc, int(args.max_rss_gb * 1024 * 1024))
    watchdog.start()

    def first_answer() -> None:  # any answer of a static file: the server is up
        while proc.poll() is None:
            try:
                _get(base + "/static/storyline.css", 5)
                run.startup_s = time.perf_counter() - t0
                return
            except OSError:
                time.sleep(0.01)

    static = threading.Thread(target=first_answer, daemon=True)
    static.start()
    try:
        deadline = t0 + args.cold_timeout
        while time.perf_counter() < deadline:
            try:
                answer = _get(base + "/", max(1.0, deadline - time.perf_counter()))
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.01)
                continue
            run.cold_tries += 1
            if answer.ok:
                run.cold = Answer(time.perf_counter() - t0, answer.size, 200)
                break
            if proc.poll() is not None:
                break
            time.sleep(0.05)
        static.join(timeout=1)
        run.rss.append(_rss_line(proc.pid, "after the cold overview"))
        ordered = [n for n in FIRST if n in names] + [n for n in names if n not in FIRST]
        for i, name in enumerate(ordered):
            samples = run.warm[name] = []
            for _ in range(args.repeat):
                if proc.poll() is not None:
                    break
                try:
                    answer = _get(base + PAGES[name][1], args.timeout)
                except OSError as exc:
                    answer = Answer(0.0, 0, f"error: {exc}")
                samples.append(answer)
                if not answer.ok:
                    break
            print(f"  {name}: {len(samples)} requests", file=sys.stderr, flush=True)
            if name in FIRST and (i + 1 == len(ordered) or ordered[i + 1] not in FIRST):
                run.rss.append(_rss_line(proc.pid, "after the overview and entity pages"))
        run.rss.append(_rss_line(proc.pid, "after all pages"))
        if (
            not args.no_browser
            and CHROMIUM.exists()
            and proc.poll() is None
            and run.warm.get("overview", [Answer(0, 0, 200)])[-1].ok
        ):
            run.browser = _browser_loads(base + "/", 10)
        run.hwm_kib = _status(proc.pid).get("VmHWM", 0)
    finally:
        watchdog.stop.set()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if watchdog.killed_at_kib:
        run.rss.append(
            f"serve KILLED: RSS {watchdog.killed_at_kib / 1024:,.0f} MiB passed "
            f"--max-rss-gb {args.max_rss_gb}"
        )
        run.hwm_kib = max(run.hwm_kib, watchdog.killed_at_kib)
    elif proc.returncode not in (0, -15):
        run.rss.append(f"serve exited with {proc.returncode}; its stderr: {log}")
    return run


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("pass" if ok else "FAIL")


def _report(run: Run, cold_timeout: float) -> None:
    if run.startup_s is None:
        print("start-up of storyline serve to its first answer: no answer")
    else:
        print(f"start-up of storyline serve to its first answer: {run.startup_s * 1000:.0f} ms")
    if run.cold is None:
        print(f"cold start to first overview: no 200 answer within {cold_timeout:.0f}s")
    else:
        print(
            f"cold start to first overview (spawn to the first 200 of /): "
            f"{run.cold.seconds * 1000:,.0f} ms, {run.cold.size / 1024:.0f} KiB"
        )
    for line in run.rss:
        print(line)
    print(f"{'page (warm)':<30} {'n':>3} {'median ms':>10} {'p95 ms':>9} {'max ms':>9} {'KiB':>7}")
    for name, samples in run.warm.items():
        label = PAGES[name][0]
        good = [a.seconds for a in samples if a.ok]
        bad = [a for a in samples if not a.ok]
        if good:
            print(
                f"{label:<30} {len(good):>3} {statistics.median(good) * 1000:>10.1f} "
                f"{_p95(good) * 1000:>9.1f} {max(good) * 1000:>9.1f} "
                f"{samples[0].size / 1024:>7.0f}"
            )
        for a in bad:
            print(f"{label:<30} answered {a.status} after {a.seconds * 1000:,.0f} ms")
        if not samples:
            print(f"{label:<30} not requested (server gone)")
    if run.browser:
        print(
            f"browser load of the overview (Chromium, 10 loads): median "
            f"{statistics.median(run.browser) * 1000:.0f} ms, max {max(run.browser) * 1000:.0f} ms"
        )
    else:
        print("browser load: skipped")


def _summary(run: Run) -> None:
    def p95_of(name: str) -> tuple[str, bool | None]:
        samples = run.warm.get(name)
        if not samples:
            return "not measured", None
        good = [a.seconds for a in samples if a.ok]
        if not good or not samples[-1].ok:
            return f"answered {samples[-1].status}", False
        return f"{_p95(good) * 1000:,.1f} ms", _p95(good) <= (
            GOAL_OVERVIEW_P95_S if name == "overview" else GOAL_ENTITY_P95_S
        )

    rows: list[tuple[str, str, bool | None]] = []
    if run.cold is None:
        rows.append(("cold start to first overview ≤ 1 s", "no 200 answer", False))
    else:
        rows.append(
            (
                "cold start to first overview ≤ 1 s",
                f"{run.cold.seconds * 1000:,.0f} ms",
                run.cold.seconds <= GOAL_COLD_S,
            )
        )
    rows.append(("warm overview p95 ≤ 50 ms", *p95_of("overview")))
    rows.append(("entity page p95 ≤ 200 ms", *p95_of("entity")))
    mib = run.hwm_kib / 1024
    rows.append(
        (
            "peak RSS (VmHWM) of serve ≤ 500 MiB",
            f"{mib:,.0f} MiB" if run.hwm_kib else "not measured",
            mib <= GOAL_RSS_MIB if run.hwm_kib else None,
        )
    )
    print(f"{'goal':<38} {'measured':>16}  result")
    for goal, measured, ok in rows:
        print(f"{goal:<38} {measured:>16}  {_verdict(ok)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="reports to generate")
    parser.add_argument("--repeat", type=int, default=20, help="warm requests per page")
    parser.add_argument("--jitter", action="store_true", help="distinct figure values")
    parser.add_argument(
        "--distinct",
        action="store_true",
        help="a unique filler in every report: no report is a near copy (see store_ingest.py)",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--store", type=Path, help="SQLite store kept across runs")
    where.add_argument("--pg", help="PostgreSQL URL to ingest into and serve")
    parser.add_argument(
        "--pages", default=",".join(PAGES), help=f"pages, comma-separated: {','.join(PAGES)}"
    )
    parser.add_argument("--timeout", type=float, default=120, help="seconds per request")
    parser.add_argument(
        "--cold-timeout", type=float, default=900, help="seconds to wait for the first overview"
    )
    parser.add_argument(
        "--max-rss-gb", type=float, default=12, help="stop the server past this RSS (GiB)"
    )
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium loads")
    args = parser.parse_args()
    names = [n.strip() for n in args.pages.split(",") if n.strip()]
    if unknown := [n for n in names if n not in PAGES]:
        parser.error(f"unknown pages {unknown}; known: {','.join(PAGES)}")
    with tempfile.TemporaryDirectory() as tmp:
        if args.pg:
            target = args.pg
        elif args.store:
            args.store.parent.mkdir(parents=True, exist_ok=True)
            target = str(args.store)
        else:
            target = str(Path(tmp) / "web.db")
        store_line = _prepare(target, args.n, args.jitter, args.distinct)
        run = _serve(target, names, args, Path(tmp) / "serve.log")
        if any("exited" in line for line in run.rss):
            sys.stderr.write((Path(tmp) / "serve.log").read_text(errors="replace")[-4000:])
    shown = " ".join(sys.argv[1:])
    if args.pg:
        shown = shown.replace(args.pg, _shown(args.pg))
    print(f"command: python benchmarks/web_overview.py {shown}".rstrip())
    print(f"commit:  {git_commit()}")
    print(f"machine: {machine()}")
    print(store_line)
    _report(run, args.cold_timeout)
    _summary(run)
    return 0


if __name__ == "__main__":
    sys.exit(main())
