"""Start the real service (uvicorn in a subprocess, 127.0.0.1, a free port) for tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from bench.servers import stop
from service.http.connection import PROTOCOL


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(
    build_dir: Path,
    *,
    log_file: Path | None = None,
    start_timeout_s: float = 30,
    **settings: object,
) -> Iterator[str]:
    """Yields the base URL of a served build; stops the server afterwards. With `log_file`,
    the server's log (its stderr) goes there instead of the test run's."""
    port = free_port()
    # The port too: the service builds its absolute links from its settings, never from Host.
    env = {
        **os.environ,
        "MIGRAKG_BUILD_DIR": str(build_dir),
        "MIGRAKG_HOST": "127.0.0.1",
        "MIGRAKG_PORT": str(port),
    }
    env.update({f"MIGRAKG_{k.upper()}": str(v) for k, v in settings.items()})
    log = None if log_file is None else log_file.open("ab")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "service.app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "--loop",
            "uvloop",
            "--http",
            PROTOCOL,  # what `migrakg serve` runs: httptools with head limits and deadlines
        ],
        env=env,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_timeout_s
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode}")
            try:
                if httpx.get(url + "/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start within {start_timeout_s:g} s")
            time.sleep(0.1)
        yield url
    finally:
        stop(process)
        if log is not None:
            log.close()
