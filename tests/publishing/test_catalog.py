"""The DCAT-AP 3 catalog: validates against the shapes, states what the files really are."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, SH, SKOS

from loaders.publishing import PublicUrls, catalog_graph
from loaders.publishing.dcat import SPDX, VCARD
from loaders.publishing.nodes import CatalogNodes
from tests.publishing.conftest import REPO, catalog_shapes
from tests.publishing.small import BUILD_ID, SmallBuild

NODES = CatalogNodes()
URLS = PublicUrls.at("https://datos.example.org/migrakg/")
EXPECTED_WARNINGS: set[tuple[str, str]] = set()  # every recommended property is there


def results(catalog: Graph) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(violations, warnings) as (focus node, path) pairs."""
    _conforms, report, _text = validate(
        catalog, shacl_graph=catalog_shapes(), inference="none", advanced=True
    )
    out: dict[URIRef, set[tuple[str, str]]] = {SH.Violation: set(), SH.Warning: set()}
    for result in report.subjects(RDF.type, SH.ValidationResult):
        key = (str(report.value(result, SH.focusNode)), str(report.value(result, SH.resultPath)))
        out[report.value(result, SH.resultSeverity)].add(key)
    return out[SH.Violation], out[SH.Warning]


def test_catalog_validates(small: SmallBuild) -> None:
    violations, warnings = results(catalog_graph(small.facts, URLS))
    assert violations == set()
    assert warnings == EXPECTED_WARNINGS


def test_shapes_catch_a_missing_title_and_a_bad_checksum(small: SmallBuild) -> None:
    catalog = catalog_graph(small.facts, URLS)
    catalog.remove((NODES.dataset, DCTERMS.title, None))
    checksum = URIRef(f"{NODES.distribution('nquads')}#sha256")
    catalog.set((checksum, SPDX.checksumValue, Literal("not-hex")))
    violations, _ = results(catalog)
    assert (str(NODES.dataset), str(DCTERMS.title)) in violations
    assert (str(checksum), str(SPDX.checksumValue)) in violations


def test_build_file_is_the_catalog_for_the_default_url(small: SmallBuild) -> None:
    from rdflib.compare import isomorphic

    written = Graph().parse(small.work / "catalog.ttl")
    assert isomorphic(written, catalog_graph(small.facts, PublicUrls.at(None)))


