"""Provably cheap queries answered in the uvicorn worker itself, in a thread.

Why: pyoxigraph answers an IRI lookup in ~40 µs, while the round trip to a query process
(two pickles, two socket hops, two process wake-ups) costs several times that. The query
processes exist only to stop runaway evaluations; a query whose cost is bounded by the
degree of one constant IRI cannot run away, so it may skip them. The worker opens its own
copy of the store (`service.engine.process.open_store`) and evaluates with the very function the
query processes use (`service.engine.process.evaluate`): same bytes, same errors, same size cap.

The class (`bounded`):

- a user query with no substitutions in the strict one-pattern shape of `service.engine.shape`
  (one triple pattern with a constant subject: it reads at most the subject's out-degree
  from an index); anything else goes to the query processes.
- one of the service's own fixed queries (`FIXED`: dereferencing an IRI, a page's checks)
  with `?r` bound to an IRI: its cost is linear in that IRI's in- and out-degree (and, for
  the checks, in its discrepancies' cited lines). Without the binding it would
  describe the whole graph, so unbound it is not in the class.

Each thread installs the query processes' seccomp filter on itself before it evaluates
anything (`service.engine.sandbox`): even a query that is not what the recogniser thinks it is
cannot open a connection from here.

The threads (as many as query processes) are this module's own: pyoxigraph releases the
GIL while it evaluates, so the loop keeps serving meanwhile. Cost: one more copy of the
store per uvicorn worker in memory mode (~10 MiB for 23k quads).

On the event loop itself only when the worker is idle (`LocalEngine.idle`, asked through
`QueryPool.run_now` by `service.http.connection`): every thread of the process is under
the filter (`service.run`'s workers; not an app run by plain uvicorn, as in tests), no job
of these threads is in flight and no other request of the worker is in progress; each
lookup its loop turn completed is then evaluated in turn. Why only then: pyoxigraph lets go
of the GIL while it evaluates, and with another thread ready to take it the loop may wait a
switch interval (5 ms) to get it back. Evaluating every lookup on the loop was measured at
0.98x Oxigraph's latency alone, but under `python -m bench load` (64 clients, mixed) API
items' p50 became 1.5x the lookups' (1.0x with the threads); when nothing else is in
progress no thread wants the GIL, and the thread switches of the hand-over are saved.
A burst of lookups (16 connections) went to the threads until 2026-12-05: on the worker's
one CPU each hand-over cost ~17 futex calls (`strace -c`), and on the loop the server spent
141 µs of CPU a lookup instead of 163 and served 1.09-1.17x the threads' throughput
(machine otherwise idle, servers alternated in one run). With a CPU-bound process beside
them the threads served more (1.19x): three runnable threads take a larger share of a
contended CPU, not less work.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from collections import deque
from queue import SimpleQueue

import pyoxigraph as ox

from service.engine import sandbox
from service.engine.process import Reply, Request, StoreMode, evaluate, open_store
from service.engine.shape import single_pattern
from service.linked_data import checks, describe

# A resource page's checks (`checks.FOR_RESOURCE`) read the discrepancies and claims `?r`
# links to and their cited statements: bounded by that two-step neighbourhood (a claim
# cites a few lines). In a query process it cost the page ~9 ms of CPU in hand-over.
FIXED = frozenset({describe.DESCRIBE, describe.OUTLINE, checks.FOR_RESOURCE})


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
    the same run (README, "Benchmarks"). When the worker is idle, `evaluate` runs on the
    loop instead (module docstring).
    """

    def __init__(self, store: ox.Store, threads: int) -> None:
        self.store = store
        # On the loop itself only where no thread of the process can reach the network.
        self.inline = sandbox.whole_process()
        self._in_flight = 0  # jobs handed to the threads and not yet delivered
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

    @property
    def idle(self) -> bool:
        """Whether `evaluate` may run on the event loop now: the whole process is under the
        filter and none of this engine's threads has a job (so none of them will want the
        GIL back while pyoxigraph has let go of it)."""
        return self.inline and not self._in_flight

    async def run(self, request: Request) -> Reply:
        """`evaluate` in one of this engine's threads."""
        future: asyncio.Future[Reply] = self._loop.create_future()
        self._in_flight += 1
        self._queue.put((request, future))
        return await future

    def _serve(self) -> None:
        # The kernel's guard, on this thread only: the worker's own threads serve HTTP.
        sandbox.forbid_network()
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
            self._in_flight -= 1
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
