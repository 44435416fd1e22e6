"""What the service says about one IRI: a CBD-like description, and its page model.

Description (for RDF formats): the IRI's outgoing triples, one level into blank nodes, the
labels of what it links to, every incoming link (subject, predicate) across all named
graphs, and the labels of those subjects. The page model is the same set as SPARQL JSON
rows, plus the source passage (`prov:wasDerivedFrom` a document, `mig:sourceLineStart` /
`mig:sourceLineEnd`) quoted from the build's copy of the source text, found by the
document's `mig:fileName` (or, failing that, the sources manifest).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from loaders.errors import SourceError
from loaders.pipeline.manifest import load_manifest
from loaders.vocab import PREFIXES

LABELS = "VALUES ?lp { rdfs:label skos:prefLabel }"

DESCRIBE = f"""
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
CONSTRUCT {{ ?r ?p ?o . ?o ?bp ?bo . ?o ?lp ?ol . ?s ?ip ?r . ?s ?lp ?sl }}
WHERE {{
  {{ ?r ?p ?o
     OPTIONAL {{ ?o ?bp ?bo FILTER(isBlank(?o)) }}
     OPTIONAL {{ ?o ?lp ?ol {LABELS} }} }}
  UNION
  {{ ?s ?ip ?r OPTIONAL {{ ?s ?lp ?sl {LABELS} }} }}
}}"""

OUTLINE = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX mig: <https://w3id.org/migracion-mx/def#>
SELECT ?r ?dir ?p ?x ?label ?g ?file WHERE {
  { GRAPH ?g { ?r ?p ?x } BIND("out" AS ?dir) OPTIONAL { ?x mig:fileName ?file } }
  UNION
  { GRAPH ?g { ?x ?p ?r } BIND("in" AS ?dir) }
  OPTIONAL { ?x rdfs:label|skos:prefLabel ?label }
}"""

# The ontology is the named graph the build gives it (`id/grafo/ontologia`), passed to the
# engine as the default graph; terms in order, so the page lists them alphabetically.
ONTOLOGY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
ONTOLOGY_GRAPH = "CONSTRUCT WHERE { ?s ?p ?o }"

MIG = PREFIXES["mig"]
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"


def compact(iri: str) -> str:
    """`mig:description` for a namespace we know, else the IRI."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


@dataclass
class Passage:
    """Lines `start`..`end` of a source file, as the page quotes them."""

    file: str
    start: int
    end: int
    lines: list[tuple[int, str]]
    key: str = ""  # the document's key (`pmm-2022`), for the source viewer's URL


@dataclass
class PageModel:
    """A resource's page: its properties, what links to it, its source passage."""

    iri: str
    label: str = ""
    outgoing: list[tuple[str, dict[str, str], str]] = field(default_factory=list)
    incoming: list[tuple[dict[str, str], str, str]] = field(default_factory=list)
    graphs: set[str] = field(default_factory=set)
    passage: Passage | None = None
    description: str = ""
    files: dict[str, str] = field(default_factory=dict)  # document IRI -> mig:fileName
    evidence: list[tuple[str, str]] = field(default_factory=list)  # a correspondence's why


# A PEM-GCM correspondence explains itself: its score and each measure, captioned in Spanish.
_EVIDENCE = {
    MIG + "correspondenceScore": "Puntuación (se publica desde el umbral)",
    MIG + "published": "Publicada como skos:relatedMatch",
    MIG + "publicationReason": "Por qué se publica o queda como candidata",
    MIG + "purposeSimilarity": "Propósito semejante (línea y objetivo)",
    MIG + "textSimilarity": "Texto semejante (todo lo clasificado bajo cada lado)",
    MIG + "filingShare": "Clasificación de los informes (acciones más semejantes)",
    MIG + "filingVote": "Voto de la clasificación de los informes (se publica desde el umbral)",
    MIG + "workEvidence": "Mismo programa o institución, trabajo semejante",
    MIG + "evidenceCount": "Acciones que la sustentan",
}


def _pick_label(current: str, binding: dict[str, str] | None) -> str:
    """Spanish first, then untagged, then whatever came first."""
    if not binding:
        return current
    lang = binding.get("xml:lang", "")
    if not current or lang == "es":
        return binding["value"]
    return current


def page_model(iri: str, rows: list[dict[str, dict[str, str]]], incoming_cap: int) -> PageModel:
    """Groups the OUTLINE rows (labels Spanish first) into the page's model."""
    out: dict[tuple[str, str, str], tuple[dict[str, str], str]] = {}
    inc: dict[tuple[str, str], tuple[dict[str, str], str]] = {}
    result = PageModel(iri)
    for row in rows:
        p, x = row["p"]["value"], row["x"]
        result.graphs.add(row["g"]["value"])
        label = row.get("label")
        if "file" in row:
            result.files[x["value"]] = row["file"]["value"]
        if row["dir"]["value"] == "out":
            key = (p, x["value"], x.get("xml:lang", "") + x.get("datatype", ""))
            prev = out.get(key, (x, ""))
            out[key] = (x, _pick_label(prev[1], label))
            if p in (PREFIXES["rdfs"] + "label", PREFIXES["skos"] + "prefLabel"):
                result.label = _pick_label(result.label, x)
            elif p == MIG + "description":
                result.description = _pick_label(result.description, x)
        else:
            key2 = (x["value"], p)
            prev = inc.get(key2, (x, ""))
            inc[key2] = (x, _pick_label(prev[1], label))
    result.outgoing = sorted(
        ((p, x, label) for (p, _, _), (x, label) in out.items()),
        key=lambda t: (t[0] != PREFIXES["rdf"] + "type", t[0], t[1]["value"]),
    )
    result.evidence = [
        (caption, x["value"])
        for prop, caption in _EVIDENCE.items()
        for (p, value, _), (x, _label) in sorted(out.items())
        if p == prop and x.get("xml:lang", "es") == "es"  # the page is in Spanish
    ]
    result.incoming = sorted(
        ((x, p, label) for (_, p), (x, label) in inc.items()),
        key=lambda t: (t[1], t[0]["value"]),
    )[:incoming_cap]
    return result


def source_passage(result: PageModel, base_iri: str, sources_dir: Path) -> Passage | None:
    """The quoted lines, when the resource names its document and line numbers."""
    values: dict[str, str] = {}
    for p, x, _ in result.outgoing:
        if p in (PROV_DERIVED, MIG + "sourceLineStart", MIG + "sourceLineEnd"):
            values.setdefault(p, x["value"])
    doc, start = values.get(PROV_DERIVED, ""), values.get(MIG + "sourceLineStart")
    prefix = base_iri + "documento/"
    if not (doc and start and start.isdigit()):
        return None
    end = values.get(MIG + "sourceLineEnd", start)
    first, last = int(start), int(end) if end.isdigit() else int(start)
    file = result.files.get(doc) or source_files(sources_dir).get(doc[len(prefix) :])
    if file is None or Path(file).name != file:  # a bare file name, never a path
        return None
    text = source_lines(sources_dir / file)
    lines = [(n, text[n - 1]) for n in range(first, min(last, len(text)) + 1)]
    key = doc[len(prefix) :] if doc.startswith(prefix) else ""
    return Passage(file, first, last, lines, key)


@lru_cache(maxsize=4)
def source_files(sources_dir: Path) -> dict[str, str]:
    try:
        return {key: doc.file for key, doc in load_manifest(sources_dir).items()}
    except SourceError:  # a page without its passage beats a failed page
        return {}


@lru_cache(maxsize=16)
def source_lines(path: Path) -> list[str]:
    try:
        return path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
