"""The SQLite store: one file, WAL, migrations at start, one lock per connection.

aiosqlite runs one connection in one thread. Every public method takes `_lock`, so that a
webhook handler writing to the inbox can never slip its statement into the middle of another
task's transaction (it would then be rolled back with it after we had answered 200).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

from bot.store.handoffs import HandoffQueries
from bot.store.statements import Statements
from bot.store.timefmt import iso

log = logging.getLogger(__name__)

# synchronous=NORMAL in WAL mode: a commit survives a process crash (SIGKILL); only a power
# loss can lose the last transactions. Never OFF. secure_delete overwrites deleted content.
PRAGMAS = {
    "journal_mode": "WAL",
    "synchronous": "NORMAL",
    "secure_delete": "ON",
    "foreign_keys": "ON",
    "busy_timeout": "10000",
}


class StoreMissing(Exception):
    """A read-only command was pointed at a database that does not exist."""


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


class Store:
    """Async access to the database file. Open with `Store.open(path)`."""

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._lock = asyncio.Lock()

    # --- lifecycle -------------------------------------------------------------------------
    @classmethod
    async def open(cls, path: Path, *, create: bool = True, migrate: bool = True) -> Store:
        if not create and not path.exists():
            raise StoreMissing(f"No database at {path}")
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        for name, value in PRAGMAS.items():
            await conn.execute(f"PRAGMA {name}={value}")
        store = cls(conn, path)
        if migrate:
            try:
                await store.migrate()
            except BaseException:
                await conn.close()  # aiosqlite's thread would keep the process alive
                raise
        return store

    async def close(self) -> None:
        await self._conn.close()

    async def pragmas(self) -> dict[str, Any]:
        names = ("journal_mode", "synchronous", "secure_delete", "busy_timeout")
        result: dict[str, Any] = {}
        async with self._lock:
            for name in names:
                async with self._conn.execute(f"PRAGMA {name}") as cur:
                    row = await cur.fetchone()
                    result[name] = row[0] if row else None
        return result

    async def migrate(self) -> list[str]:
        """Apply the numbered SQL files in bot/store/migrations that are not applied yet."""
        folder = resources.files("bot.store").joinpath("migrations")
        files = sorted(f.name for f in folder.iterdir() if f.name.endswith(".sql"))
        applied_now: list[str] = []
        async with self._lock:
            await self._conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, at TEXT)"
            )
            async with self._conn.execute("SELECT name FROM schema_migrations") as cur:
                done = {row[0] for row in await cur.fetchall()}
            for name in files:
                if name in done:
                    continue
                sql = folder.joinpath(name).read_text(encoding="utf-8")
                record = f"INSERT INTO schema_migrations VALUES ('{name}', datetime('now'));"
                try:
                    await self._conn.executescript(f"BEGIN IMMEDIATE;\n{sql}\n{record}\nCOMMIT;")
                except BaseException:
                    if self._conn.in_transaction:
                        await self._conn.execute("ROLLBACK")
                    raise
                applied_now.append(name)
                log.info("applied migration %s", name)
        return applied_now

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """One write transaction; commits on success, rolls back on any error."""
        async with self._lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield Tx(self._conn)
            except BaseException:
                await self._conn.execute("ROLLBACK")
                raise
            await self._conn.execute("COMMIT")

    # --- inbox -----------------------------------------------------------------------------
    async def inbox_add(
        self, channel: str, update_id: str, payload: str, now: datetime
    ) -> bool:
        """Store an update before the channel is acknowledged. False for a duplicate id."""
        async with self._lock:
            cur = await self._conn.execute(
                "INSERT OR IGNORE INTO inbox (channel, update_id, payload, received_at)"
                " VALUES (?, ?, ?, ?)",
                (channel, update_id, payload, iso(now)),
            )
            return cur.rowcount == 1

    async def inbox_add_many(
        self, channel: str, items: list[tuple[str, str]], now: datetime
    ) -> int:
        async with self._lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                added = 0
                for update_id, payload in items:
                    cur = await self._conn.execute(
                        "INSERT OR IGNORE INTO inbox (channel, update_id, payload, received_at)"
                        " VALUES (?, ?, ?, ?)",
                        (channel, update_id, payload, iso(now)),
                    )
                    added += cur.rowcount
            except BaseException:
                await self._conn.execute("ROLLBACK")
                raise
            await self._conn.execute("COMMIT")
            return added

    async def inbox_pending(self, limit: int = 100, max_attempts: int = 5) -> list[InboxRow]:
        async with self._lock, self._conn.execute(
            "SELECT id, channel, update_id, payload, attempts FROM inbox"
            " WHERE status = 'new' AND attempts < ? ORDER BY id LIMIT ?",
            (max_attempts, limit),
        ) as cur:
            rows = await cur.fetchall()
        return [InboxRow(r[0], r[1], r[2], r[3] or "", r[4]) for r in rows]

    async def inbox_failed_attempt(self, row_id: int, error: str, max_attempts: int) -> None:
        async with self._lock:
            await self._conn.execute(
                "UPDATE inbox SET attempts = attempts + 1, error = ?,"
                " status = CASE WHEN attempts + 1 >= ? THEN 'failed' ELSE status END"
                " WHERE id = ?",
                (error[:500], max_attempts, row_id),
            )

    # --- outbox ----------------------------------------------------------------------------
    async def outbox_claim(
        self, channel: str, worker: str, now: datetime, lease_until: datetime, limit: int
    ) -> list[OutboxRow]:
        """Atomically claim due rows: only the oldest unsent row of each chat (keeps order).

        A row whose lease ran out (its sender died mid-send) becomes claimable again.
        """
        async with self._lock, self._conn.execute(
            """
            UPDATE outbox SET status = 'sending', claimed_by = ?, claimed_until = ?
            WHERE id IN (
                SELECT o.id FROM outbox o
                WHERE o.channel = ?
                  AND ((o.status = 'pending' AND o.not_before <= ?)
                       OR (o.status = 'sending' AND o.claimed_until < ?))
                  AND NOT EXISTS (
                      SELECT 1 FROM outbox e
                      WHERE e.channel = o.channel AND e.chat_id = o.chat_id
                        AND e.status IN ('pending', 'sending') AND e.id < o.id)
                ORDER BY o.priority, o.id LIMIT ?)
            RETURNING id, channel, chat_id, payload, priority, attempts
            """,
            (worker, iso(lease_until), channel, iso(now), iso(now), limit),
        ) as cur:
            rows = await cur.fetchall()
        return sorted(
            (OutboxRow(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows),
            key=lambda r: (r.priority, r.id),
        )

    async def outbox_sent(self, row_id: int, now: datetime) -> None:
        async with self._lock:
            await self._conn.execute(
                "UPDATE outbox SET status = 'sent', sent_at = ?, claimed_until = NULL"
                " WHERE id = ?",
                (iso(now), row_id),
            )

    async def outbox_retry(
        self, row_id: int, not_before: datetime, error: str, *, count_attempt: bool = True
    ) -> None:
        async with self._lock:
            await self._conn.execute(
                "UPDATE outbox SET status = 'pending', not_before = ?, error = ?,"
                " attempts = attempts + ?, claimed_by = NULL, claimed_until = NULL WHERE id = ?",
                (iso(not_before), error[:500], 1 if count_attempt else 0, row_id),
            )

    async def outbox_failed(self, row_id: int, error: str, *, blocked: bool = False) -> None:
        async with self._lock:
            await self._conn.execute(
                "UPDATE outbox SET status = ?, error = ?, attempts = attempts + 1,"
                " claimed_until = NULL WHERE id = ?",
                ("blocked" if blocked else "failed", error[:500], row_id),
            )

    async def mark_blocked(self, channel: str, chat_id: str, now: datetime) -> None:
        """The person blocked the bot: remember it and drop everything queued for them."""
        async with self._lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            await self._conn.execute(
                "UPDATE people SET blocked_at = ? WHERE channel = ? AND user_id = ?",
                (iso(now), channel, chat_id),
            )
            await self._conn.execute(
                "UPDATE outbox SET status = 'blocked', error = 'blocked by user'"
                " WHERE channel = ? AND chat_id = ? AND status = 'pending'",
                (channel, chat_id),
            )
            await self._conn.execute("COMMIT")

    async def outbox_counts(self) -> dict[str, int]:
        async with self._lock, self._conn.execute(
            "SELECT status, COUNT(*) FROM outbox GROUP BY status"
        ) as cur:
            return {row[0]: row[1] for row in await cur.fetchall()}

    # --- key-value -------------------------------------------------------------------------
    async def kv_get(self, key: str) -> str | None:
        async with self._lock, self._conn.execute(
            "SELECT value FROM kv WHERE key = ?", (key,)
        ) as cur:
            row = await cur.fetchone()
        return row[0] if row else None

    async def kv_set(self, key: str, value: str) -> None:
        async with self._lock:
            await self._conn.execute(
                "INSERT INTO kv (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    async def fetch_all(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Read-only queries for reports and tests."""
        async with self._lock, self._conn.execute(sql, params) as cur:
            return [tuple(row) for row in await cur.fetchall()]


