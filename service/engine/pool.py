"""A pool of preforked query processes, driven from the event loop without threads.

Each query process (`service.engine.process`) holds its own store and is reached through
its own socket pair; the event loop writes a framed pickled request and awaits the framed
reply on an asyncio stream, so a cheap query costs one local round trip and no thread hop. A query
that outlives `query_timeout_s` has its process killed (the only way to stop pyoxigraph)
and answers `QueryTimeout`; a fresh process replaces it in the background while the other
processes keep serving. Requests wait for a free query process at most `queue_timeout_s`. Replies
are cached by request (`ReplyCache`): the store never changes under a running service.
Requests whose cost is provably bounded (one constant-subject pattern, dereferencing an
IRI: `service.engine.inprocess`) skip the round trip and run in this process, in a thread.
"""

from __future__ import annotations

import asyncio
import json
import logging
import pickle
import signal
import socket
import struct
import subprocess
import sys
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from service.engine.inprocess import LocalEngine, bounded
from service.engine.process import Reply, Request
from service.errors import (
    BadRequest,
    NotAcceptable,
    NotFound,
    QueryOutOfMemory,
    QueryRefused,
    QueryTimeout,
    ResultTooLarge,
    ServiceError,
    Unavailable,
    UpdateRefused,
)
from service.published import Build
from service.settings import Settings

log = logging.getLogger(__name__)

_HEADER = struct.Struct("!i")
_LONG_HEADER = struct.Struct("!Q")


def _frame(payload: bytes) -> bytes:
    """`multiprocessing.Connection.send_bytes` framing, so the query process can use recv_bytes."""
    if len(payload) > 0x7FFFFFFF:
        return _HEADER.pack(-1) + _LONG_HEADER.pack(len(payload)) + payload
    return _HEADER.pack(len(payload)) + payload


