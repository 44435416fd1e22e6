"""The same queries through the clients researchers use: SPARQLWrapper and rdflib."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from tests.service.dataset import ACTIONS_PER_DOC, AGENCY, GRAPH_A

pytestmark = pytest.mark.slow  # runs against a real server

ACTIONS = (
    "PREFIX mig: <https://w3id.org/migracion-mx/def#> "
    "SELECT (COUNT(?a) AS ?n) WHERE { ?a a mig:Action }"
)


def test_sparqlwrapper_json_get_and_post(base_url: str) -> None:
    for method in ("GET", "POST"):
        sw = SPARQLWrapper(base_url + "/sparql")
        sw.setMethod(method)
        sw.setQuery(ACTIONS)
        sw.setReturnFormat(JSON)
        result = sw.queryAndConvert()
        assert int(result["results"]["bindings"][0]["n"]["value"]) == 2 * ACTIONS_PER_DOC


def test_sparqlwrapper_xml_csv(base_url: str) -> None:
    sw = SPARQLWrapper(base_url + "/sparql")
    sw.setQuery(ACTIONS)
    sw.setReturnFormat(XML)
    assert sw.queryAndConvert().getElementsByTagName("literal")[0].firstChild.data == "60"
    sw.setReturnFormat(CSV)
    assert sw.queryAndConvert().decode().split() == ["n", "60"]


def test_sparqlwrapper_construct_and_dataset(base_url: str) -> None:
    sw = SPARQLWrapper(base_url + "/sparql")
    sw.addDefaultGraph(GRAPH_A)
    sw.setQuery(ACTIONS)
    sw.setReturnFormat(JSON)
    assert int(sw.queryAndConvert()["results"]["bindings"][0]["n"]["value"]) == ACTIONS_PER_DOC
    sw = SPARQLWrapper(base_url + "/sparql")
    sw.setQuery(f"DESCRIBE <{AGENCY}>")
    sw.setReturnFormat(TURTLE)
    graph = Graph().parse(data=sw.queryAndConvert(), format="turtle")
    assert len(graph) >= 3


def test_rdflib_sparqlstore(base_url: str) -> None:
    graph = Graph(SPARQLStore(base_url + "/sparql", returnFormat="json"))
    rows = list(graph.query(ACTIONS))
    assert int(rows[0][0]) == 2 * ACTIONS_PER_DOC
    assert graph.query("ASK { ?s ?p ?o }").askAnswer is True
    # rdflib's default return format asks for SPARQL XML or RDF/XML, so CONSTRUCT works too
    xml_graph = Graph(SPARQLStore(base_url + "/sparql"))
    assert int(next(iter(xml_graph.query(ACTIONS)))[0]) == 2 * ACTIONS_PER_DOC
    constructed = xml_graph.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5").graph
    assert constructed is not None and len(constructed) == 5
