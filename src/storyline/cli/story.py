"""``storyline story``: the story across the stored reports, as a terminal readout.

Read from SQL (``storyline.story.summary`` over the store's query API), as the explorer reads
it: a store of a hundred thousand reports prints in seconds, never loading its records.

Report text is hostile here as in ``read``: every string goes to Rich as a ``Text`` with its
control characters removed, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import typer
from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from storyline import DEFAULT_DB, StorylineError, open_store
from storyline.cli.options import DbOption, parse_published
from storyline.cli.output import EXIT_FAILED, fail, setup_logging
from storyline.cli.output import text_of as _t
from storyline.store.queries import EventFilter
from storyline.store.store import Store
from storyline.story.entities import StoryEntity
from storyline.story.figures import FigureHistory
from storyline.story.pages import EventsPage, events_page, speaker_history, story_scope
from storyline.story.speakers import SpeakerHistory
from storyline.story.summary import SpeakerTally, StorySummary, figure_histories, summarize

__all__ = ["story_command"]

_out = Console(highlight=False, soft_wrap=False)
MAX_TIMELINE = 40  # events shown; the export has them all
MAX_FIGURES = 8  # counted things shown, most reported first
MAX_POINTS = 12  # values shown per counted thing (the latest ones)
MAX_SPEAKERS = 10
MAX_QUOTE_CHARS = 90


def story_command(
    db: DbOption = DEFAULT_DB,
    about: Annotated[
        str | None,
        typer.Option(
            "--about", help="Only reports that mention this entity (any name).", show_default=False
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", help="Only reports published on or after YYYY-MM-DD.", show_default=False
        ),
    ] = None,
    verbose: Annotated[
        int,
        typer.Option(
            "--verbose", "-v", count=True, help="Say more on stderr, a count: -v info, -vv debug."
        ),
    ] = 0,
) -> None:
    """Print the story in the store: timeline, figures and disagreements, speakers.

    Example: storyline story --db story.db --about "Miriam Castell" --since 2025-03-05
    """
    setup_logging(verbose)
    parse_published(since, flag="--since")  # the one rule for a date given by hand
    try:
        with open_store(db, create=False, upgrade=True) as store:
            readout = _read(store, about=about, since=since)
    except StorylineError as exc:
        fail(str(exc), EXIT_FAILED)
    render_story(readout)


@dataclass(frozen=True, slots=True)
class Readout:
    """What the story readout shows, read from the store's SQL (``storyline.story.summary``)."""

    summary: StorySummary
    about: StoryEntity | None
    timeline: EventsPage
    figures: tuple[FigureHistory, ...]
    speakers: tuple[tuple[SpeakerTally, SpeakerHistory], ...]  # with each one's latest statement


def _read(store: Store, *, about: str | None, since: str | None) -> Readout:
    scope, entity = story_scope(store, about=about, since=since)
    summary = summarize(store, scope=scope)
    timeline = events_page(
        store, EventFilter(dated=True, scope=scope), offset=0, limit=MAX_TIMELINE
    )
    figures, _ = figure_histories(store, summary.things[:MAX_FIGURES], scope=scope)
    top = sorted((*summary.named, *summary.anonymous), key=lambda t: (-t.statements, t.speaker))
    speakers = tuple(
        (t, speaker_history(store, t, limit=1, scope=scope, newest_first=True))
        for t in top[:MAX_SPEAKERS]
    )
    return Readout(summary, entity, timeline, tuple(figures), speakers)


def render_story(readout: Readout) -> None:
    """Print the readout of a story on stdout."""
    _out.print(_header(readout))
    if readout.timeline.events:
        _out.print(_timeline(readout.timeline))
    if readout.figures:
        _out.print(_figures(readout))
    if readout.summary.disagreements:
        _out.print(_disagreements(readout.summary))
    if readout.speakers:
        _out.print(_speakers(readout.speakers))
    _out.print()


