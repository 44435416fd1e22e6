"""One real server (uvicorn on 127.0.0.1) over the session's full-corpus build.

The build is `corpus_build` (tests/conftest.py), shared with the other full-corpus tests;
its published build directory (the one holding `current`) is two levels above the build.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.helpers import offline_context_loader
from tests.service.server import running_server

BASE = "https://w3id.org/migracion-mx/id/"
MIG = "https://w3id.org/migracion-mx/def#"
PREFIXES = """PREFIX mig: <https://w3id.org/migracion-mx/def#>
PREFIX id: <https://w3id.org/migracion-mx/id/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


@pytest.fixture(scope="session")
def corpus_dir(corpus_build) -> Path:
    return corpus_build.path.parent.parent


@pytest.fixture(scope="session")
def corpus_url(corpus_dir: Path) -> Iterator[str]:
    with running_server(corpus_dir, query_workers=2, query_timeout_s=30) as url:
        yield url


@pytest.fixture(scope="session")
def web(corpus_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=corpus_url, timeout=60) as client:
        yield client


@pytest.fixture(scope="session")
def context_loader(web: httpx.Client) -> Any:
    """A pyld document loader serving only our context; no network."""
    return offline_context_loader(web)


def select(web: httpx.Client, query: str, **params: str) -> list[dict[str, str]]:
    """The rows of a SELECT (prefixes added), each as {variable: value}."""
    r = web.post(
        "/sparql",
        params=params,
        content=(PREFIXES + query).encode(),
        headers={
            "content-type": "application/sparql-query",
            "accept": "application/sparql-results+json",
        },
    )
    assert r.status_code == 200, r.text
    return [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]


def count(web: httpx.Client, query: str, **params: str) -> int:
    """The single `?n` of an aggregate SELECT."""
    (row,) = select(web, query, **params)
    return int(row["n"])


def local(iri: str) -> str:
    return iri[len(BASE) :] if iri.startswith(BASE) else iri
