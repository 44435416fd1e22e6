"""What the catalog lists from the graph itself: the indicator datasets (qb:DataSet)."""

from __future__ import annotations

import pyoxigraph as ox

from loaders.dataset import select
from loaders.publishing.facts import IndicatorFacts

_DATASETS = """
PREFIX qb: <http://purl.org/linked-data/cube#>
SELECT ?ds (MIN(STR(?g)) AS ?graph) (COUNT(DISTINCT ?obs) AS ?n) WHERE {
  GRAPH ?g { ?ds a qb:DataSet }
  OPTIONAL { GRAPH ?h { ?obs qb:dataSet ?ds } }
} GROUP BY ?ds ORDER BY ?ds
"""
_LABELS = """
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?ds ?label WHERE {
  GRAPH ?g { ?ds a qb:DataSet }
  GRAPH ?h { ?ds rdfs:label|dcterms:title|skos:prefLabel ?label }
  FILTER(isLiteral(?label))
} ORDER BY ?ds ?label
"""


def indicator_datasets(store: ox.Store) -> list[IndicatorFacts]:
    """Each qb:DataSet IRI: a label per language (the first in order), size, its graph."""
    labels: dict[str, dict[str, str]] = {}
    for row in select(store, _LABELS):
        label = row["label"]
        lang = getattr(label, "language", None) or "es"
        labels.setdefault(row["ds"].value, {}).setdefault(lang, label.value)
    return [
        IndicatorFacts(
            iri=row["ds"].value,
            labels=dict(sorted(labels.get(row["ds"].value, {}).items())),
            observations=int(row["n"].value),
            graph=row["graph"].value,
        )
        for row in select(store, _DATASETS)
        if isinstance(row["ds"], ox.NamedNode)
    ]
