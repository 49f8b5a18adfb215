"""Handles the inbox: one transaction per update (state, events and replies commit together).

A crash before the commit leaves the update in the inbox and it is handled again on start;
a crash after it leaves the replies in the outbox and the sender sends them. An update id
seen twice is stored once (UNIQUE in the inbox), so it is handled once.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Mapping

from bot.channels.base import Channel
from bot.store import InboxRow, Store
from conversations.clock import Clock
from conversations.engine import Engine
from conversations.i18n import Translator
from conversations.models import Reply

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


class Processor:
    def __init__(
        self,
        store: Store,
        engine: Engine,
        channels: Mapping[str, Channel],
        clock: Clock,
        on_replies: asyncio.Event | None = None,
    ) -> None:
        self.store = store
        self.engine = engine
        self.channels = channels
        self.clock = clock
        self.wake = asyncio.Event()
        self.on_replies = on_replies or asyncio.Event()
        self.handled = 0

    async def receive(self, channel: str, update_id: str, payload: str) -> bool:
        """Write an update to the inbox (before the channel is acknowledged) and wake up."""
        added = await self.store.inbox_add(channel, update_id, payload, self.clock.now())
        self.wake.set()
        return added

    async def run(self) -> None:
        """Handle the inbox forever (until cancelled)."""
        while True:
            if await self.process_pending() == 0:
                try:
                    await asyncio.wait_for(self.wake.wait(), timeout=1.0)
                except TimeoutError:
                    pass
                self.wake.clear()

    async def process_pending(self, limit: int = 200) -> int:
        rows = await self.store.inbox_pending(limit, MAX_ATTEMPTS)
        for row in rows:
            await self._handle(row)
        if rows:
            self.on_replies.set()
        return len(rows)

    async def _handle(self, row: InboxRow) -> None:
        channel = self.channels.get(row.channel)
        try:
            async with self.store.transaction() as tx:
                if await tx.inbox_status(row.id) != "new":
                    return  # another worker finished it first
                now = self.clock.now()
                incoming = channel.parse(json.loads(row.payload)) if channel else None
                if incoming is not None:
                    replies = await self.engine.handle(tx, incoming)
                    chat = incoming.chat_id or incoming.user
                    for reply in replies:
                        to_channel, to_chat = row.channel, chat
                        if reply.to:
                            to_channel, _, to_chat = reply.to.partition(":")
                        await tx.enqueue(to_channel, to_chat, reply.model_dump_json(), now)
                await tx.inbox_done(row.id, now)
            self.handled += 1
        except Exception as exc:  # a bug must not stop the bot or lose the update
            log.exception("update %s/%s failed", row.channel, row.update_id)
            await self.store.inbox_failed_attempt(row.id, type(exc).__name__, MAX_ATTEMPTS)
            if row.attempts + 1 >= MAX_ATTEMPTS:
                await self._apologise(row)

    async def _apologise(self, row: InboxRow) -> None:
        """After the last attempt the person still hears from us, instead of silence."""
        channel = self.channels.get(row.channel)
        try:
            incoming = channel.parse(json.loads(row.payload)) if channel else None
        except Exception:
            return
        if incoming is None:
            return
        text = Translator("id", self.engine.campaign)("error-apology")
        async with self.store.transaction() as tx:
            await tx.enqueue(
                row.channel, incoming.chat_id or incoming.user,
                Reply(text=text).model_dump_json(), self.clock.now(),
            )
