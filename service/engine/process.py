"""A query process: holds its own copy of the store and answers one request at a time.

It runs sandboxed (`service.engine.sandbox`): before anything else it installs the kernel's filter
that refuses it every network connection, and once the store is open it caps its own data
segment, so a runaway query ends in an allocation failure rather than in the machine's
memory. Every request is first checked by `service.engine.safety.refuse` here, off the event loop
of the web worker that sent it.

Why processes: pyoxigraph cannot cancel a query (oxigraph/oxigraph#1926), so the only way to
stop a runaway evaluation is to kill the process running it. The parent (`service.engine.pool`)
talks to each worker over its own socket pair with `multiprocessing.Connection` framing:
it sends a pickled `Request`, the worker answers with a pickled `Reply` holding the result
fully serialized (never a partial body). The parent starts it as `python -m service.engine.process`
with the socket inherited (no multiprocessing start method re-importing `__main__`); this
module imports only pyoxigraph so that a replacement process starts quickly.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import signal
import sys
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from multiprocessing.connection import Connection
from typing import IO, Literal, cast

import pyoxigraph as ox

from loaders.dataset import load_dataset
from service.engine import sandbox
from service.engine.safety import refuse
from service.errors import QueryRefused, ServiceError, UpdateRefused

StoreMode = Literal["memory", "disk"]
STACK_BYTES = 1 << 30
# A term sent over the pipe: ("iri", value) | ("literal", value, datatype | None, lang | None)
# A substitution term as it crosses the process boundary: ("iri", iri) or
# ("literal", lexical form, datatype IRI or None, language tag or None).
WireTerm = tuple[Literal["iri"], str] | tuple[Literal["literal"], str, str | None, str | None]


@dataclass(frozen=True)
class Request:
    """One query to evaluate and how to serialize each possible kind of result."""

    query: str
    results_format: str | None = "JSON"  # a QueryResultsFormat name, for SELECT / ASK
    graph_format: str | None = "TURTLE"  # an RdfFormat name, for CONSTRUCT / DESCRIBE
    # No FROM and no default-graph-uri: the default graph is the union of the named graphs,
    # materialised in the store (loaders.dataset.load_dataset); remote backends send it.
    union_default_graph: bool = True
    default_graph: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    substitutions: dict[str, WireTerm] = field(default_factory=dict)
    prefixes: dict[str, str] | None = None
    max_bytes: int = 50_000_000
    require_triples: bool = False  # an empty CONSTRUCT answers "empty" instead of a body


@dataclass(frozen=True)
class Reply:
    """`status` is "ok" (body holds the result), or the name of the failure."""

    status: Literal[
        "ok",
        "syntax",
        "refused",
        "read-only",
        "too-large",
        "not-acceptable",
        "empty",
        "memory",
        "error",
    ]
    kind: Literal["solutions", "boolean", "graph", ""] = ""
    body: bytes = b""
    message: str = ""


class _TooLarge(Exception):
    pass


class _CappedBuffer(io.RawIOBase):
    """A write target that aborts the serialization once it holds more than `limit` bytes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.size += len(data)
        if self.size > self.limit:
            raise _TooLarge
        self.parts.append(bytes(data))
        return len(data)

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def open_store(mode: StoreMode, store_path: str, nquads_path: str) -> ox.Store:
    """The store as the settings say: `graph.nq` loaded in memory, or RocksDB read-only."""
    if mode == "disk":
        return ox.Store.read_only(store_path)
    store = ox.Store()
    load_dataset(store, path=nquads_path)
    return store


def dataset_quads(store: ox.Store) -> int:
    """Quads in the named graphs: the store's default graph only repeats their merge."""
    default = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    return len(store) - sum(1 for _ in default)


