"""Errors as people read them: a Spanish page for a browser, the usual body for code.

The app's exception handlers call `respond`: when the request's `Accept` prefers
`text/html` to the error's own format (plain text, or FastAPI's JSON for a 422), the
status is answered with `error.html` (what went wrong in Spanish, the technical detail
marked `lang="en"`); otherwise `service.errors.error_response` answers as before. FastAPI's
validation errors and Starlette's own 404/405 become `ServiceError`s here, so every error
takes that one way out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi.encoders import jsonable_encoder
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from service.errors import (
    InvalidParameter,
    MethodNotAllowed,
    NotFound,
    ServiceError,
    error_response,
)
from service.http import formats
from service.http.conneg import Offer, accept_header, negotiate

# What a pydantic error type means, in Spanish (`{ctx}` keys come from the error's context).
_REASONS = {
    "int_parsing": "debe ser un número entero",
    "int_type": "debe ser un número entero",
    "greater_than_equal": "debe ser al menos {ge}",
    "less_than_equal": "debe ser como mucho {le}",
    "string_pattern_mismatch": "no tiene la forma esperada",
    "string_too_long": "es demasiado largo (como mucho {max_length} caracteres)",
    "string_too_short": "es demasiado corto (al menos {min_length} caracteres)",
    "literal_error": "debe ser uno de: {expected}",
    "missing": "falta",
    "enum": "debe ser uno de: {expected}",
}


def _reason(error: dict[str, Any]) -> str:
    template = _REASONS.get(str(error.get("type")), "no es válido")
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError):
        return "no es válido"


def spanish_validation(errors: Sequence[Any]) -> str:
    """One Spanish sentence per refused parameter: «El parámetro «año» …»."""
    sentences = []
    for error in errors:
        loc = [str(x) for x in error.get("loc", ()) if x not in ("query", "path", "body")]
        name = ".".join(loc) or "?"
        given = error.get("input")
        shown = f" (se recibió «{given}»)" if isinstance(given, str | int) else ""
        sentences.append(f"El parámetro «{name}» {_reason(error)}{shown}.")
    return " ".join(sentences)


def from_validation(errors: Sequence[Any]) -> InvalidParameter:
    """FastAPI's refusal as our 422, its body unchanged for code."""
    detail = jsonable_encoder(errors)
    english = "; ".join(f"{'.'.join(map(str, e.get('loc', ())))}: {e.get('msg')}" for e in detail)
    return InvalidParameter(english, es=spanish_validation(errors), detail=detail)


def from_http(exc: HTTPException) -> ServiceError:
    """Starlette's own 404 (no route) and 405 as our errors."""
    if exc.status_code == 405:
        error: ServiceError = MethodNotAllowed(str(exc.detail))
        error.allow = (exc.headers or {}).get("Allow", error.allow)  # type: ignore[attr-defined]
        return error
    if exc.status_code == 404:
        return NotFound(
            f"no page or resource at this address ({exc.detail})",
            es="No hay ninguna página ni recurso en esta dirección.",
        )
    generic = ServiceError(str(exc.detail))
    generic.status = exc.status_code
    return generic


def wants_html(request: Request, exc: ServiceError) -> bool:
    """Whether the client prefers a page to the error's own format (a browser does)."""
    own = Offer(exc.body()[1].split(";")[0], "own")
    return negotiate(accept_header(request.headers), (own, formats.HTML)) is formats.HTML


def respond(request: Request, exc: ServiceError) -> Response:
    """The reply for `exc`: a Spanish page for a browser, the error's own body otherwise."""
    if not wants_html(request, exc):
        return error_response(exc)
    templates = getattr(request.app.state, "service", None)
    if templates is None:
        return error_response(exc)
    return templates.templates.TemplateResponse(  # type: ignore[no-any-return]
        request,
        "error.html",
        {"error": exc, "status": exc.status},
        status_code=exc.status,
        headers=exc.headers(),
    )
