"""The catalog, VoID and schema.org block of the build served, for a public URL.

They are rendered from the build's `publications.json` for the public URL
(`public_base_url`, or the URL the request came in on when that is empty), once per URL and
format, and cached for the life of the process (a build never changes).
"""

from __future__ import annotations

import threading
from typing import Literal

from rdflib import Dataset, URIRef
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from loaders.publishing import (
    FACTS_FILE,
    Publications,
    PublicUrls,
    catalog_graph,
    schema_org_dataset,
    script_tag,
    void_graph,
)
from service.errors import NotAcceptable, NotFound, Unavailable
from service.http import formats
from service.http.conneg import Offer, by_extension, negotiate
from service.http.public import public_root
from service.state import service_state

# rdflib serializer names by the offer's media type; Turtle first so `*/*` gets Turtle.
RDFLIB_FORMATS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/n-triples": "nt",
}
OFFERS: tuple[Offer, ...] = tuple(o for o in formats.GRAPHS if o.media_type in RDFLIB_FORMATS)
RDFLIB_BY_KEY = {o.key: RDFLIB_FORMATS[o.media_type] for o in OFFERS}
ONTOLOGY_DOC = "ontology.html"

# rdflib's SPARQL parser is not thread-safe (rdflib#1282): one catalog query at a time.
RDFLIB_LOCK = threading.Lock()


def publications(request: Request) -> Publications:
    """The facts of the build being served (read once)."""
    state = service_state(request)
    if state.publications is None:
        path = state.build.root / FACTS_FILE
        if not path.is_file():
            raise Unavailable(f"the build has no {FACTS_FILE}: rebuild with `migrakg build`")
        state.publications = Publications.load(path)
    return state.publications


def public_urls(request: Request) -> PublicUrls:
    return PublicUrls.at(public_root(service_state(request).settings))  # never the Host


def schema_org_block(request: Request) -> str:
    """The schema.org Dataset `<script>` for a page of this service."""
    return script_tag(schema_org_dataset(publications(request), public_urls(request)))


def extension(ext: str) -> str:
    """`ext` when it names one of the offered formats; a 404 otherwise."""
    if by_extension(ext, OFFERS) is None:
        raise NotFound(f"no such format: .{ext}")
    return ext


def _offer(request: Request, ext: str) -> Offer:
    offer = by_extension(ext, OFFERS) if ext else negotiate(request.headers.get("accept"), OFFERS)
    if offer is None:
        offered = ", ".join(o.media_type for o in OFFERS)
        raise NotAcceptable(f"no format fits Accept or the extension; offered: {offered}")
    return offer


def rendered(request: Request, name: Literal["catalog", "void"], ext: str) -> Response:
    """The catalog or the VoID description, by `Accept` or by the extension `ext`."""
    offer = _offer(request, ext)
    urls = public_urls(request)
    cache = service_state(request).metadata_cache
    key = (name, urls.base, offer.media_type)
    if key not in cache:
        facts = publications(request)
        graph = (catalog_graph if name == "catalog" else void_graph)(facts, urls)
        cache[key] = graph.serialize(format=RDFLIB_FORMATS[offer.media_type], encoding="utf-8")
    headers = {} if ext else {"Vary": "Accept"}
    return Response(cache[key], headers=headers, media_type=formats.content_type(offer))


def metadata_dataset(request: Request) -> Dataset:
    """The catalog and VoID graphs for this public URL, each a named graph named by the
    document that serves it (`/catalog`, `/.well-known/void`); the default graph is their
    union. rdflib, not pyoxigraph: pyoxigraph's store would turn the catalog's
    `xsd:nonNegativeInteger` byte sizes into `xsd:integer` (it keeps derived integer types
    as integers), and the description would no longer say what `/catalog` says.
    Call it holding `RDFLIB_LOCK`."""
    urls = public_urls(request)
    datasets = service_state(request).metadata_datasets
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


def ontology_page(request: Request) -> Response | None:
    """The build's ontology documentation, or None when the build has none (`/def/doc`,
    and `/def` for browsers)."""
    path = service_state(request).build.root / ONTOLOGY_DOC
    return HTMLResponse(path.read_bytes()) if path.is_file() else None