def to_term(wire: WireTerm) -> ox.NamedNode | ox.Literal:
    if wire[0] == "iri":
        return ox.NamedNode(wire[1])
    _, value, datatype, lang = wire
    if lang:
        return ox.Literal(value, language=lang)
    return ox.Literal(value, datatype=ox.NamedNode(datatype) if datatype else None)


def evaluate(store: ox.Store, req: Request, *, bounded: bool = False) -> Reply:
    """Runs `req` to completion; the result is serialized into memory, capped in size.

    A `bounded` request (`service.engine.inprocess`: its result is small by construction) is
    serialized whole and then measured against the cap: the capped buffer's Python
    `write` calls cost about a sixth of a point lookup. Same bytes, same replies.
    """
    try:
        refuse(req.query)
    except ServiceError as exc:
        return Reply(REFUSAL_STATUS.get(type(exc), "syntax"), message=exc.message)
    try:
        return _evaluate(store, req, bounded)
    except PermissionError:  # as below, from an ASK (evaluated as it is parsed)
        return Reply("refused", message=NO_CONNECTION)
    except MemoryError:
        return Reply("memory", message="the query needed more memory than a query may use")


NO_CONNECTION = (
    "SERVICE is not allowed: this endpoint never sends requests to other servers "
    "(the query tried to open a connection, and the system refused it)"
)
REFUSAL_STATUS: dict[type[ServiceError], Literal["refused", "read-only"]] = {
    QueryRefused: "refused",
    UpdateRefused: "read-only",
}


def _evaluate(store: ox.Store, req: Request, bounded: bool) -> Reply:
    default_graph = req.default_graph
    named_graphs = req.named_graphs
    if default_graph is not None and len(set(default_graph)) > 1:
        try:
            store, default_graph = merged_default_graph(store, default_graph, named_graphs)
        except ValueError as exc:  # a graph name that is no IRI: as store.query says below
            return Reply("syntax", message=f"invalid argument: {exc}")
    try:
        result = store.query(
            req.query,
            default_graph=[ox.NamedNode(g) for g in default_graph]
            if default_graph is not None
            else None,
            named_graphs=[ox.NamedNode(g) for g in named_graphs]
            if named_graphs is not None
            else None,
            substitutions={ox.Variable(k): to_term(v) for k, v in req.substitutions.items()}
            or None,
            prefixes=req.prefixes,
        )
    except SyntaxError as exc:
        return Reply("syntax", message=str(exc))
    except ValueError as exc:  # an invalid IRI among the dataset or substitution terms
        return Reply("syntax", message=f"invalid argument: {exc}")
    buffer = None if bounded else _CappedBuffer(req.max_bytes)
    target = cast("IO[bytes] | None", buffer)
    try:
        if isinstance(result, ox.QueryTriples):
            if req.graph_format is None:
                return Reply("not-acceptable", "graph")
            fmt = getattr(ox.RdfFormat, req.graph_format)
            if req.require_triples:
                triples = list(result)
                if not triples:
                    return Reply("empty", "graph")
                body = ox.serialize(triples, target, fmt, prefixes=req.prefixes)
            else:
                body = result.serialize(target, fmt)
            kind: Literal["solutions", "boolean", "graph"] = "graph"
        else:
            if req.results_format is None:
                return Reply("not-acceptable", _kind(result))
            body = result.serialize(target, getattr(ox.QueryResultsFormat, req.results_format))
            kind = _kind(result)
        if buffer is not None:
            body = buffer.getvalue()
        elif len(body or b"") > req.max_bytes:
            raise _TooLarge
    except _TooLarge:
        return Reply("too-large", message=f"the result passed the limit of {req.max_bytes} bytes")
    except SyntaxError as exc:  # errors of lazy evaluation surface while serializing
        return Reply("syntax", message=str(exc))
    except PermissionError:  # the sandbox refused a connection: a SERVICE got this far
        return Reply("refused", message=NO_CONNECTION)
    except (OSError, ValueError, TypeError, RuntimeError) as exc:
        return Reply("error", message=f"{type(exc).__name__}: {exc}")
    return Reply("ok", kind, body or b"")


