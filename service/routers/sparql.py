"""`/sparql`: the query side of the SPARQL 1.1 Protocol; a bare GET gets the description
(a browser gets a page about the endpoint instead)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from service.engine.pool import check
from service.engine.process import Request as EngineRequest
from service.errors import MethodNotAllowed, NotAcceptable
from service.http import formats, openapi, spool
from service.http import service_description as description
from service.http.conneg import accept_header, negotiate
from service.http.protocol import read_query_request
from service.http.public import public_root
from service.pages.editor_links import editor_link
from service.pages.render import render
from service.state import service_state

router = APIRouter(tags=["SPARQL"])

VARY = {"Vary": "Accept"}
_FORMS = {"solutions": "SELECT", "boolean": "ASK", "graph": "CONSTRUCT or DESCRIBE"}
# A bare GET: the service description for code (Turtle first, so `*/*` keeps getting it),
# a page for a browser, whose Accept names text/html first.
_BARE = (*formats.GRAPHS, formats.HTML)


_SUMMARY = "SPARQL 1.1 query endpoint (a bare GET gives the service description)"
_RESPONSES = openapi.ok([*openapi.SPARQL_RESULTS, *openapi.HTML]) | openapi.errors(
    400, 403, 406, 413, 503
)


@router.api_route(
    "/sparql",
    methods=["GET", "POST"],
    summary=_SUMMARY,
    response_class=Response,
    responses=_RESPONSES | openapi.errors(415),  # 415: a POST body of another type
)
async def sparql(request: Request) -> Response:
    """Runs a read-only query in a query process; the body is complete before it is sent."""
    state = service_state(request)
    settings = state.settings
    protocol = await read_query_request(request, settings.max_body_bytes)
    accept = accept_header(request.headers)
    if protocol.query is None:
        if request.method == "GET" and negotiate(accept, _BARE) is formats.HTML:
            return _page(request)  # a browser: what the endpoint is, a form, the editor
        return _service_description(request, accept)
    # What the endpoint refuses (SERVICE, updates, deep nesting) is found by the query
    # process, off this event loop (`service.engine.process.evaluate`); no format fitting the form
    # of the result is its "not-acceptable" reply.
    results = negotiate(accept, formats.RESULTS)
    graphs = negotiate(accept, formats.GRAPHS)
    default, named = protocol.default_graphs, protocol.named_graphs
    dataset_given = bool(default or named)
    reply = await state.engine.run(
        EngineRequest(
            protocol.query,
            results_format=results.key if results else None,
            graph_format=graphs.key if graphs else None,
            default_graph=default if dataset_given else None,
            named_graphs=named if dataset_given else None,
            max_bytes=settings.max_result_bytes,
        )
    )
    if reply.status == "not-acceptable":
        raise NotAcceptable(
            f"no format of a {_FORMS[reply.kind]} result fits Accept: {(accept or '')[:200]}"
        )
    check(reply)
    offer = graphs if reply.kind == "graph" else results
    assert offer is not None  # the worker answers not-acceptable otherwise
    # A large body goes out from a temporary file, under flow control (`service.http.spool`).
    media_type = formats.content_type(offer)
    return spool.reply(
        reply.body, spool_bytes=settings.spool_bytes, headers=VARY, media_type=media_type
    )


@router.api_route(
    "/sparql",
    methods=["PUT", "DELETE", "PATCH"],
    include_in_schema=False,
)
async def sparql_other(request: Request) -> Response:
    raise MethodNotAllowed(f"{request.method} is not allowed on /sparql; use GET or POST")


_EXAMPLE = """PREFIX mig: <https://w3id.org/migracion-mx/def#>
SELECT ?year (COUNT(DISTINCT ?a) AS ?actions)
WHERE { ?a a mig:Action ; mig:year ?year }
GROUP BY ?year ORDER BY ?year"""


def _page(request: Request) -> Response:
    state = service_state(request)
    response = render(
        request,
        "sparql.html",
        queries=sorted(state.named_queries.values(), key=lambda q: q.title),
        example=_EXAMPLE,
        endpoint=public_root(state.settings) + "/sparql",
        editor_link=editor_link,
    )
    response.headers.update(VARY)
    return response


def _service_description(request: Request, accept: str | None) -> Response:
    offer = negotiate(accept, formats.GRAPHS)
    if offer is None:
        raise NotAcceptable(f"no RDF format fits Accept: {(accept or '')[:200]}")
    state = service_state(request)
    # One endpoint URL, from the settings (never the request's Host: `service.http.public`), so
    # one body per format: the cache holds at most len(formats.GRAPHS) small entries.
    cache = state.description_cache
    body = cache.get(offer.key)
    if body is None:
        endpoint = public_root(state.settings) + "/sparql"
        triples = description.service_description(
            endpoint,
            state.graph_counts,
            state.default_graph_triples,
            state.build.report,
            state.build.build_id,
        )
        body = cache[offer.key] = description.serialize(triples, offer.key)
    return Response(body, headers=VARY, media_type=formats.content_type(offer))
