"""PLOVER GSR: event type and actor of 322 CAMEO-manual sentences coded by the PLOVER team.

    /tmp/probe/bin/python benchmarks/events_gsr.py [--shared PATH] [--errors N]

Reads ``benchmarks/events/plover_gsr_cameo/PLOVER_GSR_CAMEO.json`` from ``../shared`` (CC
BY-SA 4.0; never copied into the repository). Each record is one sentence with its PLOVER
event, source and target actors (``actorText``) and an inline markup of them. The records use
PLOVER 0.5b1 names, mapped to v2.0 as ``research/events.md`` says: DEMAND → REQUEST,
DISAPPROVE → ACCUSE, INVESTIGATE → ACCUSE, FIGHT → ASSAULT.

Three views:

* **type, given the actors** — ``classify_event`` on ``storyline read``'s path (the lexicon
  frame, the classifier's decision) with the source and target located by the markup (as on
  PLV): accuracy over the 16 v2.0 types, and with CONCEDE/RETREAT merged.
* **type, end to end** — ``extract_events`` after the entities, dates and quotes layers, as
  ``storyline read`` runs it (the classifier's decision on each frame), with nothing given: a
  sentence is right when one of its events has the gold type; the mean number of events per
  sentence is printed beside it (the recall has a cost).
* **actor, end to end** — for the sentences whose events include the gold type, that event's
  actor matched against the gold source ``actorText`` by case-insensitive containment either
  way (the seed scorer's rule); printed over those sentences and over all sentences with a
  source.

No official leaderboard exists (SOURCE.md: "ideal codings"). 261 of the 322 sentences are also
PLV test sentences; none is in PLV train or in anything the classifier was trained on.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from events_plv import REPO, YIELD_TYPES, Clock, print_header

GSR = Path("benchmarks/events/plover_gsr_cameo/PLOVER_GSR_CAMEO.json")
V05_TO_V2 = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
_MARK = re.compile(r"\((SRC/TAR|SRC|TAR|EVT|LOC): ([^()]*)\)")


def located(record: dict) -> tuple[str, dict[str, list[tuple[int, int]]]]:
    """The sentence and the offsets of its marked roles, read from ``textInfo.markup``."""
    text = record["text"]
    info = record.get("textInfo")
    markup = (info.get("markup") if isinstance(info, dict) else info) or ""  # one is a string
    pieces, roles, pos, last = [], {}, 0, 0
    for mo in _MARK.finditer(markup):
        pieces.append(markup[last : mo.start()])
        pos += mo.start() - last
        start = pos
        pieces.append(mo.group(2))
        pos += len(mo.group(2))
        last = mo.end()
        for role in mo.group(1).split("/"):
            roles.setdefault(role, []).append((start, pos))
    pieces.append(markup[last:])
    if "".join(pieces) != text:  # markup out of step with the text: find the actor strings
        roles = {}
        for role, key in (("SRC", "source"), ("TAR", "target")):
            for actor in actors(record, key):
                at = text.find(actor.get("actorText", ""))
                if actor.get("actorText") and at >= 0:
                    roles.setdefault(role, []).append((at, at + len(actor["actorText"])))
    return text, roles


def actors(record: dict, key: str) -> list[dict]:
    """The actor objects of ``source`` or ``target`` (a list, a lone object, or "")."""
    value = record.get(key)
    items = [value] if isinstance(value, dict) else value if isinstance(value, list) else []
    return [a for a in items if isinstance(a, dict) and a.get("actorText")]


def either_in(pred: str | None, gold: str) -> bool:
    """Case-insensitive containment either way (the seed scorer's rule)."""
    p, g = (" ".join(str(x or "").lower().replace("’", "'").split()) for x in (pred, gold))
    return bool(p and g) and (p in g or g in p)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--errors", type=int, default=0, help="print N wrong end-to-end cases")
    args = parser.parse_args()

    from storyline.extract import Context, extract
    from storyline.extract.events import classify_event, extract_events
    from storyline.ingest.article import Article
    from storyline.nlp import load_pipeline, parse

    records = [
        r
        for r in json.loads((args.shared / GSR).read_text(encoding="utf-8"))
        if r.get("event") != "DOCUMENT"
    ]
    print_header(
        "PLOVER GSR (CAMEO-manual sentences): event type and actor (events)",
        f"{args.shared / GSR}, n={len(records)} sentences, 0.5b1 names mapped to v2.0",
    )
    nlp = load_pipeline()
    nlp("Warm-up: the ministers met in Oslo.")
    gold = [V05_TO_V2.get(r["event"], r["event"]) for r in records]
    texts, roles = zip(*(located(r) for r in records), strict=True)

    given_clock, parse_clock, layers_clock, events_clock = Clock(), Clock(), Clock(), Clock()
    with given_clock:
        docs = list(nlp.pipe(texts, batch_size=64))
        given: list[str | None] = []
        for doc, role in zip(docs, roles, strict=True):
            src, tgt = (role.get(k, [None])[0] for k in ("SRC", "TAR"))
            coding = classify_event(doc, src, tgt)
            given.append(None if coding is None else coding[0])
    articles = [Article(source=f"gsr:{r['id']}", text=r["text"]) for r in records]
    with parse_clock:
        parsed = list(parse(nlp, articles))
    events = []
    for article, doc in parsed:
        with layers_clock:
            ctx = Context(text=article.text, published=None, masked=article.masked)
            for name, value in extract(doc, ctx).items():
                ctx = ctx.with_result(name, value)
        with events_clock:
            events.append(extract_events(doc, ctx))

    n = len(records)
    merged = [YIELD_TYPES.get(t, t) for t in gold]
    acc = sum(g == p for g, p in zip(gold, given, strict=True)) / n
    acc_merged = (
        sum(g == YIELD_TYPES.get(p or "", p) for g, p in zip(merged, given, strict=True)) / n
    )
    hit = [next((e for e in evs if e.type == g), None) for g, evs in zip(gold, events, strict=True)]
    e2e = sum(e is not None for e in hit) / n
    per_sentence = sum(len(evs) for evs in events) / n
    with_source = [i for i, r in enumerate(records) if actors(r, "source")]
    actor_ok = [
        i
        for i in with_source
        if hit[i] is not None
        and any(
            either_in(hit[i].actor, a.get("actorText", "")) for a in actors(records[i], "source")
        )
    ]
    found_with_source = [i for i in with_source if hit[i] is not None]

    print()
    print(f"type, given source and target (read's path), 16 v2.0 types : {acc:.3f}")
    print(f"type, given source and target, CONCEDE/RETREAT merged        : {acc_merged:.3f}")
    print(
        f"type, end to end (an event of the gold type among the sentence's events): {e2e:.3f}"
        f"  ({per_sentence:.2f} events per sentence)"
    )
    print(
        f"actor, end to end, over sentences whose gold-type event was found: "
        f"{len(actor_ok) / max(1, len(found_with_source)):.3f} "
        f"({len(actor_ok)}/{len(found_with_source)})"
    )
    print(
        f"actor, end to end, over all sentences with a gold source        : "
        f"{len(actor_ok) / max(1, len(with_source)):.3f} ({len(actor_ok)}/{len(with_source)})"
    )
    print("anchor  : none published (the GSR readme calls these 'ideal codings')")

    by_type = Counter(gold)
    right = Counter(g for g, p in zip(gold, given, strict=True) if g == p)
    print()
    print("type accuracy given the actors, per gold type (right/n):")
    print("  " + "  ".join(f"{t} {right[t]}/{by_type[t]}" for t in sorted(by_type)))

    words = sum(len(t.split()) for t in texts)
    print()
    print(
        f"throughput: one process, model load excluded, n={n} sentences, {words:,} words; "
        "wall / CPU seconds, sentences/s by CPU time"
    )
    for name, clock in (
        ("parse + classify_event", given_clock),
        ("parse (storyline.nlp.parse)", parse_clock),
        ("entities + dates + quotes on the parse", layers_clock),
        ("extract_events on top of them", events_clock),
    ):
        print(
            f"  {name:42} {clock.wall:6.1f} {clock.cpu:6.1f}  {n / clock.cpu:8.0f} sentences/s"
            f"  {words / clock.cpu:9,.0f} words/s"
        )

    if args.errors:
        print()
        shown = 0
        for r, g, evs in zip(records, gold, events, strict=True):
            if shown < args.errors and not any(e.type == g for e in evs):
                shown += 1
                got = ", ".join(f"{e.type}:{e.actor}" for e in evs) or "-"
                print(f"  gold {g:9} got [{got}]  {r['text'][:100]}")


if __name__ == "__main__":
    main()
