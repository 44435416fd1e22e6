"""The published build the service reads: `<build_dir>/current` → `stores/<build-id>/`.

The directory holds `store/` (pyoxigraph RocksDB, opened read-only), `graph.nq` (the whole
dataset as sorted N-Quads), `report.json` (version, source hashes, counts) and, when the
build copies them, `sources/` (the vendored texts and their manifest). The link is resolved
once at start-up, so a new build published meanwhile is picked up by the next start; the
build served is pinned (`loaders.pipeline.store.pin`) so that pruning old builds spares it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loaders.pipeline.store import pin
from service.errors import Unavailable
from service.settings import REPO_DIR


@dataclass(frozen=True)
class Build:
    """Paths and report of one published build."""

    root: Path
    report: dict[str, Any] = field(default_factory=dict)
    pin: int | None = field(default=None, compare=False, repr=False)  # loaders.pipeline.store.pin

    @property
    def build_id(self) -> str:
        return self.root.name

    @property
    def store_path(self) -> Path:
        return self.root / "store"

    @property
    def nquads_path(self) -> Path:
        return self.root / "graph.nq"

    @property
    def sources_dir(self) -> Path:
        """The build's copy of the sources, or the repository's when the build has none."""
        own = self.root / "sources"
        return own if own.is_dir() else REPO_DIR / "data" / "sources"


def open_build(build_dir: Path) -> Build:
    """The build `build_dir/current` points at; `Unavailable` naming the path if none."""
    current = build_dir / "current"
    root = current.resolve()
    if not root.is_dir():
        raise Unavailable(f"no published build at {current} (run `migrakg build`)")
    if not (root / "store").is_dir() and not (root / "graph.nq").is_file():
        raise Unavailable(f"build {root} has neither store/ nor graph.nq")
    report: dict[str, Any] = {}
    report_path = root / "report.json"
    if report_path.is_file():
        try:
            report = json.loads(report_path.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise Unavailable(f"cannot read {report_path}: {exc}") from exc
    return Build(root=root, report=report, pin=pin(root))
