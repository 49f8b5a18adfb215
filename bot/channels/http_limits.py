"""Limits that keep the HTTP server answering while slow or idle clients try to hold on.

aiohttp reads a request head for as long as the client takes, and holds any number of
connections. Here:

- a new connection must send a complete request head within `header_timeout` seconds, or it
  is dropped;
- a kept-alive connection must start its next request within `keepalive` seconds (aiohttp's
  keep-alive timer, which also runs while a next head trickles in);
- a handler reads the body within `body_timeout` seconds (`read_body`), or answers 408;
- at most `max_connections` are open: a new one beyond that takes the place of the oldest
  connection that has not started a request yet (a slow client), or is refused when every
  open connection is busy with a request.

So `/healthz` and real webhook posts get through within a round trip or two, however many
connections a hostile client opens; each slow one costs at most `header_timeout` seconds.
"""

from __future__ import annotations

import asyncio
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


@dataclass
class _Conn:
    transport: asyncio.Transport
    timer: asyncio.TimerHandle | None = None
    started: bool = False  # a request head arrived (the handler runs or ran)


@dataclass
class Guard:
    """Tracks open connections for the limits above (one per server)."""

    limits: Limits
    counters: Counters = field(default_factory=Counters)
    # Open connections, oldest first; a connection moves to the end when it starts a request.
    _open: OrderedDict[int, _Conn] = field(default_factory=OrderedDict)

    def opened(self, transport: asyncio.Transport) -> bool:
        """A new connection; False when it must be closed at once (no room)."""
        self.counters.opened += 1
        if len(self._open) >= self.limits.max_connections and not self._evict_one():
            self.counters.refused += 1
            return False
        loop = asyncio.get_running_loop()
        conn = _Conn(transport)
        conn.timer = loop.call_later(self.limits.header_timeout, self._too_slow, conn)
        self._open[id(transport)] = conn
        self.counters.open_now = len(self._open)
        return True

    def closed(self, transport: asyncio.Transport) -> None:
        conn = self._open.pop(id(transport), None)
        if conn is not None and conn.timer is not None:
            conn.timer.cancel()
        self.counters.open_now = len(self._open)

    def request_started(self, transport: Any) -> None:
        conn = self._open.get(id(transport))
        if conn is None:
            return
        conn.started = True
        if conn.timer is not None:
            conn.timer.cancel()
            conn.timer = None
        self._open.move_to_end(id(transport))

    def _too_slow(self, conn: _Conn) -> None:
        if not conn.started:
            self.counters.dropped_slow += 1
            log.warning("HTTP: dropped a connection with no complete request within %g s",
                        self.limits.header_timeout)
            conn.transport.abort()

    def _evict_one(self) -> bool:
        for key, conn in self._open.items():  # oldest first
            if not conn.started:
                del self._open[key]
                if conn.timer is not None:
                    conn.timer.cancel()
                self.counters.evicted += 1
                conn.transport.abort()
                return True
        return False


class _Guarded(asyncio.Protocol):
    """aiohttp's protocol for one connection, with the guard told when it opens and closes."""

    def __init__(self, inner: asyncio.Protocol, guard: Guard) -> None:
        self._inner = inner
        self._guard = guard
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        if not self._guard.opened(transport):
            transport.abort()
        self._inner.connection_made(transport)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._transport is not None:
            self._guard.closed(self._transport)
        self._inner.connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self._inner.eof_received()

    def pause_writing(self) -> None:
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        self._inner.resume_writing()


class GuardedSite(web.TCPSite):
    """`web.TCPSite` whose connections go through a `Guard`."""

    def __init__(self, runner: web.BaseRunner, host: str, port: int, guard: Guard) -> None:
        super().__init__(runner, host, port)
        self.guard = guard

    async def start(self) -> None:
        self._runner._reg_site(self)
        server = self._runner.server
        assert server is not None
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            lambda: _Guarded(server(), self.guard), self._host, self._port,
            backlog=self._backlog, reuse_address=self._reuse_address,
        )
        if self._server.sockets:
            self._bound_port = self._server.sockets[0].getsockname()[1]


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def middleware(guard: Guard) -> Any:
    @web.middleware
    async def mark_started(request: web.Request, handler: Handler) -> web.StreamResponse:
        guard.request_started(request.transport)
        return await handler(request)

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

