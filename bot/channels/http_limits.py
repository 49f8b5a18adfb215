"""Limits that keep the HTTP server answering while slow or idle clients try to hold on.

aiohttp reads a request head for as long as the client takes, and holds any number of
connections. Here:

- every request head, the first on a connection and each kept-alive one after it, must be
  complete within `header_timeout` seconds of its first byte, or the connection is dropped;
- a kept-alive connection must start its next request within `keepalive` seconds (aiohttp's
  keep-alive timer);
- a handler reads the body within `body_timeout` seconds (`read_body`), or answers 408;
- at most `max_connections` are open: a new one beyond that takes the place of the oldest
  connection still sending a head (a slow client), else of the oldest idle kept-alive one,
  or is refused when every open connection is busy with a request.

So `/healthz` and real webhook posts get through within a round trip or two, however many
connections a hostile client opens; each slow one costs at most `header_timeout` seconds.

Only public interfaces: aiohttp's low-level `web.Server` is a protocol factory for asyncio's
`loop.create_server` (as aiohttp's documentation shows), and `Listening` wraps each protocol
it makes in `_Guarded`, an asyncio protocol that tells the `Guard` about the connection's
bytes, opening and closing; the middleware tells it when a request starts and ends.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

log = logging.getLogger(__name__)

LIMITS_KEY = web.AppKey("tutor_sensus_http_limits", object)
GUARD_KEY = web.AppKey("tutor_sensus_http_guard", object)


@dataclass(frozen=True)
class Limits:
    header_timeout: float = 5.0
    body_timeout: float = 10.0
    keepalive: float = 15.0
    max_connections: int = 512


@dataclass
class Counters:
    opened: int = 0
    dropped_slow: int = 0  # no complete request head in time
    evicted: int = 0  # made room for a newer connection
    refused: int = 0  # every slot busy with a request
    body_timeouts: int = 0
    open_now: int = 0


class _State(enum.Enum):
    HEAD = "head"  # a request head is awaited or arriving: the header deadline runs
    REQUEST = "request"  # a handler runs (the body deadline is `read_body`'s)
    IDLE = "idle"  # kept alive between requests (aiohttp's keep-alive timer)


@dataclass
class _Conn:
    transport: asyncio.BaseTransport
    state: _State = _State.HEAD
    timer: asyncio.TimerHandle | None = None

    def stop_timer(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None


@dataclass
class Guard:
    """Tracks open connections for the limits above (one per server)."""

    limits: Limits
    counters: Counters = field(default_factory=Counters)
    # Open connections, oldest first; a connection moves to the end when a request head
    # starts arriving on it again, and when a request starts.
    _open: OrderedDict[int, _Conn] = field(default_factory=OrderedDict)

    def opened(self, transport: asyncio.BaseTransport) -> bool:
        """A new connection; False when it must be closed at once (no room)."""
        self.counters.opened += 1
        if len(self._open) >= self.limits.max_connections and not self._evict_one():
            self.counters.refused += 1
            return False
        conn = _Conn(transport)
        self._open[id(transport)] = conn
        self._head_deadline(conn)
        self.counters.open_now = len(self._open)
        return True

    def closed(self, transport: asyncio.BaseTransport) -> None:
        conn = self._open.pop(id(transport), None)
        if conn is not None:
            conn.stop_timer()
        self.counters.open_now = len(self._open)

    def received(self, transport: asyncio.BaseTransport) -> None:
        """Bytes arrived: on a kept-alive connection, the first of a next request head."""
        conn = self._open.get(id(transport))
        if conn is not None and conn.state is _State.IDLE:
            conn.state = _State.HEAD
            self._head_deadline(conn)
            # The newest head now: slow clients that came before it are evicted first.
            self._open.move_to_end(id(transport))

    def request_started(self, transport: Any) -> None:
        conn = self._open.get(id(transport))
        if conn is None:
            return
        conn.state = _State.REQUEST
        conn.stop_timer()
        self._open.move_to_end(id(transport))

    def request_ended(self, transport: Any) -> None:
        """The handler is done: the next bytes start the next head's deadline. (A head
        pipelined during the request is already read, or aiohttp's keep-alive timer ends it.)"""
        conn = self._open.get(id(transport))
        if conn is not None and conn.state is _State.REQUEST:
            conn.state = _State.IDLE

    def _head_deadline(self, conn: _Conn) -> None:
        conn.stop_timer()
        loop = asyncio.get_running_loop()
        conn.timer = loop.call_later(self.limits.header_timeout, self._too_slow, conn)

    def _too_slow(self, conn: _Conn) -> None:
        conn.timer = None
        if conn.state is _State.HEAD:
            self.counters.dropped_slow += 1
            log.warning("HTTP: dropped a connection with no complete request within %g s",
                        self.limits.header_timeout)
            _abort(conn.transport)

    def _evict_one(self) -> bool:
        """Close the oldest connection still sending a head (a slow client); else the oldest
        idle kept-alive one (a client that made a request is more likely a real one)."""
        for wanted in (_State.HEAD, _State.IDLE):
            for key, conn in self._open.items():  # oldest first
                if conn.state is wanted:
                    del self._open[key]
                    conn.stop_timer()
                    self.counters.evicted += 1
                    _abort(conn.transport)
                    return True
        return False


