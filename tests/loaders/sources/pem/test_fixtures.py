"""PEM loaders on small excerpts, one per layout quirk, compared as graphs with the expected
Turtle beside each excerpt (tests/fixtures/pem-2015, tests/fixtures/pem-2018)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from loaders.sources.pem import pem_2015, pem_2018
from tests.loaders.sources.pem.support import FIXTURES, pem_ctx

PARSERS = {"pem-2015": pem_2015.parse, "pem-2018": pem_2018.parse}
CASES = sorted((key, path) for key in PARSERS for path in (FIXTURES / key).glob("*.txt"))


def test_every_quirk_has_a_case() -> None:
    names = {(key, path.stem) for key, path in CASES}
    assert len(CASES) == 14
    assert ("pem-2015", "page-break") in names
    assert ("pem-2018", "same-line") in names


@pytest.mark.parametrize(("key", "path"), CASES, ids=lambda v: getattr(v, "stem", v))
def test_fixture_graph(key: str, path: Path) -> None:
    result = PARSERS[key](path.read_text("utf-8"), ctx=pem_ctx(key), excerpt=True)
    expected = Graph().parse(path.with_suffix(".ttl"), format="turtle")
    if not isomorphic(result.graph, expected):
        _both, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(result.graph))
        pytest.fail(
            "graphs differ\nmissing:\n"
            + missing.serialize(format="nt")
            + "\nextra:\n"
            + extra.serialize(format="nt")
        )
