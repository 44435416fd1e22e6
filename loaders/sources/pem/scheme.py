"""One PEM scheme out of the two documents that state it.

Both PEM loaders state the concepts they show, each with its own wording as skos:prefLabel
and a SKOS-XL label carrying the source lines (`loaders.sources.pem.common`). The build calls
`reconcile(g2015, g2018, ids=ids)` after both loaders: it changes the two graphs in place so
that the union has exactly one skos:prefLabel per concept, and returns the findings.

Which wording is authoritative: the 2015 document's, where it states the concept. Its
titles are single table cells, never hard-wrapped, and keep punctuation the 2018 text lost
("Estados Unidos-México" against "Estados Unidos México"); the 2018 titles are rebuilt from
wrapped lines and at least one is cut short. So where the wordings differ (after collapsing
white space) the 2018 wording becomes skos:altLabel (and its SKOS-XL label skosxl:altLabel)
in the 2018 graph, and each difference is a Finding naming both file:line places. Concepts
only the 2018 document states keep its wording.

Also checked: both documents give a concept the same parent (skos:broader); the union has 5
objectives, 26 strategies and 195 lines of action; the 2018 document, which covers every
line of action, states all the codes 2015 uses. Disagreements are findings.
"""

from __future__ import annotations

import re

from rdflib import Graph
from rdflib.namespace import PROV, RDF, SKOS
from rdflib.term import Node, URIRef

from loaders.model import Finding
from loaders.sources.pem.common import CLASSES, SKOSXL, code_key
from loaders.vocab import MIG, Ids

EXPECTED = {MIG.PEMObjective: 5, MIG.PEMStrategy: 26, MIG.PEMLineOfAction: 195}
FILES = {"pem-2015": "pem-2015-acciones.txt", "pem-2018": "pem-2018-acciones.txt"}


def _norm(label: Node) -> str:
    return re.sub(r"\s+", " ", str(label)).strip()


def _concepts(graph: Graph) -> dict[str, URIRef]:
    found: dict[str, URIRef] = {}
    for cls in CLASSES:
        for concept in graph.subjects(RDF.type, cls):
            notation = graph.value(concept, SKOS.notation)
            if isinstance(concept, URIRef) and notation is not None:
                found[str(notation)] = concept
    return found


def _where(graph: Graph, concept: URIRef, key: str) -> tuple[str, int]:
    """File and first line of the document's wording of `concept`."""
    for label in graph.objects(concept, SKOSXL.prefLabel):
        start = graph.value(label, MIG.sourceLineStart)
        document = graph.value(label, PROV.wasDerivedFrom)
        name = graph.value(document, MIG.fileName) if document is not None else None
        return (str(name) if name else FILES[key], int(str(start)) if start is not None else 1)
    return FILES[key], 1


def _demote(graph: Graph, concept: URIRef) -> None:
    """The document's wording of `concept` becomes its alternative label."""
    for label in list(graph.objects(concept, SKOS.prefLabel)):
        graph.remove((concept, SKOS.prefLabel, label))
        graph.add((concept, SKOS.altLabel, label))
    for xl in list(graph.objects(concept, SKOSXL.prefLabel)):
        graph.remove((concept, SKOSXL.prefLabel, xl))
        graph.add((concept, SKOSXL.altLabel, xl))


def reconcile(g2015: Graph, g2018: Graph, *, ids: Ids | None = None) -> list[Finding]:
    """Keep one skos:prefLabel per PEM concept across both graphs (see the module
    docstring); returns the wording differences and hierarchy disagreements as findings."""
    del ids  # concepts are found by class and notation, whatever the instance base
    findings: list[Finding] = []
    c15, c18 = _concepts(g2015), _concepts(g2018)
    for code in sorted(c15.keys() & c18.keys(), key=code_key):
        a, b = c15[code], c18[code]
        file15, line15 = _where(g2015, a, "pem-2015")
        file18, line18 = _where(g2018, b, "pem-2018")
        w15 = {_norm(x) for x in g2015.objects(a, SKOS.prefLabel)}
        w18 = {_norm(x) for x in g2018.objects(b, SKOS.prefLabel)}
        if w15 != w18:
            _demote(g2018, b)
            findings.append(
                Finding(
                    file15,
                    line15,
                    "inconsistency",
                    f"PEM {code}: {file15}:{line15} reads {' | '.join(sorted(w15))!r},"
                    f" {file18}:{line18} reads {' | '.join(sorted(w18))!r};"
                    " the 2015 wording is skos:prefLabel, the 2018 one skos:altLabel",
                )
            )
        up15 = set(g2015.objects(a, SKOS.broader))
        up18 = set(g2018.objects(b, SKOS.broader))
        if up15 != up18:
            findings.append(
                Finding(
                    file15,
                    line15,
                    "contradiction",
                    f"PEM {code}: {file15}:{line15} and {file18}:{line18} place it under"
                    " different parents",
                )
            )
    for code in sorted(c15.keys() - c18.keys(), key=code_key):
        file15, line15 = _where(g2015, c15[code], "pem-2015")
        findings.append(
            Finding(file15, line15, "inconsistency", f"PEM {code} is missing from pem-2018")
        )
    union = g2015 + g2018
    for cls, expected in EXPECTED.items():
        count = len(set(union.subjects(RDF.type, cls)))
        if count != expected:
            findings.append(
                Finding(
                    FILES["pem-2018"],
                    1,
                    "inconsistency",
                    f"the PEM scheme has {count} concepts of class {cls.n3()}, not {expected}",
                )
            )
    return findings
