"""The inbox's and outbox's rows and the statements both stores share (SQLite's `Store` in
bot/store/db.py and `Tx`, PostgreSQL's in bot/store/postgres.py and pg_tx.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class InboxRow:
    id: int
    channel: str
    update_id: str
    payload: str
    attempts: int


@dataclass(frozen=True)
class OutboxRow:
    id: int
    channel: str
    chat_id: str
    payload: str
    priority: int
    attempts: int


INBOX_INSERT = (
    "INSERT OR IGNORE INTO inbox (channel, update_id, payload, received_at) VALUES (?, ?, ?, ?)"
)
INBOX_COLUMNS = "id, channel, update_id, payload, attempts"
INBOX_FAILED = (
    "UPDATE inbox SET attempts = attempts + 1, error = ?,"
    " status = CASE WHEN attempts + 1 >= ? THEN 'failed' ELSE status END WHERE id = ?"
)
# An update that failed for good keeps only the shape of what it was (bot/channels/intake.py:
# keys, types, lengths), never what a person typed or their name: nothing handles it again.
INBOX_FORGET = "UPDATE inbox SET payload = ? WHERE id = ? AND status = 'failed'"


def kept_shape(shape: str) -> str:
    """What INBOX_FORGET keeps: the shape as JSON ({"shape": "..."}; a payload is JSON, jsonb
    on PostgreSQL, and a shape may be cut short or say "<not JSON>"). One key, default
    separators: the text PostgreSQL gives back for it, so both stores read the same."""
    return json.dumps({"shape": shape}, ensure_ascii=False)

# A row already marked failed by a delivery status (WhatsApp reports "failed" by webhook,
# sometimes before the sender records the send) stays failed. A sent message keeps no copy of
# what it said (the payload is emptied to '{}', JSON like every payload: jsonb on PostgreSQL,
# migration 0030a; rows emptied before it hold '') nor which worker sent it (claimed_by: only
# a message being sent needs it); retention deletes the row later (migration 0023,
# bot/store/retention.py).
OUTBOX_SENT = (
    "UPDATE outbox SET status = 'sent', sent_at = ?, claimed_by = NULL, claimed_until = NULL,"
    " payload = '{}'"
    " WHERE id = ? AND status != 'failed'"
)

def _inbox_row(r: Any) -> InboxRow:
    return InboxRow(r[0], r[1], r[2], r[3] or "", r[4])


REJECTED_INSERT = (
    "INSERT INTO rejected_updates (channel, reason, shape, size, received_at)"
    " VALUES (?, ?, ?, ?, ?)"
)

# SQLite's claim of due outbox rows (`Store.outbox_claim`): the oldest unsent row of each chat
# among rows of the same or a more urgent priority, plus rows whose lease ran out.
SQLITE_OUTBOX_CLAIM = """
UPDATE outbox SET status = 'sending', claimed_by = ?1, claimed_until = ?2
WHERE id IN (
    SELECT id FROM (
        SELECT o.id, o.priority, o.chat_id FROM outbox o
        WHERE o.channel = ?3 AND o.status = 'pending' AND o.not_before <= ?4
        UNION ALL
        SELECT o.id, o.priority, o.chat_id FROM outbox o
        WHERE o.channel = ?3 AND o.status = 'sending' AND o.claimed_until < ?4
    ) AS due
    WHERE NOT EXISTS (
        SELECT 1 FROM outbox e
        WHERE e.channel = ?3 AND e.chat_id = due.chat_id
          AND e.status IN ('pending', 'sending') AND e.id < due.id
          AND e.priority <= due.priority)
    ORDER BY priority, id LIMIT ?5)
RETURNING id, channel, chat_id, payload, priority, attempts
"""
