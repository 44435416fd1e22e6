"""The HTTP layer under attack, on a real uvicorn server (`service.http.connection`,
`service.http.edge`, `service.http.spool`, `service.http.public`): oversized heads are a
431 and are never held, slow or silent connections are closed, unread replies do not pin
memory, no reply reflects Host, malformed paths are never a 500, and a client that goes
away is one log line.

Its own server (short deadlines, a small spool threshold, a log file to read) over the
hostile build; memory is read from `/proc` for the pid `/health` names.
"""

from __future__ import annotations

import contextlib
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.http.conneg import (
    CACHED_HEADER_CHARS,
    _negotiate_cached,
    _parse_accept_cached,
    negotiate,
)
from service.http.formats import RESULTS
from tests.service.server import running_server

HEADER_TIMEOUT_S = 1.0
BODY_TIMEOUT_S = 2.0
KEEP_ALIVE_S = 1
SEND_TIMEOUT_S = 3.0
SPOOL_BYTES = 64 * 1024
MAX_LINE = 8 * 1024
MAX_HEAD = 32 * 1024
# Every triple of the hostile build 20 times over with a long literal: about 11 MB of
# N-Triples, more than loopback's socket buffers hold.
BIG_QUERY = (
    "CONSTRUCT { ?s ?p ?v } WHERE { ?s ?p ?o VALUES ?n { "
    + " ".join(map(str, range(20)))
    + ' } BIND(CONCAT(STR(?o), STR(?n), "'
    + "x" * 600
    + '") AS ?v) }'
)


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@pytest.fixture(scope="module")
def server_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hardening-log") / "server.log"


@pytest.fixture(scope="module")
def url(hostile_build: Path, server_log: Path) -> Iterator[str]:
    with running_server(
        hostile_build,
        log_file=server_log,
        header_timeout_s=HEADER_TIMEOUT_S,
        body_timeout_s=BODY_TIMEOUT_S,
        keep_alive_timeout_s=KEEP_ALIVE_S,
        send_timeout_s=SEND_TIMEOUT_S,
        spool_bytes=SPOOL_BYTES,
        max_result_bytes=20_000_000,
        query_workers=1,
    ) as base:
        yield base


@pytest.fixture(scope="module")
def http(url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=url, timeout=30) as client:
        yield client


def _address(url: str) -> tuple[str, int]:
    host, port = url.removeprefix("http://").split(":")
    return host, int(port)


def _exchange(url: str, data: bytes, timeout: float = 10.0) -> tuple[bytes, float]:
    """Send `data` on a fresh connection; everything the server sends until it closes, and
    how long that took."""
    started = time.monotonic()
    with socket.create_connection(_address(url), timeout=timeout) as sock:
        with contextlib.suppress(OSError):
            sock.sendall(data)
        return _read_all(sock), time.monotonic() - started


def _read_all(sock: socket.socket) -> bytes:
    out = b""
    with contextlib.suppress(OSError):
        while chunk := sock.recv(65536):
            out += chunk
    return out


def _status(reply: bytes) -> int:
    return int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/1.1 ") else 0


def _memory_kib(http: httpx.Client, field: str) -> int:
    """`VmRSS` or `VmHWM` (peak) of the worker that answers `/health`, in KiB."""
    pid = http.get("/health").json()["pid"]
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(rf"^{field}:\s+(\d+) kB", status, re.M)
    assert match is not None
    return int(match.group(1))


def _get(path: str, *headers: bytes) -> bytes:
    lines = [f"GET {path} HTTP/1.1".encode(), b"Host: t", b"Connection: close", *headers]
    return b"\r\n".join(lines) + b"\r\n\r\n"


# head limits