class _Link(asyncio.Protocol):
    """The parent's end of one query process's socket: frames in, one awaited reply at a time."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future[bytes] | None = None
        self.closed = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's is no subclass

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        frame = self._frame()
        if frame is not None and self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(frame)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(ConnectionError("the query process closed its socket"))

    def _frame(self) -> bytes | None:
        """A whole frame taken off the buffer, or None while it is still incomplete."""
        buf = self.buffer
        if len(buf) < _HEADER.size:
            return None
        (size,) = _HEADER.unpack_from(buf)
        start = _HEADER.size
        if size == -1:
            if len(buf) < start + _LONG_HEADER.size:
                return None
            (size,) = _LONG_HEADER.unpack_from(buf, start)
            start += _LONG_HEADER.size
        if len(buf) < start + size:
            return None
        frame = bytes(buf[start : start + size])
        del buf[: start + size]
        return frame

    def request(self, payload: bytes) -> asyncio.Future[bytes]:
        """Sends a frame; the future gets the reply frame."""
        loop = asyncio.get_running_loop()
        self.waiter = loop.create_future()
        if self.closed or self.transport is None:
            self.waiter.set_exception(ConnectionError("the query process is gone"))
        else:
            self.transport.write(_frame(payload))
        return self.waiter


@dataclass(eq=False)
class _QueryProcess:
    process: subprocess.Popen[bytes]
    link: _Link
    quads: int = 0

    async def receive(self) -> bytes:
        """The next frame (used once, for the query process's hello)."""
        frame = self.link._frame()
        if frame is not None:
            return frame
        loop = asyncio.get_running_loop()
        self.link.waiter = loop.create_future()
        if self.link.closed:
            raise ConnectionError("the query process exited")
        return await self.link.waiter

    def kill(self) -> None:
        if self.link.transport is not None:
            self.link.transport.close()
        if self.process.poll() is None:
            self.process.kill()


class ReplyCache:
    """Replies by request, least recently used out first, within a byte budget.

    Sound because the store is read-only for the life of the process: the same request
    always gets the same reply. Only replies that depend on the data alone are kept (not
    timeouts or crashes, which are never replies); one entry may take 1/16 of the budget.
    """

    CACHEABLE = frozenset(
        {"ok", "empty", "syntax", "refused", "read-only", "not-acceptable", "too-large"}
    )

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.size = 0
        self._entries: OrderedDict[bytes, Reply] = OrderedDict()

    def get(self, key: bytes) -> Reply | None:
        reply = self._entries.get(key)
        if reply is not None:
            self._entries.move_to_end(key)
        return reply

    def put(self, key: bytes, reply: Reply) -> None:
        cost = len(key) + len(reply.body) + len(reply.message)
        if reply.status not in self.CACHEABLE or cost > self.budget // 16 or key in self._entries:
            return
        self._entries[key] = reply
        self.size += cost
        while self.size > self.budget:
            old_key, old = self._entries.popitem(last=False)
            self.size -= len(old_key) + len(old.body) + len(old.message)


class Queries:
    """`query` and `select` over an engine's `run`: shared by the query pool and the remote
    backend, so pages and APIs call either the same way."""

    settings: Settings

    async def run(self, request: Request, timeout: float | None = None) -> Reply:
        raise NotImplementedError

    async def query(self, request: Request, timeout: float | None = None) -> Reply:
        """Like `run`, but failures become the service's errors (an "ok" reply or raise)."""
        reply = await self.run(request, timeout)
        return check(reply)

    async def select(
        self,
        query: str,
        substitutions: dict[str, Any] | None = None,
        default_graph: tuple[str, ...] | None = None,
    ) -> list[dict[str, dict[str, str]]]:
        """The SPARQL JSON bindings of a SELECT (for pages and APIs built on the store)."""
        reply = await self.query(
            Request(
                query,
                results_format="JSON",
                graph_format=None,
                substitutions=substitutions or {},
                default_graph=default_graph,
                max_bytes=self.settings.max_result_bytes,
            )
        )
        rows: list[dict[str, dict[str, str]]] = json.loads(reply.body)["results"]["bindings"]
        return rows


class QueryPool(Queries):
    """The engine the routers use: `await pool.run(Request(...))` gives a `Reply`."""

    def __init__(self, settings: Settings, build: Build, *, in_process: bool = True) -> None:
        self.settings = settings
        self.in_process = in_process
        self.local: LocalEngine | None = None
        self.build = build
        self.size = settings.query_workers
        self.quads = 0
        self._idle: asyncio.Queue[_QueryProcess] = asyncio.Queue()
        self._all: set[_QueryProcess] = set()
        self._pending: set[asyncio.Task[None]] = set()
        self._closed = False
        self._cache = ReplyCache(settings.result_cache_bytes)

    @property
    def live(self) -> int:
        """Query processes running now (fewer than `size` while replacements start)."""
        return len(self._all)

    async def start(self) -> None:
        """Starts every query process; fails (naming the store) if the store cannot be opened."""
        processes = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        self.quads = processes[0].quads
        for w in processes:
            self._idle.put_nowait(w)
        if self.in_process:
            self.local = await LocalEngine.open(
                self.settings.store_mode,
                str(self.build.store_path),
                str(self.build.nquads_path),
                self.size,
            )

    async def close(self) -> None:
        self._closed = True
        for task in self._pending:
            task.cancel()
        for w in list(self._all):
            w.kill()
        self._all.clear()
        if self.local is not None:
            self.local.close()

    async def _spawn(self) -> _QueryProcess:
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        with child:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "service.engine.process",
                    str(child.fileno()),
                    self.settings.store_mode,
                    str(self.build.store_path),
                    str(self.build.nquads_path),
                    str(self.settings.query_memory_bytes),
                ],
                pass_fds=(child.fileno(),),
                stdin=subprocess.DEVNULL,
            )
        loop = asyncio.get_running_loop()
        _, link = await loop.create_connection(_Link, sock=parent)
        w = _QueryProcess(process, link)
        try:
            hello = pickle.loads(await w.receive())
        except ConnectionError:
            hello = ("failed", f"the query process exited ({process.wait()}) while starting")
        if hello[0] != "ready":
            w.kill()
            raise Unavailable(str(hello[1]))
        w.quads = hello[1]
        self._all.add(w)
        return w

    def _replace(self, dead: _QueryProcess) -> None:
        dead.kill()
        self._all.discard(dead)
        asyncio.get_running_loop().run_in_executor(None, dead.process.wait)
        if self._closed:
            return
        task = asyncio.get_running_loop().create_task(self._respawn())
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _respawn(self) -> None:
        delay = 0.1
        while not self._closed:
            try:
                self._idle.put_nowait(await self._spawn())
                return
            except (ServiceError, OSError) as exc:
                log.error("cannot start a query process: %s", exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10)

    async def run_own(self, request: Request) -> Reply:
        """One of the service's own whole-graph reads (the member index at start-up): in a
        thread of this process when it holds the store, so the query processes' memory cap,
        set for users' queries, does not apply to it (at 50x the corpus the index's
        literals pass 256 MiB); else as `run`."""
        if self.local is None:
            return await self.run(request, timeout=600)
        return await asyncio.to_thread(self.local.evaluate, request)

    def run_now(self, request: Request) -> Reply | None:
        """The reply to a bounded `request` without awaiting anything, or None (then `run`).

        For a caller on the event loop that knows no other request of this worker is in
        progress (`service.http.connection`): when `LocalEngine.idle`, from the cache or
        evaluated right here, on the loop, which spares the two thread switches of the
        hand-over (see `service.engine.inprocess`)."""
        local = self.local
        if local is None or not local.idle or not bounded(request):
            return None
        key = (
            pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL) if self._cache.budget else None
        )
        if key is not None and (cached := self._cache.get(key)) is not None:
            return cached
        reply = local.evaluate(request)
        if key is not None:
            self._cache.put(key, reply)
        return reply

    async def run(self, request: Request, timeout: float | None = None) -> Reply:
        """The reply to `request`: from the cache, in this process if bounded, or evaluated
        in a free query process in time."""
        key = (
            pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL) if self._cache.budget else None
        )
        if key is not None and (cached := self._cache.get(key)) is not None:
            return cached
        if self.local is not None and bounded(request):
            reply = await self.local.run(request)
        else:
            payload = key or pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
            reply = await self._evaluate(payload, timeout)
        if key is not None:
            self._cache.put(key, reply)
        return reply

    async def _checkout(self) -> _QueryProcess:
        """A free live query process; one found dead while idle (killed, crashed) is replaced."""
        while True:
            if self._idle.empty():
                try:
                    async with asyncio.timeout(self.settings.queue_timeout_s):
                        w = await self._idle.get()
                except TimeoutError:
                    raise Unavailable("every query process is busy; try again later") from None
            else:
                w = self._idle.get_nowait()
            if not w.link.closed:
                return w
            log.warning("query process %s found dead; replacing it", w.process.pid)
            self._replace(w)

    async def _evaluate(self, payload: bytes, timeout: float | None) -> Reply:
        w = await self._checkout()
        limit = timeout or self.settings.query_timeout_s
        future = w.link.request(payload)
        # A bare timer, not asyncio.timeout(): this path runs for every request.
        timer = asyncio.get_running_loop().call_later(limit, _expire, future)
        try:
            data = await future
        except TimeoutError:
            self._replace(w)
            raise QueryTimeout(
                f"the query ran longer than the limit of {limit:g} s and was stopped"
            ) from None
        except ConnectionError as exc:
            self._replace(w)
            if await _aborted(w.process):
                raise QueryOutOfMemory(self._memory_message()) from None
            raise Unavailable(f"the query process stopped unexpectedly ({exc})") from None
        except BaseException:  # cancelled mid-query: the query process's state is unknown
            self._replace(w)
            raise
        finally:
            timer.cancel()
        self._idle.put_nowait(w)
        reply: Reply = pickle.loads(data)
        return reply

    def _memory_message(self) -> str:
        limit = self.settings.query_memory_bytes / 2**20
        return f"the query needed more than the {limit:g} MiB a query may use and was stopped"


