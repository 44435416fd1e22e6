"""The time limit really stops runaway queries; results and bodies are capped."""

from __future__ import annotations

import concurrent.futures
import time

import httpx
import pytest

from tests.service.conftest import MAX_BODY_BYTES

pytestmark = pytest.mark.slow  # runs against a real server

EXPLOSIVE = (
    "SELECT (COUNT(*) AS ?n) WHERE "
    "{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?q ?r ?t }"
)
CHEAP = "ASK { <https://w3id.org/migracion-mx/id/institucion/inm> ?p ?o }"
LARGE = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"


def test_runaway_query_is_stopped_while_others_are_served(base_url: str) -> None:
    with (
        httpx.Client(base_url=base_url, timeout=30) as slow_client,
        httpx.Client(base_url=base_url, timeout=30) as fast_client,
        concurrent.futures.ThreadPoolExecutor(1) as pool,
    ):
        future = pool.submit(slow_client.get, "/sparql", params={"query": EXPLOSIVE})
        time.sleep(0.3)
        answered_while_running = 0
        while not future.done():
            # a new text each time, so that the reply cache cannot answer it
            query = f"{CHEAP} # {answered_while_running}"
            response = fast_client.get("/sparql", params={"query": query})
            assert response.json()["boolean"] is True
            answered_while_running += not future.done()
            time.sleep(0.05)
        slow = future.result()
    assert slow.status_code == 503
    assert "limit" in slow.text  # stopped by the time limit, not by the result cap
    assert answered_while_running >= 1  # the runaway did not hold the others up


def test_service_recovers_after_timeouts(client: httpx.Client) -> None:
    for _ in range(2):
        assert client.get("/sparql", params={"query": EXPLOSIVE}).status_code == 503
    deadline = time.monotonic() + 20
    while client.get("/health").json()["query_processes_ready"] < 2:
        assert time.monotonic() < deadline, "the pool did not refill"
        time.sleep(0.1)
    assert client.get("/sparql", params={"query": CHEAP + " # after"}).json()["boolean"] is True


def test_result_size_cap(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": LARGE})
    assert response.status_code == 413
    assert "limit" in response.text


def test_result_under_cap_is_whole(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": LARGE + " LIMIT 10"})
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) == 10


def test_body_size_cap(client: httpx.Client) -> None:
    padding = "#" + "x" * MAX_BODY_BYTES + "\n"
    response = client.post(
        "/sparql",
        content=padding + CHEAP,
        headers={"content-type": "application/sparql-query"},
    )
    assert response.status_code == 413
