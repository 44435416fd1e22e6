"""The schema.org `Dataset` JSON-LD block that pages embed for search engines.

Google's Dataset guidelines ask for name, description, license, creator, temporal and
spatial coverage, distributions (DataDownload with contentUrl and encodingFormat),
variableMeasured, url, identifier and dateModified; all come from the build's facts. Beside
them: datePublished, publisher, citation (the five source documents as the manifest gives
them), creditText (how to cite this release), keywords in Spanish and English, and hasPart
(each indicator dataset with its CSV and JSON-LD downloads). A gzip dump's encodingFormat is
application/gzip; the format inside is named in its description. Version and dates are the
release's (`releases`): dateModified changes only with the data; datePublished is the first
release's date.
"""

from __future__ import annotations

import json
from typing import Any

from loaders.publishing import texts
from loaders.publishing.dcat import LICENSE
from loaders.publishing.facts import IndicatorFacts, Publications
from loaders.publishing.nodes import CatalogNodes
from loaders.publishing.tables import slug
from loaders.publishing.urls import PublicUrls

VARIABLES: tuple[tuple[str, str], ...] = (
    ("actionCount", "número de acciones / number of actions"),
    ("percentage", "porcentaje de acciones / percentage of actions"),
)


def schema_org_dataset(facts: Publications, urls: PublicUrls) -> dict[str, Any]:
    """A schema.org Dataset as a JSON-LD object (inline @context, no remote fetch needed)."""
    start, end = facts.coverage()
    publisher = {"@type": "Organization", "name": texts.PUBLISHER["es"], "url": urls.home}
    dataset = str(CatalogNodes(facts.base).dataset)
    release = facts.release
    return {
        "@context": {"@vocab": "https://schema.org/"},
        "@type": "Dataset",
        "@id": dataset,
        "name": texts.DATASET["title"]["es"],
        "alternateName": texts.DATASET["title"]["en"],
        "description": texts.DATASET["description"]["es"],
        "inLanguage": ["es", "en"],
        "url": urls.home,
        "sameAs": dataset,
        "identifier": "migrakg",
        "version": release.version,
        "dateModified": release.issued,
        "license": str(LICENSE),
        "isAccessibleForFree": True,
        "keywords": [k[lang] for lang in ("es", "en") for k in texts.KEYWORDS],
        "creator": publisher,
        "publisher": publisher,
        "datePublished": facts.first_issued[:10],
        "creditText": texts.citation(release.version, release.issued[:4], urls.home)["es"],
        "citation": [
            {
                "@type": "CreativeWork",
                "name": source.title,
                "datePublished": source.issued,
                "publisher": {"@type": "Organization", "name": source.publisher},
                "inLanguage": "es",
            }
            for source in facts.sources
        ],
        "temporalCoverage": f"{start}/{end}",
        "spatialCoverage": {
            "@type": "Place",
            "name": "México",
            "sameAs": "http://publications.europa.eu/resource/authority/country/MEX",
        },
        "variableMeasured": [
            {
                "@type": "PropertyValue",
                "name": name,
                "description": description,
                "propertyID": f"https://w3id.org/migracion-mx/def#{name}",
            }
            for name, description in VARIABLES
        ],
        "distribution": [
            {
                "@type": "DataDownload",
                "name": texts.DUMP_TEXTS[d.key]["title"]["es"],
                "contentUrl": urls.dump(d.file),
                "encodingFormat": "application/gzip" if d.compressed else d.media_type,
                "description": f"gzip: {d.media_type}" if d.compressed else d.media_type,
                "contentSize": f"{d.size} B",
                "sha256": d.sha256,
            }
            for d in facts.dumps
        ],
        "hasPart": [_indicator(i, urls) for i in facts.indicators],
        "includedInDataCatalog": {
            "@type": "DataCatalog",
            "name": texts.CATALOG["title"]["es"],
            "url": urls.catalog,
        },
    }


def _indicator(indicator: IndicatorFacts, urls: PublicUrls) -> dict[str, Any]:
    title = texts.indicator_title(indicator.labels, slug(indicator.iri))
    return {
        "@type": "Dataset",
        "@id": indicator.iri,
        "name": title.get("es") or slug(indicator.iri),
        **({"alternateName": title["en"]} if "en" in title else {}),
        "description": texts.indicator_description(indicator.observations)["es"],
        "identifier": f"indicador-{slug(indicator.iri)}",
        "license": str(LICENSE),
        "distribution": [
            {
                "@type": "DataDownload",
                "contentUrl": urls.table(f.file),
                "encodingFormat": f.media_type,
                "contentSize": f"{f.size} B",
                "sha256": f.sha256,
            }
            for f in indicator.files
        ],
    }


def script_tag(block: dict[str, Any]) -> str:
    """The block as an HTML `<script type="application/ld+json">`, safe to embed."""
    text = json.dumps(block, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>'
