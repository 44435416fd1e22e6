"""The service's errors: each carries its HTTP status and a message meant for the client.

    ServiceError
    ├── BadRequest            400  malformed/missing/repeated query, bad parameter
    │   └── QueryRefused      400  SERVICE or another remote fetch, found before evaluation
    ├── UpdateRefused         403  the endpoint is read-only
    ├── NotFound              404  an IRI the graph does not have
    ├── MethodNotAllowed      405
    ├── NotAcceptable         406  no offered format fits the Accept header
    ├── ResultTooLarge        413  the serialized result passed max_result_bytes
    ├── UnsupportedMediaType  415
    ├── QueryTimeout          503  the evaluation passed query_timeout_s and was stopped
    ├── QueryOutOfMemory      503  the evaluation passed query_memory_bytes and was stopped
    └── Unavailable           503  no query process free in time, or the store is missing

`service.app` maps them to responses in one place; anything else is a 500.
"""

from __future__ import annotations


class ServiceError(Exception):
    status: int = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequest(ServiceError):
    status = 400


class QueryRefused(BadRequest):
    pass


class UpdateRefused(ServiceError):
    status = 403


class NotFound(ServiceError):
    status = 404


class MethodNotAllowed(ServiceError):
    status = 405


class NotAcceptable(ServiceError):
    status = 406


class ResultTooLarge(ServiceError):
    status = 413


class UnsupportedMediaType(ServiceError):
    status = 415


class QueryTimeout(ServiceError):
    status = 503


class QueryOutOfMemory(ServiceError):
    status = 503


class Unavailable(ServiceError):
    status = 503