def test_distributions_state_size_and_sha256_of_the_files(small: SmallBuild) -> None:
    catalog = catalog_graph(small.facts, URLS)
    dists = set(catalog.subjects(RDF.type, DCAT.Distribution))
    # four dumps, five source texts, the indicator's CSV and JSON-LD, the release's record
    assert len(dists) == 4 + 5 + 2 + 1
    for dist in dists:
        url = str(catalog.value(dist, DCAT.downloadURL))
        assert url.startswith(("https://datos.example.org/migrakg/dumps/", URLS.releases))
        name = url.rsplit("/", 1)[1]
        folder = (
            "releases"
            if url.startswith(URLS.releases)
            else "sources"
            if "/fuentes/" in url
            else "dumps/indicadores"
            if "/indicadores/" in url
            else "dumps"
        )
        data = (small.work / folder / name).read_bytes()
        assert catalog.value(dist, DCAT.byteSize).toPython() == len(data)
        checksum = catalog.value(dist, SPDX.checksum)
        assert str(catalog.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()


def test_identifiers_are_stable_and_unique(small: SmallBuild) -> None:
    catalog = catalog_graph(small.facts, URLS)
    ids = {
        str(catalog.value(node, DCTERMS.identifier))
        for cls in (DCAT.Dataset, DCAT.Distribution, DCAT.DataService)
        for node in catalog.subjects(RDF.type, cls)
    }
    assert {
        "migrakg",
        "migrakg-nquads",
        "migrakg-sparql",
        "migrakg-api",
        "fuente-pmm-2022",
        "indicador-acciones-por-objetivo",
    } <= ids
    assert not any(BUILD_ID in i for i in ids)


def test_sources_carry_provenance_and_the_manifest_hash(small: SmallBuild) -> None:
    catalog = catalog_graph(small.facts, URLS)
    node = NODES.source_dataset("pmm-2022")
    assert catalog.value(node, PROV.wasDerivedFrom) == URIRef(
        "https://w3id.org/migracion-mx/id/documento/pmm-2022"
    )
    assert catalog.value(node, DCTERMS.source) is None  # its range is dcat:Dataset
    checksum = catalog.value(node, SPDX.checksum)
    assert str(catalog.value(checksum, SPDX.checksumValue)) == (
        "9186016b98c4e26fc78788e4dcd2fb2fe62b7cbd1738b8ac7dc72ee28033bc63"
    )
    assert str(catalog.value(node, DCTERMS.issued)) == "2022-10-05"


def test_indicator_datasets_come_from_the_store(small: SmallBuild) -> None:
    store = ox.Store.read_only(str(small.work / "store"))
    cubes = {
        r["d"].value
        for r in store.query(
            "PREFIX qb: <http://purl.org/linked-data/cube#> "
            "SELECT DISTINCT ?d WHERE { GRAPH ?g { ?d a qb:DataSet } }"
        )
    }
    catalog = catalog_graph(small.facts, URLS)
    listed = {str(d) for d in catalog.objects(NODES.catalog, DCAT.dataset)}
    assert cubes and cubes <= listed
    served = {str(d) for d in catalog.objects(NODES.service("sparql"), DCAT.servesDataset)}
    assert cubes <= served
    assert small.facts.indicators[0].observations == 3


def test_catalog_states_the_build(small: SmallBuild) -> None:
    catalog = catalog_graph(small.facts, URLS)
    build = URIRef(f"https://w3id.org/migracion-mx/id/construccion/{BUILD_ID}")
    assert (NODES.distribution("trig"), PROV.wasGeneratedBy, build) in catalog
    assert (build, RDF.type, PROV.Activity) in catalog
    # the version is the release's: the date of the build that made it (BUILT_AT)
    assert str(catalog.value(NODES.dataset, URIRef(str(DCAT) + "version"))) == "2025.01.01"
    assert small.report.publications["dumps"]["migrakg.nq.gz"]["sha256"] == next(
        d.sha256 for d in small.facts.dumps if d.key == "nquads"
    )


def test_provenance_for_the_service_description(small: SmallBuild) -> None:
    from loaders.publishing import build_provenance, provenance_graph

    data = build_provenance(small.facts)
    assert data["build_id"] == BUILD_ID and data["version"] == "0.1.0"
    assert [s["key"] for s in data["sources"]] == [
        "pem-2015",
        "pem-2018",
        "pmm-2018",
        "pmm-2022",
        "pmm-2024",
    ]
    graph = provenance_graph(small.facts)
    values = {str(v) for v in graph.objects(None, SPDX.checksumValue)}
    assert values == {s["sha256"] for s in data["sources"]}


def _violations_after(small: SmallBuild, change: Callable[[Graph], None]) -> set[tuple[str, str]]:
    catalog = catalog_graph(small.facts, URLS)
    change(catalog)
    return results(catalog)[0]


def test_shapes_refuse_what_the_official_3_0_1_shapes_refuse(small: SmallBuild) -> None:
    """The three faults SEMIC's DCAT-AP 3.0.1 shapes found in an earlier catalog."""
    source = NODES.source_dataset("pmm-2024")
    document = URIRef(f"{NODES.instance_base}documento/pmm-2024")
    theme = URIRef("http://publications.europa.eu/resource/authority/data-theme/SOCI")
    sha256 = SPDX.checksumAlgorithm_sha256

    def add_source(g: Graph) -> None:
        g.add((source, DCTERMS.source, document))

    def drop_label(g: Graph) -> None:
        g.remove((theme, SKOS.prefLabel, None))

    def untype_algorithm(g: Graph) -> None:
        g.remove((sha256, RDF.type, None))

    assert (str(source), str(DCTERMS.source)) in _violations_after(small, add_source)
    assert (str(theme), str(SKOS.prefLabel)) in _violations_after(small, drop_label)
    untyped = _violations_after(small, untype_algorithm)
    assert any(path == str(SPDX.algorithm) for _node, path in untyped)


def test_datasets_carry_no_build_activity(small: SmallBuild) -> None:
    """ckanext-dcat's DCAT-AP 3 profile turns prov:wasGeneratedBy on a dataset into a field
    CKAN's default schema refuses: the build is stated on the files it wrote instead."""
    catalog = catalog_graph(small.facts, URLS)
    for dataset in catalog.subjects(RDF.type, DCAT.Dataset):
        assert catalog.value(dataset, PROV.wasGeneratedBy) is None
    build = NODES.build(BUILD_ID)
    assert (NODES.distribution("nquads"), PROV.wasGeneratedBy, build) in catalog


def test_every_distribution_has_a_licence_ckan_recognises(small: SmallBuild) -> None:
    """CKAN reads a dataset's licence from its distributions, matching the register's title."""
    known = {"Creative Commons Attribution", "Other (Non-Commercial)", "License not specified"}
    catalog = catalog_graph(small.facts, URLS)
    for dataset in catalog.subjects(RDF.type, DCAT.Dataset):
        dists = list(catalog.objects(dataset, DCAT.distribution))
        assert dists, dataset
        for dist in dists:
            licence = catalog.value(dist, DCTERMS.license)
            assert licence is not None, dist
            assert {str(t) for t in catalog.objects(licence, DCTERMS.title)} & known


def test_keywords_and_texts_in_the_languages_of_the_title(small: SmallBuild) -> None:
    catalog = catalog_graph(small.facts, URLS)
    for dataset in catalog.subjects(RDF.type, DCAT.Dataset):
        keywords = {k.language for k in catalog.objects(dataset, DCAT.keyword)}
        assert keywords == {"es", "en"}, dataset
        titles = {t.language for t in catalog.objects(dataset, DCTERMS.title)}
        descriptions = {d.language for d in catalog.objects(dataset, DCTERMS.description)}
        assert titles == descriptions, dataset


def test_contact_point_is_the_unit_the_2024_report_names(small: SmallBuild) -> None:
    """Address and telephone exactly as line 18 of the report gives them; no e-mail."""
    text = (REPO / "data/sources/pmm-2024-informe-ejecutivo.txt").read_text("utf-8")
    line = text.splitlines()[17]
    catalog = catalog_graph(small.facts, URLS)
    contact = catalog.value(NODES.source_dataset("pmm-2024"), DCAT.contactPoint)
    assert "Abraham González núm. 48, edificio L, piso 2" in line
    address = catalog.value(contact, VCARD.hasAddress)
    street = str(catalog.value(address, VCARD["street-address"]))
    assert street.removeprefix("Calle ") in line
    assert str(catalog.value(address, VCARD["postal-code"])) in line
    phone = str(catalog.value(contact, VCARD.hasTelephone))
    assert phone.removeprefix("tel:+52-").replace("-", " ") in line
    assert catalog.value(contact, VCARD.hasEmail) is None


def test_titles_give_portal_names_of_whole_words(small: SmallBuild) -> None:
    """CKAN's harvester names a dataset from its title and cuts the name near 95 characters:
    every title is short enough, and a shortened one keeps the full title in its description."""
    from loaders.publishing.texts import TITLE_LIMIT, short_title

    catalog = catalog_graph(small.facts, URLS)
    for dataset in catalog.subjects(RDF.type, DCAT.Dataset):
        for title in catalog.objects(dataset, DCTERMS.title):
            assert len(title) <= TITLE_LIMIT + 1, title
    long_title = next(s.title for s in small.facts.sources if len(s.title) > TITLE_LIMIT)
    short = short_title(long_title)
    assert short.endswith("…") and long_title.startswith(short[:-1])
    assert long_title[len(short) - 1] == " "  # cut between words


def test_build_refuses_a_catalog_the_shapes_reject(small: SmallBuild) -> None:
    from loaders.errors import ValidationFailed
    from loaders.publishing.catalog_check import check_catalog

    catalog = catalog_graph(small.facts, URLS)
    check_catalog(catalog, REPO / "shapes")  # the real one passes
    document = URIRef(f"{NODES.instance_base}documento/pmm-2024")
    catalog.add((NODES.source_dataset("pmm-2024"), DCTERMS.source, document))
    with pytest.raises(ValidationFailed, match="source"):
        check_catalog(catalog, REPO / "shapes")


def test_catalog_says_how_to_cite_the_release(small: SmallBuild) -> None:
    catalog = catalog_graph(small.facts, URLS)
    cites = {
        c.language: str(c) for c in catalog.objects(NODES.dataset, DCTERMS.bibliographicCitation)
    }
    assert set(cites) == {"es", "en"}
    assert all(small.facts.release.version in c and URLS.home in c for c in cites.values())
