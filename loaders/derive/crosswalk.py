"""The derived PEM <-> GCM crosswalk.

Where the same `mig:Program` is the subject of an action under a PEM line of action and of
an action under a GCM objective, the line `skos:relatedMatch`es the objective (both
directions stated). Each such pair also gets a `mig:Correspondence` node
(`id/correspondencia/<line>--<objective>`) naming the shared programs and every action on
both sides (`mig:evidenceAction`). The graph `id/grafo/correspondencias` describes itself as
a `mig:DerivedGraph`, `prov:wasDerivedFrom` the document graphs it was computed from: no
source states these links.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import URIRef

from loaders.dataset import select, to_quads
from loaders.emit import new_graph
from loaders.vocab import CROSSWALK_GRAPH_KEY, MIG, Ids

_SHARED_PROGRAMS = """
PREFIX mig: <https://w3id.org/migracion-mx/def#>
SELECT DISTINCT ?line ?objective ?program ?pemAction ?gcmAction WHERE {
  ?pemAction mig:aboutProgram ?program ; mig:contributesTo ?line .
  ?line a mig:PEMLineOfAction .
  ?gcmAction mig:aboutProgram ?program ; mig:contributesTo ?objective .
  ?objective a mig:GCMObjective .
}
"""


def derive(graphs: Mapping[URIRef, Graph], ids: Ids) -> Graph:
    """The crosswalk graph computed from the assembled named graphs."""
    store = ox.Store()
    store.extend(to_quads(graphs))
    evidence: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(
        lambda: {"programs": set(), "actions": set()}
    )
    for row in select(store, _SHARED_PROGRAMS, use_default_graph_as_union=True):
        pair = (row["line"].value, row["objective"].value)
        evidence[pair]["programs"].add(row["program"].value)
        evidence[pair]["actions"].update((row["pemAction"].value, row["gcmAction"].value))

    graph = new_graph()
    me = ids.graph(CROSSWALK_GRAPH_KEY)
    graph.add((me, RDF.type, MIG.DerivedGraph))
    graph.add((me, RDFS.label, Literal("Correspondencias derivadas PEM-PMM", lang="es")))
    graph.add((me, RDFS.label, Literal("Derived PEM-GCM crosswalk", lang="en")))
    for name in sorted(graphs, key=str):
        if "/grafo/pem-" in str(name) or "/grafo/pmm-" in str(name):
            graph.add((me, PROV.wasDerivedFrom, name))
    for (line, objective), found in sorted(evidence.items()):
        line_iri, objective_iri = URIRef(line), URIRef(objective)
        graph.add((line_iri, SKOS.relatedMatch, objective_iri))
        graph.add((objective_iri, SKOS.relatedMatch, line_iri))
        node = ids.correspondence(line.rsplit("/", 1)[-1], objective.rsplit("/", 1)[-1])
        graph.add((node, RDF.type, MIG.Correspondence))
        graph.add((node, MIG.pemLineOfAction, line_iri))
        graph.add((node, MIG.gcmObjectiveMatched, objective_iri))
        graph.add((node, PROV.wasDerivedFrom, me))
        for program in sorted(found["programs"]):
            graph.add((node, MIG.sharedProgram, URIRef(program)))
        for action in sorted(found["actions"]):
            graph.add((node, MIG.evidenceAction, URIRef(action)))
        count = Literal(len(found["actions"]), datatype=XSD.integer)
        graph.add((node, MIG.evidenceCount, count))
    return graph
