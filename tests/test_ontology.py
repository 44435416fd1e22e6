"""The ontology files: they parse, define the public contract, and cover every term in use.

The usage scan guards the contract while other parts of the project add terms: any `mig:`
name written in loaders/ or service/ Python code, shapes/*.ttl or queries/*.rq must be
defined in some ontology/*.ttl file with Spanish and English labels and comments.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, QB, RDF, RDFS, SKOS, XSD

from loaders.vocab import DEFAULT_BASE, MIG, Ids

REPO = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = REPO / "ontology"
CORE = ONTOLOGY_DIR / "migrakg.ttl"
AGENCY_KINDS = ONTOLOGY_DIR / "agency-kinds.ttl"
ONTOLOGY_IRI = URIRef("https://w3id.org/migracion-mx/def")

# Every mig: name of shared/design/ontology.md, plus the extensions agreed in the brief.
CONTRACT = [
    "PolicyFramework",
    "PEMObjective",
    "PEMStrategy",
    "PEMLineOfAction",
    "GCMObjective",
    "Agency",
    "acronym",
    "agencyKind",
    "Program",
    "Action",
    "description",
    "responsibleAgency",
    "contributesTo",
    "aboutProgram",
    "status",
    "Planned",
    "Reported",
    "year",
    "results",
    "challenge",
    "noActionPlannedIn",
    "SourceDocument",
    "periodStart",
    "periodEnd",
    "sha256",
    "sourceLineStart",
    "sourceLineEnd",
    "gcmObjective",
    "challengeCategory",
    "actionCount",
    "percentage",
    "collaboratingAgency",
    "noResponsibleAgencyReason",
    "noChallengeReported",
    "participatingAgency",
    "nameSource",
    "fromPublicKnowledge",
    "ActionStatus",
]

# Properties of migrakg.ttl that are used on several kinds of node and so have no domain.
NO_DOMAIN = {
    "agencyKind",
    "year",
    "sourceLineStart",
    "sourceLineEnd",
    "participatingAgency",
    "challengeCategory",
    "nameSource",
    "fromPublicKnowledge",
}

AGENCY_KIND_SLUGS = [
    "administracion-publica-federal",
    "organo-desconcentrado",
    "organismo-descentralizado",
    "empresa-participacion-estatal",
    "gobierno-estatal",
    "gobierno-municipal",
    "organismo-constitucional-autonomo",
    "poder-judicial",
    "poder-legislativo",
    "mecanismo-interinstitucional",
    "organizacion-sociedad-civil",
    "organismo-internacional",
    "gobierno-extranjero",
    "sector-privado",
    "academia",
    "otro",
]

PY_ATTRIBUTE = re.compile(r"\bMIG\.([A-Za-z_]\w*)")
PY_SUBSCRIPT = re.compile(r"""\bMIG\[\s*["']([^"']+)["']\s*\]""")
PREFIXED = re.compile(r"(?<![\w-])mig:([A-Za-z_][A-Za-z0-9_]*)")


def ontology_graph() -> Graph:
    graph = Graph()
    for path in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def used_terms() -> Iterator[tuple[str, str]]:
    """(file, local name) of every mig: term written in code, shapes and queries."""
    sources = [
        *sorted((REPO / "loaders").rglob("*.py")),
        *sorted((REPO / "service").rglob("*.py")),
        *sorted((REPO / "shapes").glob("*.ttl")),
        *sorted((REPO / "queries").glob("*.rq")),
    ]
    for path in sources:
        text = path.read_text("utf-8")
        patterns = [PREFIXED]
        if path.suffix == ".py":
            patterns += [PY_ATTRIBUTE, PY_SUBSCRIPT]
        for pattern in patterns:
            for match in pattern.finditer(text):
                yield str(path.relative_to(REPO)), match.group(1)


def langs(graph: Graph, subject: URIRef, predicate: URIRef) -> list[str]:
    return sorted(
        o.language or "" for o in graph.objects(subject, predicate) if isinstance(o, Literal)
    )


@pytest.mark.parametrize("path", sorted(ONTOLOGY_DIR.glob("*.ttl")), ids=lambda p: p.name)
def test_each_file_parses_with_rdflib_and_pyoxigraph(path: Path) -> None:
    rdflib_count = len(Graph().parse(path, format="turtle"))
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    assert rdflib_count == len(store) > 0


def test_ontology_header() -> None:
    graph = Graph().parse(CORE)
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    assert langs(graph, ONTOLOGY_IRI, DCTERMS.title) == ["en", "es"]
    assert langs(graph, ONTOLOGY_IRI, DCTERMS.description) == ["en", "es"]
    assert graph.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert graph.value(ONTOLOGY_IRI, DCTERMS.license) is not None
    created = graph.value(ONTOLOGY_IRI, DCTERMS.created)
    assert isinstance(created, Literal) and created.datatype == XSD.date


def test_contract_list_is_complete() -> None:
    assert len(CONTRACT) == len(set(CONTRACT)) == 38


@pytest.mark.parametrize("name", CONTRACT)
def test_contract_term_is_defined_in_the_core_file(name: str) -> None:
    graph = Graph().parse(CORE)
    term = MIG[name]
    assert set(graph.objects(term, RDF.type)), f"mig:{name} has no rdf:type"
    assert langs(graph, term, RDFS.label) == ["en", "es"], name
    assert langs(graph, term, RDFS.comment) == ["en", "es"], name
    assert graph.value(term, RDFS.isDefinedBy) == ONTOLOGY_IRI, name


def test_every_vocabulary_term_has_one_label_and_comment_per_language() -> None:
    graph = ontology_graph()
    terms = {s for s in graph.subjects() if isinstance(s, URIRef) and s.startswith(str(MIG))}
    assert len(terms) >= len(CONTRACT)
    bad = [
        str(t)
        for t in sorted(terms)
        if langs(graph, t, RDFS.label) != ["en", "es"]
        or langs(graph, t, RDFS.comment) != ["en", "es"]
    ]
    assert bad == []


def test_core_properties_have_ranges_and_domains() -> None:
    graph = Graph().parse(CORE)
    properties = {
        s
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in graph.subjects(RDF.type, kind)
    }
    assert len(properties) == 27  # + mig:mentionsProgram
    for prop in properties:
        name = prop.removeprefix(str(MIG))
        assert graph.value(prop, RDFS.range) is not None, name
        has_domain = graph.value(prop, RDFS.domain) is not None
        assert has_domain != (name in NO_DOMAIN), name


@pytest.mark.parametrize(
    ("subject", "predicate", "obj"),
    [
        (MIG.Agency, RDFS.subClassOf, ORG.Organization),
        (MIG.Action, RDFS.subClassOf, PROV.Activity),
        (MIG.SourceDocument, RDFS.subClassOf, PROV.Entity),
        (MIG.SourceDocument, RDFS.subClassOf, FOAF.Document),
        (MIG.GCMObjective, RDFS.subClassOf, SKOS.Concept),
        (MIG.PEMLineOfAction, RDFS.subClassOf, SKOS.Concept),
        (MIG.PolicyFramework, RDFS.subClassOf, SKOS.ConceptScheme),
        (MIG.collaboratingAgency, RDFS.subPropertyOf, PROV.wasAssociatedWith),
        (MIG.responsibleAgency, RDFS.subPropertyOf, PROV.wasAssociatedWith),
        (MIG.gcmObjective, RDF.type, QB.DimensionProperty),
        (MIG.agencyKind, RDF.type, QB.DimensionProperty),
        (MIG.year, RDF.type, QB.DimensionProperty),
        (MIG.challengeCategory, RDF.type, QB.DimensionProperty),
        (MIG.actionCount, RDF.type, QB.MeasureProperty),
        (MIG.percentage, RDF.type, QB.MeasureProperty),
        (MIG.year, RDFS.range, XSD.gYear),
        (MIG.noChallengeReported, RDFS.range, XSD.boolean),
        (MIG.sourceLineStart, RDFS.range, XSD.integer),
        (MIG.Planned, RDF.type, MIG.ActionStatus),
        (MIG.Reported, RDF.type, MIG.ActionStatus),
    ],
)
def test_alignment(subject: URIRef, predicate: URIRef, obj: URIRef) -> None:
    assert (subject, predicate, obj) in Graph().parse(CORE)


def test_used_terms_are_found() -> None:
    """The scan itself works: the shared emit helpers use these terms."""
    used = {name for _, name in used_terms()}
    assert {"Action", "sourceLineStart", "sourceLineEnd", "description", "sha256"} <= used


def test_every_used_term_is_defined() -> None:
    graph = ontology_graph()
    undefined = sorted(
        {
            f"{path}: mig:{name}"
            for path, name in used_terms()
            if langs(graph, MIG[name], RDFS.label) != ["en", "es"]
            or langs(graph, MIG[name], RDFS.comment) != ["en", "es"]
        }
    )
    assert undefined == []


def test_files_split_into_vocabulary_and_reference_data() -> None:
    """The build sends triples about instance IRIs to the reference graph (rebased).

    So migrakg.ttl must describe no instance (all of it belongs to the ontology graph) and
    agency-kinds.ttl describes the scheme under the default base.
    """
    core_subjects = {str(s) for s in Graph().parse(CORE).subjects()}
    assert not any(s.startswith(DEFAULT_BASE) for s in core_subjects)
    kinds_subjects = {str(s) for s in Graph().parse(AGENCY_KINDS).subjects()}
    assert str(Ids().agency_kind_scheme()) in kinds_subjects


def test_agency_kind_scheme() -> None:
    graph = Graph().parse(AGENCY_KINDS)
    ids = Ids()
    scheme = ids.agency_kind_scheme()
    concepts = sorted(graph.subjects(SKOS.inScheme, scheme))
    assert concepts == sorted(ids.agency_kind(slug) for slug in AGENCY_KIND_SLUGS)
    notations = [graph.value(c, SKOS.notation) for c in concepts]
    assert len(set(notations)) == len(concepts)
    for concept in concepts:
        assert (concept, RDF.type, MIG.AgencyKind) in graph
        assert langs(graph, concept, SKOS.prefLabel) == ["en", "es"], concept
        assert langs(graph, concept, SKOS.definition) == ["en", "es"], concept
        top = (concept, SKOS.topConceptOf, scheme) in graph
        assert top != (graph.value(concept, SKOS.broader) is not None), concept
        assert top == ((scheme, SKOS.hasTopConcept, concept) in graph), concept


def test_agency_kinds_of_the_2024_report_split() -> None:
    """The 2024 report counts actions by these five kinds of reporting body."""
    graph = Graph().parse(AGENCY_KINDS)
    labels = {
        str(label): concept
        for concept in graph.subjects(RDF.type, MIG.AgencyKind)
        for label in graph.objects(concept, SKOS.prefLabel)
    }
    ids = Ids()
    assert labels["Administración Pública Federal"] == ids.agency_kind(
        "administracion-publica-federal"
    )
    assert labels["Poder Judicial"] == ids.agency_kind("poder-judicial")
    assert labels["Organismo constitucional autónomo"] == ids.agency_kind(
        "organismo-constitucional-autonomo"
    )
    assert labels["Organización de la sociedad civil"] == ids.agency_kind(
        "organizacion-sociedad-civil"
    )
    assert labels["Gobierno estatal (entidad federativa)"] == ids.agency_kind("gobierno-estatal")
    for slug in ("organo-desconcentrado", "organismo-descentralizado"):
        broader = graph.value(ids.agency_kind(slug), SKOS.broader)
        assert broader == ids.agency_kind("administracion-publica-federal")


def test_registry_kinds_are_in_the_scheme() -> None:
    """The agency registry may only use the slugs of agency-kinds.ttl."""
    with (REPO / "loaders" / "reference" / "agencies.csv").open(encoding="utf-8") as handle:
        kinds = {row["kind"].strip() for row in csv.DictReader(handle)}
    assert kinds
    assert kinds <= set(AGENCY_KIND_SLUGS), kinds - set(AGENCY_KIND_SLUGS)
