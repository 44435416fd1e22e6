"""`python -m bench.growth`: how cost grows with the corpus, at 1x, 10x and 50x its size.

For each scale, a synthetic corpus shaped like the real one (`bench.synthetic`) is
generated and published as a build; then: generation and store-load time, store size on
disk, start-up time and memory (RSS of the service and its query processes once
`/health` answers), and the p50 latency at concurrency 1 (reply cache off, a bounded
number of requests) of SPARQL lookups and aggregations, dereferencing, the JSON-LD API
(an item, a filtered page, a timeline) and every named query with its example
parameters. A table with ratios to 1x follows. Loopback only; bounded in requests and
seconds per cell.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import httpx

from bench import synthetic
from bench.client import Probe, measure
from bench.servers import _free_port, _wait, stop
from loaders.pipeline import store as publish
from service.api import precompute
from service.api.named_queries import load_queries
from service.linked_data import describe
from service.settings import REPO_DIR

MIG = "https://w3id.org/migracion-mx/def#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
BASE = "https://w3id.org/migracion-mx/id/"
JSON = ("Accept", "application/sparql-results+json")


@dataclass
class Scale:
    scale: float
    quads: int = 0
    actions: int = 0
    generate_s: float = 0.0
    load_s: float = 0.0
    snapshot_s: float = 0.0
    store_mib: float = 0.0
    start_s: float = 0.0
    rss_mib: float = 0.0
    p50_ms: dict[str, float] = field(default_factory=dict)


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def build(root: Path, scale: float) -> Scale:
    """Generates and publishes the corpus at `scale` under `root`, timing each step."""
    row = Scale(scale)
    t = time.perf_counter()
    data = synthetic.nquads(scale)
    row.generate_s = time.perf_counter() - t
    row.quads = data.count(b"\n")
    row.actions = data.count(f"> <{RDF_TYPE}> <{MIG}Action> <".encode())
    work = publish.start_build(root, f"growth-x{scale:g}")
    (work / "graph.nq").write_bytes(data)
    t = time.perf_counter()
    publish.write_store(work, data)
    row.load_s = time.perf_counter() - t
    t = time.perf_counter()
    precompute.write(work, BASE)
    row.snapshot_s = time.perf_counter() - t
    (work / "report.json").write_text(json.dumps({"version": "growth", "scale": scale}), "utf-8")
    final = publish.publish(root, work)
    row.store_mib = _du(final / "store") / 2**20
    return row


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += next(int(x.split()[1]) for x in status.splitlines() if x.startswith("VmRSS"))
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return total * 1024


@contextmanager
def service(build_dir: Path, store_mode: str, query_workers: int) -> Iterator[tuple[str, int]]:
    """Our service, one uvicorn worker, reply cache off; yields (url, pid)."""
    port = _free_port()
    env = {
        **os.environ,
        "MIGRAKG_BUILD_DIR": str(build_dir),
        "MIGRAKG_QUERY_WORKERS": str(query_workers),
        "MIGRAKG_STORE_MODE": store_mode,
        "MIGRAKG_QUERY_TIMEOUT_S": "60",
        "MIGRAKG_RESULT_CACHE_BYTES": "0",
        # The service's default memory cap for query processes (256 MiB): until start-up read
        # the member index in process (`QueryPool.run_own`), 50x needed 2 GiB here.
    }
    command = [sys.executable, "-m", "uvicorn", "--factory", "service.app:create_app"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--no-access-log"]
    command += ["--loop", "uvloop", "--http", "httptools", "--log-level", "warning"]
    process = subprocess.Popen(command, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(process, url + "/health", "our service")
        yield url, process.pid
    finally:
        stop(process)


def _named_queries() -> dict[str, str]:
    """Each named query's URL query string from its `#+ example:` header ('' if none)."""
    return {n: urlencode(q.examples) for n, q in load_queries(REPO_DIR / "queries").items()}


def personal_queries() -> tuple[str, ...]:
    """The named queries a user calls with an agency or a programme (a required one)."""
    return tuple(
        n
        for n, q in load_queries(REPO_DIR / "queries").items()
        if any(p.required and p.type in ("agency", "program") for p in q.params)
    )


def probes(url: str) -> dict[str, Probe]:
    """The requests measured; the item ones use the build's first action and agency."""

    def sparql(query: str) -> Probe:
        return Probe("GET", f"{url}/sparql?{urlencode({'query': query})}", (JSON,))

    first = httpx.get(
        f"{url}/sparql",
        params={"query": f"SELECT ?a WHERE {{ ?a a <{MIG}Action> }} ORDER BY ?a LIMIT 1"},
        headers=dict([JSON]),
        timeout=120,
    ).json()["results"]["bindings"][0]["a"]["value"]
    local = first[len(BASE) :]
    out = {
        "sparql lookup": sparql(f"SELECT ?p ?o WHERE {{ <{first}> ?p ?o }}"),
        "sparql group-by": sparql(
            f"SELECT ?y (COUNT(?a) AS ?n) WHERE {{ ?a a <{MIG}Action> ; <{MIG}year> ?y }} "
            "GROUP BY ?y ORDER BY ?y"
        ),
        "dereference /id": Probe("GET", f"{url}/id/{local}", (("Accept", "text/turtle"),)),
        "api item": Probe("GET", f"{url}/api/{local.replace('accion/', 'actions/', 1)}", ()),
        "api filtered page": Probe("GET", f"{url}/api/actions?gcm=7&year=2022&per_page=50", ()),
        "api text page": Probe("GET", f"{url}/api/actions?gcm=7&q=migrantes&per_page=50", ()),
        "api timeline": Probe("GET", f"{url}/api/agencies/inm/timeline", ()),
    }
    for name, example in _named_queries().items():
        out[f"query {name}"] = Probe("GET", f"{url}/api/queries/{name}?{example}", (JSON,))
    assert describe.DESCRIBE  # the dereference case runs the service's DESCRIBE
    return out


