"""`python -m bench.load`: a mixed load on the service as `make serve` runs it, with runaways.

The server is started the way `make serve` starts it (`migrakg serve`, `MIGRAKG_WORKERS`
uvicorn workers sharing one read-only build, each with its query processes). 64 clients
(by default) on keep-alive loopback connections send a weighted mix for 60 s (or until a
request budget is spent): SPARQL lookups and aggregations, JSON-LD API items and pages,
HTML pages and dereferencing, over IRIs sampled from the build so that the reply cache
does not answer everything. One extra client throws a runaway cross-product query every
few seconds: those must answer 503 (stopped by the time limit or the memory cap). Every
other answer must be 200.

Printed: per request kind the count, errors, p50 and p99 latency; the memory (RSS) of the
server's whole process tree after warm-up and at the end. Exit status 1 if any request
failed or the memory grew more than 20% after warm-up.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx

from bench import servers, synthetic
from bench.servers import _free_port, _wait
from service.settings import REPO_DIR, Settings

PREFIX = "PREFIX mig: <https://w3id.org/migracion-mx/def#>\n"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
MAX_GROWTH = 0.20
PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Kind:
    name: str
    weight: int
    expect: int = 200


KINDS = (
    Kind("sparql-lookup", 25),
    Kind("sparql-aggregate", 10),
    Kind("api-item", 20),
    Kind("api-list", 5),
    Kind("page", 10),
    Kind("dereference", 20),
)
RUNAWAY_KIND = Kind("runaway", 0, 503)
# What the replies of a stopped runaway say: the time limit, or the memory cap (a cartesian
# product usually reaches the cap first, in well under a second)
STOPPED = (b"limit", b"a query may use", b"more memory")


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    samples: list[str] = field(default_factory=list)  # a few failures, for the report

    def add(self, status: int, seconds: float, expect: int, what: str) -> None:
        self.latencies.append(seconds)
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if status != expect:
            self.errors += 1
            if len(self.samples) < 3:
                self.samples.append(f"{status} for {what[:160]}")


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--build-dir", type=Path, default=REPO_DIR / "build")
    parser.add_argument("--synthetic", type=int, default=0, help="use N synthetic actions")
    parser.add_argument("--seconds", type=float, default=60.0, help="load duration")
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--max-requests", type=int, default=2_000_000)
    parser.add_argument("--warmup", type=float, default=8.0, help="seconds before measuring")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers")
    parser.add_argument("--query-workers", type=int, default=2, help="query processes each")
    parser.add_argument("--query-timeout", type=float, default=5.0)
    parser.add_argument("--runaway-every", type=float, default=5.0, help="seconds; 0 = none")
    parser.add_argument("--store-mode", choices=["memory", "disk"], default="memory")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    return parser.parse_args(argv)


# --- the server and its memory -------------------------------------------------------------


def start_server(args: argparse.Namespace, build_dir: Path, port: int) -> subprocess.Popen[bytes]:
    """`migrakg serve` with the worker count and limits as settings (what `make serve` runs)."""
    env = {
        **os.environ,
        "MIGRAKG_BUILD_DIR": str(build_dir),
        "MIGRAKG_PORT": str(port),
        "MIGRAKG_WORKERS": str(args.workers),
        "MIGRAKG_QUERY_WORKERS": str(args.query_workers),
        "MIGRAKG_QUERY_TIMEOUT_S": str(args.query_timeout),
        "MIGRAKG_STORE_MODE": args.store_mode,
    }
    cli = Path(sys.executable).parent / "migrakg"
    return subprocess.Popen(
        [str(cli), "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def process_tree(root: int) -> list[int]:
    """`root` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def tree_rss(root: int) -> tuple[int, int]:
    """Summed resident memory (bytes) of the process tree, and its process count."""
    total, count = 0, 0
    for pid in process_tree(root):
        try:
            resident = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
        total += resident * PAGE
        count += 1
    return total, count


def query_processes(root: int) -> int:
    found = 0
    for pid in process_tree(root):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        found += b"service.engine.process" in cmdline
    return found


