"""Helpers every loader uses to state the same kinds of facts the same way."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, SKOS, XSD
from rdflib.term import Node, URIRef

from loaders.model import LoadContext
from loaders.vocab import MIG, PREFIXES


def new_graph() -> Graph:
    """An empty graph with the project's prefixes bound (for readable Turtle)."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def es(text: str) -> Literal:
    return Literal(text, lang="es")


def source_lines(
    graph: Graph, node: Node, ctx: LoadContext, start: int, end: int | None = None
) -> None:
    """`node` is stated by lines start..end (1-based, inclusive) of the document."""
    graph.add((node, PROV.wasDerivedFrom, ctx.ids.document(ctx.source.key)))
    graph.add((node, MIG.sourceLineStart, Literal(start, datatype=XSD.integer)))
    graph.add((node, MIG.sourceLineEnd, Literal(end or start, datatype=XSD.integer)))


def action(
    graph: Graph,
    ctx: LoadContext,
    local_id: str,
    *,
    description: str,
    contributes_to: Iterable[URIRef],
    responsible: Iterable[URIRef],
    start: int,
    end: int,
    title: str | None = None,
) -> URIRef:
    """One `mig:Action` as the document states it; returns its IRI for further facts."""
    iri = ctx.ids.action(ctx.source.key, local_id)
    graph.add((iri, RDF.type, MIG.Action))
    graph.add((iri, MIG.description, es(description)))
    if title:
        graph.add((iri, SKOS.prefLabel, es(title)))
    graph.add((iri, MIG.status, MIG[ctx.source.status]))
    graph.add((iri, MIG.year, Literal(ctx.source.year, datatype=XSD.gYear)))
    for target in contributes_to:
        graph.add((iri, MIG.contributesTo, target))
    for agency in responsible:
        graph.add((iri, MIG.responsibleAgency, agency))
    source_lines(graph, iri, ctx, start, end)
    return iri
