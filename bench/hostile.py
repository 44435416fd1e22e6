"""`python -m bench hostile`: the service under attack, one attack at a time, with a table.

The server is started as `make serve` starts it (`migrakg serve`, 2 uvicorn workers x 2 query
processes by default) on 127.0.0.1, its output captured to count log lines. Each attack is
bounded in requests and time (loopback only; every client call has a timeout; nothing waits
on the server without a deadline):

1. ssrf: `SERVICE <http://127.0.0.1:PORT/>` in many lexical disguises (and LOAD), GET and
   POST, while a local listener counts the connections it receives (must stay 0).
2. lexer: 1 MB bodies of one character class each (`-`, `.`, `a`, `(`, ...), one at a time
   with a stall limit, then 8 clients keeping such bodies in flight.
3. headers: an 8 MB `Accept`, 10 distinct 2 MB `Accept`s, 100 distinct `Host`s, a 1 MB
   request line, a 1 MB header, 2,000 headers.
4. memory: memory-hungry queries (cartesian ORDER BY, DISTINCT, GROUP BY, GROUP_CONCAT).
5. slow-readers: 16 connections ask for a result just under the result cap and never read.
6. slowloris: connections that send their headers one byte per second.
7. paths: malformed paths (NUL, invalid UTF-8, overlong and surrogate escapes).
8. aborted-uploads: a body announced at 1 MB of which half is sent before the client closes.
9. runaways: the load test's runaway queries (must end with 503 at the time limit).

During each attack a background thread polls `/health` every 50 ms (a new connection each
time, so both workers are asked) and another samples the memory (RSS) of the server's whole
process tree. A server left stuck or killed by the memory guard is restarted (and the row
says so) so that one attack's damage does not spill into the next.

Printed: per attack the requests, the answers by status, `/health` p50 / max, the tree's RSS
before, at its peak and after a short settle, the server log lines it caused; then details
per attack. Exit status 1 when an invariant fails (a connection reached the listener,
`/health` slower than 1 s, the tree above 1.5 GiB, a 500 or another 5xx than 503, a request
left without an answer where one is due), unless `--report-only`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from bench import servers
from bench.load import RUNAWAY, percentile, process_tree, query_processes
from service.settings import REPO_DIR, Settings

MiB = 2**20
GiB = 2**30
PAGE = os.sysconf("SC_PAGE_SIZE")
HOST = "127.0.0.1"
JSON_RESULTS = "application/sparql-results+json"
SPARQL_QUERY = "application/sparql-query"
FORM = "application/x-www-form-urlencoded"


# --- raw HTTP/1.1 over loopback, every call bounded -----------------------------------------


@dataclass
class Answer:
    """One exchange: the status (None when no answer came), time, and what was read."""

    status: int | None
    seconds: float
    error: str = ""  # "timeout", "closed", "reset", ... when no status line came
    size: int = 0  # body bytes read
    body: bytes = b""  # the first bytes of the body

    @property
    def label(self) -> str:
        return str(self.status) if self.status is not None else (self.error or "none")


def build_request(
    method: str,
    target: str,
    headers: Iterable[tuple[str, str]] = (),
    body: bytes = b"",
    host: str = HOST,
    length: int | None = None,
) -> bytes:
    """A raw request with `Connection: close` (so the answer ends with the connection)."""
    lines = [f"{method} {target} HTTP/1.1", f"Host: {host}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers]
    if body or length is not None or method == "POST":
        lines.append(f"Content-Length: {len(body) if length is None else length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def exchange(
    port: int,
    data: bytes,
    timeout: float,
    *,
    keep: int = 4096,
    max_read: int = 256 * MiB,
    rcvbuf: int | None = None,
) -> Answer:
    """Sends `data` on a new connection and reads the answer, all within `timeout` seconds.

    The server may answer early and close while the request is still being sent (a 413 or
    431 for an oversized request): the answer is then read from what arrived.
    """
    started = time.monotonic()
    deadline = started + timeout
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    head = bytearray()
    status: int | None = None
    size = 0
    body = bytearray()
    error = ""
    try:
        if rcvbuf is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        sock.settimeout(timeout)
        sock.connect((HOST, port))
        try:
            sock.settimeout(max(deadline - time.monotonic(), 0.001))
            sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # an early answer may be waiting; read it below
        length: int | None = None
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            sock.settimeout(remaining)
            chunk = sock.recv(1 << 16)
            if not chunk:
                break
            if status is None:
                head += chunk
                end = head.find(b"\r\n\r\n")
                if end < 0:
                    if len(head) > 1 << 20:
                        error = "header too long"
                        break
                    continue
                status, length = _parse_head(bytes(head[:end]))
                chunk = bytes(head[end + 4 :])
            size += len(chunk)
            if len(body) < keep:
                body += chunk[: keep - len(body)]
            if (length is not None and size >= length) or size >= max_read:
                break
    except TimeoutError:
        error = "timeout"
    except ConnectionResetError:
        error = "reset"
    except OSError as exc:
        error = type(exc).__name__
    finally:
        sock.close()
    if status is None and not error:
        error = "closed"
    return Answer(status, time.monotonic() - started, error, size, bytes(body))


def _parse_head(head: bytes) -> tuple[int | None, int | None]:
    lines = head.split(b"\r\n")
    try:
        status: int | None = int(lines[0].split()[1])
    except (IndexError, ValueError):
        status = None
    length = None
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length" and value.strip().isdigit():
            length = int(value.strip())
    return status, length


HEALTH = build_request("GET", "/health")


# --- the server and its process tree --------------------------------------------------------


def tree_memory(root: int) -> tuple[int, int, int]:
    """(summed RSS, largest single RSS, process count) of `root`'s process tree."""
    total, largest, count = 0, 0, 0
    for pid in process_tree(root):
        try:
            rss = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
        total += rss
        largest = max(largest, rss)
        count += 1
    return total, largest, count


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


