"""Open-data publishing: the DCAT catalog, VoID, the dumps, the ontology's documentation.

- `/catalog` (and `.ttl .jsonld .rdf .nt`): the DCAT-AP 3 catalog by conneg or extension;
  a browser gets it as a page (the dumps, sources and tables with sizes, SHA-256, licence).
- `/.well-known/void` (same formats): the VoID description with the build's statistics.
- `/dumps/<file>`, `/dumps/fuentes/<file>`, `/dumps/indicadores/<file>`: the build's gzip
  dumps, source texts, and each indicator dataset's CSV and JSON-LD
  (`service.open_data.files`).
- `/versiones/<version>.json`: a release's record from the build's ledger.
- `/def/doc`: the ontology documentation the build generated.

What they answer is made in `service.open_data`; the catalog's own IRIs dereference under
`/id/...` (`service.linked_data.catalog_iris`).
They are rendered for the public URL (`service.http.public`: never the request's Host).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from loaders.publishing import Publications
from loaders.publishing.dcat import LICENSE
from loaders.publishing.facts import FileFacts
from loaders.publishing.releases import RELEASES_DIR
from loaders.publishing.texts import SOURCE_LICENCES, SOURCE_TERMS
from service.errors import NotFound, ServiceError
from service.http import formats, openapi
from service.http.conneg import accept_header, negotiate
from service.open_data.documents import (
    OFFERS,
    extension,
    ontology_page,
    public_urls,
    publications,
    rendered,
)
from service.open_data.files import file_response
from service.pages.render import render
from service.state import service_state

router = APIRouter(tags=["open data"])


_RDF = openapi.ok(openapi.media_types(OFFERS)) | openapi.errors(406)


@router.api_route(
    "/catalog",
    methods=["GET", "HEAD"],
    summary="The DCAT-AP 3 catalog (a page for a browser)",
    responses=openapi.ok([*openapi.media_types(OFFERS), *openapi.HTML]) | openapi.errors(406),
)
def catalog(request: Request) -> Response:
    if negotiate(accept_header(request.headers), _BROWSER) is formats.HTML:
        return _catalog_page(request)
    return rendered(request, "catalog", "")


# RDF for code (Turtle first, so `*/*` keeps getting Turtle), a page for a browser.
_BROWSER = (*OFFERS, formats.HTML)


def _catalog_page(request: Request) -> Response:
    """The catalog as people read it: what can be downloaded, how big, its checksum, licence."""
    try:
        facts: Publications | None = publications(request)
    except ServiceError:  # a build without its publishing facts: say so, list no files
        facts = None
    response = render(
        request,
        "catalog.html",
        facts=facts,
        licences=SOURCE_LICENCES,
        source_terms=SOURCE_TERMS,
        licence_url=str(LICENSE),
        urls=public_urls(request),
    )
    response.headers["Vary"] = "Accept"
    return response


@router.api_route("/catalog.{ext}", methods=["GET", "HEAD"], include_in_schema=False)
def catalog_ext(request: Request, ext: str) -> Response:
    return rendered(request, "catalog", extension(ext))


@router.api_route(
    "/.well-known/void", methods=["GET", "HEAD"], summary="VoID description", responses=_RDF
)
def void(request: Request) -> Response:
    return rendered(request, "void", "")


@router.api_route("/.well-known/void.{ext}", methods=["GET", "HEAD"], include_in_schema=False)
def void_ext(request: Request, ext: str) -> Response:
    return rendered(request, "void", extension(ext))


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
    return file_response(request, service_state(request).build.root / "dumps" / file, facts[file])


def _listed(
    request: Request,
    facts: Mapping[str, FileFacts],
    directory: Path,
    file: str,
    what: str,
    listing: str,
) -> Response:
    """`file` from `directory`, described by its facts; only a file the build lists (the
    name never reaches the file system otherwise), else a 404 naming where the list is."""
    if file not in facts:
        raise NotFound(f"no {what} named {file}; see {listing}")
    return file_response(request, directory / file, facts[file])


@router.api_route(
    "/dumps/fuentes/{file}", methods=["GET", "HEAD"], summary="A source text", responses=_SOURCE
)
def source(request: Request, file: str) -> Response:
    facts = {s.file.file: s.file for s in publications(request).sources}
    directory = service_state(request).build.sources_dir
    return _listed(request, facts, directory, file, "source file", "/catalog")


_TABLE = _download(["text/csv", "application/ld+json"])


@router.api_route(
    "/dumps/indicadores/{file}",
    methods=["GET", "HEAD"],
    summary="An indicator dataset's observations (CSV or JSON-LD)",
    responses=_TABLE,
)
def table(request: Request, file: str) -> Response:
    facts = {f.file: f for i in publications(request).indicators for f in i.files}
    directory = service_state(request).build.root / "dumps" / "indicadores"
    return _listed(request, facts, directory, file, "indicator file", "/catalog")


_RECORD = _download(["application/json"])


@router.api_route(
    "/versiones/{file}",
    methods=["GET", "HEAD"],
    summary="A release's record: version, date, SHA-256, change summary (JSON)",
    responses=_RECORD,
)
def release_record(request: Request, file: str) -> Response:
    facts = {f.file: f for f in publications(request).release_files}
    directory = service_state(request).build.root / RELEASES_DIR
    return _listed(request, facts, directory, file, "release record", "/versiones")


_PAGE = openapi.ok(openapi.HTML) | openapi.errors(404)


@router.api_route(
    "/def/doc", methods=["GET", "HEAD"], summary="The ontology's documentation", responses=_PAGE
)
def ontology_doc(request: Request) -> Response:
    page = ontology_page(request)
    if page is None:
        raise NotFound("this build has no ontology documentation")
    return page
