"""`Compression`: gzip for text replies (HTML, JSON, JavaScript, CSS, RDF, SPARQL results).

Starlette's `GZipMiddleware` does the work: it leaves alone replies that are small, already
encoded (the API's fast path sends its own gzip variants from `api.bin`), partial (206: a
range of a file) or of a compressed type (`application/gzip` dumps, images, fonts), and
compresses large bodies off the event loop. Around it, what it does not do:

- the downloads under `/dumps/` are sent as the files they are (see `AS_FILES`);
- a client that refuses gzip (`gzip;q=0`, `identity` only) gets the reply as it is (GZip
  reads any mention of gzip as a yes), and so does a HEAD (no body to decide on);
- a compressed reply is another representation, so a strong validator must differ: its
  `ETag` gets `-gzip` inside the quotes (`"abc"` -> `"abc-gzip"`, the API fast path's
  convention), and a conditional request naming `"abc-gzip"` also names `"abc"` for the
  route that computes the plain tag, whose 304 then carries the tag the client holds;
- replies over `SPOOL_BYTES`, streamed from their temporary file, are compressed chunk by
  chunk as they stream (chunked, without `Content-Length`).

YASGUI's bundle (1 MB) travels as ~300 kB. Brotli is not offered: the one ASGI package
for it (brotli-asgi) compresses partial replies and compressed types as well.
"""

from __future__ import annotations

from functools import lru_cache

from starlette.middleware.gzip import GZipMiddleware, IdentityResponder
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SUFFIX = "-gzip"
LEVEL = 6  # zlib's default: level 9 costs about twice the time for 1-2 % fewer bytes
MINIMUM_BYTES = 1024  # below this a reply fits one packet anyway
# Downloads go byte for byte as the catalog describes them: its dcat:byteSize is their
# Content-Length, its SHA-256 their ETag (harvesters compare both), ranges address them.
AS_FILES = ("/dumps/",)


def accepts_gzip(scope: Scope) -> bool:
    """True when `Accept-Encoding` allows gzip (named, or `*`, with a q above zero)."""
    return allows_gzip(b",".join(v for n, v in scope["headers"] if n == b"accept-encoding"))


@lru_cache(maxsize=256)  # clients send a handful of distinct values: parse each once
def allows_gzip(value: bytes) -> bool:
    """Whether the `Accept-Encoding` fields' values, joined by commas, allow gzip."""
    header = value.decode("latin-1")
    allowed: dict[str, float] = {}
    for item in header.split(","):
        coding, _, params = item.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, number = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(number)
                except ValueError:
                    q = 0.0
        if coding:
            allowed[coding.strip().lower()] = q
    q = allowed.get("gzip", allowed.get("x-gzip", allowed.get("*", 0.0)))
    return q > 0


class Compression:
    """Wraps `app` (the dispatch to the fast path or the full stack)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=MINIMUM_BYTES, compresslevel=LEVEL)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(AS_FILES):
            await self.app(scope, receive, send)
            return
        # HEAD too: its reply has no body to measure, so GZip cannot tell what GET would send
        if scope["method"] == "HEAD" or not accepts_gzip(scope):
            await IdentityResponder(self.app, MINIMUM_BYTES)(scope, receive, send)
            return
        held = _if_none_match(scope)
        if held:
            scope = {**scope, "headers": _with_plain_tags(scope["headers"], held)}

        async def tagged(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = _retag(message, held)
            await send(message)

        await self.gzip(scope, receive, tagged)


def _if_none_match(scope: Scope) -> list[str]:
    values = [v.decode("latin-1") for n, v in scope["headers"] if n == b"if-none-match"]
    return [t.strip() for v in values for t in v.split(",") if t.strip()]


def _with_plain_tags(
    headers: list[tuple[bytes, bytes]], held: list[str]
) -> list[tuple[bytes, bytes]]:
    """`If-None-Match` naming, beside each `"x-gzip"`, the plain `"x"` (the route's own)."""
    plain = [t.replace(SUFFIX + '"', '"') for t in held if t.endswith(SUFFIX + '"')]
    if not plain:
        return headers
    rest = [(n, v) for n, v in headers if n != b"if-none-match"]
    return [*rest, (b"if-none-match", ", ".join(held + plain).encode("latin-1"))]


def _retag(message: Message, held: list[str]) -> Message:
    """The reply's `ETag` for the representation sent: suffixed when it is gzip and the tag
    does not say so yet (the API's own variants do); on a 304, the tag the client named."""
    headers = message.get("headers", ())
    etag = next((v for n, v in headers if n.lower() == b"etag"), None)
    if etag is None or not etag.endswith(b'"') or etag.endswith(SUFFIX.encode() + b'"'):
        return message
    tag = etag.decode("latin-1")
    suffixed = tag[:-1] + SUFFIX + '"'
    if message["status"] == 304:
        wanted = suffixed in held and tag not in held
    else:
        wanted = any(n.lower() == b"content-encoding" and v == b"gzip" for n, v in headers)
    if not wanted:
        return message
    out = [(n, suffixed.encode("latin-1") if n.lower() == b"etag" else v) for n, v in headers]
    return {**message, "headers": out}
