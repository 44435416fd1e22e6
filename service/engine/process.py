"""A query process: holds its own copy of the store and answers one request at a time.

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
from multiprocessing.connection import Connection
from typing import IO, Literal, cast

import pyoxigraph as ox

from loaders.dataset import load_dataset

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

    status: Literal["ok", "syntax", "too-large", "not-acceptable", "empty", "error"]
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
        result = store.query(
            req.query,
            default_graph=[ox.NamedNode(g) for g in req.default_graph]
            if req.default_graph is not None
            else None,
            named_graphs=[ox.NamedNode(g) for g in req.named_graphs]
            if req.named_graphs is not None
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
    except (OSError, ValueError, TypeError, RuntimeError) as exc:
        return Reply("error", message=f"{type(exc).__name__}: {exc}")
    return Reply("ok", kind, body or b"")


def _kind(result: object) -> Literal["solutions", "boolean"]:
    return "boolean" if isinstance(result, ox.QueryBoolean) else "solutions"


def serve(conn: Connection, mode: StoreMode, store_path: str, nquads_path: str) -> None:
    """The worker loop: open the store, say "ready" (with the quad count), then serve."""
    try:
        store = open_store(mode, store_path, nquads_path)
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
    """`python -m service.engine.process FD MODE STORE NQUADS`: FD is the inherited socket."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when we stop
    fd, mode, store_path, nquads_path = argv
    if mode not in ("memory", "disk"):
        raise SystemExit(f"unknown store mode {mode!r}")
    # pyoxigraph's parser and evaluator recurse: on the main thread's 8 MiB stack a chain of
    # ~10,000 `&&` or `UNION`s overflows it (SIGSEGV). A thread's stack is reserved address
    # space, committed only as it is used.
    threading.stack_size(STACK_BYTES)
    with contextlib.suppress(OSError):  # a pinned uvicorn worker's CPU is not ours alone
        os.sched_setaffinity(0, range(os.cpu_count() or 1))
    conn = Connection(int(fd))
    thread = threading.Thread(target=serve, args=(conn, mode, store_path, nquads_path))
    thread.start()
    thread.join()


if __name__ == "__main__":
    # Run the imported module, not `__main__`, so pickled replies name `service.engine.process`.
    from service.engine import process

    process.main(sys.argv[1:])
