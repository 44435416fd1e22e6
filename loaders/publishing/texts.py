"""The catalog's human-readable texts, Spanish first, English beside it."""

from __future__ import annotations

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
