"""The DCAT-AP 3 catalog of the knowledge graph, rendered from the build's facts.

Nodes (IRIs from `nodes.CatalogNodes`, under the instance base):
- `id/catalogo` dcat:Catalog: titles and descriptions es/en, publisher (the project, a
  foaf:Agent), languages, licence, theme taxonomy, spatial and temporal coverage, dates,
  homepage, its datasets and services.
- `id/dataset/migrakg` dcat:Dataset: the knowledge graph, with one dcat:Distribution per dump
  (`id/distribucion/<format>`: download URL, IANA media type, gzip compress format, EU
  file-type IRI, byte size, SPDX SHA-256), its version, the build (a prov:Activity
  `id/construccion/<build-id>` with its end time) and the sources it was derived from.
- `id/servicio/sparql`, `id/servicio/api` dcat:DataService.
- `id/dataset/fuente/<key>` dcat:Dataset per source document: its text file as a
  distribution with SHA-256, derived from `id/documento/<key>`, issued, publisher.
- each qb:DataSet of the graph (`id/indicador/<slug>`) typed dcat:Dataset, part of the graph.
- the releases (`dcat_releases`): `id/serie/migrakg` dcat:DatasetSeries and one dcat:Dataset
  per release `id/dataset/migrakg/version/<version>`. Every date here is a release's
  (`releases`), so the catalog of two builds of the same sources is the same graph.
Controlled-vocabulary IRIs (EU authority tables, IANA) are typed with the classes DCAT-AP
expects as ranges, so the catalog validates on its own.
"""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD

from loaders.publishing import texts
from loaders.publishing.facts import FileFacts, Publications
from loaders.publishing.nodes import CatalogNodes
from loaders.publishing.urls import PublicUrls
from loaders.vocab import MIG

SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
# The title CKAN's default licence register gives this licence (id `cc-by`, the same in its
# English and Spanish catalogues): ckanext-dcat matches a distribution's licence by the
# register's URL or, failing that, by this title.
LICENSE_TITLE = "Creative Commons Attribution"
PUBLISHER_TYPE = URIRef("http://purl.org/adms/publishertype/NationalAuthority")
PUBLISHER_TYPES = URIRef("http://purl.org/adms/publishertype/1.0")
THEMES = URIRef(EU + "data-theme")
THEME_CODES = ("SOCI", "GOVE")
LANGUAGES = (URIRef(EU + "language/SPA"), URIRef(EU + "language/ENG"))
MEXICO = URIRef(EU + "country/MEX")
PUBLIC = URIRef(EU + "access-right/PUBLIC")
STABLE = URIRef(EU + "planned-availability/STABLE")
GZIP = URIRef(IANA + "application/gzip")
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
JSON_LD = URIRef("https://www.w3.org/TR/json-ld11/")
ONTOLOGY = URIRef(str(MIG).rstrip("#"))
QB = Namespace("http://purl.org/linked-data/cube#")
DCAT_VERSION = URIRef(str(DCAT) + "version")  # DCAT 3; rdflib's DCAT namespace is DCAT 2
DCAT_RESOURCE = URIRef(str(DCAT) + "resource")  # DCAT 3


