"""A small build written in the layout the service reads, for tests and the bench.

`<root>/current -> stores/test-build/` with `store/`, `graph.nq`, `report.json` and
`sources/` (a manifest and one text). Two document graphs, a reference graph and an
ontology graph, with IRIs under the default base and the project's namespace.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from loaders.pipeline.store import write_store

BASE = "https://w3id.org/migracion-mx/id/"
MIG = "https://w3id.org/migracion-mx/def#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"

GRAPH_A = BASE + "grafo/doc-a"
GRAPH_B = BASE + "grafo/doc-b"
GRAPH_REF = BASE + "grafo/referencia"
GRAPH_ONTOLOGY = BASE + "grafo/ontologia"
AGENCY = BASE + "institucion/inm"
ACTIONS_PER_DOC = 30
SOURCE_LINES = [f"Línea {n}: acción de prueba número {n}." for n in range(1, 41)]
# report.json as loaders.pipeline.report writes it (the keys the service reads)
REPORT = {
    "version": "0.1.0-test",
    "sources": [{"key": "doc-a", "file": "doc-a.txt", "sha256": "ab" * 32}],
}


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def quads() -> list[ox.Quad]:
    """The dataset: 30 actions per document, their documents, one agency, an ontology."""
    out: list[ox.Quad] = []
    for key, graph, year in (("doc-a", GRAPH_A, "2015"), ("doc-b", GRAPH_B, "2018")):
        g = _n(graph)
        doc = _n(BASE + "documento/" + key)
        out.append(ox.Quad(doc, _n(RDF_TYPE), _n(MIG + "SourceDocument"), g))
        out.append(ox.Quad(doc, _n("http://purl.org/dc/terms/title"), ox.Literal(f"Doc {key}"), g))
        for i in range(1, ACTIONS_PER_DOC + 1):
            a = _n(f"{BASE}accion/{key}/{i}")
            out += [
                ox.Quad(a, _n(RDF_TYPE), _n(MIG + "Action"), g),
                ox.Quad(
                    a, _n(SKOS + "prefLabel"), ox.Literal(f"Acción {key} {i}", language="es"), g
                ),
                ox.Quad(
                    a,
                    _n(MIG + "description"),
                    ox.Literal(f"Texto de la acción {i} sobre migración", language="es"),
                    g,
                ),
                ox.Quad(a, _n(MIG + "year"), ox.Literal(year, datatype=_n(XSD + "gYear")), g),
                ox.Quad(a, _n(MIG + "responsibleAgency"), _n(AGENCY), g),
                ox.Quad(a, _n(PROV + "wasDerivedFrom"), doc, g),
                ox.Quad(a, _n(MIG + "sourceLineStart"), ox.Literal(i), g),
                ox.Quad(a, _n(MIG + "sourceLineEnd"), ox.Literal(i + 1), g),
            ]
    ref = _n(GRAPH_REF)
    out += [
        ox.Quad(_n(AGENCY), _n(RDF_TYPE), _n(MIG + "Agency"), ref),
        ox.Quad(
            _n(AGENCY),
            _n(SKOS + "prefLabel"),
            ox.Literal("Instituto Nacional de Migración", language="es"),
            ref,
        ),
        ox.Quad(
            _n(AGENCY),
            _n(SKOS + "prefLabel"),
            ox.Literal("National Migration Institute", language="en"),
            ref,
        ),
    ]
    onto = _n(GRAPH_ONTOLOGY)
    out += [
        ox.Quad(_n(MIG[:-1]), _n(RDF_TYPE), _n(OWL + "Ontology"), onto),
        ox.Quad(_n(MIG + "Action"), _n(RDF_TYPE), _n(OWL + "Class"), onto),
        ox.Quad(_n(MIG + "Action"), _n(RDFS + "label"), ox.Literal("Acción", language="es"), onto),
        ox.Quad(_n(MIG + "Action"), _n(RDFS + "label"), ox.Literal("Action", language="en"), onto),
    ]
    return out


def write_build(root: Path) -> Path:
    """Writes the build under `root` (the build_dir) and returns `root`."""
    build = root / "stores" / "test-build"
    (build / "sources").mkdir(parents=True)
    data = quads()
    # as the build writes it: named graphs, and their merge as the default graph
    write_store(build, ox.serialize(data, format=ox.RdfFormat.N_QUADS))
    ox.serialize(sorted(data, key=str), str(build / "graph.nq"), ox.RdfFormat.N_QUADS)
    (build / "report.json").write_text(json.dumps(REPORT), "utf-8")
    (build / "sources" / "doc-a.txt").write_text("\n".join(SOURCE_LINES) + "\n", "utf-8")
    (build / "sources" / "manifest.toml").write_text(
        '[[document]]\nkey = "doc-a"\nfile = "doc-a.txt"\ntitle = "Doc A"\npublisher = "P"\n'
        'publisher_agency = "upm"\nissued = "2015"\nyear = "2015"\nstatus = "Planned"\n'
        f'sha256 = "{"ab" * 32}"\n',
        "utf-8",
    )
    (root / "current").symlink_to(build.relative_to(root), target_is_directory=True)
    return root


def quad_count() -> int:
    return len(quads())
