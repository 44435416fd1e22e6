"""Each indicator dataset (qb:DataSet) as downloadable files: a tidy CSV and JSON-LD.

Written at build time into `dumps/indicadores/` from the finished store, so that every
dataset the catalog lists can be downloaded on its own (a portal gives a dataset without a
distribution no resources at all).

- `<slug>.csv`: UTF-8, a header row, one row per observation (ordered by IRI), one column per
  variable: `observacion` (the observation's IRI), then one column per property the dataset's
  observations use (local name of the property: `gcmObjective`, `agencyKind`, `year`,
  `actionCount`, ...), in name order, and for each IRI-valued column a `<name>_etiqueta`
  column with the Spanish `skos:prefLabel`/`rdfs:label` of the value where the graph has
  one. A property with several values on one observation (`participatingAgency`) joins
  them with ` | ` in IRI order. `rdf:type` and `qb:dataSet` are left out (the same on
  every row); provenance (`wasDerivedFrom`, source lines) stays in.
- `<slug>.jsonld`: the observations' triples and the dataset's own, as expanded JSON-LD,
  in N-Triples line order (byte-identical for the same store).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyoxigraph as ox

from loaders.dataset import select, serialize
from loaders.publishing.dumps import file_facts
from loaders.publishing.facts import FileFacts

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

TABLES_DIR = "indicadores"
SEPARATOR = " | "
_SKIPPED = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    "http://purl.org/linked-data/cube#dataSet",
}
_OBSERVATIONS = """
PREFIX qb: <http://purl.org/linked-data/cube#>
SELECT DISTINCT ?ds ?obs ?p ?o WHERE { ?obs qb:dataSet ?ds ; ?p ?o }
"""
_DATASET = "SELECT DISTINCT ?ds ?p ?o WHERE { ?ds ?p ?o }"
_LABEL = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?x (MIN(STR(?l)) AS ?label) WHERE {
  ?x skos:prefLabel|rdfs:label ?l FILTER(LANGMATCHES(LANG(?l), "es") || LANG(?l) = "")
} GROUP BY ?x
"""


def slug(iri: str) -> str:
    """The last path segment of an indicator's IRI: its file name and identifier part."""
    return iri.rstrip("/").rsplit("/", 1)[1]


def local_name(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[cut + 1 :]


def _label(store: ox.Store, term: ox.NamedNode, cache: dict[str, str]) -> str:
    if term.value not in cache:
        rows = list(
            select(
                store,
                _LABEL,
                use_default_graph_as_union=True,
                substitutions={ox.Variable("x"): term},
            )
        )
        value = rows[0]["label"] if rows else None
        cache[term.value] = value.value if value is not None else ""
    return cache[term.value]


def _cell(values: list[Term]) -> str:
    return SEPARATOR.join(sorted(v.value for v in values if not isinstance(v, ox.Triple)))


def table(store: ox.Store, dataset: str) -> bytes:
    """The tidy CSV of the observations of `dataset` (see the module docstring)."""
    ds = ox.NamedNode(dataset)
    rows: dict[str, dict[str, list[Term]]] = {}
    for row in select(
        store, _OBSERVATIONS, use_default_graph_as_union=True, substitutions={ox.Variable("ds"): ds}
    ):
        prop = row["p"].value
        if prop not in _SKIPPED:
            rows.setdefault(row["obs"].value, {}).setdefault(prop, []).append(row["o"])
    props = sorted({p for values in rows.values() for p in values}, key=local_name)
    iri_props = {
        p
        for p in props
        if any(isinstance(v, ox.NamedNode) for r in rows.values() for v in r.get(p, []))
    }
    header = ["observacion"]
    for prop in props:
        header.append(local_name(prop))
        if prop in iri_props:
            header.append(f"{local_name(prop)}_etiqueta")
    labels: dict[str, str] = {}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for obs in sorted(rows):
        line = [obs]
        for prop in props:
            values = rows[obs].get(prop, [])
            line.append(_cell(values))
            if prop in iri_props:
                named = sorted((v for v in values if isinstance(v, ox.NamedNode)), key=str)
                line.append(SEPARATOR.join(_label(store, v, labels) for v in named))
        writer.writerow(line)
    return out.getvalue().encode("utf-8")


def jsonld(store: ox.Store, dataset: str) -> bytes:
    """The dataset's and its observations' triples as expanded JSON-LD."""
    ds = ox.NamedNode(dataset)
    triples: dict[bytes, ox.Triple] = {}
    scope = {"use_default_graph_as_union": True, "substitutions": {ox.Variable("ds"): ds}}
    found = [ox.Triple(r["obs"], r["p"], r["o"]) for r in select(store, _OBSERVATIONS, **scope)] + [
        ox.Triple(ds, r["p"], r["o"]) for r in select(store, _DATASET, **scope)
    ]
    for triple in found:
        triples.setdefault(serialize([triple], ox.RdfFormat.N_TRIPLES), triple)
    return serialize([triples[k] for k in sorted(triples)], ox.RdfFormat.JSON_LD)


def write_tables(out_dir: Path, store: ox.Store, dataset: str) -> list[FileFacts]:
    """Write `<out_dir>/indicadores/<slug>.{csv,jsonld}`; their facts (CSV first)."""
    folder = out_dir / TABLES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    name = slug(dataset)
    specs = (
        ("csv", "text/csv", "CSV", table),
        ("jsonld", "application/ld+json", "JSON_LD", jsonld),
    )
    out = []
    for ext, media_type, file_type, render in specs:
        path = folder / f"{name}.{ext}"
        path.write_bytes(render(store, dataset))
        out.append(file_facts(path, f"{name}-{ext}", media_type, file_type))
    return out
