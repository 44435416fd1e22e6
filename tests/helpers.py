"""Helpers shared by test modules (not fixtures: plain functions)."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from loaders.pipeline.manifest import SOURCES_DIR
from service.api.context import PATH as CONTEXT_PATH


def damaged_sources(tmp_path: Path, file: str, edit: Callable[[str], str | bytes]) -> Path:
    """A copy of the sources where `file` is edited and the manifest re-hashed, as a new
    release of a document would be: the hash check passes and the parser must notice.

    `edit` gets the text and returns the new text (written as UTF-8) or raw bytes.
    """
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES_DIR, sources)
    path = sources / file
    original = path.read_bytes()
    result = edit(original.decode("utf-8"))
    damaged = result if isinstance(result, bytes) else result.encode("utf-8")
    path.write_bytes(damaged)
    manifest = sources / "manifest.toml"
    manifest.write_text(
        manifest.read_text("utf-8").replace(
            hashlib.sha256(original).hexdigest(), hashlib.sha256(damaged).hexdigest()
        ),
        "utf-8",
    )
    return sources


def offline_context_loader(client: httpx.Client) -> Callable[..., dict[str, Any]]:
    """A pyld document loader that serves only our JSON-LD context, as `client`'s server
    gives it, and fails the test if pyld asks for any other URL: nothing is fetched."""
    served = client.get("/api/context/v1.jsonld").json()

    def load(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
        assert is_context_url(url), f"pyld tried to load {url}"
        return {"contextUrl": None, "documentUrl": url, "document": served}

    return load


def is_context_url(url: str) -> bool:
    """True for any URL whose path is the API context's path (host-independent)."""
    return urlsplit(url).path.endswith(CONTEXT_PATH)


def missing(reason: str) -> None:
    """A test's system package or front-end package is missing: skip on a developer's
    machine, fail in CI (`CI=true`, as .ci/run sets it), where `make test` installs it."""

    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"CI=true: {reason}")
    pytest.skip(reason)
