"""The API's one JSON-LD 1.1 context, version 1, served at `/api/context/v1.jsonld`.

Why one fixed, versioned document: harvesters cache contexts by URL, so the terms of v1
never change meaning; a breaking change gets `v2` at a new URL. The context gives `id` and
`type` aliases, short names for classes, language maps for every label-like property (so
`prefLabel.es` and `prefLabel.en` read naturally) and type coercion for IRIs, years and
integers. `@vocab` is deliberately absent: a property without a term keeps its compact
IRI (`mig:...`), so nothing is silently renamed.

The service never fetches a context: `document_loader` serves this document for its own URL
and refuses every other one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from loaders.vocab import PREFIXES

VERSION = "v1"
PATH = f"/api/context/{VERSION}.jsonld"
HYDRA = "http://www.w3.org/ns/hydra/core#"

_IRI = "@id"
_LANG = "@language"

_CLASSES = {
    "Action": "mig:Action",
    "Agency": "mig:Agency",
    "AgencyKind": "mig:AgencyKind",
    "Program": "mig:Program",
    "SourceDocument": "mig:SourceDocument",
    "PolicyFramework": "mig:PolicyFramework",
    "PEMObjective": "mig:PEMObjective",
    "PEMStrategy": "mig:PEMStrategy",
    "PEMLineOfAction": "mig:PEMLineOfAction",
    "GCMObjective": "mig:GCMObjective",
    "Concept": "skos:Concept",
    "ConceptScheme": "skos:ConceptScheme",
    "Organization": "org:Organization",
    "ChangeEvent": "org:ChangeEvent",
    "DataSet": "qb:DataSet",
    "Observation": "qb:Observation",
    "Collection": "hydra:Collection",
    "PartialCollectionView": "hydra:PartialCollectionView",
}

_LANGUAGE_MAPS = {
    "prefLabel": "skos:prefLabel",
    "altLabel": "skos:altLabel",
    "label": "rdfs:label",
    "comment": "rdfs:comment",
    "definition": "skos:definition",
    "scopeNote": "skos:scopeNote",
    "description": "mig:description",
    "results": "mig:results",
    "challenge": "mig:challenge",
    "title": "dcterms:title",
}

_IRIS = {
    "broader": "skos:broader",
    "narrower": "skos:narrower",
    "inScheme": "skos:inScheme",
    "topConceptOf": "skos:topConceptOf",
    "hasTopConcept": "skos:hasTopConcept",
    "relatedMatch": "skos:relatedMatch",
    "exactMatch": "skos:exactMatch",
    "closeMatch": "skos:closeMatch",
    "agencyKind": "mig:agencyKind",
    "subOrganizationOf": "org:subOrganizationOf",
    "originalOrganization": "org:originalOrganization",
    "resultingOrganization": "org:resultingOrganization",
    "responsibleAgency": "mig:responsibleAgency",
    "collaboratingAgency": "mig:collaboratingAgency",
    "participatingAgency": "mig:participatingAgency",
    "contributesTo": "mig:contributesTo",
    "aboutProgram": "mig:aboutProgram",
    "wasDerivedFrom": "prov:wasDerivedFrom",
    "publisher": "dcterms:publisher",
    "source": "dcterms:source",
    "dataSet": "qb:dataSet",
    "structure": "qb:structure",
    "gcmObjective": "mig:gcmObjective",
    "challengeCategory": "mig:challengeCategory",
    "nameSource": "mig:nameSource",
    "seeAlso": "rdfs:seeAlso",
    "member": "hydra:member",
    "view": "hydra:view",
    "first": "hydra:first",
    "previous": "hydra:previous",
    "next": "hydra:next",
    "last": "hydra:last",
}

_TYPED = {
    "year": ("mig:year", "xsd:gYear"),
    "noActionPlannedIn": ("mig:noActionPlannedIn", "xsd:gYear"),
    "percentage": ("mig:percentage", "xsd:decimal"),
    "periodStart": ("mig:periodStart", "xsd:date"),
    "periodEnd": ("mig:periodEnd", "xsd:date"),
}

# Integers and booleans travel as native JSON numbers and booleans (pyld's
# `useNativeTypes`), which expand back to xsd:integer / xsd:boolean: no coercion needed.
_PLAIN = {
    "sourceLineStart": "mig:sourceLineStart",
    "sourceLineEnd": "mig:sourceLineEnd",
    "actionCount": "mig:actionCount",
    "noChallengeReported": "mig:noChallengeReported",
    "fromPublicKnowledge": "mig:fromPublicKnowledge",
    "notation": "skos:notation",
    "acronym": "mig:acronym",
    "sha256": "mig:sha256",
    "fileName": "mig:fileName",
    "issued": "dcterms:issued",
    "atTime": "prov:atTime",
    "noResponsibleAgencyReason": "mig:noResponsibleAgencyReason",
    "totalItems": "hydra:totalItems",
    # search (`/api/search`, `q`): a hit's BM25 score, its snippet, the words marked in it
    "searchTitle": "mig:searchTitle",
    "score": "mig:searchScore",
    "snippet": "mig:searchSnippet",
    "highlight": "mig:searchHighlight",
}


def build_context() -> dict[str, Any]:
    """The `@context` object of version 1 (a fresh copy: callers may not mutate ours)."""
    ctx: dict[str, Any] = {"@version": 1.1, "id": "@id", "type": "@type"}
    ctx.update({p: ns for p, ns in PREFIXES.items()})
    ctx["hydra"] = HYDRA
    ctx.update(_CLASSES)
    ctx.update({t: {"@id": i, "@container": _LANG} for t, i in _LANGUAGE_MAPS.items()})
    ctx.update({t: {"@id": i, "@type": _IRI} for t, i in _IRIS.items()})
    ctx.update({t: {"@id": i, "@type": dt} for t, (i, dt) in _TYPED.items()})
    ctx.update(_PLAIN)
    # status values are vocabulary terms: "Planned" / "Reported"
    ctx["status"] = {"@id": "mig:status", "@type": "@vocab"}
    ctx["Planned"] = "mig:Planned"
    ctx["Reported"] = "mig:Reported"
    return ctx


CONTEXT: dict[str, Any] = build_context()


def document() -> dict[str, Any]:
    """The JSON document served at `PATH`."""
    return {"@context": build_context()}


def document_loader(own_urls: Callable[[str], bool]) -> Callable[..., dict[str, Any]]:
    """A pyld document loader that serves our context for our URLs and refuses the rest."""
    from pyld.jsonld import JsonLdError

    def load(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
        if own_urls(url):
            return {"contextUrl": None, "documentUrl": url, "document": document()}
        raise JsonLdError(
            f"remote context {url} refused (this service never fetches contexts)",
            "jsonld.LoadDocumentError",
            code="loading remote context failed",
        )

    return load
