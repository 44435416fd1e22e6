"""`serve(settings)`: start the app for those settings (what `migrakg serve` calls).

With one worker this is plain uvicorn. With several, each worker process binds its own
listening socket on the same address with SO_REUSEPORT, so the kernel spreads connections
across the workers by their address hash. uvicorn's own `--workers` shares one socket, and
a worker that wakes first accepts a whole burst of connections: with 16 keep-alive clients
all of them often landed on one worker and the other core idled (measured: 2.7k-7.4k req/s
for the same lookup from run to run). With no more workers than CPUs, each worker is also
pinned to a CPU of its own (`pin_workers`, see `_supervise`). The settings travel to each
worker as `MIGRAKG_*` environment variables and `create_app()` reads them there.

Once its listening socket is bound, a worker of the embedded store puts all its threads
under the query processes' seccomp network filter (`service.engine.sandbox`): serving
HTTP never needs a new internet socket or a `connect`, so nothing in the worker, whatever
a request makes it do, can reach another server.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import signal
import socket
import time
from types import FrameType

import uvicorn

from service.engine import sandbox
from service.http import placement
from service.http.connection import PROTOCOL
from service.settings import Settings, get_settings

RESTART_PAUSE_S = 0.5
STARTUP_FAILED = 3  # uvicorn's exit code when the app cannot start (e.g. a damaged store)


def settings_environment(settings: Settings) -> dict[str, str]:
    """The `MIGRAKG_*` variables that rebuild `settings` in another process."""
    env = {}
    for name, value in settings.model_dump(mode="json").items():
        text = value if isinstance(value, str) else json.dumps(value)
        env[f"MIGRAKG_{name.upper()}"] = text
    return env


def _config(settings: Settings) -> uvicorn.Config:
    return uvicorn.Config(
        "service.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        loop="uvloop",
        http=PROTOCOL,  # httptools with head limits and deadlines
        access_log=False,
        log_level="info",
        timeout_graceful_shutdown=5,
    )


def _listening_socket(host: str, port: int, *, shared: bool) -> socket.socket:
    """Bound to host:port; `shared` (SO_REUSEPORT) when several workers bind it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if shared:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def _run_worker(settings: Settings, *, shared: bool) -> None:
    """Bind, close the network behind the socket (embedded store), serve until stopped."""
    sock = _listening_socket(settings.host, settings.port, shared=shared)
    if settings.store_backend == "embedded":  # the remote backend must reach its endpoint
        sandbox.forbid_network(all_threads=True)
    uvicorn.Server(_config(settings)).run(sockets=[sock])


def _worker(cpu: int | None) -> None:
    """One worker process: its own SO_REUSEPORT socket, one uvicorn server, on `cpu` if
    given (its query processes free themselves again: `service.engine.process.main`)."""
    settings = get_settings()
    if cpu is not None:
        cpus = os.sched_getaffinity(0)
        with contextlib.suppress(OSError):  # not allowed here: serve unpinned
            os.sched_setaffinity(0, {cpu})
            placement.configure(cpu, cpus)  # the loop may leave it while calm
    _run_worker(settings, shared=True)


def serve(settings: Settings) -> None:
    """Serve on settings.host:settings.port with settings.workers processes (blocks)."""
    os.environ.update(settings_environment(settings))
    if settings.workers == 1:
        _run_worker(settings, shared=False)
        return
    _supervise(settings.workers, settings.pin_workers)


def _supervise(count: int, pin: bool) -> None:
    """Start `count` workers, replace any that dies, stop them all on SIGINT / SIGTERM.

    With `pin` and no more workers than CPUs, worker n runs on the n-th CPU only: a
    worker hands each query to a thread, and on this kind of machine (virtual CPUs) waking
    a thread on the other CPU costs about twice a switch on the same one (measured: the
    in-process hop took 70 µs across CPUs, 35 µs on one; the lookup's p50 over HTTP went
    from 0.40 to 0.31 ms, Oxigraph's being 0.20 in the same run). Connections still spread
    over both workers (SO_REUSEPORT), so both CPUs serve.

    A worker that cannot start (uvicorn exits 3: the app's start-up failed, which already
    printed why) stops the whole service with that code rather than being restarted forever.
    """
    context = multiprocessing.get_context("spawn")
    cpus = sorted(os.sched_getaffinity(0))
    pinned = pin and 1 < count <= len(cpus)

    def start(n: int) -> multiprocessing.process.BaseProcess:
        cpu = cpus[n] if pinned else None
        process = context.Process(target=_worker, args=(cpu,), name=f"migrakg-worker-{n}")
        process.start()
        return process

    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    workers = [start(n) for n in range(count)]
    failed = False
    while not stopping:
        time.sleep(RESTART_PAUSE_S)
        for n, process in enumerate(workers):
            if process.is_alive() or stopping:
                continue
            if process.exitcode == STARTUP_FAILED:
                stopping = failed = True
                break
            workers[n] = start(n)
    for process in workers:
        if process.pid is not None and process.is_alive():
            os.kill(process.pid, signal.SIGTERM)
    for process in workers:
        process.join(timeout=10)
        if process.is_alive():
            process.kill()
    if failed:
        raise SystemExit(STARTUP_FAILED)


if __name__ == "__main__":
    serve(get_settings())
