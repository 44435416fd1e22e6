"""Provably cheap queries answered in the uvicorn worker itself, in a thread.

Why: pyoxigraph answers an IRI lookup in ~40 µs, while the round trip to a query process
(two pickles, two socket hops, two process wake-ups) costs several times that. The query
processes exist only to stop runaway evaluations; a query whose cost is bounded by the
degree of one constant IRI cannot run away, so it may skip them. The worker opens its own
copy of the store (`service.worker.open_store`) and evaluates with the very function the
query processes use (`service.worker.evaluate`): same bytes, same errors, same size cap.

The class (`bounded`) is recognised by a strict grammar over a strict token set, never by
a general parser; anything it does not recognise goes to the query processes:

- a user query with no substitutions, of exactly this shape (keywords case-insensitive)::

      (PREFIX pname: <iri>)*
      ( SELECT [DISTINCT | REDUCED] (?var+ | *) [WHERE] | ASK [WHERE] | CONSTRUCT WHERE )
      { S P O [.] }  [LIMIT n] [OFFSET n]   (either order, not for ASK)

  with S an IRI or prefixed name, P an IRI, prefixed name, `a` or variable, O an IRI,
  prefixed name or variable. One triple pattern with a constant subject reads at most the
  subject's out-degree from an index. Tokens are IRIs, prefixed names, variables, integers,
  bare keywords, `{ } . *` and white space; a string, comment, escape, bracket, FILTER,
  path, subquery or second pattern is not a token or not in the grammar, so such a query
  takes the query processes (whose parser then decides what it is). The lexer turns each
  token into one symbol and the grammar is a regular expression over those symbols
  (`_GRAMMAR`): about 7 µs a query, where a recursive-descent recogniser took 16.
- one of the service's own fixed queries (`FIXED`: dereferencing an IRI) with `?r` bound to
  an IRI: its cost is linear in that IRI's in- and out-degree. Without the binding it would
  describe the whole graph, so unbound it is not in the class.

The threads (as many as query processes) are this module's own, never the event loop's:
pyoxigraph releases the GIL while it evaluates, so the loop keeps serving meanwhile. Cost:
one more copy of the store per uvicorn worker in memory mode (~10 MiB for 23k quads).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import threading
from collections import deque
from functools import lru_cache
from queue import SimpleQueue

import pyoxigraph as ox

from service import describe
from service.worker import Reply, Request, StoreMode, evaluate, open_store

FIXED = frozenset({describe.DESCRIBE, describe.OUTLINE})

_TOKEN = re.compile(
    r"""
      (?P<ws>[ \t\r\n]+)
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<pname>(?:[A-Za-z][A-Za-z0-9_\-]*)?:(?:[A-Za-z0-9_][A-Za-z0-9_\-]*)?
                (?![\w:%\\\-]|\.[\w.:%\\\-]))              # a final dot ends a pattern
    | (?P<var>[?$][A-Za-z_][A-Za-z0-9_]*\b)
    | (?P<int>[0-9]+\b)
    | (?P<word>[A-Za-z]+\b)
    | (?P<punct>[{}.*])
    | (?P<bad>.)                                    # anything else: not in the class
    """,
    re.VERBOSE | re.DOTALL,
)
_MAX_TOKENS = 64

# Each token as one symbol, so that the grammar is one regular expression over them.
_KIND = {"iri": "i", "pname": "n", "var": "v", "int": "#"}
_KEYWORD = {
    "PREFIX": "P",
    "SELECT": "S",
    "ASK": "A",
    "CONSTRUCT": "C",
    "DISTINCT": "D",
    "REDUCED": "D",
    "WHERE": "W",
    "LIMIT": "L",
    "OFFSET": "L",
}  # any other keyword is "K", which the grammar never accepts
_PATTERN = r"\{[in][inav][inv]\.?\}"
_GRAMMAR = re.compile(rf"(?:Pni)*(?:(?:SD?(?:\*|v+)W?|CW){_PATTERN}(?:L\#){{0,2}}|AW?{_PATTERN})")


def _symbols(query: str) -> str | None:
    """One symbol per token but white space; None if any character is no token."""
    out: list[str] = []
    for m in _TOKEN.finditer(query):
        kind = m.lastgroup
        if kind == "ws":
            continue
        if kind == "bad" or len(out) == _MAX_TOKENS:
            return None
        if kind == "word":
            text = m.group()
            out.append("a" if text == "a" else _KEYWORD.get(text.upper(), "K"))
        elif kind == "punct":
            out.append(m.group())
        else:
            out.append(_KIND[kind or ""])
    return "".join(out)


@lru_cache(maxsize=4096)
def single_pattern(query: str) -> bool:
    """Whether `query` is one triple pattern with a constant subject, in the strict shape."""
    symbols = _symbols(query)
    return symbols is not None and _GRAMMAR.fullmatch(symbols) is not None


def bounded(request: Request) -> bool:
    """Whether `request` is in the in-process class (see the module docstring)."""
    subs = request.substitutions
    if request.query in FIXED:
        return subs.keys() == {"r"} and subs["r"][0] == "iri"
    return not subs and single_pattern(request.query)


class LocalEngine:
    """The worker's own store and a few threads that evaluate bounded requests on it.

    The hand-over is built to cost as few thread switches as possible, measured on this
    kind of machine (2 virtual CPUs, uvicorn worker pinned to one, `service.run`):

    - jobs go to the threads through a `SimpleQueue`; the threads run as `SCHED_BATCH`, so
      waking one does not preempt the event loop while it still holds the GIL (the woken
      thread would only block on the GIL and switch straight back);
    - replies come back through a deque and an eventfd that the loop watches. The thread
      writes the eventfd with `os.eventfd_write`, which lets go of the GIL before the
      system call, so the loop wakes to a free GIL. `call_soon_threadsafe` wakes the loop
      while the thread still holds it.

    Together: the lookup's p50 went from about 0.34 to 0.30 ms against Oxigraph's 0.20 in
    the same run (README, "Speed").
    """

    def __init__(self, store: ox.Store, threads: int) -> None:
        self.store = store
        self._loop = asyncio.get_running_loop()
        self._queue: SimpleQueue[_Job | None] = SimpleQueue()
        self._replies: deque[tuple[asyncio.Future[Reply], Reply]] = deque()
        self._wake = os.eventfd(0, os.EFD_NONBLOCK | os.EFD_CLOEXEC)
        self._loop.add_reader(self._wake, self._deliver)
        self._threads = [
            threading.Thread(target=self._serve, name="migrakg-inprocess", daemon=True)
            for _ in range(threads)
        ]
        for thread in self._threads:
            thread.start()

    @classmethod
    async def open(
        cls, mode: StoreMode, store_path: str, nquads_path: str, threads: int
    ) -> LocalEngine:
        """The store opened (or loaded) as the query processes open it, off the loop."""
        store = await asyncio.to_thread(open_store, mode, store_path, nquads_path)
        return cls(store, threads)

    def evaluate(self, request: Request) -> Reply:
        """What a query process would answer to `request` (blocking)."""
        try:
            return evaluate(self.store, request, bounded=True)
        except Exception as exc:  # as the query process does: a 500, the worker lives on
            return Reply("error", message=f"{type(exc).__name__}: {exc}")

    async def run(self, request: Request) -> Reply:
        """`evaluate` in one of this engine's threads."""
        future: asyncio.Future[Reply] = self._loop.create_future()
        self._queue.put((request, future))
        return await future

    def _serve(self) -> None:
        with contextlib.suppress(OSError, AttributeError):  # not Linux, or not allowed
            os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))
        while (job := self._queue.get()) is not None:
            request, future = job
            self._replies.append((future, self.evaluate(request)))
            with contextlib.suppress(OSError):  # closed: the service is stopping
                os.eventfd_write(self._wake, 1)

    def _deliver(self) -> None:
        """On the loop: hand every finished reply to its waiting request."""
        with contextlib.suppress(BlockingIOError):
            os.eventfd_read(self._wake)
        while self._replies:
            future, reply = self._replies.popleft()
            if not future.done():  # the request may have been cancelled meanwhile
                future.set_result(reply)

    def close(self) -> None:
        for _ in self._threads:
            self._queue.put(None)
        self._loop.remove_reader(self._wake)
        for thread in self._threads:  # a bounded job ends soon; its reply is dropped
            thread.join(timeout=5)
        if not any(thread.is_alive() for thread in self._threads):
            os.close(self._wake)  # never while a thread might still write it


_Job = tuple[Request, "asyncio.Future[Reply]"]


__all__ = ["FIXED", "LocalEngine", "bounded", "single_pattern"]
