"""The PostgreSQL store: the same interface as the SQLite `Store`, for several workers.

Driver: psycopg 3 (async). Chosen over asyncpg because its adapters are per connection (jsonb
and numeric come back as the str and int the query groups already expect from SQLite, while
the columns keep PostgreSQL's types), it has the `%s` placeholders sqlglot writes, a synchronous
API with the same adapters for the CLI's `copy-data`, COPY, and a maintained pool
(psycopg_pool). asyncpg is faster per call, but our path is one statement per round trip and
the database's own work dominates (see bench/scale.py).

The query groups (`Tx`) are the SQLite ones: their statements are translated once each
(bot/store/pg_dialect.py). `PgStatements` gives them the five primitives on a psycopg
connection; the Store's own methods (inbox, outbox claims, kv) are written here for PostgreSQL,
with row locks (`FOR UPDATE SKIP LOCKED`) where several workers compete.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from importlib import resources
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg.adapt import Loader
from psycopg.types.string import TextLoader
from psycopg_pool import AsyncConnectionPool

from bot.store.db import (
    INBOX_COLUMNS,
    INBOX_FAILED,
    OUTBOX_SENT,
    InboxRow,
    OutboxRow,
    StoreMissing,
    Tx,
    _inbox_row,
)
from bot.store.pg_dialect import translate, translate_script
from bot.store.statements import Params, Savepoint, TransactionError
from bot.store.timefmt import iso

log = logging.getLogger(__name__)


class _NumberLoader(Loader):
    """numeric (sum() of bigint, json_extract) as int when whole, else float: what SQLite gives."""

    def load(self, data: Any) -> int | float:
        text = bytes(data).decode()
        return int(text) if text.lstrip("-").isdigit() else float(text)


def _adapt(conn: psycopg.BaseConnection[Any]) -> None:
    conn.adapters.register_loader("jsonb", TextLoader)
    conn.adapters.register_loader("json", TextLoader)
    conn.adapters.register_loader("numeric", _NumberLoader)


def redact_url(url: str) -> str:
    """The URL without its password (for logs and "database: ..." lines)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def is_postgres_url(url: str | None) -> bool:
    return bool(url) and str(url).startswith(("postgresql://", "postgres://"))


class PgStatements:
    """The five primitives of `bot.store.statements.Statements` on a psycopg connection.

    Mixed in before `Tx`, so the query groups run unchanged. Every statement runs when it is
    called (one round trip each): a failing statement raises at its call, inside the
    savepoint of its update, which `savepoint()` rolls back alone.
    """

    _conn: Any

    def __init__(self, conn: psycopg.AsyncConnection[Any]) -> None:
        super().__init__(conn)  # type: ignore[call-arg]
        self._names = iter(range(1, 1 << 62))
        self._trips = 0
        self._committed = False
        self._open: Savepoint | None = None

    async def _run(self, sql: str, params: Params) -> psycopg.AsyncCursor[Any]:
        if self._committed:
            raise RuntimeError("the transaction is already committed")
        self._note(sql)  # type: ignore[attr-defined]
        text, args = translate(sql, tuple(params))
        self._trips += 1
        cur = self._conn.cursor()
        try:
            await cur.execute(text, args or None)
        except psycopg.Error as exc:
            if self._open is None:
                raise TransactionError(f"{type(exc).__name__}: {exc}") from exc
            raise
        return cur

    async def _write(self, sql: str, params: Params = ()) -> None:
        await self._run(sql, params)

    async def _change(self, sql: str, params: Params = ()) -> int:
        cur = await self._run(sql, params)
        return max(cur.rowcount, 0)

    async def _insert(self, sql: str, params: Params = ()) -> int:
        cur = await self._run(f"{sql.rstrip().rstrip(';')} RETURNING id", params)
        row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def _one(self, sql: str, params: Params = ()) -> tuple[Any, ...] | None:
        cur = await self._run(sql, params)
        row = await cur.fetchone()
        return tuple(row) if row is not None else None

    async def _all(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        cur = await self._run(sql, params)
        return [tuple(r) for r in await cur.fetchall()]

    async def _flush(self) -> None:
        """Nothing is buffered here."""

    async def settle(self, *, commit: bool = False) -> list[Savepoint]:
        if commit and not self._committed:
            await self._commit()
        return []

    async def _commit(self) -> None:
        # Replies queued here wake the sender, whichever worker runs it (delivered at COMMIT).
        notify = getattr(self, "_notify", False)
        await self._conn.execute(f"NOTIFY {OUTBOX_EVENT}; COMMIT" if notify else "COMMIT")
        self._committed = True

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[Savepoint]:
        if self._open is not None:
            raise RuntimeError("savepoints do not nest")
        savepoint = Savepoint(f"u{next(self._names)}")
        await self._conn.execute(f"SAVEPOINT {savepoint.name}")
        savepoint.begun = True
        self._open = savepoint
        try:
            yield savepoint
        except TransactionError:
            self._open = None
            raise
        except Exception as exc:
            self._open = None
            savepoint.error = exc
            savepoint.settled = True
            try:
                await self._conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint.name}")
                await self._conn.execute(f"RELEASE SAVEPOINT {savepoint.name}")
            except psycopg.Error as undo:
                raise TransactionError(f"could not roll back {savepoint.name}: {undo}") from exc
            raise
        self._open = None
        savepoint.closed = True
        await self._conn.execute(f"RELEASE SAVEPOINT {savepoint.name}")
        savepoint.settled = True


