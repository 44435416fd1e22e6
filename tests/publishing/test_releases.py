"""The release ledger on small N-Quads: versions, carrying forward, the change summary.

Real files in a real build directory layout (`current` -> `stores/<id>`), written by the
same functions the build uses; the full-corpus counterpart is tests/fullcorpus/test_releases.py.
"""

from __future__ import annotations

from pathlib import Path

from loaders.publishing.releases import (
    RELEASES_DIR,
    GraphChange,
    Release,
    read_ledger,
    releases_for,
    write_ledger,
)

G1, G2 = "<http://example.org/g1>", "<http://example.org/g2>"
A = f'<http://example.org/a> <http://example.org/p> "1" {G1} .\n'
B = f'<http://example.org/b> <http://example.org/p> "2" {G1} .\n'
C = f"<http://example.org/c> <http://example.org/p> _:x {G2} .\n"
A2 = f'<http://example.org/a> <http://example.org/p> "one" {G1} .\n'


def publish(root: Path, build_id: str, nquads: str, issued: str) -> list[Release]:
    """What the build does: the ledger after this build, written into a new build that
    becomes `current`."""
    data = nquads.encode()
    releases, _new = releases_for(root, data, issued, build_id)
    work = root / "stores" / build_id
    work.mkdir(parents=True)
    (work / "graph.nq").write_bytes(data)
    write_ledger(work, root, releases)
    link = root / "current"
    link.unlink(missing_ok=True)
    link.symlink_to(Path("stores") / build_id)
    return releases


def test_a_history_of_releases(tmp_path: Path) -> None:
    first = publish(tmp_path, "b1", A + B + C, "2026-01-02T10:00:00+00:00")
    assert [r.version for r in first] == ["2026.01.02"]
    assert first[0].graphs == {
        "http://example.org/g1": GraphChange(2, 0),
        "http://example.org/g2": GraphChange(1, 0),
    }
    assert (first[0].quads, first[0].resources, first[0].previous) == (3, 3, None)
    # the same data: the same ledger, nothing new, the file carried as it was
    again = publish(tmp_path, "b2", A + B + C, "2026-01-02T11:00:00+00:00")
    assert again == first
    # a literal changed and a resource gone, the same day: version .2
    second = publish(tmp_path, "b3", A2 + C, "2026-01-02T12:00:00+00:00")[-1]
    assert second.version == "2026.01.02.2" and second.previous == "2026.01.02"
    assert second.graphs == {"http://example.org/g1": GraphChange(added=1, removed=2)}
    assert (second.new_resources, second.gone_resources) == ([], ["http://example.org/b"])
    # back to the first data: a new release all the same (the data changed since the last)
    third = publish(tmp_path, "b4", A + B + C, "2026-01-02T13:00:00+00:00")[-1]
    assert third.version == "2026.01.02.3"
    assert third.content_sha256 == first[0].content_sha256
    assert third.new_resources == ["http://example.org/b"]
    ledger = read_ledger(tmp_path / "stores" / "b4")
    assert [r.version for r in ledger] == ["2026.01.02", "2026.01.02.2", "2026.01.02.3"]
    assert sorted(p.name for p in (tmp_path / "stores" / "b4" / RELEASES_DIR).iterdir()) == [
        "2026.01.02.2.json",
        "2026.01.02.3.json",
        "2026.01.02.json",
    ]
    for version in ("2026.01.02", "2026.01.02.2"):  # byte for byte from the build before
        name = f"{version}.json"
        kept = tmp_path / "stores" / "b3" / RELEASES_DIR / name
        assert (tmp_path / "stores" / "b4" / RELEASES_DIR / name).read_bytes() == kept.read_bytes()