# --- the request mix -----------------------------------------------------------------------


def _select(url: str, query: str, var: str) -> list[str]:
    reply = httpx.get(f"{url}/sparql", params={"query": query}, timeout=120)
    reply.raise_for_status()
    return [row[var]["value"] for row in reply.json()["results"]["bindings"]]


def requests_by_kind(url: str, rng: random.Random) -> dict[str, list[bytes]]:
    """Prepared raw HTTP/1.1 requests for each kind, over IRIs sampled from the build."""
    base = Settings().base_iri
    actions = _select(url, PREFIX + "SELECT ?a WHERE { ?a a mig:Action }", "a")
    agencies = _select(url, PREFIX + "SELECT ?a WHERE { ?a a mig:Agency }", "a")
    if not actions or not agencies:
        raise SystemExit("the build has no actions or agencies to sample")
    actions = rng.sample(actions, min(len(actions), 400))
    agencies = rng.sample(agencies, min(len(agencies), 60))
    local = [a[len(base) :] for a in actions]
    host = url.removeprefix("http://")

    def get(target: str, accept: str) -> bytes:
        return f"GET {target} HTTP/1.1\r\nHost: {host}\r\nAccept: {accept}\r\n\r\n".encode()

    def sparql(query: str) -> bytes:
        return get("/sparql?" + urlencode({"query": query}), "application/sparql-results+json")

    aggregates = [
        PREFIX + "SELECT ?y (COUNT(?a) AS ?n) WHERE { ?a a mig:Action ; mig:year ?y } GROUP BY ?y",
        PREFIX + "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    ] + [
        PREFIX + f"SELECT ?y (COUNT(?a) AS ?n) WHERE {{ ?a mig:responsibleAgency <{a}> ; "
        "mig:year ?y } GROUP BY ?y"
        for a in agencies
    ]
    view = httpx.get(f"{url}/api/actions", timeout=120).json().get("view", {})
    pages = int(re.search(r"[?&]page=(\d+)", view.get("last", "page=1")).group(1))
    words = ["migrantes", "frontera", "salud", "niñas", "empleo", "refugio", "consular"]
    return {
        "sparql-lookup": [sparql(f"SELECT ?p ?o WHERE {{ <{a}> ?p ?o }}") for a in actions],
        "sparql-aggregate": [sparql(q) for q in aggregates],
        "api-item": [
            get(f"/api/actions/{x.removeprefix('accion/')}", "application/ld+json") for x in local
        ]
        + [
            get(
                f"/api/agencies/{a[len(base) :].removeprefix('institucion/')}",
                "application/ld+json",
            )
            for a in agencies
        ],
        "api-list": [
            get(f"/api/actions?page={p}", "application/ld+json") for p in range(1, pages + 1)
        ]
        + [get(f"/api/actions?q={quote(w)}", "application/ld+json") for w in words],
        "page": [get(f"/id/{x}", "text/html") for x in local[:100]]
        + [get(f"/explorar/acciones?page={p}", "text/html") for p in range(1, 10)]
        + [get(f"/buscar?q={quote(w)}", "text/html") for w in words],
        "dereference": [get(f"/id/{x}", "text/turtle") for x in local]
        + [get(f"/id/{x}", "application/ld+json") for x in local[:100]],
    }


# --- the clients ---------------------------------------------------------------------------