async def _aborted(process: subprocess.Popen[bytes]) -> bool:
    """Whether the query process died of an allocation failure (Rust aborts: SIGABRT);
    waits a moment for its exit status, which may lag behind its closed socket."""
    for _ in range(20):
        code = process.poll()
        if code is not None:
            return code == -signal.SIGABRT
        await asyncio.sleep(0.01)
    return False


def check(reply: Reply) -> Reply:
    """An "ok" reply unchanged; any other becomes the matching `ServiceError`."""
    if reply.status == "ok":
        return reply
    if reply.status == "syntax":
        raise BadRequest(reply.message)
    if reply.status == "refused":
        raise QueryRefused(reply.message)
    if reply.status == "read-only":
        raise UpdateRefused(reply.message)
    if reply.status == "too-large":
        raise ResultTooLarge(reply.message)
    if reply.status == "not-acceptable":
        raise NotAcceptable(f"no acceptable format for a {reply.kind} result")
    if reply.status == "empty":
        raise NotFound("no triples")
    if reply.status == "memory":
        raise QueryOutOfMemory(reply.message)
    raise ServiceError(reply.message)


def _expire(future: asyncio.Future[bytes]) -> None:
    if not future.done():
        future.set_exception(TimeoutError())


def iri_term(value: str) -> tuple[str, str]:
    """A substitution value for an IRI."""
    return ("iri", value)


__all__ = ["QueryPool", "Reply", "Request", "check", "iri_term"]
