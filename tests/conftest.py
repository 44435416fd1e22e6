"""Shared test helpers: contexts for loader tests and the source texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.agencies import default_registry
from loaders.model import LoadContext
from loaders.programs import default_programs
from loaders.sources import SOURCES_DIR, load_manifest, read_source

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
