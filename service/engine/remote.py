"""The remote backend: the same engine interface over any SPARQL 1.1 endpoint, by HTTP.

For users who outgrow one machine: load the build's `graph.nq` into Virtuoso, Fuseki,
GraphDB or QLever and set `store_backend="sparql"`, `sparql_endpoint_url=...`. The
service's own checks (`service.engine.safety`: no SERVICE, no updates) and pyoxigraph's verdict
on the text run here first, in threads that cannot open a connection
(`service.engine.sandbox.sandboxed_executor`), off the event loop.

What keeps the answers the same as the embedded store's:
- the dataset is always explicit. The default graph is the union of the build's named
  graphs (those under `<base>grafo/`, listed at start-up), sent as `default-graph-uri` and
  `named-graph-uri`: Virtuoso's own default graph would be *every* graph it holds,
  system graphs included;
- bound parameters are written into the text as escaped terms (`service.engine.bind`),
  with pyoxigraph's meaning (pre-bound everywhere, still projected);
- the endpoint is asked for one plain format (SPARQL XML results, N-Triples/Turtle) and
  pyoxigraph re-serializes it into the negotiated one, so every format, prefix and
  JSON-LD shape is the embedded store's.
Limits: a deadline of `query_timeout_s` over the whole exchange (the HTTP client's
timeout; the endpoint should enforce its own too, for example Virtuoso's
`MaxQueryExecutionTime`), a 200 flagged as partial (Virtuoso's anytime answers,
`X-SQL-State`) is a timeout never a short answer, at most `query_workers` requests in
flight, and the body read is capped.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
from typing import Any, Literal

import httpx
import pyoxigraph as ox

from service.engine.bind import (
    BindError,
    expand_escaped_names,
    prologue,
    substitute,
    term_text,
    without_dataset_clauses,
)
from service.engine.pool import Queries, ReplyCache, check
from service.engine.process import REFUSAL_STATUS, Reply, Request, to_term
from service.engine.safety import check_query
from service.engine.sandbox import sandboxed_executor
from service.errors import BadRequest, QueryTimeout, ServiceError, Unavailable
from service.published import Build
from service.settings import Settings

log = logging.getLogger(__name__)

RESULTS_ACCEPT = "application/sparql-results+xml"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, text/plain;q=0.5"
# Whatever the endpoint's reply format, the answer is at most this many times our cap.
READ_FACTOR = 4
LIST_GRAPHS = (
    "SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
    "FILTER(STRSTARTS(STR(?g), {prefix})) }} GROUP BY ?g"
)


class RemoteEngine(Queries):
    """`await engine.run(Request(...))` → `Reply`, answered by a SPARQL 1.1 endpoint."""

    def __init__(self, settings: Settings, build: Build) -> None:
        if not settings.sparql_endpoint_url:
            raise Unavailable("store_backend is 'sparql' but sparql_endpoint_url is empty")
        self.settings = settings
        self.build = build
        self.url = settings.sparql_endpoint_url
        self.size = settings.query_workers
        self.live = 0
        self.quads = 0
        self.graphs: tuple[str, ...] = ()
        self._cache = ReplyCache(settings.result_cache_bytes)
        self._client: httpx.AsyncClient | None = None
        self._parser = ox.Store()  # empty: only parses
        self._inspector = sandboxed_executor(self.size, "migrakg-remote-check")

    async def start(self) -> None:
        """Connects, and lists the build's graphs; fails naming the endpoint if unreachable."""
        self._client = httpx.AsyncClient(
            limits=httpx.Limits(max_connections=self.size, max_keepalive_connections=self.size),
            timeout=httpx.Timeout(
                self.settings.query_timeout_s, pool=self.settings.queue_timeout_s, connect=5
            ),
        )
        prefix = self.settings.base_iri + "grafo/"
        query = LIST_GRAPHS.format(prefix=term_text(("literal", prefix, None, None)))
        request = Request(query, union_default_graph=False, max_bytes=2**31)
        try:
            reply = check(await self._evaluate(request, timeout=600, dataset=False))
        except ServiceError as exc:
            raise Unavailable(f"the SPARQL endpoint {self.url} cannot be used: {exc}") from exc
        rows = json.loads(reply.body)["results"]["bindings"]
        self.graphs = tuple(sorted(r["g"]["value"] for r in rows))
        self.quads = sum(int(r["n"]["value"]) for r in rows)
        if not self.graphs:
            raise Unavailable(f"the SPARQL endpoint {self.url} holds no graph under {prefix}")
        self.live = self.size

    async def close(self) -> None:
        self.live = 0
        if self._client is not None:
            await self._client.aclose()
        self._inspector.shutdown(wait=False, cancel_futures=True)

    async def run(self, request: Request, timeout: float | None = None) -> Reply:
        """The reply to `request`, from the cache or the endpoint (same as `QueryPool.run`)."""
        key = repr(request).encode()
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        reply = await self._evaluate(request, timeout)
        self._cache.put(key, reply)
        return reply

    def run_now(self, request: Request) -> Reply | None:
        """None: every reply of this backend comes over the network (`run`)."""
        return None

    def _parse(self, request: Request) -> Reply | None:
        """pyoxigraph's own verdict on the text and arguments (on an empty store, lazily):
        a query one backend refuses, the other refuses too, with the same message."""
        try:
            self._parser.query(
                request.query,
                use_default_graph_as_union=True,
                substitutions={ox.Variable(k): to_term(v) for k, v in request.substitutions.items()}
                or None,
                prefixes=request.prefixes,
            )
        except SyntaxError as exc:
            return Reply("syntax", message=str(exc))
        except ValueError as exc:
            return Reply("syntax", message=f"invalid argument: {exc}")
        except RuntimeError as exc:  # as the query process would answer it
            return Reply("error", message=f"{type(exc).__name__}: {exc}")
        return None

    def _prepare(self, request: Request, dataset: bool) -> Reply | tuple[dict[str, Any], str]:
        """In a sandboxed thread: a refusal (ours or pyoxigraph's), or the form fields to
        send and the query's form."""
        try:
            has_from = check_query(request.query).has_from
        except ServiceError as exc:
            return Reply(REFUSAL_STATUS.get(type(exc), "syntax"), message=exc.message)
        refused = self._parse(request)
        if refused is not None:
            return refused
        try:
            text, fields = self._form(request, dataset, has_from)
            return fields, check_query(text).form
        except BindError as exc:
            return Reply("syntax", message=f"invalid argument: {exc}")
        except BadRequest as exc:
            return Reply("syntax", message=exc.message)

    def _form(self, request: Request, dataset: bool, has_from: bool) -> tuple[str, dict[str, Any]]:
        """The query text to send and the protocol's form fields (query, dataset)."""
        text = substitute(
            expand_escaped_names(request.query, request.prefixes), request.substitutions
        )
        text = prologue(request.prefixes) + text
        fields: dict[str, Any] = {"query": text}
        if not dataset:
            return text, fields
        if request.default_graph is not None:
            fields["query"] = text = without_dataset_clauses(text)
            fields["default-graph-uri"] = list(request.default_graph)
            fields["named-graph-uri"] = list(
                self.graphs if request.named_graphs is None else request.named_graphs
            )
        elif request.union_default_graph and not has_from:
            fields["default-graph-uri"] = list(self.graphs)
            fields["named-graph-uri"] = list(self.graphs)
        return text, fields

    async def _evaluate(
        self, request: Request, timeout: float | None, dataset: bool = True
    ) -> Reply:
        assert self._client is not None, "start() the engine first"
        loop = asyncio.get_running_loop()
        prepared = await loop.run_in_executor(self._inspector, self._prepare, request, dataset)
        if isinstance(prepared, Reply):
            return prepared
        fields, form = prepared
        graph = form in ("CONSTRUCT", "DESCRIBE")
        limit = timeout or self.settings.query_timeout_s
        cap = request.max_bytes * READ_FACTOR
        try:
            async with asyncio.timeout(limit):
                status, headers, body = await self._post(fields, graph, limit, cap)
        except TimeoutError:
            raise QueryTimeout(
                f"the query ran longer than the limit of {limit:g} s and was stopped"
            ) from None
        except httpx.PoolTimeout:
            raise Unavailable("every connection to the SPARQL endpoint is busy") from None
        except httpx.TimeoutException:
            raise QueryTimeout(f"the SPARQL endpoint did not answer within {limit:g} s") from None
        except httpx.TransportError as exc:
            raise Unavailable(f"the SPARQL endpoint {self.url} is unreachable: {exc}") from None
        if body is None:
            return Reply("too-large", message=f"the result passed the limit of {cap} bytes")
        message = body[:2000].decode("utf-8", "replace").strip()
        if headers.get("x-sql-state", "").startswith("S1T") or (
            status >= 500 and "S1T00" in message
        ):
            raise QueryTimeout(
                f"the SPARQL endpoint stopped the query at its time limit ({limit:g} s)"
            )
        if 400 <= status < 500:
            return Reply("syntax", message=message)
        if status != 200:
            return Reply("error", message=f"the SPARQL endpoint answered {status}: {message}")
        return await asyncio.to_thread(_reserialize, request, graph, body, form == "ASK")

    async def _post(
        self, fields: dict[str, Any], graph: bool, limit: float, cap: int
    ) -> tuple[int, httpx.Headers, bytes | None]:
        assert self._client is not None
        accept = GRAPH_ACCEPT if graph else RESULTS_ACCEPT
        async with self._client.stream(
            "POST",
            self.url,
            data=fields,
            headers={"Accept": accept},
            timeout=httpx.Timeout(limit, pool=self.settings.queue_timeout_s, connect=5),
        ) as response:
            parts: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > cap:
                    return response.status_code, response.headers, None
                parts.append(chunk)
            return response.status_code, response.headers, b"".join(parts)


