"""Dispatch of the two hottest routes (`/sparql`, `/id/...`) before the middleware stack.

Why: a cheap query is answered in well under a millisecond, and FastAPI's call (with its
telemetry check), the CORS and body-limit middlewares, route matching and dependency
solving cost about as much again. A plain GET or HEAD (no `Origin`, so CORS adds nothing;
no body, so the body limit has nothing to count) on these paths goes straight to the same
handlers the documented FastAPI routes call, and `ServiceError`s become responses through
the app's one error mapper. A *router* (the API's, `service.api.fast`) picks a handler
from the scope or declines. Every other request takes the full stack unchanged.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from service.errors import ServiceError

Handler = Callable[[Request], Awaitable[Response]]
# Decides from the scope alone: a handler, or None for the full stack.
Router = Callable[[Scope], Handler | None]
ErrorMapper = Callable[[Request, Exception], Awaitable[Response]]

# A request with any of these needs the middlewares: CORS, or a body to limit.
_NEEDS_STACK = frozenset({b"origin", b"content-length", b"transfer-encoding"})


class FastPath:
    """Exact paths and path prefixes answered directly for plain GET and HEAD requests."""

    def __init__(
        self,
        exact: dict[str, Handler],
        prefixes: dict[str, Handler],
        on_error: ErrorMapper,
        routers: dict[str, Router] | None = None,
    ) -> None:
        self.exact = exact
        self.prefixes = prefixes
        self.on_error = on_error
        self.routers = routers or {}  # path prefix -> router that may decline

    def handler(self, scope: Scope) -> Handler | None:
        """The handler for `scope`, or None when it must take the full stack."""
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return None
        path: str = scope["path"]
        for name, _ in scope["headers"]:
            if name in _NEEDS_STACK:
                return None
        handler = self.exact.get(path)
        if handler is not None:
            return handler
        for prefix, candidate in self.prefixes.items():
            if path.startswith(prefix):
                return candidate
        for prefix, router in self.routers.items():
            if path.startswith(prefix):
                return router(scope)
        return None

    async def serve(self, handler: Handler, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        try:
            response = await handler(request)
        except ServiceError as exc:
            response = await self.on_error(request, exc)
        await response(scope, receive, send)
