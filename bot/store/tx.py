"""`Tx`: the statements of one SQLite transaction (see `Store.transaction` in bot/store/db.py):
the engine's own queries (people, events, inbox, outbox) and the features' repositories."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import aiosqlite

from bot.store.bulk import BulkQueries
from bot.store.completions import CompletionQueries
from bot.store.handoffs import HandoffQueries
from bot.store.personal_data import PersonalDataQueries
from bot.store.queue_rows import (
    INBOX_COLUMNS,
    INBOX_FAILED,
    INBOX_FORGET,
    InboxRow,
    _inbox_row,
    kept_shape,
)
from bot.store.report_jobs import ReportJobQueries
from bot.store.retention import RetentionQueries
from bot.store.scheduling import SchedulingQueries
from bot.store.statements import Statements
from bot.store.stats import StatsQueries
from bot.store.timefmt import iso
from bot.store.tutors import TutorQueries
from bot.store.web import WebQueries
from bot.store.whatsapp import WhatsAppQueries
from conversations.core.redaction import storable_json

PERSON_COLUMNS = "lang, kecamatan, state, first_seen, last_seen, blocked_at"
PERSON_SELECT = f"SELECT {PERSON_COLUMNS} FROM people WHERE channel = ? AND user_id = ?"
PERSON_UPSERT = """
    INSERT INTO people (channel, user_id, lang, kecamatan, state, first_seen, last_seen)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(channel, user_id) DO UPDATE SET
        lang = excluded.lang, kecamatan = excluded.kecamatan, state = excluded.state,
        last_seen = excluded.last_seen, blocked_at = NULL
