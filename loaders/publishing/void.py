"""VoID statistics of the built store, and the VoID description rendered from them.

Counted with SPARQL on the finished store (so a test can recount them the same way):
- per named graph, and for the whole dataset (each distinct triple of the union once):
  `triples`, `distinctSubjects`, `distinctObjects`, `entities` (distinct IRIs with an
  rdf:type), class partitions (distinct typed subjects per class), property partitions
  (triples per property), vocabularies (namespaces of the classes and properties used) and
  an example resource (the smallest typed IRI, so that it is stable).

The description: `id/dataset/migrakg` (the same node as in the catalog) as a void:Dataset
with the SPARQL endpoint, the dumps and the instance URI space, and one void:subset per
named graph whose node is the graph's own IRI (so `GRAPH <subset>` queries it).
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, VOID, XSD

from loaders.dataset import select
from loaders.publishing.facts import Publications
from loaders.publishing.nodes import CatalogNodes
from loaders.publishing.urls import PublicUrls

UNION = "*"  # key of the whole-dataset statistics

# Each query reads its default graph: one named graph (`default_graph=`), or the union of
# all of them with every triple once (a DISTINCT sub-select over the union default graph).
_QUERIES = {
    "triples": "SELECT (COUNT(*) AS ?n) WHERE {{ {spo} }}",
    "distinctSubjects": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {spo} }}",
    "distinctObjects": "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ {spo} }}",
    "entities": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {typed} FILTER(isIRI(?s)) }}",
}
_CLASSES = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {typed} }} GROUP BY ?c"
_PROPERTIES = "SELECT ?p (COUNT(*) AS ?n) WHERE {{ {spo} }} GROUP BY ?p"
_EXAMPLE = "SELECT (MIN(STR(?s)) AS ?x) WHERE {{ {typed} FILTER(isIRI(?s)) }}"
_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
_PATTERNS = {
    "graph": {"spo": "?s ?p ?o", "typed": "?s a ?c"},
    UNION: {
        "spo": "{ SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
        "typed": "{ SELECT DISTINCT ?s ?c WHERE { ?s a ?c } }",
    },
}


def vocabulary_of(iri: str) -> str:
    """The namespace of a term: up to its last `#`, else its last `/`."""
    cut = iri.rfind("#") if "#" in iri else iri.rfind("/")
    return iri[: cut + 1]


def _stats(store: ox.Store, graph: str) -> dict[str, Any]:
    patterns = _PATTERNS[UNION if graph == UNION else "graph"]
    scope: dict[str, Any] = (
        {"use_default_graph_as_union": True}
        if graph == UNION
        else {"default_graph": ox.NamedNode(graph)}
    )

    def rows(query: str) -> list[ox.QuerySolution]:
        return list(select(store, query.format(**patterns), **scope))

    stats: dict[str, Any] = {
        name: int(rows(query)[0]["n"].value) for name, query in _QUERIES.items()
    }
    stats["classes"] = {r["c"].value: int(r["n"].value) for r in rows(_CLASSES)}
    stats["properties"] = {r["p"].value: int(r["n"].value) for r in rows(_PROPERTIES)}
    stats["classes"] = dict(sorted(stats["classes"].items()))
    stats["properties"] = dict(sorted(stats["properties"].items()))
    terms = [*stats["classes"], *stats["properties"]]
    stats["vocabularies"] = sorted({vocabulary_of(t) for t in terms})
    example = rows(_EXAMPLE)[0]["x"] if stats["entities"] else None
    stats["example"] = example.value if example is not None else None
    return stats


def statistics(store: ox.Store) -> dict[str, Any]:
    """`{"*": whole-dataset stats, "<graph IRI>": stats, ...}`, graphs in IRI order."""
    graphs = sorted(row["g"].value for row in select(store, _GRAPHS))
    return {UNION: _stats(store, UNION), **{g: _stats(store, g) for g in graphs}}


def _describe(graph: Graph, node: URIRef, stats: dict[str, Any], part: str) -> None:
    """Counts and partitions of one (sub)set; partition nodes are stable blank nodes."""
    for name in ("triples", "entities", "distinctSubjects", "distinctObjects"):
        graph.add((node, VOID[name], Literal(stats[name], datatype=XSD.integer)))
    for cls, n in stats["classes"].items():
        partition = BNode(f"{part}-class-{len(graph)}")
        graph.add((node, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], URIRef(cls)))
        graph.add((partition, VOID.entities, Literal(n, datatype=XSD.integer)))
    for prop, n in stats["properties"].items():
        partition = BNode(f"{part}-property-{len(graph)}")
        graph.add((node, VOID.propertyPartition, partition))
        graph.add((partition, VOID.property, URIRef(prop)))
        graph.add((partition, VOID.triples, Literal(n, datatype=XSD.integer)))
    for vocabulary in stats["vocabularies"]:
        graph.add((node, VOID.vocabulary, URIRef(vocabulary)))
    if stats["example"]:
        graph.add((node, VOID.exampleResource, URIRef(stats["example"])))


def void_graph(facts: Publications, urls: PublicUrls) -> Graph:
    """The VoID description of the dataset and of each named graph, for `urls`."""
    nodes = CatalogNodes(facts.base)
    graph = Graph()
    graph.bind("void", VOID)
    graph.bind("dcterms", DCTERMS)
    dataset = nodes.dataset
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, DCTERMS.title, Literal("migrakg", lang="es")))
    graph.add((dataset, VOID.sparqlEndpoint, URIRef(urls.sparql)))
    graph.add((dataset, VOID.uriSpace, Literal(facts.base)))
    graph.add((dataset, VOID.rootResource, nodes.base("pem")))
    graph.add((dataset, VOID.rootResource, nodes.base("gcm")))
    for dump in facts.dumps:
        graph.add((dataset, VOID.dataDump, URIRef(urls.dump(dump.file))))
    _describe(graph, dataset, facts.void[UNION], "all")
    for i, (name, stats) in enumerate(item for item in facts.void.items() if item[0] != UNION):
        subset = URIRef(name)
        graph.add((dataset, VOID.subset, subset))
        graph.add((subset, RDF.type, VOID.Dataset))
        graph.add((subset, DCTERMS.identifier, Literal(name)))
        graph.add((subset, VOID.sparqlEndpoint, URIRef(urls.sparql)))
        graph.add((subset, VOID.uriSpace, Literal(facts.base)))
        _describe(graph, subset, stats, f"g{i}")
    return graph
