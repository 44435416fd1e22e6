"""Releases on the full corpus: one release per distinct data, a change summary that counts
right, the catalog's series, the `/versiones` page.

A build directory of its own starts from a copy of the session's corpus build (the first
release) and a build of the same sources on top of it (`corpus_rebuild`, copied), then
gets a build of sources where one line of the 2024 report is altered (its manifest SHA-256
updated): the report's line 541 says the 326 challenges fall into 14 categories while its
glossary defines 20; written as 20, the document no longer contradicts itself there, so
that discrepancy is gone.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, RDF, SH, XSD

from loaders.pipeline.run import BuildConfig, build
from loaders.pipeline.store import current_build
from loaders.publishing import Publications, PublicUrls, catalog_graph
from loaders.publishing.nodes import CatalogNodes
from loaders.publishing.releases import RELEASES_DIR, Release, read_ledger
from tests.fullcorpus.conftest import BASE
from tests.helpers import damaged_sources
from tests.publishing.conftest import catalog_shapes
from tests.service.server import running_server

REPORT = "pmm-2024-informe-ejecutivo.txt"
BEFORE, AFTER = "categorizados en 14 secciones", "categorizados en 20 secciones"
NODES = CatalogNodes()
DCAT3 = Namespace(str(DCAT))
ADMS = Namespace("http://www.w3.org/ns/adms#")
GRAPH = BASE + "grafo/"
# the 2024 report's "14 categories" (line 541) against its glossary's 20 (from line 593)
DISCREPANCY = BASE + "discrepancia/pmm-2024/27d9b4d589"


@dataclass(frozen=True)
class History:
    root: Path  # the build directory
    first: Path  # the copied corpus build: the first release
    same: Path  # a build of the same sources
    changed: Path  # a build of the altered sources


def _alter(text: str) -> str:
    assert text.count(BEFORE) == 1
    return text.replace(BEFORE, AFTER)


@pytest.fixture(scope="module")
def history(
    corpus_build, corpus_rebuild: Path, tmp_path_factory: pytest.TempPathFactory
) -> History:
    # a copy of the session's rebuild directory: the corpus build, then the same sources
    root = tmp_path_factory.mktemp("releases") / "build"
    shutil.copytree(corpus_rebuild.parent.parent, root, symlinks=True)
    first = root / "stores" / corpus_build.path.name
    same = root / "stores" / corpus_rebuild.name
    assert current_build(root) == same
    sources = damaged_sources(tmp_path_factory.mktemp("sources"), REPORT, _alter)
    changed = build(BuildConfig(build_dir=root, sources_dir=sources, validate=False)).path
    return History(root, first, same, changed)


def _quads_per_graph(path: Path) -> dict[str, set[ox.Quad]]:
    """The quads of a build's graph.nq by graph name (parsed, not split into lines)."""
    out: dict[str, set[ox.Quad]] = {}
    for quad in ox.parse(path=str(path / "graph.nq"), format=ox.RdfFormat.N_QUADS):
        out.setdefault(quad.graph_name.value, set()).add(quad)  # type: ignore[union-attr]
    return out


def test_same_sources_make_no_new_release(history: History, corpus_build) -> None:
    first, same = read_ledger(history.first), read_ledger(history.same)
    assert len(first) == 1 and same == first
    (release,) = same
    assert release.issued == corpus_build.report.built_at  # made by the corpus build
    assert release.version == release.issued[:10].replace("-", ".")
    assert release.previous is None
    for path in (history.first / RELEASES_DIR).iterdir():  # carried forward byte for byte
        assert (history.same / RELEASES_DIR / path.name).read_bytes() == path.read_bytes()
    assert (history.same / "graph.nq").read_bytes() == (history.first / "graph.nq").read_bytes()
    # The whole catalog is the same graph: a harvester sees nothing new, dct:modified included.
    before = Graph().parse(history.first / "catalog.ttl")
    after = Graph().parse(history.same / "catalog.ttl")
    assert isomorphic(before, after)
    when = Literal(release.issued, datatype=XSD.dateTime)
    assert after.value(NODES.dataset, DCTERMS.modified) == when
    assert after.value(NODES.catalog, DCTERMS.modified) == when


def test_first_release_counts_every_quad_as_added(history: History) -> None:
    (release,) = read_ledger(history.first)
    per_graph = _quads_per_graph(history.first)
    assert {g: (c.added, c.removed) for g, c in release.graphs.items()} == {
        g: (len(q), 0) for g, q in per_graph.items()
    }
    assert release.quads == sum(len(q) for q in per_graph.values())
    assert release.new_resources == [] and release.gone_resources == []


def test_changed_sources_make_a_second_release(history: History) -> None:
    ledger = read_ledger(history.changed)
    assert len(ledger) == 2
    first, second = ledger
    assert read_ledger(history.first) == [first]
    assert second.previous == first.version and second.issued > first.issued
    assert re.fullmatch(r"\d{4}\.\d{2}\.\d{2}(\.\d+)?", second.version)
    day = second.issued[:10].replace("-", ".")
    assert second.version == (day if first.version[:10] != day else f"{day}.2")
    data = (history.changed / "graph.nq").read_bytes()
    assert second.content_sha256 == hashlib.sha256(data).hexdigest()
    assert second.build_id == history.changed.name


