"""Build provenance for the service description: version, date, build id, source hashes.

A harvester compares these to tell whether the data changed. The service description (and
anything else) calls `build_provenance` for a dict or `provenance_graph` for triples about
the dataset node `id/dataset/migrakg`, the same node the catalog and VoID describe.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph, Literal
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, XSD

from loaders.publishing.dcat import DCAT_VERSION, SPDX
from loaders.publishing.facts import Publications
from loaders.publishing.nodes import CatalogNodes


def build_provenance(facts: Publications) -> dict[str, Any]:
    """`{build_id, version, built_at, sources: [{key, file, sha256}], dumps: [...]}`."""
    return {
        "build_id": facts.build_id,
        "version": facts.version,
        "release": facts.release.version,
        "built_at": facts.built_at,
        "sources": [{"key": s.key, "file": s.file.file, "sha256": s.sha256} for s in facts.sources],
        "dumps": [{"file": d.file, "size": d.size, "sha256": d.sha256} for d in facts.dumps],
    }


def provenance_graph(facts: Publications) -> Graph:
    """The dataset's version and date, its build activity, and each source's SHA-256."""
    nodes = CatalogNodes(facts.base)
    graph = Graph()
    dataset, build = nodes.dataset, nodes.build(facts.build_id)
    when = Literal(facts.built_at, datatype=XSD.dateTime)
    graph.add((dataset, RDF.type, DCAT.Dataset))
    # the dataset's version and date are its release's, as the catalog states them
    graph.add((dataset, DCAT_VERSION, Literal(facts.release.version)))
    graph.add((dataset, DCTERMS.modified, Literal(facts.release.issued, datatype=XSD.dateTime)))
    graph.add((dataset, PROV.wasGeneratedBy, build))
    graph.add((build, RDF.type, PROV.Activity))
    graph.add((build, DCTERMS.identifier, Literal(facts.build_id)))
    graph.add((build, PROV.endedAtTime, when))
    for source in facts.sources:
        node = nodes.source_dataset(source.key)
        checksum = node + "#sha256"
        graph.add((dataset, PROV.wasDerivedFrom, node))
        graph.add((build, PROV.used, node))
        graph.add((node, DCTERMS.identifier, Literal(f"fuente-{source.key}")))
        graph.add((node, SPDX.checksum, checksum))
        graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        graph.add((checksum, SPDX.checksumValue, Literal(source.sha256, datatype=XSD.hexBinary)))
    return graph
