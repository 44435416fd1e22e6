"""Open-data publishing: the DCAT catalog, VoID, the dumps, the ontology's documentation.

- `/catalog` (and `.ttl .jsonld .rdf .nt`): the DCAT-AP 3 catalog by conneg or extension.
- `/.well-known/void` (same formats): the VoID description with the build's statistics.
- `/dumps/<file>` and `/dumps/fuentes/<file>`: the build's gzip dumps and source texts, with
  a content ETag (the file's SHA-256), Last-Modified, conditional GET (304) and byte ranges
  (Starlette's FileResponse: 206, 416).
- `/def/doc`: the ontology documentation the build generated; `routers.resources` answers
  `/def` for browsers with the same page (`ontology_page`) and with RDF otherwise.

The catalog, VoID and schema.org are rendered from the build's `publications.json` for the
public URL (`service.public`: never the request's Host), once per format, and cached for the
life of the process (a build never changes).

The catalog's own IRIs (`id/catalogo`, `id/dataset/...`, `id/distribucion/...`, the
publisher, the build) are not in the graph store: the catalog describes the dumps made from
it. `routers.resources` answers `/id/...` for them (and adds the catalog's statements to
the description of an IRI both mention, such as a Data Cube dataset) from the catalog and
VoID graphs, with the same queries (`service.describe`), through rdflib.
"""

from __future__ import annotations

import json
import os
import threading
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from rdflib import Dataset, Graph, URIRef, Variable
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response

from loaders.publishing import (
    FACTS_FILE,
    Publications,
    PublicUrls,
    catalog_graph,
    schema_org_dataset,
    script_tag,
    void_graph,
)
from loaders.publishing.facts import FileFacts
from service import describe, formats, openapi
from service.conneg import Offer, by_extension, negotiate
from service.errors import NotAcceptable, NotFound, Unavailable
from service.public import public_root
from service.settings import Settings

router = APIRouter(tags=["open data"])

# rdflib serializer names by the offer's media type; Turtle first so `*/*` gets Turtle.
_RDFLIB = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/n-triples": "nt",
}
OFFERS: tuple[Offer, ...] = tuple(o for o in formats.GRAPHS if o.media_type in _RDFLIB)
_RDFLIB_BY_KEY = {o.key: _RDFLIB[o.media_type] for o in OFFERS}
DUMP_CACHE_SECONDS = 300
ONTOLOGY_DOC = "ontology.html"


def _state(request: Request) -> Any:
    return request.app.state


def publications(request: Request) -> Publications:
    """The facts of the build being served (read once)."""
    state = _state(request)
    facts = getattr(state, "publications", None)
    if facts is None:
        path = state.build.root / FACTS_FILE
        if not path.is_file():
            raise Unavailable(f"the build has no {FACTS_FILE}: rebuild with `migrakg build`")
        facts = state.publications = Publications.load(path)
    return facts


def public_urls(request: Request) -> PublicUrls:
    settings: Settings = _state(request).settings
    return PublicUrls.at(public_root(settings))  # never the request's Host


def schema_org_block(request: Request) -> str:
    """The schema.org Dataset `<script>` for a page of this service."""
    return script_tag(schema_org_dataset(publications(request), public_urls(request)))


def _offer(request: Request, ext: str) -> Offer:
    offer = by_extension(ext, OFFERS) if ext else negotiate(request.headers.get("accept"), OFFERS)
    if offer is None:
        offered = ", ".join(o.media_type for o in OFFERS)
        raise NotAcceptable(f"no format fits Accept or the extension; offered: {offered}")
    return offer


def _rendered(request: Request, name: str, ext: str) -> Response:
    offer = _offer(request, ext)
    urls = public_urls(request)
    state = _state(request)
    cache: dict[tuple[str, str, str], bytes] | None = getattr(state, "metadata_cache", None)
    if cache is None:
        cache = state.metadata_cache = {}
    key = (name, urls.base, offer.media_type)
    if key not in cache:
        facts = publications(request)
        graph = (catalog_graph if name == "catalog" else void_graph)(facts, urls)
        cache[key] = graph.serialize(format=_RDFLIB[offer.media_type], encoding="utf-8")
    headers = {} if ext else {"Vary": "Accept"}
    return Response(cache[key], headers=headers, media_type=formats.content_type(offer))