class _Writer:
    """Adds the catalog's triples to one graph; small helpers keep each node's code short."""

    def __init__(self, facts: Publications, urls: PublicUrls) -> None:
        self.facts, self.urls = facts, urls
        self.nodes = CatalogNodes(facts.base)
        self.graph = Graph()
        for prefix, ns in (
            ("dcat", DCAT),
            ("dcterms", DCTERMS),
            ("foaf", FOAF),
            ("prov", PROV),
            ("spdx", SPDX),
            ("dcatap", DCATAP),
            ("vcard", VCARD),
            ("skos", SKOS),
        ):
            self.graph.bind(prefix, ns)

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.graph.add((s, p, o))

    def typed(self, node: URIRef, cls: URIRef) -> URIRef:
        self.add(node, RDF.type, cls)
        return node

    def text(self, node: URIRef, prop: URIRef, text: texts.Text) -> None:
        for lang, value in text.items():
            self.add(node, prop, Literal(value, lang=lang or None))

    def checksum(self, node: URIRef, sha256: str) -> None:
        checksum = self.typed(URIRef(f"{node}#sha256"), SPDX.Checksum)
        self.add(node, SPDX.checksum, checksum)
        self.add(checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256)
        self.typed(SPDX.checksumAlgorithm_sha256, SPDX.ChecksumAlgorithm)
        self.add(checksum, SPDX.checksumValue, Literal(sha256, datatype=XSD.hexBinary))

    def file(self, node: URIRef, file: FileFacts, url: str, identifier: str) -> None:
        """A distribution of one served file: URLs, media type, format, size, checksum."""
        self.typed(node, DCAT.Distribution)
        self.add(node, DCTERMS.identifier, Literal(identifier))
        self.add(node, DCAT.accessURL, URIRef(url))
        self.add(node, DCAT.downloadURL, URIRef(url))
        self.add(
            node, DCAT.mediaType, self.typed(URIRef(IANA + file.media_type), DCTERMS.MediaType)
        )
        file_type = self.typed(URIRef(f"{EU}file-type/{file.file_type}"), DCTERMS.MediaTypeOrExtent)
        self.add(node, DCTERMS["format"], file_type)
        if file.compressed:
            self.add(node, DCAT.compressFormat, self.typed(GZIP, DCTERMS.MediaType))
        self.add(node, DCAT.byteSize, Literal(file.size, datatype=XSD.nonNegativeInteger))
        self.checksum(node, file.sha256)
        self.add(node, DCATAP.availability, self.typed(STABLE, SKOS.Concept))

    def period(self, node: URIRef, key: str, start: str | None, end: str | None) -> None:
        period = self.typed(self.nodes.period(key), DCTERMS.PeriodOfTime)
        if start:
            self.add(period, DCAT.startDate, _date(start))
        if end:
            self.add(period, DCAT.endDate, _date(end))
        self.add(node, DCTERMS.temporal, period)

    def resource(
        self, node: URIRef, identifier: str, themes: bool = True, contact: URIRef | None = None
    ) -> None:
        """What every dataset and service of the catalog states the same way."""
        self.add(node, DCTERMS.identifier, Literal(identifier))
        self.add(node, DCTERMS.publisher, self.nodes.publisher)
        self.add(node, DCAT.contactPoint, contact or URIRef(f"{self.nodes.publisher}#contacto"))
        self.add(node, DCTERMS.accessRights, self.typed(PUBLIC, DCTERMS.RightsStatement))
        if themes:
            for code in THEME_CODES:
                self.add(node, DCAT.theme, URIRef(f"{THEMES}/{code}"))

    def keywords(self, node: URIRef, keywords: tuple[texts.Text, ...]) -> None:
        for keyword in keywords:
            self.text(node, DCAT.keyword, keyword)

    def described(self, node: URIRef, title: texts.Text, description: texts.Text) -> None:
        """Title and description in the same languages: those the title has (a portal in
        English must not show a Spanish title beside an English description)."""
        self.text(node, DCTERMS.title, title)
        self.text(node, DCTERMS.description, {k: v for k, v in description.items() if k in title})

    def covers(self, node: URIRef) -> None:
        for language in LANGUAGES:
            self.add(node, DCTERMS.language, language)
        self.add(node, DCTERMS.spatial, MEXICO)


def _when(value: str) -> Literal:
    return Literal(value, datatype=XSD.dateTime)


def _date(value: str) -> Literal:
    return Literal(value, datatype=XSD.gYear if len(value) == 4 else XSD.date)