@fuzz(20)
@given(sizes=st.lists(st.integers(1, 12 * 1024), min_size=1, max_size=6))
def test_a_head_over_the_limit_is_431_and_under_it_is_answered(url: str, sizes: list[int]) -> None:
    headers = [f"X-Pad-{i}: ".encode() + b"a" * n for i, n in enumerate(sizes)]
    request = _get("/health", *headers)
    reply, _ = _exchange(url, request)
    if len(request) > MAX_HEAD:
        assert _status(reply) == 431, len(request)
        assert b"content-security-policy" in reply.lower()
    elif len(request) < MAX_HEAD - 200:  # near the limit the count of overheads may differ
        assert _status(reply) == 200, len(request)


@pytest.mark.parametrize("length", [MAX_LINE + 1, 100_000, 2_000_000])
def test_a_long_request_target_is_431(url: str, length: int) -> None:
    reply, _ = _exchange(url, _get("/health?q=" + "a" * length))
    assert _status(reply) == 431


def test_an_8_mb_accept_is_refused_without_being_held(url: str, http: httpx.Client) -> None:
    """The reply comes before the header ends, and the worker's peak memory stays put: the
    head was counted as it came, never kept whole."""
    peak = _memory_kib(http, "VmHWM")
    for _ in range(3):
        reply, _ = _exchange(url, _get("/sparql", b"Accept: " + b"a" * 8_000_000))
        assert _status(reply) == 431
    assert _memory_kib(http, "VmHWM") - peak < 4 * 1024
    assert http.get("/health").status_code == 200


# deadlines


def test_a_silent_connection_is_closed(url: str) -> None:
    reply, took = _exchange(url, b"", timeout=HEADER_TIMEOUT_S + 5)
    assert reply == b""
    assert took < HEADER_TIMEOUT_S + 2


def test_a_head_trickled_byte_by_byte_is_cut_off(url: str) -> None:
    """Slowloris: a byte every 100 ms keeps no per-read timer from firing; the head's own
    deadline does."""
    request = _get("/health", b"X-Slow: " + b"z" * 200)
    started = time.monotonic()
    with socket.create_connection(_address(url), timeout=10) as sock:
        with contextlib.suppress(OSError):
            for byte in request:
                sock.send(bytes([byte]))
                time.sleep(0.1)
                if time.monotonic() - started > HEADER_TIMEOUT_S + 3:
                    break
        reply = _read_all(sock)
    assert _status(reply) == 408
    assert time.monotonic() - started < HEADER_TIMEOUT_S + 3


def test_a_body_trickled_too_slowly_is_cut_off(url: str) -> None:
    head = (
        b"POST /sparql HTTP/1.1\r\nHost: t\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 1000\r\n\r\nSELECT"
    )
    started = time.monotonic()
    with socket.create_connection(_address(url), timeout=10) as sock:
        sock.sendall(head)
        with contextlib.suppress(OSError):
            while time.monotonic() - started < BODY_TIMEOUT_S + 3:
                sock.send(b" ")
                time.sleep(0.2)
        reply = _read_all(sock)
    assert _status(reply) == 408
    assert time.monotonic() - started < BODY_TIMEOUT_S + 3.5


def test_an_idle_keep_alive_connection_is_closed(url: str) -> None:
    with socket.create_connection(_address(url), timeout=10) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
        started = time.monotonic()
        reply = _read_all(sock)
    assert _status(reply) == 200
    assert time.monotonic() - started < KEEP_ALIVE_S + 2


def test_keep_alive_counts_from_the_last_reply(url: str) -> None:
    """The keep-alive deadline is a time stamp checked by one timer per idle period: a
    connection asking something every half timeout for three timeouts stays open, lookups
    (the lane) and other requests alike, then is closed a timeout after its last reply."""
    lookup = b"/sparql?query=" + quote("SELECT ?p ?o WHERE { <urn:x> ?p ?o }").encode()
    with socket.create_connection(_address(url), timeout=10) as sock:
        replies = _Replies(sock)
        started = time.monotonic()
        n = 0
        while time.monotonic() - started < 3 * KEEP_ALIVE_S:
            target = lookup if n % 2 else b"/health"
            sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: t\r\n\r\n")
            assert replies.status() == 200, n
            last = time.monotonic()
            n += 1
            time.sleep(KEEP_ALIVE_S / 2)
        assert sock.recv(1) == b""  # closed by the server, not by a timeout of ours
    assert KEEP_ALIVE_S - 0.2 < time.monotonic() - last < KEEP_ALIVE_S + 2
    assert n >= 5


