"""Queries for the bulk lane: opt-outs, segments, broadcasts and their recipients, scheduled
reminders, and the ids of messages the bot edits later (part of `Tx`).

Crash safety lives in the statements: a broadcast's recipients are inserted in the same
transaction as the broadcast (one `INSERT ... SELECT`); each recipient moves to the outbox
in one transaction that inserts the outbox row and marks the recipient 'queued' with its id,
so a restart continues with the recipients still 'pending' (nobody skipped, nobody queued
twice). A reminder is a row with UNIQUE(key, channel, user_id): scheduling it again inserts
nothing, so each person gets each reminder at most once.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from bot.store.audience import (
    REACHABLE,
    RECIPIENT_COLUMNS,
    Recipient,
    segment_where,
)
from bot.store.statements import Repository
from bot.store.timefmt import iso
from conversations.core.redaction import storable_json
from conversations.core.segments import Segment

BULK_PRIORITY = 10  # replies to a person have 0: the sender claims lower numbers first
WINDOW = timedelta(hours=24)  # WhatsApp's customer-service window

__all__ = ["BULK_PRIORITY", "BulkQueries", "Recipient"]  # (Recipient: from audience.py)


class BulkQueries(Repository):
    # --- opt-out ---------------------------------------------------------------------------
    async def opt_out(self, channel: str, user_id: str, now: datetime) -> bool:
        """False when the person had opted out already."""
        return 1 == await self._change(
            "INSERT INTO opt_outs (channel, user_id, at) VALUES (?, ?, ?)"
            " ON CONFLICT (channel, user_id) DO NOTHING",
            (channel, user_id, iso(now)),
        )

    async def opt_in(self, channel: str, user_id: str) -> bool:
        """False when the person had not opted out."""
        return 1 == await self._change(
            "DELETE FROM opt_outs WHERE channel = ? AND user_id = ?", (channel, user_id)
        )

    async def opted_out(self, channel: str, user_id: str) -> bool:
        row = await self._one(
            "SELECT 1 FROM opt_outs WHERE channel = ? AND user_id = ?", (channel, user_id)
        )
        return row is not None

    # --- segments ----------------------------------------------------------------------------
    async def segment_counts(self, segment: Segment, now: datetime) -> dict[str, int]:
        """Who a broadcast to this segment would reach now, split the way the platforms
        differ: Telegram; WhatsApp inside the 24-hour window (free text) and outside it
        (a template); the console. `opted_out`: people of the segment left out."""
        where, params = segment_where(segment, now)
        rows = await self._all(
            "SELECT p.channel,"
            " coalesce((SELECT w.last_incoming_at >= ? FROM whatsapp_window w"
            "   WHERE w.channel = p.channel AND w.user_id = p.user_id), 0) AS open,"
            f" {REACHABLE} AS reachable, count(*)"
            f" FROM people p WHERE {where} GROUP BY 1, 2, 3",
            (iso(now - WINDOW), *params),
        )
        counts = {"total": 0, "telegram": 0, "whatsapp_window": 0, "whatsapp_template": 0,
                  "console": 0, "opted_out": 0}
        for channel, open_, reachable, count in rows:
            if not reachable:
                counts["opted_out"] += count
                continue
            counts["total"] += count
            if channel == "whatsapp":
                counts["whatsapp_window" if open_ else "whatsapp_template"] += count
            else:
                counts[channel] = counts.get(channel, 0) + count
        return counts

    async def whatsapp_initiated(self, now: datetime) -> int:
        """Unique WhatsApp people sent a template (business-initiated) in the last 24 h."""
        since = iso(now - WINDOW)
        row = await self._one(
            "SELECT count(*) FROM (SELECT chat_id FROM broadcast_recipients"
            " WHERE channel = 'whatsapp' AND via = 'template' AND queued_at >= ?"
            " UNION SELECT user_id FROM reminders WHERE channel = 'whatsapp'"
            " AND via = 'template' AND done_at >= ?)",
            (since, since),
        )
        return int(row[0]) if row else 0

    # --- broadcasts -------------------------------------------------------------------------
    async def broadcast_active(self) -> dict[str, Any] | None:
        """The broadcast that is running or paused (there is at most one)."""
        row = await self._one(
            f"SELECT {BROADCAST} FROM broadcasts WHERE status IN ('running', 'paused')"
            " ORDER BY id LIMIT 1"
        )
        return _broadcast(row) if row else None

    async def broadcast_create(
        self, *, admin_channel: str, admin_chat: str, admin_lang: str,
        message_key: str | None, text: str | None, segment: Segment, now: datetime,
    ) -> int:
        """The broadcast and every recipient, in this transaction (see the module doc)."""
        broadcast_id = await self._insert(
            "INSERT INTO broadcasts (admin_channel, admin_chat, admin_lang, message_key, text,"
            " segment, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (admin_channel, admin_chat, admin_lang, message_key, text, segment.id, iso(now)),
        )
        where, params = segment_where(segment, now)
        total = await self._change(
            "INSERT INTO broadcast_recipients (broadcast_id, channel, chat_id)"
            f" SELECT ?, p.channel, p.user_id FROM people p WHERE ({where}) AND {REACHABLE}",
            (broadcast_id, *params),
        )
        await self._write("UPDATE broadcasts SET total = ? WHERE id = ?", (total, broadcast_id))
        return broadcast_id

    async def broadcast_get(self, broadcast_id: int) -> dict[str, Any] | None:
        row = await self._one(f"SELECT {BROADCAST} FROM broadcasts WHERE id = ?",
                              (broadcast_id,))
        return _broadcast(row) if row else None

    async def broadcasts_to_watch(self) -> list[dict[str, Any]]:
        """Broadcasts whose progress message may still change: running, paused, and
        finished ones whose last progress was not shown yet."""
        rows = await self._all(
            f"SELECT {BROADCAST} FROM broadcasts WHERE status IN ('running', 'paused')"
            " OR (status IN ('done', 'cancelled') AND progress_milestone < 100) ORDER BY id"
        )
        return [_broadcast(r) for r in rows]

    async def broadcast_set_status(self, broadcast_id: int, old: tuple[str, ...], new: str,
                                   now: datetime) -> bool:
        marks = ", ".join("?" for _ in old)
        finished = iso(now) if new in ("done", "cancelled") else None
        return 1 == await self._change(
            f"UPDATE broadcasts SET status = ?, finished_at = coalesce(?, finished_at)"
            f" WHERE id = ? AND status IN ({marks})",
            (new, finished, broadcast_id, *old),
        )

    async def broadcast_cancel(self, broadcast_id: int, now: datetime) -> bool:
        """Stop: recipients not yet queued are not sent; queued messages the sender has not
        claimed yet are withdrawn (at most a batch is already on its way)."""
        if not await self.broadcast_set_status(broadcast_id, ("running", "paused"),
                                               "cancelled", now):
            return False
        await self._write(
            "UPDATE outbox SET status = 'failed', error = 'broadcast cancelled'"
            " WHERE status = 'pending' AND id IN (SELECT outbox_id FROM broadcast_recipients"
            " WHERE broadcast_id = ? AND status = 'queued')",
            (broadcast_id,),
        )
        await self._write(
            "UPDATE broadcast_recipients SET status = 'cancelled'"
            " WHERE broadcast_id = ? AND status = 'pending'",
            (broadcast_id,),
        )
        return True

    async def broadcast_progress(self, broadcast_id: int) -> dict[str, int]:
        """Recipients by outcome: pending (not queued yet), sending (queued, not sent),
        sent, failed, blocked, skipped (opted out since, no template, or a channel this bot
        does not run), cancelled."""
        rows = await self._all(  # counters kept by triggers (migration 0024): a few rows
            "SELECT outcome, n FROM broadcast_counts WHERE broadcast_id = ?", (broadcast_id,))
        counts = dict.fromkeys(("pending", "sending", "sent", "failed", "blocked", "skipped",
                                "cancelled"), 0)
        for outcome, n in rows:
            counts[outcome] = counts.get(outcome, 0) + int(n)
        return counts

    async def broadcast_progress_shown(
        self, broadcast_id: int, text: str, milestone: int, outbox_id: int | None
    ) -> None:
        await self._write(
            "UPDATE broadcasts SET progress_text = ?, progress_milestone = ?,"
            " progress_outbox_id = coalesce(?, progress_outbox_id) WHERE id = ?",
            (text, milestone, outbox_id, broadcast_id),
        )

    async def broadcast_take(
        self, broadcast_id: int, channel: str, limit: int, now: datetime, *,
        window_only: bool = False,
    ) -> list[Recipient]:
        """Recipients of this channel not queued yet, oldest first. `window_only`: WhatsApp
        people inside their 24-hour window only (the daily template limit is used up)."""
        columns = RECIPIENT_COLUMNS.format(c="r.channel", u="r.chat_id")
        since = iso(now - WINDOW)
        if window_only:  # from the windows opened in the last day, not every recipient
            source = ("whatsapp_window win JOIN broadcast_recipients r"
                      " ON r.broadcast_id = ? AND r.channel = win.channel"
                      " AND r.chat_id = win.user_id AND r.status = 'pending'")
            where = " WHERE win.channel = ? AND win.last_incoming_at >= ?"
            params: tuple[object, ...] = (since, broadcast_id, channel, since, limit)
        else:
            source = "broadcast_recipients r"
            where = " WHERE r.broadcast_id = ? AND r.channel = ? AND r.status = 'pending'"
            params = (since, broadcast_id, channel, limit)
        rows = await self._all(
            f"SELECT r.chat_id, {columns} FROM {source}"
            " LEFT JOIN people p ON p.channel = r.channel AND p.user_id = r.chat_id"
            f"{where} ORDER BY r.rowid LIMIT ?",
            params,
        )
        return [Recipient(broadcast_id, channel, r[0], r[1], bool(r[2]), bool(r[3]),
                          bool(r[4]), r[5]) for r in rows]

    async def broadcast_channels_pending(self, broadcast_id: int) -> list[str]:
        rows = await self._all(
            "SELECT DISTINCT channel FROM broadcast_recipients"
            " WHERE broadcast_id = ? AND status = 'pending'",
            (broadcast_id,),
        )
        return [r[0] for r in rows]

    async def recipients_without_channel(self, broadcast_id: int, channels: list[str]) -> int:
        """Recipients on a channel this bot does not run (e.g. WhatsApp people while only
        Telegram is configured): marked, so the broadcast can finish. Returns how many."""
        marks = ", ".join("?" for _ in channels) or "''"
        return await self._change(
            "UPDATE broadcast_recipients SET status = 'no_channel' WHERE broadcast_id = ?"
            f" AND status = 'pending' AND channel NOT IN ({marks})",
            (broadcast_id, *channels),
        )

    async def recipient_done(
        self, broadcast_id: int, channel: str, chat_id: str, status: str, now: datetime,
        *, outbox_id: int | None = None, via: str | None = None,
    ) -> None:
        await self._write(
            "UPDATE broadcast_recipients SET status = ?, outbox_id = ?, via = ?, queued_at = ?"
            " WHERE broadcast_id = ? AND channel = ? AND chat_id = ? AND status = 'pending'",
            (status, outbox_id, via, iso(now), broadcast_id, channel, chat_id),
        )

    # --- the outbox, for the bulk lane --------------------------------------------------------
    async def bulk_backlog(self, channel: str) -> int:
        """Bulk messages of a channel in the outbox waiting for the sender (pending; not the
        batch being sent, so the next batch is ready when the sender comes back for it)."""
        row = await self._one(
            "SELECT count(*) FROM outbox WHERE channel = ? AND status = 'pending'"
            " AND priority >= ?",
            (channel, BULK_PRIORITY),
        )
        return int(row[0]) if row else 0

    async def bulk_enqueue(
        self, channel: str, chat_id: str, payload: str, now: datetime, not_before: datetime,
        priority: int = BULK_PRIORITY, *, broadcast_id: int | None = None,
    ) -> int:
        """A bulk message; `broadcast_id`: the broadcast it is part of (its progress
        counters follow the message's status, migration 0024)."""
        return await self._insert(
            "INSERT INTO outbox (channel, chat_id, payload, priority, not_before, created_at,"
            " broadcast_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (channel, chat_id, storable_json(payload), priority, iso(not_before), iso(now),
             broadcast_id),
        )

    async def outbox_waiting(self, row_id: int) -> bool:
        """Whether an outbox row is still waiting to be sent."""
        row = await self._one(
            "SELECT status IN ('pending', 'sending') FROM outbox WHERE id = ?", (row_id,)
        )
        return bool(row and row[0])

    # --- reminders --------------------------------------------------------------------------
    async def reminder_add(
        self, *, key: str, channel: str, user_id: str, message_key: str, segment: Segment,
        args: dict[str, Any], due_at: datetime,
    ) -> bool:
        """One person's reminder ("Ingatkan saya besok"); False if they have it already."""
        return 1 == await self._change(
            "INSERT INTO reminders (key, channel, user_id, message_key, args, segment, due_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key, channel, user_id) DO NOTHING",
            (key, channel, user_id, message_key, json.dumps(args), segment.id, iso(due_at)),
        )

    async def reminders_due(self, channel: str, now: datetime, limit: int) -> list[Recipient]:
        columns = RECIPIENT_COLUMNS.format(c="m.channel", u="m.user_id")
        rows = await self._all(
            f"SELECT m.id, m.user_id, m.message_key, m.args, m.segment, {columns}"
            " FROM reminders m LEFT JOIN people p ON p.channel = m.channel"
            " AND p.user_id = m.user_id"
            " WHERE m.status = 'due' AND m.channel = ? AND m.due_at <= ?"
            " ORDER BY m.due_at, m.id LIMIT ?",
            (iso(now - WINDOW), channel, iso(now), limit),
        )
        return [Recipient(r[0], channel, r[1], r[5], bool(r[6]), bool(r[7]), bool(r[8]), r[9],
                          message_key=r[2], args=json.loads(r[3] or "{}"), segment=r[4])
                for r in rows]

    async def reminder_still_needed(self, recipient: Recipient, segment: Segment,
                                    now: datetime) -> bool:
        """The person is still in the reminder's segment (e.g. has not completed since).
        Time conditions are not checked again: the reminder was due when it was made."""
        if segment.name in ("inactive",):
            return True
        if segment.name == "stopped_in_tutorial":
            segment = Segment("started_not_completed")
        where, params = segment_where(segment, now)
        row = await self._one(
            f"SELECT 1 FROM people p WHERE p.channel = ? AND p.user_id = ? AND ({where})",
            (recipient.channel, recipient.chat_id, *params),
        )
        return row is not None

    async def reminder_done(
        self, reminder_id: int, status: str, now: datetime, *, outbox_id: int | None = None,
        via: str | None = None,
    ) -> None:
        await self._write(
            "UPDATE reminders SET status = ?, outbox_id = ?, via = ?, done_at = ?"
            " WHERE id = ? AND status = 'due'",
            (status, outbox_id, via, iso(now), reminder_id),
        )

    async def reminder_counts(self) -> dict[str, dict[str, int]]:
        """Per reminder key prefix (the campaign's id) and status: for /statistik."""
        rows = await self._all(
            "SELECT substr(key, 1, instr(key || ':', ':') - 1), status, count(*)"
            " FROM reminders GROUP BY 1, 2"
        )
        out: dict[str, dict[str, int]] = {}
        for key, status, count in rows:
            out.setdefault(key, {})[status] = int(count)
        return out

    # --- messages edited later ----------------------------------------------------------------
    async def message_ref(self, channel: str, chat_id: str, ref: str) -> str | None:
        row = await self._one(
            "SELECT message_id FROM message_refs WHERE channel = ? AND chat_id = ? AND ref = ?",
            (channel, chat_id, ref),
        )
        return row[0] if row else None

    async def message_ref_set(
        self, channel: str, chat_id: str, ref: str, message_id: str, now: datetime
    ) -> None:
        await self._write(
            "INSERT INTO message_refs (channel, chat_id, ref, message_id, at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (channel, chat_id, ref) DO UPDATE"
            " SET message_id = excluded.message_id, at = excluded.at",
            (channel, chat_id, ref, message_id, iso(now)),
        )


BROADCAST = (
    "id, admin_channel, admin_chat, admin_lang, message_key, text, segment, status, total,"
    " created_at, finished_at, progress_text, progress_milestone, progress_outbox_id"
)


def _broadcast(row: tuple[Any, ...]) -> dict[str, Any]:
    keys = [c.strip() for c in BROADCAST.split(",")]
    return dict(zip(keys, row, strict=True))
