"""The REST API and the dashboard it serves: one FastAPI application over a store.

::

    app = create_app("sqlite:///veille.db", token="a-long-random-token")
    uvicorn.run(app, host="127.0.0.1", port=8000)

Every route reads through :class:`veille.store.Store`, with the same query
objects as the CLI and the exports, so a filter means the same thing
everywhere. The API is read-only unless a token is configured: then
``POST /ingest`` takes ``Authorization: Bearer TOKEN``; without one it
answers 403. Request bodies larger than :data:`MAX_BODY_FACTOR` times
``Settings.max_document_bytes`` are refused with 413 before they are read
whole. CORS is off unless origins are given. Errors answer
:class:`~veille.api.models.ErrorBody` (``{"error", "detail"}``).

The dashboard (``/``) is static HTML, CSS and JavaScript from
``veille/api/static/``, with its map outlines bundled; its pages carry a
Content-Security-Policy that lets only its own scripts run.
"""

from __future__ import annotations

import hmac
import json
import logging
import tempfile
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from veille._version import __version__
from veille.api.models import (
    AnnotatedSpan,
    ArticleDetail,
    ArticleSummary,
    ErrorBody,
    EventPage,
    Health,
    IngestOutcome,
    IngestRequest,
    IngestResponse,
)
from veille.config import Settings
from veille.errors import NotFoundError, StoreError, VeilleError
from veille.store import (
    ActorCount,
    ArticleQuery,
    Deadline,
    EventQuery,
    EventStats,
    Store,
    StoredArticle,
    StoredEvent,
    open_store,
)

