"""`Placement`: a pinned worker's event loop leaves its CPU while it serves one request at a time.

Why: `service.run` pins each worker to a CPU of its own (`pin_workers`), which keeps a busy
worker and its threads together and the two workers apart. But a client of one request at
a time then waits on whichever CPU the worker was given: on this kind of machine (virtual
CPUs that halt when idle) a reply and the next request each cost a wake-up of the other CPU
when the client runs there. Measured, a lookup at concurrency 1 took 0.30-0.33 ms with the
client on the other CPU and 0.24 ms on the same one (Oxigraph's own server: 0.19 either
way, its threads unpinned); unpinned, the kernel ran the worker beside its client (0.24 ms
wherever the client was), but at 16 connections the two unpinned workers served 0.7x
what the pinned ones did.

So the loop's thread (only it: the engine's threads stay where `service.run` put them) is
unpinned once its worker has seen no overlapping requests for `CALM_S`, and pinned again
as soon as a request arrives while another is in progress. Each move is one
`sched_setaffinity` call, made only on a change.
"""

from __future__ import annotations

import contextlib
import os
import time

CALM_S = 0.02  # no overlap for this long: the loop's thread may run on any CPU


class Placement:
    """The loop thread's CPUs: its own one while requests overlap, any while they do not."""

    def __init__(self, cpu: int, cpus: set[int]) -> None:
        self._own = {cpu}
        self._any = cpus
        self._pinned = True  # `service.run` pinned the whole process before it started
        self._calm_since: float | None = None

    @property
    def pinned(self) -> bool:
        return self._pinned

    def busy(self) -> None:
        """A request arrived while another was in progress."""
        self._calm_since = None
        if not self._pinned:
            self._move(self._own)
            self._pinned = True

    def calm(self) -> None:
        """A request arrived with nothing else in progress."""
        if not self._pinned:
            return
        now = time.monotonic()
        if self._calm_since is None:
            self._calm_since = now
        elif now - self._calm_since >= CALM_S:
            self._move(self._any)
            self._pinned = False

    @staticmethod
    def _move(cpus: set[int]) -> None:
        with contextlib.suppress(OSError):  # not allowed here: stay where it is
            os.sched_setaffinity(0, cpus)  # 0: the calling thread, the event loop's


_placement: Placement | None = None


def configure(cpu: int, cpus: set[int]) -> None:
    """Called by `service.run` in a worker pinned to `cpu` (of `cpus`), before it serves."""
    global _placement
    _placement = Placement(cpu, cpus)


def current() -> Placement | None:
    """This worker's placement, or None when it is not pinned (nothing to do)."""
    return _placement


__all__ = ["CALM_S", "Placement", "configure", "current"]