class Server:
    """`migrakg serve` on 127.0.0.1 in a session of its own, its output appended to `log`."""

    def __init__(self, build_dir: Path, args: argparse.Namespace, log: Path) -> None:
        self.build_dir = build_dir
        self.args = args
        self.log = log
        self.port = servers._free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.monitor: Monitor | None = None
        self.restarts: list[str] = []  # why, for the current attack

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self) -> None:
        env = {
            **os.environ,
            "MIGRAKG_BUILD_DIR": str(self.build_dir),
            "MIGRAKG_HOST": HOST,
            "MIGRAKG_PORT": str(self.port),
            "MIGRAKG_WORKERS": str(self.args.workers),
            "MIGRAKG_QUERY_WORKERS": str(self.args.query_workers),
            "MIGRAKG_QUERY_TIMEOUT_S": str(self.args.query_timeout),
            "MIGRAKG_STORE_MODE": self.args.store_mode,
        }
        cli = Path(sys.executable).parent / "migrakg"
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [str(cli), "serve"],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        servers._wait(self.process, f"http://{HOST}:{self.port}/health", "migrakg serve", 2)
        deadline = time.monotonic() + 60
        expected = self.args.workers * self.args.query_workers
        while query_processes(self.pid) < expected and time.monotonic() < deadline:
            time.sleep(0.2)

    def kill(self) -> None:
        """SIGKILL to the whole session: a stuck worker would not act on SIGINT."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=20)
        self.kill()  # also reaches any process of its session left behind

    def restart(self, why: str) -> None:
        """Kill and start again (the monitor ignores the gap), noting `why` for the row."""
        print(f"    restarting the server: {why}", file=sys.stderr)
        self.restarts.append(why)
        if self.monitor is not None:
            self.monitor.pause()
        self.kill()
        try:
            self.start()
        except RuntimeError:  # the port was taken meanwhile
            self.kill()
            self.port = servers._free_port()
            self.start()
        if self.monitor is not None:
            self.monitor.resume()

    def workers(self) -> set[int]:
        return _children(self.pid) if self.process is not None else set()

    def responsive(self, timeout: float) -> bool:
        """Whether /health answers 200 twice in a row within 0.5 s, trying for `timeout` s."""
        deadline = time.monotonic() + timeout
        good = 0
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                return False
            answer = exchange(self.port, HEALTH, min(2.0, max(deadline - time.monotonic(), 0.1)))
            good = good + 1 if answer.status == 200 and answer.seconds < 0.5 else 0
            if good >= 2:
                return True
            time.sleep(0.1)
        return False

    def log_lines(self) -> list[str]:
        try:
            return self.log.read_text("utf-8", "replace").splitlines()
        except OSError:
            return []


# --- monitoring: /health latency and memory, in background threads -------------------------


class Monitor:
    """Polls /health every `interval` s (each poll on its own connection, up to 8 in flight)
    and samples the tree's memory every 0.1 s; kills the server above `guard` bytes."""

    def __init__(self, server: Server, guard: int, interval: float = 0.05) -> None:
        self.server = server
        self.guard = guard
        self.interval = interval
        self.health: list[tuple[float, float, bool]] = []  # (started, seconds, answered 200)
        self.rss: list[tuple[float, int, int]] = []  # (when, tree total, largest process)
        self.guard_tripped = 0
        self._lock = threading.Lock()
        self._outstanding: dict[int, float] = {}
        self._ignored: set[int] = set()
        self._paused = threading.Event()
        self._stop = threading.Event()
        self._pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="health")
        self._threads = [
            threading.Thread(target=self._poll_health, daemon=True),
            threading.Thread(target=self._sample_memory, daemon=True),
        ]

    def __enter__(self) -> Monitor:
        self.server.monitor = self
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(10)
        self.pause()  # polls still hanging count with what they waited so far
        self._pool.shutdown(wait=False, cancel_futures=True)
        self.server.monitor = None

    def pause(self) -> None:
        """Stop measuring (a restart): hanging polls are recorded with their wait so far."""
        now = time.monotonic()
        with self._lock:
            self._paused.set()
            for key, started in self._outstanding.items():
                self.health.append((started, now - started, False))
                self._ignored.add(key)
            self._outstanding.clear()

    def resume(self) -> None:
        self._paused.clear()

    def _poll_health(self) -> None:
        n = 0
        while not self._stop.wait(self.interval):
            with self._lock:
                if self._paused.is_set() or len(self._outstanding) >= 8:
                    continue
                n += 1
                self._outstanding[n] = time.monotonic()
            self._pool.submit(self._one_poll, n, self.server.port)

    def _one_poll(self, key: int, port: int) -> None:
        started = time.monotonic()
        answer = exchange(port, HEALTH, 5.0)
        with self._lock:
            if key in self._ignored:
                return
            self._outstanding.pop(key, None)
            self.health.append((started, answer.seconds, answer.status == 200))

    def _sample_memory(self) -> None:
        while not self._stop.wait(0.1):
            if self._paused.is_set() or self.server.process is None:
                continue
            total, largest, _ = tree_memory(self.server.pid)
            self.rss.append((time.monotonic(), total, largest))
            if total > self.guard and not self._paused.is_set():
                self.guard_tripped += 1
                print(
                    f"    memory guard: tree at {total / MiB:.0f} MiB, killing the server",
                    file=sys.stderr,
                )
                self.pause()
                self.server.kill()

    def health_between(self, start: float, end: float) -> list[float]:
        with self._lock:
            done = [s for t, s, _ in self.health if start <= t <= end]
            now = time.monotonic()
            hanging = [now - t for t in self._outstanding.values() if start <= t <= end]
        return done + hanging

    def health_failures(self) -> int:
        return sum(not ok for _, _, ok in self.health)

    def peak_between(self, start: float, end: float) -> tuple[int, int]:
        window = [(total, largest) for t, total, largest in self.rss if start <= t <= end]
        if not window:
            return 0, 0
        return max(w[0] for w in window), max(w[1] for w in window)


