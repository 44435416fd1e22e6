"""Contexts for the PEM loader tests: the manifest's documents with a fixed test registry,
so that expected graphs do not move while the shipped registry grows."""

from __future__ import annotations

from functools import cache

from loaders.model import LoadContext
from loaders.pipeline.manifest import load_manifest
from loaders.reference.agencies import AgencyRegistry
from loaders.reference.programs import default_programs
from tests.paths import FIXTURES

REGISTRY_CSV = FIXTURES / "pem-2015" / "registry.csv"


@cache
def fixed_registry() -> AgencyRegistry:
    return AgencyRegistry.from_csv_text(REGISTRY_CSV.read_text("utf-8"))


def pem_ctx(key: str) -> LoadContext:
    return LoadContext(
        source=load_manifest()[key], agencies=fixed_registry(), programs=default_programs()
    )
