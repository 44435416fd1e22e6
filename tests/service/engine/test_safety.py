"""Read-only and no outgoing requests: updates and SERVICE are refused before evaluation."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from bench.hostile import Tripwire
from service.engine.safety import check_query
from service.errors import BadRequest, QueryRefused, UpdateRefused
from tests.service.dataset import quad_count

pytestmark = pytest.mark.slow  # runs against a real server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture
def listener() -> Iterator[Tripwire]:
    """A listener on 127.0.0.1 that counts the connections it receives."""
    with Tripwire() as wire:
        yield wire


def _count(client: httpx.Client) -> int:
    response = client.get("/sparql", params={"query": COUNT})
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        "PREFIX x: <{url}> SELECT * WHERE {{ ?s ?p ?o SERVICE x:sparql {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?s ?p ?o . # comment\n SERVICE<{url}>{{?s ?p ?o}} }}",
        "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ],
)
def test_service_refused_without_request(
    client: httpx.Client, listener: Tripwire, template: str
) -> None:
    query = template.format(url=f"http://127.0.0.1:{listener.port}/sparql")
    response = client.post("/sparql", data={"query": query})
    assert response.status_code == 400
    assert "SERVICE" in response.text
    assert listener.connections == 0


def test_listener_does_count(listener: Tripwire) -> None:
    """Guard: the listener would notice a request."""
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"http://127.0.0.1:{listener.port}/", timeout=1)
    assert listener.connections == 1


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "CLEAR ALL",
        "DROP DEFAULT",
        "LOAD <http://127.0.0.1:9/x>",
        "PREFIX a: <http://a> INSERT { ?s a:p 1 } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_refused(client: httpx.Client, update: str) -> None:
    for response in (
        client.get("/sparql", params={"query": update}),
        client.post("/sparql", data={"update": update}),
        client.post(
            "/sparql", content=update, headers={"content-type": "application/sparql-update"}
        ),
    ):
        assert response.status_code == 403
        assert "read-only" in response.text
    assert _count(client) == quad_count()


def test_load_in_update_makes_no_request(client: httpx.Client, listener: Tripwire) -> None:
    client.post("/sparql", data={"update": f"LOAD <http://127.0.0.1:{listener.port}/x>"})
    client.get("/sparql", params={"query": f"LOAD <http://127.0.0.1:{listener.port}/x>"})
    assert listener.connections == 0


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * WHERE { ?s ?p "SERVICE <http://x> {}" }',
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x>",
        "PREFIX service: <http://x/> SELECT ?service WHERE { ?service service:p ?o }",
        "SELECT * WHERE { ?s <http://x/SERVICE> ?o }",
        "SELECT * WHERE { ?s ?p '''multi\nSERVICE''' }",
        'SELECT * WHERE { ?s ?p ?o FILTER(?o < 3 && ?o > 1) FILTER(LANG(?o) = "es") }',
        'SELECT * WHERE { ?s ?p "x"@service }',
    ],
)
def test_lexer_lets_harmless_text_through(query: str) -> None:
    assert check_query(query).form == "SELECT"


def test_lexer_refusals() -> None:
    with pytest.raises(QueryRefused):
        check_query("ASK { SERVICE <http://x> {} }")
    with pytest.raises(UpdateRefused):
        check_query("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
    with pytest.raises(BadRequest):
        check_query("  ")


def test_lexer_reports_from() -> None:
    assert check_query("SELECT * FROM <http://g> WHERE { ?s ?p ?o }").has_from
    assert not check_query("SELECT * WHERE { ?s <http://x/FROM> ?o }").has_from
