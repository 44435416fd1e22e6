"""`/api/search`, `/api/suggest` and `/reconcile`: the full-text index as an API.

`/api/search` is the same search as the `/buscar` page (ranked, filtered, faceted, paged) in
JSON-LD; with `format=values` it is a SPARQL `VALUES` block of the matching IRIs, to paste
into a query that adds graph patterns (README, "Search"). `/api/suggest` feeds the search
box's autocompletion. `/reconcile` is the W3C Reconciliation Service API (OpenRefine).
"""

from __future__ import annotations

import json
import tempfile
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, Form, Query
from markupsafe import escape
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)

from loaders.publishing.search_index import SEARCH_FILE
from service.api.collections import summary
from service.api.filters import SearchFilters
from service.api.kinds import BY_NAME, MIG
from service.errors import BadRequest, NotFound
from service.http import openapi
from service.http.public import public_root
from service.linked_data.links import href
from service.search import reconcile, results, snippet
from service.search.index import SearchIndex
from service.state import app_state, service_state


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Opens the build's search index (read-only, immutable) when first asked for: a build
    without one (older, or written by a tool) is indexed then, into a scratch directory."""
    state = app_state(app.state)
    root = state.build.root
    with tempfile.TemporaryDirectory(prefix="migrakg-search-") as scratch:
        lock = threading.Lock()

        def load() -> SearchIndex:
            with lock:
                if state.search_loaded is None:
                    state.search_loaded = SearchIndex.for_build(root, Path(scratch))
                return state.search_loaded

        state.search_loader = load
        if (root / SEARCH_FILE).is_file():
            load()
        yield


router = APIRouter(tags=["search"], lifespan=lifespan, responses=openapi.errors(400, 503))

KindName = Literal[
    "pem-objectives", "pem-strategies", "pem-lines", "gcm-objectives", "agencies",
    "programs", "actions", "documents", "datasets", "observations",
]  # fmt: skip


class JsonLd(JSONResponse):
    media_type = "application/ld+json"

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


SUGGESTED = tuple(
    BY_NAME[k].cls
    for k in ("agencies", "programs", "gcm-objectives", "pem-objectives", "pem-lines", "documents")
)


def found_member(request: Request, f: results.Found) -> dict[str, Any]:
    """A hit as an API member: the summary, then the score, snippet and source lines."""
    state = service_state(request)
    idx = state.index
    node: dict[str, Any] = (
        summary(idx, f.hit.iri) if f.hit.iri in idx.members else {"id": f.hit.iri}
    )
    node["searchTitle"] = f.row.title
    node["score"] = f.hit.score
    node["snippet"] = snippet.plain(f.parts)
    node["highlight"] = snippet.marked(f.parts)
    if f.row.lines:
        start, _, end = f.row.lines.partition("-")
        node["sourceLineStart"], node["sourceLineEnd"] = int(start), int(end)
    return node


@router.get(
    "/api/search",
    summary="Full-text search: ranked, with score, snippet and facet counts",
    description=(
        "Spanish full text (stems, accents and case ignored; acronyms as whole words; "
        '`"phrases"`, `-word` to exclude, `word*` for a prefix, `OR`). Filters as in the '
        "collections, plus `kind`. `format=values` answers a SPARQL `VALUES ?s { ... }` "
        "block of every matching IRI (text/plain), to combine the search with graph patterns."
    ),
    responses=openapi.ok([*openapi.JSON_LD, "text/plain"]) | openapi.errors(404),
)
def api_search(
    request: Request,
    filters: Annotated[SearchFilters, Depends()],
    kind: Annotated[KindName | None, Query(description="Kind of resource")] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=500)] = 20,
    format: Annotated[Literal["jsonld", "values"], Query()] = "jsonld",
) -> Response:
    state = service_state(request)
    idx = state.index
    q = filters.q or ""
    wanted = {**filters.facets(idx), "kind": kind}
    if format == "values":
        page_all = results.run(state.search, idx, q, wanted, page=1, per_page=10**9)
        iris = list(dict.fromkeys(f.hit.iri for f in page_all.found))
        values = "VALUES ?s {\n" + "".join(f"  <{i}>\n" for i in iris) + "}\n"
        return PlainTextResponse(values)
    found = results.run(state.search, idx, q, wanted, page=page, per_page=per_page)
    if page > found.last:
        raise NotFound(f"page {page} is past the last page ({found.last})")
    root = public_root(state.settings)
    params = {k: v for k, v in asdict(filters).items() if v is not None}
    if kind:
        params["kind"] = kind

    def url(n: int) -> str:
        return f"{root}/api/search?" + urlencode({**params, "page": n, "per_page": per_page})

    view: dict[str, Any] = {"id": url(page), "type": "PartialCollectionView", "first": url(1),
                            "last": url(found.last)}  # fmt: skip
    if page > 1:
        view["previous"] = url(page - 1)
    if page < found.last:
        view["next"] = url(page + 1)
    body: dict[str, Any] = {
        "@context": root + "/api/context/v1.jsonld",
        "id": f"{root}/api/search?" + urlencode(params),
        "type": "Collection",
        "totalItems": found.total,
        "corrected": found.corrected or None,
        "member": [found_member(request, f) for f in found.found],
        "facets": {
            name: [
                {"value": v, "label": idx.label(v) or state.search.label(v) or v, "count": n}
                for v, n in counts
            ]
            for name, counts in found.facets.items()
        },
        "view": view,
    }
    if body["corrected"] is None:
        del body["corrected"]
    return JsonLd(body)


@router.get(
    "/api/suggest",
    summary="Autocompletion: named resources whose words start as typed",
    responses=openapi.ok(openapi.JSON),
)
def api_suggest(request: Request, q: Annotated[str, Query(max_length=200)] = "") -> Response:
    state = service_state(request)
    hits = state.search.suggest(q, SUGGESTED) if q.strip() else []
    settings = state.settings
    body = [
        {"id": h.iri, "label": state.search.title(h.iri), "url": href(settings, h.iri),
         "kind": results.kind_of(h.cls)}
        for h in hits
    ]  # fmt: skip
    return JSONResponse(body, headers={"Cache-Control": "public, max-age=3600"})


def _manifest(request: Request) -> dict[str, Any]:
    state = service_state(request)
    return reconcile.manifest(public_root(state.settings), state.settings.base_iri)


@router.get(
    "/reconcile",
    summary="Reconciliation service (W3C API 0.2): the manifest, or answers to `queries`",
    responses=openapi.ok(openapi.JSON),
)
def reconcile_get(
    request: Request,
    # short enough that any request line stays under the connection's 8 KiB limit;
    # batches go by POST, as OpenRefine sends them
    queries: Annotated[str | None, Query(max_length=600)] = None,
) -> Response:
    if queries is None:
        return JSONResponse(_manifest(request))
    batch = reconcile.parse_batch(queries)
    return JSONResponse(reconcile.answer(service_state(request).search, batch))


@router.post(
    "/reconcile",
    summary="Reconciliation queries (form field `queries`, as OpenRefine sends them)",
    responses=openapi.ok(openapi.JSON) | openapi.errors(413),
)
def reconcile_post(
    request: Request, queries: Annotated[str | None, Form(max_length=1_000_000)] = None
) -> Response:
    if queries is None:
        raise BadRequest("POST /reconcile needs the form field 'queries'")
    batch = reconcile.parse_batch(queries)
    return JSONResponse(reconcile.answer(service_state(request).search, batch))


def _known(request: Request, iri: str) -> str:
    search = service_state(request).search
    title = search.title(iri)
    if not title:
        raise NotFound(f"no reconcilable resource {iri!r}"[:300])
    return title


@router.get("/reconcile/preview", summary="A small HTML preview of a candidate",
            response_class=HTMLResponse,
            responses=openapi.ok(openapi.HTML) | openapi.errors(404))  # fmt: skip
def reconcile_preview(request: Request, id: Annotated[str, Query(max_length=500)]) -> Response:
    state = service_state(request)
    title = _known(request, id)
    member = state.index.members.get(id)
    names = member.literals.get(MIG + "acronym", []) if member else []
    kind = reconcile._BY_ID.get(state.search.kind_class(id))
    acronyms = ", ".join(t["value"] for t in names)
    html = (
        '<!doctype html><html lang="es"><meta charset="utf-8"><title>{t}</title>'
        '<body style="font:14px sans-serif;margin:6px"><p><strong><a href="{u}" target="_blank">'
        "{t}</a></strong>{a}</p><p>{k}</p><p><small>{i}</small></p></body></html>"
    ).format(
        t=escape(title), u=escape(href(state.settings, id)), i=escape(id),
        a=escape(f" ({acronyms})") if acronyms else "", k=escape(kind.name if kind else ""),
    )  # fmt: skip
    return HTMLResponse(html)


@router.get("/reconcile/view", summary="Where a candidate's page is (a redirect)",
            response_class=RedirectResponse, status_code=303,
            responses=openapi.errors(404))  # fmt: skip
def reconcile_view(request: Request, id: Annotated[str, Query(max_length=500)]) -> Response:
    _known(request, id)
    return RedirectResponse(href(service_state(request).settings, id), status_code=303)