class PgTx(PgStatements, Tx):
    """`Tx` (every query group) on PostgreSQL."""

    def __init__(self, conn: psycopg.AsyncConnection[Any]) -> None:
        super().__init__(conn)
        self._notify = False  # something was queued in the outbox

    def _note(self, sql: str) -> None:
        super()._note(sql)
        if not self._notify and "INSERT INTO outbox" in sql:
            self._notify = True

    async def inbox_new(self, limit: int, max_attempts: int) -> list[InboxRow]:
        """The oldest unhandled updates this worker may handle now, in order.

        Several workers share the inbox. Rows are locked for this transaction (rows another
        worker holds are skipped, not waited for). A person's updates are then kept only when
        this transaction also gets that person's advisory lock (held until it ends) and no
        earlier update of that person is still waiting, taken by another worker or not: so
        one person's updates are handled one at a time and in order, and every other person
        is handled in parallel. A person left out here is simply taken in a later batch.
        """
        cur = self._conn.cursor()
        await cur.execute(
            f"SELECT {INBOX_COLUMNS}, person FROM inbox WHERE status = 'new' AND attempts < %s"
            " ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED",
            (max_attempts, limit),
        )
        rows = await cur.fetchall()
        first: dict[str, int] = {}
        for row in rows:
            if row[5] is not None:
                first.setdefault(row[5], row[0])
        if first:
            # One round trip: each person's lock; whether an earlier update of theirs waits
            # (then none of theirs now); and the first of their waiting updates this batch
            # did not get (another worker holds its row): theirs stop before it.
            taken = [r[0] for r in rows]
            await cur.execute(
                "SELECT t.p,"
                " NOT pg_try_advisory_xact_lock(hashtextextended(t.p, 16))"
                " OR EXISTS (SELECT 1 FROM inbox i WHERE i.person = t.p"
                "   AND i.status = 'new' AND i.id < t.first),"
                " (SELECT min(i.id) FROM inbox i WHERE i.person = t.p AND i.status = 'new'"
                "   AND i.id > t.first AND i.id <> ALL(%s::bigint[]))"
                " FROM unnest(%s::text[], %s::bigint[]) AS t(p, first)",
                (taken, list(first), list(first.values())),
            )
            limits = {p: (-1 if busy else gap) for p, busy, gap in await cur.fetchall()}
            rows = [r for r in rows if r[5] is None or limits[r[5]] is None
                    or r[0] < limits[r[5]]]
        return [_inbox_row(r) for r in rows]


OUTBOX_EVENT = "tutor_sensus_outbox"  # NOTIFY channel: something was queued

OUTBOX_CLAIM = """
    WITH due AS (
        SELECT o.id FROM outbox o
        WHERE o.channel = %(channel)s
          AND ((o.status = 'pending' AND o.not_before <= %(now)s)
               OR (o.status = 'sending' AND o.claimed_until < %(now)s))
          AND NOT EXISTS (
              SELECT 1 FROM outbox e
              WHERE e.channel = o.channel AND e.chat_id = o.chat_id
                AND e.status IN ('pending', 'sending') AND e.id < o.id
                AND e.priority <= o.priority)
        ORDER BY o.priority, o.id LIMIT %(limit)s
        FOR UPDATE SKIP LOCKED)
    UPDATE outbox SET status = 'sending', claimed_by = %(worker)s,
        claimed_until = %(until)s
    FROM due WHERE outbox.id = due.id
    RETURNING outbox.id, outbox.channel, outbox.chat_id, outbox.payload, outbox.priority,
        outbox.attempts
"""


