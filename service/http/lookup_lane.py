"""`LookupLane`: a SPARQL lookup of the provably cheap class answered in one step.

Why: a point lookup costs pyoxigraph ~50 µs, and the layers every other request needs
(`Edge`, `Compression`, the fast path's `Request` and `Response` objects, three ASGI
wrappers of `send`) cost several times that in Python: the lookup took 1.7x Oxigraph's
own server's latency. The lane takes a plain `GET /sparql?query=...` whose query is in the
engine's in-process class (`service.engine.inprocess.bounded`: one triple pattern with a
constant subject, no dataset parameters), asks the engine exactly as the route does
(`Queries.run`: the reply cache, then the worker's own sandboxed threads), and sends the
bytes with the headers the full path gives the same reply: `Vary`, the security headers,
gzip when the client takes it. Anything else, and any reply that is not "ok" (an error
has its negotiated or Spanish HTML form to take), goes the full way: a bounded query is
cheap by construction, so asking it twice costs nothing that matters.

Two doors: `service.http.connection` asks `job` as soon as a request's head is parsed and
writes `reply` itself (no ASGI cycle, task or middleware at all: what `migrakg serve`
runs); `answer` is the same as an ASGI app, first in `service.app.Service` (any other
server).
"""

from __future__ import annotations

import codecs
import enum
import gzip
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, unquote_to_bytes

from starlette.types import ASGIApp, Receive, Scope, Send

from service.engine.inprocess import bounded
from service.engine.process import Reply
from service.engine.process import Request as EngineRequest
from service.http import formats
from service.http.compression import LEVEL, MINIMUM_BYTES, allows_gzip
from service.http.conneg import Offer, negotiate
from service.http.edge import SECURITY_HEADERS
from service.settings import Settings
from service.state import ServiceState


@dataclass(frozen=True)
class Form:
    """A lane reply's header fields after `content-length` (which the body gives), as
    fields and as the lines of a head: a reply takes one of a handful of forms (content
    type, `vary`, encoding), made once each (`_form`)."""

    fields: tuple[tuple[bytes, bytes], ...]
    lines: bytes  # "name: value\r\n" for each field

    def headers(self, body: bytes) -> list[tuple[bytes, bytes]]:
        """Every header field of the reply carrying `body`, `content-length` first."""
        return [(b"content-length", b"%d" % len(body)), *self.fields]


Fields = tuple[Form, bytes]  # the reply's form and body

# A request with any of these takes the full stack: CORS, a body, a validator to check.
_NEEDS_STACK = frozenset(
    {b"origin", b"content-length", b"transfer-encoding", b"if-none-match", b"range"}
)
_VARY_PLAIN = b"Accept, Origin"  # what `Edge` makes of the route's `Vary: Accept`
_VARY_COMPRESSIBLE = b"Accept, Accept-Encoding, Origin"  # ... and GZip's, above its minimum


class Later(enum.Enum):
    """`LookupLane.now`'s answer when the reply must be awaited (`reply`)."""

    LATER = enum.auto()


LATER = Later.LATER


@dataclass(frozen=True)
class _Job:
    request: EngineRequest
    results: Offer | None
    graphs: Offer | None
    gzip: bool


def _query(raw: bytes) -> str | None:
    """The value of `query` when it is the only parameter, decoded as `parse_qsl` does.

    The common case (ASCII, `query=` and no other pair) skips `parse_qsl`'s generality:
    for ASCII text `unquote` is `unquote_to_bytes` then UTF-8 with replacement, which is
    what this does (`_unquote`)."""
    if raw.startswith(b"query=") and b"&" not in raw and raw.isascii():
        return _unquote(raw[6:].replace(b"+", b" ")).decode("utf-8", "replace")
    pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
    if len(pairs) != 1 or pairs[0][0] != "query":
        return None
    return pairs[0][1]


