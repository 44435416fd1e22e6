"""The reference graph: counts, named facts, change events, determinism, SHACL shapes."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import Graph, Literal
from rdflib.namespace import ORG, PROV, RDF, SH, SKOS, XSD

from loaders.reference.agencies import default_registry
from loaders.reference.graph import agency_changes, reference_graph
from loaders.reference.programs import default_programs
from loaders.vocab import MIG, Ids
from tests.paths import REPO

ROOT = REPO
IDS = Ids()


@pytest.fixture(scope="module")
def graph() -> Graph:
    return reference_graph(IDS, default_registry(), default_programs())


def _with_ontology(graph: Graph) -> Graph:
    data = Graph()
    for triple in graph:
        data.add(triple)
    # the ontology files the registry's shapes rely on (classes of kinds, knowledge sources)
    for name in ("agency-kinds.ttl", "migrakg.ttl", "registry.ttl"):
        data.parse(ROOT / "ontology" / name)
    return data


def _shapes() -> Graph:
    shapes = Graph()
    shapes.parse(ROOT / "shapes" / "core.ttl")
    shapes.parse(ROOT / "shapes" / "registry.ttl")
    return shapes


def test_counts(graph: Graph) -> None:
    assert len(set(graph.subjects(RDF.type, MIG.Agency))) == 203
    assert len(set(graph.subjects(RDF.type, ORG.Organization))) == 203
    assert len(set(graph.subjects(RDF.type, ORG.ChangeEvent))) == 14
    assert len(set(graph.subjects(RDF.type, MIG.Program))) == 38  # + the VAIM
    states = set(graph.subjects(MIG.agencyKind, IDS.agency_kind("gobierno-estatal")))
    assert len(states - set(graph.subjects(ORG.subOrganizationOf, None))) == 32


def test_named_agency_facts(graph: Graph) -> None:
    inm, segob = IDS.agency("inm"), IDS.agency("segob")
    assert (inm, ORG.subOrganizationOf, segob) in graph
    assert (inm, MIG.agencyKind, IDS.agency_kind("organo-desconcentrado")) in graph
    assert (inm, SKOS.prefLabel, Literal("Instituto Nacional de Migración", lang="es")) in graph
    assert {str(a) for a in graph.objects(inm, MIG.acronym)} == {"INM", "INAMI", "INMI"}
    guanajuato = IDS.agency("gobierno-guanajuato")
    assert (guanajuato, SKOS.hiddenLabel, Literal("Guanajuato", lang="es")) in graph
    assert (guanajuato, MIG.nameEvidence, Literal("pmm-2022-compendio.txt:9604")) in graph
    assert (guanajuato, MIG.nameSource, MIG.StatedInSources) in graph
    cns = IDS.agency("cns")
    assert (cns, MIG.nameSource, MIG.PublicKnowledge) in graph
    assert (cns, MIG.fromPublicKnowledge, Literal(True)) in graph


def test_change_events(graph: Graph) -> None:
    event = IDS.change_event("upm-upmrip")
    assert (event, ORG.originalOrganization, IDS.agency("upm")) in graph
    assert (event, ORG.resultingOrganization, IDS.agency("upmrip")) in graph
    assert (event, PROV.atTime, Literal("2019", datatype=XSD.gYear)) in graph
    assert (IDS.agency("upm"), ORG.changedBy, event) in graph
    assert (IDS.agency("upmrip"), ORG.resultedFrom, event) in graph
    merger = IDS.change_event("conadic-consame-conasama")
    assert len(list(graph.objects(merger, ORG.originalOrganization))) == 2
    assert (merger, SKOS.prefLabel, Literal("CONADIC, CONSAME → CONASAMA", lang="es")) in graph
    pairs = {(c.original, c.resulting) for c in agency_changes()}
    assert (("inmujeres",), ("mujeres",)) in pairs
    assert (("conacyt",), ("conahcyt",)) in pairs
    assert (("sedesol",), ("bienestar",)) in pairs
    assert (("pgr",), ("fgr",)) in pairs


def test_programs(graph: Graph) -> None:
    paisano = IDS.program("programa-paisano")
    assert (paisano, SKOS.prefLabel, Literal("Programa Paisano", lang="es")) in graph
    assert (paisano, SKOS.altLabel, Literal("Héroes Paisanos", lang="es")) in graph
    assert (paisano, MIG.operatedBy, IDS.agency("inm")) in graph
    three = IDS.program("programa-3x1-para-migrantes")
    assert set(graph.objects(three, MIG.operatedBy)) == {
        IDS.agency("sedesol"),
        IDS.agency("bienestar"),
    }


def test_deterministic() -> None:
    first = reference_graph(IDS, default_registry(), default_programs())
    second = reference_graph(IDS, default_registry(), default_programs())
    assert sorted(first.serialize(format="nt").splitlines()) == sorted(
        second.serialize(format="nt").splitlines()
    )


def test_base_is_configurable() -> None:
    ids = Ids("http://example.org/id/")
    graph = reference_graph(ids, default_registry(), default_programs())
    assert (ids.agency("inm"), RDF.type, MIG.Agency) in graph


def test_queryable_in_pyoxigraph(graph: Graph) -> None:
    store = ox.Store()
    store.load(graph.serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES)
    rows = list(
        store.query(
            "PREFIX mig: <https://w3id.org/migracion-mx/def#> "
            "PREFIX org: <http://www.w3.org/ns/org#> "
            "SELECT (COUNT(?a) AS ?n) WHERE { ?a org:subOrganizationOf ?p . "
            "?p mig:acronym 'SEGOB' }"
        )
    )
    assert int(rows[0]["n"].value) == 16  # the 16 rows with parent segob


def test_shapes_conform(graph: Graph) -> None:
    conforms, _, report = validate(_with_ontology(graph), shacl_graph=_shapes(), advanced=True)
    assert conforms, report


def test_shapes_catch_errors(graph: Graph) -> None:
    broken = _with_ontology(graph)
    inm = IDS.agency("inm")
    broken.remove((inm, MIG.agencyKind, None))
    broken.add((inm, MIG.agencyKind, IDS.agency_kind("no-such-kind")))
    event = IDS.change_event("pgr-fgr")
    broken.remove((event, PROV.atTime, None))
    program = IDS.program("grupos-beta")
    broken.remove((program, SKOS.prefLabel, None))
    conforms, results, _ = validate(broken, shacl_graph=_shapes(), advanced=True)
    assert not conforms
    focus = set(results.objects(None, SH.focusNode))
    assert {inm, event, program} <= focus