def _vocabularies(w: _Writer) -> None:
    """Types of the controlled-vocabulary IRIs, the themes' scheme, the publisher."""
    w.typed(THEMES, SKOS.ConceptScheme)
    w.add(THEMES, DCTERMS.title, Literal("Data theme", lang="en"))
    for code in THEME_CODES:
        theme = w.typed(URIRef(f"{THEMES}/{code}"), SKOS.Concept)
        w.add(theme, SKOS.inScheme, THEMES)
        w.text(theme, SKOS.prefLabel, texts.CONCEPT_LABELS[code])
    w.text(w.typed(STABLE, SKOS.Concept), SKOS.prefLabel, texts.CONCEPT_LABELS["STABLE"])
    w.typed(PUBLISHER_TYPES, SKOS.ConceptScheme)
    w.add(PUBLISHER_TYPES, DCTERMS.title, Literal("Publisher type", lang="en"))
    kind = w.typed(PUBLISHER_TYPE, SKOS.Concept)
    w.add(kind, SKOS.inScheme, PUBLISHER_TYPES)
    w.text(kind, SKOS.prefLabel, texts.CONCEPT_LABELS["NationalAuthority"])
    for language in LANGUAGES:
        w.typed(language, DCTERMS.LinguisticSystem)
    w.typed(MEXICO, DCTERMS.Location)
    w.typed(LICENSE, DCTERMS.LicenseDocument)
    w.add(LICENSE, DCTERMS.title, Literal(LICENSE_TITLE))
    w.text(LICENSE, RDFS.label, texts.LICENSE_LABEL)
    for terms, node in _source_licences(w).items():
        w.typed(node, DCTERMS.LicenseDocument)
        w.text(node, DCTERMS.title, texts.SOURCE_LICENCES[terms]["title"])
        w.text(node, DCTERMS.description, texts.SOURCE_LICENCES[terms]["description"])
    for standard in (SPARQL_PROTOCOL, JSON_LD, ONTOLOGY):
        w.typed(standard, DCTERMS.Standard)
    home = w.typed(URIRef(w.urls.home), FOAF.Document)
    agent = w.typed(w.nodes.publisher, FOAF.Agent)
    w.text(agent, FOAF.name, texts.PUBLISHER)
    w.add(agent, FOAF.homepage, home)
    contact = w.typed(URIRef(f"{w.nodes.publisher}#contacto"), VCARD.Organization)
    w.typed(contact, VCARD.Kind)
    w.add(contact, VCARD.fn, Literal(texts.PUBLISHER["es"], lang="es"))
    w.add(contact, VCARD.hasURL, home)
    _unit(w)


def _unit(w: _Writer) -> None:
    """The unit that edits the 2024 report, with its address, telephone and web site, as
    the report's legal page states them (no e-mail: the report gives none)."""
    unit = texts.UNIT
    agent = w.typed(w.nodes.base(unit.node), FOAF.Agent)
    w.typed(agent, FOAF.Organization)
    w.add(agent, FOAF.name, Literal(unit.name, lang="es"))
    w.add(agent, DCTERMS.type, PUBLISHER_TYPE)
    w.add(agent, FOAF.homepage, w.typed(URIRef(unit.url), FOAF.Document))
    contact = w.typed(URIRef(f"{w.nodes.base(unit.node)}#contacto"), VCARD.Organization)
    w.typed(contact, VCARD.Kind)
    w.add(contact, VCARD.fn, Literal(unit.name, lang="es"))
    w.add(contact, VCARD.hasURL, URIRef(unit.url))
    w.add(contact, VCARD.hasTelephone, URIRef(unit.telephone))
    address = w.typed(URIRef(f"{w.nodes.base(unit.node)}#domicilio"), VCARD.Address)
    w.add(contact, VCARD.hasAddress, address)
    w.add(address, VCARD["street-address"], Literal(unit.street, lang="es"))
    w.add(address, VCARD.locality, Literal(unit.locality, lang="es"))
    w.add(address, VCARD["postal-code"], Literal(unit.postal_code))
    w.add(address, VCARD["country-name"], Literal(unit.country, lang="es"))


def _source_licences(w: _Writer) -> dict[str, URIRef]:
    """The licence node of each kind of terms the sources state (see texts.SOURCE_TERMS)."""
    return {t: w.nodes.base(f"licencia/{t}") for t in sorted(texts.SOURCE_LICENCES)}


def _licence_of(w: _Writer, key: str) -> URIRef:
    return _source_licences(w)[texts.SOURCE_TERMS.get(key, "no-especificada")]


