"""The project's one error tree, and the one place that turns an error into an HTTP reply.

    MigrakgError                 every error raised on purpose (loaders.errors)
    ├── SourceError              a source file missing, altered or damaged: `file:line: ...`
    │   └── TableError           a curated reference table with a bad row: `file:line: ...`
    ├── ValidationFailed         the built graph violates the SHACL shapes (pySHACL's report)
    ├── StoreError               a build directory that cannot be opened, built or published
    ├── NamedQueryError          a queries/*.rq file that cannot be served: start-up stops
    └── ServiceError             a request that fails; `status`, a message for the client
        ├── BadRequest            400  malformed/missing/repeated query, bad parameter
        │   └── QueryRefused      400  SERVICE or another remote fetch, found before evaluation
        ├── UpdateRefused         403  the endpoint is read-only
        ├── NotFound              404  an IRI the graph does not have, an unknown file
        ├── MethodNotAllowed      405  (with `Allow`)
        ├── NotAcceptable         406  no offered format fits the Accept header
        ├── BodyTooLarge          413  the request body passed max_body_bytes (connection closed)
        ├── ResultTooLarge        413  the serialized result passed max_result_bytes
        ├── UnsupportedMediaType  415
        ├── InvalidParameter      422  a parameter refused (FastAPI's validation shape)
        ├── QueryTimeout          503  the evaluation passed query_timeout_s and was stopped
        ├── QueryOutOfMemory      503  the evaluation passed query_memory_bytes and was stopped
        └── Unavailable           503  no query process free in time, or no build to serve

`error_response` is the one mapping to HTTP: the app's exception handler, the fast path and
the body limit all answer through it. Anything else is a 500. A person's browser (`Accept`
preferring `text/html`) gets the same status as a Spanish page (`service.pages.errors`):
`title_es` names the status, `message_es` says what went wrong when the raiser wrote one.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import Response

from loaders.errors import MigrakgError, SourceError, StoreError, TableError, ValidationFailed


class NamedQueryError(MigrakgError):
    """A named query file that cannot be served; the message names the file."""


class ServiceError(MigrakgError):
    """A request that fails with `status`; `message` is meant for the client."""

    status: int = 500
    title_es: str = "Error del servidor"

    def __init__(self, message: str, *, es: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.message_es = es

    def headers(self) -> dict[str, str]:
        return {"Vary": "Accept"}

    def body(self) -> tuple[bytes, str]:
        """The reply body and its media type."""
        return (self.message + "\n").encode("utf-8"), "text/plain; charset=utf-8"


class BadRequest(ServiceError):
    status = 400
    title_es = "Solicitud no válida"


class QueryRefused(BadRequest):
    pass


class UpdateRefused(ServiceError):
    status = 403
    title_es = "Solo lectura: no se admiten modificaciones"


class NotFound(ServiceError):
    status = 404
    title_es = "No encontrado"


class MethodNotAllowed(ServiceError):
    status = 405
    title_es = "Método no permitido"
    allow = "GET, POST, OPTIONS"

    def headers(self) -> dict[str, str]:
        return {**super().headers(), "Allow": self.allow}


class NotAcceptable(ServiceError):
    status = 406
    title_es = "Ningún formato disponible coincide con lo pedido"


class BodyTooLarge(ServiceError):
    """The request body passed `limit` bytes; read no further, and close the connection
    (the rest of the body is never read)."""

    status = 413
    title_es = "La solicitud es demasiado grande"

    def __init__(self, limit: int) -> None:
        super().__init__(f"the request body is larger than the limit of {limit} bytes")
        self.limit = limit

    def headers(self) -> dict[str, str]:
        return {"Connection": "close"}


class ResultTooLarge(ServiceError):
    status = 413
    title_es = "El resultado es demasiado grande"


class UnsupportedMediaType(ServiceError):
    status = 415
    title_es = "Tipo de contenido no admitido"


class InvalidParameter(ServiceError):
    """A parameter that is missing, repeated or not of its type: 422 in the shape FastAPI
    gives its own validation errors."""

    status = 422
    title_es = "Parámetro no válido"

    def __init__(
        self,
        message: str,
        param: str = "",
        *,
        es: str = "",
        detail: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(message, es=es)
        self.param = param
        self.detail = detail  # FastAPI's own list, when its validation refused the request

    def headers(self) -> dict[str, str]:
        return {"Vary": "Accept"}

    def body(self) -> tuple[bytes, str]:
        detail = self.detail or [
            {"loc": ["query", self.param], "msg": self.message, "type": "value_error"}
        ]
        body = json.dumps({"detail": detail}, ensure_ascii=False, separators=(",", ":"))
        return body.encode("utf-8"), "application/json"


class QueryTimeout(ServiceError):
    status = 503
    title_es = "La consulta excedió el tiempo permitido"


class QueryOutOfMemory(ServiceError):
    status = 503
    title_es = "La consulta excedió la memoria permitida"


class Unavailable(ServiceError):
    status = 503
    title_es = "Servicio no disponible por el momento"


def error_response(exc: ServiceError) -> Response:
    """The HTTP reply for `exc`: its status, its headers, its body."""
    body, media_type = exc.body()
    return Response(body, status_code=exc.status, headers=exc.headers(), media_type=media_type)


__all__ = [
    "BadRequest",
    "BodyTooLarge",
    "InvalidParameter",
    "MethodNotAllowed",
    "MigrakgError",
    "NamedQueryError",
    "NotAcceptable",
    "NotFound",
    "QueryRefused",
    "QueryTimeout",
    "ResultTooLarge",
    "ServiceError",
    "SourceError",
    "StoreError",
    "TableError",
    "Unavailable",
    "UnsupportedMediaType",
    "UpdateRefused",
    "ValidationFailed",
    "error_response",
]