# --- the attacks ----------------------------------------------------------------------------


@dataclass
class Outcome:
    """What one attack saw: answers by status, notes per case, and failed invariants."""

    statuses: Counter[str] = field(default_factory=Counter)
    details: list[dict[str, object]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    expect_answers: bool = True  # an exchange without any answer is a failure

    def add(self, answer: Answer) -> None:
        self.statuses[answer.label] += 1

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())


@dataclass
class Context:
    server: Server
    args: argparse.Namespace
    monitor: Monitor


class Tripwire:
    """A listener on a free 127.0.0.1 port that counts the connections it receives."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind((HOST, 0))
        self.sock.listen(64)
        self.sock.settimeout(0.1)
        self.port: int = self.sock.getsockname()[1]
        self.hits: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    @property
    def connections(self) -> int:
        return len(self.hits)

    def __enter__(self) -> Tripwire:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(0.3)
                try:
                    self.hits.append(conn.recv(200) or b"(connected)")
                except OSError:
                    self.hits.append(b"(connected)")


def ssrf_disguises(url: str) -> list[tuple[str, str]]:
    """(name, query text) for SERVICE (and LOAD) naming `url`, in many lexical disguises."""
    pattern = "{ ?s ?p ?o }"
    escaped_iri = url.replace(":", "\\u003A", 1)
    return [
        ("plain", f"SELECT * WHERE {{ SERVICE <{url}> {pattern} }}"),
        ("lower case", f"select * where {{ service <{url}> {pattern} }}"),
        ("SILENT", f"SELECT * WHERE {{ SERVICE SILENT <{url}> {pattern} }}"),
        ("\\u0053ERVICE", f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {pattern} }}"),
        ("\\U00000053ervice", f"SELECT * WHERE {{ \\U00000053ervice <{url}> {pattern} }}"),
        ("escaped IRI", f"SELECT * WHERE {{ SERVICE <{escaped_iri}> {pattern} }}"),
        (
            "after :a\\# + newline",
            f"PREFIX : <http://e/> SELECT * WHERE {{ ?s ?p :a\\#\nSERVICE <{url}> {pattern} }}",
        ),
        (
            "after :a\\# same line",
            "PREFIX : <http://e/> SELECT * WHERE { BIND(:a\\# AS ?x) "
            f"SERVICE <{url}> {pattern} }}",
        ),
        (
            "after :a\\# same line, SILENT",
            "PREFIX : <http://e/> ASK { VALUES ?v { :a\\# } "
            f"SERVICE SILENT <{url}> {pattern} }}",
        ),
        (
            'after "a\\"#"',
            f'SELECT * WHERE {{ ?s ?p "a\\"#" SERVICE <{url}> {pattern} }}',
        ),
        (
            "after '''long'''",
            f"SELECT * WHERE {{ ?s ?p '''x'#'''\nSERVICE <{url}> {pattern} }}",
        ),
        ("subquery", f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {pattern} }} }} }}"),
        (
            "comments",
            f"SELECT * WHERE {{ # a comment\n SERVICE# another\n<{url}>#\n{pattern} }}",
        ),
        ("prefixed name", f"PREFIX r: <{url}> SELECT * WHERE {{ SERVICE r: {pattern} }}"),
        ("relative to BASE", f"BASE <{url}> SELECT * WHERE {{ SERVICE <> {pattern} }}"),
        ("in OPTIONAL", f"SELECT * WHERE {{ OPTIONAL {{ SERVICE <{url}> {pattern} }} }}"),
        (
            "in FILTER EXISTS",
            f"SELECT * WHERE {{ BIND(1 AS ?x) FILTER EXISTS {{ SERVICE <{url}> {pattern} }} }}",
        ),
        ("ASK", f"ASK {{ SERVICE <{url}> {pattern} }}"),
        (
            "variable endpoint",
            f"SELECT * WHERE {{ VALUES ?u {{ <{url}> }} SERVICE ?u {pattern} }}",
        ),
        ("FROM", f"SELECT * FROM <{url}> WHERE {pattern}"),
    ]


def service_ssrf(port: int, timeout: float = 15.0) -> Outcome:
    """Every disguise by POST (application/sparql-query) and GET, plus LOAD as an update;
    per disguise the statuses and the connections the listener received (must be 0)."""
    outcome = Outcome()
    with Tripwire() as wire:
        cases = [(name, query, "query") for name, query in ssrf_disguises(wire.url)]
        cases.append(("LOAD (update form)", f"LOAD <{wire.url}>", "update"))
        for name, query, kind in cases:
            before = len(wire.hits)
            if kind == "update":
                body = urlencode({"update": query}).encode()
                requests = [build_request("POST", "/sparql", [("Content-Type", FORM)], body)]
            else:  # a comment line of its own makes each text new to the reply cache
                post, get = (f"{query}\n# {kind} {time.time_ns()}" for kind in ("post", "get"))
                requests = [
                    build_request(
                        "POST", "/sparql", [("Content-Type", SPARQL_QUERY)], post.encode()
                    ),
                    build_request("GET", "/sparql?" + urlencode({"query": get})),
                ]
            answers = [exchange(port, request, timeout) for request in requests]
            time.sleep(0.2)  # a connection in flight lands before the count
            hits = len(wire.hits) - before
            for answer in answers:
                outcome.add(answer)
            outcome.details.append(
                {
                    "disguise": name,
                    "statuses": [a.label for a in answers],
                    "connections": hits,
                    "answer": " ".join(answers[0].body[:80].decode("utf-8", "replace").split()),
                }
            )
            if hits:
                outcome.failures.append(f"ssrf: {name!r} made {hits} connection(s) to the listener")
        time.sleep(0.5)
        late = len(wire.hits) - sum(int(str(d["connections"])) for d in outcome.details)
        if late > 0:
            outcome.failures.append(f"ssrf: {late} late connection(s) to the listener")
    return outcome


def attack_ssrf(ctx: Context) -> Outcome:
    return service_ssrf(ctx.server.port)


LEXER_CLASSES: tuple[tuple[str, str], ...] = (
    ("-", "-"),
    (".", "."),
    ("a", "a"),
    ("(", "("),
    ('"', '"'),
    ("'", "'"),
    ("<", "<"),
    ("#", "#"),
    ("\\", "\\"),
    (":", ":"),
    ("digits", "0123456789"),
    ("whitespace", " \t\r\n"),
    ("mixed a-", "a-"),
)


def _lexer_body(chars: str, size: int) -> bytes:
    return (chars * (size // len(chars) + 1))[:size].encode()


def attack_lexer(ctx: Context) -> Outcome:
    """Each class alone (a stall beyond `--stall-timeout` restarts the server), then 8
    clients keeping such bodies in flight for a few seconds while /health is polled."""
    outcome = Outcome()
    size = min(ctx.args.body_bytes, Settings().max_body_bytes)
    limit = ctx.args.stall_timeout
    headers = [("Content-Type", SPARQL_QUERY), ("Accept", JSON_RESULTS)]
    for name, chars in LEXER_CLASSES:
        request = build_request("POST", "/sparql", headers, _lexer_body(chars, size))
        answer = exchange(ctx.server.port, request, limit)
        outcome.add(answer)
        outcome.details.append(
            {"case": f"1 body of {name!r}", "status": answer.label, "seconds": answer.seconds}
        )
        if answer.status is None:
            outcome.failures.append(f"lexer: {size:,} bytes of {name!r}: no answer in {limit} s")
            ctx.server.restart(f"stalled by {size:,} bytes of {name!r}")
    # 8 clients, each with its class, sending again as soon as answered
    seconds = ctx.args.flight_seconds
    start = time.monotonic()
    end = start + seconds
    lock = threading.Lock()
    answers: list[Answer] = []

    def client(i: int) -> None:
        _, chars = LEXER_CLASSES[i % len(LEXER_CLASSES)]
        request = build_request("POST", "/sparql", headers, _lexer_body(chars, size))
        while (left := end - time.monotonic()) > 0.05:
            answer = exchange(ctx.server.port, request, left + limit)
            with lock:
                answers.append(answer)
            if answer.status is None:
                return

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + limit + 5)
    health = ctx.monitor.health_between(start, end)
    for answer in answers:
        outcome.add(answer)
    stalled = sum(a.status is None for a in answers)
    outcome.details.append(
        {
            "case": "8 bodies in flight",
            "requests": len(answers),
            "statuses": dict(Counter(a.label for a in answers)),
            "health_p50_ms": percentile(health, 50) * 1000,
            "health_max_ms": max(health, default=float("nan")) * 1000,
            "health_polls": len(health),
        }
    )
    if stalled:
        outcome.failures.append(f"lexer: {stalled} of the 8 in-flight bodies had no answer")
    if stalled or not ctx.server.responsive(limit + 1):
        ctx.server.restart("stalled by the 8 in-flight bodies")
    return outcome


def attack_headers(ctx: Context) -> Outcome:
    """Oversized Accept headers, many Host values, a long request line, many headers."""
    outcome = Outcome(expect_answers=False)  # closing an oversized request is fair
    port = ctx.server.port
    ask = "/sparql?" + urlencode({"query": "ASK {}"})
    select_10 = "/sparql?" + urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"})

    def accept(i: int, size: int) -> str:
        """A valid Accept of `size` bytes: one real range, then many tiny ones (a parser
        that keeps a structure per range, and a cache keyed on the raw value, pay most)."""
        first = f"{JSON_RESULTS}, a/b{i}"
        filler = ", a/b;q=0.1"
        text = first + filler * ((size - len(first)) // len(filler))
        return text + " " * (size - len(text))

    def one(label: str, requests: list[bytes], timeout: float, concurrency: int = 1) -> None:
        started = time.monotonic()
        with ThreadPoolExecutor(concurrency) as pool:
            answers = list(pool.map(lambda r: exchange(port, r, timeout), requests))
        peak, _ = ctx.monitor.peak_between(started, time.monotonic())
        peak = max(peak, tree_memory(ctx.server.pid)[0])  # cases shorter than a sample
        for answer in answers:
            outcome.add(answer)
        outcome.details.append(
            {
                "case": label,
                "requests": len(answers),
                "statuses": dict(Counter(a.label for a in answers)),
                "seconds": time.monotonic() - started,
                "tree_peak_mib": peak / MiB,
            }
        )

    one("8 MB Accept", [build_request("GET", ask, [("Accept", accept(0, 8 * MiB))])], 40)
    one(
        "10 distinct 2 MB Accept",
        [build_request("GET", select_10, [("Accept", accept(i, 2 * MiB))]) for i in range(10)],
        30,
    )
    paths = ("/.well-known/void", "/api/actions", "/")
    one(
        f"100 distinct Host x {len(paths)} routes",
        [build_request("GET", p, host=f"h{i}.example") for i in range(100) for p in paths],
        20,
        concurrency=4,
    )
    one(
        "1 MB request line",
        [
            build_request("GET", "/id/" + "a" * MiB),
            build_request("GET", ask + "&pad=" + "a" * MiB),
        ],
        20,
    )
    one("1 MB header", [build_request("GET", "/health", [("X-Pad", "a" * MiB)])], 20)
    one(
        "2,000 headers",
        [build_request("GET", "/health", [(f"X-H{i}", "v") for i in range(2000)])],
        20,
    )
    return outcome


MEMORY_QUERIES: tuple[tuple[str, str], ...] = (
    ("cartesian ORDER BY", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d"),
    ("cartesian DISTINCT", "SELECT DISTINCT ?a ?f WHERE { ?a ?b ?c . ?d ?e ?f }"),
    (
        "cartesian GROUP BY",
        "SELECT ?a ?d (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f } GROUP BY ?a ?d",
    ),
    (
        "GROUP_CONCAT of a product",
        "SELECT (GROUP_CONCAT(STR(?f)) AS ?all) WHERE { ?a ?b ?c . ?d ?e ?f }",
    ),
)


def attack_memory(ctx: Context) -> Outcome:
    """Each memory-hungry query alone; its status, time and the tree's peak meanwhile."""
    outcome = Outcome()
    timeout = ctx.args.query_timeout + 20
    for n, (name, query) in enumerate(MEMORY_QUERIES):
        text = f"{query} # hostile {n} {time.time_ns()}"  # never answered from the cache
        request = build_request(
            "POST",
            "/sparql",
            [("Content-Type", SPARQL_QUERY), ("Accept", JSON_RESULTS)],
            text.encode(),
        )
        started = time.monotonic()
        answer = exchange(ctx.server.port, request, timeout, keep=300)
        peak, largest = ctx.monitor.peak_between(started, time.monotonic())
        outcome.add(answer)
        outcome.details.append(
            {
                "case": name,
                "status": answer.label,
                "seconds": answer.seconds,
                "tree_peak_mib": peak / MiB,
                "largest_process_mib": largest / MiB,
                "message": answer.body[:100].decode("utf-8", "replace").strip(),
            }
        )
        if answer.status is None:
            outcome.failures.append(f"memory: {name}: no answer in {timeout:g} s")
        if ctx.server.process is not None and ctx.server.process.poll() is not None:
            ctx.server.restart(f"down after {name}")
    return outcome


