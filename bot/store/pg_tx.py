"""PostgreSQL's side of a transaction: the statement primitives and `PgTx` (every query group
of `Tx` on a psycopg connection), the adapters that make PostgreSQL's values look like
SQLite's to the query groups, and URL helpers. The store itself: bot/store/postgres.py.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg.adapt import Loader
from psycopg.types.string import TextLoader

from bot.store.db import INBOX_COLUMNS, InboxRow, Tx, _inbox_row
from bot.store.pg_dialect import translate
from bot.store.statements import Params, Savepoint, TransactionError


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
    """The primitives of `bot.store.statements.Statements` on a psycopg connection.

    Mixed in before `Tx`, so the query groups run unchanged. Every statement runs when it is
    called (one round trip each): a failing statement raises at its call, inside the
    savepoint of its update, which `savepoint()` rolls back alone.
    """

    _conn: Any
    _names = itertools.count(1)  # savepoint names (as `Statements`)

    def __init__(self, conn: psycopg.AsyncConnection[Any]) -> None:
        super().__init__(conn)  # type: ignore[call-arg]
        self._trips = 0
        self._committed = False
        self._open: Savepoint | None = None

    def _note(self, sql: str) -> None:
        """Called with every statement (see `PgTx._note`)."""

    async def _run(self, sql: str, params: Params) -> psycopg.AsyncCursor[Any]:
        if self._committed:
            raise RuntimeError("the transaction is already committed")
        self._note(sql)
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

    async def _stream(self, sql: str, params: Params = (), size: int = 2000
                      ) -> AsyncIterator[list[tuple[Any, ...]]]:
        """A long read in batches (exports): a server-side cursor inside the transaction."""
        text, args = translate(sql, tuple(params))
        self._trips += 1
        async with self._conn.cursor(name=f"stream{next(self._names)}") as cur:
            await cur.execute(text, args or None)
            while rows := await cur.fetchmany(size):
                yield [tuple(r) for r in rows]

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


