"""Open-data publishing of a build: dumps, VoID, the DCAT catalog, ontology documentation.

`write` runs inside the build, on the finished work directory, and leaves there:

    dumps/migrakg.{nq,trig,ttl,jsonld}.gz   reproducible gzip dumps
    dumps/indicadores/<slug>.{csv,jsonld}    each indicator dataset's observations
    releases/<version>.json                  the release ledger, carried forward (`releases`)
    publications.json                        the facts the documents are rendered from
    catalog.ttl, void.ttl                    rendered for DEFAULT_PUBLIC_URL
    ontology.html                            the ontology's documentation

The service renders the catalog, VoID and schema.org again from `publications.json` for its
own public URL (`catalog_graph`, `void_graph`, `schema_org_dataset` with `PublicUrls`).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from loaders.pipeline.manifest import load_manifest
from loaders.publishing.catalog_check import check_catalog
from loaders.publishing.dcat import catalog_graph
from loaders.publishing.dumps import file_facts, write_dumps
from loaders.publishing.facts import FACTS_FILE, Publications, SourceFacts
from loaders.publishing.inventory import indicator_datasets
from loaders.publishing.ontology_doc import render_ontology
from loaders.publishing.provenance import build_provenance, provenance_graph
from loaders.publishing.releases import RELEASES_DIR, releases_for, write_ledger
from loaders.publishing.schema_org import schema_org_dataset, script_tag
from loaders.publishing.tables import write_tables
from loaders.publishing.urls import DEFAULT_PUBLIC_URL, PublicUrls
from loaders.publishing.void import statistics, void_graph

if TYPE_CHECKING:
    from loaders.pipeline.report import BuildReport
    from loaders.pipeline.run import BuildConfig

__all__ = [
    "DEFAULT_PUBLIC_URL",
    "FACTS_FILE",
    "PublicUrls",
    "Publications",
    "build_provenance",
    "catalog_graph",
    "provenance_graph",
    "schema_org_dataset",
    "script_tag",
    "void_graph",
    "write",
]

CATALOG_FILE = "catalog.ttl"
VOID_FILE = "void.ttl"
ONTOLOGY_DOC_FILE = "ontology.html"
DUMPS_DIR = "dumps"
# The ontology as RDF, served by the service's `/def` routes (links relative to the page).
ONTOLOGY_FORMATS = {
    "text/turtle": "/def.ttl",
    "application/ld+json": "/def.jsonld",
    "application/rdf+xml": "/def.rdf",
}


def _sources(work: Path, sources_dir: Path) -> list[SourceFacts]:
    """The manifest's documents with facts about the copies the build put in `work`."""
    out = []
    for doc in load_manifest(sources_dir).values():
        path = work / "sources" / doc.file
        text = file_facts(path, doc.key, "text/plain", "TXT")
        out.append(
            SourceFacts(
                key=doc.key,
                title=doc.title,
                publisher=doc.publisher,
                publisher_agency=doc.publisher_agency,
                issued=doc.issued,
                sha256=doc.sha256,
                file=text,
                period_start=doc.period_start,
                period_end=doc.period_end,
            )
        )
    return out


def collect(work: Path, nquads: bytes, report: BuildReport, sources_dir: Path) -> Publications:
    """Write the dumps and the release ledger, and gather every fact the published documents
    need. `work` is `<build dir>/stores/<build-id>.partial`: the ledger is read from the
    build the build directory's `current` points to."""
    dumps = write_dumps(work / DUMPS_DIR, nquads)
    build_dir = work.parent.parent
    releases, _new = releases_for(build_dir, nquads, report.built_at, report.build_id)
    ledger = write_ledger(work, build_dir, releases)
    release_files = [
        file_facts(work / RELEASES_DIR / f"{version}.json", version, "application/json", "JSON")
        for version in ledger
    ]
    store = ox.Store.read_only(str(work / "store"))
    try:
        void, indicators = statistics(store), indicator_datasets(store)
        indicators = [
            replace(i, files=write_tables(work / DUMPS_DIR, store, i.iri)) for i in indicators
        ]
    finally:
        del store
    return Publications(
        build_id=report.build_id,
        built_at=report.built_at,
        version=report.version,
        base=report.base,
        dumps=dumps,
        sources=_sources(work, sources_dir),
        indicators=indicators,
        void=void,
        releases=releases,
        release_files=release_files,
    )


def write(work: Path, nquads: bytes, report: BuildReport, config: BuildConfig) -> Publications:
    """Everything open-data portals, crawlers and people download, into the work dir."""
    facts = collect(work, nquads, report, config.sources_dir)
    (work / FACTS_FILE).write_bytes(facts.to_json())
    urls = PublicUrls.at(DEFAULT_PUBLIC_URL)
    catalog = catalog_graph(facts, urls)
    check_catalog(catalog, config.shapes_dir)
    for name, graph in (
        (CATALOG_FILE, catalog),
        (VOID_FILE, void_graph(facts, urls)),
    ):
        (work / name).write_bytes(graph.serialize(format="turtle", encoding="utf-8"))
    page = render_ontology(config.ontology_dir, formats=ONTOLOGY_FORMATS)
    (work / ONTOLOGY_DOC_FILE).write_text(page, "utf-8")
    report.publications = {
        "dumps": {d.file: {"size": d.size, "sha256": d.sha256} for d in facts.dumps},
        "files": [FACTS_FILE, CATALOG_FILE, VOID_FILE, ONTOLOGY_DOC_FILE],
        "indicator_datasets": len(facts.indicators),
        "release": facts.release.version,
        "public_url": DEFAULT_PUBLIC_URL,
    }
    return facts
