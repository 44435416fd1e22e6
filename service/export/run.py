"""`export(settings, out)`: the static export of the build `settings` names.

Why through the app: every file is the body the service itself answers for the same URL
and `Accept` (same renderers, same templates, same public root), so a static host serving
the export gives the bytes the live service gives; nothing is rendered a second way. The
app runs in this process (its start-up opens the build and its query processes), requests
go through an in-memory ASGI transport, a few at a time so the query processes stay busy,
in one such process per CPU (each answers every n-th URL: rendering pages is CPU work).
Dumps, source texts, indicator tables and static assets are copied as files.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import httpx
import pyoxigraph as ox
from starlette.requests import Request

from service.app import create_app
from service.export import nginx, targets
from service.export.targets import Target
from service.http.public import public_root
from service.linked_data.catalog_iris import catalog_subjects
from service.linked_data.retired import kept_path
from service.published import open_build
from service.routers.pages import STATIC_DIR
from service.settings import Settings
from service.state import app_state

CONCURRENCY = 6  # requests in flight per process: keeps its query processes busy
MAX_SHARDS = 4  # processes, each with its own app, answering every n-th URL
SUBJECTS = """SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), BASE)) }"""


class ExportError(RuntimeError):
    """A URL the export asks for did not answer 200: the export is incomplete."""


@dataclass(frozen=True)
class Summary:
    """What was written: files per family, bytes, seconds."""

    out: Path
    counts: dict[str, int]
    bytes: int
    seconds: float

    def to_text(self) -> str:
        parts = ", ".join(f"{n} {family}" for family, n in self.counts.items())
        size = f"{self.bytes / 2**20:.1f} MiB"
        return f"exported {parts} ({size}) to {self.out} in {self.seconds:.1f} s\n"


def instance_stems(store_path: Path, base_iri: str, extra: Iterable[str] = ()) -> list[str]:
    """The paths under the base of every IRI the service dereferences: the store's
    subjects and the catalog's own IRIs, sorted."""
    store = ox.Store.read_only(str(store_path))
    query = SUBJECTS.replace("BASE", '"' + base_iri.replace('"', "") + '"')  # settings
    iris = {row["s"].value for row in store.query(query)}  # type: ignore[union-attr]
    iris.update(i for i in extra if i.startswith(base_iri))
    stems = (i[len(base_iri) :] for i in iris)
    return sorted(
        s
        for s in stems
        if s and not s.endswith("/") and "?" not in s and "#" not in s and kept_path(s) is None
    )


async def _fetch(client: httpx.AsyncClient, out: Path, target: Target) -> int:
    reply = await client.get(target.url, headers={"Accept": target.accept})
    if reply.status_code != 200:
        raise ExportError(f"{target.url} ({target.accept}): {reply.status_code}")
    path = out / target.file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(reply.content)
    return len(reply.content)


async def _fetch_all(client: httpx.AsyncClient, out: Path, todo: list[Target]) -> int:
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(target: Target) -> int:
        async with gate:
            return await _fetch(client, out, target)

    return sum(await asyncio.gather(*(one(t) for t in todo)))


def _copy_tree(source: Path, dest: Path, skip: frozenset[str] = frozenset()) -> tuple[int, int]:
    files = size = 0
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if not path.is_file() or rel.parts[0] in skip:
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        files += 1
        size += path.stat().st_size
    return files, size


def log(text: str) -> None:
    sys.stderr.write(text + "\n")


async def _export(
    settings: Settings, out: Path, shard: int, shards: int
) -> tuple[dict[str, int], int]:
    app = create_app(settings)
    state = app_state(app.state)
    root = public_root(settings)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url=root, timeout=600) as client,
    ):
        build = state.build
        snapshot = state.api_fast.snapshot if state.api_fast is not None else None
        if snapshot is None:
            raise ExportError(f"{build.root} has no api.bin: rebuild it with `migrakg build`")
        request = Request({"type": "http", "app": app, "headers": [], "path": "/"})
        catalog = await catalog_subjects(request)
        stems = instance_stems(build.store_path, settings.base_iri, catalog)
        families = {
            "IRI documents": targets.iri_targets(stems) + targets.ontology_targets(),
            "API files": targets.api_targets(snapshot, settings.base_iri),
            "named query files": targets.query_targets(state.named_queries),
            "catalog and VoID files": targets.metadata_targets(),
        }
        counts: dict[str, int] = {}
        size = 0
        for family, every in families.items():
            todo = every[shard::shards]
            began = time.monotonic()
            size += await _fetch_all(client, out, todo)
            counts[family] = len(todo)
            log(f"{len(todo)} {family} in {time.monotonic() - began:.1f} s")
        if shard:
            return counts, size
        copied = 0
        for source, dest in (
            (build.root / "dumps", out / "dumps"),
            (build.sources_dir, out / "dumps" / "fuentes"),
            (STATIC_DIR, out / "static"),
        ):
            files, n = _copy_tree(source, dest, frozenset({"vendor"}))
            copied += files
            size += n
        counts["copied files"] = copied
    return counts, size


def _shard(settings: Settings, out: Path, shard: int, shards: int) -> tuple[dict[str, int], int]:
    return asyncio.run(_export(settings, out, shard, shards))


def export(settings: Settings, out: Path, listen: str = "127.0.0.1:8080") -> Summary:
    """Writes the export of `settings.build_dir`'s current build into `out` (empty, or an
    earlier export, which is replaced) and `out/nginx.conf`, to be included in nginx's
    `http` block."""
    started = time.monotonic()
    open_build(settings.build_dir)  # fails early, with the path, when there is no build
    if out.exists():
        if any(out.iterdir()) and not (out / nginx.CONFIG_NAME).is_file():
            raise ExportError(f"{out} is neither empty nor an earlier export: not touching it")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shards = max(1, min(len(os.sched_getaffinity(0)), MAX_SHARDS))
    with ProcessPoolExecutor(shards, mp_context=get_context("spawn")) as pool:
        jobs = [pool.submit(_shard, settings, out, i, shards) for i in range(shards)]
        done = [job.result() for job in jobs]
    counts = {k: sum(c.get(k, 0) for c, _ in done) for k in done[0][0]}
    size = sum(n for _, n in done)
    (out / nginx.CONFIG_NAME).write_text(
        nginx.config(
            out.resolve(), listen, public_root(settings), settings.public_base_url.rstrip("/")
        ),
        "utf-8",
    )
    return Summary(out, counts, size, time.monotonic() - started)
