"""One real server (uvicorn on 127.0.0.1) over the small API build for the API tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pyld import jsonld

from tests.api.dataset import write_build
from tests.helpers import offline_context_loader
from tests.service.server import running_server


@pytest.fixture(scope="session")
def api_build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_build(tmp_path_factory.mktemp("api-build"))


@pytest.fixture(scope="session")
def api_url(api_build_dir: Path) -> Iterator[str]:
    with running_server(api_build_dir, query_workers=2) as url:
        yield url


@pytest.fixture(scope="session")
def api(api_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api_url, timeout=30) as c:
        yield c


@pytest.fixture(scope="session")
def loader(api: httpx.Client) -> Any:
    """A pyld document loader serving only our context; no network."""
    return offline_context_loader(api)


def expand_to_nquads(doc: Any, loader: Any) -> str:
    return jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": loader})


def sparql_select(api: httpx.Client, query: str) -> list[dict[str, dict[str, str]]]:
    r = api.post(
        "/sparql",
        content=query.encode(),
        headers={
            "content-type": "application/sparql-query",
            "accept": "application/sparql-results+json",
        },
    )
    assert r.status_code == 200, r.text
    return r.json()["results"]["bindings"]


def sparql_construct(api: httpx.Client, query: str) -> str:
    r = api.post(
        "/sparql",
        content=query.encode(),
        headers={"content-type": "application/sparql-query", "accept": "application/n-triples"},
    )
    assert r.status_code == 200, r.text
    return r.text


def all_members(api: httpx.Client, path: str, per_page: int = 500, **params: Any) -> list[str]:
    """Every member IRI of a collection, following `next` links."""
    out: list[str] = []
    url: str | None = f"{path}?" + "&".join(f"{k}={v}" for k, v in params.items())
    url += f"&per_page={per_page}"
    while url:
        body = api.get(url).json()
        out += [m["id"] for m in body["member"]]
        url = body["view"].get("next")
    return out
