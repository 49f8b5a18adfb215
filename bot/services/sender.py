"""The outbox sender: one per channel, pacing, retries, and claims so nothing is sent twice.

Rows are claimed with a lease in one UPDATE (see `Store.outbox_claim`), so a second process
(a CLI command, a second bot) never sends the same row. Only the oldest unsent row of each
chat is claimable, which keeps a person's messages in order.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from dataclasses import dataclass
from datetime import timedelta

from aiolimiter import AsyncLimiter

from bot.channels.base import Blocked, Channel, Permanent, RetryLater, SendError, Transient
from bot.store import OutboxRow, Store
from conversations.clock import Clock
from conversations.models import Reply

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pacing:
    """Per-channel limits (Telegram: about 30 messages a second overall)."""

    per_second: float = 30.0
    batch: int = 30
    max_attempts: int = 5
    lease_seconds: float = 60.0
    backoff_seconds: float = 2.0


PACING = {"telegram": Pacing(), "console": Pacing(per_second=1000, batch=100)}


class Sender:
    def __init__(
        self,
        store: Store,
        channel: Channel,
        clock: Clock,
        pacing: Pacing | None = None,
        wake: asyncio.Event | None = None,
    ) -> None:
        self.store = store
        self.channel = channel
        self.clock = clock
        self.pacing = pacing or PACING.get(channel.name, Pacing())
        self.wake = wake or asyncio.Event()
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{channel.name}"
        self._limiter = AsyncLimiter(self.pacing.per_second, 1)
        self._paused_until = 0.0
        self.sent = 0

    async def run(self) -> None:
        while True:
            if await self.send_due() == 0:
                try:
                    await asyncio.wait_for(self.wake.wait(), timeout=0.5)
                except TimeoutError:
                    pass
                self.wake.clear()

    async def send_due(self) -> int:
        """Claim and send one batch of due rows; returns how many were claimed."""
        loop = asyncio.get_running_loop()
        if (wait := self._paused_until - loop.time()) > 0:
            await asyncio.sleep(wait)
        now = self.clock.now()
        rows = await self.store.outbox_claim(
            self.channel.name, self.worker, now,
            now + timedelta(seconds=self.pacing.lease_seconds), self.pacing.batch,
        )
        if rows:
            await asyncio.gather(*(self._send(row) for row in rows))
        return len(rows)

    async def drain(self, rounds: int = 1000) -> None:
        """Send until nothing is due (console and tests)."""
        for _ in range(rounds):
            if await self.send_due() == 0:
                return

    async def _send(self, row: OutboxRow) -> None:
        reply = Reply.model_validate_json(row.payload)
        async with self._limiter:
            try:
                await self.channel.send(row.chat_id, reply)
            except RetryLater as exc:
                # Telegram's 429 applies to the whole bot: pause the channel, not only the row.
                loop = asyncio.get_running_loop()
                self._paused_until = max(self._paused_until, loop.time() + exc.seconds)
                await self.store.outbox_retry(
                    row.id, self.clock.now() + timedelta(seconds=exc.seconds), str(exc),
                    count_attempt=False,
                )
                log.warning("%s: rate limited, waiting %.1fs", self.channel.name, exc.seconds)
                return
            except Blocked as exc:
                await self.store.outbox_failed(row.id, str(exc), blocked=True)
                await self.store.mark_blocked(self.channel.name, row.chat_id, self.clock.now())
                log.info("%s: a person blocked the bot; not retried", self.channel.name)
                return
            except Permanent as exc:
                await self.store.outbox_failed(row.id, str(exc))
                log.error("%s: message %s refused: %s", self.channel.name, row.id, exc)
                return
            except (Transient, SendError, OSError) as exc:
                await self._retry_or_fail(row, str(exc))
                return
        await self.store.outbox_sent(row.id, self.clock.now())
        self.sent += 1

    async def _retry_or_fail(self, row: OutboxRow, error: str) -> None:
        if row.attempts + 1 >= self.pacing.max_attempts:
            await self.store.outbox_failed(row.id, error)
            log.error("%s: message %s failed after %d attempts", self.channel.name, row.id,
                      row.attempts + 1)
            return
        delay = self.pacing.backoff_seconds * 2**row.attempts
        await self.store.outbox_retry(row.id, self.clock.now() + timedelta(seconds=delay), error)
        log.warning("%s: send failed (%s), retry in %.0fs", self.channel.name, error, delay)
