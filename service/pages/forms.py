"""HTML forms send every field, filled or not (`?year=&gcm=&q=texto`): the pages read an
empty field as absent, so a person's filter form never meets a 422 for what they left blank.
The API keeps its strict reading (an empty `year` is an error there)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response


def without_empty(query_string: bytes) -> bytes:
    """The query string minus the parameters whose value is empty or only spaces."""
    if b"=" not in query_string:
        return query_string
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True, encoding="latin-1")
    kept = [(k, v) for k, v in pairs if v.strip()]
    if len(kept) == len(pairs):
        return query_string
    return urlencode(kept, encoding="latin-1").encode("latin-1")


class FormRoute(APIRoute):
    """A page's route: empty query parameters are dropped before FastAPI validates them."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def drop_empty(request: Request) -> Response:
            request.scope["query_string"] = without_empty(request.scope.get("query_string", b""))
            return await handler(request)

        return drop_empty
