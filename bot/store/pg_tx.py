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
from psycopg.types.datetime import TimestamptzLoader
from psycopg.types.string import TextLoader

from bot.store.pg_dialect import translate
from bot.store.queue_rows import INBOX_COLUMNS, InboxRow, _inbox_row
from bot.store.snapshots import Spare
from bot.store.statements import LockUnavailable, Params, Savepoint, TransactionError
from bot.store.timefmt import iso
from bot.store.tx import Tx


class _NumberLoader(Loader):
    """numeric (sum() of bigint, json_extract) as int when whole, else float: what SQLite gives."""

    def load(self, data: Any) -> int | float:
        text = bytes(data).decode()
        return int(text) if text.lstrip("-").isdigit() else float(text)


class _FlagLoader(Loader):
    """boolean as 0/1, as SQLite gives flags and predicates."""

    def load(self, data: Any) -> int:
        return 1 if bytes(data) == b"t" else 0


class _MomentLoader(TimestamptzLoader):
    """timestamptz as the ISO 8601 text the SQLite store keeps (bot/store/timefmt.py), in the
    session's time zone (the campaign's: `PgStore.open`), so the query groups read the same
    strings on both stores."""

    def load(self, data: Any) -> str:  # type: ignore[override]
        return iso(super().load(data))


def _adapt(conn: psycopg.BaseConnection[Any]) -> None:
    conn.adapters.register_loader("jsonb", TextLoader)
    conn.adapters.register_loader("json", TextLoader)
    conn.adapters.register_loader("numeric", _NumberLoader)
    conn.adapters.register_loader("bool", _FlagLoader)
    conn.adapters.register_loader("timestamptz", _MomentLoader)


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

    Mixed in before `Tx`, so the query groups run unchanged. As on SQLite, a write whose
    result nobody needs (`_write`, and SAVEPOINT/RELEASE) is queued, and goes with the next
    statement that needs an answer, with the end of its update's savepoint, or with the
    COMMIT: psycopg's pipeline mode sends them all and waits once (one round trip). An error
    of a queued write is raised there, still inside the savepoint of its update (a savepoint
    sends what it queued before it ends), which `savepoint()` then rolls back alone.
    """

    _conn: Any
    _names = itertools.count(1)  # savepoint names (as `Statements`)

    def __init__(self, conn: psycopg.AsyncConnection[Any]) -> None:
        super().__init__(conn)  # type: ignore[call-arg]
        self._trips = 0
        self._committed = False
        self._open: Savepoint | None = None
        self._queued: list[tuple[str, Any]] = []  # PostgreSQL text and parameters, unsent

    def _note(self, sql: str) -> None:
        """Called with every statement (see `PgTx._note`)."""

    def _queue(self, text: str, args: Any = None) -> None:
        if self._committed:
            raise RuntimeError("the transaction is already committed")
        self._queued.append((text, args))

    async def _send(self, last: tuple[str, Any] | None = None) -> psycopg.AsyncCursor[Any] | None:
        """Everything queued, then `last`, in one round trip; the cursor of the last."""
        items, self._queued = self._queued, []
        if last is not None:
            items.append(last)
        if not items:
            return None
        self._trips += 1
        cur: psycopg.AsyncCursor[Any] | None = None
        try:
            if len(items) == 1:
                cur = self._conn.cursor()
                await cur.execute(items[0][0], items[0][1])
                return cur
            async with self._conn.pipeline():
                for text, args in items:
                    cur = self._conn.cursor()
                    await cur.execute(text, args)
        except psycopg.Error as exc:
            if self._open is None:
                raise TransactionError(f"{type(exc).__name__}: {exc}") from exc
            raise
        return cur

    async def _run(self, sql: str, params: Params) -> psycopg.AsyncCursor[Any]:
        if self._committed:
            raise RuntimeError("the transaction is already committed")
        self._note(sql)
        text, args = translate(sql, tuple(params))
        cur = await self._send((text, args or None))
        assert cur is not None
        return cur

    async def _write(self, sql: str, params: Params = ()) -> None:
        self._note(sql)
        text, args = translate(sql, tuple(params))
        self._queue(text, args or None)

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
        await self._send()

    async def settle(self, *, commit: bool = False) -> list[Savepoint]:
        """Every savepoint sent what it queued before it ended (and its error was raised
        there), so nothing failed unseen: always []."""
        if commit and not self._committed:
            await self._commit()
        else:
            await self._send()
        return []

    async def serialise(self, key: str) -> None:
        self._queue("SELECT pg_advisory_xact_lock(hashtextextended(%s, 1))", (key,))

    async def write_alone(self, tables: tuple[str, ...], advisory: str | None = None) -> None:
        """(See `Statements.write_alone`.) SHARE ROW EXCLUSIVE: readers go on, writers of
        these tables wait; each lock is waited for at most `LOCK_WAIT`, less than the
        server's deadlock_timeout (1 s), so if a worker's transaction holds one table and
        waits for another this one holds, this one gives up (LockNotAvailable), not the
        worker's. `advisory`: a session lock's key taken with `pg_try_advisory_xact_lock`
        elsewhere (hashtext)."""
        self._queue(f"SET LOCAL lock_timeout = '{LOCK_WAIT_MS}ms'")
        if advisory is not None:
            self._queue("SELECT pg_advisory_xact_lock(hashtext(%s))", (advisory,))
        self._queue(f"LOCK TABLE {', '.join(tables)} IN SHARE ROW EXCLUSIVE MODE")
        self._queue("SET LOCAL lock_timeout = 0")
        try:
            await self._send()
        except TransactionError as exc:
            if isinstance(exc.__cause__, psycopg.errors.LockNotAvailable):
                raise LockUnavailable(str(exc)) from exc.__cause__
            raise

    def began(self) -> None:
        """The transaction's BEGIN, sent with its first statement."""
        self._queue("BEGIN")

    @property
    def sent_anything(self) -> bool:
        return self._trips > 0

    async def _commit(self) -> None:
        if self._trips == 0 and all(text == "BEGIN" for text, _ in self._queued):
            self._queued = []  # nothing happened: no trip at all
            self._committed = True
            return
        # Replies queued here wake the sender, whichever worker runs it (delivered at COMMIT).
        if getattr(self, "_notify", False):
            self._queue(f"NOTIFY {OUTBOX_EVENT}")
        self._queue("COMMIT")
        await self._send()
        self._committed = True

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[Savepoint]:
        if self._open is not None:
            raise RuntimeError("savepoints do not nest")
        savepoint = Savepoint(f"u{next(self._names)}")
        mark = (f"SAVEPOINT {savepoint.name}", None)
        self._queue(*mark)
        mark = self._queued[-1]
        savepoint.begun = True
        self._open = savepoint
        try:
            try:
                yield savepoint
            except BaseException:
                self._open = None
                raise
            # The update's statements end here: sent now (with RELEASE), so an error of one of
            # them is this update's (still `_open`, so not a TransactionError).
            writes = bool(self._queued)
            self._queue(f"RELEASE SAVEPOINT {savepoint.name}")
            try:
                if writes:  # (a lone RELEASE cannot fail: it waits for the next trip)
                    await self._send()
            finally:
                self._open = None
        except TransactionError:
            raise
        except Exception as exc:
            savepoint.error = exc
            savepoint.settled = True
            if any(item is mark for item in self._queued):  # never sent: drop its statements
                del self._queued[next(i for i, it in enumerate(self._queued) if it is mark):]
                raise
            self._queued = []  # (what is still queued is its own)
            try:
                self._queue(f"ROLLBACK TO SAVEPOINT {savepoint.name}")
                await self._send((f"RELEASE SAVEPOINT {savepoint.name}", None))
            except psycopg.Error as undo:
                raise TransactionError(f"could not roll back {savepoint.name}: {undo}") from exc
            raise
        savepoint.closed = True
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
        cur = await self._send((
            f"SELECT {INBOX_COLUMNS}, person FROM inbox WHERE status = 'new' AND attempts < %s"
            " ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED",
            (max_attempts, limit),
        ))
        assert cur is not None
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
            self._trips += 1
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


