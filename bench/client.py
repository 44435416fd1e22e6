"""A minimal HTTP/1.1 keep-alive load client on asyncio, light enough not to be the bottleneck.

Each connection sends a prepared request and reads the response by `Content-Length` or
chunked transfer coding (Oxigraph streams its results). Python HTTP clients such as httpx
spend several hundred microseconds per request, which on a 2-core machine would measure the
client, not the servers; this one spends a few tens.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Probe:
    """One kind of request: method, URL (absolute), headers and body. With `more_urls`
    (same host), each connection cycles through `url` and them, from its own offset: a
    lookup of one resource repeated would measure every cache on the way, not the work."""

    method: str
    url: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    more_urls: tuple[str, ...] = ()

    def raw(self) -> tuple[str, int, list[bytes]]:
        """Host, port and the bytes of each request to send."""
        parts = urlsplit(self.url)
        return (
            parts.hostname or "127.0.0.1",
            parts.port or 80,
            [self._request(url) for url in (self.url, *self.more_urls)],
        )

    def _request(self, url: str) -> bytes:
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        lines = [f"{self.method} {target} HTTP/1.1", f"Host: {parts.netloc}"]
        lines += [f"{k}: {v}" for k, v in self.headers]
        if self.body or self.method == "POST":
            lines.append(f"Content-Length: {len(self.body)}")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode()
        return head + self.body


@dataclass
class Stats:
    latencies: list[float]
    errors: int
    elapsed: float
    statuses: dict[int, int]

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    @classmethod
    def pooled(cls, parts: list[Stats]) -> Stats:
        """The measurements of several runs as one (latencies together, time summed)."""
        statuses: dict[int, int] = {}
        for part in parts:
            for status, n in part.statuses.items():
                statuses[status] = statuses.get(status, 0) + n
        return cls(
            [x for part in parts for x in part.latencies],
            sum(part.errors for part in parts),
            sum(part.elapsed for part in parts),
            statuses,
        )

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        if len(self.latencies) == 1:
            return self.latencies[0]
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[int(p) - 1]


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length, chunked = 0, False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if chunked:  # Oxigraph streams query results
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status


async def _worker(
    probe: Probe, offset: int, deadline: float, remaining: list[int], stats: Stats
) -> None:
    host, port, requests = probe.raw()
    reader, writer = await asyncio.open_connection(host, port, limit=2**24)
    sent = offset
    try:
        while remaining[0] > 0 and time.perf_counter() < deadline:
            remaining[0] -= 1
            request = requests[sent % len(requests)]
            sent += 1
            t0 = time.perf_counter()
            writer.write(request)
            status = await _read_response(reader)
            stats.latencies.append(time.perf_counter() - t0)
            stats.statuses[status] = stats.statuses.get(status, 0) + 1
            if status != 200:
                stats.errors += 1
    finally:
        writer.close()


async def _run(probe: Probe, concurrency: int, count: int, seconds: float) -> Stats:
    stats = Stats([], 0, 0.0, {})
    remaining = [count]
    start = time.perf_counter()
    await asyncio.gather(
        *(
            _worker(probe, n * 7919, start + seconds, remaining, stats)  # spread the offsets
            for n in range(concurrency)
        )
    )
    stats.elapsed = time.perf_counter() - start
    return stats


def measure(probe: Probe, concurrency: int, count: int, seconds: float) -> Stats:
    """Runs at most `count` requests or for at most `seconds`, `concurrency` at a time."""
    import uvloop

    return uvloop.run(_run(probe, concurrency, count, seconds))
