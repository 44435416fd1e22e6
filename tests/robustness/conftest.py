"""One real server (uvicorn on 127.0.0.1) over a small but complete build, for the hostile
tests: the service tests' dataset and the API tests' dataset together, with the publishing
step's files (catalog, VoID, dumps) so that every route has something to serve.

Tight limits so that the limits themselves are exercised: a 2 s query time limit, a 20 kB
body limit, a 200 kB result cap.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from loaders.pipeline.manifest import load_manifest
from loaders.pipeline.report import BuildReport
from loaders.pipeline.run import BuildConfig
from loaders.pipeline.store import write_store
from loaders.publishing import write as write_publications
from tests.api.dataset import quads as api_quads
from tests.service.dataset import BASE, write_build
from tests.service.dataset import quads as service_quads
from tests.service.server import running_server

TIMEOUT_S = 2.0
MAX_BODY_BYTES = 20_000
MAX_RESULT_BYTES = 200_000
# The longest any answer may take: the query limit, a worker's replacement and slack.
HANG_S = TIMEOUT_S + 8.0


def dataset() -> list[ox.Quad]:
    """Both small test datasets, without duplicates."""
    return list(dict.fromkeys([*service_quads(), *api_quads()]))


def write_hostile_build(root: Path) -> Path:
    """The service tests' build layout over `dataset()`, plus the publishing step's files."""
    write_build(root)
    work = (root / "current").resolve()
    shutil.rmtree(work / "store")
    data = dataset()
    # as the build writes it: named graphs, and their merge as the default graph
    write_store(work, ox.serialize(data, format=ox.RdfFormat.N_QUADS))
    nquads = ox.serialize(sorted(data, key=str), format=ox.RdfFormat.N_QUADS)
    (work / "graph.nq").write_bytes(nquads)
    config = BuildConfig(build_dir=root, sources_dir=work / "sources", validate=False)
    docs = list(load_manifest(config.sources_dir).values())
    report = BuildReport.start(work.name, "2015-01-01T00:00:00+00:00", "test", BASE, docs)
    write_publications(work, nquads, report, config)
    return root


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_hostile_build(tmp_path_factory.mktemp("hostile-build"))


@pytest.fixture(scope="session")
def hostile_url(hostile_build: Path) -> Iterator[str]:
    with running_server(
        hostile_build,
        query_timeout_s=TIMEOUT_S,
        max_body_bytes=MAX_BODY_BYTES,
        max_result_bytes=MAX_RESULT_BYTES,
        query_workers=2,
        queue_timeout_s=HANG_S,
    ) as url:
        yield url


@pytest.fixture(scope="session")
def hostile(hostile_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=hostile_url, timeout=HANG_S) as client:
        yield client
