"""The tables of formats the service offers, in the server's order of preference."""

from __future__ import annotations

from service.http.conneg import Offer

# SELECT and ASK results: keys are pyoxigraph `QueryResultsFormat` names.
RESULTS: tuple[Offer, ...] = (
    Offer("application/sparql-results+json", "JSON", "srj", ("application/json",)),
    Offer("application/sparql-results+xml", "XML", "srx", ("application/xml", "text/xml")),
    Offer("text/csv", "CSV", "csv"),
    Offer("text/tab-separated-values", "TSV", "tsv"),
)

# CONSTRUCT and DESCRIBE results: keys are pyoxigraph `RdfFormat` names.
GRAPHS: tuple[Offer, ...] = (
    Offer("text/turtle", "TURTLE", "ttl", ("application/x-turtle",)),
    Offer("application/n-triples", "N_TRIPLES", "nt", ("text/plain",)),
    Offer("application/n-quads", "N_QUADS", "nq"),
    Offer("application/trig", "TRIG", "trig"),
    Offer("application/ld+json", "JSON_LD", "jsonld", ("application/json",)),
    Offer("application/rdf+xml", "RDF_XML", "rdf", ("application/xml", "text/xml")),
)

HTML = Offer("text/html", "html", "html", ("application/xhtml+xml",))

# A dereferenced IRI: RDF for code (Turtle first, so `*/*` gets Turtle), HTML for browsers.
RESOURCE: tuple[Offer, ...] = (
    GRAPHS[0],
    HTML,
    Offer("application/ld+json", "JSON_LD", "jsonld", ("application/json",)),
    Offer("application/n-triples", "N_TRIPLES", "nt", ("text/plain",)),
    Offer("application/rdf+xml", "RDF_XML", "rdf"),
)

# Formats whose media type is textual and needs a charset parameter.
_TEXTUAL = {"text/turtle", "text/csv", "text/tab-separated-values", "text/html"}


def content_type(offer: Offer) -> str:
    """The Content-Type header value for an offer."""
    if offer.media_type in _TEXTUAL:
        return f"{offer.media_type}; charset=utf-8"
    return offer.media_type
