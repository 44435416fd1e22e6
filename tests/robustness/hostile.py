"""What every answer to hostile input must be, and the oracle for "genuinely expensive".

An answer is acceptable when it arrives within the hang limit, is not a 5xx (except a 503
for a query that really runs past the time limit), and an error carries a message (a
non-empty body). Whether a query is genuinely expensive is decided by running it, to completion or
until the limit, in a separate process over the same dataset: never by trusting the
service's own verdict.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from tests.robustness.conftest import TIMEOUT_S

_RUN_QUERY = """
import sys, pyoxigraph as ox
from tests.robustness.conftest import dataset
store = ox.Store()
store.extend(dataset())
result = store.query(sys.stdin.read(), use_default_graph_as_union=True)
if isinstance(result, ox.QueryTriples):
    result.serialize(format=ox.RdfFormat.N_TRIPLES)
else:
    result.serialize(format=ox.QueryResultsFormat.JSON)
"""


def runs_past(query: str, seconds: float) -> bool:
    """True if evaluating `query` over the test dataset takes longer than `seconds`."""
    process = subprocess.Popen(
        [sys.executable, "-c", _RUN_QUERY],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        process.communicate(query.encode("utf-8", "surrogatepass"), timeout=seconds + 1.0)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return True
    return False


def check_answer(response: httpx.Response, query: str | None = None) -> None:
    """The rules every answer to hostile input obeys (see the module docstring)."""
    status = response.status_code
    text = response.text
    if status >= 400:  # an empty graph or table is a valid 200
        assert text.strip(), f"{status} without a message"
    if status == 503 and query is not None and "limit" in text:
        assert runs_past(query, TIMEOUT_S * 0.5), f"503 for a cheap query: {query!r}"
        return
    assert status < 500, f"{status}: {text[:500]}"


@contextmanager
def tripwire() -> Iterator[tuple[str, list[bytes]]]:
    """A listening socket on 127.0.0.1: yields its URL and what connected to it.

    Hostile queries name this URL in SERVICE, LOAD, FROM and the like; the service must
    never open a connection to it.
    """
    hits: list[bytes] = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(1)
                try:
                    hits.append(conn.recv(1024) or b"(connected)")
                except OSError:
                    hits.append(b"(connected)")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/sparql", hits
    finally:
        stop.set()
        thread.join(2)
        server.close()
