"""`LimitedHttpTools`: uvicorn's httptools protocol with size limits and deadlines.

Why at the protocol and not in the application: by the time an ASGI app sees a request,
uvicorn has already buffered its whole head (httptools keeps a header's value until it
ends, however long: an 8 MB `Accept` was read, kept and answered), and a connection that
trickles its head a byte at a time, or never sends one, costs nothing to open and is never
closed (uvicorn's only timer is the keep-alive one, armed after a reply). Here:

- the request target may be `max_request_line_bytes` long and the head (request line and
  fields) `max_header_bytes`; beyond either the reply is a 431 and the connection is closed,
  counted as the bytes arrive, so no more than one read (256 KiB at most) past the limit is
  ever held;
- the head must arrive within `header_timeout_s` of the connection or of the request's first
  byte, its body within `body_timeout_s` of the head (slowloris: 408, then closed);
- an idle keep-alive connection is closed after `keep_alive_timeout_s`;
- a client that reads nothing of a reply for `send_timeout_s` (the transport stays above
  its high-water mark) is dropped, so a reply waiting for it is freed;
- what one turn of the event loop writes goes out in one system call (`Coalescing`):
  uvicorn writes a reply's head and its body separately, two sends on the socket and two
  wake-ups of the client for every small reply;
- a bounded SPARQL lookup (`service.http.lookup_lane`) is answered here, with no ASGI
  cycle: the reply's bytes are written in order with whatever the connection carries
  (a placeholder cycle holds pipelined requests back until they are), and a lookup that is
  not a plain success is handed to the application as any request is.

uvicorn loads the class by its import path (`http="service.http.connection:LimitedHttpTools"`:
`service.run` for `migrakg serve`, `--http` on the command line); the limits come from the
settings (`MIGRAKG_*`), read once per worker.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from itertools import chain
from typing import Any, cast

import httptools
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import (
    STATUS_LINE,
    HttpToolsProtocol,
    RequestResponseCycle,
)
from uvicorn.server import ServerState

from service.http import placement
from service.http.edge import SECURITY_HEADERS
from service.http.lookup_lane import LATER, Fields, Form, LookupLane, _Job
from service.settings import get_settings

PROTOCOL = "service.http.connection:LimitedHttpTools"
log = logging.getLogger("uvicorn.error")

# What a request line holds besides its target: "DELETE " + " HTTP/1.1\r\n" and slack.
_LINE_OVERHEAD = 32
_LINGER_S = 1.0


class HeadTooLarge(Exception):
    """Raised from a parser callback: the head passed a limit (the parser stops there)."""


class Coalescing:
    """A transport whose writes within one turn of the event loop leave as one write.

    The first write of a turn schedules the flush (`call_soon`); a reply's head and body,
    written in the same turn, then cost one `send`. Closing (`close`, `write_eof`) flushes
    first; `abort` drops what is pending with the rest. Everything else is the transport's.
    """

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._pending: list[bytes] = []

    def write(self, data: bytes) -> None:
        if not self._pending:
            self._loop.call_soon(self._flush)
        self._pending.append(data)

    def flush(self) -> None:
        """What is pending, written now."""
        self._flush()

    def write_now(self, data: bytes) -> None:
        """`data` after whatever is pending, written now (no flush scheduled for later)."""
        if self._pending:
            self._pending.append(data)
            self._flush()
        elif not self._transport.is_closing():
            self._transport.write(data)

    def _flush(self) -> None:
        if self._pending:
            data = b"".join(self._pending)
            self._pending.clear()
            if not self._transport.is_closing():
                self._transport.write(data)

    def close(self) -> None:
        self._flush()
        self._transport.close()

    def write_eof(self) -> None:
        self._flush()
        self._transport.write_eof()

    def get_write_buffer_size(self) -> int:
        return self._transport.get_write_buffer_size() + sum(map(len, self._pending))

    def is_closing(self) -> bool:  # asked on every reply: spared `__getattr__`'s detour
        return self._transport.is_closing()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class _Heads:
    """The head of a lane reply: the status line with the server's default fields (they
    change once a second, with `date`: joined again only then), `content-length`, the
    reply's form (`lookup_lane.Form`). Joining a dozen fields anew for every lookup cost
    more than formatting the lookup's result."""

    def __init__(self) -> None:
        self._defaults: list[tuple[bytes, bytes]] | None = None
        self._prefix = b""

    def head(
        self, defaults: list[tuple[bytes, bytes]], form: Form, length: int, keep: bool
    ) -> bytes:
        """Status line and fields of a 200 reply of `length` bytes: `defaults`,
        `content-length`, the form's, and `connection: close` unless `keep`."""
        if defaults is not self._defaults:
            self._prefix = STATUS_LINE[200] + b"".join(n + b": " + v + b"\r\n" for n, v in defaults)
            self._defaults = defaults
        close = b"" if keep else b"connection: close\r\n"
        return b"%bcontent-length: %d\r\n%b%b\r\n" % (self._prefix, length, form.lines, close)


