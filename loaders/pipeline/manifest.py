"""The vendored sources: the manifest, and reading a file as checked text."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

from loaders.errors import SourceError
from loaders.model import SourceDocument

SOURCES_DIR = Path(__file__).resolve().parents[2] / "data" / "sources"
MANIFEST = "manifest.toml"


def load_manifest(sources_dir: Path = SOURCES_DIR) -> dict[str, SourceDocument]:
    """The documents of `manifest.toml`, by key, in the manifest's order."""
    path = sources_dir / MANIFEST
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SourceError(str(path), None, f"cannot read the manifest: {exc}") from exc
    return {entry["key"]: SourceDocument(**entry) for entry in data["document"]}


def read_source(doc: SourceDocument, sources_dir: Path = SOURCES_DIR) -> str:
    """The document's text, after checking its SHA-256 and that it is UTF-8."""
    path = sources_dir / doc.file
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(doc.file, None, f"cannot read the file: {exc.strerror}") from exc
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(doc.file, line, f"not UTF-8 (byte {exc.start})") from exc
    if digest != doc.sha256:
        raise SourceError(
            doc.file,
            None,
            f"SHA-256 is {digest}, the manifest says {doc.sha256}: the file was altered",
        )
    return text
