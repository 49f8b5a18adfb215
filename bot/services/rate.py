"""The platform's rate for the whole bot, as the channel's one sender keeps it (sender.py).

Telegram answers 429 and a flood wait (`retry_after`, a second or more, for every call of the
bot) when more than its limit of calls arrives within any one second. A sender that spaces its
calls evenly at that rate still overruns it on a loaded machine: a call held up for 0.1 s (the
sender's process or the server's not scheduled, the network) arrives in the same second as
calls that left a second after it. So each call holds its place in the window from its start
until its answer, and one second after that less the quickest round trip seen (none before
`SURE_AFTER` answers: on a loaded machine the first ones may all be slow): a call that
arrived late has answered late, and keeps the window closed for longer. Then no second,
counted where the calls arrive, holds more than `per_second` of them, whatever the delays
(a call is not started while `per_second` others may still share a second with it); on a quiet
machine this costs only the round trips' spread (about 29.5/s of 30).

The calls are also spaced evenly (at `per_second / (1 + margin)`), with credit for a call that
started late: each wake-up on a loaded machine is a few ms late, and a limiter without credit
(a leaky bucket of one call) loses every delay for good (25/s of 30 under load). The credit
(`catch_up` seconds) never lets more through than the window does.

A 429 pauses every call of the bot (`pause`), not only the one refused: the calls waiting
here do not go out during the flood wait (each would draw another 429), and after it they
start again evenly spaced, without a burst.

One waiter at a time holds the lock and sleeps until its turn; the others queue behind it
(first come, first served, and no crowd waking up at each slot).
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import math
from collections.abc import AsyncIterator

SURE_AFTER = 30  # answers seen before the quickest round trip is taken as the network's


class RateLimiter:
    def __init__(self, per_second: float, *, margin: float = 0.03,
                 catch_up: float = 0.2) -> None:
        self.count = max(1, math.floor(per_second))  # calls per window
        self.window = (1.0 + margin) * self.count / per_second  # seconds
        self.interval = self.window / self.count
        self.catch_up = max(catch_up, 0.0)
        self.in_flight = 0
        self._closes: list[float] = []  # heap: when answered calls leave the window
        self._answers = 0
        self._quickest = math.inf  # the quickest round trip so far (seconds)
        self._next = 0.0  # when the next call is due at the even spacing
        self._paused_until = 0.0
        self._lock = asyncio.Lock()
        self._answered = asyncio.Event()

    def pause(self, seconds: float) -> None:
        """A flood wait: no call starts for `seconds` (from now); then evenly spaced."""
        until = asyncio.get_running_loop().time() + seconds
        if until > self._paused_until:
            self._paused_until = until
            self._next = max(self._next, until + self.catch_up)  # no burst after it

    def paused_for(self) -> float:
        """Seconds left of a pause (0 when none)."""
        return max(0.0, self._paused_until - asyncio.get_running_loop().time())

    def _wait(self, now: float) -> float | None:
        """Seconds until a call may start (0 or less: now); None: when a call is answered."""
        closes = self._closes
        while closes and closes[0] <= now:
            heapq.heappop(closes)
        wait = max(self._paused_until - now, self._next - self.catch_up - now)
        if self.in_flight + len(closes) < self.count:
            return wait
        if not closes:
            return None  # all `count` calls unanswered
        return max(wait, closes[0] - now)

    async def acquire(self) -> float:
        """Wait for a call's turn (a pause set meanwhile is waited for too); returns when it
        started, for `release`."""
        loop = asyncio.get_running_loop()
        async with self._lock:
            while (wait := self._wait(loop.time())) is None or wait > 0:
                if wait is None:
                    self._answered.clear()
                    await self._answered.wait()
                else:
                    await asyncio.sleep(wait)
            now = loop.time()
            self.in_flight += 1
            self._next = max(self._next, now) + self.interval
            return now

    def release(self, started: float) -> None:
        """The call that started at `started` is answered (or failed)."""
        now = asyncio.get_running_loop().time()
        self._answers += 1
        self._quickest = min(self._quickest, now - started)
        # Its arrival was at least the quickest way back before `now`: a slower network
        # later makes this more cautious, never less.
        back = self._quickest if self._answers > SURE_AFTER else 0.0
        self.in_flight -= 1
        heapq.heappush(self._closes, now - back + self.window)
        self._answered.set()

    @contextlib.asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """`async with limiter.turn():` around one call to the platform."""
        started = await self.acquire()
        try:
            yield
        finally:
            self.release(started)