def attack_slow_readers(ctx: Context) -> Outcome:
    """16 connections ask for a result just under the result cap and never read it."""
    outcome = Outcome()
    port = ctx.server.port
    cap = Settings().max_result_bytes
    headers = [("Content-Type", SPARQL_QUERY), ("Accept", JSON_RESULTS)]

    def query(copies: int, n: int) -> bytes:
        values = " ".join(str(i) for i in range(copies))
        text = f"SELECT * WHERE {{ GRAPH ?g {{ ?s ?p ?o }} VALUES ?x {{ {values} }} }} # r{n}"
        return text.encode()

    probe = exchange(port, build_request("POST", "/sparql", headers, query(1, -1)), 60, keep=0)
    if probe.status != 200 or not probe.size:
        outcome.failures.append(f"slow-readers: the size probe answered {probe.label}")
        return outcome
    copies = max(1, int(0.9 * cap / probe.size))
    expected = probe.size * copies
    socks: list[socket.socket] = []
    started = time.monotonic()
    try:
        for n in range(ctx.args.slow_readers):
            sock = socket.socket()
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.settimeout(5)
            try:
                sock.connect((HOST, port))
                sock.sendall(build_request("POST", "/sparql", headers, query(copies, n)))
            except OSError:
                sock.close()
                outcome.statuses["connect failed"] += 1
                continue
            socks.append(sock)
        time.sleep(ctx.args.slow_hold)
        peak, largest = ctx.monitor.peak_between(started, time.monotonic())
        for sock in socks:  # the status line only, then close
            sock.settimeout(2)
            try:
                line = sock.recv(16)
                outcome.statuses[line[9:12].decode() if line else "closed"] += 1
            except TimeoutError:
                outcome.statuses["no status yet"] += 1
            except OSError:
                outcome.statuses["reset"] += 1
    finally:
        for sock in socks:
            sock.close()
    outcome.details.append(
        {
            "case": f"{len(socks)} readers held {ctx.args.slow_hold:g} s",
            "result_bytes_each": expected,
            "tree_peak_mib": peak / MiB,
            "largest_process_mib": largest / MiB,
        }
    )
    return outcome