async def exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> tuple[int, bytes, bool]:
    """Sends one request; the status, the body and whether the server closes the line."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length, chunked, close = 0, False, False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value:
            chunked = True
        elif name == b"connection" and value == b"close":
            close = True
    body = b""
    if chunked:
        parts = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            parts.append((await reader.readexactly(size + 2))[:-2])
            if size == 0:
                break
        body = b"".join(parts)
    elif length:
        body = await reader.readexactly(length)
    return status, body, close


class Load:
    def __init__(self, url: str, mix: dict[str, list[bytes]], args: argparse.Namespace) -> None:
        self.host, port = url.removeprefix("http://").split(":")
        self.port = int(port)
        self.mix = mix
        self.args = args
        self.tallies = {k.name: Tally() for k in (*KINDS, RUNAWAY_KIND)}
        self.remaining = args.max_requests
        self.measuring = False
        self.connection_errors = 0

    async def client(self, seed: int, deadline: float) -> None:
        rng = random.Random(seed)
        names = [k.name for k in KINDS]
        weights = [k.weight for k in KINDS]
        reader, writer = await asyncio.open_connection(self.host, self.port, limit=2**26)
        try:
            while self.remaining > 0 and time.perf_counter() < deadline:
                self.remaining -= 1
                name = rng.choices(names, weights)[0]
                request = rng.choice(self.mix[name])
                started = time.perf_counter()
                try:
                    status, _, close = await exchange(reader, writer, request)
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    self.connection_errors += 1
                    status, close = 0, True
                if self.measuring:
                    self.tallies[name].add(status, time.perf_counter() - started, 200, str(request))
                if close:
                    writer.close()
                    reader, writer = await asyncio.open_connection(
                        self.host, self.port, limit=2**26
                    )
        finally:
            writer.close()

    async def runaways(self, deadline: float) -> None:
        """An explosive query every `runaway_every` seconds, each on its own connection."""
        tasks, n = [], 0
        while time.perf_counter() < deadline - self.args.query_timeout - 2:
            await asyncio.sleep(self.args.runaway_every)
            n += 1
            tasks.append(asyncio.create_task(self.runaway(n)))
        await asyncio.gather(*tasks)

    async def runaway(self, n: int) -> None:
        query = f"{RUNAWAY} # {n}"  # a new text each time: the cache cannot answer it
        target = "/sparql?" + urlencode({"query": query})
        request = f"GET {target} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode()
        reader, writer = await asyncio.open_connection(self.host, self.port)
        started = time.perf_counter()
        try:
            status, body, _ = await exchange(reader, writer, request)
            if status == 503 and not any(m in body for m in STOPPED):
                status = -503  # a 503 that is neither the time limit's nor the memory cap's
        except (OSError, asyncio.IncompleteReadError, ValueError):
            status = 0
        finally:
            writer.close()
        if self.measuring:
            self.tallies["runaway"].add(status, time.perf_counter() - started, 503, query)

    async def run(self, on_warm: asyncio.Event) -> None:
        start = time.perf_counter()
        deadline = start + self.args.warmup + self.args.seconds
        tasks = [
            asyncio.create_task(self.client(self.args.seed * 1000 + i, deadline))
            for i in range(self.args.clients)
        ]
        if self.args.runaway_every > 0:
            tasks.append(asyncio.create_task(self.runaways(deadline)))
        await asyncio.sleep(self.args.warmup)
        self.measuring = True
        self.measure_started = time.perf_counter()
        on_warm.set()
        await asyncio.gather(*tasks)
        self.elapsed = time.perf_counter() - self.measure_started


async def drive(load: Load, server_pid: int) -> tuple[tuple[int, int], tuple[int, int]]:
    warm = asyncio.Event()
    runner = asyncio.create_task(load.run(warm))
    await warm.wait()
    await asyncio.sleep(1.0)
    after_warmup = tree_rss(server_pid)
    await runner
    return after_warmup, tree_rss(server_pid)


# --- report --------------------------------------------------------------------------------


def percentile(values: list[float], p: int) -> float:
    """The p-th percentile (inclusive method); NaN for no values."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def figures(load: Load, memory: tuple[tuple[int, int], tuple[int, int]]) -> dict[str, object]:
    kinds = {}
    for name, t in load.tallies.items():
        kinds[name] = {
            "requests": len(t.latencies),
            "errors": t.errors,
            "statuses": {str(k): v for k, v in sorted(t.statuses.items())},
            "p50_ms": percentile(t.latencies, 50) * 1000,
            "p99_ms": percentile(t.latencies, 99) * 1000,
            "rps": len(t.latencies) / load.elapsed,
            "failures": t.samples,
        }
    (warm_rss, warm_n), (end_rss, end_n) = memory
    return {
        "kinds": kinds,
        "seconds": load.elapsed,
        "connection_errors": load.connection_errors,
        "rss_after_warmup": warm_rss,
        "rss_end": end_rss,
        "processes": [warm_n, end_n],
        "growth": end_rss / warm_rss - 1 if warm_rss else 0.0,
    }


