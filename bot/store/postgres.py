"""The PostgreSQL store: the same interface as the SQLite `Store`, for several workers.

Driver: psycopg 3 (async). Chosen over asyncpg because its adapters are per connection (jsonb
and numeric come back as the str and int the query groups already expect from SQLite, while
the columns keep PostgreSQL's types), it has the `%s` placeholders sqlglot writes, a synchronous
API with the same adapters for the CLI's `copy-data`, COPY, and a maintained pool
(psycopg_pool). asyncpg is faster per call, but our path is one statement per round trip and
the database's own work dominates (see bench/scale.py).

The query groups (`Tx`) are the SQLite ones: their statements are translated once each
(bot/store/pg_dialect.py). `PgStatements` (bot/store/pg_statements.py) gives them the
primitives on a psycopg connection; the Store's own methods (inbox, outbox claims, kv) are
written here for PostgreSQL, with row locks (`FOR UPDATE SKIP LOCKED`) where several workers
compete.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg_pool import AsyncConnectionPool

from bot.store.db import StoreMissing
from bot.store.pg_arrivals import Arrival, Arrivals
from bot.store.pg_dialect import translate
from bot.store.pg_migrate import apply_pg_migrations
from bot.store.pg_statements import OUTBOX_EVENT
from bot.store.pg_tallies import compact
from bot.store.pg_tx import (  # (redact_url, is_postgres_url: imported from here too)
    OUTBOX_CLAIM,
    PgTx,
    _adapt,
    is_postgres_url,
    pg_reader,
    redact_url,
)
from bot.store.queue_rows import (
    INBOX_COLUMNS,
    INBOX_FAILED,
    OUTBOX_SENT,
    REJECTED_INSERT,
    InboxRow,
    OutboxRow,
    _inbox_row,
)
from bot.store.snapshots import Spare
from bot.store.timefmt import iso
from bot.store.tx import Tx
from conversations.core.campaign import Campaign

DEFAULT_TIMEZONE = Campaign.model_fields["timezone"].default

__all__ = ["PgStore", "PgTx", "is_postgres_url", "redact_url"]

log = logging.getLogger(__name__)


class PgStore:
    """The store on PostgreSQL. Open with `PgStore.open(url)`."""

    # The processor writes whose conversation each update is (several workers keep order).
    orders_people = True

    def __init__(self, pool: AsyncConnectionPool, url: str) -> None:
        self._pool = pool
        self.url = url
        self.path = redact_url(url)  # what commands print as "database: ..."
        self.data_dir: Path | None = None  # files about people: set by open_store
        self._lock = asyncio.Lock()  # one write transaction at a time in this process
        self._options = ""  # connection options (the session's time zone): set by open
        self._arrivals = Arrivals(pool)  # webhook updates, written together (`inbox_add`)
        self._spare = Spare()  # a reader's connection, idle (bot/store/snapshots.py)

    @classmethod
    async def open(
        cls, url: str, *, create: bool = True, migrate: bool = True, size: int = 4,
        timezone: str = DEFAULT_TIMEZONE,
    ) -> PgStore:
        """`timezone`: the campaign's. Moments are `timestamptz` and read back as text in
        this zone, as the SQLite store keeps them, and days (`substr(at, 1, 10)`) are its."""
        pool = AsyncConnectionPool(
            url, min_size=1, max_size=size, open=False, configure=cls._configure,
            kwargs={"autocommit": True, "options": f"-c TimeZone={timezone}"},
        )
        try:
            await pool.open(wait=True, timeout=15)
        except Exception:
            await pool.close()
            raise
        store = cls(pool, url)
        store._options = f"-c TimeZone={timezone}"  # (the reports' own connections too)
        try:
            if not create and not await store._has_schema():
                raise StoreMissing(f"No database at {store.path} (no Tutor Sensus tables)")
            if migrate:
                await store.migrate()
        except BaseException:
            await pool.close()
            raise
        return store

    @staticmethod
    async def _configure(conn: psycopg.AsyncConnection[Any]) -> None:
        _adapt(conn)

    async def _has_schema(self) -> bool:
        row = await self._fetchone("SELECT to_regclass('schema_migrations') IS NOT NULL", ())
        return bool(row and row[0])

    async def close(self) -> None:
        await self._arrivals.idle()
        await self._spare.close()
        await self._pool.close()

    async def pragmas(self) -> dict[str, Any]:
        return {}

    # --- helpers ---------------------------------------------------------------------------
    async def _exec(self, sql: str, params: Any = ()) -> int:
        async with self._pool.connection() as conn:
            cur = await conn.execute(sql, params or None)
            return max(cur.rowcount, 0)

    async def _fetchone(self, sql: str, params: Any) -> tuple[Any, ...] | None:
        async with self._pool.connection() as conn:
            cur = await conn.execute(sql, params or None)
            row = await cur.fetchone()
            return tuple(row) if row is not None else None

    async def _fetchall(self, sql: str, params: Any) -> list[tuple[Any, ...]]:
        async with self._pool.connection() as conn:
            cur = await conn.execute(sql, params or None)
            return [tuple(r) for r in await cur.fetchall()]

    # --- migrations ------------------------------------------------------------------------
    async def migrate(self) -> list[str]:
        """Apply the migrations not applied yet (bot/store/pg_migrate.py)."""
        async with self._pool.connection() as conn:
            return await apply_pg_migrations(conn)

    # --- transactions ----------------------------------------------------------------------
    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """One write transaction; commits on success, rolls back on any error."""
        async with self._lock, self._pool.connection() as conn:
            tx = PgTx(conn)
            tx.data_dir = self.data_dir
            tx.began()  # (BEGIN travels with the first statement: no trip of its own)
            try:
                yield tx
                if not tx._committed:
                    await tx._commit()
            except BaseException:
                if not tx._committed and tx.sent_anything:
                    await conn.execute("ROLLBACK")
                raise
        # Committed: now the files its rows pointed to may go (as the SQLite store does).
        for action in tx.committed_actions():
            try:
                await asyncio.to_thread(action)
            except OSError as exc:
                log.warning("after commit: %s", type(exc).__name__)

    @asynccontextmanager
    async def reader(self) -> AsyncIterator[Tx]:
        """A read-only snapshot for reports (issue 14), as the SQLite store's `reader`: a
        connection of its own, outside the pool the residents' updates use, in one
        REPEATABLE READ READ ONLY transaction (every query sees the same moment; a write is
        an error). It takes no lock of this store."""
        async with pg_reader(self.url, self._options, self._spare) as rx:
            yield rx

    async def compact_tallies(self) -> int:
        """Fold the statistics' append-only tallies (bot/store/pg_tallies.py)."""
        async with self._pool.connection() as conn:
            return await compact(conn)

    # --- inbox -----------------------------------------------------------------------------
    async def inbox_add(
        self, channel: str, update_id: str, payload: str, now: datetime,
        person: str | None = None,
    ) -> bool:
        """Store an update (committed on return). False for a duplicate id. `person`: whose
        conversation it is (see `PgTx.inbox_new`). Updates arriving together share one
        statement (bot/store/pg_arrivals.py).

        The row's id is drawn at INSERT, not at COMMIT: another worker's insert of the same
        person may draw an earlier id and commit later. So the insert holds the person's
        advisory lock, shared, from before its id is drawn until its commit (one statement):
        a processor cannot take that person (its lock is exclusive) while an update of theirs
        is on its way in, and sees it once it has arrived."""
        return await self._arrivals.add(Arrival(channel, update_id, payload, iso(now), person))

    async def reject_add(
        self, channel: str, reason: str, shape: str, size: int, now: datetime
    ) -> None:
        """Record an update that could not be read (see `Store.reject_add`)."""
        sql, params = translate(REJECTED_INSERT, (channel, reason[:200], shape[:1000], size,
                                                  iso(now)))
        await self._exec(sql, params)

    async def inbox_add_many(
        self, channel: str, items: list[tuple[str, str]], now: datetime
    ) -> int:
        async with self._pool.connection() as conn, conn.transaction():
            added = 0
            for update_id, payload in items:
                cur = await conn.execute(
                    "INSERT INTO inbox (channel, update_id, payload, received_at)"
                    " VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
                    (channel, update_id, payload, iso(now)),
                )
                added += max(cur.rowcount, 0)
            return added

    async def inbox_pending(self, limit: int = 100, max_attempts: int = 5) -> list[InboxRow]:
        rows = await self._fetchall(
            f"SELECT {INBOX_COLUMNS} FROM inbox"
            " WHERE status = 'new' AND attempts < %s ORDER BY id LIMIT %s",
            (max_attempts, limit),
        )
        return [_inbox_row(r) for r in rows]

    async def inbox_failed_attempt(self, row_id: int, error: str, max_attempts: int) -> None:
        sql, params = translate(INBOX_FAILED, (error[:500], max_attempts, row_id))
        await self._exec(sql, params)

    # --- outbox ----------------------------------------------------------------------------
    async def outbox_claim(
        self, channel: str, worker: str, now: datetime, lease_until: datetime, limit: int,
        *, sent: Sequence[tuple[int, datetime]] = (),
    ) -> list[OutboxRow]:
        """Claim due rows (see `Store.outbox_claim`), the rows `sent` marked sent first in the
        same transaction. Rows locked by another worker's claim are skipped; a chat's later
        row is never claimable while an earlier one is pending or being sent, whoever holds
        it, so a person's messages stay in order across workers."""
        params = {"channel": channel, "now": iso(now), "limit": limit, "worker": worker,
                  "until": iso(lease_until), "sent": [row_id for row_id, _ in sent],
                  "sent_at": [iso(at) for _, at in sent]}
        async with self._pool.connection() as conn:  # (one statement: its own transaction)
            cur = await conn.execute(OUTBOX_CLAIM, params)
            rows = await cur.fetchall()
        return sorted(
            (OutboxRow(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows),
            key=lambda r: (r.priority, r.id),
        )

    async def outbox_sent(self, row_id: int, now: datetime) -> None:
        sql, params = translate(OUTBOX_SENT, (iso(now), row_id))
        await self._exec(sql, params)

    async def outbox_platform_id(self, row_id: int, platform_id: str) -> None:
        """As `Store.outbox_platform_id`; a delivery status of this message being recorded
        by another worker at the same moment waits for this, or this for it (the same
        `serialise` key as `whatsapp_status_add`), so a "failed" one is never missed."""
        async with self._pool.connection() as conn, conn.pipeline(), conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 1))",
                               (f"wamid:{platform_id}",))
            await conn.execute(
                "UPDATE outbox SET platform_id = %(p)s,"
                " status = CASE WHEN EXISTS (SELECT 1 FROM whatsapp_statuses"
                "   WHERE wamid = %(p)s AND status = 'failed') THEN 'failed' ELSE status END,"
                " error = coalesce((SELECT 'whatsapp ' || error_code || ': ' || error_title"
                "   FROM whatsapp_statuses WHERE wamid = %(p)s AND status = 'failed'), error)"
                " WHERE id = %(id)s",
                {"p": platform_id, "id": row_id},
            )

    async def outbox_delete(self, row_id: int) -> None:
        await self._exec("DELETE FROM outbox WHERE id = %s", (row_id,))

    async def outbox_senders(self, channel: str) -> list[str]:
        rows = await self._fetchall(
            "SELECT DISTINCT claimed_by FROM outbox WHERE channel = %s AND status = 'sending'"
            " AND claimed_by IS NOT NULL",
            (channel,),
        )
        return [row[0] for row in rows]

    async def outbox_release(self, channel: str, workers: list[str]) -> int:
        if not workers:
            return 0
        return await self._exec(
            "UPDATE outbox SET status = 'pending', claimed_by = NULL, claimed_until = NULL"
            " WHERE channel = %s AND status = 'sending' AND claimed_by = ANY(%s)",
            (channel, list(workers)),
        )

    async def outbox_retry(
        self, row_id: int, not_before: datetime, error: str, *, count_attempt: bool = True
    ) -> None:
        await self._exec(
            "UPDATE outbox SET status = 'pending', not_before = %s, error = %s,"
            " attempts = attempts + %s, claimed_by = NULL, claimed_until = NULL WHERE id = %s",
            (iso(not_before), error[:500], 1 if count_attempt else 0, row_id),
        )

    async def outbox_failed(self, row_id: int, error: str, *, blocked: bool = False) -> None:
        await self._exec(
            "UPDATE outbox SET status = %s, error = %s, attempts = attempts + 1,"
            " claimed_until = NULL WHERE id = %s",
            ("blocked" if blocked else "failed", error[:500], row_id),
        )

    async def mark_blocked(self, channel: str, chat_id: str, now: datetime) -> None:
        async with self._pool.connection() as conn, conn.transaction():
            await conn.execute(
                "UPDATE people SET blocked_at = %s WHERE channel = %s AND user_id = %s",
                (iso(now), channel, chat_id),
            )
            await conn.execute(
                "UPDATE outbox SET status = 'blocked', error = 'blocked by user'"
                " WHERE channel = %s AND chat_id = %s AND status = 'pending'",
                (channel, chat_id),
            )

    async def outbox_pending(self) -> int:
        row = await self._fetchone("SELECT count(*) FROM outbox WHERE status = 'pending'", ())
        return int(row[0]) if row else 0

    async def reclaim(self, *, pages: int = 0, full: bool = False) -> int:
        """After retention: PostgreSQL's autovacuum makes deleted rows' space reusable on
        its own; `full` (`prune --vacuum`) runs VACUUM on the pruned tables now. Returns 0
        (nothing left for the bot to give back a page at a time)."""
        if full:
            from bot.store.retention import PRUNE, table

            async with self._pool.connection() as conn:
                for name in dict.fromkeys(table(key) for key, _ in PRUNE):
                    await conn.execute(f"VACUUM (ANALYZE) {name}")
        return 0

    async def row_counts(self) -> list[tuple[str, str, str, int]]:
        """(table, channel, status, count) for /metrics (see `Store.row_counts`)."""
        rows = await self._fetchall(
            "SELECT 'inbox', channel, status, count(*) FROM inbox WHERE status = 'new'"
            " GROUP BY channel, status"
            " UNION ALL SELECT 'outbox', channel, status, count(*) FROM outbox"
            " WHERE status IN ('pending', 'sending') GROUP BY channel, status"
            " UNION ALL SELECT name, channel, status, sum(n) FROM row_counts"
            " GROUP BY name, channel, status", ())
        return [(r[0], r[1], r[2], int(r[3])) for r in rows]

    async def listen(self, wake: asyncio.Event) -> None:
        """Set `wake` whenever any worker commits messages to the outbox (forever)."""
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                    self.url, autocommit=True, connect_timeout=5
                ) as conn:
                    await conn.execute(f"LISTEN {OUTBOX_EVENT}")
                    wake.set()  # anything queued while we were not listening
                    async for _ in conn.notifies():
                        wake.set()
            except psycopg.Error as exc:
                log.warning("outbox notifications lost (%s); listening again in 1 s", exc)
                await asyncio.sleep(1.0)

    # --- key-value -------------------------------------------------------------------------
    async def kv_get(self, key: str) -> str | None:
        row = await self._fetchone("SELECT value FROM kv WHERE key = %s", (key,))
        return row[0] if row else None

    async def kv_set(self, key: str, value: str) -> None:
        await self._exec(
            "INSERT INTO kv (key, value) VALUES (%s, %s)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    async def fetch_all(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Read-only queries for reports and tests, written for SQLite (translated)."""
        text, args = translate(sql, tuple(params))
        return await self._fetchall(text, args)