def _abort(transport: asyncio.BaseTransport) -> None:
    if isinstance(transport, asyncio.Transport | asyncio.WriteTransport):
        transport.abort()
    else:
        transport.close()


class _Guarded(asyncio.Protocol):
    """aiohttp's protocol for one connection, with the guard told when it opens, receives
    bytes and closes."""

    def __init__(self, inner: asyncio.Protocol, guard: Guard) -> None:
        self._inner = inner
        self._guard = guard
        self._transport: asyncio.BaseTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport
        if not self._guard.opened(transport):
            _abort(transport)
        self._inner.connection_made(transport)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._transport is not None:
            self._guard.closed(self._transport)
        self._inner.connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._transport is not None:
            self._guard.received(self._transport)
        self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self._inner.eof_received()

    def pause_writing(self) -> None:
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        self._inner.resume_writing()


class Listening:
    """The server's listening socket, its connections going through a `Guard`.

    Built on public interfaces only: `web.AppRunner.server` (aiohttp's low-level server, a
    protocol factory) and `loop.create_server`."""

    def __init__(self, runner: web.AppRunner, server: asyncio.Server) -> None:
        self.runner = runner
        self._server = server

    @classmethod
    async def start(
        cls, runner: web.AppRunner, host: str, port: int, guard: Guard
    ) -> Listening:
        """Listen on host:port; OSError at once when the address cannot be bound."""
        factory = runner.server
        assert factory is not None, "the runner is set up first"
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            lambda: _Guarded(factory(), guard), host, port, reuse_address=True)
        return cls(runner, server)

    @property
    def addresses(self) -> list[Any]:
        return [sock.getsockname() for sock in self._server.sockets]

    @property
    def port(self) -> int:
        return int(self.addresses[0][1])

    async def cleanup(self) -> None:
        """Stop listening, then let aiohttp finish and close the open connections."""
        self._server.close()
        await self.runner.cleanup()
        await self._server.wait_closed()


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def middleware(guard: Guard) -> Any:
    @web.middleware
    async def mark_started(request: web.Request, handler: Handler) -> web.StreamResponse:
        guard.request_started(request.transport)
        try:
            return await handler(request)
        finally:
            guard.request_ended(request.transport)

    return mark_started


async def read_body(request: web.Request) -> bytes:
    """The request body, within the body timeout; over the size cap aiohttp raises 413."""
    limits = request.app.get(LIMITS_KEY)
    timeout = limits.body_timeout if isinstance(limits, Limits) else Limits.body_timeout
    try:
        async with asyncio.timeout(timeout):
            return await request.read()
    except TimeoutError:
        guard = request.app.get(GUARD_KEY)
        if isinstance(guard, Guard):
            guard.counters.body_timeouts += 1
        raise web.HTTPRequestTimeout(text="body not received in time") from None

