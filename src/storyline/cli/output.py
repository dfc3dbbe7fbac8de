r"""What people see: the Rich readout, one-line errors, exit codes, progress, logging setup.

Article text is hostile: every string from a report goes into Rich as a ``Text`` object
(never as markup) after its control characters are removed, so no markup or escape
sequence in a report can style, move or hide anything in the terminal. Errors and log
messages, which quote inputs (paths, URLs, text), show those characters escaped (``\x1b``).
"""

from __future__ import annotations

import calendar
import logging
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import NoReturn

import typer
from rich import box
from rich.console import Console, Group
from rich.logging import RichHandler
from rich.panel import Panel
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from storyline import ArticleRecord, Quote
from storyline.errors import escape_char

__all__ = [
    "EXIT_CODES_HELP",
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_RUN",
    "EXIT_USAGE",
    "ProgressLine",
    "escape_controls",
    "fail",
    "human_date",
    "print_error",
    "print_internal_error",
    "print_note",
    "progress",
    "render_record",
    "setup_logging",
    "shows_progress",
    "text_of",
    "write_data",
]

# Exit codes, the same for every command (click's convention for 2; 130 = 128 + SIGINT).
EXIT_OK = 0  # every input read
EXIT_FAILED = 1  # some inputs failed, each named on one line of stderr; the rest were output
EXIT_USAGE = 2  # a bad option or value: nothing was read
EXIT_RUN = 3  # the run itself failed: the model cannot load, or a bug
EXIT_INTERRUPTED = 130  # Ctrl-C; what was output so far is whole
EXIT_CODES_HELP = (
    "Exit codes: 0 every input read; 1 some inputs failed (one line each on stderr, the "
    "others still output); 2 usage error (bad option or value); 3 the run failed (the model "
    "cannot load, an internal error); 130 interrupted."
)

_out = Console(highlight=False, soft_wrap=False)
_err = Console(stderr=True, highlight=False)
# What a terminal may act on, or that hides or reorders what it shows: C0 controls but tab
# and newline, DEL and C1 (U+0085 among them), Arabic letter mark, zero-width and bidi
# controls (LRM/RLM, embeddings, overrides, isolates), U+2028/2029, BOM, lone surrogates.
# Removed from report text in the readout, escaped in errors and log lines.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069"
    r"\ufeff\ud800-\udfff]"
)
MAX_MENTIONS_SHOWN = 4  # mentions listed per entity in the readout


def escape_controls(s: str) -> str:
    r"""Return ``s`` with control characters written as escapes (``\x1b``, ``\u202e``).

    For messages that quote an input: the reader sees that the character is there, and the
    terminal never acts on it (no title change, no cleared screen, no reordered line). Tab
    and newline are kept; C0 and C1 controls, DEL, bidi and zero-width controls, U+2028/2029
    and lone surrogates are escaped.
    """
    return _CONTROL.sub(escape_char, s)


