"""What both PEM loaders share: text repair, the SKOS concepts, and one action's triples.

Concepts. Each loader states the PEM concepts its document shows, in its own graph:
`id/pem` (skos:ConceptScheme, mig:PolicyFramework), objectives (mig:PEMObjective,
skos:topConceptOf), strategies (mig:PEMStrategy) and lines of action (mig:PEMLineOfAction),
each a skos:Concept with skos:notation (plain string), skos:inScheme, skos:broader (the
parent code's concept) and the document's wording as skos:prefLabel @es. Where the wording
comes from is stated by a SKOS-XL label, `ids.pem_label(code, doc key)`: a skosxl:Label with
skosxl:literalForm, prov:wasDerivedFrom and mig:sourceLineStart/End. The concept itself
carries no line numbers, because two documents state it in different places;
`pem_scheme.reconcile` later keeps one skos:prefLabel per concept.
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, SKOS, XSD
from rdflib.term import URIRef

from loaders import emit
from loaders.model import Finding, LoadContext
from loaders.responsibility import attribute
from loaders.text import join_wrapped as _join_wrapped
from loaders.vocab import MIG

SKOSXL = Namespace("http://www.w3.org/2008/05/skos-xl#")
SCHEME_LABEL = "Programa Especial de Migración 2014-2018"
CLASSES = (MIG.PEMObjective, MIG.PEMStrategy, MIG.PEMLineOfAction)

_MARKUP = re.compile(r"</?p>")


def strip_markup(text: str) -> str:
    """Text without leftover `<p>` tags, with white space collapsed."""
    return re.sub(r"\s+", " ", _MARKUP.sub(" ", text)).strip()


def join_wrapped(lines: list[str]) -> str:
    """Hard-wrapped lines as one text, without leftover markup (see `loaders.text`)."""
    return strip_markup(_join_wrapped(lines))


def parent(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def code_key(code: str) -> tuple[int, ...]:
    """Numeric order of a PEM code: 1.5.2 before 1.5.10."""
    return tuple(int(part) for part in code.split("."))


def emit_scheme(graph: Graph, ctx: LoadContext) -> URIRef:
    scheme = ctx.ids.pem()
    graph.bind("skosxl", SKOSXL)
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, RDF.type, MIG.PolicyFramework))
    graph.add((scheme, SKOS.prefLabel, emit.es(SCHEME_LABEL)))
    return scheme


def emit_concept(
    graph: Graph, ctx: LoadContext, code: str, label: str, start: int, end: int
) -> URIRef:
    """One PEM concept with this document's wording (see the module docstring)."""
    scheme = ctx.ids.pem()
    concept = ctx.ids.pem_concept(code)
    graph.add((concept, RDF.type, SKOS.Concept))
    graph.add((concept, RDF.type, CLASSES[code.count(".")]))
    graph.add((concept, SKOS.notation, Literal(code)))
    graph.add((concept, SKOS.inScheme, scheme))
    graph.add((concept, SKOS.prefLabel, emit.es(label)))
    up = parent(code)
    if up is None:
        graph.add((concept, SKOS.topConceptOf, scheme))
        graph.add((scheme, SKOS.hasTopConcept, concept))
    else:
        graph.add((concept, SKOS.broader, ctx.ids.pem_concept(up)))
    xl = ctx.ids.pem_label(code, ctx.source.key)
    graph.add((concept, SKOSXL.prefLabel, xl))
    graph.add((xl, RDF.type, SKOSXL.Label))
    graph.add((xl, SKOSXL.literalForm, emit.es(label)))
    emit.source_lines(graph, xl, ctx, start, end)
    return concept


def emit_action(
    graph: Graph,
    ctx: LoadContext,
    local_id: str,
    text: str,
    line_of_action: URIRef,
    start: int,
    end: int,
) -> tuple[URIRef, list[Finding]]:
    """One planned mig:Action with its responsible and collaborating agencies; an action
    whose text names no resolvable subject gets mig:noResponsibleAgencyReason @en."""
    who = attribute(text, ctx.agencies)
    iri = emit.action(
        graph,
        ctx,
        local_id,
        description=text,
        contributes_to=[line_of_action],
        responsible=[ctx.agencies.iri(a) for a in who.responsible],
        start=start,
        end=end,
    )
    for agency in who.collaborators:
        graph.add((iri, MIG.collaboratingAgency, ctx.agencies.iri(agency)))
    findings = [
        ctx.finding(
            start, "unresolved-agency", f"action {local_id}: '{name}' is not in the registry"
        )
        for name in who.unresolved
    ]
    if who.reason and who.reason_es:
        graph.add((iri, MIG.noResponsibleAgencyReason, Literal(who.reason_es, lang="es")))
        graph.add((iri, MIG.noResponsibleAgencyReason, Literal(who.reason, lang="en")))
        findings.append(ctx.finding(start, "warning", f"action {local_id}: {who.reason}"))
    return iri, findings


def no_action_planned(graph: Graph, ctx: LoadContext, line_of_action: URIRef) -> None:
    year = Literal(ctx.source.year, datatype=XSD.gYear)
    graph.add((line_of_action, MIG.noActionPlannedIn, year))