def print_table(result: dict[str, object], header: str) -> None:
    print(f"\n{header}\n")
    print("| kind | requests | req/s | errors | p50 ms | p99 ms | statuses |")
    print("|---|---|---|---|---|---|---|")
    kinds: dict[str, dict[str, object]] = result["kinds"]  # type: ignore[assignment]
    for name, k in kinds.items():
        statuses = " ".join(f"{s}:{n}" for s, n in k["statuses"].items())  # type: ignore[attr-defined]
        print(
            f"| {name} | {k['requests']} | {k['rps']:.0f} | {k['errors']} "
            f"| {k['p50_ms']:.1f} | {k['p99_ms']:.1f} | {statuses} |"
        )
    mib = 2**20
    print(
        f"\nmemory of the server's process tree (RSS, {result['processes']} processes): "
        f"{result['rss_after_warmup'] / mib:.0f} MiB after warm-up, "
        f"{result['rss_end'] / mib:.0f} MiB at the end ({result['growth']:+.1%}); "
        f"connection errors: {result['connection_errors']}"
    )
    for name, k in kinds.items():
        for sample in k["failures"]:  # type: ignore[attr-defined]
            print(f"  {name} failed: {sample}")
    item, lookup = kinds.get("api-item"), kinds.get("sparql-lookup")
    if item and lookup and lookup["p50_ms"]:
        ratio = float(item["p50_ms"]) / float(lookup["p50_ms"])  # type: ignore[arg-type]
        verdict = "met" if ratio <= 1.5 else "NOT met"
        print(
            f"API item p50 vs SPARQL lookup p50 under this load: {ratio:.2f}x (<= 1.5x {verdict})"
        )


def _build_dir(args: argparse.Namespace, tmp: Path) -> Path:
    if args.synthetic:
        return synthetic.write(tmp / "synthetic", args.synthetic)
    if not servers.ensure_build(args.build_dir):
        raise SystemExit(f"`migrakg build --build-dir {args.build_dir}` failed")
    return args.build_dir


def main(argv: list[str] | None = None) -> int:
    """Runs the load (options as on the command line); 0 if it passed, 1 if not."""
    args = _args(argv)
    with tempfile.TemporaryDirectory(prefix="load-") as tmp:
        build_dir = _build_dir(args, Path(tmp))
        port = _free_port()
        server = start_server(args, build_dir, port)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait(server, url + "/health", "migrakg serve")
            # every uvicorn worker has started its query processes when all are counted
            deadline = time.monotonic() + 120
            expected = args.workers * args.query_workers
            while query_processes(server.pid) < expected and time.monotonic() < deadline:
                time.sleep(0.2)
            started = query_processes(server.pid)
            mix = requests_by_kind(url, random.Random(args.seed))
            load = Load(url, mix, args)
            memory = asyncio.run(drive(load, server.pid))
        finally:
            stop_server(server)
    result = figures(load, memory)
    result["query_processes_started"] = started
    header = (
        f"load: {args.clients} clients for {load.elapsed:.0f} s after {args.warmup:g} s warm-up; "
        f"`migrakg serve` with {args.workers} uvicorn workers x {args.query_workers} query "
        f"processes ({started} running), store in {args.store_mode}, query limit "
        f"{args.query_timeout:g} s; one runaway query every {args.runaway_every:g} s"
    )
    print_table(result, header)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), "utf-8")
    kinds: dict[str, dict[str, int]] = result["kinds"]  # type: ignore[assignment]
    errors = sum(k["errors"] for k in kinds.values()) + load.connection_errors
    failed = errors > 0 or result["growth"] > MAX_GROWTH or started < expected  # type: ignore[operator]
    if failed:
        print(
            f"FAILED: {errors} errors, memory growth {result['growth']:+.1%} "
            f"(limit {MAX_GROWTH:.0%}), {started}/{expected} query processes",
            file=sys.stderr,
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