def _metadata_dataset(request: Request) -> Dataset:
    """The catalog and VoID graphs for this public URL, each a named graph named by the
    document that serves it (`/catalog`, `/.well-known/void`); the default graph is their
    union. rdflib, not pyoxigraph: pyoxigraph's store would turn the catalog's
    `xsd:nonNegativeInteger` byte sizes into `xsd:integer` (it keeps derived integer types
    as integers), and the description would no longer say what `/catalog` says."""
    urls = public_urls(request)
    state = _state(request)
    datasets: dict[str, Dataset] | None = getattr(state, "metadata_datasets", None)
    if datasets is None:
        datasets = state.metadata_datasets = {}
    if urls.base not in datasets:
        facts = publications(request)
        dataset = Dataset(default_union=True)
        for graph, name in (
            (catalog_graph(facts, urls), urls.catalog),
            (void_graph(facts, urls), urls.void),
        ):
            named = dataset.graph(URIRef(name))
            for triple in graph:
                named.add(triple)
            for prefix, namespace in graph.namespaces():  # spdx:, dcatap:, void: ...
                dataset.bind(prefix, namespace, override=False)
        datasets[urls.base] = dataset
    return datasets[urls.base]


# rdflib's SPARQL parser is not thread-safe (rdflib#1282): one catalog query at a time.
_RDFLIB_LOCK = threading.Lock()


def _locked_dataset(request: Request) -> Dataset:
    with _RDFLIB_LOCK:
        return _metadata_dataset(request)


async def catalog_subjects(request: Request) -> frozenset[str]:
    """The IRIs the catalog and VoID graphs describe; none for a build without
    `publications.json`. Built once, off the event loop."""
    state = _state(request)
    subjects: frozenset[str] | None = getattr(state, "catalog_subjects", None)
    if subjects is None:
        try:
            dataset = await run_in_threadpool(_locked_dataset, request)
        except Unavailable:
            subjects = frozenset()
        else:
            subjects = frozenset(str(s) for s in dataset.subjects() if isinstance(s, URIRef))
        state.catalog_subjects = subjects
    return subjects


def _description(
    dataset: Dataset, iri: str, stored: bytes, fmt: str, prefixes: dict[str, str]
) -> bytes:
    """The DESCRIBE query's graph over the catalog and VoID, merged with what the store
    said of `iri` (N-Triples), in the format `fmt` (an engine RdfFormat name)."""
    found = dataset.query(describe.DESCRIBE, initBindings={Variable("r"): URIRef(iri)}).graph
    graph = Graph()
    graph.parse(data=stored, format="nt")
    for triple in found:
        graph.add(triple)
    for prefix, namespace in (*dataset.namespaces(), *prefixes.items()):
        graph.bind(prefix, namespace)
    return graph.serialize(format=_RDFLIB_BY_KEY[fmt], encoding="utf-8")


def _outline_rows(dataset: Dataset, iri: str) -> list[dict[str, dict[str, str]]]:
    result = dataset.query(describe.OUTLINE, initBindings={Variable("r"): URIRef(iri)})
    return json.loads(result.serialize(format="json"))["results"]["bindings"]


async def catalog_description(
    request: Request, iri: str, stored: bytes, fmt: str, prefixes: dict[str, str]
) -> bytes:
    """`iri`'s description from the catalog and VoID merged with the store's (off the loop)."""

    def work() -> bytes:
        with _RDFLIB_LOCK:
            return _description(_metadata_dataset(request), iri, stored, fmt, prefixes)

    return await run_in_threadpool(work)


async def catalog_outline(request: Request, iri: str) -> list[dict[str, dict[str, str]]]:
    """The OUTLINE rows for `iri` from the catalog and VoID graphs (off the loop)."""

    def work() -> list[dict[str, dict[str, str]]]:
        with _RDFLIB_LOCK:
            return _outline_rows(_metadata_dataset(request), iri)

    return await run_in_threadpool(work)


