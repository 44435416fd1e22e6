"""Atomic publishing: a new store is visible only once complete; old builds survive."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from loaders.pipeline.store import current_build, publish, start_build, write_store

NQ = (
    b"<https://w3id.org/migracion-mx/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "
    b'"x" <https://w3id.org/migracion-mx/id/grafo/g> .\n'
)


def _publish(build_dir: Path, build_id: str, nquads: bytes = NQ) -> Path:
    work = start_build(build_dir, build_id)
    write_store(work, nquads)
    (work / "graph.nq").write_bytes(nquads)
    (work / "report.txt").write_text("report\n")
    (work / "report.json").write_text("{}")
    return publish(build_dir, work)


def test_publish_points_current_at_the_new_build(tmp_path: Path) -> None:
    assert current_build(tmp_path) is None
    first = _publish(tmp_path, "b1")
    assert current_build(tmp_path) == first
    assert (tmp_path / "graph.nq").read_bytes() == NQ
    second = _publish(tmp_path, "b2", NQ.replace(b'"x"', b'"y"'))
    assert current_build(tmp_path) == second
    assert b'"y"' in (tmp_path / "graph.nq").read_bytes()
    store = ox.Store.read_only(str(second / "store"))
    assert len(store) == 2  # the quad, and its triple in the default graph (the merge)
    assert len(list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))) == 1


def test_a_partial_build_is_never_current_and_is_cleaned_up(tmp_path: Path) -> None:
    first = _publish(tmp_path, "b1")
    abandoned = start_build(tmp_path, "b2")
    (abandoned / "graph.nq").write_bytes(b"half")
    assert current_build(tmp_path) == first
    _publish(tmp_path, "b3")
    assert not abandoned.exists()


def test_only_the_newest_builds_are_kept(tmp_path: Path) -> None:
    for n in range(5):
        _publish(tmp_path, f"b{n}")
    kept = sorted(p.name for p in (tmp_path / "stores").iterdir())
    assert kept == ["b2", "b3", "b4"]
