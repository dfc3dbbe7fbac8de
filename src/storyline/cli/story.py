"""``storyline story``: the story across the stored reports, as a terminal readout.

Report text is hostile here as in ``read``: every string goes to Rich as a ``Text`` with its
control characters removed, never as markup.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from storyline import DEFAULT_DB, Story, StorylineError, load_story, open_store
from storyline.cli.options import DbOption, parse_published
from storyline.cli.output import EXIT_FAILED, fail, setup_logging
from storyline.cli.output import text_of as _t

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
        with open_store(db, create=False) as store:
            story = load_story(store, about=about, since=since)
    except StorylineError as exc:
        fail(str(exc), EXIT_FAILED)
    render_story(story)


def render_story(story: Story) -> None:
    """Print the readout of a story on stdout."""
    _out.print(_header(story))
    if story.timeline:
        _out.print(_timeline(story))
    if story.figures:
        _out.print(_figures(story))
    if story.disagreements:
        _out.print(_disagreements(story))
    if story.speakers:
        _out.print(_speakers(story))
    _out.print()


def _header(story: Story) -> Panel:
    lines = [Text.assemble((f"{story.n_reports:,} reports", "bold"), f" {_dated(story)}")]
    if story.outlets:
        lines.append(_t(", ".join(f"{name} ({n})" for name, n in story.outlets)))
    else:
        lines.append(_t("no report names its outlet", "dim"))
    anon = f"anonymous sourcing: {story.anonymous_share:.0%} of attributed statements"
    lines.append(_t(anon, "dim"))
    title = f"about {story.about.name}" if story.about else "the story"
    return Panel(Group(*lines), title=_t(title), title_align="left", box=box.ROUNDED)


def _dated(story: Story) -> str:
    """Say "from 2025-03-01 to 2025-03-09", or what is missing when the reports carry no date."""
    if story.first_published is None:
        return "with no publication date (pass --published at ingest, or a dated input)"
    return f"from {story.first_published} to {story.last_published}"


def _timeline(story: Story) -> Table:
    table = Table(title="Timeline", title_justify="left", box=box.SIMPLE_HEAD)
    for col in ("date", "event", "actor", "target", "reports", "outlets"):
        table.add_column(col, overflow="fold")
    for e in story.timeline[:MAX_TIMELINE]:
        status = "" if e.statuses == ("asserted",) else f" ({', '.join(e.statuses)})"
        table.add_row(
            _t(e.date, "yellow"),
            _t(e.type + status, "bold"),
            _t(e.actor),
            _t(e.target),
            str(e.n_reports),
            _t(", ".join(e.outlets), "dim"),
        )
    if len(story.timeline) > MAX_TIMELINE:
        table.caption = f"{len(story.timeline) - MAX_TIMELINE} more; storyline export has them all"
    return table


def _figures(story: Story) -> Table:
    flagged = {(d.unit, d.what, d.date) for d in story.disagreements}
    table = Table(title="Figures over time", title_justify="left", box=box.SIMPLE_HEAD)
    for col in ("counted", "date", "value", "said by"):
        table.add_column(col, overflow="fold")
    for h in story.figures[:MAX_FIGURES]:
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


def _disagreements(story: Story) -> Panel:
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


def _speakers(story: Story) -> Table:
    table = Table(title="Top speakers", title_justify="left", box=box.SIMPLE_HEAD)
    for col in ("speaker", "statements", "outlets", "latest"):
        table.add_column(col, overflow="fold")
    for h in story.speakers[:MAX_SPEAKERS]:
        last = h.statements[-1]
        said = (
            last.content
            if len(last.content) <= MAX_QUOTE_CHARS
            else last.content[:MAX_QUOTE_CHARS] + "…"
        )
        name = _t(h.speaker, "italic" if h.is_anonymous else "bold")
        name.append(f"\n{h.speaker_type}", style="dim")
        table.add_row(
            name,
            str(len(h.statements)),
            _t(", ".join(h.outlets), "dim"),
            _t(f"{last.date or 'undated'}: {said}"),
        )
    return table
