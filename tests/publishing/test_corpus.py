"""Full corpus (slow): the real build writes valid publications whose numbers hold.

Uses the session's `corpus_build` (tests/conftest.py); it passes once every loader exists.
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.namespace import DCAT, RDF

from loaders.pipeline.manifest import load_manifest
from loaders.publishing import Publications
from loaders.publishing.void import UNION
from tests.publishing.test_catalog import EXPECTED_WARNINGS, results

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def facts(corpus_build) -> Publications:
    return Publications.load(corpus_build.path)


def test_catalog_validates(corpus_build) -> None:
    violations, warnings = results(Graph().parse(corpus_build.path / "catalog.ttl"))
    assert violations == set()
    assert warnings == EXPECTED_WARNINGS


def test_dumps_match_their_recorded_hashes(corpus_build, facts: Publications) -> None:
    assert [d.file for d in facts.dumps] == [
        "migrakg.nq.gz",
        "migrakg.trig.gz",
        "migrakg.ttl.gz",
        "migrakg.jsonld.gz",
    ]
    report = corpus_build.report.publications["dumps"]
    for dump in facts.dumps:
        data = (corpus_build.path / "dumps" / dump.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == dump.sha256 == report[dump.file]["sha256"]
        assert len(data) == dump.size


def test_sources_are_the_manifest(facts: Publications) -> None:
    manifest = load_manifest()
    assert {s.key: s.sha256 for s in facts.sources} == {k: d.sha256 for k, d in manifest.items()}
    assert all(s.file.sha256 == s.sha256 for s in facts.sources)


def test_void_matches_the_store(corpus_store, facts: Publications) -> None:
    graphs = sorted(g.value for g in corpus_store.named_graphs())
    assert [k for k in facts.void if k != UNION] == graphs
    for graph in graphs:
        assert facts.void[graph]["triples"] == len(
            list(corpus_store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
        )
    in_named_graphs = len(list(corpus_store.quads_for_pattern(None, None, None, None))) - len(
        list(corpus_store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    )
    assert sum(facts.void[g]["triples"] for g in graphs) == in_named_graphs
    # the dataset's own count is the merge: the store's default graph, each triple once
    default = corpus_store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    assert facts.void[UNION]["triples"] == len(list(default))


def test_indicator_datasets_are_listed(corpus_build, corpus_store, facts: Publications) -> None:
    query = (
        "PREFIX qb: <http://purl.org/linked-data/cube#> "
        "SELECT DISTINCT ?d WHERE { GRAPH ?g { ?d a qb:DataSet } }"
    )
    cubes = {r["d"].value for r in corpus_store.query(query)}
    assert {i.iri for i in facts.indicators} == cubes
    catalog = Graph().parse(corpus_build.path / "catalog.ttl")
    datasets = {str(d) for d in catalog.subjects(RDF.type, DCAT.Dataset)}
    assert cubes <= datasets
