"""The OpenAPI document says what the routes answer (`service.http.openapi`): schemathesis holds
the routes to it (`tests/robustness/test_schemathesis.py`); here, what it must say."""

from __future__ import annotations

import warnings
from collections import Counter
from typing import Any

import httpx
import pytest

from service.app import create_app
from service.settings import Settings

pytestmark = pytest.mark.slow  # runs against a real server


@pytest.fixture(scope="module")
def document(client: httpx.Client) -> dict[str, Any]:
    return client.get("/openapi.json").json()


def _types(operation: dict[str, Any], status: str) -> set[str]:
    return set(operation["responses"][status].get("content", {}))


def test_operation_ids_are_unique(document: dict[str, Any]) -> None:
    ids = Counter(
        operation["operationId"]
        for item in document["paths"].values()
        for operation in item.values()
    )
    assert ids and max(ids.values()) == 1, [i for i, n in ids.items() if n > 1]
    assert {"sparql_get", "sparql_post", "instance_get", "instance_head"} <= set(ids)
    assert "query_agency_timeline_get" in ids  # the named queries' own routes too


def test_no_duplicate_operation_warning(build_dir: object) -> None:
    app = create_app(Settings(build_dir=build_dir))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        app.openapi()


def test_negotiated_routes_declare_their_formats(document: dict[str, Any]) -> None:
    paths = document["paths"]
    sparql = paths["/sparql"]["get"]
    assert {"application/sparql-results+json", "text/csv", "text/turtle"} <= _types(sparql, "200")
    assert {"400", "403", "406", "413", "503"} <= set(sparql["responses"])
    assert "415" in paths["/sparql"]["post"]["responses"]
    instance = paths["/id/{path}"]["get"]
    resource = {"text/turtle", "text/html", "application/ld+json", "application/rdf+xml"}
    assert resource <= _types(instance, "200")
    assert resource <= _types(instance, "404")  # a 404 in the negotiated format
    dump = paths["/dumps/{file}"]["get"]["responses"]
    assert {"200", "206", "304", "404", "416"} <= set(dump)
    assert _types(paths["/api/actions"]["get"], "200") == {
        "application/ld+json",
        "application/json",
    }
    assert _types(paths["/explorar/pem"]["get"], "200") == {"text/html"}
    assert _types(paths["/sparql"]["get"], "406") == {"text/plain"}  # errors are plain text
