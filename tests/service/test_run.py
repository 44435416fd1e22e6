"""`service.run`: several workers, each on its own SO_REUSEPORT socket, one supervisor."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.service.dataset import write_build
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
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    for pid in pids:
        assert (
            not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
        )


def test_a_worker_that_cannot_start_stops_the_service(tmp_path: Path) -> None:
    build_dir = write_build(tmp_path)
    store = (build_dir / "current").resolve() / "store"
    (store / "CURRENT").write_text("garbage\n")
    (build_dir / "current").resolve().joinpath("graph.nq").write_text("not n-quads\n")
    process = _start(build_dir, free_port())
    assert process.wait(timeout=60) == 3