_HEADS = _Heads()  # one per worker: every connection's replies take the same few forms


class _LaneCycle:
    """Stands in `protocol.cycle` while the lane answers: uvicorn queues what is pipelined
    behind an incomplete cycle, marks it disconnected, or asks it not to keep alive.
    uvicorn also sets its `message_event` when the connection ends; no one waits on a lane
    cycle's, so all share one (making an `asyncio.Event` per lookup cost a microsecond)."""

    __slots__ = ("disconnected", "keep_alive", "response_complete", "response_started")
    message_event = asyncio.Event()

    def __init__(self) -> None:
        self.response_complete = False
        self.response_started = False
        self.disconnected = False
        self.keep_alive = True


_Lookup = tuple[_Job, dict[str, Any]]  # the lane's job and the request's scope


class _Turn:
    """The lookups whose requests one turn of the event loop completed, answered together
    at the start of the next (`call_soon`, after every connection found readable has been
    read). In a worker with nothing else in progress each is evaluated on the loop right
    there, its reply written before the next is evaluated; with anything else in progress
    (an application request, a job of the engine's threads) the rest go to the threads.
    Why, with what was measured: `service.engine.inprocess`'s docstring."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._waiting: list[tuple[LimitedHttpTools, _Lookup, _LaneCycle]] = []

    @property
    def waiting(self) -> bool:
        return bool(self._waiting)

    def add(self, protocol: LimitedHttpTools, lookup: _Lookup, cycle: _LaneCycle) -> None:
        if not self._waiting:
            self._loop.call_soon(self._answer)
        self._waiting.append((protocol, lookup, cycle))

    def _answer(self) -> None:
        waiting, self._waiting = self._waiting, []
        for protocol, lookup, cycle in waiting:
            if not protocol._answer_now(lookup, cycle):
                protocol._answer_later(lookup, cycle)


_turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Turn] = weakref.WeakKeyDictionary()


def _turn(loop: asyncio.AbstractEventLoop) -> _Turn:
    """The loop's `_Turn` (one per worker: one loop serves all its connections)."""
    turn = _turns.get(loop)
    if turn is None:
        turn = _turns[loop] = _Turn(loop)
    return turn


def _find_lane(app: Any) -> LookupLane | None:
    """The application's lane, under whatever middleware uvicorn wrapped it in."""
    for _ in range(8):
        lane = getattr(app, "lane", None)
        if isinstance(lane, LookupLane):
            return lane
        app = getattr(app, "app", None)
    return None


