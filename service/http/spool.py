"""`reply(body, ...)`: a response that holds a large body in a temporary file, not in memory.

Why: a `Response` hands its whole body to the transport in one write, and the transport
keeps it until the client has read it. Sixteen connections that asked for a 40 MB result
and never read it held one copy each in the worker (measured: the worker grew by 650 MiB
and stayed there while they were open). Past `spool_bytes`, the body is written to an
unlinked temporary file (off the event loop) and dropped, then sent in `CHUNK`s, each
only after the transport has drained below its high-water mark (uvicorn's flow control),
so a connection that does not read pins at most about two chunks of memory. The file is
closed, and so gone, when the reply ends or the client goes away (`service.http.connection`
drops a client that reads nothing for `send_timeout_s`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from typing import IO

import anyio
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

CHUNK = 64 * 1024


def reply(
    body: bytes,
    *,
    spool_bytes: int,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
    media_type: str | None = None,
) -> Response:
    """A plain `Response` for a body up to `spool_bytes`, a `SpooledResponse` beyond."""
    cls = Response if len(body) <= spool_bytes else SpooledResponse
    return cls(body, status_code, headers, media_type)


class SpooledResponse(Response):
    """Sends its body from an unlinked temporary file in `CHUNK`s, under flow control."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        body, self.body = self.body, b""  # from here on the file holds the only copy
        start = {"type": "http.response.start", "status": self.status_code}
        start["headers"] = self.raw_headers
        if scope["method"] == "HEAD":
            await send(start)
            await send({"type": "http.response.body", "body": b""})
            return
        file = await anyio.to_thread.run_sync(_spool, body)
        del body
        with file:
            async with anyio.create_task_group() as group:

                async def stream() -> None:
                    await send(start)
                    while chunk := await anyio.to_thread.run_sync(file.read, CHUNK):
                        await send({"type": "http.response.body", "body": chunk, "more_body": True})
                    await send({"type": "http.response.body", "body": b""})
                    group.cancel_scope.cancel()

                async def until_disconnected() -> None:
                    while (await receive())["type"] != "http.disconnect":
                        pass
                    group.cancel_scope.cancel()

                group.start_soon(stream)
                group.start_soon(until_disconnected)


def _spool(body: bytes | memoryview) -> IO[bytes]:
    file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the caller)
    file.write(body)
    file.seek(0)
    return file
