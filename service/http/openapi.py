"""What each route answers, declared for the OpenAPI document: statuses and media types.

FastAPI documents a route as 200 in JSON (and 422 where it validates parameters). Ours
negotiate SPARQL results, RDF, HTML or JSON-LD, and answer errors as plain text
(`service.app`'s one error mapper). Declaring both lets client generators, and
schemathesis's conformance checks (`tests/robustness/test_schemathesis.py`), hold every
route to what it says.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from service.http import formats
from service.http.conneg import Offer

Responses = dict[int | str, dict[str, Any]]

_PLAIN = {"text/plain": {"schema": {"type": "string"}}}
_REASONS = {
    206: "Part of the file (a Range request)",
    301: "A retired IRI: `Location` is the IRI kept for the same thing (owl:sameAs)",
    304: "Not modified since the validator the request gave",
    400: "Malformed request: the message says what (a query's parser message included)",
    403: "Refused: SPARQL updates are not accepted (the endpoint is read-only)",
    404: "Nothing by that name",
    406: "No format the resource is offered in fits `Accept`",
    413: "The request body, or the result, is larger than the service's limit",
    415: "The request body's media type is not one the protocol allows",
    416: "The Range asked for lies outside the file",
    431: "The request line or head is longer than the service's limit (answered before routing)",
    503: "The query ran past the time limit and was stopped, or the service is busy",
}


def media_types(offers: Iterable[Offer]) -> list[str]:
    """The media types of `offers`, once each, in the table's order."""
    return list(dict.fromkeys(offer.media_type for offer in offers))


def ok(types: Iterable[str], description: str = "The representation asked for") -> Responses:
    """A 200 answered in any of `types`."""
    return {200: {"description": description, "content": {t: {} for t in types}}}


def errors(*codes: int) -> Responses:
    """Each of `codes` with its reason, answered in plain text."""
    return {code: {"description": _REASONS[code], "content": _PLAIN} for code in codes}


def status(code: int, types: Iterable[str]) -> Responses:
    """`code` answered in any of `types` (a 404 in the negotiated format, a 206 ...)."""
    return {code: {"description": _REASONS[code], "content": {t: {} for t in types}}}


def redirect(code: int) -> Responses:
    """`code` with a `Location` header and no body."""
    return {
        code: {
            "description": _REASONS[code],
            "headers": {"Location": {"schema": {"type": "string"}}},
        }
    }


SPARQL_RESULTS = media_types((*formats.RESULTS, *formats.GRAPHS))
RESOURCE = media_types(formats.RESOURCE)
HTML = ["text/html"]
JSON = ["application/json"]
JSON_LD = ["application/ld+json", "application/json"]

__all__ = ["HTML", "JSON", "JSON_LD", "RESOURCE", "SPARQL_RESULTS", "errors", "ok", "status"]
