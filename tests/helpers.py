"""Helpers shared by test modules (not fixtures: plain functions)."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

from loaders.sources import SOURCES_DIR


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
