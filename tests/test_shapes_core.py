"""shapes/core.ttl accepts a correct graph and names each kind of damage it must catch.

Each broken case applies one SPARQL update to the correct example and expects a violation
whose message contains a given phrase. pySHACL mutates its shapes graph, so every
validation parses the shapes afresh.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH, SKOS

from loaders.pipeline.documents import document_graph
from loaders.pipeline.manifest import load_manifest
from loaders.vocab import MIG, PREFIXES, Ids

REPO = Path(__file__).resolve().parent.parent
SHAPES = REPO / "shapes" / "core.ttl"
AGENCY_KINDS = REPO / "ontology" / "agency-kinds.ttl"

PREFIX_LINES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items()) + (
    "BASE <https://w3id.org/migracion-mx/id/>\n"
    "PREFIX tipo: <https://w3id.org/migracion-mx/id/tipo-institucion/>\n"
)

GOOD = """
<documento/pmm-2022> a mig:SourceDocument, prov:Entity, foaf:Document ;
    dcterms:title "Compendio"@es ;
    dcterms:issued "2022-10-05"^^xsd:date ;
    dcterms:publisher <institucion/upmrip> ;
    mig:sha256 "9186016b98c4e26fc78788e4dcd2fb2fe62b7cbd1738b8ac7dc72ee28033bc63" ;
    mig:year "2022"^^xsd:gYear ;
    mig:periodStart "2021-06-01"^^xsd:date ;
    mig:periodEnd "2022-06-30"^^xsd:date .

<institucion/upm> a mig:Agency ;
    skos:prefLabel "Unidad de Política Migratoria"@es ;
    mig:acronym "UPM" ;
    mig:agencyKind tipo:administracion-publica-federal ;
    org:subOrganizationOf <institucion/segob> .

<institucion/upmrip> a mig:Agency ;
    skos:prefLabel "Unidad de Política Migratoria, Registro e Identidad de Personas"@es ;
    mig:acronym "UPMRIP" ;
    mig:agencyKind tipo:administracion-publica-federal .

<institucion/segob> a mig:Agency ;
    skos:prefLabel "Secretaría de Gobernación"@es, "Ministry of the Interior"@en ;
    mig:agencyKind tipo:administracion-publica-federal .

<cambio-institucional/upm-upmrip> a org:ChangeEvent ;
    org:originalOrganization <institucion/upm> ;
    org:resultingOrganization <institucion/upmrip> ;
    prov:atTime "2019"^^xsd:gYear .

<programa/paisano> a mig:Program ;
    skos:prefLabel "Programa Paisano"@es .

<accion/pmm-2022/7-1> a mig:Action ;
    prov:wasDerivedFrom <documento/pmm-2022> ;
    mig:sourceLineStart 120 ;
    mig:sourceLineEnd 131 .
