"""Store backends: where queries are evaluated, chosen by `Settings.store_backend`.

- `"embedded"` (default): `service.engine.pool.QueryPool`, query processes each holding the
  build's pyoxigraph store (in memory or RocksDB read-only);
- `"sparql"`: `service.engine.remote.RemoteEngine`, any SPARQL 1.1 endpoint loaded with
  the build's `graph.nq` (Virtuoso, Fuseki, GraphDB, QLever).
Both answer the `Engine` protocol the routers use, with the same replies.
"""

from __future__ import annotations

from typing import Any, Protocol

from service.engine.pool import QueryPool
from service.engine.process import Reply, Request
from service.published import Build
from service.settings import Settings


class Engine(Protocol):
    """What the routers need from a backend."""

    size: int
    quads: int

    @property
    def live(self) -> int: ...

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def run(self, request: Request, timeout: float | None = None) -> Reply: ...

    def run_now(self, request: Request) -> Reply | None: ...

    async def query(self, request: Request, timeout: float | None = None) -> Reply: ...

    async def select(
        self,
        query: str,
        substitutions: dict[str, Any] | None = None,
        default_graph: tuple[str, ...] | None = None,
    ) -> list[dict[str, dict[str, str]]]: ...


def make_engine(settings: Settings, build: Build) -> Engine:
    """The backend the settings name (not started yet: `await engine.start()`)."""
    if settings.store_backend == "sparql":
        from service.engine.remote import RemoteEngine

        return RemoteEngine(settings, build)
    return QueryPool(settings, build, in_process=settings.in_process_lookups)


__all__ = ["Engine", "make_engine"]
