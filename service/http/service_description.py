"""The SPARQL 1.1 Service Description of the endpoint, built once per endpoint URL.

It states what a client needs to know before querying: the query language, result formats,
that the default graph is the union of the named graphs (`sd:UnionDefaultGraph` plus a
comment in Spanish and English), each named graph with its triple count, and the build
(its id, version and the SHA-256 of each source from `report.json` when present).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from service.http import formats

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
DCT = "http://purl.org/dc/terms/"
VOID_TRIPLES = ox.NamedNode("http://rdfs.org/ns/void#triples")
SPDX_CHECKSUM = "http://spdx.org/rdf/terms#"
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")

# W3C's format IRIs (https://www.w3.org/ns/formats/) for each offered media type.
FORMAT_IRIS = {
    "application/sparql-results+json": "SPARQL_Results_JSON",
    "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV",
    "text/tab-separated-values": "SPARQL_Results_TSV",
    "text/turtle": "Turtle",
    "application/n-triples": "N-Triples",
    "application/n-quads": "N-Quads",
    "application/trig": "TriG",
    "application/ld+json": "JSON-LD",
    "application/rdf+xml": "RDF_XML",
}

PREFIXES = {
    "sd": SD,
    "formats": FORMATS,
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "dcterms": DCT,
    "void": "http://rdfs.org/ns/void#",
    "spdx": SPDX_CHECKSUM,
}

UNION_NOTE_EN = (
    "The default graph is the union of all the named graphs: a query without FROM or GRAPH "
    "sees every triple. Each source document has its own named graph."
)
UNION_NOTE_ES = (
    "El grafo por omisión es la unión de todos los grafos nombrados: una consulta sin FROM ni "
    "GRAPH ve todas las tripletas. Cada documento fuente tiene su propio grafo nombrado."
)


def service_description(
    endpoint: str,
    graphs: Iterable[tuple[str, int]],
    default_triples: int,
    report: dict[str, Any],
    build_id: str,
) -> list[ox.Triple]:
    """The description's triples for the endpoint at `endpoint`; `default_triples` is the
    default graph's size as SPARQL counts it (the named graphs' merge, as a set)."""
    svc = ox.NamedNode(endpoint)

    def sd(local: str) -> ox.NamedNode:
        return ox.NamedNode(SD + local)

    triples = [
        ox.Triple(svc, RDF_TYPE, sd("Service")),
        ox.Triple(svc, sd("endpoint"), svc),
        ox.Triple(svc, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(svc, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(
            svc,
            sd("defaultEntailmentRegime"),
            ox.NamedNode("http://www.w3.org/ns/entailment/Simple"),
        ),
    ]
    for offer in (*formats.RESULTS, *formats.GRAPHS):
        triples.append(
            ox.Triple(
                svc, sd("resultFormat"), ox.NamedNode(FORMATS + FORMAT_IRIS[offer.media_type])
            )
        )
    dataset = ox.BlankNode("dataset")
    default_graph = ox.BlankNode("default")
    triples += [
        ox.Triple(svc, sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, sd("Dataset")),
        ox.Triple(dataset, RDFS_COMMENT, ox.Literal(UNION_NOTE_EN, language="en")),
        ox.Triple(dataset, RDFS_COMMENT, ox.Literal(UNION_NOTE_ES, language="es")),
        ox.Triple(dataset, sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, RDF_TYPE, sd("Graph")),
        ox.Triple(dataset, ox.NamedNode(DCT + "identifier"), ox.Literal(build_id)),
    ]
    for i, (name, count) in enumerate(graphs):
        named, graph = ox.BlankNode(f"named{i}"), ox.BlankNode(f"graph{i}")
        triples += [
            ox.Triple(dataset, sd("namedGraph"), named),
            ox.Triple(named, RDF_TYPE, sd("NamedGraph")),
            ox.Triple(named, sd("name"), ox.NamedNode(name)),
            ox.Triple(named, sd("graph"), graph),
            ox.Triple(graph, RDF_TYPE, sd("Graph")),
            ox.Triple(graph, VOID_TRIPLES, ox.Literal(str(count), datatype=XSD_INTEGER)),
        ]
    triples.append(
        ox.Triple(
            default_graph, VOID_TRIPLES, ox.Literal(str(default_triples), datatype=XSD_INTEGER)
        )
    )
    triples += _build_triples(dataset, report)
    return triples


def _build_triples(dataset: ox.BlankNode, report: dict[str, Any]) -> list[ox.Triple]:
    """Version and source hashes from the build report (`loaders.pipeline.report`)."""
    out = []
    version = report.get("version")
    if isinstance(version, str):
        out.append(ox.Triple(dataset, ox.NamedNode(DCT + "hasVersion"), ox.Literal(version)))
    for i, entry in enumerate(report.get("sources") or []):
        if not isinstance(entry, dict) or "sha256" not in entry:
            continue
        source = ox.BlankNode(f"source{i}")
        checksum = ox.BlankNode(f"checksum{i}")
        name = entry.get("file") or entry.get("key") or str(i)
        out += [
            ox.Triple(dataset, ox.NamedNode(DCT + "source"), source),
            ox.Triple(source, ox.NamedNode(DCT + "identifier"), ox.Literal(str(name))),
            ox.Triple(source, ox.NamedNode(SPDX_CHECKSUM + "checksum"), checksum),
            ox.Triple(
                checksum,
                ox.NamedNode(SPDX_CHECKSUM + "algorithm"),
                ox.NamedNode(SPDX_CHECKSUM + "checksumAlgorithm_sha256"),
            ),
            ox.Triple(
                checksum,
                ox.NamedNode(SPDX_CHECKSUM + "checksumValue"),
                ox.Literal(str(entry["sha256"])),
            ),
        ]
    return out


def serialize(triples: list[ox.Triple], format_key: str) -> bytes:
    """The description in one of the RDF formats of `formats.GRAPHS`."""
    data = ox.serialize(triples, None, getattr(ox.RdfFormat, format_key), prefixes=PREFIXES)
    assert data is not None  # no output given: the bytes are returned
    return data