def test_change_summary_counts_quads_per_graph(history: History) -> None:
    _first, second = read_ledger(history.changed)
    old, new = _quads_per_graph(history.same), _quads_per_graph(history.changed)
    expected = {
        graph: (len(new.get(graph, set()) - old.get(graph, set())),
                len(old.get(graph, set()) - new.get(graph, set())))
        for graph in old.keys() | new.keys()
    }  # fmt: skip
    expected = {g: c for g, c in expected.items() if c != (0, 0)}
    assert {g: (c.added, c.removed) for g, c in second.graphs.items()} == expected
    # Only the 2024 report's graph changed: the discrepancy's 21 quads went, and the
    # document's SHA-256 (mig:sha256) was replaced.
    assert expected == {GRAPH + "pmm-2024": (1, 22)}


def test_change_summary_names_the_gone_discrepancy(history: History) -> None:
    _first, second = read_ledger(history.changed)
    store = ox.Store.read_only(str(history.same / "store"))
    query = """
        PREFIX mig: <https://w3id.org/migracion-mx/def#>
        SELECT DISTINCT ?d WHERE {
          GRAPH <https://w3id.org/migracion-mx/id/grafo/pmm-2024> {
            ?d a mig:Discrepancy ; mig:sourceLineStart 541 } }"""
    found = {row["d"].value for row in store.query(query)}  # type: ignore[union-attr, index]
    del store
    assert found == {DISCREPANCY}
    # The discrepancy and the two statements it cites (lines 541 and 593) are gone.
    assert second.gone_resources == [
        DISCREPANCY,
        f"{DISCREPANCY}/linea/541",
        f"{DISCREPANCY}/linea/593",
    ]
    assert second.new_resources == []
    # Every listed resource really stops being the subject of any quad.
    subjects = {
        kind: {
            q.subject.value
            for qs in _quads_per_graph(path).values()
            for q in qs
            if isinstance(q.subject, ox.NamedNode)
        }
        for kind, path in (("old", history.same), ("new", history.changed))
    }
    assert set(second.gone_resources) == subjects["old"] - subjects["new"]
    assert subjects["new"] <= subjects["old"]


def test_catalog_lists_both_releases_in_the_series_and_validates(history: History) -> None:
    facts = Publications.load(history.changed)
    first, second = facts.releases
    catalog = catalog_graph(facts, PublicUrls.at("https://datos.example.org/"))
    series = NODES.series
    assert (series, RDF.type, DCAT3.DatasetSeries) in catalog
    members = set(catalog.subjects(DCAT3.inSeries, series))
    assert members == {NODES.release(first.version), NODES.release(second.version)}
    listed = set(catalog.objects(NODES.catalog, DCAT.dataset))
    assert members <= listed
    node = NODES.release(second.version)
    assert catalog.value(node, DCAT3.previousVersion) == NODES.release(first.version)
    assert str(catalog.value(node, DCAT3.version)) == second.version
    assert catalog.value(series, DCAT3.last) == node
    assert catalog.value(NODES.dataset, DCAT3.hasCurrentVersion) == node
    when = Literal(second.issued, datatype=XSD.dateTime)
    assert catalog.value(NODES.dataset, DCTERMS.modified) == when
    assert catalog.value(series, DCTERMS.modified) == when
    assert catalog.value(series, DCTERMS.issued) == Literal(first.issued, datatype=XSD.dateTime)
    notes = {n.language: str(n) for n in catalog.objects(node, ADMS.versionNotes)}
    assert f"{second.added} tripletas añadidas y {second.removed} retiradas" in notes["es"]
    assert f"{len(second.gone_resources)} retirados" in notes["es"]
    cites = {c.language: str(c) for c in catalog.objects(node, DCTERMS.bibliographicCitation)}
    assert second.version in cites["es"] and second.version in cites["en"]
    conforms, report, text = validate(
        catalog, shacl_graph=catalog_shapes(), inference="none", advanced=True
    )
    assert conforms, text
    assert not list(report.subjects(SH.resultSeverity, SH.Warning)), text


@pytest.fixture(scope="module")
def served(history: History) -> Iterator[httpx.Client]:
    with (
        running_server(history.root, query_workers=1) as url,
        httpx.Client(base_url=url, timeout=60) as client,
    ):
        yield client


def test_page_lists_both_releases(served: httpx.Client, history: History) -> None:
    first, second = read_ledger(history.changed)
    page = served.get("/versiones")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert f"Versión {second.version} (vigente)" in html
    assert f"Versión {first.version}</h2>" in html
    assert html.index(second.version) < html.index(f"Versión {first.version}<")
    assert html.count("Cómo citar") == 2
    for iri in second.gone_resources:
        assert iri in html
    assert second.content_sha256 in html and first.content_sha256 in html
    counts = second.graphs[GRAPH + "pmm-2024"]
    assert f"<td>{counts.added}</td><td>{counts.removed}</td>" in html


def test_release_records_are_served(served: httpx.Client, history: History) -> None:
    for release in read_ledger(history.changed):
        name = f"{release.version}.json"
        response = served.get(f"/versiones/{name}")
        assert response.status_code == 200
        assert response.content == (history.changed / RELEASES_DIR / name).read_bytes()
        assert Release.from_dict(response.json()) == release
    missing = served.get("/versiones/1999.01.01.json", headers={"accept": "application/json"})
    assert missing.status_code == 404


def test_served_catalog_has_the_series(served: httpx.Client) -> None:
    catalog = Graph().parse(data=served.get("/catalog.ttl").text, format="turtle")
    members = Counter(catalog.subjects(DCAT3.inSeries, NODES.series))
    assert len(members) == 2
    assert (URIRef(str(NODES.series)), RDF.type, DCAT3.DatasetSeries) in catalog
