"""The catalog's human-readable texts, Spanish first, English beside it."""

from __future__ import annotations

from dataclasses import dataclass

Text = dict[str, str]  # language tag -> text

PUBLISHER: Text = {"es": "Proyecto migrakg", "en": "migrakg project"}

CATALOG: dict[str, Text] = {
    "title": {
        "es": "Catálogo de datos abiertos de migrakg",
        "en": "migrakg open data catalogue",
    },
    "description": {
        "es": "Grafo de conocimiento de la política migratoria de México (Programa Especial de "
        "Migración 2014-2018 e informes sobre el Pacto Mundial para una Migración Segura, "
        "Ordenada y Regular), sus descargas, su punto SPARQL, su API JSON-LD y los documentos "
        "fuente de los que se deriva.",
        "en": "Knowledge graph of Mexico's migration policy (Special Migration Programme "
        "2014-2018 and the reports on the Global Compact for Safe, Orderly and Regular "
        "Migration), its downloads, SPARQL endpoint, JSON-LD API and the source documents it "
        "is derived from.",
    },
}

DATASET: dict[str, Text] = {
    "title": {
        "es": "migrakg: grafo de conocimiento de la política migratoria de México",
        "en": "migrakg: knowledge graph of Mexico's migration policy",
    },
    "description": {
        "es": "Acciones planeadas (PEM 2014-2018, programas anuales 2015 y 2018) y reportadas "
        "(informes de México sobre el Pacto Mundial para la Migración 2018, 2022 y 2024), "
        "con las instituciones responsables, los programas, los objetivos a los que "
        "contribuyen, indicadores en RDF Data Cube y la procedencia de cada hecho en las "
        "líneas de su documento fuente.",
        "en": "Planned actions (PEM 2014-2018, annual programmes 2015 and 2018) and reported "
        "actions (Mexico's reports on the Global Compact for Migration 2018, 2022 and 2024), "
        "with the responsible institutions, programmes, the objectives they contribute to, "
        "RDF Data Cube indicators and the provenance of each fact in the lines of its source "
        "document.",
    },
}

KEYWORDS: tuple[Text, ...] = (
    {"es": "migración", "en": "migration"},
    {"es": "política migratoria", "en": "migration policy"},
    {"es": "Pacto Mundial para la Migración", "en": "Global Compact for Migration"},
    {"es": "Programa Especial de Migración", "en": "Special Migration Programme"},
    {"es": "México", "en": "Mexico"},
)

DUMP_TEXTS: dict[str, dict[str, Text]] = {
    "nquads": {
        "title": {"es": "Volcado N-Quads (gzip)", "en": "N-Quads dump (gzip)"},
        "description": {
            "es": "Todo el grafo con sus grafos con nombre, una sentencia por línea, ordenadas.",
            "en": "The whole graph with its named graphs, one statement a line, sorted.",
        },
    },
    "trig": {
        "title": {"es": "Volcado TriG (gzip)", "en": "TriG dump (gzip)"},
        "description": {
            "es": "Todo el grafo, un bloque por grafo con nombre.",
            "en": "The whole graph, one block per named graph.",
        },
    },
    "turtle": {
        "title": {
            "es": "Volcado Turtle de la unión (gzip)",
            "en": "Turtle dump of the union (gzip)",
        },
        "description": {
            "es": "La unión de los grafos con nombre, sin sus nombres: cada tripleta una vez.",
            "en": "The union of the named graphs, without their names: each triple once.",
        },
    },
    "jsonld": {
        "title": {"es": "Volcado JSON-LD (gzip)", "en": "JSON-LD dump (gzip)"},
        "description": {
            "es": "Todo el grafo en JSON-LD expandido, un @graph por grafo con nombre.",
            "en": "The whole graph as expanded JSON-LD, one @graph per named graph.",
        },
    },
}

SERVICES: dict[str, dict[str, Text]] = {
    "sparql": {
        "title": {"es": "Punto de consulta SPARQL de migrakg", "en": "migrakg SPARQL endpoint"},
        "description": {
            "es": "Protocolo SPARQL 1.1 (solo lectura); el grafo por omisión es la unión de los "
            "grafos con nombre.",
            "en": "SPARQL 1.1 Protocol (read-only); the default graph is the union of the named "
            "graphs.",
        },
    },
    "api": {
        "title": {"es": "API JSON-LD de migrakg", "en": "migrakg JSON-LD API"},
        "description": {
            "es": "API de consulta que responde en JSON-LD; descrita en OpenAPI.",
            "en": "Query API answering in JSON-LD; described in OpenAPI.",
        },
    },
}

SOURCE_DISTRIBUTION: Text = {
    "es": "Texto plano UTF-8 extraído del original PDF/Word, copia sin cambios que lee la "
    "construcción; mig:sourceLineStart/End remiten a sus líneas.",
    "en": "Plain UTF-8 text extracted from the PDF/Word original, the unchanged copy the build "
    "reads; mig:sourceLineStart/End refer to its lines.",
}


def source_description(title: str) -> Text:
    return {
        "es": f"Documento fuente del grafo: «{title}», en texto plano.",
        "en": f"Source document of the graph: “{title}”, as plain text.",
    }