def measure_scale(row: Scale, build_dir: Path, args: argparse.Namespace) -> None:
    t = time.perf_counter()
    with service(build_dir, args.store_mode, args.query_workers) as (url, pid):
        row.start_s = time.perf_counter() - t
        row.rss_mib = _tree_rss(pid) / 2**20
        for name, probe in probes(url).items():
            status, _, _ = _status(probe)
            if status != 200:
                row.p50_ms[name] = float("nan")
                print(f"  x{row.scale:g} {name}: HTTP {status}, skipped", file=sys.stderr)
                continue
            measure(probe, 1, 3, args.seconds)  # warm up
            stats = measure(probe, 1, args.count, args.seconds)
            row.p50_ms[name] = stats.percentile(50) * 1000
            print(f"  x{row.scale:g} {name}: {row.p50_ms[name]:.2f} ms", file=sys.stderr)


def _status(probe: Probe) -> tuple[int, str, bytes]:
    r = httpx.request(probe.method, probe.url, headers=dict(probe.headers), timeout=120)
    return r.status_code, r.headers.get("content-type", ""), r.content


def table(rows: list[Scale], args: argparse.Namespace) -> str:
    """The figures as a Markdown table, each with its ratio to the first (1x) row."""
    base = rows[0]
    head = ["measure"] + [f"x{r.scale:g}" for r in rows]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]

    def line(name: str, values: list[float], fmt: str) -> None:
        cells, first = [], values[0]
        for i, v in enumerate(values):
            known = v == v and first == first  # not NaN
            ratio = f" ({v / first:.1f}x)" if i and known and first else ""
            cells.append((fmt.format(v) if v == v else "n/a") + ratio)
        lines.append(f"| {name} | " + " | ".join(cells) + " |")

    line("quads", [r.quads for r in rows], "{:,.0f}")
    line("actions", [r.actions for r in rows], "{:,.0f}")
    line("generate s", [r.generate_s for r in rows], "{:.1f}")
    line("load into store s", [r.load_s for r in rows], "{:.1f}")
    line("API snapshot and answers s", [r.snapshot_s for r in rows], "{:.1f}")
    line("store on disk MiB", [r.store_mib for r in rows], "{:.0f}")
    line("service start s", [r.start_s for r in rows], "{:.1f}")
    line("service RSS MiB", [r.rss_mib for r in rows], "{:.0f}")
    for name in base.p50_ms:
        line(f"p50 ms {name}", [r.p50_ms.get(name, float("nan")) for r in rows], "{:.2f}")
    lines += ["", *targets(rows)]
    note = (
        f"\nstore in {args.store_mode}, 1 uvicorn worker x {args.query_workers} query "
        f"processes, reply cache off; p50 at concurrency 1 over at most {args.count} "
        f"requests / {args.seconds:g} s per cell; (Nx) = ratio to x{base.scale:g}\n"
    )
    return note + "\n".join(lines)


# Issue 20's targets: what a user asks with an agency or programme answers in 20 ms at
# every scale; API pages and timelines at the largest scale within 2x of 1x; every named
# query within the scale factor of its 1x time (no faster growth than the data's).
FLAT_API = ("api filtered page", "api timeline")


def targets(rows: list[Scale]) -> list[str]:
    """The targets as a Markdown table, met or not, from the first and the last scale."""
    first, last = rows[0], rows[-1]
    factor = last.scale / first.scale
    out = ["| target | measured | met |", "|---|---|---|"]

    def row(name: str, value: str, ok: bool) -> None:
        out.append(f"| {name} | {value} | {'yes' if ok else 'NO'} |")

    for q in personal_queries():
        values = [r.p50_ms.get(f"query {q}", float("nan")) for r in rows]
        worst = max(values) if all(v == v for v in values) else float("nan")
        row(f"{q} p50 at every scale <= 20 ms", f"{worst:.2f} ms", worst <= 20)
    if len(rows) < 2:
        return out
    for name in FLAT_API:
        a, b = first.p50_ms.get(name, float("nan")), last.p50_ms.get(name, float("nan"))
        row(f"{name} x{last.scale:g} / x{first.scale:g} <= 2x", f"{b / a:.2f}x", b / a <= 2)
    for name in sorted(n for n in first.p50_ms if n.startswith("query ")):
        a, b = first.p50_ms[name], last.p50_ms.get(name, float("nan"))
        row(
            f"{name} x{last.scale:g} / x{first.scale:g} <= {factor:g}x",
            f"{b / a:.1f}x",
            b / a <= factor,
        )
    row(f"API snapshot build at x{last.scale:g}", f"{last.snapshot_s:.0f} s", True)
    return out


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.growth", description=__doc__)
    parser.add_argument("--scales", default="1,10,50", help="comma-separated multiples")
    parser.add_argument("--count", type=int, default=30, help="requests per cell at most")
    parser.add_argument("--seconds", type=float, default=3.0, help="time per cell at most")
    parser.add_argument("--query-workers", type=int, default=1)
    parser.add_argument("--store-mode", choices=["memory", "disk"], default="memory")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = _args(argv)
    rows = []
    for scale in (float(s) for s in args.scales.split(",")):
        with tempfile.TemporaryDirectory(prefix=f"growth-x{scale:g}-") as tmp:
            row = build(Path(tmp), scale)
            print(
                f"x{scale:g}: {row.quads:,} quads, store {row.store_mib:.0f} MiB", file=sys.stderr
            )
            measure_scale(row, Path(tmp), args)
            rows.append(row)
    print(table(rows, args))
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in rows], indent=1), "utf-8")


if __name__ == "__main__":
    main()
