"""The web app: a Starlette application over a store opened read-only.

The story overview, its events and figures, who said what, a speaker, a report, and search,
rendered on the server by Jinja2 with autoescaping, charts as inline SVG: the pages carry no
JavaScript, and the Content-Security-Policy forbids any, so text from a report cannot run even
if it slipped past the escaping. Only GET and HEAD are routed; the store is opened read-only
besides. Every asset is served from the package (users work offline). Every table a page shows
is also a download, at the page's path plus ``.csv`` or ``.json`` with the page's own query
(rows from ``web/tables.py``, written by ``web/downloads.py``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyline.record.io import dumps
from storyline.store.queries import EventFilter
from storyline.store.store import Store, open_store
from storyline.story.citation import Citation
from storyline.story.figures import Disagreement, FigureHistory
from storyline.story.labels import figure_label
from storyline.story.pages import SpeakerRef, events_page, speaker_history, speakers_of
from storyline.story.places import Place
from storyline.story.speakers import SpeakerHistory
from storyline.story.summary import SpeakerTally, StorySummary, figure_histories
from storyline.web import tables
from storyline.web.annotate import annotate, legend
from storyline.web.charts import figure_svg, is_charted, timeline_svg
from storyline.web.downloads import download
from storyline.web.entities import NameLinks, entity_context, entity_download
from storyline.web.explorer import Explorer
from storyline.web.maps import EventMaps, is_place_key, map_svg
from storyline.web.search import Filters, QuoteHit, highlight, search

__all__ = ["LOOPBACK", "SECURITY_HEADERS", "create_app"]

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
OVERVIEW_FIGURES = 12  # figure charts on the overview; /figures has them all
OVERVIEW_ONCE = 25  # things reported once, listed under the charts
OVERVIEW_DISAGREEMENTS = 50  # disputed days listed on the overview; the download has them all
SPEAKER_SHOWN = 500  # statements on a speaker page, oldest first; the download has more
CHART_VALUES = 5_000  # claims (a day, a source, a value) drawn in one chart: the oldest
EVENTS_PAGE = 200  # story events per page of /events
DOWNLOAD_HITS = 10_000  # search hits of each kind in a download (a page shows search.PAGE)
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
SECURITY_HEADERS: dict[str, str] = {
    "content-security-policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_MARK = re.compile(r"(\d{1,9})-(\d{1,9})")


class SecurityHeaders:
    """ASGI middleware adding ``SECURITY_HEADERS`` to every response, errors included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(
    db: str | Path | Store, *, allowed_hosts: list[str] | None = None, warm: bool = True
) -> Starlette:
    """Build the explorer app over a store.

    Args:
        db: a SQLite path or database URL (opened read-only), or an open ``Store``.
        allowed_hosts: the Host headers answered (DNS-rebinding guard); loopback names by
            default, ``["*"]`` for any.
        warm: start building the story in the background when the app starts.

    Raises:
        StoreError: the store cannot be opened (missing, not a storyline store).
    """
    store = db if isinstance(db, Store) else open_store(db, read_only=True)
    explorer = Explorer(store)
    env = _environment()
    pages = _Pages(explorer, env)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        if warm:
            explorer.warm()
        yield
        if not isinstance(db, Store):
            store.close()

    routes = [
        Route("/", pages.overview, name="overview"),
        Route("/figures", pages.figures, name="figures"),
        Route("/events", pages.events, name="events"),
        Route("/speakers", pages.speakers, name="speakers"),
        Route("/speaker", pages.speaker, name="speaker"),
        Route("/entity", pages.entity, name="entity"),
        Route("/entity/{table}.{fmt}", pages.entity_download, name="entity_download"),
        Route("/search", pages.search, name="search"),
        Route("/map", pages.map, name="map"),
        Route("/map.{fmt}", pages.map_download, name="map_download"),
        # Each table as a download: the page's path and query, with .csv or .json.
        Route("/figures.{fmt}", pages.figures_download, name="figures_download"),
        Route("/disagreements.{fmt}", pages.disagreements_download),
        Route("/outlets.{fmt}", pages.outlets_download, name="outlets_download"),
        Route("/events.{fmt}", pages.events_download, name="events_download"),
        Route("/speakers.{fmt}", pages.speakers_download, name="speakers_download"),
        Route("/speaker.{fmt}", pages.speaker_download, name="speaker_download"),
        Route("/search/{kind}.{fmt}", pages.search_download, name="search_download"),
        Route("/reports/{report_id}", pages.report, name="report"),
        Route("/reports/{report_id}/record.json", pages.record_json, name="record_json"),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or list(LOOPBACK)),
    ]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        lifespan=lifespan,
        exception_handlers={HTTPException: pages.error},
    )
    app.state.explorer = explorer
    return app


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("storyline.web", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        link=link,
        cite_href=cite_href,
        safe_url=safe_url,
        highlight=highlight,
        figure_label=figure_label,
        told_in=told_in,
    )
    env.filters["thousands"] = lambda n: f"{n:,}"
    return env