def _extension(ext: str) -> str:
    if by_extension(ext, OFFERS) is None:
        raise NotFound(f"no such format: .{ext}")
    return ext


_RDF = openapi.ok(openapi.media_types(OFFERS)) | openapi.errors(406)


@router.api_route(
    "/catalog", methods=["GET", "HEAD"], summary="The DCAT-AP 3 catalog", responses=_RDF
)
def catalog(request: Request) -> Response:
    return _rendered(request, "catalog", "")


@router.api_route("/catalog.{ext}", methods=["GET", "HEAD"], include_in_schema=False)
def catalog_ext(request: Request, ext: str) -> Response:
    return _rendered(request, "catalog", _extension(ext))


@router.api_route(
    "/.well-known/void", methods=["GET", "HEAD"], summary="VoID description", responses=_RDF
)
def void(request: Request) -> Response:
    return _rendered(request, "void", "")


@router.api_route("/.well-known/void.{ext}", methods=["GET", "HEAD"], include_in_schema=False)
def void_ext(request: Request, ext: str) -> Response:
    return _rendered(request, "void", _extension(ext))


def _not_modified(request: Request, etag: str, mtime: float) -> bool:
    """RFC 9110 §13.1: If-None-Match wins over If-Modified-Since."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
        return "*" in tags or etag in tags
    since = request.headers.get("if-modified-since")
    if since:
        try:
            return int(mtime) <= parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError):
            return False
    return False


def _file(request: Request, path: Path, facts: FileFacts) -> Response:
    """A file with content ETag, conditional GET and ranges."""
    try:
        stat = os.stat(path)
    except OSError as exc:
        raise NotFound(f"{facts.file} is listed but missing from the build") from exc
    etag = f'"{facts.sha256}"'
    headers = {
        "etag": etag,
        "last-modified": formatdate(stat.st_mtime, usegmt=True),
        "cache-control": f"public, max-age={DUMP_CACHE_SECONDS}",
    }
    if _not_modified(request, etag, stat.st_mtime):
        return Response(status_code=304, headers=headers)
    media_type = "application/gzip" if facts.compressed else f"{facts.media_type}; charset=utf-8"
    return FileResponse(
        path, headers=headers, media_type=media_type, filename=facts.file, stat_result=stat
    )


def _download(types: list[str]) -> openapi.Responses:
    """A file with conditional requests and ranges (one range, or several as multipart)."""
    return (
        openapi.ok(types)
        | openapi.status(206, [*types, "multipart/byteranges"])
        | openapi.status(304, [])
        | openapi.errors(400, 404, 416)
    )


_DUMP = _download(["application/gzip"])
_SOURCE = _download(["text/plain"])


@router.api_route(
    "/dumps/{file}", methods=["GET", "HEAD"], summary="A dump of the graph", responses=_DUMP
)
def dump(request: Request, file: str) -> Response:
    facts = {d.file: d for d in publications(request).dumps}
    if file not in facts:
        raise NotFound(f"no dump named {file}; see /catalog")
    return _file(request, _state(request).build.root / "dumps" / file, facts[file])


@router.api_route(
    "/dumps/fuentes/{file}", methods=["GET", "HEAD"], summary="A source text", responses=_SOURCE
)
def source(request: Request, file: str) -> Response:
    facts = {s.file.file: s.file for s in publications(request).sources}
    if file not in facts:
        raise NotFound(f"no source file named {file}; see /catalog")
    return _file(request, _state(request).build.sources_dir / file, facts[file])


def ontology_page(request: Request) -> Response | None:
    """The build's ontology documentation, or None when the build has none.

    For `routers.resources`: its `/def` HTML branch can answer with this page first.
    """
    path = _state(request).build.root / ONTOLOGY_DOC
    return HTMLResponse(path.read_bytes()) if path.is_file() else None


_PAGE = openapi.ok(openapi.HTML) | openapi.errors(404)


@router.api_route(
    "/def/doc", methods=["GET", "HEAD"], summary="The ontology's documentation", responses=_PAGE
)
def ontology_doc(request: Request) -> Response:
    page = ontology_page(request)
    if page is None:
        raise NotFound("this build has no ontology documentation")
    return page
