"""The embedded engine's query processes: one killed from outside is replaced unseen.

Kept apart from test_limits, which other backends' suites collect unchanged.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx
import pytest

from tests.service.engine.test_limits import CHEAP

pytestmark = pytest.mark.slow  # runs against a real server


def _query_processes(build_dir: Path) -> list[int]:
    """The pids of this session's query processes (their command line names our store)."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"service.engine.process" in args and any(str(build_dir).encode() in a for a in args):
            pids.append(int(proc.name))
    return pids


def test_a_killed_query_process_is_replaced(client: httpx.Client, build_dir: Path) -> None:
    pids = _query_processes(build_dir)
    assert len(pids) == 2
    os.kill(pids[0], signal.SIGKILL)
    time.sleep(0.2)
    for i in range(6):  # no request sees the dead process
        response = client.get("/sparql", params={"query": f"{CHEAP} # killed {i}"})
        assert response.status_code == 200, response.text
    deadline = time.monotonic() + 20
    while client.get("/health").json()["query_processes_ready"] < 2:
        assert time.monotonic() < deadline, "the pool did not refill"
        time.sleep(0.1)
    assert pids[0] not in _query_processes(build_dir)