"""
# The tutorial's events (conversations/resident/tutorial.py) kept as columns in
# tutorial_progress (migration 0008), so segments never read people.state by field name.
_PROGRESS = (
    "INSERT INTO tutorial_progress (channel, user_id, step, done, at) VALUES (?, ?, ?, {d}, ?)"
    " ON CONFLICT (channel, user_id) DO UPDATE SET {set}, at = excluded.at"
)
TUTORIAL_PROGRESS = {
    "tutorial_start": _PROGRESS.format(d=0, set="step = 0, done = 0"),
    "tutorial_step": _PROGRESS.format(d=0, set="step = excluded.step"),
    "tutorial_done": _PROGRESS.format(d=1, set="done = 1"),
}
PREFETCH_MAX = 200  # people per SELECT (SQLite allows 32766 parameters; keep it small)


class Tx(Statements):
    """Statements inside one transaction (see `Store.transaction`).

    The engine's own queries (people, events, inbox, outbox) are here; the features' query
    groups are repositories composed in, each the implementation of the store ports a feature
    declares (conversations/core/ports.py), all written with the primitives of `Statements`.
    """

    def __init__(self, conn: aiosqlite.Connection) -> None:
        super().__init__(conn)
        self.handoffs = HandoffQueries(self)
        self.completions = CompletionQueries(self)
        self.personal = PersonalDataQueries(self)
        self.tutors = TutorQueries(self)
        self.bulk = BulkQueries(self)
        self.stats = StatsQueries(self)
        self.whatsapp = WhatsAppQueries(self)
        self.web = WebQueries(self)
        self.retention = RetentionQueries(self)  # not a port: the bot's retention job
        self.scheduling = SchedulingQueries(self)  # not a port: the bulk lane's scheduler
        self.report_jobs = ReportJobQueries(self)  # not a port: admins' reports waiting
        # People read ahead by `prefetch_people`: (channel, user) -> row, None if unknown.
        self._people: dict[tuple[str, str], tuple[Any, ...] | None] = {}

    def people_changed(self) -> None:
        self._people.clear()

    async def prefetch_people(self, keys: list[tuple[str, str]]) -> None:
        """Read these people in one trip (instead of one trip each, a batch's updates).

        `get_person` then answers from memory, once per person: after the first use, after
        `save_person` of that person, or after a query that wrote people otherwise (it calls
        `people_changed`), it reads the database again. The transaction holds SQLite's write lock,
        so no other process changes them meanwhile.
        """
        by_channel: dict[str, list[str]] = {}
        for channel, user_id in keys:
            if (channel, user_id) not in self._people:
                by_channel.setdefault(channel, []).append(user_id)
        for channel, wanted in by_channel.items():
            users = list(dict.fromkeys(wanted))
            for start in range(0, len(users), PREFETCH_MAX):
                chunk = users[start:start + PREFETCH_MAX]
                marks = ", ".join("?" for _ in chunk)
                rows = await self._all(
                    f"SELECT user_id, {PERSON_COLUMNS} FROM people"
                    f" WHERE channel = ? AND user_id IN ({marks})",
                    (channel, *chunk),
                )
                found = {row[0]: row[1:] for row in rows}
                for user_id in chunk:
                    self._people[(channel, user_id)] = found.get(user_id)

    async def inbox_status(self, row_id: int) -> str | None:
        row = await self._one("SELECT status FROM inbox WHERE id = ?", (row_id,))
        return row[0] if row else None

    async def inbox_new(self, limit: int, max_attempts: int) -> list[InboxRow]:
        """The oldest unhandled updates. Inside the transaction (it holds SQLite's write
        lock), so no other process can handle them before this transaction ends."""
        rows = await self._all(
            f"SELECT {INBOX_COLUMNS} FROM inbox"
            " WHERE status = 'new' AND attempts < ? ORDER BY id LIMIT ?",
            (max_attempts, limit),
        )
        return [_inbox_row(r) for r in rows]

    async def inbox_failed(
        self, row_id: int, error: str, max_attempts: int, shape: str | None = None
    ) -> None:
        """One more failed attempt; the last one marks the update failed and, given its
        `shape`, keeps only that in place of the raw update."""
        await self._write(INBOX_FAILED, (error[:500], max_attempts, row_id))
        if shape is not None:
            await self._write(INBOX_FORGET, (kept_shape(shape), row_id))

    async def inbox_done(self, row_id: int, now: datetime) -> None:
        # The raw update is emptied once handled: it may hold what a person typed.
        await self._write(
            "UPDATE inbox SET status = 'done', handled_at = ?, payload = NULL WHERE id = ?",
            (iso(now), row_id),
        )

    async def get_person(self, channel: str, user_id: str) -> dict[str, Any] | None:
        key = (channel, user_id)
        if key in self._people:
            row = self._people.pop(key)
        else:
            row = await self._one(PERSON_SELECT, key)
        if row is None:
            return None
        return {
            "lang": row[0],
            "kecamatan": row[1],
            "state": json.loads(row[2]),
            "first_seen": row[3],
            "last_seen": row[4],
            "blocked_at": row[5],
        }

    async def save_person(
        self,
        channel: str,
        user_id: str,
        *,
        lang: str,
        kecamatan: str | None,
        state: dict[str, Any],
        now: datetime,
    ) -> None:
        self._people.pop((channel, user_id), None)
        await self._write(
            PERSON_UPSERT,
            (channel, user_id, lang, kecamatan, json.dumps(state), iso(now), iso(now)),
        )

    async def add_event(
        self,
        channel: str,
        user_id: str,
        kind: str,
        now: datetime,
        detail: str | None = None,
        step_index: int | None = None,
    ) -> None:
        await self._write(
            "INSERT INTO events (channel, user_id, kind, detail, step_index, at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (channel, user_id, kind, detail, step_index, iso(now)),
        )
        if kind in TUTORIAL_PROGRESS:  # the tutorial's events keep its columns up to date
            await self._write(TUTORIAL_PROGRESS[kind],
                              (channel, user_id, step_index or 0, iso(now)))

    async def enqueue(
        self, channel: str, chat_id: str, payload: str, now: datetime, priority: int = 0
    ) -> None:
        await self._write(
            "INSERT INTO outbox (channel, chat_id, payload, priority, not_before, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (channel, chat_id, storable_json(payload), priority, iso(now), iso(now)),
        )

    async def group_noticed(self, channel: str, chat_id: str, now: datetime) -> bool:
        """True the first time a group is seen (the bot answers a group only once)."""
        return 1 == await self._change(
            "INSERT OR IGNORE INTO group_notices (channel, chat_id, at) VALUES (?, ?, ?)",
            (channel, chat_id, iso(now)),
        )