def attack_slowloris(ctx: Context) -> Outcome:
    """Connections that send a request line, then header bytes one per second."""
    outcome = Outcome(expect_answers=False)
    count, seconds = ctx.args.slowloris, ctx.args.slowloris_seconds
    opened: dict[socket.socket, float] = {}
    closed: dict[socket.socket, float] = {}
    answered: Counter[str] = Counter()
    started = time.monotonic()
    try:
        for i in range(count):
            sock = socket.socket()
            sock.settimeout(2)
            try:
                sock.connect((HOST, ctx.server.port))
                sock.sendall(f"GET /health HTTP/1.1\r\nHost: {HOST}\r\nX-Slow-{i}: ".encode())
            except OSError:
                sock.close()
                answered["connect failed"] += 1
                continue
            sock.setblocking(False)
            opened[sock] = time.monotonic()
        end = started + seconds
        while time.monotonic() < end and len(closed) < len(opened):
            live = [s for s in opened if s not in closed]
            readable, _, _ = select.select(live, [], [], 0)
            for sock in readable:
                try:
                    data = sock.recv(4096)
                except OSError:
                    data = b""
                answered[data[9:12].decode("latin-1") if data[:5] == b"HTTP/" else "closed"] += 1
                closed[sock] = time.monotonic() - opened[sock]
            for sock in live:
                if sock in closed:
                    continue
                try:
                    sock.send(b"a")
                except OSError:
                    answered["reset"] += 1
                    closed[sock] = time.monotonic() - opened[sock]
            time.sleep(min(1.0, max(end - time.monotonic(), 0)))
    finally:
        for sock in opened:
            sock.close()
    held = len(opened) - len(closed)
    outcome.statuses.update(answered)
    outcome.statuses["held"] += held
    outcome.details.append(
        {
            "case": f"{len(opened)} connections, 1 header byte/s for {seconds:g} s",
            "held_to_the_end": held,
            "closed_by_server": len(closed),
            "closed_after_s": sorted(round(s, 1) for s in closed.values())[:5],
        }
    )
    return outcome


