"""One real server over a small build for the whole service test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.service.dataset import write_build
from tests.service.server import running_server

TIMEOUT_S = 2.0
MAX_RESULT_BYTES = 200_000
MAX_BODY_BYTES = 20_000


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_build(tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="session")
def base_url(build_dir: Path) -> Iterator[str]:
    with running_server(
        build_dir,
        query_timeout_s=TIMEOUT_S,
        max_result_bytes=MAX_RESULT_BYTES,
        max_body_bytes=MAX_BODY_BYTES,
        query_workers=2,
    ) as url:
        yield url


@pytest.fixture(scope="session")
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=30) as c:
        yield c
