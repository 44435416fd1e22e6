"""Publishing on the full corpus, over HTTP: the served catalog validates against the DCAT-AP
shapes, every distribution it lists downloads with its stated SHA-256 and size, and the
served VoID counts equal SPARQL counts. (tests/publishing checks the same on a small build
and the full corpus's files on disk.)"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID

from loaders.publishing.dcat import SPDX
from tests.fullcorpus.conftest import BASE, count, select
from tests.publishing.test_catalog import EXPECTED_WARNINGS, results

pytestmark = pytest.mark.slow

DATASET = URIRef(BASE + "dataset/migrakg")


def _turtle(web: httpx.Client, path: str) -> Graph:
    r = web.get(path, headers={"accept": "text/turtle"})
    assert r.status_code == 200
    return Graph().parse(data=r.text, format="turtle")


def test_served_catalog_validates(web: httpx.Client) -> None:
    violations, warnings = results(_turtle(web, "/catalog"))
    assert violations == set()
    assert warnings == EXPECTED_WARNINGS


def test_every_distribution_downloads_with_its_checksum_and_size(web: httpx.Client) -> None:
    catalog = _turtle(web, "/catalog")
    dists = sorted(catalog.subjects(RDF.type, DCAT.Distribution))
    # four dumps, five source texts, a CSV and a JSON-LD for each of the 13 indicator
    # datasets, the record of the one release the session's build made
    assert len(dists) == 4 + 5 + 2 * 13 + 1
    for dist in dists:
        url = urlsplit(str(catalog.value(dist, DCAT.downloadURL)))
        r = web.get(url.path)
        assert r.status_code == 200, url.path
        assert len(r.content) == catalog.value(dist, DCAT.byteSize).toPython(), url.path
        checksum = catalog.value(dist, SPDX.checksum)
        assert hashlib.sha256(r.content).hexdigest() == str(
            catalog.value(checksum, SPDX.checksumValue)
        )


def test_indicator_datasets_have_titles_and_descriptions_in_both_languages(
    web: httpx.Client,
) -> None:
    catalog = _turtle(web, "/catalog")
    cubes = set(catalog.subjects(RDF.type, URIRef("http://purl.org/linked-data/cube#DataSet")))
    assert len(cubes) == 13
    for cube in cubes:
        for prop in (DCTERMS.title, DCTERMS.description):
            assert {t.language for t in catalog.objects(cube, prop)} == {"es", "en"}, cube
    title = URIRef(BASE + "indicador/pmm-2024-enfoque-genero")
    assert {str(t) for t in catalog.objects(title, DCTERMS.title)} == {
        "Porcentaje de acciones con enfoque de género",
        "Percentage of actions with a gender perspective",
    }


def test_void_counts_equal_sparql(web: httpx.Client) -> None:
    void = _turtle(web, "/.well-known/void")

    def value(node: URIRef, prop: URIRef) -> int:
        return int(void.value(node, prop))

    # the union, a set of triples: each triple stated in several graphs counts once
    distinct = "SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT {} WHERE {{ ?s ?p ?o }} }}"
    assert value(DATASET, VOID.triples) == count(web, distinct.format("?s ?p ?o"))
    assert value(DATASET, VOID.distinctSubjects) == count(web, distinct.format("?s"))
    assert value(DATASET, VOID.distinctObjects) == count(web, distinct.format("?o"))
    subsets = sorted(void.objects(DATASET, VOID.subset))
    graphs = sorted(r["g"] for r in select(web, "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }"))
    assert [str(s) for s in subsets] == graphs
    assert len(graphs) == 8
    for g in subsets:
        in_graph = f"GRAPH <{g}> {{ ?s ?p ?o }}"
        assert value(g, VOID.triples) == count(web, f"SELECT (COUNT(*) AS ?n) {{ {in_graph} }}")
        assert value(g, VOID.distinctSubjects) == count(
            web, f"SELECT (COUNT(DISTINCT ?s) AS ?n) {{ {in_graph} }}"
        )
        assert value(g, VOID.distinctObjects) == count(
            web, f"SELECT (COUNT(DISTINCT ?o) AS ?n) {{ {in_graph} }}"
        )
    classes = {
        r["c"]: int(r["n"])
        for r in select(web, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")
    }
    partitions = {
        str(void.value(p, VOID["class"])): value(p, VOID.entities)
        for p in void.objects(DATASET, VOID.classPartition)
    }
    assert partitions == classes
    assert partitions[BASE.replace("/id/", "/def#") + "Action"] == 856
    properties = {
        r["p"]: int(r["n"])
        for r in select(
            web,
            "SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } } "
            "GROUP BY ?p",
        )
    }
    partitions = {
        str(void.value(p, VOID.property)): value(p, VOID.triples)
        for p in void.objects(DATASET, VOID.propertyPartition)
    }
    assert partitions == properties
