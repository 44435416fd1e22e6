"""Spanish names for what pages show: every labelled IRI of the graph, read once.

The graph labels its own terms (`rdfs:label@es` in `ontology/`), agencies, programmes,
concepts, agency kinds and datasets (`skos:prefLabel`, `rdfs:label`, `dcterms:title`):
`load` reads them all, Spanish first. Terms of the standard vocabularies the graph uses
carry no Spanish label in it: `STANDARD` names them (our wording, not the vocabularies').
"""

from __future__ import annotations

from loaders.vocab import PREFIXES
from service.engine.backend import Engine

QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?s ?l WHERE { ?s rdfs:label|skos:prefLabel|dcterms:title ?l FILTER(isIRI(?s)) }
"""

_P = PREFIXES
STANDARD: dict[str, str] = {
    _P["rdf"] + "type": "tipo",
    _P["rdf"] + "subject": "sujeto del enunciado",
    _P["rdf"] + "predicate": "propiedad del enunciado",
    _P["rdf"] + "object": "valor del enunciado",
    _P["rdfs"] + "label": "nombre",
    _P["rdfs"] + "comment": "comentario",
    _P["rdfs"] + "seeAlso": "véase también",
    _P["skos"] + "prefLabel": "nombre",
    _P["skos"] + "altLabel": "otros nombres",
    _P["skos"] + "hiddenLabel": "otras grafías",
    _P["skos"] + "notation": "número",
    _P["skos"] + "inScheme": "en el esquema",
    _P["skos"] + "broader": "forma parte de",
    _P["skos"] + "topConceptOf": "concepto principal de",
    _P["skos"] + "hasTopConcept": "conceptos principales",
    _P["skos"] + "definition": "definición",
    _P["skos"] + "scopeNote": "nota de alcance",
    _P["skos"] + "relatedMatch": "se corresponde con",
    _P["prov"] + "wasDerivedFrom": "fuente",
    _P["prov"] + "atTime": "fecha",
    _P["org"] + "subOrganizationOf": "forma parte de",
    _P["org"] + "changedBy": "cambió por",
    _P["org"] + "resultedFrom": "resultó de",
    _P["org"] + "originalOrganization": "institución original",
    _P["org"] + "resultingOrganization": "institución resultante",
    _P["dcterms"] + "title": "título",
    _P["dcterms"] + "issued": "publicado",
    _P["dcterms"] + "publisher": "editor",
    _P["dcterms"] + "identifier": "identificador",
    _P["dcterms"] + "source": "fuente",
    _P["dcterms"] + "description": "descripción",
    _P["dcterms"] + "license": "licencia",
    _P["dcterms"] + "created": "creado",
    _P["dcterms"] + "creator": "autor",
    _P["qb"] + "dataSet": "conjunto de datos",
    _P["qb"] + "structure": "estructura",
    _P["dcterms"] + "hasPart": "incluye",
    _P["dcterms"] + "isPartOf": "forma parte de",
    _P["dcat"] + "dataset": "conjunto de datos del catálogo",
    _P["dcat"] + "servesDataset": "servicio que lo ofrece",
    _P["dcat"] + "distribution": "distribución (descarga)",
    "http://www.w3.org/2002/07/owl#sameAs": "el mismo que",
    "http://www.w3.org/2008/05/skos-xl#prefLabel": "nombre (etiqueta)",
    "http://www.w3.org/2008/05/skos-xl#altLabel": "otro nombre (etiqueta)",
    "http://www.w3.org/2008/05/skos-xl#literalForm": "forma escrita",
}


def pick(rows: list[dict[str, dict[str, str]]]) -> dict[str, str]:
    """IRI -> label: Spanish, else untagged, else the first met (rows of `QUERY`)."""
    best: dict[str, tuple[int, str]] = {}
    for row in rows:
        s, lit = row["s"]["value"], row["l"]
        rank = {"es": 0, "": 1}.get(lit.get("xml:lang", ""), 2)
        if s not in best or (rank, lit["value"]) < best[s]:
            best[s] = (rank, lit["value"])
    return {**STANDARD, **{s: v for s, (_, v) in best.items()}}


async def load(engine: Engine) -> dict[str, str]:
    """Every labelled IRI of the graph with its Spanish label (one query at start-up)."""
    return pick(await engine.select(QUERY))