class _EscapeControls(logging.Filter):
    """Escape control characters in a log record's final message (libraries quote input)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = escape_controls(record.getMessage())
        record.args = None
        if record.exc_info:  # a traceback quotes its message too (and may be formatted)
            text = record.exc_text or _TRACEBACKS.formatException(record.exc_info)
            record.exc_text = escape_controls(text)
        return True


_TRACEBACKS = logging.Formatter()


class _StderrHandler(RichHandler):
    """The one handler the CLI installs, so a second ``setup_logging`` replaces it."""


# Libraries the readers call, whose warnings ("discarding data: None") repeat, raw, what the
# input's one-line reason already says; shown from -v on.
_READER_LIBRARIES = ("trafilatura", "htmldate", "courlan", "justext", "readability")


def setup_logging(verbose: int) -> None:
    """Send log records to stderr: warnings by default, -v info, -vv debug.

    By default the HTML libraries' own warnings are left out: an input they fail on gets
    storyline's one-line reason, and their message would be a second, raw line.

    ``warnings.warn`` messages go through the same handler (``logging.captureWarnings``),
    and every message has its control characters escaped on the way: trafilatura, htmldate
    and dateparser warnings quote URLs and report text.
    """
    level = logging.WARNING if verbose <= 0 else logging.INFO if verbose == 1 else logging.DEBUG
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _StderrHandler)]:
        root.removeHandler(old)
    handler = _StderrHandler(console=_err, show_path=verbose >= 2)
    handler.addFilter(_EscapeControls())
    root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)
    for name in _READER_LIBRARIES:  # their failures reach the user as our one-line reasons
        logging.getLogger(name).setLevel(logging.ERROR if verbose <= 0 else logging.NOTSET)


def print_error(message: str) -> None:
    """Print ``storyline: error: <message>`` as one line on stderr, control characters escaped."""
    line = " ".join(escape_controls(message).split())
    _err.print(Text("storyline: error: ", style="bold red") + Text(line), soft_wrap=True)


def print_note(message: str) -> None:
    """Print ``storyline: <message>`` as one line on stderr (what a command is doing)."""
    line = " ".join(escape_controls(message).split())
    _err.print(Text("storyline: ") + Text(line), soft_wrap=True)


def fail(message: str, code: int) -> NoReturn:
    """Print the one-line error and end the command with ``code`` (``EXIT_USAGE``, ...).

    Raises:
        typer.Exit: always.
    """
    print_error(message)
    raise typer.Exit(code)


def print_internal_error(exc: BaseException) -> None:
    """Say in one line that storyline itself failed; the traceback goes to the debug log."""
    logging.getLogger("storyline.cli").debug("internal error", exc_info=exc)
    print_error(f"internal error ({type(exc).__name__}: {exc}); run with -vv for the traceback")


def write_data(text: str) -> None:
    """Write data on stdout as UTF-8, whatever the terminal's encoding, and flush it.

    Records are UTF-8 by contract (CONTRACT.md); a terminal set to another encoding must
    not stop a run with UnicodeEncodeError halfway through its output.
    """
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a stream without bytes underneath (some test harnesses)
        stream.write(text)
    else:
        stream.flush()  # anything written as text before goes out first
        buffer.write(text.encode("utf-8", "backslashreplace"))
        buffer.flush()
    stream.flush()


class ProgressLine:
    """What a command tells the progress bar; does nothing when no bar is drawn."""

    def __init__(self, bar: Progress | None = None, task: TaskID | None = None) -> None:
        self._bar = bar
        self._task = task

    def advance(self, n: int = 1) -> None:
        """Count ``n`` more items done."""
        if self._bar is not None and self._task is not None:
            self._bar.advance(self._task, n)

    def update(self, *, completed: int | None = None, note: str | None = None) -> None:
        """Set the count done, or the note shown before the bar (``stored 40 · failed 2``)."""
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, completed=completed, description=note)


class _RateColumn(ProgressColumn):
    """Items per second, the throughput people watch."""

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        shown = f"{speed:,.1f}" if speed else "…"
        return Text(f"{shown} {self.what}/s", style="cyan")


def shows_progress() -> bool:
    """Whether ``progress`` draws a bar (stderr is a terminal); ask before costly counting."""
    return _err.is_terminal


@contextmanager
def progress(total: int | None, what: str = "reports") -> Iterator[ProgressLine]:
    """Draw a progress bar on stderr while the block runs, if stderr is a terminal.

    Never drawn when stderr is not a terminal (a pipe, a log file, CI, tests): the line
    given is then a no-op, so callers need no test of their own. Log lines and errors
    printed meanwhile appear above the bar.

    Args:
        total: how many items the run will give, for the bar, the share done and the time
            left; ``None`` when unknown (stdin, a JSONL batch): a count and a rate then.
        what: what is counted, in the plural ("reports").

    Example:
        >>> with progress(len(paths), "reports") as line:  # doctest: +SKIP
        ...     for result in results:
        ...         line.advance()
    """
    if not shows_progress():
        yield ProgressLine()
        return
    columns: list[ProgressColumn] = [SpinnerColumn(), TextColumn("{task.description}")]
    if total is not None:
        columns += [BarColumn(), MofNCompleteColumn()]
    else:
        columns.append(TextColumn(f"{{task.completed:,}} {what}"))
    columns += [_RateColumn(what), TimeElapsedColumn()]
    if total is not None:
        columns.append(TimeRemainingColumn())
    with Progress(*columns, console=_err, redirect_stdout=False) as bar:
        yield ProgressLine(bar, bar.add_task("", total=total))


_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T(.+))?")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_WEEK = re.compile(r"(\d{4})-W(\d{2})(-WE)?")
_PART = re.compile(r"(\d{4})-(Q|H)(\d)")
_SEASON = re.compile(r"(\d{4})-(SP|SU|FA|WI)")
_DURATION = re.compile(r"P(T?)(\d+(?:\.\d+)?|X)(DE|CE|[YQMWDHS])")
_DAY_PARTS = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "day"}
_SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_REFS = {"PRESENT_REF": "now", "PAST_REF": "the past", "FUTURE_REF": "the future"}
_UNITS = {"Y": "year", "Q": "quarter", "M": "month", "W": "week", "D": "day", "H": "hour",
          "S": "second", "DE": "decade", "CE": "century"}  # fmt: skip


def human_date(value: str | None, kind: str = "DATE") -> str:
    """Return a resolved date (ISO 8601 / TIMEX3 value) as a person reads it.

    ``2024-03-12`` is "Tue 12 Mar 2024", ``2024-03`` "March 2024", ``2024-W11`` "week 11,
    2024", ``PRESENT_REF`` "now", a duration ``P3D`` "3 days", a set ``P1W`` "every week".
    A value it cannot read, or none, is "unresolved": a raw label never reaches the reader.

    Args:
        value: the value in the record (``DateMention.value``, a quote's or event's date).
        kind: the mention's TIMEX3 type; ``DURATION`` and ``SET`` values read differently.
    """
    if not value:
        return "unresolved"
    if value in _REFS:
        return _REFS[value]
    if m := _DURATION.fullmatch(value):
        return _human_duration(m, every=kind == "SET")
    return _human_point(value) or "unresolved"


def _human_point(value: str) -> str | None:
    """A day, month, week, quarter, half, season, year, decade or century; else None."""
    try:
        if m := _DAY.fullmatch(value):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            day = f"{d:%a} {d.day} {d:%b} {d.year}"
            part = m[4] and _DAY_PARTS.get(m[4], m[4] if re.fullmatch(r"\d\d:\d\d", m[4]) else "")
            return f"{day}, {part}" if part else day
    except ValueError:
        return None
    if m := _MONTH.fullmatch(value):
        month = int(m[2])
        return f"{calendar.month_name[month]} {m[1]}" if 1 <= month <= 12 else None
    if m := _WEEK.fullmatch(value):
        week = f"week {int(m[2])}, {m[1]}"
        return f"weekend of {week}" if m[3] else week
    if m := _PART.fullmatch(value):
        return f"{m[2]}{m[3]} {m[1]}"
    if m := _SEASON.fullmatch(value):
        return f"{_SEASONS[m[2]]} {m[1]}"
    if re.fullmatch(r"\d{4}", value):
        return value
    if re.fullmatch(r"\d{3}", value):
        return f"the {value}0s"
    if re.fullmatch(r"\d{2}", value):
        return f"the {value}00s"
    return None


def _human_duration(m: re.Match[str], *, every: bool) -> str:
    """``P3D`` as "3 days", ``PXW`` as "weeks", a set ``P1D`` as "every day"."""
    designator = m[3]
    if m[1] and designator == "M":
        designator = "MIN"
    unit = _UNITS.get(designator, "minute")
    n = m[2]
    if n == "X":
        plural = "centuries" if unit == "century" else f"{unit}s"
        return f"every few {plural}" if every else plural
    count = float(n)
    shown = f"{count:g}"
    name = unit if count == 1 else ("centuries" if unit == "century" else f"{unit}s")
    if every:
        return f"every {name}" if count == 1 else f"every {shown} {name}"
    return f"{shown} {name}"


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
    return _CONTROL.sub(_blank, s or "")


def _blank(match: re.Match[str]) -> str:
    """A space for a control character; U+FFFD for a lone surrogate (a character was lost)."""
    return "\ufffd" if "\ud800" <= match.group() <= "\udfff" else " "


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
    meta.append(human_date(rec.published) if rec.published else "unknown")
    for label, value in (("outlet", rec.outlet), ("by", rec.byline), ("url", rec.url)):
        if value:
            meta.append(f"  {label} ", style="dim")
            meta.append(_safe(value))
    meta.append("  words ", style="dim")
    meta.append(f"{len(rec.text.split()):,}")
    for kind in ("quotes", "events"):
        if rec.extractor.get(kind):
            meta.append(f"  {kind} by ", style="dim")
            meta.append(_safe(rec.extractor[kind]))
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
    seen: dict[tuple[str, str], int] = {}
    for d in rec.dates:
        key = (" ".join(d.text.split()), human_date(d.value, d.type))
        seen[key] = seen.get(key, 0) + 1
    for (text, shown), n in seen.items():
        table.add_row(_t(text), _t(shown), str(n))
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
    when = human_date(q.date) if q.date else None
    for label, value in (("on/at", q.venue), ("to", q.audience), ("via", q.via), ("", when)):
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
            _t(mark + f.text),
            _t(value),
            _t(counts),
            _t(f.source or "reporter"),
            _t(human_date(f.date) if f.date else None),
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
            _t(human_date(e.date) if e.date else "undated"),
            _t(event),
            _t(who),
            _t(e.status),
            _t(e.attribution or "reporter"),
        )
    return table