def _knowledge_graph(w: _Writer) -> URIRef:
    facts, nodes = w.facts, w.nodes
    dataset = w.typed(nodes.dataset, DCAT.Dataset)
    w.resource(dataset, "migrakg")
    w.covers(dataset)
    w.described(dataset, texts.DATASET["title"], texts.DATASET["description"])
    w.keywords(dataset, texts.KEYWORDS)
    w.period(dataset, "migrakg", *facts.coverage())
    # Dates and version are the release's (`releases`): they change only with the data.
    release = facts.release
    w.add(dataset, DCTERMS.issued, _when(facts.first_issued))
    w.add(dataset, DCTERMS.modified, _when(release.issued))
    w.add(dataset, DCAT_VERSION, Literal(release.version))
    # «Cómo citar»: the release's citation, in both languages.
    w.text(
        dataset,
        DCTERMS.bibliographicCitation,
        texts.citation(release.version, release.issued[:4], w.urls.home),
    )
    w.add(dataset, DCTERMS.conformsTo, ONTOLOGY)
    w.add(dataset, DCAT.landingPage, URIRef(w.urls.home))
    for dump in facts.dumps:
        node = nodes.distribution(dump.key)
        w.add(dataset, DCAT.distribution, node)
        w.file(node, dump, w.urls.dump(dump.file), f"migrakg-{dump.key}")
        w.text(node, DCTERMS.title, texts.DUMP_TEXTS[dump.key]["title"])
        w.text(node, DCTERMS.description, texts.DUMP_TEXTS[dump.key]["description"])
        w.add(node, DCTERMS.license, LICENSE)
        w.add(node, DCTERMS.modified, _when(release.issued))
        # The build's provenance goes on the files it wrote, not on the dataset: on a dataset
        # ckanext-dcat (DCAT-AP 3 profile) turns prov:wasGeneratedBy into a field the default
        # CKAN schema refuses, and the whole dataset is dropped. The build named is the one
        # that made the release: later builds of the same sources write the same bytes.
        w.add(node, PROV.wasGeneratedBy, nodes.build(release.build_id))
    build = w.typed(nodes.build(release.build_id), PROV.Activity)
    w.add(build, RDFS.label, Literal(f"migrakg build {release.build_id}", lang="en"))
    w.add(build, DCTERMS.identifier, Literal(release.build_id))
    w.add(build, PROV.endedAtTime, _when(release.issued))
    for source in facts.sources:
        w.add(build, PROV.used, nodes.source_dataset(source.key))
        w.add(dataset, PROV.wasDerivedFrom, nodes.source_dataset(source.key))
        w.add(dataset, DCTERMS.source, nodes.source_dataset(source.key))
    return dataset


def _sources(w: _Writer) -> list[URIRef]:
    out = []
    for source in w.facts.sources:
        node = w.typed(w.nodes.source_dataset(source.key), DCAT.Dataset)
        # Questions about a document go to the unit that edits the reports.
        w.resource(
            node,
            f"fuente-{source.key}",
            contact=URIRef(f"{w.nodes.base(texts.UNIT.node)}#contacto"),
        )
        w.add(node, DCTERMS.language, LANGUAGES[0])
        w.add(node, DCTERMS.spatial, MEXICO)
        # The official title in full is in the description (a long title would give the
        # dataset a portal name cut mid-word).
        title = texts.short_title(source.title)
        w.described(node, {"es": title}, texts.source_description(source.title))
        w.keywords(node, texts.SOURCE_KEYWORDS)
        # The catalog's publisher lists the copy; the document's own publisher issued it.
        agency = w.typed(URIRef(f"{w.facts.base}institucion/{source.publisher_agency}"), FOAF.Agent)
        w.add(agency, FOAF.name, Literal(source.publisher, lang="es"))
        w.add(agency, DCTERMS.type, PUBLISHER_TYPE)
        w.add(node, DCTERMS.creator, agency)
        w.add(node, DCTERMS.issued, _date(source.issued))
        document = URIRef(f"{w.facts.base}documento/{source.key}")
        # Not dct:source: DCAT-AP gives it the range dcat:Dataset, and the document is not one.
        w.add(node, PROV.wasDerivedFrom, document)
        w.checksum(node, source.sha256)
        if source.period_start or source.period_end:
            w.period(node, f"fuente-{source.key}", source.period_start, source.period_end)
        dist = w.nodes.source_distribution(source.key)
        w.add(node, DCAT.distribution, dist)
        w.file(dist, source.file, w.urls.source(source.file.file), f"fuente-{source.key}-texto")
        name = source.file.file
        w.text(dist, DCTERMS.title, {"es": f"Texto: {name}", "en": f"Text: {name}"})
        w.text(dist, DCTERMS.description, texts.SOURCE_DISTRIBUTION)
        w.add(dist, DCTERMS.license, _licence_of(w, source.key))
        out.append(node)
    return out


