"""`create_app(settings)`: the ASGI application, its start-up and its error mapping.

Start-up opens the published build (failing with a message naming the path if there is
none), starts the query processes and reads the named graphs' sizes. Every `ServiceError`
becomes a response here, in one place; anything else is a 500.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from service.engine.backend import make_engine
from service.engine.process import Request as EngineRequest
from service.errors import ServiceError
from service.http import openapi
from service.http.compression import Compression
from service.http.edge import Edge
from service.http.fastpath import FastPath, Handler
from service.http.limits import BodyLimit
from service.http.lookup_lane import LookupLane
from service.pages import errors as error_pages
from service.pages import quotes
from service.published import open_build
from service.routers import (
    api,
    docs,
    health,
    metadata,
    pages,
    queries,
    resources,
    search,
    sparql,
    tracker,
)
from service.settings import Settings, get_settings
from service.state import ServiceState, app_state

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
# The default graph is the merge of the named graphs as a set: a triple two documents state
# counts once, so its size is its own count, not the sum of the graphs' sizes.
DEFAULT_GRAPH_SIZE = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    state = app_state(app.state)
    settings = state.settings
    state.build = open_build(settings.build_dir)
    engine = make_engine(settings, state.build)
    await engine.start()
    state.engine = engine
    try:
        reply = await engine.query(EngineRequest(GRAPH_SIZES), timeout=600)
        rows = json.loads(reply.body)["results"]["bindings"]
        state.graph_counts = [(r["g"]["value"], int(r["n"]["value"])) for r in rows]
        rows = await engine.select(DEFAULT_GRAPH_SIZE)
        state.default_graph_triples = int(rows[0]["n"]["value"])
        yield
    finally:
        await engine.close()


async def _service_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ServiceError)
    return error_pages.respond(request, exc)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return error_pages.respond(request, error_pages.from_validation(exc.errors()))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    return error_pages.respond(request, error_pages.from_http(exc))


def _operation_id(route: APIRoute) -> str:
    """The endpoint's name; `Service.openapi` adds the method."""
    return route.name


class Service(FastAPI):
    """The FastAPI app, with `FastPath` answering plain GETs of its hottest routes first,
    both behind `Compression` (gzip for text replies) and `Edge` (security headers, HEAD,
    OPTIONS, malformed paths, disconnects)."""

    fast_path: FastPath | None = None
    edge: Edge | None = None
    lane: LookupLane | None = None

    def openapi(self) -> dict[str, Any]:
        """FastAPI's document with one operation id per method: FastAPI gives every method
        of a route (GET and HEAD of `/id/...`, GET and POST of `/sparql`) the same id, which
        client generators reject. `tests/service/test_openapi.py` checks they are unique.
        Every operation also declares the 431 the connection layer may answer."""
        if self.openapi_schema is None:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message="Duplicate Operation ID")
                schema = super().openapi()
            # the connection layer (`http/connection.py`) answers 431 before any route runs
            head_too_large = openapi.errors(431)[431]
            for item in schema["paths"].values():
                for method, operation in item.items():
                    operation["operationId"] = f"{operation['operationId']}_{method}"
                    operation.setdefault("responses", {}).setdefault("431", head_too_large)
            self.openapi_schema = schema
        return self.openapi_schema

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        job = self.lane.job(scope) if self.lane is not None else None
        if job is not None:
            await self.lane.answer(job, scope, receive, send, self.layered)  # type: ignore[union-attr]
        else:
            await self.layered(scope, receive, send)

    async def layered(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Every layer: `Edge`, `Compression`, then the fast path or the full stack."""
        if self.edge is None:
            await self.dispatch(scope, receive, send)
        else:
            await self.edge(scope, receive, send)

    async def dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The fast path's handler when it has one for `scope`, else the full stack."""
        handler = self.fast_path.handler(scope) if self.fast_path is not None else None
        if handler is None:
            await super().__call__(scope, receive, send)
        else:
            scope["app"] = self  # what Starlette sets: handlers read `request.app.state`
            await self.fast_path.serve(handler, scope, receive, send)  # type: ignore[union-attr]


def create_app(settings: Settings | None = None) -> FastAPI:
    """The application for `settings` (default: from the environment, `get_settings()`)."""
    settings = settings or get_settings()
    app = Service(
        title="migrakg",
        generate_unique_id_function=_operation_id,
        summary="Knowledge graph of Mexico's migration policy: SPARQL and linked data",
        lifespan=lifespan,
        docs_url=None,  # FastAPI's pages load from a CDN: `routers.docs` serves them locally
        redoc_url=None,
    )
    app.edge = Edge(
        Compression(app.dispatch), app.router.routes, refusals=frozenset({"sparql_other"})
    )
    state = ServiceState(settings, Jinja2Templates(directory=str(TEMPLATES_DIR)))
    state.templates.env.filters["clean"] = quotes.clean  # a quoted line without its markup

    def api_route(scope: Scope) -> Handler | None:
        return state.api_fast.route(scope) if state.api_fast is not None else None

    app.fast_path = FastPath(
        exact={"/sparql": sparql.sparql},
        prefixes={"/id/": resources.fast_instance},
        on_error=_service_error,
        routers={"/api/": api_route},
    )
    # No `dependency_overrides`: any entry makes FastAPI re-solve every route's dependencies
    # on every request (~3.6 ms a collection page), and no route depends on the settings.
    app.state.service = state

    def lookups() -> ServiceState | None:
        """The state once the engine runs, when bounded lookups stay in this process."""
        embedded = settings.store_backend == "embedded" and settings.in_process_lookups
        return state if embedded and state.engine_started else None

    app.lane = LookupLane(lookups)
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=["Content-Type", "Vary", "Link"],
        max_age=86400,
    )
    # Routes are matched in order: the busiest (SPARQL, dereferencing) go first.
    app.include_router(sparql.router)
    app.include_router(resources.router)
    app.include_router(health.router)
    app.include_router(pages.router)
    app.include_router(queries.router)
    app.include_router(search.router)
    app.include_router(tracker.router)
    app.include_router(api.router)
    app.include_router(metadata.router)
    app.include_router(docs.router)
    return app