__all__ = ["MAX_BODY_FACTOR", "MAX_PAGE", "STATIC", "create_app"]

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
"""The dashboard's files."""
MAX_PAGE = 500
"""The most items one listing returns."""
MAX_BODY_FACTOR = 2
"""A request body may be this many times ``Settings.max_document_bytes`` (JSON escaping makes text longer)."""
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""Only the dashboard's own scripts run, whatever an article's text holds."""

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_ERRORS = {401: "Unauthorized", 403: "Forbidden", 404: "NotFoundError", 413: "TooLarge", 422: "InvalidRequest"}
_REFUSALS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": name} for code, name in _ERRORS.items() if code != 401
}


class _BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, by their Content-Length or as they stream in."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or ()).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await self._refuse(send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = ErrorBody(
            error="TooLarge",
            detail=f"the request body is over {self.limit:,} bytes: send fewer or smaller documents",
        )
        response = JSONResponse(body.model_dump(), status_code=413)
        await response({"type": "http"}, _no_body, send)


class _TooLarge(Exception):
    """A streamed request body went over the limit."""


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


def _error(status: int, detail: str, error: str | None = None) -> JSONResponse:
    body = ErrorBody(error=error or _ERRORS.get(status, "Error"), detail=detail)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def _summary(article: StoredArticle) -> ArticleSummary:
    return ArticleSummary(
        id=article.id,
        title=article.title,
        url=article.canonical_url or article.url,
        site=article.site_name or article.host,
        source=article.source,
        published=article.published,
        language=article.language,
        cluster_id=article.cluster_id,
    )


def _spans(analysis: dict[str, Any] | None) -> list[AnnotatedSpan]:
    """The annotated stretches of an analysis record, in text order."""
    if not analysis:
        return []
    found: dict[tuple[str, int, int], AnnotatedSpan] = {}

    def add(
        kind: Any, span: dict[str, Any] | None, label: str, ref: str | None = None, event: int | None = None
    ) -> None:
        if not span or span.get("start") is None or span.get("end") is None:
            return
        key = (kind, int(span["start"]), int(span["end"]))
        if key not in found:
            found[key] = AnnotatedSpan(
                kind=kind, start=key[1], end=key[2], text=str(span.get("text") or ""), label=label, ref=ref
            )
        if event is not None and event not in found[key].events:
            found[key].events.append(event)

    for actor in analysis.get("actors") or ():
        for mention in actor.get("mentions") or ():
            add("actor", mention, actor.get("name") or "", actor.get("id"))
    for place in analysis.get("places") or ():
        for mention in place.get("mentions") or ():
            add("place", mention, place.get("name") or "", place.get("id"))
    for time in analysis.get("times") or ():
        add("deadline" if time.get("kind") == "deadline" else "time", time, time.get("value") or "")
    for n, event in enumerate(analysis.get("events") or ()):
        label = event["type"] + (f" ({event['mode']})" if event.get("mode") else "")
        add("trigger", event.get("trigger"), label, event=n)
        for side in ("actors", "recipients"):
            for argument in event.get(side) or ():
                add("actor", argument, argument.get("name") or "", argument.get("id"), n)
        for location in event.get("locations") or ():
            add("place", location, location.get("name") or "", location.get("id"), n)
        when = event.get("date") or {}
        add("time", when, str(when.get("value") or ""), event=n)
        deadline = event.get("deadline") or {}
        add("deadline", deadline, str(deadline.get("value") or ""), event=n)
    return sorted(found.values(), key=lambda s: (s.start, -s.end, s.kind))


def _pair(value: str | None, what: str) -> tuple[str, str] | None:
    if value is None:
        return None
    parts = [p.strip() for p in value.replace(":", ",").split(",")]
    if len(parts) != 2 or not all(parts):
        raise HTTPException(422, f"{what} must be two country codes, ACTOR,RECIPIENT (e.g. ISR,PSE), not {value!r}")
    return parts[0], parts[1]


def _box(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    try:
        west, south, east, north = (float(p) for p in value.split(","))
    except ValueError:
        raise HTTPException(
            422, f"bbox must be WEST,SOUTH,EAST,NORTH in degrees (e.g. 34,29,36,34), not {value!r}"
        ) from None
    return west, south, east, north


def _event_query(
    type: Annotated[str | None, Query(description="PLOVER event type, e.g. ASSAULT.")] = None,
    mode: Annotated[str | None, Query(description="PLOVER mode, e.g. aerial.")] = None,
    modality: Annotated[str | None, Query(description="asserted, alleged, future, hypothetical or negated.")] = None,
    actor: Annotated[str | None, Query(description="Actor id on either side.")] = None,
    country: Annotated[str | None, Query(description="ISO alpha-3 country of an actor or recipient.")] = None,
    dyad: Annotated[str | None, Query(description="ACTOR,RECIPIENT countries, e.g. ISR,PSE.")] = None,
    since: Annotated[date | None, Query(description="Event date on or after (YYYY-MM-DD).")] = None,
    until: Annotated[date | None, Query(description="Event date on or before (YYYY-MM-DD).")] = None,
    has_deadline: Annotated[bool | None, Query(description="With (true) or without (false) a deadline.")] = None,
    bbox: Annotated[str | None, Query(description="WEST,SOUTH,EAST,NORTH: a place inside.")] = None,
    q: Annotated[str | None, Query(description="Words in the evidence or in names of actors and places.")] = None,
    cluster: Annotated[int | None, Query(description="Reported by an article of this cluster.")] = None,
    sort: Annotated[str, Query(description="date, deadline, confidence, sources or id; -KEY descends.")] = "-date",
    limit: Annotated[int, Query(ge=0, le=MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> EventQuery:
    try:
        return EventQuery(
            type=type,
            mode=mode,
            modality=modality,
            actor=actor,
            country=country,
            dyad=_pair(dyad, "dyad"),
            since=since,
            until=until,
            has_deadline=has_deadline,
            bbox=_box(bbox),
            q=q,
            cluster_id=cluster,
            sort=sort,
            limit=limit,
            offset=offset,
        )
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None


EventFilters = Annotated[EventQuery, Depends(_event_query)]


class _Ingester:
    """Runs ``POST /ingest`` bodies through the library's ingest, one at a time, with one pipeline."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._lock = threading.Lock()
        self._pipeline: Any = None

    def run(self, request: IngestRequest) -> IngestResponse:
        from veille.batch import ingest
        from veille.pipeline import Pipeline, default_stages

        with self._lock, tempfile.TemporaryDirectory(prefix="veille-api-") as folder:
            if self._pipeline is None:
                self._pipeline = Pipeline(default_stages(self.settings))
            inputs: list[str] = []
            names: dict[str, str] = {}
            if request.documents:
                # The documents go through the JSONL reader, as `veille ingest docs.jsonl` reads them.
                path = Path(folder) / "request.jsonl"
                with path.open("w", encoding="utf-8") as fh:
                    for n, document in enumerate(request.documents):
                        fields = document.model_dump(mode="json", exclude_none=True)
                        fh.write(json.dumps(fields, ensure_ascii=False) + "\n")
                        names[f"{path}:{n + 1}"] = document.id or f"documents[{n}]"
                inputs.append(str(path))
            inputs.extend(request.urls)
            outcomes = [
                IngestOutcome(
                    source=names.get(o.source, o.source),
                    status=o.status,
                    article_id=o.article_id,
                    cluster_id=o.cluster_id,
                    message=o.message,
                )
                for o in ingest(inputs, self.store, self.settings, self._pipeline)
            ]
        return IngestResponse(
            stored=sum(o.status == "stored" for o in outcomes),
            duplicates=sum(o.status == "duplicate" for o in outcomes),
            failed=sum(o.status == "failed" for o in outcomes),
            outcomes=outcomes,
        )


