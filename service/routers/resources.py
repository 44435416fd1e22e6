"""Dereferenceable IRIs: `/id/...` (instances) and `/def` (the ontology, fragment terms).

HTML for browsers, Turtle, JSON-LD, N-Triples or RDF/XML by `Accept` or by an extension
(`.html .ttl .jsonld .nt .rdf`); `Vary: Accept`; an IRI the graph does not have is a 404
in the negotiated format. `.csv` gives the resource's triples as a table (the page's
download); the page itself is assembled by `service.pages.resource_page`.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from loaders.vocab import ONTOLOGY_GRAPH_KEY, PREFIXES, Ids
from service.engine.pool import check
from service.engine.process import Reply
from service.engine.process import Request as EngineRequest
from service.errors import NotAcceptable, NotFound
from service.http import formats, openapi
from service.http.conneg import Offer, accept_header, by_extension, negotiate
from service.linked_data import checks, describe
from service.linked_data.catalog_iris import (
    catalog_description,
    catalog_outline,
    catalog_subjects,
)
from service.linked_data.links import href
from service.linked_data.retired import kept_path
from service.open_data.documents import ontology_page
from service.pages import resource_page
from service.pages.editor_links import describe_query
from service.state import service_state

router = APIRouter(tags=["linked data"])

INCOMING_CAP = 500
EXTENSIONS = {offer.extension for offer in formats.RESOURCE}


def _split_extension(path: str) -> tuple[str, str]:
    stem, dot, ext = path.rpartition(".")
    if dot and ext in EXTENSIONS and "/" not in ext:
        return stem, ext
    return path, ""


def _choose(request: Request, ext: str) -> Offer:
    if ext:
        offer = by_extension(ext, formats.RESOURCE)
    else:
        offer = negotiate(accept_header(request.headers), formats.RESOURCE)
    if offer is None:
        raise NotAcceptable(
            "no format fits Accept: "
            + request.headers.get("accept", "")[:200]
            + "; offered: "
            + ", ".join(o.media_type for o in formats.RESOURCE)
        )
    return offer


_IRI_PRINTABLE = ":/?#[]@!$&'()*+,;=%-._~"


def _valid_iri(iri: str) -> bool:
    """Whether `iri` is an IRI by RFC 3987, as the store checks it."""
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


def _headers(ext: str) -> dict[str, str]:
    return {} if ext else {"Vary": "Accept"}


def _not_found(request: Request, offer: Offer, iri: str, ext: str) -> Response:
    # Percent-encoded, the IRI cannot break the comment it is quoted in (a line break ends an
    # N-Triples comment, `--` or a control character spoils an XML one).
    message = f"{quote(iri, safe=_IRI_PRINTABLE).replace('--', '-%2D')} is not in the graph"
    if offer.key == "html":
        return _page(request, "not_found.html", {"iri": iri, "message": message}, 404, ext)
    if offer.key == "JSON_LD":
        body = json.dumps({"@context": {"@vocab": "urn:error:"}, "error": message}).encode()
    elif offer.key == "RDF_XML":
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<!-- {message} -->\n"
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n'
        ).encode()
    else:
        body = f"# {message}\n".encode()
    return Response(body, 404, _headers(ext), formats.content_type(offer))


def _page(
    request: Request, template: str, context: dict[str, Any], status: int, ext: str
) -> Response:
    state = service_state(request)
    settings = state.settings
    context = {"href": lambda iri: href(settings, iri), "compact": describe.compact, **context}
    return state.templates.TemplateResponse(
        request, template, context, status_code=status, headers=_headers(ext)
    )


async def _graph(
    request: Request,
    query: str,
    subs: dict[str, Any],
    offer: Offer,
    default_graph: tuple[str, ...] | None = None,
) -> Reply:
    engine = service_state(request).engine
    settings = service_state(request).settings
    return await engine.run(
        EngineRequest(
            query,
            results_format=None,
            graph_format=offer.key,
            substitutions=subs,
            default_graph=default_graph,
            prefixes=dict(PREFIXES),
            max_bytes=settings.max_result_bytes,
            require_triples=True,
        )
    )


_RESOURCE = (
    openapi.ok(openapi.RESOURCE)
    | openapi.redirect(301)
    | openapi.status(404, openapi.RESOURCE)  # in the negotiated format
    | openapi.errors(406, 413, 503)
)


@router.api_route(
    "/id/{path:path}", methods=["GET", "HEAD"], summary="An instance IRI", responses=_RESOURCE
)
async def instance(request: Request, path: str) -> Response:
    """The description of `<base>path` as a page or as RDF."""
    return await describe_instance(request, path)


async def fast_instance(request: Request) -> Response:
    """`instance` for `service.http.fastpath` (the path taken from the raw scope)."""
    return await describe_instance(request, request.scope["path"][len("/id/") :])


async def _with_catalog(
    request: Request, iri: str, subs: dict[str, Any], offer: Offer, ext: str
) -> Response:
    """An IRI the catalog describes (`routers.metadata`): what the store says of it (the
    catalog's own IRIs: nothing) and what the catalog and VoID say, merged."""
    stored = await _graph(request, describe.DESCRIBE, subs, formats.GRAPHS[1])  # N-Triples
    nt = check(stored).body if stored.status != "empty" else b""
    body = await catalog_description(request, iri, nt, offer.key, dict(PREFIXES))
    return Response(body, headers=_headers(ext), media_type=formats.content_type(offer))


async def describe_instance(request: Request, path: str) -> Response:
    settings = service_state(request).settings
    if path.endswith(".csv"):
        return await _csv(request, settings.base_iri + path[: -len(".csv")])
    stem, ext = _split_extension(path)
    offer = _choose(request, ext)
    iri = settings.base_iri + stem
    if not _valid_iri(iri):  # names nothing: a 404 like any other unknown IRI, not a 400
        return _not_found(request, offer, iri, ext)
    kept = kept_path(stem)
    if kept is not None:  # a retired programme IRI: owl:sameAs the kept one
        location = href(settings, settings.base_iri + kept) + (f".{ext}" if ext else "")
        return Response(status_code=301, headers={"Location": location, **_headers(ext)})
    subs = {"r": ("iri", iri)}
    in_catalog = iri in await catalog_subjects(request)
    if offer.key != "html":
        if in_catalog:
            return await _with_catalog(request, iri, subs, offer, ext)
        reply = await _graph(request, describe.DESCRIBE, subs, offer)
        if reply.status == "empty":
            return _not_found(request, offer, iri, ext)
        body = check(reply).body
        return Response(body, headers=_headers(ext), media_type=formats.content_type(offer))
    engine = service_state(request).engine
    rows = await engine.select(describe.OUTLINE, subs)
    if in_catalog:
        rows += await catalog_outline(request, iri)
    if not rows:
        return _not_found(request, offer, iri, ext)
    model = describe.page_model(iri, rows, INCOMING_CAP)
    sources_dir = service_state(request).build.sources_dir
    found = checks.views(await engine.select(checks.FOR_RESOURCE, subs), settings.base_iri,
                         sources_dir)  # fmt: skip
    if not any(p == checks.MIG + "citesStatement" for p, _, _ in model.outgoing):
        # a checked claim's lines can lie far apart: its cited lines are quoted instead
        model.passage = describe.source_passage(model, settings.base_iri, sources_dir)
    context = {**await resource_page.context(request, model), "checks": found}
    return _page(request, "resource.html", context, 200, ext)


async def _csv(request: Request, iri: str) -> Response:
    """The resource's triples as a table (property, value, direction): the CSV download."""
    if not _valid_iri(iri):
        raise NotFound(f"{quote(iri, safe=_IRI_PRINTABLE)} is not in the graph")
    engine = service_state(request).engine
    reply = await engine.run(
        EngineRequest(
            describe_query(iri),
            results_format="CSV",
            graph_format=None,
            max_bytes=service_state(request).settings.max_result_bytes,
        )
    )
    body = check(reply).body
    if body.count(b"\n") <= 1:  # the header only: an IRI the graph does not have
        raise NotFound(f"{quote(iri, safe=_IRI_PRINTABLE)} is not in the graph",
                       es="Este identificador no está en el grafo.")  # fmt: skip
    return Response(body, media_type="text/csv; charset=utf-8")


@router.api_route(
    "/def",
    methods=["GET", "HEAD"],
    summary="The ontology (terms are fragments)",
    responses=_RESOURCE,
)
async def ontology(request: Request) -> Response:
    return await _ontology(request, "")


@router.api_route("/def.{ext}", methods=["GET", "HEAD"], include_in_schema=False)
async def ontology_ext(request: Request, ext: str) -> Response:
    if ext not in EXTENSIONS:
        return _not_found(request, formats.HTML, f"/def.{ext}", ext)
    return await _ontology(request, ext)


async def _ontology(request: Request, ext: str) -> Response:
    settings = service_state(request).settings
    offer = _choose(request, ext)
    doc = settings.ontology_document
    graph = (str(Ids(settings.base_iri).graph(ONTOLOGY_GRAPH_KEY)),)
    if offer.key != "html":
        reply = await _graph(request, describe.ONTOLOGY_GRAPH, {}, offer, graph)
        if reply.status == "empty":
            return _not_found(request, offer, doc, ext)
        body = check(reply).body
        return Response(body, headers=_headers(ext), media_type=formats.content_type(offer))
    documentation = ontology_page(request)  # the build's generated page, when it has one
    if documentation is not None:
        documentation.headers.update(_headers(ext))
        return documentation
    engine = service_state(request).engine
    rows = await engine.select(describe.ONTOLOGY, default_graph=graph)
    if not rows:
        return _not_found(request, offer, doc, ext)
    terms: dict[str, list[tuple[str, dict[str, str]]]] = {}
    for row in rows:
        terms.setdefault(row["s"]["value"], []).append((row["p"]["value"], row["o"]))
    namespace = settings.ontology_namespace
    return _page(
        request,
        "ontology.html",
        {"doc": doc, "namespace": namespace, "terms": terms},
        200,
        ext,
    )