class LimitedHttpTools(HttpToolsProtocol):
    """HttpToolsProtocol that refuses oversized heads and closes slow or silent peers."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        settings = get_settings()
        self.max_line = settings.max_request_line_bytes
        self.max_head = settings.max_header_bytes
        self.header_timeout = settings.header_timeout_s
        self.body_timeout = settings.body_timeout_s
        self.send_timeout = settings.send_timeout_s
        self.timeout_keep_alive = int(settings.keep_alive_timeout_s) or 1
        self._in_head = True  # between a message's first byte (or the connection) and its head
        self._head_bytes = 0
        self._refused = False
        self._deadline: asyncio.TimerHandle | None = None
        self._stalled: asyncio.TimerHandle | None = None
        self._lane = _find_lane(self.app)
        self._placement = placement.current()
        self._turn = _turn(self.loop)
        self._lookup: _Lookup | None = None
        self._sparql_paths = (
            self.root_path + "/sparql",
            self.root_path.encode("ascii") + b"/sparql",
        )
        self._idle_since: float | None = None  # the last reply's end, while nothing came
        self._idle_timer: asyncio.TimerHandle | None = None

    # connection life

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.transport = Coalescing(transport, self.loop)  # type: ignore[assignment]
        self._arm(self.header_timeout)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None
        if self._stalled is not None:
            self._stalled.cancel()
            self._stalled = None
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return
        self._unset_keepalive_if_required()
        if self._in_head:
            # Counted before the parser keeps them: a field's value is only handed over
            # whole, so this is the one place an endless header can be seen growing.
            self._head_bytes += len(data)
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserCallbackError as exc:
            if isinstance(exc.__context__, HeadTooLarge):
                self._refuse(431, str(exc.__context__))
            else:
                self._invalid()
            return
        except httptools.HttpParserError:
            self._invalid()
            return
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
            return
        if self._in_head and self._head_bytes > self.max_head:
            self._refuse(431, f"the request head is larger than {self.max_head} bytes")
        elif self._deadline is None and (self._head_bytes or not self._in_head):
            # A head or a body still to come: its deadline counts from now. Armed only
            # here, so a request that arrived whole in this read sets no timer at all.
            self._arm(self.header_timeout if self._in_head else self.body_timeout)

    # parser callbacks

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        if len(self.url) > self.max_line:
            raise HeadTooLarge(f"the request target is longer than {self.max_line} bytes")

    def on_headers_complete(self) -> None:
        headers = self.headers
        size = len(self.url) + _LINE_OVERHEAD + 4 * len(headers)
        size += sum(map(len, chain.from_iterable(headers)))
        if size > self.max_head:
            raise HeadTooLarge(f"the request head is larger than {self.max_head} bytes")
        self._in_head = False
        self._disarm()  # the body's deadline, if it does not come in this read: `data_received`
        if self._placement is not None:
            if self.tasks or self._turn.waiting:
                self._placement.busy()
            else:
                self._placement.calm()
        if not self._take_lookup():
            super().on_headers_complete()

    def on_message_complete(self) -> None:
        lookup, self._lookup = self._lookup, None
        if lookup is None:
            super().on_message_complete()
        else:
            cycle = cast(_LaneCycle, self.cycle)
            if self.tasks:  # other requests in progress: the engine's threads answer
                self._answer_later(lookup, cycle)
            else:
                self._turn.add(self, lookup, cycle)
        self._disarm()
        self._in_head = True
        self._head_bytes = 0

    # the lookup lane

    def _take_lookup(self) -> bool:
        """Whether the lane answers this request (then no ASGI cycle is made for it)."""
        lane = self._lane
        if lane is None or not self.url.startswith(b"/sparql?") or self.pipeline:
            return False
        if self.cycle is not None and not self.cycle.response_complete:
            return False  # behind a reply in progress: uvicorn keeps the order
        parser = self.parser
        if parser.get_method() != b"GET" or parser.get_http_version() != "1.1":
            return False
        if not parser.should_keep_alive() or parser.should_upgrade():
            return False
        # the scope uvicorn would make (it is the full stack's, should the lane hand over;
        # if the lane does not take it, uvicorn sets these four fields again)
        scope: dict[str, Any] = self.scope  # type: ignore[assignment]
        scope["method"] = "GET"
        scope["path"], scope["raw_path"] = self._sparql_paths
        scope["query_string"] = self.url[len(b"/sparql?") :].partition(b"#")[0]
        job = lane.job(scope)
        if job is None:
            return False
        self.cycle = _LaneCycle()  # type: ignore[assignment]
        self._lookup = (job, scope)
        return True

    def _answer_now(self, lookup: _Lookup, cycle: _LaneCycle) -> bool:
        """Answers at once if the engine can (`LookupLane.now`); whether it did."""
        if cycle.disconnected:
            return True
        if self.tasks:
            return False
        assert self._lane is not None
        found = self._lane.now(lookup[0])
        if found is LATER:
            return False
        self._send(found, lookup[1], cycle, at_once=True)  # the loop is about to poll
        return True

    def _answer_later(self, lookup: _Lookup, cycle: _LaneCycle) -> None:
        """Awaits the engine's threads in a task of its own."""
        if cycle.disconnected:
            return
        task = self.loop.create_task(self._answer(lookup, cycle))
        task.add_done_callback(self.tasks.discard)
        self.tasks.add(task)

    async def _answer(self, lookup: _Lookup, cycle: _LaneCycle) -> None:
        job, scope = lookup
        assert self._lane is not None
        found = await self._lane.reply(job)
        if not cycle.disconnected:
            self._send(found, scope, cycle)

    def _send(
        self, found: Fields | None, scope: dict[str, Any], cycle: _LaneCycle, at_once: bool = False
    ) -> None:
        """The lane's reply written out (`at_once`, or with the rest of this loop turn's
        writes), or (None) the request handed to the application."""
        if found is None:  # not a plain success: the application answers, as for any request
            self._hand_over(scope, cycle)
            return
        form, body = found
        head = _HEADS.head(self.server_state.default_headers, form, len(body), cycle.keep_alive)
        if at_once:
            cast(Coalescing, self.transport).write_now(head + body)
        else:
            self.transport.write(head + body)
        cycle.response_started = cycle.response_complete = True
        if not cycle.keep_alive:
            self.transport.close()
        self.on_response_complete()

    def _hand_over(self, scope: dict[str, Any], cycle: _LaneCycle) -> None:
        """A real cycle for the same request, started now, with its whole message read."""
        real = RequestResponseCycle(
            scope=scope,  # type: ignore[arg-type]
            transport=self.transport,
            flow=self.flow,
            logger=self.logger,
            access_logger=self.access_logger,
            access_log=self.access_log,
            default_headers=self.server_state.default_headers,
            message_event=asyncio.Event(),
            expect_100_continue=False,
            keep_alive=cycle.keep_alive,
            on_response=self.on_response_complete,
        )
        real.more_body = False
        real.message_event.set()
        if cast(object, self.cycle) is cycle:  # nothing pipelined took its place
            self.cycle = real
        cycle.response_complete = True  # uvicorn's view: this request is the real cycle's now
        self._start_asgi_task(real, self.app)

    # keep-alive: one timer per idle period, not one per reply

    def on_response_complete(self) -> None:
        """uvicorn's, but the keep-alive deadline is a time stamp: uvicorn arms a timer after
        every reply and cancels it when the next request arrives (a few microseconds each
        way, on every lookup); here a timer is armed only when none is, and when it fires it
        closes the connection only if it has been idle for the whole timeout since its last
        reply, else it waits out the rest."""
        self.server_state.total_requests += 1
        if self.transport.is_closing():
            return
        self._idle_since = None
        self.flow.resume_reading()
        if self.pipeline:
            cycle, app = self.pipeline.pop()
            self._start_asgi_task(cycle, app)
            return
        self._idle_since = self.loop.time()
        if self._idle_timer is None:
            self._idle_timer = self.loop.call_later(self.timeout_keep_alive, self._idle_check)

    def _unset_keepalive_if_required(self) -> None:
        """Data arrived (or the connection ends): not idle any more."""
        self._idle_since = None

    def _idle_check(self) -> None:
        self._idle_timer = None
        if self._idle_since is None:
            return  # a request in progress: its reply arms the deadline again
        left = self._idle_since + self.timeout_keep_alive - self.loop.time()
        if left > 0:
            self._idle_timer = self.loop.call_later(left, self._idle_check)
        else:
            self.timeout_keep_alive_handler()

    # flow control: a peer that stops reading

    def pause_writing(self) -> None:
        super().pause_writing()
        if self._stalled is None:
            self._stalled = self.loop.call_later(self.send_timeout, self._drop_stalled)

    def resume_writing(self) -> None:
        super().resume_writing()
        if self._stalled is not None:
            self._stalled.cancel()
            self._stalled = None

    def _drop_stalled(self) -> None:
        self._stalled = None
        log.info("%s read nothing for %.0f s: connection dropped", self._peer(), self.send_timeout)
        self.transport.abort()  # close() would wait for the buffer to drain: it never will

    # deadlines

    def _arm(self, seconds: float) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        what = "head" if self._in_head else "body"
        if self._in_head and self._head_bytes == 0 and self.cycle is None:
            self.transport.close()  # a connection that never sent a byte: nothing to answer
            return
        cycle = self.cycle
        if cycle is not None and cycle.response_started and not cycle.response_complete:
            self.transport.close()  # mid-reply: no room for a 408
            return
        log.info("%s sent its request %s too slowly: 408", self._peer(), what)
        self._refuse(408, f"the request {what} did not arrive in time")

    # replies of our own

    def _refuse(self, status: int, message: str) -> None:
        """Answer `status` with a plain-text `message` and close, whatever is in progress."""
        self._refused = True
        self._disarm()
        if self.cycle is not None and not self.cycle.response_complete:
            self.cycle.disconnected = True  # the application's own answer is dropped
            self.cycle.message_event.set()
        body = (message + "\n").encode()
        head = [
            STATUS_LINE[status],
            b"content-type: text/plain; charset=utf-8\r\n",
            b"content-length: %d\r\n" % len(body),
            b"connection: close\r\n",
            *(name + b": " + value + b"\r\n" for name, value in SECURITY_HEADERS),
            b"\r\n",
        ]
        if status == 431:
            log.info("%s: %s: 431", self._peer(), message)
        self.transport.write(b"".join(head) + body)
        # A lingering close: closing with the rest of an oversized head still arriving would
        # answer it with a reset, and the client could lose our reply before reading it. So
        # end our side, discard what still comes (`data_received`) and close a moment later.
        if self.transport.can_write_eof():
            self.transport.write_eof()
            self.loop.call_later(_LINGER_S, self.transport.close)
        else:
            self.transport.close()

    def _invalid(self) -> None:
        log.info("%s: invalid HTTP request: 400", self._peer())
        self._refuse(400, "Invalid HTTP request received.")

    def _peer(self) -> str:
        return f"{self.client[0]}:{self.client[1]}" if self.client else "a client"
