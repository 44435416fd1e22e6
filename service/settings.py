"""The service's one settings object, read from `MIGRAKG_*` environment variables.

Nothing reads the environment at import time: `get_settings()` builds the object on first
use and caches it; tests override it through FastAPI's dependency overrides or simply pass
their own `Settings` to `create_app`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from loaders.vocab import DEFAULT_BASE, MIG

REPO_DIR = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Where the build is, how to listen, and the limits that keep a public endpoint safe."""

    model_config = SettingsConfigDict(env_prefix="MIGRAKG_", frozen=True, extra="ignore")

    build_dir: Path = REPO_DIR / "build"
    queries_dir: Path = Field(REPO_DIR / "queries", description="the named queries (*.rq)")
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=0, le=65535)
    workers: int = Field(2, ge=1, description="uvicorn worker processes (2 cores: 2)")
    pin_workers: bool = Field(
        True,
        description="with several workers, keep each (and its threads) on one CPU of its own",
    )
    query_workers: int = Field(
        2, ge=1, description="query processes per uvicorn worker (each holds the store)"
    )
    base_iri: str = DEFAULT_BASE
    ontology_namespace: str = str(MIG)
    public_base_url: str = Field(
        "", description="prefix of links in pages ('' = relative to this server)"
    )
    query_timeout_s: float = Field(5.0, gt=0)
    query_memory_bytes: int = Field(
        256 * 2**20,
        ge=0,
        description="memory a query process may allocate beyond its loaded store (its data "
        "segment is capped there: a query past it is stopped with a 503); 0: no cap",
    )
    queue_timeout_s: float = Field(
        30.0, gt=0, description="longest wait for a free query process before a 503"
    )
    max_result_bytes: int = Field(50_000_000, gt=0)
    max_body_bytes: int = Field(1_000_000, gt=0)
    result_cache_bytes: int = Field(
        64 * 2**20, ge=0, description="per uvicorn worker; 0 turns the reply cache off"
    )
    store_mode: Literal["memory", "disk"] = "memory"
    in_process_lookups: bool = Field(
        True,
        description="answer bounded point lookups in the uvicorn worker (one more store copy "
        "per worker) instead of a query process",
    )
    store_backend: Literal["embedded", "sparql"] = Field(
        "embedded", description="the build's pyoxigraph store, or a remote SPARQL 1.1 endpoint"
    )
    sparql_endpoint_url: str = Field(
        "", description="the endpoint's query URL when store_backend is 'sparql'"
    )
    cors_origins: list[str] = ["*"]
    # Connection limits, enforced by `service.http.connection` before the application sees a byte.
    max_request_line_bytes: int = Field(
        8 * 1024, gt=0, description="longest request target (URL); longer is a 431"
    )
    max_header_bytes: int = Field(
        32 * 1024, gt=0, description="request line and header fields together; more is a 431"
    )
    header_timeout_s: float = Field(
        10.0, gt=0, description="a request's head must arrive within this (slowloris)"
    )
    body_timeout_s: float = Field(
        30.0, gt=0, description="a request's body must arrive within this after its head"
    )
    keep_alive_timeout_s: float = Field(5.0, gt=0, description="idle keep-alive connections")
    send_timeout_s: float = Field(
        30.0, gt=0, description="a client that reads nothing of a reply this long is dropped"
    )
    spool_bytes: int = Field(
        1 * 2**20, gt=0, description="replies larger than this are sent from a temporary file"
    )

    @property
    def ontology_document(self) -> str:
        """The ontology's own IRI: the namespace without its `#`."""
        return self.ontology_namespace.rstrip("#/")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings from the environment, built once (a FastAPI dependency)."""
    return Settings()