class _Replies:
    """Replies read off one connection in order, each by its `content-length`."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock, self.buffer = sock, b""

    def status(self) -> int:
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self.sock.recv(65536)
        head, _, rest = self.buffer.partition(b"\r\n\r\n")
        length = int(re.search(rb"(?i)content-length: *(\d+)", head)[1])  # type: ignore[index]
        while len(rest) < length:
            rest += self.sock.recv(65536)
        self.buffer = rest[length:]
        return _status(head)


# replies to clients that do not read


def test_clients_that_never_read_pin_no_reply(url: str, http: httpx.Client) -> None:
    """Eight clients ask for an 11 MB result and read nothing: the worker holds no copy of it
    for them (it is spooled to a file and sent under flow control), and each is dropped
    once it has read nothing for `send_timeout_s`."""
    whole = http.post(
        "/sparql", data={"query": BIG_QUERY}, headers={"accept": "application/n-triples"}
    )
    assert whole.status_code == 200 and len(whole.content) > 8_000_000
    body = httpx.QueryParams({"query": BIG_QUERY}).__str__().encode()
    request = (
        b"POST /sparql HTTP/1.1\r\nHost: t\r\nAccept: application/n-triples\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: %d\r\n\r\n" % len(body) + body
    )
    before = _memory_kib(http, "VmRSS")
    sockets = []
    for _ in range(8):
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(_address(url))
        sock.sendall(request)
        sockets.append(sock)
    try:
        for sock in sockets:  # every reply under way (the query process takes turns)
            sock.settimeout(30)
            assert sock.recv(1, socket.MSG_PEEK)
        time.sleep(0.5)
        held = _memory_kib(http, "VmRSS") - before
        # Unspooled, each connection would pin a copy: 8 copies. One or two may be in
        # flight from the query process at any moment.
        assert held < 3 * len(whole.content) // 1024, held
        time.sleep(SEND_TIMEOUT_S + 1)
        for sock in sockets:
            sock.settimeout(5)
            assert len(_read_all(sock)) < len(whole.content)  # cut off, not sent whole
    finally:
        for sock in sockets:
            sock.close()
    assert http.get("/health").status_code == 200


def test_a_spooled_reply_is_whole_and_head_has_no_body(http: httpx.Client) -> None:
    # as sent, uncompressed (tests/robustness/test_compression.py covers the gzip variant)
    accept = {"accept": "application/n-triples", "accept-encoding": "identity"}
    first = http.post("/sparql", data={"query": BIG_QUERY}, headers=accept)
    again = http.get("/sparql", params={"query": BIG_QUERY}, headers=accept)
    assert first.content == again.content
    assert int(first.headers["content-length"]) == len(first.content)
    head = http.head("/sparql", params={"query": BIG_QUERY}, headers=accept)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == first.headers["content-length"]


def test_a_spooled_reply_compresses_as_it_streams(http: httpx.Client) -> None:
    accept = {"accept": "application/n-triples"}
    plain = http.get("/sparql", params={"query": BIG_QUERY},
                     headers={**accept, "accept-encoding": "identity"})  # fmt: skip
    packed = http.get("/sparql", params={"query": BIG_QUERY},
                      headers={**accept, "accept-encoding": "gzip"})  # fmt: skip
    assert packed.headers["content-encoding"] == "gzip"
    assert packed.content == plain.content  # httpx decodes it


# Host is never reflected


HOSTS = st.from_regex(r"\A[a-z][a-z0-9-]{0,30}(\.[a-z]{2,6}){1,2}(:[0-9]{1,5})?\Z")
REFLECTION_PATHS = [
    ("/catalog", "text/turtle"),
    ("/.well-known/void", "application/ld+json"),
    ("/sparql", "text/turtle"),
    ("/api/actions?per_page=2", "application/ld+json"),
    ("/api/queries", "application/json"),
    ("/", "text/html"),
    ("/api/", "*/*"),  # a redirect to /api
]


@fuzz(15)
@given(host=HOSTS)
def test_no_reply_depends_on_host(http: httpx.Client, host: str) -> None:
    for path, accept in REFLECTION_PATHS:
        plain = http.get(path, headers={"accept": accept}, follow_redirects=False)
        other = http.get(path, headers={"accept": accept, "host": host}, follow_redirects=False)
        assert other.status_code == plain.status_code, path
        assert other.content == plain.content, path
        for name in ("link", "location", "content-location"):
            assert other.headers.get(name) == plain.headers.get(name), (path, name)
        name = host.split(":")[0]
        assert name.encode() not in other.content
        assert name not in str(other.headers)


def test_many_hosts_do_not_grow_the_worker(http: httpx.Client) -> None:
    for n in range(10):  # warm: one of each
        http.get("/catalog", headers={"host": f"warm{n}.example"})
        http.get("/sparql", headers={"host": f"warm{n}.example", "accept": "text/turtle"})
    before = _memory_kib(http, "VmRSS")
    for n in range(200):
        http.get("/catalog", headers={"host": f"h{n}.example"})
        http.get("/sparql", headers={"host": f"h{n}.example", "accept": "text/turtle"})
    assert _memory_kib(http, "VmRSS") - before < 20 * 1024


def test_long_accept_headers_are_not_memoised() -> None:
    """Negotiation memoises short Accept headers only: distinct long ones (up to the head
    limit) leave nothing behind after their request."""
    sizes = [_parse_accept_cached.cache_info().currsize, _negotiate_cached.cache_info().currsize]
    for n in range(50):
        accept = f"text/csv;q=0.{n % 9 + 1}, " + ", ".join(f"x/y{n}-{i}" for i in range(2000))
        assert len(accept) > CACHED_HEADER_CHARS
        assert negotiate(accept, RESULTS) is not None
    after = [_parse_accept_cached.cache_info().currsize, _negotiate_cached.cache_info().currsize]
    assert after == sizes


# malformed paths, disconnects


@fuzz(60)
@given(
    raw=st.binary(min_size=1, max_size=12),
    prefix=st.sampled_from(
        ["/static/", "/id/", "/api/", "/", "/sparql/", "/static/vendor/yasgui/", "/dumps/", "/def."]
    ),
)
def test_any_escaped_path_is_never_a_500(url: str, raw: bytes, prefix: str) -> None:
    path = prefix + "".join(f"%{b:02X}" for b in raw)
    reply, _ = _exchange(url, _get(path))
    assert 200 <= _status(reply) < 500, (path, reply[:200])


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/static/pages.css%00", 404),
        ("/static/%00", 404),
        ("/static/vendor/yasgui/%00", 404),
        ("/id/accion%00x", 404),
        ("/static/%ff%fe", 400),
        ("/id/%C3%28", 400),
        ("/api/actions/%80", 400),
    ],
)
def test_nul_and_invalid_utf8_paths(http: httpx.Client, path: str, status: int) -> None:
    assert http.get(path).status_code == status
    assert http.head(path).status_code == status


def test_a_client_that_goes_away_mid_upload_is_one_log_line(url: str, server_log: Path) -> None:
    mark = len(server_log.read_bytes())
    with socket.create_connection(_address(url)) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: t\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 10000\r\n\r\nSELECT * WHERE"
        )
        time.sleep(0.3)
    time.sleep(1.0)
    logged = server_log.read_bytes()[mark:].decode().splitlines()
    assert len(logged) == 1, logged
    assert "went away" in logged[0] and "Traceback" not in logged[0]
