"""The operating system's guard around query evaluation: no network, bounded memory.

Why here and not in a parser: pyoxigraph evaluates `SERVICE <url>` by sending a real HTTP
request to any host and port, with no switch to turn it off. The user-facing refusal
(`service.safety`) reads the query with a lexer of ours, and a lexer that disagrees with
the engine's parser on one escape lets a `SERVICE` through (it did: `:a\\#`). So every
thread that evaluates a user's query first installs a seccomp filter (libseccomp, through
`pyseccomp`) under which the kernel refuses:

- `socket()` for any address family but `AF_UNIX` (no internet, netlink or packet socket:
  no HTTP request, no DNS look-up),
- `connect()` on any socket (not even a Unix one: evaluation needs none),
- `io_uring_setup()` (io_uring can open and connect sockets without those system calls).

A refused call fails with `EACCES`, which pyoxigraph reports as an error of the query; the
process goes on serving. The filter is the kernel's, so it holds whatever the query says;
it is inherited by every thread the filtered one starts, and it cannot be lifted.

Four users: `service.worker` (a query process: the filter covers all its threads, installed
before the store is opened), `service.run` (a uvicorn worker of the embedded store, on all
its threads once its listening socket is bound: serving HTTP needs `accept`, never
`socket` or `connect`, and its query processes talk over a `socketpair`), `service.inprocess`
(each of its threads installs it for itself, which matters where the app runs without
`service.run`, as in tests: there the rest of the process keeps its network) and the remote
backend, which parses a user's query with pyoxigraph (an `ASK` is evaluated as it is
parsed) in threads of `sandboxed_executor`.

`limit_memory` bounds a query process's data segment (`RLIMIT_DATA`: heap and private
anonymous mappings) at what it uses once the store is loaded plus a headroom: a runaway
evaluation then fails to allocate and the process aborts, instead of growing until the
time limit stops it (a cartesian `ORDER BY` reached 2.4 GiB in five seconds).
"""

from __future__ import annotations

import errno
import resource
import socket
from concurrent.futures import ThreadPoolExecutor

import pyseccomp

_whole_process = False  # set once every thread of this process is under the filter


class SandboxUnavailable(RuntimeError):
    """seccomp (or libseccomp) is missing: query evaluation would be unguarded, so the
    service does not start."""


def _network_filter() -> pyseccomp.SyscallFilter:
    refuse = pyseccomp.ERRNO(errno.EACCES)
    rules = pyseccomp.SyscallFilter(defaction=pyseccomp.ALLOW)
    rules.add_rule(refuse, "socket", pyseccomp.Arg(0, pyseccomp.NE, socket.AF_UNIX))
    rules.add_rule(refuse, "connect")
    rules.add_rule(refuse, "io_uring_setup")
    return rules


def forbid_network(*, all_threads: bool = False) -> None:
    """Installs the filter on the calling thread (and the threads it starts from now on);
    with `all_threads`, on every thread of the process (a query process, at start)."""
    try:
        rules = _network_filter()
        if all_threads:
            rules.set_attr(pyseccomp.Attr.CTL_TSYNC, 1)
        rules.load()
    except (OSError, AttributeError, RuntimeError) as exc:
        raise SandboxUnavailable(f"cannot install the seccomp network filter: {exc}") from exc
    if all_threads:
        global _whole_process
        _whole_process = True


def whole_process() -> bool:
    """Whether every thread of this process, and every thread it will start, is under the
    filter (`forbid_network(all_threads=True)` ran): then a query may be evaluated on any
    of them, the event loop's included (`service.engine.inprocess`)."""
    return _whole_process


def sandboxed_executor(threads: int, name: str) -> ThreadPoolExecutor:
    """A thread pool whose threads each install the network filter before any task (for
    work on a user's query that must happen in a web worker: the remote backend's checks)."""
    return ThreadPoolExecutor(threads, thread_name_prefix=name, initializer=forbid_network)


def data_bytes() -> int:
    """The process's data segment now (VmData: heap and private anonymous mappings)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    raise SandboxUnavailable("/proc/self/status has no VmData line")


def limit_memory(headroom: int) -> int:
    """Caps the data segment at its present size plus `headroom` bytes; the cap."""
    cap = data_bytes() + headroom
    resource.setrlimit(resource.RLIMIT_DATA, (cap, cap))
    return cap


__all__ = [
    "SandboxUnavailable",
    "data_bytes",
    "forbid_network",
    "limit_memory",
    "sandboxed_executor",
    "whole_process",
]
