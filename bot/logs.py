"""Logging for `tutor-sensus run`: a burst of identical warnings or errors is summarised.

A flood of bad requests (10,000 malformed updates, a platform that is down for an hour) must
not bury the one line that matters or fill the disk: of the records with the same logger,
level and message template (the arguments may differ: "update %s/%s rejected"), the first
`allow` in a window of `window` seconds are written; the rest are counted, and one line says
"… and 812 more like it in the last minute" when the window is over (written with the next
record of any kind, or by `flush`). INFO and DEBUG pass untouched.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

WINDOW = 60.0
ALLOW = 5


@dataclass
class _Burst:
    started: float
    written: int = 1
    held: int = 0
    record: logging.LogRecord | None = None  # the last one held back, for its summary


class BurstFilter(logging.Filter):
    """Attach to a handler (`install`); it writes the summaries through that handler."""

    def __init__(
        self, handler: logging.Handler, *, window: float = WINDOW, allow: int = ALLOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.handler = handler
        self.window = window
        self.allow = allow
        self.clock = clock
        self._bursts: dict[tuple[str, int, str], _Burst] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "burst_summary", False):
            return True
        now = self.clock()
        self._summarise(now)
        if record.levelno < logging.WARNING:
            return True
        key = (record.name, record.levelno, str(record.msg))
        burst = self._bursts.get(key)
        if burst is None:
            self._bursts[key] = _Burst(started=now)
            return True
        if burst.written < self.allow:
            burst.written += 1
            return True
        burst.held += 1
        burst.record = record
        return False

    def tick(self) -> None:
        """Write the summaries of bursts whose window is over (called now and then, so a
        burst that stopped is reported even when nothing else is logged)."""
        self._summarise(self.clock())

    def flush(self) -> None:
        """Write the summaries of every burst now (at shutdown)."""
        self._summarise(None)

    def _summarise(self, now: float | None) -> None:
        over = [key for key, burst in self._bursts.items()
                if now is None or now - burst.started >= self.window]
        for key in over:
            burst = self._bursts.pop(key)
            if burst.held and burst.record is not None:
                self.handler.handle(self._summary(burst, burst.record, now))

    def _summary(
        self, burst: _Burst, last: logging.LogRecord, now: float | None
    ) -> logging.LogRecord:
        seconds = (now if now is not None else self.clock()) - burst.started
        span = "the last minute" if 50 <= seconds <= 70 else f"the last {seconds:.0f} s"
        return logging.makeLogRecord({
            "name": last.name, "levelno": last.levelno, "levelname": last.levelname,
            "msg": "%s … and %d more like it in %s",
            "args": (last.getMessage(), burst.held, span), "burst_summary": True,
        })


_installed: list[BurstFilter] = []


def install(handler: logging.Handler, *, window: float = WINDOW, allow: int = ALLOW) -> None:
    """Summarise bursts on this handler (once per handler)."""
    if any(burst.handler is handler for burst in _installed):
        return
    burst = BurstFilter(handler, window=window, allow=allow)
    handler.addFilter(burst)
    _installed.append(burst)


def tick() -> None:
    for burst in _installed:
        burst.tick()


def flush() -> None:
    for burst in _installed:
        burst.flush()
