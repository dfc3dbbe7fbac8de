"""What people see: the Rich readout of a record, the one-line error printer, logging setup.

Article text is hostile: every string from a report goes into Rich as a ``Text`` object
(never as markup) after its control characters are removed, so no markup or escape
sequence in a report can style, move or hide anything in the terminal.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from storyline import ArticleRecord, Quote

__all__ = ["print_error", "print_note", "render_record", "setup_logging", "text_of"]

_out = Console(highlight=False, soft_wrap=False)
_err = Console(stderr=True, highlight=False)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
MAX_MENTIONS_SHOWN = 4  # mentions listed per entity in the readout


def setup_logging(verbose: int) -> None:
    """Send log records to stderr: warnings by default, -v info, -vv debug."""
    from rich.logging import RichHandler

    level = logging.WARNING if verbose <= 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(message)s", handlers=[RichHandler(console=_err)])


def print_error(message: str) -> None:
    """Print ``storyline: error: <message>`` as one line on stderr."""
    line = " ".join(_safe(message).split())
    _err.print(Text("storyline: error: ", style="bold red") + Text(line), soft_wrap=True)


def print_note(message: str) -> None:
    """Print ``storyline: <message>`` as one line on stderr (what a command is doing)."""
    line = " ".join(_safe(message).split())
    _err.print(Text("storyline: ") + Text(line), soft_wrap=True)


def render_record(rec: ArticleRecord) -> None:
    """Print the readout of one record: headline, captions apart, entities, dates, quotes."""
    _out.print(_header(rec))
    if rec.captions:
        _out.print(_captions(rec))
    if rec.entities:
        _out.print(_entities(rec))
    if rec.dates:
        _out.print(_dates(rec))
    if rec.quotes:
        _out.print(_quotes(rec))
    if rec.figures:
        _out.print(_figures(rec))
    if rec.events:
        _out.print(_events(rec))
    _out.print()


def _safe(s: str | None) -> str:
    return _CONTROL.sub(" ", s or "")


def text_of(s: str | None, style: str = "") -> Text:
    """Article text for Rich: control characters out, one line, never read as markup."""
    return Text(" ".join(_safe(s).split()), style=style)


_t = text_of


def _header(rec: ArticleRecord) -> Panel:
    lines = []
    if rec.section:
        lines.append(_t(rec.section.text.upper(), "bold cyan"))
    lines.append(_t(rec.headline.text if rec.headline else "(no headline found)", "bold"))
    meta = Text()
    meta.append("published ", style="dim")
    meta.append(_safe(rec.published) or "unknown")
    for label, value in (("outlet", rec.outlet), ("by", rec.byline), ("url", rec.url)):
        if value:
            meta.append(f"  {label} ", style="dim")
            meta.append(_safe(value))
    meta.append("  words ", style="dim")
    meta.append(f"{len(rec.text.split()):,}")
    if rec.encoding and rec.encoding.lower() not in ("utf-8", "utf_8"):
        meta.append("  decoded from ", style="dim")
        meta.append(_safe(rec.encoding), style="yellow")
    lines.append(meta)
    return Panel(Group(*lines), title=_t(rec.source, "dim"), title_align="left", box=box.ROUNDED)


def _captions(rec: ArticleRecord) -> Panel:
    rows = []
    for c in rec.captions:
        line = Text("▣ ", style="magenta") + _t(c.text, "italic")
        if c.credit:
            line += Text("  — ", style="dim") + _t(c.credit, "magenta")
        rows.append(line)
    return Panel(
        Group(*rows),
        title=f"captions ({len(rec.captions)}), kept out of the body",
        title_align="left",
        border_style="magenta",
        box=box.ROUNDED,
    )


def _entities(rec: ArticleRecord) -> Table:
    table = Table(title="Entities", title_justify="left", box=box.SIMPLE_HEAD, expand=False)
    table.add_column("name", style="bold")
    table.add_column("type")
    table.add_column("role", overflow="fold")
    table.add_column("mentions", overflow="fold")
    order = {"PERSON": 0, "ORG": 1, "GPE": 2, "NORP": 3, "LOC": 4}
    ents = sorted(rec.entities, key=lambda e: (order.get(e.type, 9), -len(e.mentions), e.name))
    for e in ents:
        counts: dict[str, list[str]] = defaultdict(list)
        for m in e.mentions:
            counts[m.kind].append(m.text)
        shown = Text(f"{len(e.mentions)}×", style="cyan")
        extra = [t for k in ("pronoun", "description") for t in dict.fromkeys(counts.get(k, []))]
        if extra:
            shown += Text("  incl. ", style="dim") + _t(
                ", ".join(f"“{x}”" for x in extra[:MAX_MENTIONS_SHOWN])
            )
        name = _t(e.name)
        if e.kind == "description":
            name.stylize("italic")
        table.add_row(name, e.type, _t(e.role, "green"), shown)
    return table


def _dates(rec: ArticleRecord) -> Table:
    table = Table(title="Dates", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("as written")
    table.add_column("resolved", style="yellow")
    table.add_column("n", justify="right", style="dim")
    seen: dict[tuple[str, str | None], int] = {}
    for d in rec.dates:
        key = (" ".join(d.text.split()), d.value)
        seen[key] = seen.get(key, 0) + 1
    for (text, value), n in seen.items():
        table.add_row(_t(text), _t(value or "?"), str(n))
    return table


def _quotes(rec: ArticleRecord) -> Table:
    by_speaker: dict[str, list[Quote]] = defaultdict(list)
    for q in rec.quotes:
        name = q.speaker_name or (q.speaker.text if q.speaker else "(unattributed)")
        by_speaker[name].append(q)
    n_anon = sum(q.speaker_type == "anonymous" for q in rec.quotes)
    n_anon_speakers = sum(qs[0].speaker_type == "anonymous" for qs in by_speaker.values())
    caption = (
        f"{len(rec.quotes)} attributions from {len(by_speaker)} speakers; "
        f"anonymous: {n_anon} attributions from {n_anon_speakers} sources"
    )
    table = Table(
        title="Who said what",
        title_justify="left",
        caption=caption,
        caption_justify="left",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("speaker", style="bold", overflow="fold")
    table.add_column("said", overflow="fold", ratio=3)
    table.add_column("how", style="dim", overflow="fold")
    order = sorted(by_speaker.items(), key=lambda kv: (-len(kv[1]), kv[1][0].content[0].start))
    for name, quotes in order:
        for i, q in enumerate(quotes):
            said = _t(" … ".join(s.text for s in q.content))
            if q.kind == "direct":
                said = Text("“") + said + Text("”")
            who = Text("")
            if i == 0:
                who = _t(name)
                who.append(f"\n{q.speaker_type}", style="dim italic")
            table.add_row(who, said, _t(_how(q)))
    return table


def _how(q: Quote) -> str:
    """The cue, with where, to whom, through whom and when it was said."""
    parts = [f"{q.kind}: {q.cue.text}" if q.cue else q.kind]
    for label, value in (("on/at", q.venue), ("to", q.audience), ("via", q.via), ("", q.date)):
        if value:
            parts.append(f"{label} {value}".strip())
    return "; ".join(parts)


def _figures(rec: ArticleRecord) -> Table:
    table = Table(
        title="Figures",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        caption="▣ in a photo caption, not the body",
        caption_justify="left",
    )
    for col in ("as written", "value", "counts", "source", "date"):
        table.add_column(col, overflow="fold")
    for f in rec.figures:
        if f.value is not None:
            value = f"{f.approx} {f.value:,.0f}" if f.approx else f"{f.value:,.0f}"
        elif f.low is not None or f.high is not None:
            value = f"{f.approx or ''} ({_num(f.low)}–{_num(f.high)})".strip()
        else:
            value = f.approx or "?"
        counts = " ".join(x for x in (f.unit, f.what) if x)
        if f.cumulative:
            counts += " (running total)"
        mark = "▣ " if f.in_caption else ""
        table.add_row(
            _t(mark + f.text), _t(value), _t(counts), _t(f.source or "reporter"), _t(f.date)
        )
    return table


def _num(x: float | None) -> str:
    return "?" if x is None else f"{x:,.0f}" if x == int(x) else f"{x:,}"


def _events(rec: ArticleRecord) -> Table:
    table = Table(title="Events (PLOVER)", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("date", no_wrap=True)
    table.add_column("event", no_wrap=True)
    for col in ("actor → target", "status", "according to"):
        table.add_column(col, overflow="fold")
    for e in sorted(rec.events, key=lambda e: (e.date or "9999", e.start)):
        event = f"{e.type}({e.mode})" if e.mode else e.type
        who = f"{e.actor or '?'} → {e.target or '?'}"
        table.add_row(
            _t(e.date or "undated"),
            _t(event),
            _t(who),
            _t(e.status),
            _t(e.attribution or "reporter"),
        )
    return table
