"""Where a page links for an IRI: dereferenceable here for ours, as is otherwise."""

from __future__ import annotations

from service.settings import Settings


def href(settings: Settings, iri: str) -> str:
    """Where a page links for `iri`: this service for our IRIs, the IRI itself otherwise."""
    public = settings.public_base_url.rstrip("/")
    if iri.startswith(settings.base_iri):
        return f"{public}/id/{iri[len(settings.base_iri) :]}"
    if iri.startswith(settings.ontology_namespace):
        return f"{public}/def#{iri[len(settings.ontology_namespace) :]}"
    return iri