def link(path: str, **params: object) -> str:
    """A same-site URL with query parameters encoded (None and "" left out)."""
    query = urlencode({k: v for k, v in params.items() if v is not None and v != ""})
    return f"{path}?{query}" if query else path


def cite_href(c: Citation) -> str:
    """Where a citation's words are: the report, with them highlighted and scrolled to."""
    return link(f"/reports/{c.report_id}", mark=f"{c.start}-{c.end}") + "#mark"


def told_in(c: Citation) -> str:
    """The report a citation is from, as a reader knows it: its outlet, else its file's name.

    A corpus whose reports name no outlet would otherwise show each report's full path.
    """
    if c.outlet:
        return c.outlet
    return c.source if "://" in c.source else c.source.rstrip("/").rsplit("/", 1)[-1]


def safe_url(url: str | None) -> str | None:
    """A report's own URL if it is http(s); anything else (``javascript:``) is not a link."""
    if url and urlsplit(url.strip()).scheme.lower() in ("http", "https"):
        return url.strip()
    return None


class _Pages:
    """The route handlers; sync, so Starlette runs them in its thread pool."""

    def __init__(self, explorer: Explorer, env: Environment) -> None:
        self.explorer = explorer
        self.env = env
        self._rendered: dict[str, tuple[object, str]] = {}  # page: (what it drew, html)
        self.maps = EventMaps()

    def html(self, name: str, **context: Any) -> str:  # noqa: ANN401
        return self.env.get_template(name).render(**context)

    def render(self, name: str, *, status: int = 200, **context: Any) -> HTMLResponse:  # noqa: ANN401
        return HTMLResponse(self.html(name, **context), status_code=status)

    def _once(self, page: str, state: object, render: Callable[[], str]) -> HTMLResponse:
        """Draw a page once per state of what it shows (the story, or its summary)."""
        hit = self._rendered.get(page)
        if hit is None or hit[0] is not state:
            hit = (state, render())
            self._rendered[page] = hit
        return HTMLResponse(hit[1])

    def overview(self, request: Request) -> Response:
        summary = self.explorer.summary()
        return self._once("overview", summary, lambda: self._overview(summary))

    def _overview(self, summary: StorySummary) -> str:
        # A chart needs two values to show a history; things reported once go in a table, and
        # so do the values of things no report dates (an empty chart says nothing).
        store = self.explorer.store
        several = [t for t in summary.things if t.values > 1][:OVERVIEW_FIGURES]
        histories, named = figure_histories(
            store, several, limit=CHART_VALUES, claims=True, known=summary.claims
        )
        charted = [h for h in histories if is_charted(h)][:OVERVIEW_FIGURES]
        undated, named_undated = self._values_of(summary, histories, limit=OVERVIEW_ONCE)
        once, named_once = figure_histories(
            store, [t for t in summary.things if t.values == 1][:OVERVIEW_ONCE]
        )
        disputed = _disputed(summary.disagreements)
        return self.html(
            "overview.html",
            page="overview",
            story=summary,
            ent=NameLinks({**named, **named_undated, **named_once, **summary.named_sources}),
            timeline=timeline_svg(summary.events_per_day, chart_id="timeline", href=_events_href)
            if summary.events_per_day
            else None,
            charts=_charts(disputed, charted),
            values={(t.unit, t.what): t.values for t in summary.things},
            once=once,
            undated=[(h, p) for h in undated for p in h.points][:OVERVIEW_ONCE],
            n_figures=len(summary.things),
            outlets=summary.outlets,
            shown_disagreements=OVERVIEW_DISAGREEMENTS,
        )

    def figures(self, request: Request) -> Response:
        summary = self.explorer.summary()
        return self._once("figures", summary, lambda: self._figures(summary))

    def _figures(self, summary: StorySummary) -> str:
        store = self.explorer.store
        histories, named = figure_histories(
            store, summary.things, limit=CHART_VALUES, claims=True, known=summary.claims
        )
        undated, named_undated = self._values_of(summary, histories, limit=CHART_VALUES)
        return self.html(
            "figures.html",
            page="figures",
            story=summary,
            ent=NameLinks({**named, **named_undated}),
            charts=_charts(
                _disputed(summary.disagreements), [h for h in histories if is_charted(h)]
            ),
            values={(t.unit, t.what): t.values for t in summary.things},
            undated=[(h, p) for h in undated for p in h.points],
        )

    def _values_of(
        self, summary: StorySummary, charts: Sequence[FigureHistory], *, limit: int
    ) -> tuple[list[FigureHistory], dict[str, str]]:
        """Every value of the things no chart can draw (no dated value): a table lists them."""
        flat = {(h.unit, h.what) for h in charts if not is_charted(h)}
        things = [t for t in summary.things if (t.unit, t.what) in flat]
        return figure_histories(self.explorer.store, things, limit=limit)

    def figures_download(self, request: Request) -> Response:
        summary = self.explorer.summary()
        histories, _ = figure_histories(self.explorer.store, summary.things, limit=DOWNLOAD_HITS)
        return download(tables.figures_table(histories), request.path_params["fmt"])

    def disagreements_download(self, request: Request) -> Response:
        found = self.explorer.summary().disagreements
        return download(tables.disagreements_table(found), request.path_params["fmt"])

    def outlets_download(self, request: Request) -> Response:
        return download(tables.outlets_table(self.explorer.outlets()), request.path_params["fmt"])

    def speakers(self, request: Request) -> Response:
        summary = self.explorer.summary()
        return self._once(
            "speakers",
            summary,
            lambda: self.html(
                "speakers.html",
                page="speakers",
                story=summary,
                named=summary.named,
                anonymous=summary.anonymous,
                n_anonymous=sum(s.statements for s in summary.anonymous),
            ),
        )

    def speakers_download(self, request: Request) -> Response:
        summary = self.explorer.summary()
        table = tables.speakers_table((*summary.named, *summary.anonymous))
        return download(table, request.path_params["fmt"])

    def events(self, request: Request) -> Response:
        params = request.query_params
        which, filters, at_place = self._event_filter(params)
        page = _page_param(params)
        start = (page - 1) * EVENTS_PAGE
        found = events_page(self.explorer.store, which, offset=start, limit=EVENTS_PAGE)
        summary = self.explorer.summary()
        return self.render(
            "events.html",
            page="events",
            story=summary,
            ent=NameLinks(found.named),
            events=found.events,
            n_events=found.total,
            n_dated=found.dated,
            more=found.total > start + EVENTS_PAGE,
            filters=filters | {"page": page},
            types=found.types,
            has_dates=bool(summary.events_per_day),
            at_place=at_place,
        )

    def events_download(self, request: Request) -> Response:
        which, filters, _ = self._event_filter(request.query_params)
        found = events_page(self.explorer.store, which, offset=0, limit=DOWNLOAD_HITS)
        table = tables.events_table(found.events, _given(filters))
        return download(table, request.path_params["fmt"])

    def _event_filter(
        self, params: QueryParams
    ) -> tuple[EventFilter, dict[str, str | None], Place | None]:
        """The story events a page or download is narrowed to, the filters, the map's place.

        ``place`` is the reports' own words ("Georgia"); ``at`` is a place of the map, by its
        key (``city:2988507``), so "Kiev" and "Kyiv" are one place there: the events at any
        name the map put at that place.
        """
        since, until = _day_param(params, "since"), _day_param(params, "until")
        kind = (params.get("type") or "").upper() or None
        place = params.get("place") or None
        at = params.get("at") or None
        if at is not None and not is_place_key(at):
            raise HTTPException(400, f"at: {at!r} is not a place of the map.")
        emap = self.maps.of(self.explorer) if at is not None else None
        names = emap.names_at(at) if emap is not None and at is not None else None
        which = EventFilter(
            kind=kind,
            since=since,
            until=until,
            place=place,
            places=names,
        )
        filters = {"since": since, "until": until, "type": kind, "place": place, "at": at}
        return which, filters, emap.place(at) if emap is not None and at is not None else None

    def map(self, request: Request) -> Response:
        summary = self.explorer.summary()
        return self._once(
            "map",
            summary,
            lambda: self.html(
                "map.html",
                page="map",
                story=summary,
                emap=self.maps.of(self.explorer),
                svg=map_svg(self.maps.of(self.explorer)),
                n_events=summary.n_events,
            ),
        )

    def map_download(self, request: Request) -> Response:
        emap = self.maps.of(self.explorer)
        return download(tables.places_table(emap), request.path_params["fmt"])

    def speaker(self, request: Request) -> Response:
        tally, history = self._speaker(request, limit=SPEAKER_SHOWN)
        return self.render(
            "speaker.html",
            page="speakers",
            history=history,
            tally=tally,
            ent=NameLinks({tally.speaker: tally.key} if tally.key else {}),
        )

    def entity(self, request: Request) -> Response:
        template, context = entity_context(self.explorer.store, request)
        return self.render(template, **context)

    def entity_download(self, request: Request) -> Response:
        table = entity_download(self.explorer.store, request)
        return download(table, request.path_params["fmt"])

    def speaker_download(self, request: Request) -> Response:
        _, history = self._speaker(request, limit=DOWNLOAD_HITS)
        return download(tables.statements_table(history), request.path_params["fmt"])

    def _speaker(self, request: Request, *, limit: int) -> tuple[SpeakerTally, SpeakerHistory]:
        name = request.query_params.get("name", "")
        anonymous = request.query_params.get("anonymous", "0") == "1"
        tally = self.explorer.summary().speaker(name, anonymous=anonymous)
        if tally is None:
            raise HTTPException(404, f"No speaker called {name!r} in this store.")
        return tally, speaker_history(self.explorer.store, tally, limit=limit)

    def report(self, request: Request) -> Response:
        record = self.explorer.report(request.path_params["report_id"])
        if record is None:
            raise HTTPException(404, "No such report in this store.")
        mark = _mark(request.query_params.get("mark"))
        return self.render(
            "report.html",
            page="report",
            record=record,
            copies=self.explorer.copies(record.id),
            text=annotate(record, mark=mark),
            legend=legend(),
            record_json=dumps(record, indent=2),
        )

    def record_json(self, request: Request) -> Response:
        record = self.explorer.report(request.path_params["report_id"])
        if record is None:
            raise HTTPException(404, "No such report in this store.")
        return Response(dumps(record), media_type="application/json")

    def search(self, request: Request) -> Response:
        filters = _search_filters(request.query_params)
        results = search(self.explorer.store, filters)
        return self.render(
            "search.html",
            page="search",
            story=self.explorer.summary(),
            filters=filters,
            results=results,
            quotes=list(zip(results.quotes, self._speakers_of(results.quotes), strict=True)),
            outlets=self.explorer.outlets(),
            download_hits=DOWNLOAD_HITS,
        )

    def _speakers_of(self, hits: Sequence[QuoteHit]) -> list[tuple[SpeakerRef, ...]]:
        """Whose each quote hit is, as the story names them (resolved across reports)."""
        said = [(h.speaker if h.is_named else None, h.speaker_type, h.global_name) for h in hits]
        return speakers_of(self.explorer.store, said)

    def search_download(self, request: Request) -> Response:
        kind = request.path_params["kind"]
        if kind not in ("quotes", "reports"):
            raise HTTPException(404, f"No {kind!r} search download; there are quotes, reports.")
        filters = replace(_search_filters(request.query_params), page=1)
        results = search(self.explorer.store, filters, per_page=DOWNLOAD_HITS)
        shown = _given(
            {
                "q": filters.q,
                "since": filters.since,
                "until": filters.until,
                "outlet": filters.outlet,
            }
        )
        if kind == "quotes":
            whose = self._speakers_of(results.quotes)
            table = tables.quote_hits_table(results.quotes, whose, shown)
        else:
            table = tables.report_hits_table(results.reports, shown)
        return download(table, request.path_params["fmt"])

    async def error(self, request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        detail = exc.detail if isinstance(exc, HTTPException) else "Server error."
        headers = getattr(exc, "headers", None)
        html = self.env.get_template("error.html").render(
            page="error", status=status, detail=detail
        )
        return HTMLResponse(html, status_code=status, headers=headers)


def _charts(
    disputed: Mapping[tuple[str, str | None], frozenset[str]], histories: Sequence[FigureHistory]
) -> list[tuple[FigureHistory, Markup]]:
    return [
        (
            h,
            figure_svg(
                h,
                disputed=disputed.get((h.unit, h.what), frozenset()),
                href=cite_href,
                chart_id=f"f{i}",
            ),
        )
        for i, h in enumerate(histories)
    ]


def _disputed(found: Sequence[Disagreement]) -> dict[tuple[str, str | None], frozenset[str]]:
    """The dates on which sources disagree, per counted thing."""
    dates: dict[tuple[str, str | None], set[str]] = {}
    for d in found:
        dates.setdefault((d.unit, d.what), set()).add(d.date)
    return {k: frozenset(v) for k, v in dates.items()}


def _events_href(first: date, last: date, kind: str) -> str:
    """The events behind a bar of the timeline."""
    return link("/events", since=first.isoformat(), until=last.isoformat(), type=kind)


def _search_filters(params: QueryParams) -> Filters:
    """What a search page or download is narrowed to, from its query."""
    return Filters(
        q=params.get("q", "")[:500],
        since=_day_param(params, "since"),
        until=_day_param(params, "until"),
        outlet=params.get("outlet") or None,
        page=_page_param(params),
    )


def _given(filters: Mapping[str, str | None]) -> dict[str, str]:
    """The filters that narrow something (a download carries them), empty ones left out."""
    return {k: v for k, v in filters.items() if v}


def _day_param(params: QueryParams, name: str) -> str | None:
    """A ``YYYY-MM-DD`` query parameter, or 400 naming it."""
    value = params.get(name) or None
    if value is not None and not _ISO_DAY.fullmatch(value):
        raise HTTPException(400, f"{name}: {value!r} is not a date (YYYY-MM-DD).")
    return value


def _page_param(params: QueryParams) -> int:
    """A page number from 1 to 10,000, or 400."""
    page = params.get("page", "1")
    if not page.isdigit() or not 1 <= int(page) <= 10_000:
        raise HTTPException(400, f"page: {page!r} is not a page number.")
    return int(page)


def _mark(raw: str | None) -> tuple[int, int] | None:
    match = _MARK.fullmatch(raw or "")
    return (int(match[1]), int(match[2])) if match else None
