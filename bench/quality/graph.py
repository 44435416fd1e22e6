"""The build's graph for grading: `graph.nq` of a published build, in memory, once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyoxigraph as ox

PREFIXES = """
PREFIX mig: <https://w3id.org/migracion-mx/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
BASE = "https://w3id.org/migracion-mx/id/"


@cache
def store(build_root: Path) -> ox.Store:
    """The build's dataset (default graph = union of the named graphs)."""
    memory = ox.Store()
    memory.bulk_load(path=str(build_root / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    return memory


def rows(build_root: Path, query: str) -> list[dict[str, str]]:
    """A SELECT's solutions as {variable: value} (unbound variables left out)."""
    result = store(build_root).query(PREFIXES + query, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in result]
