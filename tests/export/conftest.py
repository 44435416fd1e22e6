"""The full corpus exported (`migrakg export`), served by nginx from Debian on 127.0.0.1,
beside the live service made for the same public URL: the two must answer the same bytes."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from bench.servers import stop
from service.export.nginx import standalone
from service.export.run import Summary, export
from service.settings import Settings
from tests.helpers import missing
from tests.service.server import free_port, running_server


@dataclass(frozen=True)
class Served:
    root: str  # the public URL both answer for
    summary: Summary
    static: httpx.Client  # nginx over the export
    live: httpx.Client  # `migrakg serve`'s app over the build


def _nginx() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if found is None:
        missing("nginx is not installed (Debian package nginx: `make system`)")
    assert found is not None
    return found


@pytest.fixture(scope="session")
def served(corpus_build, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    nginx = _nginx()
    corpus_dir = corpus_build.path.parent.parent
    port = free_port()
    root = f"http://127.0.0.1:{port}"
    tmp = tmp_path_factory.mktemp("export")
    summary = export(
        Settings(build_dir=corpus_dir, public_base_url=root), tmp / "site", f"127.0.0.1:{port}"
    )
    prefix = tmp / "nginx"
    prefix.mkdir()
    (prefix / "main.conf").write_text(standalone(tmp / "site" / "nginx.conf", prefix), "utf-8")
    process = subprocess.Popen(
        [nginx, "-p", str(prefix), "-c", str(prefix / "main.conf"), "-e", str(prefix / "error.log")]
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                httpx.get(root + "/api", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log = (prefix / "error.log").read_text("utf-8", "replace")
                    pytest.fail(f"nginx did not start: {log}")
                time.sleep(0.05)
        with (
            running_server(
                corpus_dir, public_base_url=root, query_workers=2, start_timeout_s=120
            ) as live_url,
            httpx.Client(base_url=root, timeout=30) as static,
            httpx.Client(base_url=live_url, timeout=60) as live,
        ):
            yield Served(root, summary, static, live)
    finally:
        stop(process)
