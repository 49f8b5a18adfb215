"""The bulk lane: broadcasts and scheduled reminders, fed into the outbox a batch at a time.

Replies always go first. Bulk rows have a higher priority number than replies (the sender
claims lower numbers first), and this job keeps at most one sender batch of bulk messages
per channel waiting in the outbox (besides the batch being sent, so the sender never waits
for the feeder: bench/broadcast.py): a reply written meanwhile waits at most for the batch
on its way, cancel withdraws the waiting one, and pause and quiet hours take effect within
two batches (Telegram: about 2 s). Each round, per channel:

1. due reminders, then the running broadcast's next recipients, are taken (up to the room
   left in the batch);
2. each is decided in the same transaction that queues it: opted out since, blocked the bot,
   no longer in the reminder's segment (completed since), or a WhatsApp person outside the
   24-hour window for whom the campaign has no template: skipped and marked; otherwise the
   message is rendered in the person's language, as a WhatsApp template outside the window,
   and inserted into the outbox with `not_before` spaced from the chat's last message
   (Telegram about 1 s, WhatsApp 6 s per person); the recipient is marked 'queued' with its
   outbox row.

Crash safety: step 2 is one transaction, so after a SIGKILL every recipient is either still
'pending' (queued again after the restart) or 'queued' with its outbox row. Outbox rows a
dead sender was sending are released at start and sent again: the only duplicates are the
messages in flight at the crash, at most one sender batch per channel (Telegram 30,
WhatsApp 80; see bot/services/sender.py).

Nothing is fed during quiet hours (TUTOR_SENSUS_QUIET_HOURS, the campaign's time zone).
WhatsApp templates stop at the daily limit of business-initiated conversations
(TUTOR_SENSUS_WHATSAPP_DAILY_LIMIT unique people per moving 24 hours); those people wait.

Also here: the broadcast's progress message in the admin's chat (edited in place every few
seconds where the channel can edit, a new message at 25/50/75/100% elsewhere), and the
scheduling of the campaign's reminders (due rows, UNIQUE per person).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from bot.channels.base import Channel
from bot.services.sender import PACING, Pacing
from bot.store import Store
from bot.store.bulk import Recipient
from conversations.admin import bulk_messages as bc
from conversations.core import segments
from conversations.core.campaign import Campaign, Reminder
from conversations.core.clock import Clock
from conversations.core.i18n import Translator
from conversations.core.models import Reply
from conversations.core.quiet_hours import QuietHours
from conversations.core.segments import Segment

log = logging.getLogger(__name__)

TICK_SECONDS = 0.25
PROGRESS_SECONDS = 3.0  # how often the progress message may change
SCHEDULE_SECONDS = 60.0  # how often the campaign's reminders are checked
SCHEDULE_BATCH = 200  # people looked at per reminder and round (bot/store/scheduling.py)
REMINDER_GRACE_DAYS = 1  # a reminder missed (bot down) still goes out the day after
# Least time between two messages to one person: Telegram about 1 s per chat, WhatsApp
# about 6 s per person (the pair rate; error 131056).
SPACING = {"telegram": 1.0, "whatsapp": 6.0}


class Bulk:
    def __init__(
        self,
        store: Store,
        campaign: Campaign,
        clock: Clock,
        channels: Mapping[str, Channel],
        *,
        quiet: QuietHours,
        whatsapp_daily_limit: int = 250,
        wake: asyncio.Event | None = None,
    ) -> None:
        self.store = store
        self.campaign = campaign
        self.clock = clock
        self.channels = channels
        self.quiet = quiet
        self.whatsapp_daily_limit = whatsapp_daily_limit
        self.wake = wake or asyncio.Event()
        self._translators: dict[str, Translator] = {}
        self._next_progress = 0.0
        self._next_schedule = 0.0
        self._schedule_more = False  # people still waiting to be looked at: next round
        # Broadcasts whose recipients on channels this bot does not run were marked, with the
        # channels it ran then (once per broadcast, not a pass over its recipients per round).
        self._channels_checked: dict[int, frozenset[str]] = {}
        self.queued = 0  # messages put into the outbox (monitoring, tests)

    # --- the loop ------------------------------------------------------------------------------
    async def run(self) -> None:
        while True:
            try:
                await self.tick()
            except Exception:  # the database, a bug: log, wait, go on
                log.exception("bulk lane failed; retrying in 5 s")
                await asyncio.sleep(5.0)
            await asyncio.sleep(TICK_SECONDS)

    async def tick(self, *, now_all: bool = False) -> int:
        """One round: schedule reminders, feed the outbox, update progress. `now_all`
        ignores the intervals (console, tests). Returns how many messages were queued."""
        loop = asyncio.get_running_loop()
        now = self.clock.now()
        if now_all or self._schedule_more or loop.time() >= self._next_schedule:
            self._next_schedule = loop.time() + SCHEDULE_SECONDS
            await self.schedule(now)
        queued = 0 if self.quiet.is_quiet(now) else await self.feed(now)
        # Not on every feed: each edit of the progress message is a sending call that
        # counts against the channel's limit (Telegram 30/s), like a message to a resident.
        if now_all or loop.time() >= self._next_progress:
            self._next_progress = loop.time() + PROGRESS_SECONDS
            await self.progress(now)
        if queued:
            self.queued += queued
            self.wake.set()
        return queued

    def _t(self, lang: str) -> Translator:
        """The texts as of today (a reminder states the close date known today)."""
        today = self.clock.now().date()
        t = self._translators.get(lang)
        if t is None or t.today != today:
            t = self._translators[lang] = Translator(lang, self.campaign, today)
        return t

    def _pacing(self, name: str) -> Pacing:
        channel = self.channels.get(name)
        return getattr(channel, "pacing", None) or PACING.get(name, Pacing())

    # --- feeding the outbox -----------------------------------------------------------------
    async def feed(self, now: datetime) -> int:
        queued = 0
        async with self.store.transaction() as tx:
            active = await tx.bulk.broadcast_active()
            running = frozenset(self.channels)
            if (active is not None and active["status"] == "running"
                    and self._channels_checked.get(active["id"]) != running):
                self._channels_checked[active["id"]] = running
                missing = await tx.bulk.recipients_without_channel(
                    active["id"], list(self.channels))
                if missing:
                    log.warning("broadcast %s: %d recipients on channels this bot does not"
                                " run; skipped", active["id"], missing)
        for name in list(self.channels):
            async with self.store.transaction() as tx:
                room = self._pacing(name).batch - await tx.bulk.bulk_backlog(name)
                if room <= 0:
                    continue
                templates_left = (self.whatsapp_daily_limit - await tx.bulk.whatsapp_initiated(now)
                                  if name == "whatsapp" else 0)
                for recipient in await tx.bulk.reminders_due(name, now, room):
                    outcome = await self._reminder(tx, recipient, now, templates_left)
                    templates_left -= outcome == "template"
                    queued += outcome in ("text", "template")
                    room -= 1
                active = await tx.bulk.broadcast_active()
                if room <= 0 or active is None or active["status"] != "running":
                    continue
                window_only = name == "whatsapp" and templates_left <= 0
                for recipient in await tx.bulk.broadcast_take(active["id"], name, room, now,
                                                         window_only=window_only):
                    outcome = await self._broadcast(tx, active, recipient, now, templates_left)
                    templates_left -= outcome == "template"
                    queued += outcome in ("text", "template")
        return queued

    def _skip(self, recipient: Recipient) -> str | None:
        if recipient.opted_out:
            return "opted_out"
        if recipient.blocked:
            return "blocked"
        return None

    def _reply(self, recipient: Recipient, key: str | None, text: str | None,
               args: dict[str, Any] | None, templates_left: int) -> tuple[Reply | None, str]:
        """The message for this person, and how it goes: 'text', 'template', or why not
        ('no_template', 'limit': the daily template limit is used up, try later)."""
        t = self._t(recipient.lang)
        today = self.clock.now().date()
        body = bc.render(t, self.campaign, today, key, text, args)
        choices = bc.buttons(t, key, args)
        if recipient.channel != "whatsapp" or recipient.window_open:
            return Reply(text=body, choices=choices), "text"
        template = bc.template_for(self.campaign, today, recipient.lang, key, body, args)
        if template is None:
            return None, "no_template"
        if templates_left <= 0:
            return None, "limit"
        return Reply(text=body, template=template), "template"

    async def _enqueue(self, tx: Any, recipient: Recipient, reply: Reply, now: datetime,
                       broadcast_id: int | None = None) -> int:
        not_before = now
        spacing = SPACING.get(recipient.channel, 0.0)
        if spacing and recipient.last_message_at:
            last = datetime.fromisoformat(recipient.last_message_at)
            not_before = max(now, last + timedelta(seconds=spacing))
        return await tx.bulk.bulk_enqueue(recipient.channel, recipient.chat_id,
                                          reply.model_dump_json(), now, not_before,
                                          broadcast_id=broadcast_id)

    async def _reminder(self, tx: Any, recipient: Recipient, now: datetime,
                        templates_left: int) -> str:
        reminder_id = recipient.key
        skipped = self._skip(recipient)
        if skipped is None and not self.campaign.on(now.date()).reminders_open:
            # Due before the form closed (the bot was down): its phase has ended.
            skipped = "not_needed"
        if skipped is None and recipient.segment:
            try:
                segment = segments.parse(recipient.segment)
            except segments.SegmentError:
                segment = None
            if segment and not await tx.bulk.reminder_still_needed(recipient, segment, now):
                skipped = "not_needed"
        if skipped is not None:
            await tx.bulk.reminder_done(reminder_id, skipped, now)
            return skipped
        reply, how = self._reply(recipient, recipient.message_key, None, recipient.args,
                                 templates_left)
        if reply is None:
            if how == "limit":
                return how  # stays due: tomorrow's window
            await tx.bulk.reminder_done(reminder_id, how, now)
            return how
        outbox_id = await self._enqueue(tx, recipient, reply, now)
        await tx.bulk.reminder_done(reminder_id, "queued", now, outbox_id=outbox_id, via=how)
        return how

    async def _broadcast(self, tx: Any, broadcast: dict[str, Any], recipient: Recipient,
                         now: datetime, templates_left: int) -> str:
        done = (broadcast["id"], recipient.channel, recipient.chat_id)
        skipped = self._skip(recipient)
        if skipped is not None:
            await tx.bulk.recipient_done(*done, skipped, now)
            return skipped
        reply, how = self._reply(recipient, broadcast["message_key"], broadcast["text"], None,
                                 templates_left)
        if reply is None:
            if how != "limit":
                await tx.bulk.recipient_done(*done, how, now)
            return how
        outbox_id = await self._enqueue(tx, recipient, reply, now, broadcast["id"])
        await tx.bulk.recipient_done(*done, "queued", now, outbox_id=outbox_id, via=how)
        return how

    # --- progress messages --------------------------------------------------------------------
    async def progress(self, now: datetime) -> None:
        quiet_until = (f"{self.quiet.end:%H.%M}" if self.quiet.is_quiet(now) and self.quiet.end
                       else None)
        async with self.store.transaction() as tx:
            for broadcast in await tx.bulk.broadcasts_to_watch():
                await self._progress_of(tx, broadcast, now, quiet_until)

    async def _progress_of(self, tx: Any, broadcast: dict[str, Any], now: datetime,
                           quiet_until: str | None) -> None:
        counts = await tx.bulk.broadcast_progress(broadcast["id"])
        if (broadcast["status"] == "running" and not counts["pending"]
                and not counts["sending"]):
            await tx.bulk.broadcast_set_status(broadcast["id"], ("running",), "done", now)
            broadcast = {**broadcast, "status": "done"}
            log.info("broadcast %s finished: %s", broadcast["id"], counts)
        finished = broadcast["status"] in ("done", "cancelled")
        if broadcast["status"] == "cancelled" and counts["sending"]:
            finished = False  # a batch already on its way: show where it ended
        channel = self.channels.get(broadcast["admin_channel"])
        if broadcast["admin_chat"] is None or channel is None:
            if finished:
                await tx.bulk.broadcast_progress_shown(broadcast["id"], "", 100, None)
            return
        editable = callable(getattr(channel, "edit", None))
        t = self._t(broadcast["admin_lang"])
        reply = bc.progress_reply(t, self.campaign, broadcast, counts,
                                  quiet_until=quiet_until, edit=editable)
        if editable:
            if reply.text == broadcast["progress_text"]:
                if finished:
                    await tx.bulk.broadcast_progress_shown(broadcast["id"], reply.text, 100, None)
                return
            previous = broadcast["progress_outbox_id"]
            if not finished and previous and await tx.bulk.outbox_waiting(previous):
                return  # the last update has not gone out yet (rate limit): no pile-up
            milestone = 100 if finished else broadcast["progress_milestone"]
        else:
            milestone = 100 if finished else bc.milestone(counts, broadcast["total"])
            if milestone <= broadcast["progress_milestone"] or milestone == 0:
                return
            if milestone == 100 and not finished:
                milestone = 75  # 100% is said once it is really finished
                if milestone <= broadcast["progress_milestone"]:
                    return
        outbox_id = await tx.bulk.bulk_enqueue(broadcast["admin_channel"], broadcast["admin_chat"],
                                          reply.model_dump_json(), now, now, priority=0)
        await tx.bulk.broadcast_progress_shown(broadcast["id"], reply.text, milestone, outbox_id)
        self.wake.set()

    # --- scheduled reminders ------------------------------------------------------------------
    async def schedule(self, now: datetime) -> int:
        """Due rows for the campaign's reminders whose day it is (UNIQUE: once each), from
        what changed since the last run, a batch of people per reminder and round: read on
        a snapshot (no lock held while reading), then written in a short transaction per
        reminder (bot/store/scheduling.py). Sets `_schedule_more` while people are still
        waiting, so the next round goes on without waiting a minute."""
        plans = [(reminder, plan) for reminder in self.campaign.reminders
                 if (plan := self._plan(reminder, now.date())) is not None]
        if not plans:
            self._schedule_more = False
            return 0
        batches = []
        async with self.store.reader() as rx:
            for reminder, (key, segment, due_at) in plans:
                # A nudge after inactivity looks at people last seen at least that long ago.
                upto = (now - timedelta(days=segment.days) if segment.name in (
                        "inactive", "stopped_in_tutorial") else now)
                batch = await rx.scheduling.schedule_read(
                    key=key, segment=segment, args={}, upto=upto, now=now,
                    limit=SCHEDULE_BATCH)
                batches.append((reminder, key, segment, due_at, batch))
        made, more = 0, False
        for reminder, key, segment, due_at, batch in batches:
            async with self.store.transaction() as tx:
                made += await tx.scheduling.schedule_write(
                    batch, key=key, message_key=reminder.message, segment=segment,
                    due_at=due_at)
            more = more or batch.more
        self._schedule_more = more
        if made:
            log.info("reminders: %d scheduled", made)
        return made

    def _plan(self, reminder: Reminder, today: date) -> tuple[str, Segment, datetime] | None:
        calendar = self.campaign.on(today)
        if not calendar.reminders_open:
            return None  # nothing to remind of before the opening or after the close
        deadline = calendar.closes  # the close date known today
        if reminder.days_before_close is not None:
            fire = deadline - timedelta(days=reminder.days_before_close)
            if not fire <= today <= fire + timedelta(days=REMINDER_GRACE_DAYS):
                return None
            key = f"{reminder.id}:{deadline.isoformat()}"
            segment = segments.parse(reminder.segment)
        else:
            fire = today
            key = reminder.id
            name = reminder.segment if reminder.segment in ("stopped_in_tutorial",
                                                            "inactive") else None
            segment = (Segment(name, str(reminder.after_inactive_days)) if name
                       else segments.parse(reminder.segment))
        due_at = datetime.combine(fire, reminder.at, tzinfo=self.clock.tz)
        return key, segment, due_at
