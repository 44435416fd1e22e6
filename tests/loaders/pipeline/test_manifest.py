"""The vendored sources and their manifest: hashes, encodings, clear errors."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from loaders.errors import SourceError
from loaders.pipeline.manifest import SOURCES_DIR, load_manifest, read_source
from tests.paths import REPO

SHARED = REPO.parent / "shared" / "sources"


def test_manifest_lists_the_five_documents() -> None:
    docs = load_manifest()
    assert list(docs) == ["pem-2015", "pem-2018", "pmm-2018", "pmm-2022", "pmm-2024"]
    assert {d.status for d in docs.values()} == {"Planned", "Reported"}


def test_every_vendored_file_matches_its_recorded_hash() -> None:
    for doc in load_manifest().values():
        data = (SOURCES_DIR / doc.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == doc.sha256, doc.file


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/sources is not beside the clone")
def test_vendored_copies_are_unchanged_from_shared() -> None:
    for doc in load_manifest().values():
        assert (SOURCES_DIR / doc.file).read_bytes() == (SHARED / doc.file).read_bytes()


def _copy_sources(tmp_path: Path) -> Path:
    target = tmp_path / "sources"
    shutil.copytree(SOURCES_DIR, target)
    return target


def test_altered_file_is_refused_naming_it(tmp_path: Path) -> None:
    sources = _copy_sources(tmp_path)
    doc = load_manifest(sources)["pmm-2018"]
    with open(sources / doc.file, "a", encoding="utf-8") as out:
        out.write("\nUna línea añadida.\n")
    with pytest.raises(SourceError) as caught:
        read_source(doc, sources)
    assert caught.value.file == "pmm-2018-informe.txt"
    assert "SHA-256" in str(caught.value)


def test_file_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    sources = _copy_sources(tmp_path)
    doc = load_manifest(sources)["pem-2015"]
    path = sources / doc.file
    lines = path.read_bytes().split(b"\n")
    damaged = next(i for i, line in enumerate(lines) if not line.isascii())
    lines[damaged] = lines[damaged].decode("utf-8").encode("latin-1")
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(SourceError) as caught:
        read_source(doc, sources)
    assert caught.value.line == damaged + 1
    assert "not UTF-8" in str(caught.value)


def test_missing_file_is_a_source_error(tmp_path: Path) -> None:
    sources = _copy_sources(tmp_path)
    doc = load_manifest(sources)["pmm-2024"]
    (sources / doc.file).unlink()
    with pytest.raises(SourceError, match=r"pmm-2024-informe-ejecutivo\.txt"):
        read_source(doc, sources)