MERGED_GRAPH = "urn:migrakg:merged-default-graph"


@lru_cache(maxsize=2)
def _merged(
    store: ox.Store, default_graph: tuple[str, ...], named_graphs: tuple[str, ...] | None
) -> ox.Store:
    merged = ox.Store()
    target = ox.NamedNode(MERGED_GRAPH)
    for graph in default_graph:
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
            merged.add(ox.Quad(quad.subject, quad.predicate, quad.object, target))
    for graph in named_graphs or ():
        merged.extend(store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
    return merged


def merged_default_graph(
    store: ox.Store, default_graph: tuple[str, ...], named_graphs: tuple[str, ...] | None
) -> tuple[ox.Store, tuple[str, ...]]:
    """A store whose one graph is the merge, as a set, of the `default_graph`s (with the
    `named_graphs` beside it), and that graph's name: pyoxigraph's own `default_graph=[a, b]`
    is their bag union, where a triple stated in both counts twice. The protocol's
    default-graph-uri asks for the merge (SPARQL 1.1 Query, 13.2); the two latest are kept."""
    return _merged(store, default_graph, named_graphs), (MERGED_GRAPH,)


def _kind(result: object) -> Literal["solutions", "boolean"]:
    return "boolean" if isinstance(result, ox.QueryBoolean) else "solutions"


def serve(
    conn: Connection, mode: StoreMode, store_path: str, nquads_path: str, headroom: int
) -> None:
    """The worker loop: open the store, cap memory at what that took plus `headroom` bytes
    (0: no cap), say "ready" (with the quad count), then serve."""
    try:
        store = open_store(mode, store_path, nquads_path)
        if headroom:
            sandbox.limit_memory(headroom)
    except Exception as exc:  # a damaged store or graph.nq: any error, naming the path
        path = store_path if mode == "disk" else nquads_path
        message = f"cannot open the store at {path}: {type(exc).__name__}: {exc}"
        with contextlib.suppress(OSError):  # the parent may be gone already
            conn.send_bytes(pickle.dumps(("failed", message)))
        return
    conn.send_bytes(pickle.dumps(("ready", dataset_quads(store), os.getpid())))
    while True:
        try:
            data = conn.recv_bytes()
        except (EOFError, OSError):
            return
        try:
            reply = evaluate(store, pickle.loads(data))
        except Exception as exc:  # keep serving: the parent turns this into a 500
            reply = Reply("error", message=f"{type(exc).__name__}: {exc}")
        conn.send_bytes(pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))


def main(argv: list[str]) -> None:
    """`python -m service.engine.process FD MODE STORE NQUADS HEADROOM`: FD is the inherited
    socket, HEADROOM the bytes a query may allocate beyond the loaded store."""
    sandbox.forbid_network(all_threads=True)  # first: nothing below may reach the network
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when we stop
    fd, mode, store_path, nquads_path, headroom = argv
    if mode not in ("memory", "disk"):
        raise SystemExit(f"unknown store mode {mode!r}")
    # pyoxigraph's parser and evaluator recurse: on the main thread's 8 MiB stack a chain of
    # ~10,000 `&&` or `UNION`s overflows it (SIGSEGV). A thread's stack is reserved address
    # space, committed only as it is used.
    threading.stack_size(STACK_BYTES)
    with contextlib.suppress(OSError):  # a pinned uvicorn worker's CPU is not ours alone
        os.sched_setaffinity(0, range(os.cpu_count() or 1))
    conn = Connection(int(fd))
    thread = threading.Thread(
        target=serve, args=(conn, mode, store_path, nquads_path, int(headroom))
    )
    thread.start()
    thread.join()


if __name__ == "__main__":
    # Run the imported module, not `__main__`, so pickled replies name `service.engine.process`.
    from service.engine import process

    process.main(sys.argv[1:])
