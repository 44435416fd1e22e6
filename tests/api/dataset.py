"""The small API test build: `dataset.trig` written in the layout the service reads."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from loaders.pipeline.store import write_store
from service.api import precompute

TRIG = Path(__file__).resolve().parent / "dataset.trig"
BASE = "https://w3id.org/migracion-mx/id/"


def quads() -> list[ox.Quad]:
    return list(ox.parse(path=str(TRIG), format=ox.RdfFormat.TRIG))


def write_build(root: Path) -> Path:
    """Writes `<root>/current -> stores/api-test/` (store, graph.nq, report) and returns root."""
    build = root / "stores" / "api-test"
    build.mkdir(parents=True)
    data = quads()
    # as the build writes it: named graphs, and their merge as the default graph
    write_store(build, ox.serialize(data, format=ox.RdfFormat.N_QUADS))
    ox.serialize(sorted(data, key=str), str(build / "graph.nq"), ox.RdfFormat.N_QUADS)
    precompute.write(build, BASE)
    (build / "report.json").write_text(json.dumps({"version": "api-test"}), "utf-8")
    (root / "current").symlink_to(build.relative_to(root), target_is_directory=True)
    return root