def _header(readout: Readout) -> Panel:
    story = readout.summary
    reports = f"{story.n_reports:,} report{'' if story.n_reports == 1 else 's'}"
    lines = [Text.assemble((reports, "bold"), f" {_dated(story)}")]
    if story.outlets:
        lines.append(_t(", ".join(f"{name} ({n})" for name, n in story.outlets)))
    else:
        lines.append(_t("no report names its outlet", "dim"))
    anon = f"anonymous sourcing: {story.anonymous_share:.0%} of attributed statements"
    lines.append(_t(anon, "dim"))
    title = f"about {readout.about.name}" if readout.about else "the story"
    return Panel(Group(*lines), title=_t(title), title_align="left", box=box.ROUNDED)


def _dated(story: StorySummary) -> str:
    """Say "from 2025-03-01 to 2025-03-09", or what is missing when the reports carry no date."""
    if story.first_published is None:
        return "with no publication date (pass --published at ingest, or a dated input)"
    return f"from {story.first_published} to {story.last_published}"


def _timeline(timeline: EventsPage) -> Table:
    table = Table(title="Timeline", title_justify="left", box=box.SIMPLE_HEAD)
    for col in ("date", "event", "actor", "target", "reports", "first told by"):
        table.add_column(col, overflow="fold")
    for e in timeline.events:
        status = "" if e.statuses == ("asserted",) else f" ({', '.join(e.statuses)})"
        table.add_row(
            _t(e.date, "yellow"),
            _t(e.type + status, "bold"),
            _t(e.actor),
            _t(e.target),
            str(e.n_reports),
            _t(", ".join(e.outlets), "dim"),
        )
    if timeline.dated > len(timeline.events):
        more = timeline.dated - len(timeline.events)
        table.caption = f"{more:,} more; storyline export has them all"
    return table


def _figures(readout: Readout) -> Table:
    flagged = {(d.unit, d.what, d.date) for d in readout.summary.disagreements}
    table = Table(title="Figures over time", title_justify="left", box=box.SIMPLE_HEAD)
    for col in ("counted", "date", "value", "said by"):
        table.add_column(col, overflow="fold")
    for h in readout.figures:
        for i, p in enumerate(h.points[-MAX_POINTS:]):
            mark = (h.unit, h.what, p.date) in flagged
            table.add_row(
                _t(h.label, "bold") if i == 0 else Text(""),
                _t(p.date, "yellow"),
                _t(p.shown, "red bold" if mark else ""),
                _t(p.said_by) + (Text("  ⚠ disputed", style="red") if mark else Text("")),
            )
        table.add_section()
    return table


def _disagreements(story: StorySummary) -> Panel:
    rows = [
        Text.assemble((f"{d.date} ", "yellow"), (f"{d.unit} {d.what or ''}: ", "bold"))
        + _t("; ".join(d.sources))
        for d in story.disagreements
    ]
    return Panel(
        Group(*rows),
        title="Sources disagree",
        title_align="left",
        border_style="red",
        box=box.ROUNDED,
    )


def _speakers(speakers: tuple[tuple[SpeakerTally, SpeakerHistory], ...]) -> Table:
    table = Table(title="Top speakers", title_justify="left", box=box.SIMPLE_HEAD)
    for col in ("speaker", "statements", "outlets", "latest"):
        table.add_column(col, overflow="fold")
    for tally, latest in speakers:
        name = _t(tally.speaker, "italic" if tally.is_anonymous else "bold")
        name.append(f"\n{tally.speaker_type}", style="dim")
        said = ""
        if latest.statements:
            last = latest.statements[0]
            words = last.content
            cut = words if len(words) <= MAX_QUOTE_CHARS else words[:MAX_QUOTE_CHARS] + "…"
            said = f"{last.date or 'undated'}: {cut}"
        table.add_row(name, f"{tally.statements:,}", str(tally.outlets), _t(said))
    return table
