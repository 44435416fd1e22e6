"""`service.run`: several workers, each on its own SO_REUSEPORT socket, one supervisor."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from service.http import placement
from tests.service.dataset import ACTIONS_PER_DOC, AGENCY, BASE, write_build
from tests.service.server import free_port


def _start(build_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "MIGRAKG_BUILD_DIR": str(build_dir),
        "MIGRAKG_PORT": str(port),
        "MIGRAKG_WORKERS": "2",
        "MIGRAKG_QUERY_WORKERS": "1",
    }
    return subprocess.Popen([sys.executable, "-m", "service.run"], env=env)


def test_two_workers_answer_on_one_port_and_stop_together(tmp_path: Path) -> None:
    port = free_port()
    process = _start(write_build(tmp_path), port)
    pids: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while len(pids) < 2 and time.monotonic() < deadline:
            assert process.poll() is None, "the service exited"
            try:  # a new connection each time: the kernel spreads them over the sockets
                pids.add(httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).json()["pid"])
            except httpx.TransportError:
                time.sleep(0.1)
        assert len(pids) == 2
        assert process.pid not in pids  # the supervisor serves nothing itself
        _assert_pinned(pids)
        _assert_guarded(pids)
        _assert_lookups_answer(port)
        _assert_burst_answers_each_connection(port)
        _assert_loop_placed_by_overlap(port)
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    for pid in pids:
        assert (
            not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
        )


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _threads(pid: int) -> list[int]:
    return [int(task.name) for task in Path(f"/proc/{pid}/task").iterdir()]


def _assert_pinned(workers: set[int]) -> None:
    """Each worker on one CPU of its own (`pin_workers`, when there are CPUs enough): all its
    threads but the event loop's, which may have left it while requests did not overlap
    (`service.http.placement`); the query processes they start on every CPU again."""
    cpus = os.sched_getaffinity(0)
    if len(cpus) < 2:
        pytest.skip("one CPU: nothing to pin to")
    pinned = []
    for pid in sorted(workers):
        own = {frozenset(os.sched_getaffinity(t)) for t in _threads(pid) if t != pid}
        assert len(own) == 1 and len(next(iter(own))) == 1
        pinned.append(next(iter(own)))
        assert os.sched_getaffinity(pid) in (pinned[-1], cpus)
    assert pinned[0] != pinned[1]
    query_processes = [child for pid in workers for child in _children(pid)]
    assert len(query_processes) == 2  # MIGRAKG_QUERY_WORKERS=1 each
    assert all(os.sched_getaffinity(child) == cpus for child in query_processes)


def _assert_guarded(workers: set[int]) -> None:
    """Every thread of every worker under the seccomp network filter (`service.run`): no
    request can make a web worker open an outbound connection."""
    for pid in workers:
        statuses = [p.read_text() for p in Path(f"/proc/{pid}/task").glob("*/status")]
        assert statuses
        for status in statuses:
            filters = next(line for line in status.splitlines() if line.startswith("Seccomp:"))
            assert filters.split()[1] == "2", status  # 2: filter mode


def _assert_lookups_answer(port: int) -> None:
    """A lookup by the lane (`service.http.connection`) answers as the full stack does."""
    query = f"SELECT ?p ?o WHERE {{ <{AGENCY}> ?p ?o }}"
    for _ in range(4):  # new connections: both workers
        lane = httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": query}, timeout=5)
        full = httpx.post(f"http://127.0.0.1:{port}/sparql", data={"query": query}, timeout=5)
        assert lane.status_code == full.status_code == 200
        assert lane.content == full.content
        assert "Instituto Nacional de Migración" in lane.text


def _assert_burst_answers_each_connection(port: int) -> None:
    """Lookups arriving together on 16 connections (a worker answers a loop turn's lookups
    on the loop, one after the other): each connection gets its own answer, round after
    round."""
    sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(16)]
    try:
        for round_ in range(20):
            numbers = [1 + (n + round_) % ACTIONS_PER_DOC for n in range(len(sockets))]
            for sock, number in zip(sockets, numbers, strict=True):
                query = f"SELECT ?p ?o WHERE {{ <{BASE}accion/doc-a/{number}> ?p ?o }}"
                target = "/sparql?" + urlencode({"query": query})
                sock.sendall(f"GET {target} HTTP/1.1\r\nHost: t\r\n\r\n".encode())
            for sock, number in zip(sockets, numbers, strict=True):
                labels = [
                    row["o"]["value"]
                    for row in json.loads(_reply(sock))["results"]["bindings"]
                    if row["p"]["value"].endswith("#prefLabel")
                ]
                assert labels == [f"Acción doc-a {number}"]
    finally:
        for sock in sockets:
            sock.close()


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


def _get(sock: socket.socket, target: str) -> bytes:
    """One GET on a keep-alive connection; the reply's body (by Content-Length)."""
    sock.sendall(f"GET {target} HTTP/1.1\r\nHost: t\r\n\r\n".encode())
    return _reply(sock)


def _reply(sock: socket.socket) -> bytes:
    """The body of the next reply on `sock` (by Content-Length)."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
    while len(body) < length:
        body += sock.recv(65536)
    return body


def _connect_to(port: int, pid: int | None) -> tuple[socket.socket, int]:
    """A keep-alive connection to the worker `pid` (any if None) and that worker's pid."""
    for _ in range(200):  # the kernel picks the worker by the connection's address
        sock = socket.create_connection(("127.0.0.1", port))
        found = int(json.loads(_get(sock, "/health"))["pid"])
        if pid is None or found == pid:
            return sock, found
        sock.close()
    raise AssertionError(f"no connection reached worker {pid}")


def _assert_loop_placed_by_overlap(port: int) -> None:
    """One request at a time for longer than `CALM_S`: the worker's loop thread may run on
    any CPU; a request while another is in progress: back on its own CPU."""
    cpus = os.sched_getaffinity(0)
    lookup = "/sparql?" + urlencode({"query": f"SELECT ?p ?o WHERE {{ <{AGENCY}> ?p ?o }}"})
    first, pid = _connect_to(port, None)
    with first:
        started = time.monotonic()
        while time.monotonic() - started < 3 * placement.CALM_S:
            assert "Instituto Nacional" in _get(first, lookup).decode()
        _get(first, lookup)
        assert os.sched_getaffinity(pid) == cpus
        second, _ = _connect_to(port, pid)
        with second:
            runaway = urlencode({"query": RUNAWAY})
            second.sendall(f"GET /sparql?{runaway} HTTP/1.1\r\nHost: t\r\n\r\n".encode())
            time.sleep(0.3)  # in progress until the query limit
            assert "Instituto Nacional" in _get(first, lookup).decode()
            own = os.sched_getaffinity(pid)
            assert len(own) == 1 and own < cpus


def test_a_worker_that_cannot_start_stops_the_service(tmp_path: Path) -> None:
    build_dir = write_build(tmp_path)
    store = (build_dir / "current").resolve() / "store"
    (store / "CURRENT").write_text("garbage\n")
    (build_dir / "current").resolve().joinpath("graph.nq").write_text("not n-quads\n")
    process = _start(build_dir, free_port())
    assert process.wait(timeout=60) == 3
