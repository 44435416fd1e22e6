"""Reading a SPARQL 1.1 Protocol query request into one `QueryRequest`, or an error.

The rules (https://www.w3.org/TR/sparql11-protocol/#query-operation): GET with `query` in
the URL; POST form-encoded with `query` in the body; POST `application/sparql-query` with
the query as the body. `default-graph-uri` / `named-graph-uri` may repeat and override the
query's FROM / FROM NAMED. Exactly one `query`; an `update` is refused (read-only).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from starlette.requests import Request

from service.errors import (
    BadRequest,
    BodyTooLarge,
    MethodNotAllowed,
    UnsupportedMediaType,
    UpdateRefused,
)

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


@dataclass(frozen=True)
class QueryRequest:
    """A protocol request: the query text, or None for a bare GET (service description)."""

    query: str | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it passes `limit` bytes (never read whole)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"the request body is not UTF-8 (byte {exc.start})") from None


def _from_pairs(pairs: list[tuple[str, str]], *, query_in_pairs: bool) -> QueryRequest:
    queries = [v for k, v in pairs if k == "query"]
    if any(k == "update" for k, _ in pairs):
        raise UpdateRefused("this endpoint is read-only: SPARQL updates are not accepted")
    if query_in_pairs:
        if len(queries) > 1:
            raise BadRequest("the request has more than one 'query' parameter")
        if not queries:
            raise BadRequest("the request has no 'query' parameter")
    elif queries:
        raise BadRequest("a 'query' parameter is not allowed beside a query in the body")
    return QueryRequest(
        queries[0] if queries else None,
        tuple(v for k, v in pairs if k == "default-graph-uri"),
        tuple(v for k, v in pairs if k == "named-graph-uri"),
    )


def _url_pairs(request: Request) -> list[tuple[str, str]]:
    # From the raw scope: building `request.url` costs more than the whole parse.
    query_string: bytes = request.scope.get("query_string", b"")
    return parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)


async def read_query_request(request: Request, max_body: int) -> QueryRequest:
    """The protocol request, or the error the protocol names (400, 403, 405, 413, 415)."""
    if request.method == "GET":
        pairs = _url_pairs(request)
        if not pairs:
            return QueryRequest(None)
        return _from_pairs(pairs, query_in_pairs=True)
    if request.method != "POST":
        raise MethodNotAllowed(f"{request.method} is not allowed; use GET or POST")
    media = _media_type(request)
    if media == SPARQL_UPDATE:
        raise UpdateRefused("this endpoint is read-only: SPARQL updates are not accepted")
    if media not in (FORM, SPARQL_QUERY):
        raise UnsupportedMediaType(
            f"unsupported request body type {media or '(none)'!r}; send {FORM} or {SPARQL_QUERY}"
        )
    body = _decode(await read_body(request, max_body))
    if media == FORM:
        return _from_pairs(
            _url_pairs(request) + parse_qsl(body, keep_blank_values=True), query_in_pairs=True
        )
    base = _from_pairs(_url_pairs(request), query_in_pairs=False)
    return QueryRequest(body, base.default_graphs, base.named_graphs)