def _unquote(raw: bytes) -> bytes:
    """`unquote_to_bytes(raw)` for ASCII `raw`, in C when it can be.

    `unquote_to_bytes` is a Python loop over every `%` (4.4 µs for a lookup's 40 escapes,
    a tenth of the lane's own time). With no backslash in `raw`, each `%XX` written `\\xXX`
    is the same byte to the interpreter's escape decoder (`codecs.escape_decode`, what
    `pickle` decodes its text strings with), 0.9 µs; any `%` that is not followed by two hex
    digits makes it raise, and then `unquote_to_bytes` decides, as it always did."""
    if b"\\" not in raw:
        try:
            return codecs.escape_decode(raw.replace(b"%", b"\\x"))[0]
        except ValueError:
            pass
    return unquote_to_bytes(raw)


@lru_cache(maxsize=64)  # offers x `vary` x encoding: a handful
def _form(offer: Offer, vary: bytes, gzipped: bool) -> Form:
    fields = [(b"content-type", formats.content_type(offer).encode("latin-1"))]
    if gzipped:
        fields.append((b"content-encoding", b"gzip"))
    fields += [(b"vary", vary), *SECURITY_HEADERS]
    return Form(tuple(fields), b"".join(name + b": " + value + b"\r\n" for name, value in fields))


class LookupLane:
    """Answers the bounded lookups of `GET /sparql`; `job(scope)` says which."""

    def __init__(self, state: Callable[[], ServiceState | None]) -> None:
        self._state = state

    def job(self, scope: Scope) -> _Job | None:
        """The lookup `scope` asks for, or None when the request must take the full stack."""
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] != "/sparql":
            return None
        state = self._state()
        if state is None:
            return None
        accept: list[bytes] = []
        encodings: list[bytes] = []
        for name, value in scope["headers"]:
            if name in _NEEDS_STACK:
                return None
            if name == b"accept":
                accept.append(value)
            elif name == b"accept-encoding":
                encodings.append(value)
        query = _query(scope["query_string"])
        if query is None:
            return None  # a bare GET, dataset parameters, an update, repeated queries
        accepted = b", ".join(accept).decode("latin-1") if accept else None
        results = negotiate(accepted, formats.RESULTS)
        graphs = negotiate(accepted, formats.GRAPHS)
        request = EngineRequest(
            query,
            results_format=results.key if results else None,
            graph_format=graphs.key if graphs else None,
            max_bytes=state.settings.max_result_bytes,
        )
        if not bounded(request):
            return None
        return _Job(request, results, graphs, allows_gzip(b",".join(encodings)))

    def now(self, job: _Job) -> Fields | Later | None:
        """`reply` without awaiting, when the engine can answer at once (`run_now`: the
        caller has seen that no other request of this worker is in progress); else `LATER`."""
        state = self._state()
        if state is None:
            return LATER
        reply = state.engine.run_now(job.request)
        if reply is None:
            return LATER
        return self._fields(job, reply, state.settings)

    async def reply(self, job: _Job) -> Fields | None:
        """The reply's header fields and body, or None when the full stack must answer."""
        state = self._state()
        if state is None:  # stopping
            return None
        reply = await state.engine.run(job.request)
        return self._fields(job, reply, state.settings)

    @staticmethod
    def _fields(job: _Job, reply: Reply, settings: Settings) -> Fields | None:
        offer = job.graphs if reply.kind == "graph" else job.results
        body = reply.body
        if reply.status != "ok" or offer is None or len(body) > settings.spool_bytes:
            return None
        if len(body) < MINIMUM_BYTES:
            return _form(offer, _VARY_PLAIN, False), body
        if job.gzip:
            body = gzip.compress(body, compresslevel=LEVEL, mtime=0)
        return _form(offer, _VARY_COMPRESSIBLE, job.gzip), body

    async def answer(
        self, job: _Job, scope: Scope, receive: Receive, send: Send, full: ASGIApp
    ) -> None:
        """As an ASGI app: the reply to `job`, or the full stack's answer."""
        found = await self.reply(job)
        if found is None:
            await full(scope, receive, send)
            return
        form, body = found
        await send({"type": "http.response.start", "status": 200, "headers": form.headers(body)})
        await send({"type": "http.response.body", "body": body})
