"""`/api`: the JSON-LD API (Hydra collections, framed items, timelines, the context).

Items, timelines and pages filtered by facets are answered on the fast path from the
build's snapshot (`service.api.fast`, `service.api.snapshot`) when the build has one; these
routes answer what it declines (a `q` text filter, a 404, a 422) and everything when the
build has no snapshot. Collections are answered from the in-process member index
(`service.api.index`, read once at start-up by this router's lifespan); items are one
CONSTRUCT through the engine (the query processes) framed with pyld in a worker thread.
`application/ld+json` and `application/json` get the same body; both get the context's
`Link` header.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Path
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from service.api import collections, context, framing, snapshot, timeline
from service.api import index as index_module
from service.api.fast import FastApi
from service.api.filters import SLUG, Filters, Paging
from service.api.index import MemberIndex
from service.api.kinds import KINDS, Kind
from service.engine.process import Request as EngineRequest
from service.errors import NotAcceptable, NotFound
from service.http import openapi
from service.http.conneg import Offer, negotiate
from service.http.public import public_root
from service.search import snippet
from service.search.query import parse
from service.search.results import filtered
from service.state import app_state, service_state


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Reads the member index once the engine is up (the app's own lifespan runs first),
    and maps the build's API snapshot, which the fast path answers from."""
    state = app_state(app.state)
    state.index = await index_module.load(state.engine, state.settings.base_iri)
    snap = snapshot.open_snapshot(state.build.root / snapshot.FILE_NAME)
    state.api_fast = FastApi(state, snap) if snap is not None else None
    yield


router = APIRouter(
    prefix="/api",
    tags=["API"],
    lifespan=lifespan,
    responses=openapi.ok(openapi.JSON_LD) | openapi.errors(404, 406, 413, 503),
)

OFFERS = (
    Offer("application/ld+json", "jsonld", "jsonld"),
    Offer("application/json", "json", "json"),
)


class JsonLd(JSONResponse):
    media_type = "application/ld+json"

    def render(self, content: Any) -> bytes:
        import json

        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def root_url(request: Request) -> str:
    """The public root of this service, without a trailing slash (absolute)."""
    return public_root(service_state(request).settings)  # never the request's Host


def context_url(request: Request) -> str:
    return root_url(request) + context.PATH


def get_index(request: Request) -> MemberIndex:
    return service_state(request).index


def _offer(request: Request) -> Offer:
    offer = negotiate(request.headers.get("accept"), OFFERS)
    if offer is None:
        raise NotAcceptable("this resource is offered as application/ld+json or application/json")
    return offer


def respond(request: Request, body: Any, links: dict[str, str] | None = None) -> Response:
    """The body as JSON-LD or plain JSON by `Accept`, with the context `Link` header."""
    offer = _offer(request)
    link = collections.link_header(links or {}, context_url(request))
    return JsonLd(
        body,
        media_type=offer.media_type,
        headers={"Link": link, "Vary": "Accept"},
    )


def collection_page(
    request: Request, kind: Kind, idx: MemberIndex, filters: Filters, paging: Paging
) -> Response:
    """One page of `kind`, filtered (shared by the API routes and the HTML pages)."""
    iris, hits = filtered(service_state(request), kind.name, filters)
    extra: dict[str, dict[str, Any]] = {}
    if filters.q:  # ranked by the full-text index, best first
        search = service_state(request).search
        query = parse(filters.q)
        for i in iris[(paging.page - 1) * paging.per_page : paging.page * paging.per_page]:
            row = search.rows([hits[i]])[0]
            parts = snippet.segments(row.text, query)
            extra[i] = {"score": hits[i].score, "snippet": snippet.plain(parts),
                        "highlight": snippet.marked(parts)}  # fmt: skip
    last = collections.page_count(len(iris), paging.per_page)
    if paging.page > last:
        raise NotFound(f"page {paging.page} is past the last page ({last})")
    params = {k: v for k, v in asdict(filters).items() if v is not None}
    body, links = collections.collection(
        idx,
        iris,
        collection_url=f"{root_url(request)}/api/{kind.path}",
        params=params,
        page=paging.page,
        per_page=paging.per_page,
        context_url=context_url(request),
    )
    for member in body["member"]:
        member.update(extra.get(member["id"], {}))
    return respond(request, body, links)


