"""`/api/queries`: the named queries (queries/*.rq) listed with their metadata, and run.

The folder is read and every query parsed by this router's lifespan: a bad query stops
start-up. Each query gets its own documented route `/api/queries/<name>` (its parameters
appear in OpenAPI); parameters are validated by type (422 with a message) and bound with
the engine's substitutions. Results are negotiated like `/sparql` (SPARQL JSON first). A
call without parameters, or with only a GCM objective, takes the answer the build computed
(`service.api.answers`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from loaders.vocab import Ids
from service.api import answers
from service.api.named_queries import NamedQuery, load_queries
from service.engine.process import Request as EngineRequest
from service.errors import InvalidParameter, NotAcceptable, NotFound
from service.http import formats, openapi, spool
from service.http.conneg import negotiate
from service.http.public import public_root
from service.state import app_state, service_state


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    state = app_state(app.state)
    queries = load_queries(state.settings.queries_dir)
    state.named_queries = queries
    _document_routes(app, queries)
    yield


router = APIRouter(prefix="/api/queries", tags=["named queries"], lifespan=lifespan)

# A bad parameter is a 422 in FastAPI's own shape (`InvalidParameter`), as validation errors are.
_INVALID = {
    422: {
        "description": "A parameter is missing, repeated or not of its type",
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}
        },
    }
}
_RUN = openapi.ok(openapi.SPARQL_RESULTS) | openapi.errors(404, 406, 413, 503) | _INVALID


def describe(q: NamedQuery, root: str) -> dict[str, Any]:
    return {
        "name": q.name,
        "title": q.title,
        "description": q.description,
        "form": q.form,
        "url": f"{root}/api/queries/{q.name}",
        "parameters": [
            {"name": p.name, "type": p.type, "required": p.required, "description": p.description}
            for p in q.params
        ],
        "example": q.examples,
        "sparql": q.text,
    }


def _root(request: Request) -> str:
    return public_root(service_state(request).settings)  # never the request's Host


@router.get(
    "",
    summary="Every named query with its title, description and parameters",
    responses=openapi.ok(openapi.JSON),
)
def list_queries(request: Request) -> JSONResponse:
    root = _root(request)
    return JSONResponse(
        {"queries": [describe(q, root) for q in service_state(request).named_queries.values()]}
    )


@router.get(
    "/{name}",
    summary="Run a named query (parameters as query-string values)",
    responses=_RUN,
)
async def run_query(request: Request, name: str) -> Response:
    return await run(request, name)


async def run(request: Request, name: str) -> Response:
    query: NamedQuery | None = service_state(request).named_queries.get(name)
    if query is None:
        raise NotFound(f"no named query {name!r}; see /api/queries")
    settings = service_state(request).settings
    raw: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key in raw:
            raise InvalidParameter(f"parameter {key} given more than once", key)
        raw[key] = value
    subs = query.bindings(raw, Ids(settings.base_iri))
    graph = query.form in ("CONSTRUCT", "DESCRIBE")
    offers = formats.GRAPHS if graph else formats.RESULTS
    offer = negotiate(request.headers.get("accept"), offers)
    if offer is None:
        raise NotAcceptable(
            "no format fits Accept; offered: " + ", ".join(o.media_type for o in offers)
        )
    if not graph and settings.store_backend == "embedded":
        # the build answered it (service.api.answers): an aggregate need not scan again
        body = await answers.read_answer(service_state(request).build.root, query, subs, offer.key)
        if body is not None and len(body) <= settings.max_result_bytes:
            return spool.reply(
                body,
                spool_bytes=settings.spool_bytes,
                media_type=formats.content_type(offer),
                headers={"Vary": "Accept"},
            )
    engine = service_state(request).engine
    reply = await engine.query(
        EngineRequest(
            (query.portable or query.text) if settings.store_backend == "sparql" else query.text,
            results_format=None if graph else offer.key,
            graph_format=offer.key if graph else None,
            substitutions=subs,
            max_bytes=settings.max_result_bytes,
        )
    )
    return spool.reply(
        reply.body,
        spool_bytes=settings.spool_bytes,
        media_type=formats.content_type(offer),
        headers={"Vary": "Accept"},
    )


def _endpoint(name: str) -> Any:
    async def endpoint(request: Request) -> Response:
        return await run(request, name)

    endpoint.__name__ = f"query_{name.replace('-', '_')}"
    return endpoint


_OPENAPI_TYPES = {"integer": "integer", "year": "integer", "gcm": "integer"}


def _document_routes(app: FastAPI, queries: dict[str, NamedQuery]) -> None:
    """One OpenAPI-documented route per query, placed before the generic `{name}` route."""
    routes = []
    for q in queries.values():
        endpoint = _endpoint(q.name)
        parameters = [
            {
                "name": p.name,
                "in": "query",
                "required": p.required,
                "description": f"{p.description} (type `{p.type}`)",
                "schema": {"type": _OPENAPI_TYPES.get(p.type, "string")},
            }
            for p in q.params
        ]
        route = APIRoute(
            f"/api/queries/{q.name}",
            endpoint,
            methods=["GET"],
            summary=q.title,
            description=q.description,
            tags=["named queries"],
            operation_id=f"query_{q.name.replace('-', '_')}",
            openapi_extra={"parameters": parameters},
            responses=_RUN,
        )
        routes.append(route)
    app.router.routes[0:0] = routes
    app.openapi_schema = None
