"""The catalog's own IRIs (`id/catalogo`, `id/dataset/...`, `id/distribucion/...`, the
publisher, the build) dereference from the catalog and VoID graphs, not from the store.

They are not in the graph store: the catalog describes the dumps made from it. `/id/...`
answers for them (and adds the catalog's statements to the description of an IRI both
mention, such as a Data Cube dataset) with the same queries (`describe.DESCRIBE`,
`describe.OUTLINE`), through rdflib, one query at a time, off the event loop.
"""

from __future__ import annotations

import json

from rdflib import Dataset, Graph, URIRef, Variable
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from service.errors import Unavailable
from service.linked_data import describe
from service.open_data.documents import RDFLIB_BY_KEY, RDFLIB_LOCK, metadata_dataset
from service.state import service_state

Rows = list[dict[str, dict[str, str]]]


def _locked_dataset(request: Request) -> Dataset:
    with RDFLIB_LOCK:
        return metadata_dataset(request)


async def catalog_subjects(request: Request) -> frozenset[str]:
    """The IRIs the catalog and VoID graphs describe; none for a build without
    `publications.json`. Built once, off the event loop."""
    state = service_state(request)
    if state.catalog_subjects is None:
        try:
            dataset = await run_in_threadpool(_locked_dataset, request)
        except Unavailable:
            state.catalog_subjects = frozenset()
        else:
            subjects = (str(s) for s in dataset.subjects() if isinstance(s, URIRef))
            state.catalog_subjects = frozenset(subjects)
    return state.catalog_subjects


def _description(
    dataset: Dataset, iri: str, stored: bytes, fmt: str, prefixes: dict[str, str]
) -> bytes:
    """The DESCRIBE query's graph over the catalog and VoID, merged with what the store
    said of `iri` (N-Triples), in the format `fmt` (an engine RdfFormat name)."""
    result = dataset.query(describe.DESCRIBE, initBindings={Variable("r"): URIRef(iri)})
    graph = Graph()
    graph.parse(data=stored, format="nt")
    for triple in result.graph or ():
        graph.add(triple)
    for prefix, namespace in (*dataset.namespaces(), *prefixes.items()):
        graph.bind(prefix, namespace)
    return graph.serialize(format=RDFLIB_BY_KEY[fmt], encoding="utf-8")


def _outline_rows(dataset: Dataset, iri: str) -> Rows:
    result = dataset.query(describe.OUTLINE, initBindings={Variable("r"): URIRef(iri)})
    rows: Rows = json.loads(result.serialize(format="json") or b"{}")["results"]["bindings"]
    return rows


async def catalog_description(
    request: Request, iri: str, stored: bytes, fmt: str, prefixes: dict[str, str]
) -> bytes:
    """`iri`'s description from the catalog and VoID merged with the store's (off the loop)."""

    def work() -> bytes:
        with RDFLIB_LOCK:
            return _description(metadata_dataset(request), iri, stored, fmt, prefixes)

    return await run_in_threadpool(work)


async def catalog_outline(request: Request, iri: str) -> Rows:
    """The OUTLINE rows for `iri` from the catalog and VoID graphs (off the loop)."""

    def work() -> Rows:
        with RDFLIB_LOCK:
            return _outline_rows(metadata_dataset(request), iri)

    return await run_in_threadpool(work)
