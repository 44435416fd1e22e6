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


# English titles of the indicator datasets: our own titles (the pmm-2024 loader writes them
# in Spanish from the report's section names), translated by us, keyed by the Spanish title
# so that a title the loader changes loses its translation rather than keeping a wrong one.
INDICATOR_TITLES_EN: dict[str, str] = {
    "Acciones por objetivo del PMM, 2023-2024 (apartado III)": "Actions per GCM objective, "
    "2023-2024 (section III)",
    "Acciones por objetivo del PMM según el apartado IV": "Actions per GCM objective according "
    "to section IV",
    "Acciones por objetivo del PMM y tipo de institución informante, 2023-2024 (apartado III)": (
        "Actions per GCM objective and kind of reporting institution, 2023-2024 (section III)"
    ),
    "Acciones por objetivo y tipo de institución según los apartados IV y V": "Actions per "
    "objective and kind of institution according to sections IV and V",
    "Acciones por tipo de institución informante (apartado IV)": "Actions per kind of "
    "reporting institution (section IV)",
    "Acciones por tipo de institución según los subapartados IV.a.1-5": "Actions per kind of "
    "institution according to subsections IV.a.1-5",
    "Total de acciones informadas, 2023-2024": "Total of reported actions, 2023-2024",
    "Porcentaje de acciones con atención a personas con discapacidad": "Percentage of actions "
    "attending to persons with disabilities",
    "Porcentaje de acciones con enfoque de género": "Percentage of actions with a gender "
    "perspective",
    "Instituciones participantes por tipo (apartado IV)": "Participating institutions per kind "
    "(section IV)",
    "Porcentaje de acciones por población migrante atendida, 2023-2024": "Percentage of actions "
    "per migrant population served, 2023-2024",
    "Retos reportados por categoría, 2023-2024": "Reported challenges per category, 2023-2024",
    "Total de retos reportados, 2023-2024": "Total of reported challenges, 2023-2024",
}


def indicator_title(labels: Text, slug: str) -> Text:
    """An indicator dataset's title: its labels in the graph, with our English translation
    beside a Spanish title that has none."""
    title = dict(labels) or {"es": slug}
    english = INDICATOR_TITLES_EN.get(title.get("es", ""))
    if english and "en" not in title:
        title["en"] = english
    return dict(sorted(title.items()))


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
    "IRREG": {"es": "irregular", "en": "irregular"},
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


SERIES: dict[str, Text] = {
    "title": {
        "es": "migrakg: versiones del grafo de conocimiento",
        "en": "migrakg: releases of the knowledge graph",
    },
    "description": {
        "es": "Cada versión publicada del grafo de conocimiento de la política migratoria de "
        "México: número de versión, fecha de publicación y los cambios respecto de la versión "
        "anterior (tripletas añadidas y retiradas por grafo con nombre, recursos nuevos y "
        "retirados).",
        "en": "Every published release of the knowledge graph of Mexico's migration policy: "
        "version, issue date and the changes since the previous release (quads added and "
        "removed per named graph, resources new and gone).",
    },
}


def release_title(version: str) -> Text:
    return {"es": f"migrakg, versión {version}", "en": f"migrakg, release {version}"}


def release_description(version: str, issued: str, quads: int) -> Text:
    return {
        "es": f"Versión {version} del grafo de conocimiento de la política migratoria de "
        f"México, publicada el {issued[:10]}: {quads} tripletas en grafos con nombre.",
        "en": f"Release {version} of the knowledge graph of Mexico's migration policy, issued "
        f"on {issued[:10]}: {quads} quads in named graphs.",
    }


def version_notes(
    previous: str | None, added: int, removed: int, new: int, gone: int, graphs: int
) -> Text:
    """adms:versionNotes: the change summary in a sentence."""
    if previous is None:
        return {
            "es": f"Primera versión: {added} tripletas en {graphs} grafos con nombre.",
            "en": f"First release: {added} quads in {graphs} named graphs.",
        }
    return {
        "es": f"Respecto de la versión {previous}: {added} tripletas añadidas y {removed} "
        f"retiradas en {graphs} grafos con nombre; {new} recursos nuevos y {gone} retirados.",
        "en": f"Since release {previous}: {added} quads added and {removed} removed in "
        f"{graphs} named graphs; {new} resources new and {gone} gone.",
    }


RELEASE_FILE: dict[str, Text] = {
    "title": {"es": "Registro de la versión (JSON)", "en": "Release record (JSON)"},
    "description": {
        "es": "Versión, fecha, SHA-256 de las N-Quads ordenadas y resumen de cambios por grafo "
        "con nombre, con los recursos nuevos y retirados.",
        "en": "Version, date, SHA-256 of the sorted N-Quads and the change summary per named "
        "graph, with the resources new and gone.",
    },
}


TITLE_LIMIT = 80  # CKAN names a harvested dataset from its title and cuts the name at ~95


def short_title(title: str, limit: int = TITLE_LIMIT) -> str:
    """`title`, or its words up to `limit` characters followed by `…`: a portal's name for
    the dataset, made from the title, then ends on a whole word."""
    if len(title) <= limit:
        return title
    cut = title[: limit + 1].rsplit(" ", 1)[0].rstrip(" ,;:.(")
    return f"{cut}…"
