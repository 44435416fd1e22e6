"""Fixtures: one small published build per session, and a real server over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph

from tests.publishing.small import SmallBuild, small_build
from tests.service.server import running_server

REPO = Path(__file__).resolve().parents[2]
CATALOG_SHAPES = REPO / "shapes" / "catalog" / "dcat-ap.ttl"


@pytest.fixture(scope="session")
def small(tmp_path_factory: pytest.TempPathFactory) -> SmallBuild:
    return small_build(tmp_path_factory.mktemp("publishing"))


@pytest.fixture(scope="session")
def server(small: SmallBuild) -> Iterator[str]:
    with running_server(small.root, query_workers=1) as url:
        yield url


@pytest.fixture(scope="session")
def http(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=30) as client:
        yield client


def catalog_shapes() -> Graph:
    """A fresh copy each time: pySHACL mutates the shapes graph it is given."""
    return Graph().parse(CATALOG_SHAPES)
