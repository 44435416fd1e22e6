"""VoID: the statistics equal counts made independently on the store."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import VOID, XSD

from loaders.publishing import PublicUrls, void_graph
from loaders.publishing.nodes import CatalogNodes
from loaders.publishing.void import UNION
from tests.publishing.small import SmallBuild

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@pytest.fixture(scope="module")
def store(small: SmallBuild):
    return ox.Store.read_only(str(small.work / "store"))


def _triples(store: ox.Store, graph: str) -> set[tuple]:
    """The graph's triples, or each distinct triple of the union, counted in Python."""
    name = None if graph == UNION else ox.NamedNode(graph)
    return {
        (q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, name)
    }


def test_one_subset_per_named_graph(small: SmallBuild, store: ox.Store) -> None:
    graphs = sorted(g.value for g in store.named_graphs())
    assert [k for k in small.facts.void if k != UNION] == graphs
    assert len(graphs) == 6  # five documents and the ontology


def test_counts_equal_the_store(small: SmallBuild, store: ox.Store) -> None:
    for graph, stats in small.facts.void.items():
        triples = _triples(store, graph)
        assert stats["triples"] == len(triples), graph
        assert stats["distinctSubjects"] == len({s for s, _, _ in triples}), graph
        assert stats["distinctObjects"] == len({o for _, _, o in triples}), graph
        typed = {(s, o) for s, p, o in triples if p == RDF_TYPE}
        entities = {s for s, _ in typed if isinstance(s, ox.NamedNode)}
        assert stats["entities"] == len(entities), graph
        classes = Counter(o.value for _, o in typed)
        assert stats["classes"] == dict(sorted(classes.items())), graph
        properties = Counter(p.value for _, p, _ in triples)
        assert stats["properties"] == dict(sorted(properties.items())), graph


def test_union_counts_each_shared_triple_once(small: SmallBuild) -> None:
    per_graph = sum(s["triples"] for k, s in small.facts.void.items() if k != UNION)
    assert small.facts.void[UNION]["triples"] < per_graph
    assert per_graph == small.report.quads


def test_description_states_the_counts(small: SmallBuild) -> None:
    graph = void_graph(small.facts, PublicUrls.at("http://example.org"))
    dataset = CatalogNodes().dataset
    stats = small.facts.void[UNION]
    assert graph.value(dataset, VOID.triples) == Literal(stats["triples"], datatype=XSD.integer)
    assert graph.value(dataset, VOID.sparqlEndpoint) == URIRef("http://example.org/sparql")
    assert len(set(graph.objects(dataset, VOID.dataDump))) == 4
    assert len(set(graph.objects(dataset, VOID.subset))) == 6
    assert set(graph.objects(dataset, VOID.vocabulary)) >= {
        URIRef("https://w3id.org/migracion-mx/def#"),
        URIRef("http://purl.org/linked-data/cube#"),
    }
    for subset in graph.objects(dataset, VOID.subset):
        expected = small.facts.void[str(subset)]
        assert graph.value(subset, VOID.triples).toPython() == expected["triples"]
        assert len(set(graph.objects(subset, VOID.classPartition))) == len(expected["classes"])
        assert len(set(graph.objects(subset, VOID.propertyPartition))) == len(
            expected["properties"]
        )
        assert graph.value(subset, VOID.exampleResource) == URIRef(expected["example"])
