"""The description of each source document, from the manifest: the provenance anchor."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, XSD

from loaders.emit import es, new_graph
from loaders.model import SourceDocument
from loaders.vocab import MIG, Ids


def _date(value: str) -> Literal:
    """A manifest date as xsd:date, or xsd:gYear when only the year is known."""
    return Literal(value, datatype=XSD.gYear if len(value) == 4 else XSD.date)


def document_graph(doc: SourceDocument, ids: Ids) -> Graph:
    """mig:SourceDocument with title, issue date, publisher, period, SHA-256 and identifier."""
    graph = new_graph()
    iri = ids.document(doc.key)
    for cls in (MIG.SourceDocument, PROV.Entity, FOAF.Document):
        graph.add((iri, RDF.type, cls))
    graph.add((iri, DCTERMS.identifier, Literal(doc.key)))
    graph.add((iri, DCTERMS.title, es(doc.title)))
    graph.add((iri, DCTERMS.issued, _date(doc.issued)))
    graph.add((iri, DCTERMS.publisher, ids.agency(doc.publisher_agency)))
    graph.add((iri, MIG.sha256, Literal(doc.sha256)))
    graph.add((iri, MIG.year, Literal(doc.year, datatype=XSD.gYear)))
    graph.add((iri, MIG.fileName, Literal(doc.file)))
    if doc.period_start:
        graph.add((iri, MIG.periodStart, _date(doc.period_start)))
    if doc.period_end:
        graph.add((iri, MIG.periodEnd, _date(doc.period_end)))
    return graph
