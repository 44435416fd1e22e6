"""`service.http.fastpath`: which requests skip the middleware stack."""

from __future__ import annotations

import pytest
from starlette.requests import Request
from starlette.responses import Response

from service.http.fastpath import FastPath


async def _sparql(request: Request) -> Response:
    return Response(b"sparql")


async def _instance(request: Request) -> Response:
    return Response(b"instance")


async def _error(request: Request, exc: Exception) -> Response:
    return Response(b"error", 500)


FAST = FastPath(exact={"/sparql": _sparql}, prefixes={"/id/": _instance}, on_error=_error)


def _scope(method: str, path: str, *headers: tuple[bytes, bytes]) -> dict[str, object]:
    accept = (b"accept", b"text/turtle")
    return {"type": "http", "method": method, "path": path, "headers": [accept, *headers]}


@pytest.mark.parametrize(
    ("scope", "handler"),
    [
        (_scope("GET", "/sparql"), _sparql),
        (_scope("HEAD", "/sparql"), _sparql),
        (_scope("GET", "/id/accion/pem-2015/1.1.1-1"), _instance),
        (_scope("GET", "/sparql", (b"origin", b"https://example.org")), None),  # CORS
        (_scope("GET", "/sparql", (b"content-length", b"3")), None),  # a body to limit
        (_scope("GET", "/sparql", (b"transfer-encoding", b"chunked")), None),
        (_scope("POST", "/sparql"), None),
        (_scope("OPTIONS", "/sparql"), None),
        (_scope("GET", "/sparql/"), None),
        (_scope("GET", "/api/actions"), None),
        ({"type": "websocket", "path": "/sparql", "headers": []}, None),
    ],
)
def test_which_requests_take_the_fast_path(scope: dict[str, object], handler: object) -> None:
    assert FAST.handler(scope) is handler