def create_app(
    settings: Settings | str | None = None,
    *,
    token: str | None = None,
    cors_origins: tuple[str, ...] = (),
) -> FastAPI:
    """The API and dashboard over the store of ``settings`` (or a database URL).

    ``token`` (else ``settings.api_token``) enables ``POST /ingest`` for
    requests that carry it. ``cors_origins`` lets pages of those origins
    call the API from a browser (none by default). The store is opened now,
    so a bad database URL fails here, and closed when the application stops.
    """
    if settings is None:
        settings = Settings.load()
    elif isinstance(settings, str):
        settings = Settings(db=settings)
    if token is not None:
        settings = settings.replace(api_token=token)
    secret = settings.api_token
    store = open_store(settings.db)
    ingester = _Ingester(store, settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="Veille",
        version=__version__,
        summary="Geopolitical events coded from news: articles, events, actors, deadlines, statistics.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        responses=_REFUSALS,
    )
    app.state.store = store
    app.state.settings = settings
    limit = settings.max_document_bytes * MAX_BODY_FACTOR
    app.add_middleware(_BodyLimit, limit=limit)
    if cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = CSP
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()) if p not in ('query', 'body', 'path'))}: {e.get('msg')}"
            for e in exc.errors()
        )
        return _error(422, f"invalid request: {problems}")

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> JSONResponse:
        return _error(404, str(exc))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> JSONResponse:
        log.error("%s %s: %s", request.method, request.url.path, exc)
        return _error(503, str(exc), "StoreError")

    @app.exception_handler(VeilleError)
    async def veille_error(request: Request, exc: VeilleError) -> JSONResponse:
        return _error(400, str(exc), type(exc).__name__)

    def writer(authorization: Annotated[str | None, Header()] = None) -> None:
        if secret is None:
            raise HTTPException(403, "the API is read-only: start it with a token (veille serve --token) to ingest")
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), secret.encode()):
            raise HTTPException(401, "POST /ingest needs the API token: send the header Authorization: Bearer TOKEN")

    @app.get("/health", tags=["service"])
    def health() -> Health:
        """Whether the API and its database answer."""
        store.stats()
        return Health(status="ok", version=__version__, writable=secret is not None)

    @app.get("/articles", tags=["articles"])
    def list_articles(
        since: Annotated[date | None, Query(description="Published on or after.")] = None,
        until: Annotated[date | None, Query(description="Published on or before.")] = None,
        site: Annotated[str | None, Query(description="Site name or host contains.")] = None,
        language: Annotated[str | None, Query(description="Language code (fr, en).")] = None,
        cluster: Annotated[int | None, Query(description="Near-duplicate cluster id.")] = None,
        limit: Annotated[int, Query(ge=0, le=MAX_PAGE)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> list[ArticleSummary]:
        """Stored articles, newest first, without their text."""
        try:
            query = ArticleQuery(
                since=since, until=until, site=site, language=language, cluster_id=cluster, limit=limit, offset=offset
            )
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from None
        return [_summary(a) for a in store.articles(query)]

    @app.get("/articles/{article_id}", tags=["articles"])
    def get_article(article_id: int) -> ArticleDetail:
        """One article: the text its spans point into, its annotated spans and its analysis record."""
        article = store.article(article_id)
        return ArticleDetail(
            **_summary(article).model_dump(),
            text=store.article_source_text(article_id),
            spans=_spans(article.analysis),
            analysis=article.analysis,
            event_ids=store.events_reported_by([article_id]),
        )

    @app.get("/events", tags=["events"])
    def list_events(query: EventFilters) -> EventPage:
        """Stored events with the filters the CLI and the exports share, one page at a time."""
        items = list(store.events(query))
        more = query.limit > 0 and len(items) == query.limit
        return EventPage(
            items=items,
            limit=query.limit,
            offset=query.offset,
            next_offset=query.offset + query.limit if more else None,
        )

    @app.get("/events/{event_id}", tags=["events"])
    def get_event(event_id: int) -> StoredEvent:
        """One event with all its mentions: each article's report, with its evidence."""
        return store.event(event_id)

    @app.get("/actors", tags=["actors"])
    def list_actors(
        q: Annotated[str | None, Query(description="Name or id contains.")] = None,
        limit: Annotated[int, Query(ge=0, le=MAX_PAGE)] = 50,
    ) -> list[ActorCount]:
        """Actors and recipients of stored events, those in the most events first."""
        return store.actors(q, limit)

    @app.get("/deadlines", tags=["events"])
    def list_deadlines(
        today: Annotated[date | None, Query(description="Count from this day (default: today).")] = None,
        limit: Annotated[int, Query(ge=0, le=MAX_PAGE)] = 50,
    ) -> list[Deadline]:
        """Running ultimatums: events whose deadline has not passed, the soonest first, with the days left."""
        return store.deadlines(today, limit)

    @app.get("/stats", tags=["events"])
    def get_stats(query: EventFilters) -> EventStats:
        """Counts of the filtered events per date × type × country of place, and the dyad matrix."""
        return store.event_stats(query)

    @app.post(
        "/ingest",
        tags=["articles"],
        dependencies=[Depends(writer)],
        responses={401: {"model": ErrorBody, "description": "Unauthorized"}},
    )
    def post_ingest(request: IngestRequest) -> IngestResponse:
        """Ingest documents and URLs (needs the API token); one outcome per document, in order."""
        if not request.documents and not request.urls:
            raise HTTPException(422, "nothing to ingest: send documents (with text or html) or urls")
        return ingester.run(request)

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
