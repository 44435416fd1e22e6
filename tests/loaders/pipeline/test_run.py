"""The full corpus build: counts, determinism, damaged sources, interrupted builds."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from loaders.errors import SourceError
from loaders.pipeline.run import BuildConfig, build
from loaders.pipeline.store import current_build
from tests.helpers import damaged_sources
from tests.paths import REPO

pytestmark = pytest.mark.slow

PREFIX = "PREFIX mig: <https://w3id.org/migracion-mx/def#>\n"


def count(store: ox.Store, where: str) -> int:
    rows = list(store.query(PREFIX + f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"))
    return int(rows[0]["n"].value)


def named_quads(store: ox.Store) -> int:
    """Quads in named graphs (the default graph is their materialised merge)."""
    return count(store, "GRAPH ?g { ?s ?p ?o }")


def test_default_graph_is_the_merge_of_the_named_graphs(corpus_store: ox.Store) -> None:
    merged = count(corpus_store, "SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert count(corpus_store, "?s ?p ?o") == merged
    assert merged < named_quads(corpus_store)  # some triples are stated in several graphs
    assert count(corpus_store, "?c a mig:PEMLineOfAction") == 195


def test_pem_scheme_has_5_objectives_26_strategies_195_lines(corpus_store: ox.Store) -> None:
    def distinct(cls: str) -> int:
        return count(corpus_store, f"SELECT DISTINCT ?c WHERE {{ GRAPH ?g {{ ?c a mig:{cls} }} }}")

    assert distinct("PEMObjective") == 5
    assert distinct("PEMStrategy") == 26
    assert distinct("PEMLineOfAction") == 195


def test_every_named_graph_is_present(corpus_build) -> None:
    graphs = set(corpus_build.report.graphs)
    base = "https://w3id.org/migracion-mx/id/grafo/"
    for key in ("pem-2015", "pem-2018", "pmm-2018", "pmm-2022", "pmm-2024"):
        assert base + key in graphs
    assert base + "ontologia" in graphs
    assert base + "referencia" in graphs


def test_graph_nq_is_sorted_and_matches_the_store(corpus_build) -> None:
    data = (corpus_build.path / "graph.nq").read_bytes()
    lines = data.splitlines()
    assert lines == sorted(lines)
    assert len(lines) == len(set(lines)) == corpus_build.report.quads


def test_two_builds_write_identical_bytes(corpus_build, corpus_rebuild: Path) -> None:
    """The same sources built twice, the second time in another process (hash seed)."""
    for name in ("graph.nq", "api.bin"):
        assert (corpus_rebuild / name).read_bytes() == (corpus_build.path / name).read_bytes(), name


def test_report_names_sources_and_findings(corpus_build) -> None:
    text = (corpus_build.path / "report.txt").read_text("utf-8")
    for doc in ("pem-2015-acciones.txt", "pmm-2024-informe-ejecutivo.txt"):
        assert doc in text
    assert all(f.file and f.line > 0 for f in corpus_build.report.findings)


def _truncate(text: str) -> str:
    lines = text.split("\n")
    return "\n".join(lines[: len(lines) // 2]) + "\nSe realizarán\n"


def test_truncated_source_stops_the_build_naming_file_and_line(tmp_path: Path) -> None:
    sources = damaged_sources(tmp_path, "pem-2018-acciones.txt", _truncate)
    with pytest.raises(SourceError) as caught:
        build(BuildConfig(build_dir=tmp_path / "build", sources_dir=sources))
    assert caught.value.file == "pem-2018-acciones.txt"
    assert caught.value.line is not None and caught.value.line > 0
    assert current_build(tmp_path / "build") is None


def test_failed_build_leaves_previous_store_serving(corpus_build, tmp_path: Path) -> None:
    build_dir = tmp_path / "build"
    shutil.copytree(corpus_build.path.parent.parent, build_dir, symlinks=True)
    before = current_build(build_dir)
    sources = damaged_sources(tmp_path, "pem-2018-acciones.txt", _truncate)
    with pytest.raises(SourceError):
        build(BuildConfig(build_dir=build_dir, sources_dir=sources))
    assert current_build(build_dir) == before
    assert named_quads(ox.Store.read_only(str(before / "store"))) == corpus_build.report.quads


def test_killed_build_leaves_previous_store_serving(corpus_build, tmp_path: Path) -> None:
    build_dir = tmp_path / "build"
    shutil.copytree(corpus_build.path.parent.parent, build_dir, symlinks=True)
    before = current_build(build_dir)
    code = (
        "from pathlib import Path; from loaders.pipeline.run import BuildConfig, build; "
        f"build(BuildConfig(build_dir=Path({str(build_dir)!r}), validate=False))"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=REPO)
    deadline = time.monotonic() + 120
    while not list((build_dir / "stores").glob("*.partial")) and time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail("the build ended before it could be interrupted")
        time.sleep(0.01)
    time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert current_build(build_dir) == before
    store = ox.Store.read_only(str(before / "store"))
    assert named_quads(store) == corpus_build.report.quads
