"""`Edge`: what every request meets before routing, and every response on its way out.

One ASGI layer in front of both the fast path and the full stack (`service.app.Service`),
so nothing can answer without it:

- security headers on every response (`SECURITY_HEADERS`: a self-only Content-Security-
  Policy with what the editor, `/docs` and `/redoc` need, `nosniff`, a referrer policy,
  no framing) and `Vary: Origin` (CORS headers appear only when a request has `Origin`,
  so a shared cache must not hand one answer to the other);
- a path that is not UTF-8 once its escapes are decoded is a 400 here (uvicorn would
  hand it on with U+FFFD in place of each bad byte: a different path);
- `HEAD` wherever `GET` is allowed: a route that has no HEAD of its own gets the GET's
  answer, without its body (uvicorn drops the body of a HEAD request);
- `OPTIONS` (other than a CORS preflight, which the CORS middleware answers) is a 204 with
  the `Allow` of the path's routes, and every 405 carries that same `Allow`;
- a redirect to the request's own Host (Starlette's trailing-slash redirect) is made
  relative: no reply reflects the Host header;
- a client that goes away while its request is being read is one log line, not a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from urllib.parse import unquote_to_bytes, urlsplit, urlunsplit

from fastapi.routing import iter_route_contexts
from starlette.requests import ClientDisconnect
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("uvicorn.error")

# What the pages need and nothing more: scripts only from this server (YASGUI, Swagger UI
# and Redoc are served from node_modules); inline styles (the pages' own <style>, and the
# three front ends set style attributes and insert <style> elements); data: images (Swagger
# UI's icons, YASGUI's); blob: workers (Redoc's search index).
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "worker-src 'self' blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
)
_SECURITY_NAMES = frozenset(name for name, _ in SECURITY_HEADERS)


def with_security_headers(headers: Iterable[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """`headers` plus the security headers and `Origin` in `Vary` (merged, not repeated)."""
    out: list[tuple[bytes, bytes]] = []
    vary: list[bytes] = []
    for name, value in headers:
        lower = name.lower()
        if lower == b"vary":
            vary += [v.strip() for v in value.split(b",") if v.strip()]
        elif lower not in _SECURITY_NAMES:
            out.append((name, value))
    if not any(v.lower() in (b"origin", b"*") for v in vary):
        vary.append(b"Origin")
    out.append((b"vary", b", ".join(vary)))
    out.extend(SECURITY_HEADERS)
    return out


def path_problem(scope: Scope) -> tuple[int, str] | None:
    """(status, message) when the path cannot name anything, else None."""
    raw: bytes = scope.get("raw_path") or b""
    if b"%" in raw:
        try:
            unquote_to_bytes(raw).decode("utf-8")
        except UnicodeDecodeError:
            return 400, "the path is not UTF-8 once its percent-escapes are decoded"
    return None


class Edge:
    """Wraps `app` (the dispatch to the fast path or the full stack) with the above."""

    def __init__(
        self, app: ASGIApp, routes: list[BaseRoute], refusals: frozenset[str] = frozenset()
    ) -> None:
        self.app = app
        self.routes = routes
        self.refusals = refusals  # routes that exist only to refuse their methods (405)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = with_security_headers(message.get("headers", ()))
                if message["status"] == 405:
                    headers = [(n, v) for n, v in headers if n.lower() != b"allow"]
                    headers.append((b"allow", self.allow(scope).encode()))
                elif 300 <= message["status"] < 400:
                    headers = [_relative_location(scope, n, v) for n, v in headers]
                message = {**message, "headers": headers}
            await send(message)

        problem = path_problem(scope)
        try:
            if problem is not None:
                await _plain(secured, *problem)
            elif scope["method"] == "OPTIONS" and not _preflight(scope):
                await self._options(scope, secured)
            elif scope["method"] == "HEAD":
                await self._head(scope, receive, secured)
            else:
                await self.app(scope, receive, secured)
        except ClientDisconnect:
            log.info("%s went away while sending %s %s", _client(scope), *_request(scope))
        except BaseExceptionGroup as group:  # from a task group (a streamed reply)
            _, rest = group.split((ClientDisconnect, ConnectionError))
            if rest is not None:
                raise
            log.info("%s went away during %s %s", _client(scope), *_request(scope))

    def allow(self, scope: Scope) -> str:
        """The methods the routes of `scope`'s path accept, HEAD and OPTIONS included."""
        methods: set[str] = set()
        probe = {**scope, "method": "GET"}
        for route in iter_route_contexts(self.routes):  # included routers' routes too
            if route.name in self.refusals:
                continue
            match, _ = route.matches(probe)
            if match != Match.NONE:
                methods |= route.methods or set()
        if "GET" in methods:
            methods.add("HEAD")
        methods.add("OPTIONS")
        order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
        return ", ".join(sorted(methods, key=lambda m: order.index(m) if m in order else 99))

    async def _options(self, scope: Scope, send: Send) -> None:
        allow = self.allow(scope)
        if allow == "OPTIONS":  # no route has this path
            await _plain(send, 404, "Not Found")
            return
        await send(
            {
                "type": "http.response.start",
                "status": 204,
                "headers": [(b"allow", allow.encode())],
            }
        )
        await send({"type": "http.response.body", "body": b""})

    async def _head(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The route's own HEAD when it has one, else its GET: a 405 to the HEAD is held
        back and the request made again as a GET (uvicorn still sends no body: it reads
        the method from its own copy of the scope)."""
        refused = False

        async def unless_405(message: Message) -> None:
            nonlocal refused
            if message["type"] == "http.response.start" and message["status"] == 405:
                refused = True
            if not refused:
                await send(message)

        await self.app(scope, receive, unless_405)
        if refused:
            await self.app({**scope, "method": "GET"}, receive, send)


def _relative_location(scope: Scope, name: bytes, value: bytes) -> tuple[bytes, bytes]:
    """A `Location` that names the request's own Host (Starlette's trailing-slash redirect
    builds one from it; from the server's address when the Host is empty) made relative, so
    the reply is the same whatever the Host."""
    if name.lower() != b"location":
        return name, value
    parts = urlsplit(value.decode("latin-1"))
    host = next((v for n, v in scope["headers"] if n == b"host"), b"").decode("latin-1")
    server = scope.get("server") or ("", None)  # Starlette's fallback for an empty Host
    own = {host, f"{server[0]}:{server[1]}" if server[1] is not None else server[0]}
    if parts.scheme and parts.netloc in own:
        return name, urlunsplit(("", "", parts.path or "/", parts.query, "")).encode("latin-1")
    return name, value


def _preflight(scope: Scope) -> bool:
    names = {name for name, _ in scope["headers"]}
    return b"origin" in names and b"access-control-request-method" in names


async def _plain(send: Send, status: int, message: str) -> None:
    body = (message + "\n").encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _client(scope: Scope) -> str:
    client = scope.get("client")
    return f"{client[0]}:{client[1]}" if client else "a client"


def _request(scope: Scope) -> tuple[str, str]:
    """Method and path as they may be logged (the path quoted and cut short)."""
    return scope["method"], repr(scope["path"][:200])