"""

# (case id, SPARQL update applied to GOOD, phrase of the expected message)
BROKEN = [
    (
        "document-without-title",
        "DELETE WHERE { ?d dcterms:title ?t }",
        "dcterms:title",
    ),
    (
        "sha256-upper-case",
        'DELETE { ?d mig:sha256 ?h } INSERT { ?d mig:sha256 "9186016B98C4E26FC78788E4DCD2FB2F'
        'E62B7CBD1738B8AC7DC72EE28033BC63" } WHERE { ?d mig:sha256 ?h }',
        "64 lower-case hexadecimal",
    ),
    (
        "sha256-too-short",
        'DELETE { ?d mig:sha256 ?h } INSERT { ?d mig:sha256 "9186016b" } '
        "WHERE { ?d mig:sha256 ?h }",
        "64 lower-case hexadecimal",
    ),
    (
        "period-start-plain-string",
        'DELETE { ?d mig:periodStart ?s } INSERT { ?d mig:periodStart "junio de 2021" } '
        "WHERE { ?d mig:periodStart ?s }",
        "mig:periodStart, when present",
    ),
    (
        "period-inverted",
        'DELETE { ?d mig:periodStart ?s } INSERT { ?d mig:periodStart "2023-01-01"^^xsd:date } '
        "WHERE { ?d mig:periodStart ?s }",
        "starts (2023-01-01) after it ends",
    ),
    (
        "publisher-not-an-agency",
        "DELETE WHERE { <institucion/upmrip> a mig:Agency }",
        "dcterms:publisher that is a mig:Agency",
    ),
    (
        "agency-without-spanish-label",
        'DELETE DATA { <institucion/upm> skos:prefLabel "Unidad de Política Migratoria"@es } ;'
        'INSERT DATA { <institucion/upm> skos:prefLabel "Migration Policy Unit"@en }',
        "Spanish skos:prefLabel",
    ),
    (
        "agency-two-spanish-labels",
        'INSERT DATA { <institucion/upm> skos:prefLabel "UPM de SEGOB"@es }',
        "at most one per language",
    ),
    (
        "agency-without-kind",
        "DELETE WHERE { <institucion/upm> mig:agencyKind ?k }",
        "exactly one mig:agencyKind",
    ),
    (
        "agency-kind-outside-scheme",
        "DELETE WHERE { <institucion/upm> mig:agencyKind ?k } ;"
        "INSERT DATA { <institucion/upm> mig:agencyKind <gcm/objetivo/1> . "
        '  <gcm/objetivo/1> a mig:AgencyKind ; skos:inScheme <gcm> ; skos:notation "1" ;'
        '  skos:prefLabel "Objetivo 1"@es, "Objective 1"@en . }',
        "not in the scheme id/tipo-institucion",
    ),
    (
        "program-without-label",
        "DELETE WHERE { <programa/paisano> skos:prefLabel ?l }",
        "A programme needs",
    ),
    (
        "change-event-without-time",
        "DELETE WHERE { ?e prov:atTime ?t }",
        "exactly one prov:atTime",
    ),
    (
        "change-event-without-result",
        "DELETE WHERE { ?e org:resultingOrganization ?o }",
        "org:resultingOrganization",
    ),
    (
        "lines-without-document",
        "DELETE WHERE { <accion/pmm-2022/7-1> prov:wasDerivedFrom ?d }",
        "prov:wasDerivedFrom a mig:SourceDocument",
    ),
    (
        "lines-derived-from-a-non-document",
        "DELETE WHERE { <accion/pmm-2022/7-1> prov:wasDerivedFrom ?d } ;"
        "INSERT DATA { <accion/pmm-2022/7-1> prov:wasDerivedFrom <programa/paisano> }",
        "prov:wasDerivedFrom a mig:SourceDocument",
    ),
    (
        "lines-inverted",
        "DELETE WHERE { <accion/pmm-2022/7-1> mig:sourceLineEnd ?e } ;"
        "INSERT DATA { <accion/pmm-2022/7-1> mig:sourceLineEnd 119 }",
        "mig:sourceLineStart 120 has no mig:sourceLineEnd at or after it",
    ),
    (
        "line-zero",
        "DELETE WHERE { <accion/pmm-2022/7-1> mig:sourceLineStart ?s } ;"
        "INSERT DATA { <accion/pmm-2022/7-1> mig:sourceLineStart 0 }",
        "xsd:integer >= 1",
    ),
    (
        "end-without-start",
        "DELETE WHERE { <accion/pmm-2022/7-1> mig:sourceLineStart ?s }",
        "mig:sourceLineStart is needed",
    ),
]


def good_graph() -> Graph:
    graph = Graph()
    graph.parse(data=PREFIX_LINES + GOOD, format="turtle")
    graph.parse(AGENCY_KINDS)
    return graph


def violations(data: Graph) -> list[str]:
    """The messages of the violations (not warnings) of `data` against a fresh shapes graph."""
    _conforms, report, _text = validate(
        data, shacl_graph=Graph().parse(SHAPES), inference="none", advanced=True
    )
    return sorted(
        str(report.value(result, SH.resultMessage))
        for result in report.subjects(RDF.type, SH.ValidationResult)
        if report.value(result, SH.resultSeverity) == SH.Violation
    )


def test_shapes_parse_as_turtle_with_node_shapes() -> None:
    shapes = Graph().parse(SHAPES)
    assert len(set(shapes.subjects(RDF.type, SH.NodeShape))) == 6
    store = ox.Store()
    store.load(path=str(SHAPES), format=ox.RdfFormat.TURTLE)
    assert len(store) == len(shapes)


def test_correct_graph_conforms() -> None:
    assert violations(good_graph()) == []


def test_agency_kind_scheme_conforms_on_its_own() -> None:
    assert violations(Graph().parse(AGENCY_KINDS)) == []


def test_broken_case_count() -> None:
    assert len(BROKEN) == 18
    assert len({case for case, _, _ in BROKEN}) == len(BROKEN)


@pytest.mark.parametrize(("case", "update", "phrase"), BROKEN, ids=[c for c, _, _ in BROKEN])
def test_broken_graph_is_caught(case: str, update: str, phrase: str) -> None:
    data = good_graph()
    before = set(data)
    data.update(PREFIX_LINES + update)
    assert set(data) != before, f"the update of {case} changed nothing"
    messages = violations(data)
    assert any(phrase in message for message in messages), messages


def test_repeated_source_lines_are_only_a_warning() -> None:
    data = good_graph()
    data.update(
        PREFIX_LINES + "INSERT DATA { <accion/pmm-2022/7-1> mig:sourceLineStart 200 ; "
        "mig:sourceLineEnd 201 }"
    )
    conforms, _report, text = validate(
        data,
        shacl_graph=Graph().parse(SHAPES),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    assert conforms, text
    assert "several mig:sourceLineStart values" in text


def test_manifest_documents_conform() -> None:
    """The build's own document descriptions meet the shapes (publishers as stub agencies)."""
    ids = Ids()
    data = Graph().parse(AGENCY_KINDS)
    for doc in load_manifest().values():
        data += document_graph(doc, ids)
        publisher = ids.agency(doc.publisher_agency)
        data.add((publisher, RDF.type, MIG.Agency))
        data.add((publisher, SKOS.prefLabel, Literal(doc.publisher, lang="es")))
        data.add((publisher, MIG.agencyKind, ids.agency_kind("administracion-publica-federal")))
    assert violations(data) == []
