"""Whom the bulk lane reaches: the SQL condition of each segment on `people p` (opted-out and
blocked people apart) and the row of a recipient about to be sent to. Used by the bulk
queries (bot/store/bulk.py); segments read columns the features write (tutorial_progress,
completions, events), never `people.state` by field name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.store.statements import Params
from bot.store.timefmt import iso
from conversations.core.segments import Segment

# Every segment leaves out people who opted out or blocked the bot.
REACHABLE = (
    "p.blocked_at IS NULL AND NOT EXISTS (SELECT 1 FROM opt_outs x"
    " WHERE x.channel = p.channel AND x.user_id = p.user_id)"
)
# Where people are in the tutorial: columns the store keeps from the tutorial's events.
PROGRESS = ("(SELECT {col} FROM tutorial_progress t"
            " WHERE t.channel = p.channel AND t.user_id = p.user_id)")
STARTED = PROGRESS.format(col="step") + " IS NOT NULL"
COMPLETED = (
    "EXISTS (SELECT 1 FROM completions c WHERE c.channel = p.channel"
    " AND c.user_id = p.user_id AND c.assisted = 0)"
)
# The person's household was already recorded from another account (they tried to report
# it: the completions flow's "completion_repeat" event). "Belum lapor selesai" is not them.
RECORDED_ELSEWHERE = (
    "EXISTS (SELECT 1 FROM events e WHERE e.kind = 'completion_repeat'"
    " AND e.detail = 'other_account' AND e.channel = p.channel AND e.user_id = p.user_id)"
)
NOT_DONE = f"NOT {COMPLETED} AND NOT {RECORDED_ELSEWHERE}"
TUTOR = (
    "EXISTS (SELECT 1 FROM tutor_accounts a JOIN tutors t ON t.id = a.tutor_id"
    " WHERE a.channel = p.channel AND a.user_id = p.user_id AND t.revoked_at IS NULL"
    " AND t.nip IS NOT NULL{extra})"
)
NOT_OWN = (
    " AND NOT EXISTS (SELECT 1 FROM completions c WHERE c.tutor_id = t.id"
    " AND c.own_household = 1)"
)


def segment_where(segment: Segment, now: datetime) -> tuple[str, Params]:
    """The SQL condition on `people p` for a segment (opted-out and blocked people apart)."""
    name = segment.name
    if name == "everyone":
        return "1", ()
    if name == "not_completed":
        return NOT_DONE, ()
    if name == "completed":
        return COMPLETED, ()
    if name == "started_not_completed":
        return f"{STARTED} AND {NOT_DONE}", ()
    if name == "tutors":
        return TUTOR.format(extra=""), ()
    if name == "tutors_not_own":
        return TUTOR.format(extra=NOT_OWN), ()
    if name == "kecamatan":
        return "p.kecamatan = ?", (segment.argument,)
    if name == "inactive":
        return "p.last_seen < ?", (iso(now - timedelta(days=segment.days)),)
    if name == "stopped_in_tutorial":
        return (
            f"{STARTED} AND coalesce({PROGRESS.format(col='done')}, 0) = 0"
            f" AND {NOT_DONE} AND p.last_seen < ?",
            (iso(now - timedelta(days=segment.days)),),
        )
    raise ValueError(f"unknown segment {segment.id!r}")


@dataclass(frozen=True)
class Recipient:
    """A person the bulk lane is about to reach, with what decides how."""

    key: Any  # the broadcast's (broadcast id) or the reminder's row id
    channel: str
    chat_id: str
    lang: str
    opted_out: bool
    blocked: bool
    window_open: bool  # WhatsApp: the person wrote within 24 hours
    last_message_at: str | None  # the last message to the chat (outbox), for pacing
    message_key: str | None = None  # reminders: what to send, and its variables
    args: dict[str, Any] | None = None
    segment: str | None = None


RECIPIENT_COLUMNS = (
    "coalesce(p.lang, 'id'),"
    " EXISTS (SELECT 1 FROM opt_outs x WHERE x.channel = {c} AND x.user_id = {u}),"
    " p.blocked_at IS NOT NULL,"
    " coalesce((SELECT w.last_incoming_at >= ? FROM whatsapp_window w"
    "   WHERE w.channel = {c} AND w.user_id = {u}), 0),"
    " (SELECT max(coalesce(o.sent_at, o.not_before)) FROM outbox o"
    "   WHERE o.channel = {c} AND o.chat_id = {u})"
)
