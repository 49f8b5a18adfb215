"""Scheduling the campaign's reminders from what changed since the last run (part of `Tx`).

Each reminder occurrence (its key: 'tutup-7:2020-03-31', 'macet-3') keeps a bookmark in `kv`:
how far along people's last activity (`people.last_seen`, then the row id for people seen at
the same moment) it has looked. A run looks at the people after the bookmark whose last
activity is at most `upto` (now, for a reminder on a date; now minus the days, for a nudge
after inactivity), `limit` of them at a time on the index people_seen (migration 0025), on a
read snapshot (`schedule_read`: the reading, the segment's lookups and any cold pages hold no
lock); then a short write transaction (`schedule_write`) writes the due rows of those in the
reminder's segment (UNIQUE: never twice) and moves the bookmark, if no other run moved it
meanwhile. So what a resident's update can wait behind is the insert of one batch's rows by
key, the same at any size of the database. A person who writes again moves past the
bookmark and is looked at once more (they may have entered the segment); nobody is read
twice otherwise, and no run reads every person. The first run of an occurrence starts at
the beginning, a batch per round (no burst at start-up).

A run's end is set back by `SETTLE` so that the next run looks again at the last moments:
a worker that stamped a person's activity just before this run and committed after it (several
workers on PostgreSQL) is not missed. Looking twice writes nothing twice (UNIQUE).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.store.audience import PROGRESS, REACHABLE, segment_where
from bot.store.statements import Repository
from bot.store.timefmt import iso
from conversations.core.segments import Segment

SETTLE = timedelta(seconds=30)
LAST = 2**62  # a row id after every other: "everyone seen at this moment is done"
# People after the bookmark (moment, moment, row id) up to a moment, in index order. The
# first term gives the range on people_seen; `+p.rowid` keeps SQLite from walking the row
# ids instead.
AFTER = "p.last_seen >= ? AND (p.last_seen > ? OR +p.rowid > ?) AND p.last_seen <= ?"
BEFORE = ("0001-01-01T00:00:00.000000+00:00", 0)  # (a moment, not "": PostgreSQL's timestamptz)
CHUNK = 100  # rows per INSERT statement


def _key(occurrence: str) -> str:
    return f"reminders:{occurrence}"


def _moment(value: Any) -> str:
    """A last_seen as the store writes moments (PostgreSQL reads back a datetime)."""
    return iso(value) if isinstance(value, datetime) else str(value)


@dataclass(frozen=True)
class Batch:
    """What a read of the next people found for one reminder occurrence: whom it is due to,
    with its variables (`rows`: channel, user, JSON args), and the bookmark it read from and
    moves to (`start`, `end`: moment, row id). `more`: a full batch, people still waiting."""

    rows: list[tuple[str, str, str]]
    start: tuple[str, int]
    end: tuple[str, int]
    more: bool


class SchedulingQueries(Repository):
    async def _bookmark(self, occurrence: str) -> tuple[str, int]:
        row = await self._one("SELECT value FROM kv WHERE key = ?", (_key(occurrence),))
        if row is None:  # before every moment (a moment, not "": PostgreSQL's timestamptz)
            return BEFORE
        at, rowid = json.loads(row[0])
        return str(at), int(rowid)

    async def schedule_read(
        self, *, key: str, segment: Segment, args: dict[str, Any], upto: datetime,
        now: datetime, limit: int,
    ) -> Batch:
        """The next `limit` people after the bookmark of this occurrence (`key`) whose last
        activity is at most `upto`, and which of them are in the segment: one indexed read
        of a batch, on a read snapshot (`store.reader()`), so the reading, cold pages and
        all, holds no lock a resident's update waits for."""
        start = await self._bookmark(key)
        where, params = segment_where(segment, now)
        rows = await self._all(
            f"SELECT p.channel, p.user_id, p.last_seen, p.rowid, ({where}) AND {REACHABLE},"
            f" {PROGRESS.format(col='step')} FROM people p WHERE {AFTER}"
            " ORDER BY p.last_seen, p.rowid LIMIT ?",
            (*params, start[0], start[0], start[1], iso(upto), limit),
        )
        nudge = segment.name == "stopped_in_tutorial"  # names the step the person stopped at
        due = [(str(channel), str(user), json.dumps(
                   {**args, "step": int(step) + 1} if nudge and step is not None else args))
               for channel, user, _, _, wanted, step in rows if wanted]
        if len(rows) == limit:  # a full batch: up to its last person, the rest next round
            return Batch(due, start, (_moment(rows[-1][2]), int(rows[-1][3])), True)
        # Everyone up to `upto`; the last moments again next time (SETTLE).
        settled = min(upto, now - SETTLE)
        end = (iso(settled), LAST) if iso(settled) > start[0] else start
        return Batch(due, start, end, False)

    async def schedule_write(
        self, batch: Batch, *, key: str, message_key: str, segment: Segment, due_at: datetime,
    ) -> int:
        """The due rows of a batch read by `schedule_read` (UNIQUE: never twice), and the
        bookmark moved, in the caller's (short) write transaction: a few hundred rows by
        key, whatever the number of people. Nothing is written if the bookmark moved since
        the read (another run did this batch). Returns the rows written."""
        if await self._bookmark(key) != batch.start:
            return 0
        made = 0
        for chunk in range(0, len(batch.rows), CHUNK):
            rows = batch.rows[chunk:chunk + CHUNK]
            made += await self._change(
                "INSERT INTO reminders (key, channel, user_id, message_key, args, segment,"
                " due_at) VALUES " + ", ".join(["(?, ?, ?, ?, ?, ?, ?)"] * len(rows))
                + " ON CONFLICT (key, channel, user_id) DO NOTHING",
                tuple(v for channel, user, args in rows
                      for v in (key, channel, user, message_key, args, segment.id,
                                iso(due_at))),
            )
        await self._write(
            "INSERT INTO kv (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (_key(key), json.dumps(list(batch.end))),
        )
        return made