MALFORMED_PATHS = (
    "/static/pages.css%00",
    "/id/%00",
    "/id/%FF",
    "/id/%C3%28",
    "/id/%ED%A0%80",
    "/id/%C0%AF",
    "/%00",
    "/sparql%00",
    "/api/actions/%00",
    "/api/actions/%FF",
    "/explorar/%FF",
    "/def%00",
    "/dumps/%00",
    "/static/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%2f..%2fpyproject.toml",
    "/id/%",
    "/id/%zz",
)


def malformed_paths(port: int, timeout: float = 15.0) -> Outcome:
    """GET each malformed path as sent (raw bytes); every answer must be a 4xx, not a 500."""
    outcome = Outcome()
    for path in MALFORMED_PATHS:
        answer = exchange(port, build_request("GET", path), timeout)
        outcome.add(answer)
        outcome.details.append({"path": path, "status": answer.label})
    return outcome


def attack_paths(ctx: Context) -> Outcome:
    return malformed_paths(ctx.server.port)


def attack_aborted_uploads(ctx: Context) -> Outcome:
    """Announce a body of 1 MB (within the body limit), send half, close; 3 per body type."""
    outcome = Outcome(expect_answers=False)
    size = min(ctx.args.body_bytes, Settings().max_body_bytes)
    before = len(ctx.server.log_lines())
    kinds = [(SPARQL_QUERY, b"SELECT * WHERE { ?s ?p ?o } #"), (FORM, b"query=SELECT%20*%20")]
    aborts = 0
    for content_type, start in kinds:
        for _ in range(3):
            head = build_request("POST", "/sparql", [("Content-Type", content_type)], length=size)
            sock = socket.socket()
            sock.settimeout(5)
            try:
                sock.connect((HOST, ctx.server.port))
                sock.sendall(head + start + b"a" * (size // 2 - len(start)))
                aborts += 1
            except OSError:
                outcome.statuses["connect failed"] += 1
            finally:
                sock.close()
            outcome.statuses["aborted"] += 1
            time.sleep(0.3)
    time.sleep(1.5)  # let the server notice and log
    added = ctx.server.log_lines()[before:]
    outcome.details.append(
        {
            "case": f"{aborts} aborted uploads",
            "log_lines": len(added),
            "log_lines_per_abort": len(added) / max(aborts, 1),
            "sample": [line[:120] for line in added[:3]],
        }
    )
    return outcome


RUNAWAYS: tuple[tuple[str, str], ...] = (
    ("5-way product COUNT", RUNAWAY),
    ("5-way product COUNT (2)", RUNAWAY + " # 2"),
    ("5-way product COUNT (3)", RUNAWAY + " # 3"),
    (
        "product with REGEX",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i "
        'FILTER(REGEX(CONCAT(STR(?c), STR(?f), STR(?i)), "(a+)+z")) }',
    ),
)


def attack_runaways(ctx: Context) -> Outcome:
    """The load test's runaways, all at once: each must end with the time limit's 503."""
    outcome = Outcome()
    timeout = ctx.args.query_timeout + 20

    def run(item: tuple[str, str]) -> Answer:
        text = f"{item[1]} # {time.time_ns()}"
        return exchange(
            ctx.server.port, build_request("GET", "/sparql?" + urlencode({"query": text})), timeout
        )

    with ThreadPoolExecutor(len(RUNAWAYS)) as pool:
        answers = list(pool.map(run, RUNAWAYS))
    for (name, _), answer in zip(RUNAWAYS, answers, strict=True):
        outcome.add(answer)
        message = answer.body[:100].decode("utf-8", "replace").strip()
        outcome.details.append(
            {"case": name, "status": answer.label, "seconds": answer.seconds, "message": message}
        )
        if answer.status != 503:
            outcome.failures.append(f"runaways: {name} answered {answer.label}, not 503")
    return outcome


ATTACKS: dict[str, Callable[[Context], Outcome]] = {
    "ssrf": attack_ssrf,
    "lexer": attack_lexer,
    "headers": attack_headers,
    "memory": attack_memory,
    "slow-readers": attack_slow_readers,
    "slowloris": attack_slowloris,
    "paths": attack_paths,
    "aborted-uploads": attack_aborted_uploads,
    "runaways": attack_runaways,
}


# --- running and reporting ------------------------------------------------------------------


def run_attack(name: str, server: Server, args: argparse.Namespace) -> dict[str, object]:
    print(f"  attack {name} ...", file=sys.stderr)
    server.restarts = []
    if not server.responsive(15):
        server.restart("not answering before the attack")
        server.restarts = []
    workers_before = server.workers()
    before, _, _ = tree_memory(server.pid)
    log_before = len(server.log_lines())
    started = time.monotonic()
    with Monitor(server, int(args.memory_guard_gib * GiB)) as monitor:
        try:
            outcome = ATTACKS[name](Context(server, args, monitor))
        except Exception as exc:  # a broken attack is reported, the others still run
            outcome = Outcome()
            outcome.failures.append(f"{name}: the attack itself failed: {exc!r}")
        ended = time.monotonic()
        health = monitor.health_between(started, ended)
        peak, largest = monitor.peak_between(started, ended)
        now_total, now_largest, _ = tree_memory(server.pid)  # an attack shorter than a sample
        peak, largest = max(peak, now_total), max(largest, now_largest)
        if not health:  # an attack shorter than a poll: one now
            health = [exchange(server.port, HEALTH, 5.0).seconds]
        guard = monitor.guard_tripped
        health_failed = sum(not ok for t, _, ok in monitor.health if started <= t <= ended)
    notes: list[str] = []
    if guard:
        notes.append(f"memory guard killed the server at > {args.memory_guard_gib:g} GiB")
    if server.process is not None and server.process.poll() is not None and not guard:
        notes.append(f"server exited with {server.process.returncode}")
    if server.process is None or server.process.poll() is not None:
        server.restart("down after the attack")
    elif not server.responsive(args.settle_timeout):
        server.restart(f"still not answering {args.settle_timeout:g} s after the attack")
    elif server.workers() != workers_before and not server.restarts:
        notes.append("a uvicorn worker died and was replaced")
    time.sleep(args.settle)
    after, _, _ = tree_memory(server.pid)
    notes += [f"restarted: {why}" for why in server.restarts]
    log_lines = len(server.log_lines()) - log_before if not server.restarts else None
    failures = list(outcome.failures)
    errors = {s: n for s, n in outcome.statuses.items() if s.isdigit() and int(s) >= 500}
    errors.pop("503", None)
    if errors:
        failures.append(f"{name}: server errors {errors}")
    if outcome.expect_answers:
        missing = sum(n for s, n in outcome.statuses.items() if s in ("timeout", "closed", "reset"))
        if missing and not any("no answer" in f for f in failures):
            failures.append(f"{name}: {missing} request(s) without an answer")
    worst = max(health, default=0.0)
    if worst > args.health_limit:
        failures.append(f"{name}: /health took {worst:.2f} s (limit {args.health_limit:g} s)")
    if health_failed:
        failures.append(f"{name}: {health_failed} /health poll(s) failed or hung")
    if guard:
        failures.append(f"{name}: process tree over the {args.memory_guard_gib:g} GiB guard")
    elif peak > args.memory_limit_gib * GiB:
        failures.append(
            f"{name}: process tree peaked at {peak / MiB:.0f} MiB "
            f"(limit {args.memory_limit_gib:g} GiB)"
        )
    return {
        "attack": name,
        "requests": outcome.requests,
        "statuses": dict(sorted(outcome.statuses.items())),
        "seconds": ended - started,
        "health_polls": len(health),
        "health_p50_ms": percentile(health, 50) * 1000,
        "health_max_ms": worst * 1000,
        "rss_before_mib": before / MiB,
        "rss_peak_mib": peak / MiB,
        "largest_process_mib": largest / MiB,
        "rss_after_mib": after / MiB,
        "log_lines": log_lines,
        "notes": notes,
        "details": outcome.details,
        "failures": failures,
    }


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if value < 10 else f"{value:.0f}"
    return str(value)


def print_table(rows: list[dict[str, object]], header: str) -> None:
    print(f"\n{header}\n")
    print(
        "| attack | requests | answers | /health p50 / max ms | tree RSS MiB before / peak / "
        "after | log lines | verdict |"
    )
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        statuses = " ".join(f"{s}:{n}" for s, n in row["statuses"].items())  # type: ignore[attr-defined]
        log = "-" if row["log_lines"] is None else row["log_lines"]
        verdict = "FAIL" if row["failures"] else "ok"
        print(
            f"| {row['attack']} | {row['requests']} | {statuses} "
            f"| {row['health_p50_ms']:.1f} / {row['health_max_ms']:.0f} "
            f"| {row['rss_before_mib']:.0f} / {row['rss_peak_mib']:.0f} / "
            f"{row['rss_after_mib']:.0f} | {log} | {verdict} |"
        )
    print()
    for row in rows:
        print(
            f"{row['attack']} ({row['seconds']:.1f} s; largest process "
            f"{row['largest_process_mib']:.0f} MiB):"
        )
        for note in row["notes"]:  # type: ignore[attr-defined]
            print(f"  note: {note}")
        for detail in row["details"]:  # type: ignore[attr-defined]
            print("  " + "; ".join(f"{k} {_fmt(v)}" for k, v in detail.items()))
        for failure in row["failures"]:  # type: ignore[attr-defined]
            print(f"  ! {failure}")


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench hostile",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--build-dir", type=Path, default=REPO_DIR / "build")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers")
    parser.add_argument("--query-workers", type=int, default=2, help="query processes each")
    parser.add_argument("--query-timeout", type=float, default=5.0)
    parser.add_argument("--store-mode", choices=["memory", "disk"], default="memory")
    parser.add_argument(
        "--attacks", default=",".join(ATTACKS), help=f"comma-separated, of {', '.join(ATTACKS)}"
    )
    parser.add_argument("--body-bytes", type=int, default=1_000_000, help="lexer/upload body")
    parser.add_argument("--stall-timeout", type=float, default=2.0, help="lexer: s per body")
    parser.add_argument("--flight-seconds", type=float, default=4.0, help="lexer: 8 in flight")
    parser.add_argument("--slow-readers", type=int, default=16)
    parser.add_argument("--slow-hold", type=float, default=8.0, help="seconds never reading")
    parser.add_argument("--slowloris", type=int, default=32, help="connections")
    parser.add_argument("--slowloris-seconds", type=float, default=12.0)
    parser.add_argument("--settle", type=float, default=2.0, help="seconds before 'after'")
    parser.add_argument("--settle-timeout", type=float, default=15.0)
    parser.add_argument("--health-limit", type=float, default=1.0, help="seconds")
    parser.add_argument("--memory-limit-gib", type=float, default=1.5)
    parser.add_argument(
        "--memory-guard-gib", type=float, default=6.0, help="kill the server above this"
    )
    parser.add_argument("--report-only", action="store_true", help="exit 0 whatever happens")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    unknown = set(args.attacks.split(",")) - set(ATTACKS)
    if unknown:
        parser.error(f"unknown attacks: {', '.join(sorted(unknown))}")
    return args


def main(argv: list[str] | None = None) -> int:
    """Runs the attacks; 0 if every invariant held (or `--report-only`), 1 if not."""
    args = _args(argv)
    if not servers.ensure_build(args.build_dir):
        raise SystemExit(f"`migrakg build --build-dir {args.build_dir}` failed")
    began = time.monotonic()
    log = Path(f"/tmp/migrakg-hostile-{os.getpid()}.log")
    log.write_bytes(b"")
    server = Server(args.build_dir, args, log)
    rows: list[dict[str, object]] = []
    try:
        server.start()
        for name in args.attacks.split(","):
            rows.append(run_attack(name, server, args))
    finally:
        server.stop()
    header = (
        f"hostile: `migrakg serve` with {args.workers} uvicorn workers x {args.query_workers} "
        f"query processes, store in {args.store_mode}, query limit {args.query_timeout:g} s; "
        f"/health polled every 50 ms; RSS summed over the server's process tree; "
        f"{time.monotonic() - began:.0f} s in all; server log {log}"
    )
    print_table(rows, header)
    failures = [f for row in rows for f in row["failures"]]  # type: ignore[attr-defined]
    if args.json:
        args.json.write_text(
            json.dumps(
                {"args": {k: str(v) for k, v in vars(args).items()}, "attacks": rows},
                indent=2,
                default=str,
            ),
            "utf-8",
        )
    if failures:
        word = "invariants failed (reported only)" if args.report_only else "FAILED"
        print(f"\n{word}: {len(failures)}", file=sys.stderr)
        for failure in failures:
            print(f"  {failure}", file=sys.stderr)
    return 0 if args.report_only or not failures else 1


if __name__ == "__main__":
    sys.exit(main())
