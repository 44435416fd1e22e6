"""The GCM scheme (ontology/gcm-objectives.ttl): 23 objectives with official titles."""

from __future__ import annotations

from pathlib import Path

from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from loaders.vocab import MIG, Ids

ROOT = Path(__file__).resolve().parents[2]
IDS = Ids()


def scheme() -> Graph:
    return Graph().parse(ROOT / "ontology" / "gcm-objectives.ttl")


def test_twenty_three_objectives_with_both_titles() -> None:
    g = scheme()
    objectives = set(g.subjects(RDF.type, MIG.GCMObjective))
    assert objectives == {IDS.gcm_objective(n) for n in range(1, 24)}
    for node in objectives:
        langs = sorted(o.language for o in g.objects(node, SKOS.prefLabel))
        assert langs == ["en", "es"], node
        assert (node, SKOS.topConceptOf, IDS.gcm()) in g


def test_official_titles() -> None:
    g = scheme()
    one = IDS.gcm_objective(1)
    assert Literal(
        "Recopilar y utilizar datos exactos y desglosados para formular políticas con base "
        "empírica",
        lang="es",
    ) in set(g.objects(one, SKOS.prefLabel))
    assert Literal(
        "Collect and utilize accurate and disaggregated data as a basis for evidence-based "
        "policies",
        lang="en",
    ) in set(g.objects(one, SKOS.prefLabel))
    assert (IDS.gcm_objective(23), SKOS.notation, Literal("23")) in g


def _conforms(data: Graph) -> bool:
    shapes = Graph().parse(ROOT / "shapes" / "gcm.ttl")
    conforms, _, _ = validate(data, shacl_graph=shapes, advanced=True)
    return bool(conforms)


def test_scheme_conforms() -> None:
    assert _conforms(scheme())


def test_shape_catches_a_missing_objective_and_title() -> None:
    g = scheme()
    g.remove((IDS.gcm_objective(23), None, None))
    assert not _conforms(g)
    g = scheme()
    g.remove((IDS.gcm_objective(5), SKOS.prefLabel, None))
    assert not _conforms(g)
    g = scheme()
    g.add((URIRef(str(IDS.gcm_objective(24))), RDF.type, MIG.GCMObjective))
    assert not _conforms(g)
