"""Fixtures for the scale-out tests: Virtuoso-backed servers under the service's fixture names.

`build_dir` / `base_url` / `client` (the service tests' names) and `api_build_dir` /
`api_url` / `api` (the API tests') are redefined here over the remote backend: a
throw-away Virtuoso loaded with the same small build, and our service in front of it
with `store_backend=sparql`. The modules that re-collect the service and API tests then
run them, unchanged, against Virtuoso. Module scope: one Virtuoso at a time.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bench.virtuoso import binaries, running_virtuoso
from tests.api.dataset import write_build as write_api_build
from tests.helpers import offline_context_loader
from tests.service.conftest import MAX_BODY_BYTES, MAX_RESULT_BYTES, TIMEOUT_S
from tests.service.dataset import write_build
from tests.service.server import running_server

NO_VIRTUOSO = (
    "virtuoso-opensource is not installed and cannot be installed here "
    "(`make virtuoso` needs root and apt-get)"
)


def require_virtuoso() -> None:
    """Skip without Virtuoso on a developer's machine; fail in CI (`CI=true`), where
    `make virtuoso` must have installed it: the remote backend may not go untested."""
    if binaries() is None:
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"CI=true: {NO_VIRTUOSO}")
        pytest.skip(NO_VIRTUOSO)


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_build(tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="module")
def virtuoso_url(build_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_virtuoso()
    work = tmp_path_factory.mktemp("virtuoso")
    with running_virtuoso(work, build_dir / "current" / "graph.nq") as url:
        yield url


@pytest.fixture(scope="module")
def base_url(build_dir: Path, virtuoso_url: str) -> Iterator[str]:
    with running_server(
        build_dir,
        store_backend="sparql",
        sparql_endpoint_url=virtuoso_url,
        query_timeout_s=TIMEOUT_S,
        max_result_bytes=MAX_RESULT_BYTES,
        max_body_bytes=MAX_BODY_BYTES,
        query_workers=2,
    ) as url:
        yield url


@pytest.fixture(scope="module")
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=30) as c:
        yield c


@pytest.fixture(scope="module")
def api_build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_api_build(tmp_path_factory.mktemp("api-build"))


@pytest.fixture(scope="module")
def api_url(api_build_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_virtuoso()
    work = tmp_path_factory.mktemp("virtuoso-api")
    with (
        running_virtuoso(work, api_build_dir / "current" / "graph.nq") as endpoint,
        running_server(
            api_build_dir, store_backend="sparql", sparql_endpoint_url=endpoint, query_workers=2
        ) as url,
    ):
        yield url


@pytest.fixture(scope="module")
def api(api_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api_url, timeout=30) as c:
        yield c


@pytest.fixture(scope="module")
def loader(api: httpx.Client) -> Any:
    """A pyld document loader serving only our context; no network."""
    return offline_context_loader(api)
