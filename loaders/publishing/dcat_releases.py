"""The releases in the catalog, as DCAT-AP 3 models a dataset series.

- `id/serie/migrakg` dcat:DatasetSeries: titles and descriptions es/en, publisher, contact,
  coverage, issued (the first release), modified (the last), dcat:first and dcat:last.
- `id/dataset/migrakg/version/<version>` dcat:Dataset per release, dcat:inSeries the series
  and dct:isVersionOf the knowledge graph's dataset: dcat:version, dct:issued and
  dct:modified (both the release's date: a release never changes), adms:versionNotes (the
  change summary), dcat:previousVersion and dcat:prev, a «Cómo citar» text, and as
  distribution the release's ledger file (`/versiones/<version>.json`); the current release
  also lists the dumps, which are its data.
- the knowledge graph's dataset: dcat:hasCurrentVersion the last release.

Not dcat:hasVersion: ckanext-dcat's DCAT-AP 3 profile turns it into a `has_version` field
that CKAN's default schema refuses (the whole dataset would be dropped); dct:isVersionOf
lands as an extra.
"""

from __future__ import annotations

from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, SKOS, XSD

from loaders.publishing import texts
from loaders.publishing.dcat import EU, LICENSE, MEXICO, _Writer
from loaders.publishing.releases import Release

ADMS = Namespace("http://www.w3.org/ns/adms#")
DCAT3 = Namespace(str(DCAT))  # DCAT 3 terms rdflib's DCAT 2 namespace lacks
IRREGULAR = URIRef(EU + "frequency/IRREG")


def _when(value: str) -> Literal:
    return Literal(value, datatype=XSD.dateTime)


def _series(w: _Writer, releases: list[Release]) -> URIRef:
    series = w.typed(w.nodes.series, DCAT3.DatasetSeries)
    w.text(series, DCTERMS.title, texts.SERIES["title"])
    w.text(series, DCTERMS.description, texts.SERIES["description"])
    w.add(series, DCTERMS.publisher, w.nodes.publisher)
    w.add(series, DCAT.contactPoint, URIRef(f"{w.nodes.publisher}#contacto"))
    w.add(series, DCTERMS.spatial, MEXICO)
    w.add(series, DCTERMS.temporal, w.nodes.period("migrakg"))
    # A release is made whenever a build's data change: no fixed schedule.
    frequency = w.typed(IRREGULAR, DCTERMS.Frequency)
    w.typed(frequency, SKOS.Concept)
    w.text(frequency, SKOS.prefLabel, texts.CONCEPT_LABELS["IRREG"])
    w.add(series, DCTERMS.accrualPeriodicity, frequency)
    w.add(series, DCTERMS.issued, _when(releases[0].issued))
    w.add(series, DCTERMS.modified, _when(releases[-1].issued))
    w.add(series, DCAT3.first, w.nodes.release(releases[0].version))
    w.add(series, DCAT3.last, w.nodes.release(releases[-1].version))
    return series


def _release(w: _Writer, release: Release, graph_dataset: URIRef, current: bool) -> URIRef:
    node = w.typed(w.nodes.release(release.version), DCAT.Dataset)
    w.resource(node, f"migrakg-{release.version}")
    w.covers(node)
    w.described(
        node,
        texts.release_title(release.version),
        texts.release_description(release.version, release.issued, release.quads),
    )
    w.keywords(node, texts.KEYWORDS)
    w.add(node, DCTERMS.temporal, w.nodes.period("migrakg"))
    w.add(node, DCAT3.inSeries, w.nodes.series)
    w.add(node, DCTERMS.isVersionOf, graph_dataset)
    w.add(node, DCAT3.version, Literal(release.version))
    w.add(node, DCTERMS.issued, _when(release.issued))
    w.add(node, DCTERMS.modified, _when(release.issued))
    notes = texts.version_notes(
        release.previous,
        release.added,
        release.removed,
        len(release.new_resources),
        len(release.gone_resources),
        len(release.graphs),
    )
    w.text(node, ADMS.versionNotes, notes)
    if release.previous is not None:
        w.add(node, DCAT3.previousVersion, w.nodes.release(release.previous))
        w.add(node, DCAT3.prev, w.nodes.release(release.previous))
    # cited by its own IRI, which dereferences (the current data are at the home page)
    citation = texts.citation(release.version, release.issued[:4], str(node))
    w.text(node, DCTERMS.bibliographicCitation, citation)
    w.add(node, DCAT.landingPage, w.typed(URIRef(w.urls.releases), FOAF.Document))
    files = {f.key: f for f in w.facts.release_files}
    if release.version in files:
        file = files[release.version]
        dist = w.nodes.distribution(f"version/{release.version}")
        w.add(node, DCAT.distribution, dist)
        w.file(dist, file, w.urls.release(file.file), f"migrakg-{release.version}-registro")
        w.text(dist, DCTERMS.title, texts.RELEASE_FILE["title"])
        w.text(dist, DCTERMS.description, texts.RELEASE_FILE["description"])
        w.add(dist, DCTERMS.license, LICENSE)
    if current:
        for dump in w.facts.dumps:
            w.add(node, DCAT.distribution, w.nodes.distribution(dump.key))
    return node


def add(w: _Writer, graph_dataset: URIRef) -> list[URIRef]:
    """The series and its releases; returns the release datasets, for dcat:dataset."""
    releases = w.facts.releases
    if not releases:
        return []
    _series(w, releases)
    w.graph.bind("adms", ADMS)
    nodes = [
        _release(w, release, graph_dataset, current=release is releases[-1]) for release in releases
    ]
    w.add(graph_dataset, DCAT3.hasCurrentVersion, nodes[-1])
    return nodes
