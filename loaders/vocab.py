"""The graph's public names: namespaces and the IRI patterns of ../shared/design/ontology.md.

Both packages import from here so that an IRI is minted in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, PROV, QB, RDF, RDFS, SKOS, VOID, XSD
from rdflib.term import URIRef

MIG = Namespace("https://w3id.org/migracion-mx/def#")
SCHEMA = Namespace("https://schema.org/")
DEFAULT_BASE = "https://w3id.org/migracion-mx/id/"

PREFIXES: dict[str, str] = {
    "mig": str(MIG),
    "skos": str(SKOS),
    "org": str(ORG),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "qb": str(QB),
    "dcat": str(DCAT),
    "void": str(VOID),
    "foaf": str(FOAF),
    "schema": str(SCHEMA),
    "xsd": str(XSD),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
}

__all__ = [
    "DEFAULT_BASE",
    "MIG",
    "PREFIXES",
    "SCHEMA",
    "Ids",
]


@dataclass(frozen=True)
class Ids:
    """Mints instance IRIs under a configurable base (default `DEFAULT_BASE`)."""

    base: str = DEFAULT_BASE

    def _iri(self, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join(parts))

    # policy frameworks
    def pem(self) -> URIRef:
        return self._iri("pem")

    def pem_objective(self, code: str) -> URIRef:
        return self._iri("pem", "objetivo", code)

    def pem_strategy(self, code: str) -> URIRef:
        return self._iri("pem", "estrategia", code)

    def pem_line(self, code: str) -> URIRef:
        return self._iri("pem", "linea", code)

    def pem_concept(self, code: str) -> URIRef:
        """The concept for a PEM code of any depth: `1`, `1.1` or `1.1.1`."""
        depth = code.count(".")
        return (self.pem_objective, self.pem_strategy, self.pem_line)[depth](code)

    def pem_label(self, code: str, doc_key: str) -> URIRef:
        """A document's wording of a PEM concept (skosxl:Label), carrying its source lines."""
        return URIRef(f"{self.pem_concept(code)}/etiqueta/{doc_key}")

    def gcm(self) -> URIRef:
        return self._iri("gcm")

    def gcm_objective(self, number: int | str) -> URIRef:
        return self._iri("gcm", "objetivo", str(int(number)))

    # institutions, programs, actions
    def agency(self, slug: str) -> URIRef:
        return self._iri("institucion", slug)

    def agency_kind_scheme(self) -> URIRef:
        return self._iri("tipo-institucion")

    def agency_kind(self, slug: str) -> URIRef:
        return self._iri("tipo-institucion", slug)

    def change_event(self, slug: str) -> URIRef:
        return self._iri("cambio-institucional", slug)

    def supplied_name(self, digest: str) -> URIRef:
        """The statement that holds a name the curators supplied (`reference/supplied.py`)."""
        return self._iri("nombre-suministrado", digest)

    def program(self, slug: str) -> URIRef:
        return self._iri("programa", slug)

    def action(self, doc_key: str, local_id: str) -> URIRef:
        return self._iri("accion", doc_key, local_id)

    def figure(self, doc_key: str, local_id: str) -> URIRef:
        """A figure a report states (a count, a share) attached to an action."""
        return self._iri("cifra", doc_key, local_id)

    def future_objective(self, doc_key: str, local_id: str) -> URIRef:
        return self._iri("objetivo-a-futuro", doc_key, local_id)

    def program_mention(self, doc_key: str, local_id: str) -> URIRef:
        """One place in a document that names a programme (it carries its own lines)."""
        return self._iri("mencion-programa", doc_key, local_id)

    # provenance
    def document(self, key: str) -> URIRef:
        return self._iri("documento", key)

    def graph(self, key: str) -> URIRef:
        return self._iri("grafo", key)

    def correspondence(self, line_code: str, objective: str) -> URIRef:
        """A derived PEM line <-> GCM objective link (the crosswalk)."""
        return self._iri("correspondencia", f"{line_code}--{objective}")

    # indicators
    def dataset(self, slug: str) -> URIRef:
        return self._iri("indicador", slug)

    def observation(self, dataset_slug: str, local_id: str) -> URIRef:
        return self._iri("indicador", dataset_slug, "observacion", local_id)

    def challenge_category_scheme(self) -> URIRef:
        return self._iri("categoria-reto")

    def challenge_category(self, slug: str) -> URIRef:
        return self._iri("categoria-reto", slug)

    # fact-checking (ontology/claims.ttl)
    def discrepancy(self, doc_key: str, local_id: str) -> URIRef:
        """A claim the document's own data contradicts."""
        return self._iri("discrepancia", doc_key, local_id)

    def checked_claim(self, doc_key: str, local_id: str) -> URIRef:
        """A claim the document's own data confirms."""
        return self._iri("afirmacion", doc_key, local_id)

    def check_kind(self, slug: str) -> URIRef:
        return self._iri("tipo-discrepancia", slug)

    # the commitment tracker (ontology/tracker.ttl)
    def tracker_status(self, subject: str, slug: str, doc_key: str) -> URIRef:
        """What one document shows of a line of action (`linea`), programme or agency."""
        return self._iri("seguimiento", subject, slug, doc_key)

    def tracker_change(self, subject: str, slug: str, before: str, after: str, kind: str) -> URIRef:
        """A typed change of a programme or agency between two consecutive documents."""
        return self._iri("seguimiento", "cambio", subject, slug, f"{before}--{after}--{kind}")

    def tracker_tally(self, objective: int | str, year: str, kind_slug: str) -> URIRef:
        """Actions under a GCM objective in one year by one kind of body."""
        return self._iri("seguimiento", "objetivo", str(int(objective)), year, kind_slug)

    def tracker_activity(self) -> URIRef:
        """The build step that derives the tracker (a prov:Activity)."""
        return self._iri("actividad", "seguimiento")


# Named graphs that are not derived from one source document.
ONTOLOGY_GRAPH_KEY = "ontologia"
REFERENCE_GRAPH_KEY = "referencia"
CROSSWALK_GRAPH_KEY = "correspondencias"
TRACKER_GRAPH_KEY = "seguimiento"
