"""SHACL validation of the built dataset against every file in `shapes/`.

pySHACL evaluates SPARQL-based constraints (`sh:sparql`) with rdflib's SPARQL engine, once
per focus node; on our corpus that alone took over a minute. So the node shapes' SPARQL
constraints are taken out of the shapes graph and evaluated here on pyoxigraph with the
same semantics (SHACL 1.0 §5.3: `$this` pre-bound to each focus node, through pyoxigraph's
`substitutions`); pySHACL checks everything else. Constraints on property shapes (which
need `$PATH` substitution) stay with pySHACL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node, URIRef

from loaders.dataset import select
from loaders.errors import ValidationFailed


def load_shapes(shapes_dir: Path) -> Graph:
    shapes = Graph()
    for path in sorted(shapes_dir.glob("*.ttl")):
        shapes.parse(path, format="turtle")
    return shapes


@dataclass(frozen=True)
class SparqlConstraint:
    """One `sh:sparql` constraint of a node shape, with what selects its focus nodes."""

    shape: Node
    query: str
    message: str
    severity: URIRef
    targets: tuple[str, ...]  # SPARQL patterns binding ?this


def _prefixes(shapes: Graph, constraint: Node) -> str:
    lines = []
    for holder in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(holder, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines)))


def _targets(shapes: Graph, shape: Node) -> tuple[str, ...]:
    rdf_type, sub_class = RDF.type.n3(), RDFS.subClassOf.n3()
    patterns = [
        f"?this {rdf_type}/{sub_class}* {cls.n3()} ."
        for cls in shapes.objects(shape, SH.targetClass)
    ]
    if (shape, RDF.type, RDFS.Class) in shapes:
        patterns.append(f"?this {rdf_type}/{sub_class}* {shape.n3()} .")
    patterns += [f"?this {p.n3()} ?any ." for p in shapes.objects(shape, SH.targetSubjectsOf)]
    patterns += [f"?any {p.n3()} ?this ." for p in shapes.objects(shape, SH.targetObjectsOf)]
    patterns += [f"VALUES ?this {{ {n.n3()} }}" for n in shapes.objects(shape, SH.targetNode)]
    for target in shapes.objects(shape, SH.target):
        select = shapes.value(target, SH.select)
        if select is not None:
            patterns.append(f"{{ {select} }}")
    return tuple(patterns)


def take_sparql_constraints(shapes: Graph) -> list[SparqlConstraint]:
    """Remove the node shapes' `sh:sparql` links from `shapes` and return them."""
    taken = []
    for shape, constraint in list(shapes.subject_objects(SH.sparql)):
        if (shape, SH.path, None) in shapes or (constraint, SH.deactivated, None) in shapes:
            continue
        prefixes = _prefixes(shapes, constraint)
        select = shapes.value(constraint, SH.select)
        severity = shapes.value(shape, SH.severity) or SH.Violation
        message = shapes.value(constraint, SH.message) or shapes.value(shape, SH.message) or ""
        taken.append(
            SparqlConstraint(
                shape=shape,
                query=f"{prefixes}\n{select}",
                message=str(message),
                severity=URIRef(str(severity)),
                targets=_targets(shapes, shape),
            )
        )
        shapes.remove((shape, SH.sparql, constraint))
    return taken


def _focus_nodes(store: ox.Store, constraint: SparqlConstraint) -> set[ox.NamedNode]:
    nodes: set[ox.NamedNode] = set()
    head = "\n".join(line for line in constraint.query.splitlines() if line.startswith("PREFIX"))
    for pattern in constraint.targets:
        query = f"{head}\nSELECT DISTINCT ?this WHERE {{ {pattern} }}"
        nodes.update(row["this"] for row in select(store, query, use_default_graph_as_union=True))
    return nodes


def _fill(message: str, row: ox.QuerySolution, variables: list[ox.Variable]) -> str:
    values = {v.value: row[v] for v in variables}

    def value(match: re.Match[str]) -> str:
        term = values.get(match.group(1))
        return getattr(term, "value", str(term)) if term is not None else match.group(0)

    return re.sub(r"\{[?$](\w+)\}", value, message)


def sparql_violations(store: ox.Store, constraints: list[SparqlConstraint]) -> Iterator[str]:
    """One line per result row of each constraint, for each of its focus nodes."""
    for constraint in constraints:
        if constraint.severity != SH.Violation:
            continue
        for node in sorted(_focus_nodes(store, constraint), key=str):
            solutions = select(
                store,
                constraint.query,
                substitutions={ox.Variable("this"): node},
                use_default_graph_as_union=True,
            )
            for row in solutions:
                yield f"{node.value}: {_fill(constraint.message, row, solutions.variables)}"


def check(data: Graph, store: ox.Store, shapes_dir: Path) -> None:
    """Raise ValidationFailed with a readable report when the dataset does not conform.

    `data` and `store` hold the same triples (the union of the named graphs). The shapes
    graph is parsed afresh for each call: pySHACL mutates the one it is given.
    """
    shapes = load_shapes(shapes_dir)
    constraints = take_sparql_constraints(shapes)
    conforms, _graph, text = validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    violations = list(sparql_violations(store, constraints))
    if not conforms or violations:
        report = text if not conforms else ""
        if violations:
            report += "\nSPARQL-based constraints:\n" + "\n".join(violations[:200])
            if len(violations) > 200:
                report += f"\n... and {len(violations) - 200} more"
        raise ValidationFailed(report)
