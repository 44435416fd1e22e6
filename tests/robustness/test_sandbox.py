"""The kernel's guard itself (`service.engine.sandbox`), in fresh processes, and the memory cap
through the real server."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.robustness.conftest import HANG_S
from tests.service.server import running_server

pytestmark = pytest.mark.slow


def run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_filtered_thread_cannot_open_sockets_and_others_can() -> None:
    out = run(
        """
        import socket, threading
        from service.engine.sandbox import forbid_network
        seen = []
        def guarded():
            forbid_network()
            for family, kind in ((socket.AF_INET, socket.SOCK_STREAM),
                                 (socket.AF_INET6, socket.SOCK_STREAM),
                                 (socket.AF_INET, socket.SOCK_DGRAM),
                                 (socket.AF_NETLINK, socket.SOCK_RAW)):
                try:
                    socket.socket(family, kind).close()
                    seen.append("open")
                except PermissionError:
                    seen.append("refused")
            a, b = socket.socketpair()  # Unix sockets stay: the query process speaks on one
            try:
                socket.socket(socket.AF_UNIX).connect("/nonexistent")
            except PermissionError:
                seen.append("connect refused")
            except OSError:
                seen.append("connect tried")
            def child():
                try:
                    socket.socket().close()
                    seen.append("child open")
                except PermissionError:
                    seen.append("child refused")
            t = threading.Thread(target=child); t.start(); t.join()
        t = threading.Thread(target=guarded); t.start(); t.join()
        socket.socket().close()
        seen.append("main open")
        print(",".join(seen))
        """
    )
    assert out.strip().split(",") == [
        "refused",
        "refused",
        "refused",
        "refused",
        "connect refused",
        "child refused",  # inherited by the threads a guarded thread starts
        "main open",  # the web worker's own threads keep serving
    ]


def test_the_whole_process_with_all_threads() -> None:
    out = run(
        """
        import socket, threading, time
        from service.engine.sandbox import forbid_network
        started = threading.Event(); go = threading.Event(); seen = []
        def early():
            started.set(); go.wait()
            try:
                socket.socket().close(); seen.append("open")
            except PermissionError:
                seen.append("refused")
        t = threading.Thread(target=early); t.start(); started.wait()
        forbid_network(all_threads=True)  # a thread started before is covered too
        go.set(); t.join()
        print(seen[0])
        """
    )
    assert out.strip() == "refused"


def test_the_memory_cap_ends_an_allocation_past_it() -> None:
    out = run(
        """
        import pyoxigraph as ox
        from service.engine.sandbox import limit_memory
        store = ox.Store()
        for i in range(3000):
            store.add(ox.Quad(ox.NamedNode(f"http://e/{i}"), ox.NamedNode("http://p"),
                              ox.Literal(str(i) * 20)))
        limit_memory(64 * 2**20)
        try:
            bytearray(256 * 2**20)
            print("allocated")
        except MemoryError:
            print("refused")
        """
    )
    assert out.strip() == "refused"


@pytest.fixture(scope="module")
def capped(hostile_build: Path) -> Iterator[httpx.Client]:
    """A server whose query processes may allocate 64 MiB beyond their store."""
    with (
        running_server(
            hostile_build,
            query_timeout_s=20,
            query_memory_bytes=64 * 2**20,
            query_workers=1,
            in_process_lookups=False,
            result_cache_bytes=0,
        ) as url,
        httpx.Client(base_url=url, timeout=HANG_S + 20) as client,
    ):
        yield client


def test_a_runaway_query_is_stopped_by_the_memory_cap(capped: httpx.Client) -> None:
    cartesian = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
    response = capped.post("/sparql", data={"query": cartesian})
    assert response.status_code == 503
    assert "MiB a query may use" in response.text or "more memory" in response.text
    # the replacement process serves the next query
    ok = capped.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert ok.status_code == 200
    assert ok.json()["boolean"] is True