def indicator_description(observations: int) -> Text:
    return {
        "es": f"Conjunto de datos estadísticos (RDF Data Cube) con {observations} observaciones "
        "tomadas de las cifras que reportan los informes.",
        "en": f"Statistical dataset (RDF Data Cube) with {observations} observations taken from "
        "the figures the reports state.",
    }


SOURCE_KEYWORDS: tuple[Text, ...] = (
    {"es": "documento fuente", "en": "source document"},
    {"es": "migración", "en": "migration"},
    {"es": "política migratoria", "en": "migration policy"},
    {"es": "México", "en": "Mexico"},
)

INDICATOR_KEYWORDS: tuple[Text, ...] = (
    {"es": "indicadores", "en": "indicators"},
    {"es": "Pacto Mundial para la Migración", "en": "Global Compact for Migration"},
    {"es": "migración", "en": "migration"},
    {"es": "México", "en": "Mexico"},
)

TABLE_TEXTS: dict[str, dict[str, Text]] = {
    "csv": {
        "title": {"es": "Observaciones en CSV", "en": "Observations as CSV"},
        "description": {
            "es": "Una fila por observación, una columna por variable, con fila de encabezado.",
            "en": "One row per observation, one column per variable, with a header row.",
        },
    },
    "jsonld": {
        "title": {"es": "Observaciones en JSON-LD", "en": "Observations as JSON-LD"},
        "description": {
            "es": "El conjunto de datos y sus observaciones (RDF Data Cube) en JSON-LD expandido.",
            "en": "The dataset and its observations (RDF Data Cube) as expanded JSON-LD.",
        },
    },
}

# prefLabels of the EU and ADMS concepts the catalog uses (as their authority tables give them).
CONCEPT_LABELS: dict[str, Text] = {
    "SOCI": {"es": "Población y sociedad", "en": "Population and society"},
    "GOVE": {"es": "Gobierno y sector público", "en": "Government and public sector"},
    "STABLE": {"es": "estable", "en": "stable"},
    "NationalAuthority": {"en": "National authority"},
}

LICENSE_LABEL: Text = {"es": "CC BY 4.0", "en": "CC BY 4.0"}

# What each source document says about its reuse: the 2022 compendium and the 2024 report
# allow reproduction without commercial purposes, citing the source; the others say nothing.
SOURCE_TERMS: dict[str, str] = {
    "pmm-2022": "reproduccion-sin-fines-comerciales",
    "pmm-2024": "reproduccion-sin-fines-comerciales",
}
# Titles as CKAN's default licence register gives them (ids `other-nc`, `notspecified`) in its
# English and Spanish catalogues: ckanext-dcat matches a licence by the title in the portal's
# language, and CKAN translates the register's titles into that language.
SOURCE_LICENCES: dict[str, dict[str, Text]] = {
    "reproduccion-sin-fines-comerciales": {
        "title": {"en": "Other (Non-Commercial)", "es": "Otra (No comercial)"},
        "description": {
            "es": "«Se permite la reproducción total o parcial sin fines comerciales, citando la "
            "fuente» (términos que el propio documento declara).",
            "en": "“Reproduction in whole or in part without commercial purposes is allowed, "
            "citing the source” (terms the document itself states).",
        },
    },
    "no-especificada": {
        "title": {"en": "License not specified", "es": "No se especificó la licencia"},
        "description": {
            "es": "El documento no declara términos de uso.",
            "en": "The document states no terms of use.",
        },
    },
}


@dataclass(frozen=True)
class Unit:
    """An agency's unit with the contact data a source states."""

    node: str  # path under the instance base
    name: str
    street: str
    locality: str
    postal_code: str
    country: str
    telephone: str  # tel: URI
    url: str


# data/sources/pmm-2024-informe-ejecutivo.txt, line 18 (the report's legal page).
UNIT = Unit(
    node="institucion/cpm",
    name="Coordinación de Política Migratoria, Unidad de Política Migratoria, Registro e "
    "Identidad de Personas, Secretaría de Gobernación",
    street="Calle Abraham González núm. 48, edificio L, piso 2, col. Juárez, alcaldía Cuauhtémoc",
    locality="Ciudad de México",
    postal_code="06600",
    country="México",
    telephone="tel:+52-55-5128-0000",
    url="http://www.politicamigratoria.gob.mx/es/PoliticaMigratoria",
)


def citation(version: str, year: str, url: str) -> Text:
    """«Cómo citar»: how to cite a release of the knowledge graph."""
    title = DATASET["title"]
    return {
        "es": f"{PUBLISHER['es']} ({year}). {title['es']} (versión {version}) "
        f"[conjunto de datos]. {url}",
        "en": f"{PUBLISHER['en']} ({year}). {title['en']} (version {version}) [data set]. {url}",
    }


TITLE_LIMIT = 80  # CKAN names a harvested dataset from its title and cuts the name at ~95


def short_title(title: str, limit: int = TITLE_LIMIT) -> str:
    """`title`, or its words up to `limit` characters followed by `…`: a portal's name for
    the dataset, made from the title, then ends on a whole word."""
    if len(title) <= limit:
        return title
    cut = title[: limit + 1].rsplit(" ", 1)[0].rstrip(" ,;:.(")
    return f"{cut}…"
