"""From rdflib graphs to one deterministic dataset: sorted N-Quads, canonical blank nodes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph
from rdflib.compare import to_canonical_graph
from rdflib.term import URIRef

from loaders.vocab import DEFAULT_BASE


def select(store: ox.Store, query: str, **options: Any) -> ox.QuerySolutions:
    """The solutions of the SELECT `query` (pyoxigraph's `query` answers any form)."""
    result = store.query(query, **options)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError(f"not a SELECT query: {query[:80]!r}")
    return result


def serialize(
    terms: Sequence[ox.Triple] | Sequence[ox.Quad],
    format: ox.RdfFormat,
    prefixes: dict[str, str] | None = None,
) -> bytes:
    """`terms` written in `format`, as bytes."""
    data = ox.serialize(terms, format=format, prefixes=prefixes)
    assert data is not None  # no output given: the bytes are returned
    return data


def rebase(graph: Graph, base: str) -> Graph:
    """`graph` with every IRI under the default instance base moved under `base`."""
    if base == DEFAULT_BASE:
        return graph

    def move(term: Any) -> Any:
        if isinstance(term, URIRef) and str(term).startswith(DEFAULT_BASE):
            return URIRef(base + str(term)[len(DEFAULT_BASE) :])
        return term

    moved = Graph()
    for s, p, o in graph:
        moved.add((move(s), move(p), move(o)))
    return moved


def _canonical(graph: Graph) -> Graph:
    """Blank nodes get content-derived labels, so that two builds write the same bytes."""
    if any(isinstance(t, BNode) for triple in graph for t in triple):
        return to_canonical_graph(graph)
    return graph


def to_quads(graphs: Mapping[URIRef, Graph]) -> list[ox.Quad]:
    """Every triple of every graph as a pyoxigraph quad in the graph's name."""
    quads: list[ox.Quad] = []
    for name, graph in graphs.items():
        data = _canonical(graph).serialize(format="nt", encoding="utf-8")
        graph_name = ox.NamedNode(str(name))
        for triple in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
            quads.append(ox.Quad(triple.subject, triple.predicate, triple.object, graph_name))
    return quads


def sorted_nquads(quads: Iterable[ox.Quad]) -> bytes:
    """The dataset as N-Quads, one statement a line, lines sorted and unique."""
    lines = sorted({serialize([q], ox.RdfFormat.N_QUADS) for q in quads})
    return b"".join(lines)


_MATERIALIZE_UNION = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def load_dataset(store: ox.Store, nquads: bytes | None = None, *, path: str | None = None) -> None:
    """Load the named graphs and make the default graph their RDF merge.

    SPARQL's union default graph is a set: a triple stated by two documents is one triple.
    pyoxigraph's `use_default_graph_as_union` repeats it once per graph (so COUNT over the
    PEM lines of action gave 318, not 195), so the store's real default graph holds the
    merge instead, and queries run against it with no union flag.

    Parsed and extended rather than bulk-loaded: `bulk_load` relabels blank nodes at random,
    so two processes serving one build would answer with different labels and row orders.
    """
    if path is not None:
        quads = ox.parse(path=path, format=ox.RdfFormat.N_QUADS)
    else:
        quads = ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
    store.extend(quads)
    store.update(_MATERIALIZE_UNION)