class PgStore:
    """The store on PostgreSQL. Open with `PgStore.open(url)`."""

    # The processor writes whose conversation each update is (several workers keep order).
    orders_people = True

    def __init__(self, pool: AsyncConnectionPool, url: str) -> None:
        self._pool = pool
        self.url = url
        self.path = redact_url(url)  # what commands print as "database: ..."
        self._lock = asyncio.Lock()  # one write transaction at a time in this process

    @classmethod
    async def open(
        cls, url: str, *, create: bool = True, migrate: bool = True, size: int = 4
    ) -> PgStore:
        pool = AsyncConnectionPool(
            url, min_size=1, max_size=size, open=False, configure=cls._configure,
            kwargs={"autocommit": True},
        )
        try:
            await pool.open(wait=True, timeout=15)
        except Exception:
            await pool.close()
            raise
        store = cls(pool, url)
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
        """Apply the migrations not applied yet: each SQLite file translated, or its
        `.postgres.sql` twin; `*.postgres.sql` files without a twin run here only. One
        transaction per file; an advisory lock keeps two workers starting together from
        applying the same file twice."""
        folder = resources.files("bot.store").joinpath("migrations")
        names = {f.name for f in folder.iterdir() if f.name.endswith(".sql")}
        plan: list[tuple[str, str]] = []  # (recorded name, file)
        for name in sorted(names):
            if name.endswith(".postgres.sql"):
                if name.replace(".postgres.sql", ".sql") not in names:
                    plan.append((name, name))
                continue
            twin = name.replace(".sql", ".postgres.sql")
            plan.append((name, twin if twin in names else name))
        plan.sort()
        applied: list[str] = []
        async with self._pool.connection() as conn:
            await conn.execute("SELECT pg_advisory_lock(hashtext('tutor-sensus:migrate'))")
            try:
                await conn.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, at TEXT)"
                )
                cur = await conn.execute("SELECT name FROM schema_migrations")
                done = {row[0] for row in await cur.fetchall()}
                for name, file in plan:
                    if name in done:
                        continue
                    text = folder.joinpath(file).read_text(encoding="utf-8")
                    statements = ([text] if file.endswith(".postgres.sql")
                                  else translate_script(text))
                    async with conn.transaction():
                        for statement in statements:
                            await conn.execute(statement)
                        await conn.execute(
                            "INSERT INTO schema_migrations VALUES (%s, now()::text)", (name,)
                        )
                    applied.append(name)
                    log.info("applied migration %s", name)
            finally:
                await conn.execute("SELECT pg_advisory_unlock(hashtext('tutor-sensus:migrate'))")
        return applied

    # --- transactions ----------------------------------------------------------------------
    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """One write transaction; commits on success, rolls back on any error."""
        async with self._lock, self._pool.connection() as conn:
            tx = PgTx(conn)
            await conn.execute("BEGIN")
            try:
                yield tx
                if not tx._committed:
                    await tx._commit()
            except BaseException:
                if not tx._committed:
                    await conn.execute("ROLLBACK")
                raise

    # --- inbox -----------------------------------------------------------------------------
    async def inbox_add(
        self, channel: str, update_id: str, payload: str, now: datetime,
        person: str | None = None,
    ) -> bool:
        """Store an update (committed on return). False for a duplicate id. `person`: whose
        conversation it is (see `PgTx.inbox_new`)."""
        return 1 == await self._exec(
            "INSERT INTO inbox (channel, update_id, payload, received_at, person)"
            " VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
            (channel, update_id, payload, iso(now), person),
        )

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
        sent_sql, _ = translate(OUTBOX_SENT, ())
        params = {"channel": channel, "now": iso(now), "limit": limit, "worker": worker,
                  "until": iso(lease_until)}
        async with self._pool.connection() as conn, conn.transaction():
            if sent:
                async with conn.cursor() as cur:
                    await cur.executemany(sent_sql, [(iso(at), row_id) for row_id, at in sent])
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
        await self._exec(
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

    async def outbox_counts(self) -> dict[str, int]:
        rows = await self._fetchall("SELECT status, COUNT(*) FROM outbox GROUP BY status", ())
        return {row[0]: int(row[1]) for row in rows}

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
