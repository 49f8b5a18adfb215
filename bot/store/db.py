"""The SQLite store: one file, WAL, migrations at start, one lock per connection.

aiosqlite runs one connection in one thread. Every public method takes `_lock`, so that a
webhook handler writing to the inbox can never slip its statement into the middle of another
task's transaction (it would then be rolled back with it after we had answered 200).

Each trip to that thread costs a thread switch both ways, and each commit a write to the WAL,
so statements travel in batches (see bot/store/statements.py) and concurrent small writes
share one commit ("group commit"): webhook updates arriving together are written to the inbox
in one transaction, and each caller returns (acknowledges) only after that commit; replies
sent at the same time are marked sent in one transaction.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

import aiosqlite

from bot.files import private_database
from bot.store.group_commit import (
    GroupCommit,
    _commit,
    _inbox_insert,
    _outbox_mark_sent,
    _rejected_insert,
    _rollback,
)
from bot.store.migrate import apply_migrations
from bot.store.queue_rows import (
    INBOX_COLUMNS,
    INBOX_FAILED,
    OUTBOX_SENT,
    SQLITE_OUTBOX_CLAIM,
    InboxRow,
    OutboxRow,
    _inbox_row,
)
from bot.store.retention import reclaim
from bot.store.snapshots import Spare, sqlite_reader
from bot.store.statements import Params, on_connection
from bot.store.timefmt import iso
from bot.store.tx import Tx

# (InboxRow, OutboxRow, the shared statements and Tx are imported from here by the
# PostgreSQL store and by `bot.store`.)
__all__ = ["INBOX_COLUMNS", "INBOX_FAILED", "OUTBOX_SENT", "PRAGMAS", "InboxRow", "OutboxRow",
           "Store", "StoreMissing", "Tx", "_inbox_row"]

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


class Store:
    """Async access to the database file. Open with `Store.open(path)`."""

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        # Where files about people live (bot/store/personal_data.py's PERSONAL_FILES): the
        # database's folder, unless open_store names the data folder.
        self.data_dir: Path | None = path.parent
        self._lock = asyncio.Lock()
        self._spare = Spare()  # a reader's connection, idle (bot/store/snapshots.py)
        self._inbox = GroupCommit[Params, bool](self, "inbox-commit", _inbox_insert)
        self._sent = GroupCommit[Params, None](self, "outbox-sent-commit", _outbox_mark_sent)
        self._rejected = GroupCommit[Params, None](self, "rejected-commit", _rejected_insert)

    # --- lifecycle -------------------------------------------------------------------------
    @classmethod
    async def open(cls, path: Path, *, create: bool = True, migrate: bool = True) -> Store:
        if not create and not path.exists():
            raise StoreMissing(f"No database at {path}")
        private_database(path, create=create)  # 0600 (WAL and SHM too), folder 0700
        conn = await aiosqlite.connect(path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        async with conn.execute("PRAGMA page_count") as cur:  # a new file, before WAL: it
            if (await cur.fetchone() or (0,))[0] == 0:  # gives freed pages back (retention.py)
                await conn.execute("PRAGMA auto_vacuum=INCREMENTAL")
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
        await self._inbox.idle()
        await self._sent.idle()
        await self._rejected.idle()
        await self._spare.close()
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
        async with self._lock:
            return await apply_migrations(self._conn)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """One write transaction; commits on success, rolls back on any error.

        Statements are sent in batches (bot/store/statements.py): BEGIN IMMEDIATE travels
        with the first statement that needs an answer, COMMIT with the last buffered writes.
        """
        async with self._lock:
            tx = Tx(self._conn)
            tx.data_dir = self.data_dir
            await tx._write("BEGIN IMMEDIATE")
            try:
                yield tx
                if not tx._committed and (tx._trips or len(tx._pending) > 1):
                    await tx._trip(_commit)  # (with only BEGIN buffered nothing happened)
            except BaseException:
                tx._pending = []
                await on_connection(self._conn, _rollback)
                raise
        # Committed: now the files its rows pointed to may go (outside the lock and the loop).
        for action in tx.committed_actions():
            try:
                await asyncio.to_thread(action)
            except OSError as exc:  # a file already gone or unreadable: nothing to undo
                log.warning("after commit: %s", type(exc).__name__)

    @asynccontextmanager
    async def reader(self) -> AsyncIterator[Tx]:
        """A read-only snapshot for reports, on a connection of its own (issue 14).

        WAL lets this reader run beside the writer: it takes neither the store's lock nor
        SQLite's write lock, so a report that reads for seconds never delays an update or a
        webhook's commit, and every query inside sees the same moment (one read
        transaction). `query_only` makes any write through it an error."""
        async with sqlite_reader(self.path, self._spare) as rx:
            yield rx

    # --- inbox -----------------------------------------------------------------------------
    async def inbox_add(
        self, channel: str, update_id: str, payload: str, now: datetime,
        person: str | None = None,
    ) -> bool:
        """Store an update before the channel is acknowledged. False for a duplicate id.
        (`person`: for several workers on PostgreSQL; one process on SQLite needs no order
        key, so it is not stored here.)

        Returns once the update is committed; updates arriving together share the commit
        (see `GroupCommit`)."""
        return await self._inbox.submit((channel, update_id, payload, iso(now)))

    async def reject_add(
        self, channel: str, reason: str, shape: str, size: int, now: datetime
    ) -> None:
        """Record an update that could not be read (see migration 0013); `shape` holds no
        text a person typed. Rejections arriving together share one commit."""
        await self._rejected.submit((channel, reason[:200], shape[:1000], size, iso(now)))

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
            f"SELECT {INBOX_COLUMNS} FROM inbox"
            " WHERE status = 'new' AND attempts < ? ORDER BY id LIMIT ?",
            (max_attempts, limit),
        ) as cur:
            rows = await cur.fetchall()
        return [_inbox_row(r) for r in rows]

    async def inbox_failed_attempt(self, row_id: int, error: str, max_attempts: int) -> None:
        async with self._lock:
            await self._conn.execute(INBOX_FAILED, (error[:500], max_attempts, row_id))

    # --- outbox ----------------------------------------------------------------------------
    async def outbox_claim(
        self, channel: str, worker: str, now: datetime, lease_until: datetime, limit: int,
        *, sent: Sequence[tuple[int, datetime]] = (),
    ) -> list[OutboxRow]:
        """Atomically claim due rows: only the oldest unsent row of each chat (keeps order)
        among rows of the same or a more urgent priority: a reply (priority 0) never waits
        behind a bulk message (broadcast, reminder) queued earlier for the same person.

        A row whose lease ran out (its sender died mid-send) becomes claimable again.
        The two kinds of due rows are found through the (channel, status, ...) index, so a
        claim reads the rows waiting to be sent, not every row ever sent.

        `sent`: (row id, when) of rows this worker delivered, marked sent first, in the same
        transaction, so the next message of those chats can be claimed at once.
        """
        sql = SQLITE_OUTBOX_CLAIM
        params = (worker, iso(lease_until), channel, iso(now), limit)
        marks = [(iso(at), row_id) for row_id, at in sent]

        def claim(db: sqlite3.Connection) -> list[Any]:
            if not marks:
                return db.execute(sql, params).fetchall()
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany(OUTBOX_SENT, marks)
                rows = db.execute(sql, params).fetchall()
                db.execute("COMMIT")
            except BaseException:
                _rollback(db)
                raise
            return rows

        async with self._lock:  # marks, UPDATE and its rows in one trip
            rows = await on_connection(self._conn, claim)
        return sorted(
            (OutboxRow(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows),
            key=lambda r: (r.priority, r.id),
        )

    async def outbox_sent(self, row_id: int, now: datetime) -> None:
        """Mark a row sent; returns once committed. Rows sent at the same time (a sender's
        batch) share the commit (see `GroupCommit`)."""
        await self._sent.submit((iso(now), row_id))

    async def outbox_platform_id(self, row_id: int, platform_id: str) -> None:
        """Remember the platform's message id; a "failed" delivery status that arrived
        before this (webhooks can outrun the sender) marks the row failed now."""
        async with self._lock:
            await self._conn.execute(
                "UPDATE outbox SET platform_id = ?,"
                " status = CASE WHEN EXISTS (SELECT 1 FROM whatsapp_statuses"
                "   WHERE wamid = ? AND status = 'failed') THEN 'failed' ELSE status END,"
                " error = coalesce((SELECT 'whatsapp ' || error_code || ': ' || error_title"
                "   FROM whatsapp_statuses WHERE wamid = ? AND status = 'failed'), error)"
                " WHERE id = ?",
                (platform_id, platform_id, platform_id, row_id),
            )

    async def outbox_delete(self, row_id: int) -> None:
        async with self._lock:
            await self._conn.execute("DELETE FROM outbox WHERE id = ?", (row_id,))

    async def outbox_senders(self, channel: str) -> list[str]:
        """The workers holding claims on rows of this channel that are being sent."""
        rows = await self.fetch_all(
            "SELECT DISTINCT claimed_by FROM outbox WHERE channel = ? AND status = 'sending'"
            " AND claimed_by IS NOT NULL",
            (channel,),
        )
        return [row[0] for row in rows]

    async def outbox_release(self, channel: str, workers: list[str]) -> int:
        """Rows that these workers (known to be dead) were sending become due again now,
        instead of when their lease runs out. Returns how many."""
        if not workers:
            return 0
        marks = ", ".join("?" for _ in workers)
        async with self._lock:
            cur = await self._conn.execute(
                "UPDATE outbox SET status = 'pending', claimed_by = NULL, claimed_until = NULL"
                f" WHERE channel = ? AND status = 'sending' AND claimed_by IN ({marks})",
                (channel, *workers),
            )
            return cur.rowcount

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
            try:
                await self._conn.execute(
                    "UPDATE people SET blocked_at = ? WHERE channel = ? AND user_id = ?",
                    (iso(now), channel, chat_id),
                )
                await self._conn.execute(
                    "UPDATE outbox SET status = 'blocked', error = 'blocked by user'"
                    " WHERE channel = ? AND chat_id = ? AND status = 'pending'",
                    (channel, chat_id),
                )
            except BaseException:  # like every other writer: never leave the BEGIN open
                await self._conn.execute("ROLLBACK")
                raise
            await self._conn.execute("COMMIT")

    async def outbox_pending(self) -> int:
        """Messages waiting to be sent: counted on a partial index that holds only the
        waiting rows (outbox_waiting, migration 0014a), so it costs the queue's depth, not
        the history. (The IN repeats the index's condition: SQLite uses a partial index
        only where the query states it.)"""
        async with self._lock, self._conn.execute(
            "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')"
            " AND status = 'pending'"
        ) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def row_counts(self) -> list[tuple[str, str, str, int]]:
        """(table, channel, status, count) for /metrics: what waits, from the partial
        indexes; what was handled, sent or failed, from the totals the triggers keep
        (row_counts, migration 0014b)."""
        async with self._lock, self._conn.execute(
            "SELECT 'inbox', channel, status, count(*) FROM inbox WHERE status = 'new'"
            " GROUP BY channel, status"
            " UNION ALL SELECT 'outbox', channel, status, count(*) FROM outbox"
            " WHERE status IN ('pending', 'sending') GROUP BY channel, status"
            " UNION ALL SELECT name, channel, status, n FROM row_counts"
        ) as cur:
            return [(r[0], r[1], r[2], int(r[3])) for r in await cur.fetchall()]

    async def reclaim(self, *, pages: int = 0, full: bool = False) -> int:
        """Free pages back to the file system after retention (bot/store/retention.py)."""
        async with self._lock:
            return await on_connection(self._conn, partial(reclaim, pages=pages, full=full))

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
