"""The embedded engine's query processes: one killed from outside is replaced unseen.

Kept apart from test_limits, which other backends' suites collect unchanged.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path

import httpx
import pytest

from service.api import index
from service.engine.pool import QueryPool
from service.engine.process import Request
from service.published import open_build
from service.settings import Settings
from tests.service.dataset import write_build
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


def test_the_member_index_is_read_in_process(tmp_path: Path) -> None:
    """The start-up read of the member index (whole-graph scans) runs on the worker's own
    store, not in a query process: it finishes while the only query process is held by a
    runaway query, and so the processes' memory cap (set for users' queries) never applies
    to it (at 50x the corpus, the index's literals pass the default 256 MiB)."""
    build_dir = write_build(tmp_path)
    settings = Settings(build_dir=build_dir, query_workers=1, query_timeout_s=20)
    runaway = (
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    )

    async def scenario() -> tuple[int, bool]:
        pool = QueryPool(settings, open_build(build_dir))
        await pool.start()
        try:
            held = asyncio.create_task(pool.run(Request(runaway, results_format="JSON")))
            await asyncio.sleep(0.3)  # the one query process is busy from here on
            found = await asyncio.wait_for(index.load(pool, settings.base_iri), timeout=5)
            busy = not held.done()
            held.cancel()
            return len(found.members), busy
        finally:
            await pool.close()

    members, busy = asyncio.run(scenario())
    assert busy
    assert members == 63  # 60 actions, 2 documents, 1 agency (tests/service/dataset.py)
