"""A lookup evaluated on the event loop (`migrakg serve`'s guarded worker, nothing else in
progress) gives the very bytes the engine's threads give, and only then is it evaluated there.

Which path answered is read from outside, as the kernel counts it: every reply from the
engine's threads wakes one of them (a voluntary context switch of a thread other than the
loop's); a reply made on the loop wakes none.
"""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox
import pytest

from tests.service.dataset import BASE, SKOS, quads, write_build
from tests.service.server import free_port

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
LOOKUPS = [f"SELECT ?p ?o WHERE {{ <{BASE}accion/doc-a/{i}> ?p ?o }}" for i in range(1, 21)]


def _request(query: str) -> bytes:
    target = "/sparql?" + urlencode({"query": query})
    return f"GET {target} HTTP/1.1\r\nHost: t\r\nAccept: text/csv\r\n\r\n".encode()


def _exchange(sock: socket.socket, request: bytes) -> bytes:
    """One request on a keep-alive connection; the reply's body (by Content-Length)."""
    sock.sendall(request)
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), head
    length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
    while len(body) < length:
        body += sock.recv(65536)
    return body


def _thread_wakeups(pid: int) -> int:
    """Voluntary context switches of the worker's threads but the loop's (the main one)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        if int(task.name) == pid:
            continue
        status = (task / "status").read_text()
        total += int(status.split("voluntary_ctxt_switches:")[1].split()[0])
    return total


@pytest.fixture(scope="module")
def worker(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, int]:
    """`service.run` with one worker (the process itself: guarded, unpinned); pid and port."""
    port = free_port()
    env = {
        **os.environ,
        "MIGRAKG_BUILD_DIR": str(write_build(tmp_path_factory.mktemp("inline"))),
        "MIGRAKG_PORT": str(port),
        "MIGRAKG_WORKERS": "1",
        "MIGRAKG_QUERY_WORKERS": "1",
        "MIGRAKG_QUERY_TIMEOUT_S": "4",
        "MIGRAKG_RESULT_CACHE_BYTES": "0",  # every lookup evaluated
    }
    process = subprocess.Popen([sys.executable, "-m", "service.run"], env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, "the service exited"
            try:
                httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).raise_for_status()
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the service did not start"
                time.sleep(0.1)
        yield process.pid, port
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)


def test_alone_on_the_loop_else_in_threads_with_the_same_bytes(worker: tuple[int, int]) -> None:
    pid, port = worker
    with socket.create_connection(("127.0.0.1", port)) as sock:
        _exchange(sock, _request(LOOKUPS[0]))  # warm
        before = _thread_wakeups(pid)
        alone = [_exchange(sock, _request(q)) for q in LOOKUPS]
        inline_wakeups = _thread_wakeups(pid) - before
        with socket.create_connection(("127.0.0.1", port)) as busy:
            busy.sendall(_request(RUNAWAY))  # in progress until the query limit
            time.sleep(0.3)
            before = _thread_wakeups(pid)
            beside = [_exchange(sock, _request(q)) for q in LOOKUPS]
            threaded_wakeups = _thread_wakeups(pid) - before
            assert not select.select([busy], [], [], 0)[0], "the runaway ended too soon"
    # none expected on the loop (slack for a stray wake); about one per lookup otherwise
    # (a thread that finds the next job already queued does not sleep in between)
    assert inline_wakeups <= 2, inline_wakeups
    assert threaded_wakeups >= len(LOOKUPS) // 2, threaded_wakeups
    assert alone == beside
    # and what the full stack sends (a POST never takes the lane)
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
        for query, body in zip(LOOKUPS, alone, strict=True):
            full = client.post("/sparql", data={"query": query}, headers={"accept": "text/csv"})
            assert full.content == body
    for n, body in enumerate(alone, start=1):  # one row per statement about the action
        subject = ox.NamedNode(f"{BASE}accion/doc-a/{n}")
        statements = {(q.predicate, q.object) for q in quads() if q.subject == subject}
        rows = body.decode().splitlines()
        assert rows[0] == "p,o" and len(rows) == 1 + len(statements)
        assert f"{SKOS}prefLabel,Acción doc-a {n}" in rows
