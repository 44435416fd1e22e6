"""The SPARQL 1.1 Protocol, query side, over a real server."""

from __future__ import annotations

import csv
import io
import json

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import Namespace

from tests.service.dataset import ACTIONS_PER_DOC, GRAPH_A, GRAPH_B, REPORT, quad_count

pytestmark = pytest.mark.slow  # runs against a real server

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ACTIONS = (
    "PREFIX mig: <https://w3id.org/migracion-mx/def#> "
    "SELECT (COUNT(?a) AS ?n) WHERE { ?a a mig:Action }"
)
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"
JSON_TYPE = "application/sparql-results+json"
FORM = {"content-type": "application/x-www-form-urlencoded"}


def count(response: httpx.Response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_get_query(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": ACTIONS})
    assert response.headers["content-type"] == JSON_TYPE
    assert count(response) == 2 * ACTIONS_PER_DOC


def test_post_form(client: httpx.Client) -> None:
    assert count(client.post("/sparql", data={"query": ACTIONS})) == 2 * ACTIONS_PER_DOC


def test_post_sparql_query_body(client: httpx.Client) -> None:
    response = client.post(
        "/sparql", content=ACTIONS, headers={"content-type": "application/sparql-query"}
    )
    assert count(response) == 2 * ACTIONS_PER_DOC


def test_default_graph_is_the_union(client: httpx.Client) -> None:
    assert count(client.get("/sparql", params={"query": COUNT})) == quad_count()


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("application/sparql-results+json", JSON_TYPE),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv; charset=utf-8"),
        ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
        ("application/json", JSON_TYPE),
        ("*/*", JSON_TYPE),
        ("text/*", "text/csv; charset=utf-8"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        (
            "text/csv;q=0.5, text/tab-separated-values;q=0.9",
            "text/tab-separated-values; charset=utf-8",
        ),
        ("text/html, */*;q=0.1", JSON_TYPE),
    ],
)
def test_select_conneg(client: httpx.Client, accept: str, media_type: str) -> None:
    response = client.get("/sparql", params={"query": ACTIONS}, headers={"accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == media_type
    assert "Accept" in response.headers["vary"]


def test_csv_body(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": ACTIONS}, headers={"accept": "text/csv"})
    assert list(csv.reader(io.StringIO(response.text))) == [["n"], [str(2 * ACTIONS_PER_DOC)]]


def test_ask(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert response.json() == {"head": {}, "boolean": True}


@pytest.mark.parametrize(
    ("accept", "media_type", "rdflib_format"),
    [
        ("text/turtle", "text/turtle; charset=utf-8", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/n-quads", "application/n-quads", "nquads"),
        ("application/trig", "application/trig", "trig"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("*/*", "text/turtle; charset=utf-8", "turtle"),
    ],
)
def test_construct_conneg(
    client: httpx.Client, accept: str, media_type: str, rdflib_format: str
) -> None:
    response = client.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == media_type
    graph = Graph().parse(data=response.content, format=rdflib_format)
    assert len(graph) == 3


def test_describe(client: httpx.Client) -> None:
    iri = "https://w3id.org/migracion-mx/id/institucion/inm"
    response = client.get("/sparql", params={"query": f"DESCRIBE <{iri}>"})
    graph = Graph().parse(data=response.text, format="turtle")
    assert (URIRef(iri), None, None) in graph


@pytest.mark.parametrize("accept", ["image/png", "text/csv;q=0, */*;q=0"])
def test_not_acceptable(client: httpx.Client, accept: str) -> None:
    response = client.get("/sparql", params={"query": ACTIONS}, headers={"accept": accept})
    assert response.status_code == 406


def test_select_with_only_rdf_accept_is_406(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": ACTIONS}, headers={"accept": "text/turtle"})
    assert response.status_code == 406


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"query": "SELECT * WHERE { ?s ?p }"}, "error"),
        ({"query": ""}, "empty"),
        ({"query": "   "}, "empty"),
        ({"default-graph-uri": GRAPH_A}, "no 'query'"),
        ([("query", ACTIONS), ("query", ACTIONS)], "more than one"),
    ],
)
def test_bad_requests(client: httpx.Client, params: object, message: str) -> None:
    response = client.get("/sparql", params=params)  # type: ignore[arg-type]
    assert response.status_code == 400
    assert message in response.text


def test_malformed_query_gives_parser_message(client: httpx.Client) -> None:
    response = client.post("/sparql", data={"query": "SELEC * WHERE { ?s ?p ?o }"})
    assert response.status_code == 400
    assert "1:1" in response.text or "expected" in response.text


def test_wrong_body_type(client: httpx.Client) -> None:
    response = client.post("/sparql", content=ACTIONS, headers={"content-type": "text/plain"})
    assert response.status_code == 415


def test_post_without_content_type(client: httpx.Client) -> None:
    assert client.post("/sparql", content=b"x").status_code == 415


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods(client: httpx.Client, method: str) -> None:
    response = client.request(method, "/sparql")
    assert response.status_code == 405
    assert "GET" in response.headers["allow"]


def test_cors(client: httpx.Client) -> None:
    origin = {"origin": "https://example.org"}
    response = client.get("/sparql", params={"query": ACTIONS}, headers=origin)
    assert response.headers["access-control-allow-origin"] == "*"
    preflight = client.options(
        "/sparql",
        headers={
            **origin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]


@pytest.mark.parametrize(
    ("path", "params", "accept"),
    [
        ("/sparql", {"query": ACTIONS}, JSON_TYPE),
        ("/sparql", {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1 LIMIT 2"}, JSON_TYPE),
        ("/sparql", {}, "text/turtle"),
        ("/id/accion/doc-a/1", {}, "text/turtle"),
        ("/id/nada", {}, "application/n-triples"),
    ],
)
def test_the_fast_path_answers_as_the_full_stack(
    client: httpx.Client, path: str, params: dict[str, str], accept: str
) -> None:
    """A plain GET takes `service.http.fastpath`; one with `Origin` (CORS) or a body goes through
    every middleware and FastAPI's router. Both must give the same answer."""
    plain = client.get(path, params=params, headers={"accept": accept})
    stacked = client.get(
        path, params=params, headers={"accept": accept, "origin": "https://example.org"}
    )
    bodied = client.send(
        client.build_request(
            "GET", path, params=params, headers={"accept": accept, "content-length": "0"}
        )
    )
    assert "access-control-allow-origin" not in plain.headers
    assert stacked.headers["access-control-allow-origin"] == "*"
    for other in (stacked, bodied):
        assert other.status_code == plain.status_code
        assert other.content == plain.content
        assert other.headers["content-type"] == plain.headers["content-type"]
        assert _vary(other) == _vary(plain)  # Origin in both: `service.http.edge` adds it to all
        assert "origin" in _vary(plain)


def _vary(response: httpx.Response) -> set[str]:
    return {v.strip().lower() for v in response.headers.get("vary", "").split(",") if v.strip()}


def test_service_description(client: httpx.Client) -> None:
    response = client.get("/sparql", headers={"accept": "text/turtle"})
    assert response.status_code == 200
    assert "Accept" in response.headers["vary"]
    graph = Graph().parse(data=response.text, format="turtle")
    endpoint = URIRef(str(client.base_url) + "/sparql")
    assert (endpoint, SD.feature, SD.UnionDefaultGraph) in graph
    assert (endpoint, SD.supportedLanguage, SD.SPARQL11Query) in graph
    names = {str(o) for o in graph.objects(None, SD.name)}
    assert {GRAPH_A, GRAPH_B} <= names
    text = response.text
    assert "union" in text and REPORT["version"] in text
    assert "ab" * 32 in text and "doc-a.txt" in text


def test_service_description_jsonld(client: httpx.Client) -> None:
    response = client.get("/sparql", headers={"accept": "application/ld+json"})
    assert response.headers["content-type"] == "application/ld+json"
    assert json.loads(response.text)


class TestDataset:
    """default-graph-uri / named-graph-uri, and their precedence over FROM / FROM NAMED."""

    def test_default_graph_uri(self, client: httpx.Client) -> None:
        params = {"query": ACTIONS, "default-graph-uri": GRAPH_A}
        assert count(client.get("/sparql", params=params)) == ACTIONS_PER_DOC

    def test_two_default_graph_uris_merge(self, client: httpx.Client) -> None:
        params = [
            ("query", ACTIONS),
            ("default-graph-uri", GRAPH_A),
            ("default-graph-uri", GRAPH_B),
        ]
        assert count(client.get("/sparql", params=params)) == 2 * ACTIONS_PER_DOC

    def test_named_graph_uri(self, client: httpx.Client) -> None:
        query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
        response = client.get("/sparql", params={"query": query, "named-graph-uri": GRAPH_B})
        graphs = [b["g"]["value"] for b in response.json()["results"]["bindings"]]
        assert graphs == [GRAPH_B]

    def test_from_in_query(self, client: httpx.Client) -> None:
        query = ACTIONS.replace("WHERE", f"FROM <{GRAPH_B}> WHERE")
        assert count(client.get("/sparql", params={"query": query})) == ACTIONS_PER_DOC

    def test_protocol_overrides_from(self, client: httpx.Client) -> None:
        query = ACTIONS.replace("WHERE", f"FROM <{GRAPH_B}> WHERE")
        params = {"query": query, "default-graph-uri": GRAPH_A}
        response = client.get("/sparql", params=params)
        assert count(response) == ACTIONS_PER_DOC
        subjects = client.get(
            "/sparql",
            params={
                "query": query.replace("(COUNT(?a) AS ?n)", "?a") + " LIMIT 1",
                "default-graph-uri": GRAPH_A,
            },
        ).json()["results"]["bindings"]
        assert "/doc-a/" in subjects[0]["a"]["value"]

    def test_dataset_params_in_form_body(self, client: httpx.Client) -> None:
        data = {"query": ACTIONS, "default-graph-uri": GRAPH_B}
        assert count(client.post("/sparql", data=data)) == ACTIONS_PER_DOC

    def test_invalid_graph_iri(self, client: httpx.Client) -> None:
        params = {"query": ACTIONS, "default-graph-uri": "not an iri"}
        assert client.get("/sparql", params=params).status_code == 400
