"""The composition root: settings → campaign → store → engine → channels → workers.

Nothing registers itself on import; `build_app` wires everything explicitly.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any

from bot.channels.base import Channel
from bot.services.processor import Processor
from bot.services.sender import Sender
from bot.settings import Settings
from bot.store import Store
from conversations.campaign import Campaign, load_campaign
from conversations.clock import Clock
from conversations.engine import Engine
from conversations.flow import FlowConfig
from conversations.i18n import check_catalogues
from conversations.office_hours import OfficeHours

log = logging.getLogger(__name__)


@dataclass
class App:
    settings: Settings
    campaign: Campaign
    clock: Clock
    store: Store
    engine: Engine
    processor: Processor
    channels: dict[str, Channel] = field(default_factory=dict)
    senders: dict[str, Sender] = field(default_factory=dict)
    _tasks: list[asyncio.Task[Any]] = field(default_factory=list)

    def add_channel(self, channel: Channel) -> Sender:
        self.channels[channel.name] = channel
        sender = Sender(self.store, channel, self.clock, wake=self.processor.on_replies)
        self.senders[channel.name] = sender
        return sender

    def spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        task = asyncio.create_task(coro, name=name)
        task.add_done_callback(_log_crash)
        self._tasks.append(task)
        return task

    def start_workers(self) -> None:
        """The inbox processor and one sender per channel, in the background."""
        self.spawn(self.processor.run(), "processor")
        for name, sender in self.senders.items():
            self.spawn(sender.run(), f"sender-{name}")

    async def step(self) -> None:
        """Handle everything in the inbox and send everything due (console, tests)."""
        while await self.processor.process_pending():
            pass
        for sender in self.senders.values():
            await sender.drain()

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        await self.store.close()


def _log_crash(task: asyncio.Task[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("worker %s stopped", task.get_name(), exc_info=task.exception())


async def build_app(settings: Settings, *, clock: Clock | None = None) -> App:
    campaign = load_campaign(settings.campaign)
    check_catalogues(campaign.messages)
    clock = clock or Clock(campaign.timezone, today=settings.today)
    store = await Store.open(settings.database_path)
    config = FlowConfig(
        handoff_chat=settings.handoff_chat,
        office_hours=OfficeHours.parse(settings.office_hours),
    )
    engine = Engine(campaign, clock, settings.roles, config=config)
    channels: dict[str, Channel] = {}
    processor = Processor(store, engine, channels, clock)
    return App(settings, campaign, clock, store, engine, processor, channels)
