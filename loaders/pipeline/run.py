"""The build pipeline: sources -> loaders -> shapes -> sorted N-Quads -> store, atomically.

The only module that reads source files and writes the store. Each step is a plain
function; `build` runs them in order and reports progress through a callback.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import URIRef

from loaders import publishing
from loaders.checks import Check
from loaders.dataset import rebase, sorted_nquads, to_quads
from loaders.derive import crosswalk, discrepancies, program_links, tracker
from loaders.model import Finding, LoadContext, SourceDocument
from loaders.pipeline.documents import document_graph
from loaders.pipeline.manifest import SOURCES_DIR, load_manifest, read_source
from loaders.pipeline.report import BuildReport
from loaders.pipeline.store import publish, start_build, write_store
from loaders.pipeline.validate import check
from loaders.publishing import search_index
from loaders.reference import explained
from loaders.reference.agencies import default_registry
from loaders.reference.claims import default_claims
from loaders.reference.graph import reference_graph
from loaders.reference.programs import default_programs
from loaders.reference.supplied import SourceNames, supplied_names
from loaders.sources import parser_for
from loaders.sources.pem import scheme as pem_scheme
from loaders.vocab import (
    CROSSWALK_GRAPH_KEY,
    ONTOLOGY_GRAPH_KEY,
    REFERENCE_GRAPH_KEY,
    TRACKER_GRAPH_KEY,
    Ids,
)

REPO_DIR = Path(__file__).resolve().parents[2]
Step = Callable[[str], None]


@dataclass(frozen=True)
class BuildConfig:
    build_dir: Path
    sources_dir: Path = SOURCES_DIR
    ontology_dir: Path = REPO_DIR / "ontology"
    shapes_dir: Path = REPO_DIR / "shapes"
    base: str = Ids().base
    validate: bool = True
    # Steps the caller adds before publishing, each given the build's directory and base IRI:
    # the service passes its API snapshot (`service.api.precompute.write`, from
    # `service.cli`), so that the loaders never import the service.
    before_publish: tuple[Callable[[Path, str], object], ...] = ()


@dataclass(frozen=True)
class BuildResult:
    path: Path
    report: BuildReport


def load_ontology(ontology_dir: Path) -> tuple[Graph, Graph]:
    """The vocabulary, and the reference code lists (subjects under the instance base)."""
    vocabulary, schemes = Graph(), Graph()
    base = Ids().base
    for path in sorted(ontology_dir.glob("*.ttl")):
        for triple in Graph().parse(path, format="turtle"):
            (schemes if str(triple[0]).startswith(base) else vocabulary).add(triple)
    return vocabulary, schemes


def parse_documents(
    docs: list[SourceDocument], config: BuildConfig, ids: Ids, step: Step
) -> tuple[dict[str, Graph], list[Finding]]:
    """Run each document's parser on its hash-checked text."""
    agencies = default_registry(config.base)
    programs = default_programs()
    graphs: dict[str, Graph] = {}
    findings: list[Finding] = []
    for doc in docs:
        step(f"parsing {doc.file}")
        text = read_source(doc, config.sources_dir)
        ctx = LoadContext(source=doc, agencies=agencies, programs=programs, ids=ids)
        result = parser_for(doc.key)(text, ctx)
        graphs[doc.key] = result.graph + document_graph(doc, ids)
        findings.extend(result.findings)
    return graphs, findings