async def item_body(request: Request, kind: Kind, item_id: str) -> dict[str, Any]:
    """The framed item of `kind` with local id `item_id`; `NotFound` if not a member."""
    idx = get_index(request)
    iri = idx.member_iri(kind, item_id)
    if iri is None:
        raise NotFound(f"no {kind.name} member {item_id!r} ({idx.ids.base}{kind.prefix}{item_id})")
    engine = service_state(request).engine
    settings = service_state(request).settings
    reply = await engine.query(
        EngineRequest(
            framing.item_query(settings.base_iri),
            results_format=None,
            graph_format="N_TRIPLES",
            substitutions={"r": ("iri", iri)},
            max_bytes=settings.max_result_bytes,
        )
    )
    nquads = reply.body.decode("utf-8")
    return await run_in_threadpool(framing.frame, nquads, iri, context_url(request))


@router.get(
    "/context/v1.jsonld",
    summary="The JSON-LD 1.1 context, version 1",
    response_class=JsonLd,
)
def context_document() -> Response:
    return JsonLd(
        context.document(),
        headers={"Cache-Control": "public, max-age=86400", "Access-Control-Allow-Origin": "*"},
    )


@router.get("", summary="Entry point: the collections, the context and the named queries")
def entry_point(request: Request) -> Response:
    root = root_url(request)
    idx = get_index(request)
    body = {
        "@context": context_url(request),
        "id": f"{root}/api",
        "collections": [
            {
                "name": k.name,
                "url": f"{root}/api/{k.path}",
                "title": {"es": k.title_es, "en": k.title_en},
                "totalItems": len(idx.by_kind.get(k.name, [])),
            }
            for k in KINDS
        ],
        "queries": f"{root}/api/queries",
        "documentation": f"{root}/docs",
    }
    return respond(request, body)


TIMELINE_DOC = (
    "History across the source documents: for every document (in year order) the actions "
    "naming it, with the PEM lines of action and GCM objectives they serve."
)


@router.get(
    "/agencies/{item_id}/timeline",
    summary="An agency's timeline, following renames (org:ChangeEvent)",
    description=TIMELINE_DOC,
)
def agency_timeline(
    request: Request, item_id: Annotated[str, Path(pattern=SLUG, max_length=120)]
) -> Response:
    return _timeline(request, "agencies", item_id, "agency")


@router.get(
    "/programs/{item_id}/timeline",
    summary="A program's timeline across the documents",
    description=TIMELINE_DOC,
)
def program_timeline(
    request: Request, item_id: Annotated[str, Path(pattern=SLUG, max_length=200)]
) -> Response:
    return _timeline(request, "programs", item_id, "program")


def _timeline(
    request: Request, kind_name: str, item_id: str, subject: timeline.Subject
) -> Response:
    idx = get_index(request)
    kind = next(k for k in KINDS if k.name == kind_name)
    iri = idx.member_iri(kind, item_id)
    if iri is None:
        raise NotFound(f"no {kind.name} member {item_id!r}")
    return JSONResponse(
        timeline.timeline(idx, iri, subject),
        headers={"Vary": "Accept"},
    )


def _register(kind: Kind) -> None:
    def list_members(
        request: Request,
        filters: Annotated[Filters, Depends()],
        paging: Annotated[Paging, Depends()],
    ) -> Response:
        return collection_page(request, kind, get_index(request), filters, paging)

    async def get_item(request: Request, item_id: str) -> Response:
        return respond(request, await item_body(request, kind, item_id))

    list_members.__name__ = f"list_{kind.name.replace('-', '_')}"
    get_item.__name__ = f"get_{kind.name.replace('-', '_')}"
    router.add_api_route(
        f"/{kind.path}",
        list_members,
        methods=["GET"],
        summary=f"{kind.title_en} ({kind.title_es}): a Hydra collection",
        description=(
            f"Members of `{kind.cls}`, in a stable order, paged (`hydra:view`, `Link`). "
            "A member matches a filter when it, or an action naming it, has the value; "
            "filters combine with AND."
        ),
        response_class=JsonLd,
    )
    router.add_api_route(
        f"/{kind.path}/{{item_id:path}}",
        get_item,
        methods=["GET"],
        summary=f"One of the {kind.title_en.lower()}: a framed JSON-LD tree",
        description=(
            f"The item `{{base}}{kind.prefix}{{item_id}}`: its triples, one level into blank "
            "nodes, and the labels of what it links to (and their skos:broader chains)."
        ),
        response_class=JsonLd,
        responses={404: {"description": "Unknown id"}},
    )


for _kind in KINDS:
    _register(_kind)

__all__: list[str] = ["collection_page", "item_body", "router"]
