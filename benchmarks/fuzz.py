"""Fuzz campaign: thousands of hostile inputs through `storyline read`, as a user runs it.

    .venv/bin/python benchmarks/fuzz.py [--inputs 10000] [--batch 400] [--seed 11]
        [--per-input 20] [--keep DIR]

The inputs come from ``benchmarks/hostile.py`` (random and hostile bytes, truncated and
malformed HTML, feeds, WARC and JSON, wrong encodings, NUL bytes, 1 MB single words, very long
lines, runs of quote marks and emoji, right-to-left text), a good report beside them, and in
every batch folder the file-system traps: a symlink loop, a dangling symlink, a FIFO, an
unreadable file, a file whose name is not UTF-8. Each batch folder is read by one
``storyline read FOLDER --format jsonl`` process, the product's default path (workers and all).

What it counts, per kind of input:

- **answered**: the input gave at least one record (its ``source`` starts with the file's path)
  or a one-line error naming it; an input with neither is **lost**;
- **tracebacks**: any stderr line that is not a ``storyline:`` line (a traceback, a library's
  raw warning) is counted against the batch;
- **hangs**: a batch that outlives ``--per-input`` seconds × inputs is killed and its inputs
  are read one by one under ``--per-input`` seconds each, to name the one that hangs;
- exit codes: 0 (all read) or 1 (some inputs failed) are right; anything else is a crash.

Nothing it generates leaves the temporary folder unless ``--keep`` says where.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import git_commit, machine
from hostile import KINDS, WEIGHTS

STORYLINE = Path(sys.executable).with_name("storyline")
TRAPS = ("symlink-loop", "dangling-symlink", "fifo", "unreadable", "non-utf8-name")


@dataclass(slots=True)
class Tally:
    """Outcomes of one kind of input."""

    inputs: int = 0
    records: int = 0
    errors: int = 0
    lost: int = 0
    hangs: int = 0
    examples: list[str] = field(default_factory=list)


def _write_batch(folder: Path, rng: random.Random, n: int, start: int) -> dict[str, str]:
    """Write ``n`` hostile inputs (and the traps) into ``folder``; return path → kind."""
    folder.mkdir(parents=True)
    names, weights = zip(*[(k, WEIGHTS.get(k, 1.0)) for k in KINDS], strict=True)
    kinds: dict[str, str] = {}
    for i in range(n - len(TRAPS)):
        kind = rng.choices(names, weights)[0]
        suffix, data = KINDS[kind](rng)
        path = folder / f"{start + i:05d}-{kind}{suffix or '.txt'}"
        path.write_bytes(data)
        kinds[str(path)] = kind
    loop = folder / "loop"
    loop.mkdir()
    (loop / "self").symlink_to(loop, target_is_directory=True)
    inner = loop / "inner.txt"  # read once, however the loop is walked
    inner.write_text(
        "Firefighters put out the blaze on Tuesday, officials said.\n", encoding="utf-8"
    )
    kinds[str(inner)] = "symlink-loop"
    dangling = folder / "dangling.txt"
    dangling.symlink_to(folder / "nowhere.txt")
    kinds[str(dangling)] = "dangling-symlink"
    fifo = folder / "pipe.txt"
    os.mkfifo(fifo)
    kinds[str(fifo)] = "fifo"
    locked = folder / "locked.txt"
    locked.write_text("Police said 3 people were hurt.\n", encoding="utf-8")
    locked.chmod(0)
    kinds[str(locked)] = "unreadable"
    odd = Path(os.fsdecode(bytes(folder) + b"/\xff\xfename.txt"))
    odd.write_text("The council met on Monday, its chair said.\n", encoding="utf-8")
    kinds[str(odd)] = "non-utf8-name"
    return kinds


def _run(args: list[str], timeout: float) -> tuple[int | None, str, str]:
    """Run storyline; return (exit code or None on timeout, stdout, stderr)."""
    try:
        done = subprocess.run(
            [str(STORYLINE), *args],
            capture_output=True,
            timeout=timeout,
            env=os.environ | {"PYTHONIOENCODING": "utf-8"},
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout or b""
        err = exc.stderr or b""
        return None, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
    return (
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )


def _answered(kinds: dict[str, str], stdout: str, stderr: str) -> dict[str, str]:
    """Map each input path to 'record', 'error' or 'lost' from one run's output."""
    shown = {p: os.fsencode(p).decode("utf-8", "backslashreplace") for p in kinds}
    outcome = dict.fromkeys(kinds, "lost")
    sources = []
    for line in stdout.splitlines():
        try:
            sources.append(str(json.loads(line)["source"]))
        except (ValueError, KeyError, TypeError):
            continue
    errors = [ln for ln in stderr.splitlines() if ln.startswith("storyline: error: ")]
    for path, name in shown.items():
        names = (path, name)
        if any(
            s in names or s.startswith(tuple(n + c for n in names for c in ":[#")) for s in sources
        ):
            outcome[path] = "record"
        elif any(name in ln or path in ln for ln in errors):
            outcome[path] = "error"
    return outcome


