"""Publishing a build atomically: a new directory, then one symlink swap.

Layout of the build directory:

    build/
      current -> stores/<build-id>     the build the service serves (a symlink)
      stores/<build-id>/store/         pyoxigraph RocksDB store, closed
      stores/<build-id>/graph.nq       the whole dataset, sorted N-Quads
      stores/<build-id>/report.json    counts, findings, source hashes, build id and date
      stores/<build-id>/sources/       the source texts the build read (for quoting)
      graph.nq -> current/graph.nq     the current build's N-Quads (a symlink)
      report.txt -> current/report.txt

A build that fails or is killed before the swap leaves `current` untouched: the service
keeps serving the previous build, and the half-written directory (`*.partial`) is removed
by the next build.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

import pyoxigraph as ox

from loaders.dataset import load_dataset
from loaders.errors import StoreError

KEEP_BUILDS = 3


def stores_dir(build_dir: Path) -> Path:
    return build_dir / "stores"


def current_build(build_dir: Path) -> Path | None:
    """The directory `current` points to, or None when there is no published build."""
    link = build_dir / "current"
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def start_build(build_dir: Path, build_id: str) -> Path:
    """A fresh `<build-id>.partial` directory; leftovers of killed builds are removed."""
    stores = stores_dir(build_dir)
    stores.mkdir(parents=True, exist_ok=True)
    for leftover in stores.glob("*.partial"):
        shutil.rmtree(leftover, ignore_errors=True)
    work = stores / f"{build_id}.partial"
    work.mkdir()
    return work


def write_store(work: Path, nquads: bytes) -> None:
    """Load the N-Quads into a new on-disk store inside `work` and close it.

    The store's default graph is the merge of the named graphs (see `load_dataset`).
    """
    store = ox.Store(str(work / "store"))
    try:
        load_dataset(store, nquads)
        store.flush()
        store.optimize()
    finally:
        del store


def publish(build_dir: Path, work: Path) -> Path:
    """Rename the finished build into place and point `current` at it, atomically."""
    final = work.with_name(work.name.removesuffix(".partial"))
    try:
        os.replace(work, final)
        link_tmp = build_dir / "current.tmp"
        if link_tmp.is_symlink() or link_tmp.exists():
            link_tmp.unlink()
        link_tmp.symlink_to(final.relative_to(build_dir))
        os.replace(link_tmp, build_dir / "current")
        for name in ("graph.nq", "report.txt", "report.json"):
            alias = build_dir / name
            if not alias.is_symlink():
                alias.unlink(missing_ok=True)
                alias.symlink_to(Path("current") / name)
    except OSError as exc:
        raise StoreError(str(final), f"cannot publish the build: {exc}") from exc
    _prune(build_dir, keep=final)
    return final


def pin(build: Path) -> int | None:
    """Mark `build` as served for as long as the calling process lives: a shared `flock`
    on its directory, which `_prune` respects and the kernel drops when the process dies
    (even by SIGKILL). Returns the descriptor to keep open, or None if it cannot lock."""
    try:
        fd = os.open(build, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def _prune(build_dir: Path, keep: Path) -> None:
    """Remove all but the newest builds, sparing any a service still serves (`pin`): its
    query processes reopen the store or graph.nq whenever one is replaced."""
    builds = sorted(
        (p for p in stores_dir(build_dir).iterdir() if p.is_dir() and p.suffix != ".partial"),
        key=lambda p: p.name,
    )
    for old in builds[:-KEEP_BUILDS]:
        if old == keep:
            continue
        fd = os.open(old, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # pinned by a running service
        else:
            shutil.rmtree(old, ignore_errors=True)
        finally:
            os.close(fd)
