"""Retention: what the bot handled long ago is deleted, a small batch at a time (part of `Tx`).

What a person typed or was sent leaves at once (the processor empties a handled update's
payload, the sender a sent message's: bot/store/db.py); the rows themselves stay only while
they still do work, and never longer than `TUTOR_SENSUS_RETENTION_DAYS`:

* an inbox row's UNIQUE(channel, update_id) drops an update the platform delivers again:
  WhatsApp retries a webhook for up to 7 days, Telegram keeps an update for 24 hours, so
  an inbox row stays `DEDUP_DAYS` (7);
* an outbox row's `platform_id` lets a late delivery status ("failed") find its message:
  those rows stay the retention days; a sent message without one (Telegram and the console
  report no delivery, a message that failed before it had an id) has no work left and
  stays `UNTRACKED_DAYS` (1: a margin for a platform id recorded after the "sent" mark).

Those are most of the history (two thirds of a campaign's file before retention), so the
shorter windows are what keeps the file under 3 KB a resident during the campaign (README,
"Database size and retention"). The other rows that only record what happened go after
the retention days: WhatsApp's delivery statuses, unreadable updates (`rejected_updates`),
the recipients of broadcasts that finished, and reminders that were handled.

What is kept: the totals (row_counts, migration 0014b; a broadcast's counters, 0024), the
events (the statistics read them), and the reminders without a date in their key (a nudge
after inactivity goes to each person at most once: its row is that memory, one per person).

Each statement deletes at most `limit` rows, found on the partial indexes of migration 0023
(oldest first, nothing that stays is read), so a batch costs the same at any size and a
resident's update waits at most for one batch.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.store.statements import Repository
from bot.store.timefmt import iso

INCREMENTAL = 2  # PRAGMA auto_vacuum's value for incremental vacuum
DEDUP_DAYS = 7  # an update's id against a redelivery (WhatsApp retries for up to 7 days)
UNTRACKED_DAYS = 1  # a sent message no delivery status can name

# (table, how its old rows are found): `?2` rows at most per statement, any of them (no
# ORDER BY: PostgreSQL would sort every old row to find the first ones). Each condition repeats
# its index's WHERE (SQLite uses a partial index only where the query states it). Cutoffs:
# `?1` the retention days, `?3` an update id's (DEDUP_DAYS), `?4` an untracked message's.
PRUNE: tuple[tuple[str, str], ...] = (
    ("inbox",
     "DELETE FROM inbox WHERE id IN (SELECT id FROM inbox"
     " WHERE status IN ('done', 'failed') AND received_at < ?3 LIMIT ?2)"),
    ("outbox",
     "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox"
     " WHERE status IN ('sent', 'failed', 'blocked') AND platform_id IS NOT NULL"
     " AND created_at < ?1 LIMIT ?2)"),
    ("outbox untracked",  # (a statement of its own; `table()` names its table)
     "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox"
     " WHERE status IN ('sent', 'failed', 'blocked') AND platform_id IS NULL"
     " AND created_at < ?4 LIMIT ?2)"),
    ("whatsapp_statuses",
     "DELETE FROM whatsapp_statuses WHERE rowid IN (SELECT rowid FROM whatsapp_statuses"
     " WHERE at < ?1 LIMIT ?2)"),
    ("rejected_updates",
     "DELETE FROM rejected_updates WHERE id IN (SELECT id FROM rejected_updates"
     " WHERE received_at < ?1 LIMIT ?2)"),
    # A broadcast that finished before the cutoff: its recipients (its counters stay).
    ("broadcast_recipients",
     "DELETE FROM broadcast_recipients WHERE rowid IN (SELECT r.rowid"
     " FROM broadcast_recipients r WHERE r.broadcast_id IN (SELECT b.id FROM broadcasts b"
     " WHERE b.status IN ('done', 'cancelled') AND b.finished_at < ?1) LIMIT ?2)"),
    # Handled reminders of a dated occurrence ('tutup-7:2020-03-31', 'besok:2020-03-03'),
    # which cannot come round again once the day is past; found on reminders_finished
    # (migration 0034), which holds neither the kept nudges nor the reminders still due.
    ("reminders",
     "DELETE FROM reminders WHERE id IN (SELECT id FROM reminders"
     " WHERE status IN ('queued', 'opted_out', 'blocked', 'no_template', 'not_needed')"
     " AND instr(key, ':') > 0 AND done_at < ?1 AND due_at < ?1 LIMIT ?2)"),
)


def table(key: str) -> str:
    """The table a PRUNE entry deletes from."""
    return key.split()[0]


@dataclass(frozen=True)
class Cutoffs:
    """Rows handled before these moments are deleted: `records` (the retention days),
    `dedup` (inbox rows), `untracked` (sent messages without a platform id)."""

    records: datetime
    dedup: datetime
    untracked: datetime

    @classmethod
    def at(cls, now: datetime, days: int) -> Cutoffs:
        return cls(records=now - timedelta(days=days),
                   dedup=now - timedelta(days=min(days, DEDUP_DAYS)),
                   untracked=now - timedelta(days=min(days, UNTRACKED_DAYS)))


@dataclass
class Pruned:
    """Rows deleted per table."""

    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class RetentionQueries(Repository):
    async def prune_batch(self, before: Cutoffs, limit: int,
                          tables: tuple[str, ...] | None = None) -> Pruned:
        """One batch: at most `limit` rows of each table, handled before its cutoff."""
        counts: dict[str, int] = {}
        params = (iso(before.records), limit, iso(before.dedup), iso(before.untracked))
        for key, sql in PRUNE:
            if tables is None or key in tables:
                used = max(int(n) for n in re.findall(r"\?(\d)", sql))  # SQLite binds ?1..?N
                counts[key] = await self._change(sql, params[:used])
        return Pruned(counts)


def reclaim(db: sqlite3.Connection, pages: int = 0, full: bool = False) -> int:
    """SQLite: give free pages back to the file system (on the store's connection thread).

    `full`: VACUUM, after switching the file to incremental vacuum if it is older than this
    version (a file's auto_vacuum mode changes only with a VACUUM); it rewrites the file and
    holds the write lock meanwhile (`prune --vacuum`, outside busy hours). Otherwise up to
    `pages` pages, at once, from a file in incremental mode (new files are; an older one
    keeps its free pages and fills them again before it grows). Returns the pages still free
    that incremental vacuum could give back (0 for an older file)."""
    if full:
        if db.execute("PRAGMA auto_vacuum").fetchone()[0] != INCREMENTAL:
            db.execute("PRAGMA auto_vacuum = INCREMENTAL")
        db.execute("VACUUM")
    elif pages and db.execute("PRAGMA auto_vacuum").fetchone()[0] == INCREMENTAL:
        # (executescript: through `execute`, Python's sqlite3 frees one page per call)
        db.executescript(f"PRAGMA incremental_vacuum({int(pages)});")
    # The file shrinks when the WAL is copied back: at once after a VACUUM (waiting for
    # readers), else without waiting for anyone (SQLite's own checkpoints do the rest).
    db.execute(f"PRAGMA wal_checkpoint({'TRUNCATE' if full else 'PASSIVE'})").fetchall()
    if db.execute("PRAGMA auto_vacuum").fetchone()[0] != INCREMENTAL:
        return 0
    return int(db.execute("PRAGMA freelist_count").fetchone()[0])
