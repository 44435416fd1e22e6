"""Shared test helpers: contexts for loader tests and the source texts."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from loaders.model import LoadContext
from loaders.pipeline.manifest import SOURCES_DIR, load_manifest, read_source
from loaders.reference.agencies import default_registry
from loaders.reference.programs import default_programs

TESTS_DIR = Path(__file__).resolve().parent
FIXTURES_DIR = TESTS_DIR / "fixtures"


def make_ctx(key: str) -> LoadContext:
    """A load context for the document `key`, with the shipped registries."""
    return LoadContext(
        source=load_manifest()[key],
        agencies=default_registry(),
        programs=default_programs(),
    )


def source_text(key: str) -> str:
    """The vendored text of the document `key`, hash-checked."""
    doc = load_manifest()[key]
    return read_source(doc, SOURCES_DIR)


@pytest.fixture
def ctx_factory():
    return make_ctx


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory: pytest.TempPathFactory):
    """The full corpus, built once per test session into a temporary build directory."""
    from loaders.pipeline.run import BuildConfig, build
    from service.api import precompute

    build_dir = tmp_path_factory.mktemp("build")
    return build(BuildConfig(build_dir=build_dir, before_publish=(precompute.write,)))


# The build `migrakg build` runs (the API snapshot before publishing), without validation.
_REBUILD = (
    "from pathlib import Path; from loaders.pipeline.run import BuildConfig, build; "
    "from service.api import precompute; "
    "build(BuildConfig(build_dir=Path({root!r}), validate=False, "
    "before_publish=(precompute.write,)))"
)


@pytest.fixture(scope="session")
def corpus_rebuild(corpus_build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same sources built again, on top of a copy of `corpus_build`'s directory, in a
    process of its own (another hash seed: what a same-process rebuild could not show);
    returns the new build. Shared by the determinism and release tests: copy its build
    directory (`.parent.parent`) before building on it."""
    from loaders.pipeline.store import current_build

    root = tmp_path_factory.mktemp("rebuild") / "build"
    shutil.copytree(corpus_build.path.parent.parent, root, symlinks=True)
    code = _REBUILD.format(root=str(root))
    subprocess.run([sys.executable, "-c", code], cwd=TESTS_DIR.parent, check=True)
    again = current_build(root)
    assert again is not None and again != root / "stores" / corpus_build.path.name
    return again


@pytest.fixture(scope="session")
def corpus_store(corpus_build):
    """The published store of `corpus_build`, opened read-only."""
    import pyoxigraph as ox

    return ox.Store.read_only(str(corpus_build.path / "store"))
