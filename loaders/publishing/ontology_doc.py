"""HTML documentation of the ontology and its SKOS schemes, from `ontology/*.ttl`.

One page, rendered with a Jinja2 template at build time: the ontology's header, then its
classes, properties and individuals (labels and comments es/en, super-classes, domains,
ranges, alignments) and each SKOS concept scheme with its concepts. Every term has an
anchor named after its local name, so `def#Action` opens at the term. pyLODE would do the
same but pulls a dozen packages; a template keeps the page ours and dependency-free.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from loaders.vocab import MIG, PREFIXES

TEMPLATES = Path(__file__).resolve().parent / "templates"
_PREFIXES = {**PREFIXES, "owl": str(OWL), "dcat": "http://www.w3.org/ns/dcat#"}
_ALIGNMENTS = (
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    OWL.equivalentClass,
    OWL.equivalentProperty,
    OWL.inverseOf,
    SKOS.exactMatch,
    SKOS.closeMatch,
    RDFS.seeAlso,
)
_PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)


@dataclass
class Link:
    iri: str
    label: str  # a CURIE, or the local `#anchor` for our own terms
    local: bool = False


@dataclass
class Term:
    iri: str
    name: str
    labels: dict[str, str]
    comments: dict[str, str]
    relations: list[tuple[str, list[Link]]] = field(default_factory=list)


@dataclass
class Scheme:
    iri: str
    labels: dict[str, str]
    concepts: list[Term]


def _curie(iri: str) -> str:
    for prefix, ns in sorted(_PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def _by_lang(graph: Graph, node: URIRef, *props: URIRef) -> dict[str, str]:
    out: dict[str, str] = {}
    for prop in props:
        values = sorted(o for o in graph.objects(node, prop) if isinstance(o, Literal))
        for value in values:
            out.setdefault(value.language or "", str(value))
    return dict(sorted(out.items(), key=lambda item: (item[0] != "es", item[0])))


def _link(iri: URIRef) -> Link:
    text = str(iri)
    if text.startswith(str(MIG)):
        return Link(text, text[len(str(MIG)) :], local=True)
    return Link(text, _curie(text))


def _term(graph: Graph, node: URIRef, relations: tuple[tuple[str, URIRef], ...]) -> Term:
    name = str(node).removeprefix(str(MIG))
    term = Term(
        str(node),
        name,
        _by_lang(graph, node, RDFS.label, SKOS.prefLabel),
        _by_lang(graph, node, RDFS.comment, SKOS.definition),
    )
    for title, prop in relations:
        targets = sorted(o for o in graph.objects(node, prop) if isinstance(o, URIRef))
        if targets:
            term.relations.append((title, [_link(t) for t in targets]))
    return term


def _relations(*props: URIRef) -> tuple[tuple[str, URIRef], ...]:
    return tuple((_curie(str(p)), p) for p in props)


def _own(graph: Graph, cls: URIRef) -> list[URIRef]:
    return sorted(
        s for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef) and s.startswith(MIG)
    )


def document_model(graph: Graph) -> dict[str, object]:
    """Everything the template shows, in a stable order."""
    ontology = next(
        (s for s in graph.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef)), None
    )
    classes = [_term(graph, c, _relations(*_ALIGNMENTS)) for c in _own(graph, OWL.Class)]
    props: dict[URIRef, None] = {}
    for kind in _PROPERTY_KINDS:
        props.update(dict.fromkeys(_own(graph, kind)))
    rel = _relations(RDF.type, RDFS.domain, RDFS.range, *_ALIGNMENTS)
    properties = [_term(graph, p, rel) for p in sorted(props)]
    individuals = [
        _term(graph, i, _relations(RDF.type, SKOS.inScheme))
        for i in _own(graph, OWL.NamedIndividual)
    ]
    schemes = []
    for scheme in sorted(
        s for s in graph.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef)
    ):
        members = set(graph.subjects(SKOS.inScheme, scheme))
        members |= set(graph.subjects(SKOS.topConceptOf, scheme))
        concepts = [
            _term(graph, c, _relations(SKOS.broader, SKOS.exactMatch))
            for c in sorted(m for m in members if isinstance(m, URIRef))
        ]
        labels = _by_lang(graph, scheme, SKOS.prefLabel, RDFS.label, DCTERMS.title)
        schemes.append(Scheme(str(scheme), labels, concepts))
    header = {}
    if ontology is not None:
        header = {
            "iri": str(ontology),
            "title": _by_lang(graph, ontology, DCTERMS.title, RDFS.label),
            "description": _by_lang(graph, ontology, DCTERMS.description, RDFS.comment),
            "version": str(graph.value(ontology, OWL.versionInfo) or ""),
            "license": str(graph.value(ontology, DCTERMS.license) or ""),
        }
    return {
        "ontology": header,
        "namespace": str(MIG),
        "classes": classes,
        "properties": properties,
        "individuals": individuals,
        "schemes": schemes,
    }


def load_ontology_files(ontology_dir: Path) -> Graph:
    graph = Graph()
    for path in sorted(ontology_dir.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def render_ontology(ontology_dir: Path, *, formats: dict[str, str] | None = None) -> str:
    """The HTML page for the ontology files in `ontology_dir`."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    model = document_model(load_ontology_files(ontology_dir))
    return env.get_template("ontology.html.j2").render(**model, formats=formats or {})
