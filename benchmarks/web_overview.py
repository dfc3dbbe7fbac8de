"""Explorer benchmark: `storyline serve` start-up and page times over a store of 10,000 reports.

The store is generated as in store_ingest.py (the 30 corpus reports read once, copied with a
unique closing line, dates spread over 60 days, eight outlets). With ``--jitter`` every copy's
figure values are moved by up to ±25 so each chart carries thousands of distinct points, the
worst case for the charts (the values then no longer match the figure's words; only the
timing is of interest).

What is timed, against a real `storyline serve` process on 127.0.0.1:
- start-up: from spawning the command to its first HTTP answer;
- the first overview: the story is built in the background from start-up on, so the first
  request waits for what is left of that build;
- warm pages: every view requested again and again, the story kept (median, p95, max);
- a browser page load of the overview: headless Chromium's navigation timing, from the
  request to the load event (HTML, CSS, inline SVG laid out), when /usr/bin/chromium exists.

    python benchmarks/web_overview.py                  # 10,000 reports
    python benchmarks/web_overview.py --n 10000 --jitter
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from _common import git_commit, machine
from store_ingest import generate, templates
from storyline import ArticleRecord, open_store

CHROMIUM = Path("/usr/bin/chromium")
PAGES = {
    "overview": "/",
    "figures": "/figures",
    "speakers": "/speakers",
    "speaker (most quoted person)": "/speaker?name=Miriam+Castell",
    "report": "/reports/bench00000000016",
    "search 'hospital'": "/search?q=hospital",
    "search, outlet + dates": "/search?outlet=Outlet+3&since=2025-03-10&until=2025-03-20",
}


def jitter(records: list[ArticleRecord], seed: int = 7) -> list[ArticleRecord]:
    """Move every figure value by up to ±25 (never below 0), reproducibly."""
    rng = random.Random(seed)
    out = []
    for r in records:
        figures = [
            f.model_copy(update={"value": max(0.0, f.value + rng.randint(-25, 25))})
            if f.value is not None
            else f
            for f in r.figures
        ]
        out.append(r.model_copy(update={"figures": figures}))
    return out


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as answer:
        size = len(answer.read())
    return time.perf_counter() - t0, size


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="reports to generate")
    parser.add_argument("--repeat", type=int, default=20, help="warm requests per page")
    parser.add_argument("--jitter", action="store_true", help="distinct figure values")
    args = parser.parse_args()
    records = generate(templates(), args.n)
    if args.jitter:
        records = jitter(records)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "web.db"
        t0 = time.perf_counter()
        with open_store(db) as store:
            store.ingest(records, batch_size=500)
        ingest_s = time.perf_counter() - t0
        port = _port()
        base = f"http://127.0.0.1:{port}"
        cmd = [sys.executable, "-m", "storyline", "serve", "--db", str(db), "--port", str(port)]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while True:
                try:
                    _get(base + "/static/storyline.css")
                    break
                except OSError:
                    if proc.poll() is not None:
                        raise SystemExit("storyline serve exited") from None
                    time.sleep(0.01)
            startup_s = time.perf_counter() - t0
            first_s, first_size = _get(base + "/")
            warm = {
                name: [_get(base + path) for _ in range(args.repeat)]
                for name, path in PAGES.items()
            }
            browser = _browser_loads(base + "/", 10) if CHROMIUM.exists() else []
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    flag = " --jitter" if args.jitter else ""
    print(f"command: python benchmarks/web_overview.py --n {args.n}{flag}")
    print(f"commit:  {git_commit()}")
    print(f"machine: {machine()}")
    print(f"store:   {args.n:,} reports ingested in {ingest_s:.1f}s (SQLite, FTS5)")
    print(f"start-up of storyline serve to its first answer: {startup_s * 1000:.0f} ms")
    print(
        f"first overview (waits for the story build): {first_s * 1000:.0f} ms, "
        f"{first_size / 1024:.0f} KiB"
    )
    print(f"{'page (warm)':<30} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'KiB':>7}")
    for name, samples in warm.items():
        times = sorted(t for t, _ in samples)
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(
            f"{name:<30} {statistics.median(times) * 1000:>10.1f} {p95 * 1000:>8.1f} "
            f"{times[-1] * 1000:>8.1f} {samples[0][1] / 1024:>7.0f}"
        )
    if browser:
        print(
            f"browser load of the overview (Chromium, 10 loads): median "
            f"{statistics.median(browser) * 1000:.0f} ms, max {max(browser) * 1000:.0f} ms"
        )
    else:
        print("browser load: skipped (no /usr/bin/chromium)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
