"""A small build for the publishing tests: real store, real sources, a few graphs.

Each manifest document's description and two actions in its own named graph, an indicator
dataset (qb:DataSet with three observations) and the ontology files in `id/grafo/ontologia`.
Written with the same functions the build uses, then published with `publishing.write`.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import PROV, RDF, RDFS, XSD

from loaders import publishing
from loaders.dataset import sorted_nquads, to_quads
from loaders.pipeline.documents import document_graph
from loaders.pipeline.manifest import SOURCES_DIR, load_manifest
from loaders.pipeline.report import BuildReport
from loaders.pipeline.store import publish, start_build, write_store
from loaders.publishing.facts import Publications
from loaders.vocab import MIG, Ids

REPO = Path(__file__).resolve().parents[2]
ONTOLOGY_DIR = REPO / "ontology"
QB = Namespace("http://purl.org/linked-data/cube#")
BUILD_ID = "20250101T000000Z-test"
BUILT_AT = "2025-01-01T00:00:00+00:00"
OBSERVATIONS = 3


@dataclass(frozen=True)
class Config:
    """The three `BuildConfig` fields `publishing.write` reads."""

    sources_dir: Path = SOURCES_DIR
    ontology_dir: Path = ONTOLOGY_DIR
    shapes_dir: Path = REPO / "shapes"


@dataclass(frozen=True)
class SmallBuild:
    root: Path  # the build directory (with `current`)
    work: Path  # the published build
    nquads: bytes
    facts: Publications
    report: BuildReport


def graphs(ids: Ids) -> dict:
    out = {}
    docs = load_manifest()
    for doc in docs.values():
        graph = document_graph(doc, ids)
        # the same publisher triple in several documents: the union holds it once
        graph.add((ids.agency(doc.publisher_agency), RDFS.label, Literal(doc.publisher, lang="es")))
        for n in (1, 2):
            action = ids.action(doc.key, str(n))
            graph.add((action, RDF.type, MIG.Action))
            graph.add((action, MIG.description, Literal(f"Acción {n}", lang="es")))
            graph.add((action, PROV.wasDerivedFrom, ids.document(doc.key)))
        out[ids.graph(doc.key)] = graph
    cube = out[ids.graph("pmm-2024")]
    dataset = ids.dataset("acciones-por-objetivo")
    cube.add((dataset, RDF.type, QB.DataSet))
    cube.add((dataset, RDFS.label, Literal("Acciones por objetivo", lang="es")))
    cube.add((dataset, RDFS.label, Literal("Actions per objective", lang="en")))
    for n in range(1, OBSERVATIONS + 1):
        obs = ids.observation("acciones-por-objetivo", str(n))
        cube.add((obs, RDF.type, QB.Observation))
        cube.add((obs, QB.dataSet, dataset))
        cube.add((obs, MIG.actionCount, Literal(n * 10, datatype=XSD.integer)))
    ontology = Graph()
    for path in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        ontology.parse(path)
    out[ids.graph("ontologia")] = ontology
    return out


def write_work(root: Path) -> tuple[Path, bytes, BuildReport]:
    """An unpublished work directory as the build leaves it before publishing."""
    ids = Ids()
    nquads = sorted_nquads(to_quads(graphs(ids)))
    work = start_build(root, BUILD_ID)
    (work / "graph.nq").write_bytes(nquads)
    write_store(work, nquads)
    (work / "sources").mkdir()
    docs = list(load_manifest().values())
    for doc in docs:
        shutil.copyfile(SOURCES_DIR / doc.file, work / "sources" / doc.file)
    report = BuildReport.start(BUILD_ID, BUILT_AT, "0.1.0", ids.base, docs)
    store = ox.Store.read_only(str(work / "store"))
    report.count(store)
    del store
    return work, nquads, report


def small_build(root: Path) -> SmallBuild:
    work, nquads, report = write_work(root)
    facts = publishing.write(work, nquads, report, Config())
    (work / "report.json").write_bytes(report.to_json())
    final = publish(root, work)
    return SmallBuild(root, final, nquads, facts, report)
