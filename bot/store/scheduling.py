"""Scheduling the campaign's reminders from what changed since the last run (part of `Tx`).

Each reminder occurrence (its key: 'tutup-7:2020-03-31', 'macet-3') keeps a bookmark in `kv`:
how far along people's last activity (`people.last_seen`, then the row id for people seen at
the same moment) it has looked. A run looks at the people after the bookmark whose last
activity is at most `upto` (now, for a reminder on a date; now minus the days, for a nudge
after inactivity), `limit` of them at a time on the index people_seen (migration 0025), writes
the due rows of those in the reminder's segment (UNIQUE: never twice), and moves the bookmark
in the same transaction. A person who writes again moves past the bookmark and is looked at
once more (they may have entered the segment); nobody is read twice otherwise, and no run
reads every person. The first run of an occurrence starts at the beginning, a batch per
round (no burst at start-up).

A run's end is set back by `SETTLE` so that the next run looks again at the last moments:
a worker that stamped a person's activity just before this run and committed after it (several
workers on PostgreSQL) is not missed. Looking twice writes nothing twice (UNIQUE).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from bot.store.audience import PROGRESS, REACHABLE, segment_where
from bot.store.statements import Repository
from bot.store.timefmt import iso
from conversations.core.segments import Segment

SETTLE = timedelta(seconds=30)
LAST = 2**62  # a row id after every other: "everyone seen at this moment is done"
# People after the bookmark (?1 moment, ?2 row id) up to ?3, in index order. The first term
# gives the range on people_seen; `+p.rowid` keeps SQLite from walking the row ids instead.
AFTER = ("p.last_seen >= ?1 AND (p.last_seen > ?1 OR +p.rowid > ?2) AND p.last_seen <= ?3")


def _key(occurrence: str) -> str:
    return f"reminders:{occurrence}"


class SchedulingQueries(Repository):
    async def _bookmark(self, occurrence: str) -> tuple[str, int]:
        row = await self._one("SELECT value FROM kv WHERE key = ?", (_key(occurrence),))
        if row is None:  # before every moment (a moment, not "": PostgreSQL's timestamptz)
            return "0001-01-01T00:00:00.000000+00:00", 0
        at, rowid = json.loads(row[0])
        return str(at), int(rowid)

    async def schedule_batch(
        self, *, key: str, message_key: str, segment: Segment, args: dict[str, Any],
        due_at: datetime, upto: datetime, now: datetime, limit: int,
    ) -> tuple[int, bool]:
        """Due rows for the next `limit` people after the bookmark of this occurrence (`key`)
        whose last activity is at most `upto`. Returns (rows written, more people waiting)."""
        at, rowid = await self._bookmark(key)
        edge = await self._one(
            f"SELECT p.last_seen, p.rowid FROM people p WHERE {AFTER}"
            " ORDER BY p.last_seen, p.rowid LIMIT 1 OFFSET ?4",
            (at, rowid, iso(upto), limit - 1),
        )
        if edge is not None:  # a full batch: up to this person, the rest next round
            end_at, end_rowid = str(edge[0]), int(edge[1])
        else:  # everyone up to `upto`; the last moments again next time (SETTLE)
            end_at, end_rowid = iso(upto), LAST
        where, params = segment_where(segment, now)
        # A nudge names the step the person stopped at.
        args_sql = (f"json_set(?, '$.step', {PROGRESS.format(col='step')} + 1)"
                    if segment.name == "stopped_in_tutorial" else "?")
        made = await self._change(
            "INSERT INTO reminders (key, channel, user_id, message_key, args, segment, due_at)"
            f" SELECT ?, p.channel, p.user_id, ?, {args_sql}, ?, ? FROM people p"
            " WHERE p.last_seen >= ? AND (p.last_seen > ? OR +p.rowid > ?)"
            " AND p.last_seen <= ? AND (p.last_seen < ? OR +p.rowid <= ?)"
            f" AND ({where}) AND {REACHABLE}"
            " ON CONFLICT (key, channel, user_id) DO NOTHING",
            (key, message_key, json.dumps(args), segment.id, iso(due_at),
             at, at, rowid, end_at, end_at, end_rowid, *params),
        )
        if edge is None:
            settled = min(upto, now - SETTLE)
            if iso(settled) > at:
                end_at, end_rowid = iso(settled), LAST
            else:
                end_at, end_rowid = at, rowid
        await self._write(
            "INSERT INTO kv (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (_key(key), json.dumps([end_at, end_rowid])),
        )
        return made, edge is not None
