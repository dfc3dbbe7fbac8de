"""PLOVER GSR counts subset: figure accuracy of storyline's figures layer.

    /tmp/probe/bin/python benchmarks/figures_gsr.py [--shared PATH] [--errors]

Reads ``benchmarks/events/plover_gsr_cameo/plover_gsr_counts_subset.jsonl`` from ``../shared``
(37 CAMEO-manual sentences with ``dead`` / ``injured`` / ``size``; CC BY-SA 4.0, never copied
into the repository), runs storyline's parse and extractors on each sentence (no layout: a
sentence has no headline or captions) and asks, for every gold count: does a predicted figure
of the right class carry the gold value?

* ``dead``: a figure whose ``what`` is a killing (``KILLED_WHAT`` of figures_isaf.py) with
  ``value`` (else ``low``) equal to the gold number;
* ``injured``: a figure whose ``what`` is an injury (``INJURED_WHAT``), same number rule;
* ``size`` (participants or targets of the event, any ``what``): a figure with the gold
  number, or, for a vague gold ("Thousands", "Tens of thousands", "scores"), a figure whose
  ``approx`` is those words. A gold size with no number and no quantity word ("group") or an
  implicit one (size 1 for "A member of the Syrian parliament started a hunger strike") counts
  as a miss: the figures layer does not read them, by design.

No published system reports numbers on this subset (SOURCE.md: the GSR records are "ideal
codings"); the closest verified numbers, victim counts on other data, are printed as context.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from figures_isaf import (
    KILLED_WHAT,
    REPO,
    Timing,
    print_header,
    print_speed,
    run_figures,
    say,
)
from storyline.record.model import Figure

GSR = Path("benchmarks/events/plover_gsr_cameo/plover_gsr_counts_subset.jsonl")  # in shared/
INJURED_WHAT = frozenset(["wounded", "wound", "injured", "injure", "hurt", "maimed", "maim"])
ANCHORS = (
    ("PLOVER GSR counts: published systems", "none (SOURCE.md)"),
    ("victim counts, WAD: regex / SRL / NT5-Gen (EM)", "0.117 / 0.741 / 0.813 (other data)"),
)


def _number(fig: Figure) -> float | None:
    return fig.value if fig.value is not None else fig.low


def _what_word(fig: Figure) -> str:
    return (fig.what or "").split()[0] if fig.what else ""


def found(field: str, gold: str | int, figures: Sequence[Figure]) -> bool:
    """Return True if a figure of the field's class carries the gold count."""
    text = str(gold).strip()
    is_number = text.replace(",", "").isdigit()
    for fig in figures:
        if field == "dead" and _what_word(fig) not in KILLED_WHAT:
            continue
        if field == "injured" and _what_word(fig) not in INJURED_WHAT:
            continue
        if is_number and _number(fig) == float(text.replace(",", "")):
            return True
        if not is_number and (fig.approx or "").lower() == text.lower():
            return True
    return False


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its report."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--errors", action="store_true", help="print every miss")
    args = ap.parse_args(argv)

    path = args.shared / GSR
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    words = sum(len(r["text"].split()) for r in rows)
    print_header("PLOVER GSR counts subset: figure accuracy", path, len(rows), words)

    timing = Timing()
    items = [(r["id"], r["text"]) for r in rows]
    figures = {key: figs for key, _, figs in run_figures(items, timing, use_layout=False)}

    fields = ("dead", "injured", "size")
    hits: dict[str, list[bool]] = {f: [] for f in fields}
    misses: list[str] = []
    for r in rows:
        for fld in fields:
            if r.get(fld) is None:
                continue
            ok = found(fld, r[fld], figures[r["id"]])
            hits[fld].append(ok)
            if not ok:
                shown = [(f.text, f.what, _number(f), f.approx) for f in figures[r["id"]]]
                misses.append(f"{r['id']} {fld}={r[fld]!r}: {r['text']}  -> {shown}")
    print(f"{'field':<10}{'accuracy':>10}{'found':>8}{'gold':>7}")
    for fld in fields:
        print(
            f"{fld:<10}{sum(hits[fld]) / len(hits[fld]):>10.3f}{sum(hits[fld]):>8}"
            f"{len(hits[fld]):>7}"
        )
    total = [h for fld in fields for h in hits[fld]]
    print(f"{'all':<10}{sum(total) / len(total):>10.3f}{sum(total):>8}{len(total):>7}")
    print()
    print("anchors:")
    for label, value in ANCHORS:
        print(f"  {label:<52} {value}")
    print()
    if args.errors:
        print("misses:")
        for line in misses:
            print("  -")
            say(line, indent="    ")
        print()
    print_speed(timing, words)
    return 0


if __name__ == "__main__":
    sys.exit(main())
