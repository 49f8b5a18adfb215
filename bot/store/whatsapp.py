"""Queries for WhatsApp: each person's 24-hour window and the delivery statuses Meta reports.

Written like the other query groups (`HandoffQueries`, ...) with the five primitives of
`Statements`; `Tx` composes it as `tx.whatsapp`, and `whatsapp_queries(tx)` gives the same
queries over a transaction's own primitives (never the connection directly).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.store.statements import Repository, Statements
from bot.store.timefmt import iso

WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class DeliveryStatus:
    wamid: str
    status: str  # sent, delivered, read, played, failed (Meta may add more)
    recipient: str
    at: datetime
    error_code: int | None = None
    error_title: str | None = None


class WhatsAppQueries(Repository):

    async def needs_template(self, channel: str, user_id: str, now: datetime) -> bool:
        """True when a free-form message cannot reach this person now: WhatsApp, and more
        than 24 hours since their last message (a staff answer that came late)."""
        return channel == "whatsapp" and not await self.whatsapp_window_open(user_id, now)

    async def whatsapp_seen(self, wa_id: str, at: datetime) -> None:
        """A message from this person arrived at `at`: their 24-hour window starts again."""
        await self._write(
            "INSERT INTO whatsapp_window (user_id, last_incoming_at) VALUES (?, ?)"
            " ON CONFLICT(channel, user_id) DO UPDATE"
            " SET last_incoming_at = excluded.last_incoming_at"
            " WHERE excluded.last_incoming_at > whatsapp_window.last_incoming_at",
            (wa_id, iso(at)),
        )

    async def whatsapp_last_incoming(self, wa_id: str) -> datetime | None:
        row = await self._one(
            "SELECT last_incoming_at FROM whatsapp_window WHERE channel = 'whatsapp'"
            " AND user_id = ?",
            (wa_id,),
        )
        return datetime.fromisoformat(row[0]) if row else None

    async def whatsapp_window_open(self, wa_id: str, now: datetime) -> bool:
        """Whether a free-form message may reach this person now (else only a template)."""
        last = await self.whatsapp_last_incoming(wa_id)
        return last is not None and now - last < WINDOW

    async def whatsapp_status_add(self, status: DeliveryStatus) -> bool:
        """Record one status; False when Meta delivered the same one before.

        A "failed" status (e.g. 131047, outside the 24-hour window) also marks the outbox
        row of that message failed, with Meta's code: the send looked fine, the delivery
        was not.
        """
        # The sender records the message's id at the same time, checking for a failed status
        # (PgStore/Store.outbox_platform_id): one after the other, so neither misses the other.
        await self._serialise(f"wamid:{status.wamid}")
        added = 1 == await self._change(
            "INSERT OR IGNORE INTO whatsapp_statuses"
            " (wamid, status, user_id, at, error_code, error_title)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (status.wamid, status.status, status.recipient, iso(status.at), status.error_code,
             status.error_title),
        )
        if added and status.status == "failed":
            error = f"whatsapp {status.error_code}: {status.error_title or 'failed'}"
            await self._write(
                "UPDATE outbox SET status = 'failed', error = ?"
                " WHERE channel = 'whatsapp' AND platform_id = ?"
                " AND status IN ('sending', 'sent')",
                (error[:500], status.wamid),
            )
        return added

    async def whatsapp_statuses(self, wamid: str) -> list[dict[str, Any]]:
        rows = await self._all(
            "SELECT status, user_id, at, error_code, error_title FROM whatsapp_statuses"
            " WHERE wamid = ? ORDER BY at, rowid",
            (wamid,),
        )
        keys = ("status", "recipient", "at", "error_code", "error_title")
        return [dict(zip(keys, row, strict=True)) for row in rows]


def whatsapp_queries(tx: Statements) -> WhatsAppQueries:
    """The WhatsApp queries of a transaction (`tx.whatsapp`), or of any `Statements`."""
    return WhatsAppQueries(tx)
