"""The derived PEM <-> GCM crosswalk: which GCM objective continues which PEM line of action.

Every (line, objective) pair is scored from several kinds of evidence (`crosswalk_score.py`:
purpose and text similarity over Spanish stems, the reports' own filing of alike actions, the
same programme or agency doing alike work). Pairs scoring at least `CANDIDATE` become
`mig:Correspondence` nodes (`id/correspondencia/<line>--<objective>`) with
`mig:pemLineOfAction`, `mig:gcmObjectiveMatched`, `mig:correspondenceScore` and each measure
(`mig:purposeSimilarity`, `mig:textSimilarity`, `mig:filingShare`, `mig:workEvidence`, all
`xsd:decimal`), `mig:evidenceKind` (a concept of `mig:` naming each kind present), the shared
programmes (`mig:sharedProgram`) and agencies (`mig:sharedAgency`), the actions on both sides
(`mig:evidenceAction`, `mig:evidenceCount`) and `mig:published`. Those scoring at least
`PUBLISH` (chosen on the dev split of `tests/evaluation/crosswalk.csv`) are published: the
line `skos:relatedMatch`es the objective (both directions stated); the others are
candidates, `<line> mig:candidateMatch <objective>`. The graph `id/grafo/correspondencias`
describes itself as a `mig:DerivedGraph`, `prov:wasDerivedFrom` the document graphs: no
source states these links.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import URIRef

from loaders.dataset import to_quads
from loaders.derive.crosswalk_score import Pair, score_pairs
from loaders.derive.crosswalk_sides import read_sides
from loaders.emit import new_graph
from loaders.vocab import CROSSWALK_GRAPH_KEY, MIG, Ids

__all__ = ["CANDIDATE", "PUBLISH", "derive", "pairs"]

PUBLISH = 0.51
CANDIDATE = 0.25

_KIND = {
    "purpose": MIG.PurposeEvidence,
    "text": MIG.TextEvidence,
    "filing": MIG.FilingEvidence,
    "program": MIG.ProgramEvidence,
    "agency": MIG.AgencyEvidence,
}


def _decimal(x: float, places: int = 3) -> Literal:
    return Literal(Decimal(f"{x:.{places}f}"), datatype=XSD.decimal)


def pairs(graphs: Mapping[URIRef, Graph]) -> list[Pair]:
    """Every (line, objective) pair with its evidence, from the assembled graphs."""
    store = ox.Store()
    store.extend(to_quads(graphs))
    lines = read_sides(store, str(MIG.PEMLineOfAction))
    objectives = read_sides(store, str(MIG.GCMObjective))
    return score_pairs(lines, objectives)


def derive(graphs: Mapping[URIRef, Graph], ids: Ids) -> Graph:
    """The crosswalk graph computed from the assembled named graphs."""
    graph = new_graph()
    me = ids.graph(CROSSWALK_GRAPH_KEY)
    graph.add((me, RDF.type, MIG.DerivedGraph))
    graph.add((me, RDFS.label, Literal("Correspondencias derivadas PEM-PMM", lang="es")))
    graph.add((me, RDFS.label, Literal("Derived PEM-GCM crosswalk", lang="en")))
    for name in sorted(graphs, key=str):
        if "/grafo/pem-" in str(name) or "/grafo/pmm-" in str(name):
            graph.add((me, PROV.wasDerivedFrom, name))
    for pair in pairs(graphs):
        if pair.score >= CANDIDATE:
            _emit(graph, pair, ids, me)
    return graph


def _emit(graph: Graph, pair: Pair, ids: Ids, me: URIRef) -> None:
    line, objective = URIRef(pair.line), URIRef(pair.objective)
    published = pair.score >= PUBLISH
    if published:
        graph.add((line, SKOS.relatedMatch, objective))
        graph.add((objective, SKOS.relatedMatch, line))
    else:
        graph.add((line, MIG.candidateMatch, objective))
    node = ids.correspondence(pair.line.rsplit("/", 1)[-1], pair.objective.rsplit("/", 1)[-1])
    graph.add((node, RDF.type, MIG.Correspondence))
    graph.add((node, MIG.pemLineOfAction, line))
    graph.add((node, MIG.gcmObjectiveMatched, objective))
    graph.add((node, PROV.wasDerivedFrom, me))
    graph.add((node, MIG.published, Literal(published)))
    graph.add((node, MIG.correspondenceScore, _decimal(pair.score)))
    for prop, value in (
        (MIG.purposeSimilarity, pair.purpose),
        (MIG.textSimilarity, pair.text),
        (MIG.filingShare, pair.filing),
        (MIG.workEvidence, pair.work),
    ):
        graph.add((node, prop, _decimal(value)))
    for kind in pair.kinds:
        graph.add((node, MIG.evidenceKind, _KIND[kind]))
    for program in sorted(pair.programs):
        graph.add((node, MIG.sharedProgram, URIRef(program)))
    for agency in sorted(pair.agencies):
        graph.add((node, MIG.sharedAgency, URIRef(agency)))
    for action in sorted(pair.actions):
        graph.add((node, MIG.evidenceAction, URIRef(action)))
    graph.add((node, MIG.evidenceCount, Literal(len(pair.actions), datatype=XSD.integer)))
