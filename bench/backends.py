"""`python -m bench backends`: our service over its embedded store and over Virtuoso.

Issue 8 makes the store backend a setting (`store_backend="sparql"` for users who outgrow
one machine); this table shows what the switch costs. In one run, on one build, loopback
only, it starts:
- `embedded`: our service over its pyoxigraph store;
- `virtuoso`: the same service with `store_backend=sparql`, in front of a throw-away
  Virtuoso (bench.virtuoso) loaded with the build's `graph.nq`;
- `virtuoso-direct`: that Virtuoso's own `/sparql`, for the SPARQL cases only (the
  dereference row sends it the CONSTRUCT our service runs, as the main bench does for
  Oxigraph); Virtuoso's default graph is every graph it holds, not a set union.
It measures the main bench's cases (bench.cases) and the API cases (bench.api) at
concurrency 1 (p50, p99) and 16 (req/s), each cell bounded by a request count and a time
limit; both services run with their reply cache off, so each request reaches the backend.
The `reply` column compares the Virtuoso-backed service's answer with the embedded one's,
before and after its cells (its own base URL masked): `same` byte for byte, `same, other
order` the same graph or the same JSON up to array order, else `differs`. Without
Virtuoso installed (`make virtuoso`) it says so and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
from rdflib import Graph
from rdflib.compare import isomorphic

from bench import servers
from bench.cases import Case, cases, optional_api_cases
from bench.client import Probe, measure
from bench.virtuoso import binaries, running_virtuoso
from service.published import open_build
from service.settings import REPO_DIR

SPARQL_CASES = ("lookup", "group-by", "text-filter", "dereference")
RDF_MEDIA = ("text/turtle", "application/n-triples", "application/rdf+xml")
Row = dict[str, dict[str, float]]


def _args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench backends", description=__doc__)
    parser.add_argument("--build-dir", type=Path, default=REPO_DIR / "build")
    parser.add_argument("--count", type=int, default=1000, help="requests per cell at most")
    parser.add_argument("--seconds", type=float, default=2.0, help="time per cell at most")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="our uvicorn workers")
    parser.add_argument("--query-workers", type=int, default=2, help="query slots each")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    return parser.parse_args(argv)


@contextmanager
def _env(**values: str) -> Iterator[None]:
    """`values` in the environment while a server starts (servers.ours passes os.environ)."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _direct(case: Case, base: str) -> Probe:
    """The case as sent to a bare SPARQL server, at Virtuoso's `/sparql` path."""
    probe = case.probe(base, oxigraph=True)

    def at_sparql(url: str) -> str:
        return url.replace(f"{base}/query?", f"{base}/sparql?", 1)

    return replace(
        probe, url=at_sparql(probe.url), more_urls=tuple(map(at_sparql, probe.more_urls))
    )


