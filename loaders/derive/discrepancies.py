"""Fact-check each document against itself: every checked claim becomes a resource.

RDF contract (ontology/claims.ttl), written into the DOCUMENT's graph id/grafo/<key> (a
claim is about what that document says, so it travels with it): a `mig:Discrepancy`
id/discrepancia/<key>/<hash> where the document's own data disagrees, a `mig:Claim`
id/afirmacion/<key>/<hash> where it agrees. The hash is taken from the claim's content
(kind, lines, values, what was computed), so the IRI is the same in every build. Each has
`mig:discrepancyKind` (id/tipo-discrepancia/<kind>), `rdfs:label` @es @en,
`mig:explanation` @es @en, `mig:computedValue`, `mig:quote` @es for curated claims,
`prov:wasDerivedFrom` the document and `mig:sourceLineStart/End` over its lines, and
`mig:citesStatement` nodes <iri>/linea/<n> (`mig:CitedStatement`: the line, the value
given there, `prov:wasDerivedFrom` its document). Every figure, observation or action
that states an involved value links to it: `mig:hasDiscrepancy` / `mig:hasCheckedClaim`.

The checks come from two places: the loaders' contradiction and inconsistency findings
(`finding_checks`) and the curated claims table evaluated against the data (`claims`).
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal
from rdflib.namespace import PROV, QB, RDF, RDFS, XSD
from rdflib.term import URIRef

from loaders.checks import Check, Stated
from loaders.derive.claims import Document, evaluate
from loaders.derive.finding_checks import checks_from
from loaders.emit import es
from loaders.errors import TableError
from loaders.model import Finding
from loaders.reference.claims import ClaimRow
from loaders.vocab import MIG, Ids

_KIND_LABEL = {
    "suma": ("suma", "sum"), "tasa": ("tasa", "rate"), "orden": ("orden", "ranking"),
    "conteo": ("conteo", "count"), "referencia-cruzada": ("referencia cruzada", "cross-reference"),
    "nombre": ("nombre", "naming"), "parte-anunciada": ("parte anunciada", "missing part"),
    "numeracion": ("numeración", "numbering"), "fecha": ("fecha", "date"),
    "cifra-repetida": ("cifra repetida", "repeated figure"),
}  # fmt: skip
_FIGURES = (QB.Observation, MIG.StatedFigure)


def iri_of(check: Check, ids: Ids) -> URIRef:
    mint = ids.checked_claim if check.confirmed else ids.discrepancy
    return mint(check.document, check.key)


def _covering(graph: Graph, line: int) -> Iterable[URIRef]:
    for node, start in graph.subject_objects(MIG.sourceLineStart):
        end = graph.value(node, MIG.sourceLineEnd, default=start)
        if isinstance(node, URIRef) and int(start) <= line <= int(end):  # type: ignore[call-overload]
            yield node


def _fits(graph: Graph, node: URIRef, check: Check, ids: Ids) -> bool:
    """Whether `node` is about the check's objective and kind of body, when it says."""
    if check.objective is not None:
        said = set(graph.objects(node, MIG.gcmObjective)) | set(
            graph.objects(node, MIG.contributesTo)
        )
        if said and ids.gcm_objective(check.objective) not in said:
            return False
    if check.agency_kind is not None:
        kind = graph.value(node, MIG.agencyKind)
        if kind is not None and kind != ids.agency_kind(check.agency_kind):
            return False
    return True


def _value_of(graph: Graph, node: URIRef) -> str | None:
    for measure in (MIG.value, MIG.actionCount, MIG.percentage, MIG.agencyCount):
        value = graph.value(node, measure)
        if isinstance(value, Literal):
            return str(value)
    return None


def involved(graph: Graph, stated: Stated, check: Check, ids: Ids) -> list[URIRef]:
    """The figures that state the value on the line; else the actions that cover it."""
    nodes = sorted(n for n in _covering(graph, stated.line) if _fits(graph, n, check, ids))
    typed = {n: set(graph.objects(n, RDF.type)) for n in nodes}
    figures = [n for n in nodes if typed[n] & set(_FIGURES)]
    numbers = [n for n in figures if stated.value and _value_of(graph, n) == stated.value]
    if numbers:
        return numbers
    if figures and not stated.value:
        return figures
    return [n for n in nodes if MIG.Action in typed[n]]


def emit(check: Check, graphs: dict[str, Graph], ids: Ids) -> None:
    graph = graphs[check.document]
    node = iri_of(check, ids)
    kind_es, kind_en = _KIND_LABEL[check.kind]
    own = [s.line for s in check.statements if not s.document] or [0]
    first, last = min(own), max(own)
    status_es, status_en = ("Afirmación confirmada", "Confirmed claim") if check.confirmed else (
        "Discrepancia", "Discrepancy")  # fmt: skip
    graph.add((node, RDF.type, MIG.Claim if check.confirmed else MIG.Discrepancy))
    graph.add((node, RDFS.label, es(f"{status_es} ({kind_es}), línea {first}")))
    graph.add((node, RDFS.label, Literal(f"{status_en} ({kind_en}), line {first}", lang="en")))
    graph.add((node, MIG.discrepancyKind, ids.check_kind(check.kind)))
    graph.add((node, MIG.explanation, es(check.es)))
    graph.add((node, MIG.explanation, Literal(check.en, lang="en")))
    graph.add((node, MIG.computedValue, Literal(check.computed)))
    if check.quote:
        graph.add((node, MIG.quote, es(check.quote)))
    graph.add((node, PROV.wasDerivedFrom, ids.document(check.document)))
    graph.add((node, MIG.sourceLineStart, Literal(first, datatype=XSD.integer)))
    graph.add((node, MIG.sourceLineEnd, Literal(last, datatype=XSD.integer)))
    link = MIG.hasCheckedClaim if check.confirmed else MIG.hasDiscrepancy
    for stated in sorted(set(check.statements)):
        where = stated.document or check.document
        local = f"{stated.line}" if not stated.document else f"{stated.document}-{stated.line}"
        cited = URIRef(f"{node}/linea/{local}")
        graph.add((node, MIG.citesStatement, cited))
        graph.add((cited, RDF.type, MIG.CitedStatement))
        graph.add((cited, PROV.wasDerivedFrom, ids.document(where)))
        graph.add((cited, MIG.sourceLineStart, Literal(stated.line, datatype=XSD.integer)))
        graph.add((cited, MIG.sourceLineEnd, Literal(stated.line, datatype=XSD.integer)))
        if stated.value:
            graph.add((cited, MIG.statedValue, Literal(stated.value)))
        if where in graphs:
            for resource in involved(graphs[where], stated, check, ids):
                graphs[where].add((resource, link, node))


def run(
    graphs: dict[str, Graph],
    findings: list[Finding],
    files: dict[str, str],
    texts: dict[str, str],
    claims: list[ClaimRow],
    ids: Ids,
) -> tuple[list[Check], list[Finding]]:
    """Check every document, write the results into its graph; return the checks and the
    findings no template matched. `files`: file name -> document key."""
    checks, unmatched = checks_from(findings, files)
    for row in claims:
        if row.document not in graphs:
            raise TableError(row.file, row.row, f"unknown document {row.document!r}")
        doc = Document(row.document, texts[row.document].splitlines(), graphs[row.document], ids)
        checks.append(evaluate(row, doc))
    checks = sorted(set(checks))
    for check in checks:
        emit(check, graphs, ids)
    return checks, unmatched
