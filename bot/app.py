"""The composition root: settings → campaign → store → engine → channels → workers.

Nothing registers itself on import; `build_app` wires everything explicitly.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from bot.channels.base import Channel
from bot.secret_key import check_fingerprint, load_or_create_key
from bot.services.bulk import Bulk
from bot.services.health import Health
from bot.services.leader import Leadership, cancel_until_done
from bot.services.processor import Processor
from bot.services.proofs import ProofFetcher
from bot.services.report_child import Children, Source
from bot.services.reports import Reports, compact_tallies
from bot.services.retention import Pruner
from bot.services.sender import PACING, Pacing, Sender
from bot.settings import Settings
from bot.store import Store, open_store
from bot.store.timefmt import use_zone
from conversations import admin, households, resident, tutors
from conversations.core.campaign import DEFAULT_CAMPAIGN, Campaign, CampaignError, load_campaign
from conversations.core.campaign_check import missing_texts
from conversations.core.clock import Clock
from conversations.core.engine import Engine
from conversations.core.feature import Feature
from conversations.core.flow import FlowConfig
from conversations.core.i18n import check_catalogues
from conversations.core.office_hours import OfficeHours
from conversations.core.personal_numbers import Redactor
from conversations.core.quiet_hours import QuietHours
from conversations.core.roles import parse_names

log = logging.getLogger(__name__)

# The features the bot offers, in routing order (the first fallback wins). A new feature is a
# package under conversations/ exporting a FEATURE, added here; the engine names none of them.
FEATURES: tuple[Feature, ...] = (
    resident.FEATURE, households.FEATURE, tutors.FEATURE, admin.FEATURE,
)


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
    proofs: ProofFetcher | None = None
    bulk: Bulk | None = None  # broadcasts and reminders (bot/services/bulk.py)
    pruner: Pruner | None = None  # retention (bot/services/retention.py)
    reports: Reports | None = None  # admins' reports, in the background (bot/services/reports.py)
    health: Health = field(default_factory=Health)  # channels' connection state (/healthz)
    # Which singleton roles this worker holds (bot/services/leader.py; all of them on SQLite).
    leadership: Leadership = field(default_factory=lambda: Leadership(None))
    _tasks: list[asyncio.Task[Any]] = field(default_factory=list)

    def add_channel(self, channel: Channel) -> Sender:
        self.channels[channel.name] = channel
        # A channel may bring its own pacing (WhatsApp: one message every 6 s per person);
        # the platform's rate for the whole bot is a setting.
        sender = Sender(self.store, channel, self.clock, pacing=self._pacing(channel),
                        wake=self.processor.on_replies)
        sender.on_token_rejected = self.health.fail  # `tutor-sensus run` stops with it
        self.senders[channel.name] = sender
        return sender

    def _pacing(self, channel: Channel) -> Pacing:
        pacing = getattr(channel, "pacing", None) or PACING.get(channel.name, Pacing())
        rate = {"telegram": self.settings.telegram_messages_per_second,
                "whatsapp": self.settings.whatsapp_messages_per_second}.get(channel.name)
        if rate is None:
            return pacing
        # (Telegram's calls stay spread over 1/30 s windows: see Pacing.)
        return replace(pacing, per_second=rate)

    def spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        task = asyncio.create_task(coro, name=name)
        task.add_done_callback(_log_crash)
        self._tasks.append(task)
        return task

    def start_workers(self) -> None:
        """The inbox processor and one sender per channel, in the background.

        With several workers (PostgreSQL) every worker handles the inbox; each channel's
        sender, the proof fetcher and the bulk lane run on one worker at a time, the role's
        leader (bot/services/leader.py): one sender per channel holds the platform's rate
        limit for the whole bot. A new sender leader first frees the rows the one before it
        was sending. Replies committed by any worker wake the sender (LISTEN/NOTIFY)."""
        lead = self.leadership.lead
        several = self.leadership.url is not None
        self.spawn(self.processor.run(), "processor")
        for name, sender in self.senders.items():
            self.spawn(lead(f"sender:{name}", sender.run,
                            on_taken=sender.release_others if several else None),
                       f"sender-{name}")
        if self.proofs is not None:
            self.spawn(lead("proofs", self.proofs.run), "proofs")
        if self.bulk is not None:
            self.spawn(lead("bulk", self.bulk.run), "bulk")
        if getattr(self.store, "compact_tallies", None) is not None:  # PostgreSQL
            self.spawn(lead("tallies", partial(compact_tallies, self.store)), "tallies")
        if self.pruner is not None:
            self.spawn(lead("retention", self.pruner.run), "retention")
        if self.reports is not None:
            self.spawn(lead("reports", self.reports.run,
                            on_taken=self.reports.release_others), "reports")
        listen = getattr(self.store, "listen", None)
        if several and listen is not None:
            self.spawn(listen(self.processor.on_replies), "outbox-listen")

    async def step(self) -> None:
        """Handle everything in the inbox and send everything due (console, tests)."""
        while await self.processor.process_pending():
            pass
        if self.reports is not None:  # the reports asked for, ready
            await self.reports.drain()
        for sender in self.senders.values():
            await sender.drain()
        if self.proofs is not None:
            await self.proofs.fetch_pending()
        await self.step_bulk()

    async def step_bulk(self, rounds: int = 20) -> None:
        """Broadcasts and reminders due now, sent, and their progress shown (console,
        tests): a few rounds of feeding the outbox and draining it."""
        if self.bulk is None:
            return
        for _ in range(rounds):
            queued = await self.bulk.tick(now_all=True)
            for sender in self.senders.values():
                await sender.drain()
            if not queued:
                await self.bulk.tick(now_all=True)  # the progress after the last sends
                for sender in self.senders.values():
                    await sender.drain()
                return

    async def close(self) -> None:
        await cancel_until_done(self._tasks)  # (a lost cancellation: see there)
        self._tasks.clear()
        if self.reports is not None:
            await self.reports.close()
        await self.store.close()


def _log_crash(task: asyncio.Task[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("worker %s stopped", task.get_name(), exc_info=task.exception())


async def build_app(
    settings: Settings, *, clock: Clock | None = None, features: Sequence[Feature] = FEATURES,
) -> App:
    campaign = load_campaign(settings.campaign)
    check_catalogues(campaign.messages)
    # Every phase and announcement has its texts in every language (campaign check).
    if missing := missing_texts(campaign):
        where = settings.campaign or f"campaigns/{DEFAULT_CAMPAIGN}"
        raise CampaignError(f"{where}: " + "; ".join(missing))
    clock = clock or Clock(campaign.timezone, today=settings.today)
    use_zone(campaign.timezone)  # the form of stored moments (bot/store/timefmt.py)
    key = load_key(settings)
    store = await open_store(settings)
    try:
        await check_fingerprint(store, key)
        async with store.transaction() as tx:
            await tx.completions.stock_sync((s.id, s.stock) for s in campaign.souvenirs)
    except BaseException:
        await store.close()
        raise
    config = FlowConfig(
        handoff_chat=settings.handoff_chat,
        office_hours=OfficeHours.parse(settings.office_hours),
        max_households=settings.max_households,
        tutor_code=settings.tutor_code.get_secret_value().strip() if settings.tutor_code else None,
        assisted_per_day=settings.assisted_per_day,
        whatsapp_number=settings.whatsapp_number,
        quiet_hours=QuietHours.parse(settings.quiet_hours),
        whatsapp_daily_limit=settings.whatsapp_daily_limit,
        public_url=settings.dashboard_url,
        staff_names=parse_names(settings.staff_names),
    )
    engine = Engine(campaign, clock, settings.roles, features=features, config=config)
    channels: dict[str, Channel] = {}
    processor = Processor(store, engine, channels, clock)
    processor.redactor = Redactor(key)
    proofs = ProofFetcher(store, channels, settings.data_dir, campaign, clock)
    bulk = Bulk(store, campaign, clock, channels, quiet=config.quiet_hours,
                whatsapp_daily_limit=settings.whatsapp_daily_limit, wake=processor.on_replies)
    reports = Reports(store, engine, clock, channels, settings.data_dir,
                      wake=processor.on_replies)
    reports.children = Children(Source(  # reports never share the bot's interpreter
        settings.postgres_url or str(settings.database_path),
        postgres=settings.postgres_url is not None, timezone=campaign.timezone))
    processor.reports = reports
    pruner = Pruner(store, clock, settings.retention_days)
    return App(settings, campaign, clock, store, engine, processor, channels, proofs=proofs,
               bulk=bulk, pruner=pruner, reports=reports,
               leadership=Leadership(settings.postgres_url))


def load_key(settings: Settings) -> bytes:
    """The key for hashing KK/NIK numbers. Only the console default may generate its own:
    a bot that real people reach must run with a key that is backed up apart from the data.
    """
    setting = settings.secret_key.get_secret_value() if settings.secret_key else None
    public = settings.telegram_bot_token is not None or bool(
        getattr(settings, "whatsapp_token", None)
    )
    return load_or_create_key(setting, settings.data_dir, allow_generate=not public)