def _read_batch(
    folder: Path, kinds: dict[str, str], per_input: float
) -> tuple[dict, str, int | None]:
    """Read one batch folder as a user would; return (path -> outcome, stderr, exit code)."""
    code, out, err = _run(["read", str(folder), "--format", "jsonl"], per_input * len(kinds))
    if code is not None:
        return _answered(kinds, out, err), err, code
    outcome: dict[str, str] = {}  # a hang: find the input, one at a time
    for path in kinds:
        c1, o1, e1 = _run(["read", path, "--format", "jsonl"], per_input)
        outcome.update({path: "hang"} if c1 is None else _answered({path: kinds[path]}, o1, e1))
    return outcome, err, code


def campaign(
    n_inputs: int, batch: int, seed: int, per_input: float, root: Path, parallel: int
) -> int:
    """Write and read the batches, ``parallel`` storyline runs at a time; print the table.

    Batches are written in order from one seeded generator (so a seed gives the same inputs
    however many run at once); the table is printed after every batch, so a campaign cut
    short still reports what it read.
    """
    rng = random.Random(seed)
    tallies: dict[str, Tally] = collections.defaultdict(Tally)
    stray: list[str] = []
    bad_exits: list[str] = []
    started = time.perf_counter()
    batches: list[tuple[Path, dict[str, str]]] = []
    made = 0
    while made < n_inputs:
        folder = root / f"batch{len(batches):03d}"
        kinds = _write_batch(folder, rng, max(min(batch, n_inputs - made), len(TRAPS) + 1), made)
        made += len(kinds)
        batches.append((folder, kinds))
    with concurrent.futures.ThreadPoolExecutor(max_workers=parallel) as pool:
        futures = {pool.submit(_read_batch, f, k, per_input): (f, k) for f, k in batches}
        for done in concurrent.futures.as_completed(futures):
            folder, kinds = futures[done]
            outcome, err, code = done.result()
            if code is not None and code not in (0, 1):
                bad_exits.append(f"{folder.name}: exit {code}")
            stray += [
                f"{folder.name}: {ln[:160]}"
                for ln in err.splitlines()
                if ln.strip() and not ln.startswith("storyline: ")
            ]
            for path, result in outcome.items():
                t = tallies[kinds[path]]
                t.inputs += 1
                t.records += result == "record"
                t.errors += result == "error"
                t.lost += result == "lost"
                t.hangs += result == "hang"
                if result in ("lost", "hang") and len(t.examples) < 3:
                    t.examples.append(Path(path).name)
            elapsed = time.perf_counter() - started
            print(
                f"  {folder.name}: {len(kinds)} inputs, exit {code}, {elapsed:.0f} s",
                file=sys.stderr,
            )
            _report(tallies, stray, bad_exits, elapsed, seed)
    failed = sum(t.lost + t.hangs for t in tallies.values()) + len(stray) + len(bad_exits)
    return 1 if failed else 0


def _report(
    tallies: dict[str, Tally], stray: list[str], bad_exits: list[str], wall: float, seed: int
) -> None:
    print(f"\n# fuzz campaign: seed {seed}, {machine()}, commit {git_commit()}")
    print()
    print("| kind of input | inputs | records | one-line errors | lost | hangs |")
    print("|---|---:|---:|---:|---:|---:|")
    total = Tally()
    for kind in sorted(tallies):
        t = tallies[kind]
        print(f"| {kind} | {t.inputs} | {t.records} | {t.errors} | {t.lost} | {t.hangs} |")
        total.inputs += t.inputs
        total.records += t.records
        total.errors += t.errors
        total.lost += t.lost
        total.hangs += t.hangs
    print(
        f"| **all** | {total.inputs} | {total.records} | {total.errors} | "
        f"{total.lost} | {total.hangs} |"
    )
    print()
    print(f"stderr lines that are not one-line storyline messages (tracebacks): {len(stray)}")
    for line in stray[:10]:
        print(f"    {line}")
    print(f"runs that exited with a code other than 0 or 1: {len(bad_exits)} {bad_exits[:5]}")
    for kind, t in sorted(tallies.items()):
        if t.examples:
            print(f"    {kind}: lost or hung, e.g. {t.examples}")
    print(f"wall time: {wall:.0f} s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--inputs", type=int, default=10_000)
    ap.add_argument("--batch", type=int, default=400)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--per-input", type=float, default=20.0, help="seconds allowed per input")
    ap.add_argument("--keep", type=Path, help="write the inputs here and keep them")
    ap.add_argument("--parallel", type=int, default=2, help="storyline runs at a time")
    args = ap.parse_args()
    if not STORYLINE.exists():
        sys.exit(f"fuzz.py: {STORYLINE} not found; run it with the venv's python")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        return campaign(
            args.inputs, args.batch, args.seed, args.per_input, args.keep, args.parallel
        )
    tmp = Path(tempfile.mkdtemp(prefix="storyline-fuzz-"))
    try:
        return campaign(args.inputs, args.batch, args.seed, args.per_input, tmp, args.parallel)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