class Tx(HandoffQueries, Statements):
    """Statements inside one transaction (see `Store.transaction`).

    Every query is written with the primitives of `Statements`; query groups for other
    features are mixed in.
    """

    async def inbox_status(self, row_id: int) -> str | None:
        row = await self._one("SELECT status FROM inbox WHERE id = ?", (row_id,))
        return row[0] if row else None

    async def inbox_done(self, row_id: int, now: datetime) -> None:
        # The raw update is emptied once handled: it may hold what a person typed.
        await self._write(
            "UPDATE inbox SET status = 'done', handled_at = ?, payload = NULL WHERE id = ?",
            (iso(now), row_id),
        )

    async def get_person(self, channel: str, user_id: str) -> dict[str, Any] | None:
        row = await self._one(
            "SELECT lang, kecamatan, state, first_seen, last_seen, blocked_at FROM people"
            " WHERE channel = ? AND user_id = ?",
            (channel, user_id),
        )
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
        await self._write(
            """
            INSERT INTO people (channel, user_id, lang, kecamatan, state, first_seen, last_seen)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(channel, user_id) DO UPDATE SET
                lang = excluded.lang, kecamatan = excluded.kecamatan, state = excluded.state,
                last_seen = excluded.last_seen, blocked_at = NULL
            """,
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

    async def enqueue(
        self, channel: str, chat_id: str, payload: str, now: datetime, priority: int = 0
    ) -> None:
        await self._write(
            "INSERT INTO outbox (channel, chat_id, payload, priority, not_before, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (channel, chat_id, payload, priority, iso(now), iso(now)),
        )

    async def group_noticed(self, channel: str, chat_id: str, now: datetime) -> bool:
        """True the first time a group is seen (the bot answers a group only once)."""
        return 1 == await self._change(
            "INSERT OR IGNORE INTO group_notices (channel, chat_id, at) VALUES (?, ?, ?)",
            (channel, chat_id, iso(now)),
        )

