"""Start the two servers under test on 127.0.0.1, each on a free port."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(process: subprocess.Popen[bytes], url: str, what: str, workers: int = 1) -> None:
    """Until `url` answers from `workers` distinct processes (each poll a new connection):
    measuring while a worker still loads would pin every client connection on the others."""
    deadline = time.monotonic() + 120
    seen: set[object] = set()
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            reply = httpx.get(url, timeout=1)
        except httpx.TransportError:
            time.sleep(0.1)
            continue
        if workers == 1:
            return
        seen.add(reply.json().get("pid"))
        if len(seen) >= workers:
            return
        time.sleep(0.02)
    raise RuntimeError(f"{what} did not start")


def ensure_build(build_dir: Path) -> bool:
    """Whether `build_dir` has a published build, running `migrakg build` there if not."""
    if not (build_dir / "current").exists():
        print(f"no build at {build_dir}/current: running `migrakg build`", file=sys.stderr)
        cli = Path(sys.executable).parent / "migrakg"
        subprocess.run([str(cli), "build", "--build-dir", str(build_dir)], check=False)
    return (build_dir / "current").exists()


def stop(process: subprocess.Popen[bytes], timeout: float = 10) -> None:
    """Terminate `process`, killing it if it has not ended within `timeout` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def ours(
    build_dir: Path, workers: int, query_workers: int, store_mode: str, cache_bytes: int
) -> Iterator[str]:
    """Our service as `migrakg serve` starts it (`service.run`); yields its base URL."""
    port = _free_port()
    env = {
        **os.environ,
        "MIGRAKG_BUILD_DIR": str(build_dir),
        "MIGRAKG_QUERY_WORKERS": str(query_workers),
        "MIGRAKG_STORE_MODE": store_mode,
        "MIGRAKG_QUERY_TIMEOUT_S": "30",
        "MIGRAKG_RESULT_CACHE_BYTES": str(cache_bytes),
    }
    # what `migrakg serve` runs: one SO_REUSEPORT socket per worker process
    env["MIGRAKG_PORT"] = str(port)
    env["MIGRAKG_HOST"] = "127.0.0.1"
    env["MIGRAKG_WORKERS"] = str(workers)
    process = subprocess.Popen([sys.executable, "-m", "service.run"], env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(process, url + "/health", "our service", workers)
        yield url
    finally:
        stop(process)


@contextmanager
def oxigraph(nquads: Path) -> Iterator[str]:
    """Oxigraph's own server, read-only over a store loaded from the same `graph.nq`."""
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="bench-oxigraph-") as location:
        subprocess.run(
            [binary, "load", "--location", location, "--file", str(nquads)],
            check=True,
            capture_output=True,
        )
        process = subprocess.Popen(
            [
                binary,
                "serve-read-only",
                "--location",
                location,
                "--bind",
                f"127.0.0.1:{port}",
                "--union-default-graph",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait(process, url + "/query?query=ASK%7B%7D", "oxigraph")
            yield url
        finally:
            stop(process)