def _cell(probe: Probe, args: argparse.Namespace) -> dict[str, float]:
    try:
        measure(probe, 1, 10, 1.0)  # warm up
        lat = measure(probe, 1, args.count, args.seconds)
        thr = measure(probe, args.concurrency, args.count * 4, args.seconds)
    except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as exc:
        print(f"  cell failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return {}
    return {
        "p50_ms": lat.percentile(50) * 1000,
        "p99_ms": lat.percentile(99) * 1000,
        "rps": thr.rps,
        "errors": lat.errors + thr.errors,
    }


def _reply(probe: Probe, base: str) -> tuple[int, str, str]:
    """Status, media type and body of one request, the server's own base URL masked."""
    r = httpx.get(probe.url, headers=dict(probe.headers), timeout=60)
    media = r.headers.get("content-type", "").split(";")[0].strip()
    return r.status_code, media, r.text.replace(base, "{base}")


def _canonical(value: Any) -> Any:
    """JSON with every array sorted: the same data whatever the triple order."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


def compare(ours: tuple[int, str, str], theirs: tuple[int, str, str]) -> str:
    """`same` (bytes), `same, other order` (same graph, or JSON up to order), or `differs`."""
    if ours == theirs:
        return "same"
    if ours[:2] != theirs[:2]:
        return "differs"
    media = ours[1]
    if media.endswith("json"):
        same = _canonical(json.loads(ours[2])) == _canonical(json.loads(theirs[2]))
    elif media in RDF_MEDIA:
        same = isomorphic(*(Graph().parse(data=r[2], format=media) for r in (ours, theirs)))
    else:
        same = False
    return "same, other order" if same else "differs"


def _verdict(case: Case, embedded: str, remote: str) -> str:
    return compare(
        _reply(case.probe(embedded, oxigraph=False), embedded),
        _reply(case.probe(remote, oxigraph=False), remote),
    )


def main(argv: list[str]) -> int:
    args = _args(argv)
    if binaries() is None:
        print(
            "backend table skipped: Virtuoso (virtuoso-opensource: virtuoso-t, isql-vt) is not "
            "installed; `make virtuoso` installs it where it can (root, apt-get)",
            file=sys.stderr,
        )
        return 0
    if not (args.build_dir / "current").exists():
        print(f"no build at {args.build_dir}/current: run `migrakg build` first", file=sys.stderr)
        return 1
    build = open_build(args.build_dir)
    started = time.monotonic()
    results: dict[str, Row] = {}
    same: dict[str, str] = {}
    config = (args.build_dir, args.workers, args.query_workers, "memory", 0)
    with tempfile.TemporaryDirectory(prefix="bench-virtuoso-") as work, ExitStack() as stack:
        endpoint = stack.enter_context(
            running_virtuoso(
                Path(work), build.nquads_path, query_timeout_s=30, http_threads=args.concurrency
            )
        )
        print(f"  Virtuoso loaded in {time.monotonic() - started:.1f} s", file=sys.stderr)
        embedded = stack.enter_context(servers.ours(*config))
        with _env(MIGRAKG_STORE_BACKEND="sparql", MIGRAKG_SPARQL_ENDPOINT_URL=endpoint):
            remote = stack.enter_context(servers.ours(*config))
        direct = endpoint.removesuffix("/sparql")
        for case in cases(embedded) + optional_api_cases(embedded):
            before = _verdict(case, embedded, remote)
            row: Row = {
                "embedded": _cell(case.probe(embedded, oxigraph=False), args),
                "virtuoso": _cell(case.probe(remote, oxigraph=False), args),
            }
            if case.name in SPARQL_CASES:
                row["virtuoso-direct"] = _cell(_direct(case, direct), args)
            results[case.name] = row
            after = _verdict(case, embedded, remote)  # Virtuoso's caches now warm
            same[case.name] = before if before == after else f"{before}, then {after}"
            print(f"  measured {case.name}", file=sys.stderr)
    print_table(results, same, build.build_id, args, time.monotonic() - started)
    if args.json:
        args.json.write_text(json.dumps({"figures": results, "same_reply": same}, indent=2))
    return 0


def _ratio(value: float | None, base: float | None) -> str:
    return f"{value / base:.2f}x" if value and base else "-"


def print_table(
    results: dict[str, Row],
    same: dict[str, str],
    build_id: str,
    args: argparse.Namespace,
    elapsed: float,
) -> None:
    print(
        f"\nbuild {build_id}; our service: {args.workers} uvicorn workers x "
        f"{args.query_workers} query slots, reply cache off, over the embedded store (memory) "
        f"or over Virtuoso (store_backend=sparql); virtuoso-direct = Virtuoso's own /sparql; "
        f"latency at concurrency 1, throughput at {args.concurrency}; at most {args.count} "
        f"requests / {args.seconds:g} s per cell; whole run {elapsed:.0f} s\n"
    )
    print(
        "| case | server | p50 ms | p99 ms | req/s | p50 vs embedded | req/s vs embedded "
        "| errors | reply |"
    )
    print("|" + "---|" * 9)
    for name, row in results.items():
        base = row["embedded"]
        for server, o in row.items():
            if not o:
                print(f"| {name} | {server} | failed | | | | | | |")
                continue
            reply = {"embedded": "", "virtuoso": same[name]}
            print(
                f"| {name} | {server} | {o['p50_ms']:.2f} | {o['p99_ms']:.2f} | {o['rps']:.0f} "
                f"| {_ratio(o['p50_ms'], base.get('p50_ms'))} "
                f"| {_ratio(o['rps'], base.get('rps'))} | {int(o['errors'])} "
                f"| {reply.get(server, '-')} |"
            )
