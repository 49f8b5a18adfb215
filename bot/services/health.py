"""Each channel's connection state, for `/healthz` and for a start that cannot finish.

A platform that cannot be reached at start (a network blip, a firewall) is no reason to exit:
the bot keeps running, tries again with back-off, and `/healthz` answers 503 with
`{"channels": {"telegram": "unreachable since 2026-12-03T07:50:00+00:00"}}` until the
channel is connected, then 200. A token the platform rejects is a reason to exit: `fatal`
is set, and `tutor-sensus run` stops with the message.
"""

from __future__ import annotations

import asyncio
from datetime import datetime


class Health:
    def __init__(self) -> None:
        self._down: dict[str, datetime | None] = {}  # channel -> unreachable since (None: up)
        self._fatal: asyncio.Future[str] | None = None

    def connected(self, channel: str) -> None:
        self._down[channel] = None

    def unreachable(self, channel: str, now: datetime) -> None:
        if self._down.get(channel) is None:  # the first failure is "since"
            self._down[channel] = now

    def report(self) -> tuple[bool, dict[str, str]]:
        """(every channel connected, the state of each)."""
        states = {name: "connected" if since is None else f"unreachable since {since.isoformat()}"
                  for name, since in sorted(self._down.items())}
        return all(since is None for since in self._down.values()), states

    @property
    def fatal(self) -> asyncio.Future[str]:
        """Resolves with a message when the bot must stop (a token rejected later on)."""
        if self._fatal is None:
            self._fatal = asyncio.get_running_loop().create_future()
        return self._fatal

    def fail(self, message: str) -> None:
        if not self.fatal.done():
            self.fatal.set_result(message)