def _indicators(w: _Writer, parent: URIRef) -> list[URIRef]:
    out = []
    for indicator in w.facts.indicators:
        node = w.typed(URIRef(indicator.iri), DCAT.Dataset)
        w.typed(node, QB.DataSet)
        slug = indicator.iri.removeprefix(f"{w.facts.base}indicador/")
        w.resource(node, f"indicador-{slug}")
        w.covers(node)
        title = texts.indicator_title(indicator.labels, slug)
        w.described(node, title, texts.indicator_description(indicator.observations))
        w.keywords(node, texts.INDICATOR_KEYWORDS)
        for file in indicator.files:
            dist = w.nodes.distribution(f"indicador/{file.key}")
            w.add(node, DCAT.distribution, dist)
            w.file(dist, file, w.urls.table(file.file), f"indicador-{file.key}")
            kind = texts.TABLE_TEXTS[file.file.rsplit(".", 1)[1]]
            w.described(dist, kind["title"], kind["description"])
            w.add(dist, DCTERMS.license, LICENSE)
            w.add(dist, PROV.wasGeneratedBy, w.nodes.build(w.facts.release.build_id))
        w.add(node, DCTERMS.isPartOf, parent)
        for source in w.facts.sources:  # the document whose named graph states the figures
            if indicator.graph == f"{w.facts.base}grafo/{source.key}":
                w.add(node, PROV.wasDerivedFrom, w.nodes.source_dataset(source.key))
                if source.period_start or source.period_end:
                    w.add(node, DCTERMS.temporal, w.nodes.period(f"fuente-{source.key}"))
        w.add(parent, DCTERMS.hasPart, node)
        out.append(node)
    return out


def _services(w: _Writer, datasets: list[URIRef]) -> list[URIRef]:
    urls = w.urls
    specs = (
        ("sparql", urls.sparql, urls.sparql, SPARQL_PROTOCOL),
        ("api", urls.api, urls.api_description, JSON_LD),
    )
    out = []
    for key, endpoint, description, standard in specs:
        node = w.typed(w.nodes.service(key), DCAT.DataService)
        w.resource(node, f"migrakg-{key}", themes=False)
        w.text(node, DCTERMS.title, texts.SERVICES[key]["title"])
        w.text(node, DCTERMS.description, texts.SERVICES[key]["description"])
        w.add(node, DCAT.endpointURL, URIRef(endpoint))
        w.add(node, DCAT.endpointDescription, URIRef(description))
        w.add(node, DCTERMS.conformsTo, standard)
        w.add(node, DCTERMS.license, LICENSE)
        for dataset in datasets:
            w.add(node, DCAT.servesDataset, dataset)
        out.append(node)
    return out


def catalog_graph(facts: Publications, urls: PublicUrls) -> Graph:
    """The whole catalog for the service at `urls`."""
    w = _Writer(facts, urls)
    _vocabularies(w)
    catalog = w.typed(w.nodes.catalog, DCAT.Catalog)
    w.add(catalog, DCTERMS.identifier, Literal("catalogo-migrakg"))
    w.text(catalog, DCTERMS.title, texts.CATALOG["title"])
    w.text(catalog, DCTERMS.description, texts.CATALOG["description"])
    w.add(catalog, DCTERMS.publisher, w.nodes.publisher)
    w.covers(catalog)
    w.add(catalog, DCTERMS.license, LICENSE)
    w.add(catalog, DCAT.themeTaxonomy, THEMES)
    w.period(catalog, "catalogo", *facts.coverage())
    w.add(catalog, DCTERMS.issued, _when(facts.first_issued))
    w.add(catalog, DCTERMS.modified, _when(facts.release.issued))
    w.add(catalog, FOAF.homepage, URIRef(urls.home))
    graph_dataset = _knowledge_graph(w)
    indicators = _indicators(w, graph_dataset)
    from loaders.publishing import dcat_releases  # it builds on this module's writer

    releases = dcat_releases.add(w, graph_dataset)
    # DCAT-AP lists datasets with dcat:dataset (range dcat:Dataset); the series, which is not
    # one, is reached from its releases (dcat:inSeries) and from the catalog's dcat:resource.
    w.add(catalog, DCAT_RESOURCE, w.nodes.series)
    datasets = [graph_dataset, *_sources(w), *indicators, *releases]
    for dataset in datasets:
        w.add(catalog, DCAT.dataset, dataset)
    for service in _services(w, [graph_dataset, *indicators]):
        w.add(catalog, DCAT.service, service)
    return w.graph
