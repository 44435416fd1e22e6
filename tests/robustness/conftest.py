"""One real server (uvicorn on 127.0.0.1) over the small test build, for the hostile tests.

Tight limits so that the limits themselves are exercised: a 2 s query time limit, a 20 kB
body limit, a 200 kB result cap.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.service.dataset import write_build
from tests.service.server import running_server

TIMEOUT_S = 2.0
MAX_BODY_BYTES = 20_000
MAX_RESULT_BYTES = 200_000
# The longest any answer may take: the query limit, a worker's replacement and slack.
HANG_S = TIMEOUT_S + 8.0


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_build(tmp_path_factory.mktemp("hostile-build"))


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