def _boolean(result: ox.QuerySolutions) -> ox.QueryBoolean:
    """Virtuoso answers some ASKs as one row `__ASK_RETVAL` = 1 or 0: make it a boolean."""
    value = "false"
    for solution in result:
        term = solution[0]
        if term is not None and term.value in ("1", "true"):
            value = "true"
    xml = f'<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/><boolean>{value}</boolean></sparql>'
    answer = ox.parse_query_results(xml.encode(), format=ox.QueryResultsFormat.XML)
    assert isinstance(answer, ox.QueryBoolean)
    return answer


def _reserialize(request: Request, graph: bool, body: bytes, ask: bool) -> Reply:
    """The endpoint's answer in the format `request` asks for, as pyoxigraph writes it."""
    out = io.BytesIO()
    kind: Literal["graph", "boolean", "solutions"]
    try:
        if graph:
            if request.graph_format is None:
                return Reply("not-acceptable", "graph")
            triples = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
            if request.require_triples and not triples:
                return Reply("empty", "graph")
            fmt = getattr(ox.RdfFormat, request.graph_format)
            ox.serialize(triples, out, fmt, prefixes=request.prefixes)
            kind = "graph"
        else:
            result = ox.parse_query_results(body, format=ox.QueryResultsFormat.XML)
            if ask and isinstance(result, ox.QuerySolutions):
                result = _boolean(result)
            boolean = isinstance(result, ox.QueryBoolean)
            kind = "boolean" if boolean else "solutions"
            if request.results_format is None:
                return Reply("not-acceptable", kind)
            result.serialize(out, getattr(ox.QueryResultsFormat, request.results_format))
    except SyntaxError as exc:
        return Reply("error", message=f"the SPARQL endpoint's answer does not parse: {exc}")
    data = out.getvalue()
    if len(data) > request.max_bytes:
        return Reply(
            "too-large", message=f"the result passed the limit of {request.max_bytes} bytes"
        )
    return Reply("ok", kind, data)