def assemble(
    config: BuildConfig,
    step: Step,
    curation: list[dict[str, object]] | None = None,
    checks: list[Check] | None = None,
) -> tuple[dict[URIRef, Graph], list[Finding]]:
    """Every named graph of the dataset, and the findings met on the way; the programme
    candidates the build was unsure of are appended to `curation`, and the documents'
    checked claims to `checks`, when given."""
    ids = Ids(config.base)
    docs = list(load_manifest(config.sources_dir).values())
    per_doc, findings = parse_documents(docs, config, ids, step)
    step("reconciling the PEM scheme")
    findings += pem_scheme.reconcile(per_doc["pem-2015"], per_doc["pem-2018"], ids=ids)
    # One program identity across documents; curated explanations of agency mentions.
    step("linking actions to programmes")
    linking = program_links.link(
        per_doc,
        programs=default_programs(),
        agencies=default_registry(config.base),
        ids=ids,
        files={doc.key: doc.file for doc in docs},
    )
    findings = explained.apply(findings + linking.findings)
    if curation is not None:
        curation.extend(linking.rows())
    step("checking each document against itself")
    checked, unmatched = discrepancies.run(
        per_doc,
        findings,
        {doc.file: doc.key for doc in docs},
        {doc.key: read_source(doc, config.sources_dir) for doc in docs},
        default_claims(),
        ids,
    )
    findings += [
        Finding(f.file, f.line, "warning", f"no structured check for: {f.message}")
        for f in unmatched
    ]
    if checks is not None:
        checks.extend(checked)
    step("loading the ontology and reference data")
    vocabulary, schemes = load_ontology(config.ontology_dir)
    reference = rebase(schemes, config.base) + reference_graph(
        ids, default_registry(config.base), default_programs()
    )
    # every curated name no source writes is marked as supplied by us
    sources = SourceNames(read_source(doc, config.sources_dir) for doc in docs)
    reference += supplied_names(reference, sources, ids)
    graphs = {ids.graph(key): graph for key, graph in per_doc.items()}
    graphs[ids.graph(ONTOLOGY_GRAPH_KEY)] = vocabulary
    graphs[ids.graph(REFERENCE_GRAPH_KEY)] = reference
    step("deriving the PEM-GCM crosswalk")
    graphs[ids.graph(CROSSWALK_GRAPH_KEY)] = crosswalk.derive(graphs, ids)
    step("deriving the commitment tracker")
    graphs[ids.graph(TRACKER_GRAPH_KEY)] = tracker.derive(graphs, ids)
    return graphs, findings


@dataclass(frozen=True)
class Prepared:
    """A dataset ready to be written: what a build computes before it touches the disk."""

    nquads: bytes
    findings: list[Finding]
    curation: list[dict[str, object]]
    checks: list[Check]


def prepare(config: BuildConfig, step: Step = lambda _: None) -> Prepared:
    """Read, parse, derive and validate the dataset and sort its N-Quads; writes nothing."""
    curation: list[dict[str, object]] = []
    checks: list[Check] = []
    graphs, findings = assemble(config, step, curation, checks)
    quads = to_quads(graphs)
    if config.validate:
        step("validating against the SHACL shapes")
        union = Graph()
        for graph in graphs.values():
            union += graph
        memory = ox.Store()
        memory.extend(quads)
        check(union, memory, config.shapes_dir)
    step("writing sorted N-Quads")
    return Prepared(sorted_nquads(quads), findings, curation, checks)


def build(config: BuildConfig, step: Step = lambda _: None) -> BuildResult:
    """Build, validate and publish the dataset; the previous build serves until the swap."""
    return write_build(config, prepare(config, step), step)


def write_build(
    config: BuildConfig, prepared: Prepared, step: Step = lambda _: None
) -> BuildResult:
    """Write a prepared dataset as a new build and publish it: the only half of a build
    that writes, into a `.partial` directory until the swap (`store.publish`)."""
    nquads = prepared.nquads
    built_at = datetime.now(UTC).replace(microsecond=0)
    build_id = built_at.strftime("%Y%m%dT%H%M%SZ") + "-" + hashlib.sha256(nquads).hexdigest()[:12]
    docs = list(load_manifest(config.sources_dir).values())
    report = BuildReport.start(
        build_id, built_at.isoformat(), version("migrakg"), config.base, docs
    )
    report.findings = list(prepared.findings)
    report.curation = list(prepared.curation)
    report.checks = list(prepared.checks)
    work = start_build(config.build_dir, build_id)
    (work / "graph.nq").write_bytes(nquads)
    step("loading the store")
    write_store(work, nquads)
    sources = work / "sources"
    sources.mkdir()
    for doc in docs:
        (sources / doc.file).write_bytes((config.sources_dir / doc.file).read_bytes())
    store = ox.Store.read_only(str(work / "store"))
    report.count(store)
    del store
    for extra in config.before_publish:
        step(f"running {extra.__module__}.{extra.__name__}")
        extra(work, config.base)
    step("writing the dumps, the catalog and VoID")
    publishing.write(work, nquads, report, config)
    step("indexing the text for search")
    search_index.write(work, nquads, work / "sources", Ids(config.base))
    (work / "report.json").write_bytes(report.to_json())
    report.write_curation(work / "curation" / "program-candidates.csv")
    (work / "report.txt").write_text(report.to_text(), "utf-8")
    step("publishing")
    path = publish(config.build_dir, work)
    return BuildResult(path, report)
