"""The two sides of the PEM-GCM crosswalk, read from the assembled graphs.

A side is a concept (a PEM line of action, a GCM objective) with the texts that say what it
is for (its labels) and the actions its documents file under it (`mig:contributesTo`), each
with its text, its responsible agencies and the programmes it is about. Passing mentions
(`mig:mentionsProgram`) are not evidence: an action does no work for a programme it only
names.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from loaders.dataset import select

__all__ = ["Act", "Side", "read_sides"]

_PREFIXES = """
PREFIX mig: <https://w3id.org/migracion-mx/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
_CONCEPTS = (
    _PREFIXES
    + """
SELECT ?class ?c ?label WHERE {
  ?c a ?class .
  { ?c skos:prefLabel ?label } UNION { ?c skos:altLabel ?label }
  FILTER(LANG(?label) = "es")
}
"""
)
_ACTIONS = (
    _PREFIXES
    + """
SELECT ?class ?a ?c ?text ?agency ?program WHERE {
  ?a a mig:Action ; mig:contributesTo ?c .
  ?c a ?class .
  OPTIONAL { { ?a skos:prefLabel ?text } UNION { ?a mig:description ?text } }
  OPTIONAL { ?a mig:responsibleAgency ?agency }
  OPTIONAL { ?a mig:aboutProgram ?program }
}
"""
)


@dataclass
class Act:
    """One action as crosswalk evidence."""

    iri: str
    texts: set[str] = field(default_factory=set)
    agencies: set[str] = field(default_factory=set)
    programs: set[str] = field(default_factory=set)

    @property
    def text(self) -> str:
        return "\n".join(sorted(self.texts))


@dataclass
class Side:
    """A PEM line or a GCM objective: its labels and the actions filed under it."""

    iri: str
    labels: set[str] = field(default_factory=set)
    actions: dict[str, Act] = field(default_factory=dict)

    @property
    def purpose(self) -> str:
        return "\n".join(sorted(self.labels))

    @property
    def text(self) -> str:
        return "\n".join([self.purpose, *(self.actions[a].text for a in sorted(self.actions))])


def read_sides(store: ox.Store, concept_class: str) -> list[Side]:
    """Every concept of `concept_class` (an IRI) with its labels and actions, sorted."""
    cls = {ox.Variable("class"): ox.NamedNode(concept_class)}
    sides: dict[str, Side] = {}
    for row in select(store, _CONCEPTS, use_default_graph_as_union=True, substitutions=cls):
        iri = row["c"].value
        sides.setdefault(iri, Side(iri)).labels.add(row["label"].value)
    acts: dict[str, dict[str, Act]] = defaultdict(dict)
    for row in select(store, _ACTIONS, use_default_graph_as_union=True, substitutions=cls):
        concept, action = row["c"].value, row["a"].value
        act = acts[concept].setdefault(action, Act(action))
        for key, bucket in (("text", act.texts), ("agency", act.agencies)):
            if row[key] is not None:
                bucket.add(row[key].value)
        if row["program"] is not None:
            act.programs.add(row["program"].value)
    for concept, found in acts.items():
        if concept in sides:
            sides[concept].actions = found
    return [sides[k] for k in sorted(sides)]