LOCK_WAIT_MS = 500  # `write_alone`: under PostgreSQL's default deadlock_timeout (1 s)
OUTBOX_EVENT = "tutor_sensus_outbox"  # NOTIFY channel: something was queued

# The sender's one statement (one round trip, its own transaction): the last batch's rows
# marked sent (as OUTBOX_SENT: emptied, unless a delivery status already failed them), then
# the next due rows claimed. The claim cannot see the marks of the same statement, so the
# rows being marked count as done (`<> ALL(sent)`): a chat's next message is claimable at once.

OUTBOX_CLAIM = """
    WITH sent AS (
        UPDATE outbox SET status = 'sent', sent_at = v.at, claimed_by = NULL,
            claimed_until = NULL, payload = '{}'
        FROM unnest(%(sent)s::bigint[], %(sent_at)s::timestamptz[]) AS v(id, at)
        WHERE outbox.id = v.id AND outbox.status != 'failed'),
    due AS (
        SELECT o.id FROM outbox o
        WHERE o.channel = %(channel)s AND o.id <> ALL(%(sent)s::bigint[])
          AND ((o.status = 'pending' AND o.not_before <= %(now)s)
               OR (o.status = 'sending' AND o.claimed_until < %(now)s))
          AND NOT EXISTS (
              SELECT 1 FROM outbox e
              WHERE e.channel = o.channel AND e.chat_id = o.chat_id
                AND e.status IN ('pending', 'sending') AND e.id < o.id
                AND e.priority <= o.priority AND e.id <> ALL(%(sent)s::bigint[]))
        ORDER BY o.priority, o.id LIMIT %(limit)s
        FOR UPDATE SKIP LOCKED)
    UPDATE outbox SET status = 'sending', claimed_by = %(worker)s,
        claimed_until = %(until)s
    FROM due WHERE outbox.id = due.id
    RETURNING outbox.id, outbox.channel, outbox.chat_id, outbox.payload, outbox.priority,
        outbox.attempts
"""


@asynccontextmanager
async def pg_reader(url: str, options: str, spare: Spare) -> AsyncIterator[Tx]:
    """`PgStore.reader` (bot/store/snapshots.py): one REPEATABLE READ READ ONLY transaction
    on a connection outside the pool, kept idle for the next reader afterwards."""
    begin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
    conn = spare.take()
    if conn is not None:
        try:  # an idle connection the server may have dropped meanwhile
            await conn.execute(begin)
        except psycopg.Error:
            await conn.close()
            conn = None
    if conn is None:
        conn = await psycopg.AsyncConnection.connect(url, autocommit=True, options=options)
        try:
            _adapt(conn)
            await conn.execute(begin)
        except BaseException:
            await conn.close()
            raise
    kept = False
    try:
        yield PgTx(conn)
        await conn.execute("ROLLBACK")  # the snapshot ends; the connection may stay
        kept = spare.keep(conn)
    finally:
        if not kept:
            await conn.close()  # (closing ends the read transaction)
