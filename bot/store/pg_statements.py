"""The statement primitives of `bot.store.statements.Statements` on a psycopg connection
(PostgreSQL), mixed in before `Tx` by `PgTx` (bot/store/pg_tx.py), so the query groups run
unchanged.

As on SQLite, a write whose result nobody needs (`_write`, SAVEPOINT, RELEASE) is queued, and
goes with the next statement that needs an answer, or with the COMMIT: everything queued, then
that statement, in one round trip. An update's writes wait for the next trip too (its
savepoint's end sends nothing), so a batch of updates costs a few trips, not one each.

How a trip travels. A lone statement goes as itself, its parameters bound by the server (and
psycopg prepares it once it is frequent). Several go as one text, statements separated by
semicolons (PostgreSQL's simple query protocol: one message, one answer), each statement's
parameters merged into it as literals by psycopg (`ClientCursor.mogrify`: psycopg's quoting
of every type, not ours). This replaced psycopg's pipeline mode, which sent the same statements
one protocol message each: every statement cost the worker about as much Python as a whole
trip costs now (bench/README.md, issue 16).

Errors. The server runs a text's statements in order and skips everything after the first
that fails. Which update it belonged to is asked of the server: of the savepoints in the trip,
only the failing update's still exists (the updates before it released theirs, those after
it never began), so `ROLLBACK TO SAVEPOINT` is tried on each, latest first; it succeeds on
that one. An update whose block is over is then rolled back alone and reported by `settle()`
(as SQLite's store does), and what came after its end is sent again; an error of the update
still running is raised inside it (its `savepoint()` rolls it back); an error outside any
savepoint is a `TransactionError`. A value psycopg cannot put in a text (bound on the client
side) is the same: what came before it is sent, and its update fails.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, NamedTuple

import psycopg

from bot.store.pg_dialect import translate
from bot.store.statements import LockUnavailable, Params, Savepoint, TransactionError

LOCK_WAIT_MS = 500  # `write_alone`: under PostgreSQL's default deadlock_timeout (1 s)

# What a queued statement is, besides a statement.
SQL, OPEN, CLOSE, COMMIT = "sql", "open", "close", "commit"


class Queued(NamedTuple):
    text: str  # PostgreSQL's text (%s placeholders)
    args: Any  # its parameters (None: none)
    owner: Savepoint | None  # the update (savepoint) it belongs to
    kind: str = SQL  # OPEN/CLOSE: that savepoint's SAVEPOINT/RELEASE; COMMIT: the commit's


class _Failed(Exception):
    """A trip failed: the error, and the savepoint of the statement that failed (None:
    outside any savepoint, or the connection itself)."""

    def __init__(self, savepoint: Savepoint | None, error: Exception) -> None:
        super().__init__(str(error))
        self.savepoint = savepoint
        self.error = error


class PgStatements:
    """See the module docstring."""

    _conn: Any
    _failed: list[Savepoint]  # (set by `Statements.__init__`)
    _names = itertools.count(1)  # savepoint names (as `Statements`)

    def __init__(self, conn: psycopg.AsyncConnection[Any]) -> None:
        super().__init__(conn)  # type: ignore[call-arg]
        self._trips = 0
        self._committed = False
        self._open: Savepoint | None = None
        self._queued: list[Queued] = []  # unsent, in order

    def _note(self, sql: str) -> None:
        """Called with every statement (see `PgTx._note`)."""

    def _queue(self, text: str, args: Any = None, kind: str = SQL,
               owner: Savepoint | None = None) -> None:
        if self._committed:
            raise RuntimeError("the transaction is already committed")
        self._queued.append(Queued(text, args, owner or self._open, kind))

    # --- trips -----------------------------------------------------------------------------
    async def _send(self, last: Queued | None = None) -> psycopg.AsyncCursor[Any] | None:
        """Everything queued, then `last`, in one round trip (more only after an error of a
        finished update); the cursor of `last`."""
        items, self._queued = self._queued, []
        if last is not None:
            items.append(last)
        while items:
            try:
                cur = await self._round_trip(items)
            except _Failed as failed:
                items = self._recover(items, failed)
                continue
            return cur if last is not None else None
        return None

    async def _round_trip(self, items: list[Queued]) -> psycopg.AsyncCursor[Any]:
        self._trips += 1
        if len(items) == 1:  # as itself: server-side parameters, prepared when frequent
            cur = self._conn.cursor()
            try:
                await cur.execute(items[0].text, items[0].args)
            except psycopg.Error as exc:
                raise _Failed(await self._failing(items, exc), exc) from exc
            return cur
        client = psycopg.AsyncClientCursor(self._conn)
        texts = []
        for i, item in enumerate(items):
            try:
                texts.append(item.text if item.args is None
                             else client.mogrify(item.text, item.args))
            except (psycopg.Error, ValueError, TypeError, OverflowError) as exc:
                if i:  # (a value that cannot be sent: what comes before it goes first)
                    await self._round_trip(items[:i])
                raise _Failed(items[i].owner, exc) from exc
        try:
            await client.execute(";\n".join(texts))
        except psycopg.Error as exc:
            raise _Failed(await self._failing(items, exc), exc) from exc
        while client.nextset():  # (the last statement's result)
            pass
        return client

    async def _failing(self, items: list[Queued], error: Exception) -> Savepoint | None:
        """The savepoint that held the failing statement of `items` (see the module
        docstring), already rolled back to; None when no savepoint did."""
        if isinstance(error, psycopg.OperationalError) or self._conn.closed:
            return None  # the connection: the transaction is lost whatever it was
        savepoints = list(dict.fromkeys(it.owner for it in items if it.owner is not None))
        for savepoint in reversed(savepoints):
            self._trips += 1
            try:
                await self._conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint.name}")
            except psycopg.errors.InvalidSavepointSpecification:
                continue  # released before the error, or never begun
            except psycopg.Error:
                return None
            return savepoint
        return None

    def _recover(self, items: list[Queued], failed: _Failed) -> list[Queued]:
        """After `failed`: what to send now (or raise the error where it belongs)."""
        savepoint, error = failed.savepoint, failed.error
        if savepoint is None:
            raise TransactionError(f"{type(error).__name__}: {error}") from error
        if savepoint is self._open:
            raise error  # the update still running: its `savepoint()` rolls it back
        # An update whose block is over: undone alone; what came after its end was skipped
        # by the server, so it goes again, without the COMMIT (the caller records the failed
        # update first: `settle`).
        end = next(i for i, it in enumerate(items) if it.kind == CLOSE and it.owner is savepoint)
        savepoint.error = error
        savepoint.settled = True
        self._failed.append(savepoint)
        return [Queued(f"ROLLBACK TO SAVEPOINT {savepoint.name}", None, None),
                Queued(f"RELEASE SAVEPOINT {savepoint.name}", None, None),
                *(it for it in items[end + 1:] if it.kind != COMMIT)]

    # --- the primitives --------------------------------------------------------------------
    async def _run(self, sql: str, params: Params) -> psycopg.AsyncCursor[Any]:
        if self._committed:
            raise RuntimeError("the transaction is already committed")
        self._note(sql)
        text, args = translate(sql, tuple(params))
        cur = await self._send(Queued(text, args or None, self._open))
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
        """Everything queued is sent; returns the finished updates (savepoints) whose
        statements failed since the last call, each already rolled back alone. With
        `commit`, the same trip commits when none failed; otherwise the transaction stays
        open (the caller records the failures, then commits)."""
        if commit and not self._committed and not self._failed:
            await self._commit(again=False)
        else:
            await self._send()
        failed, self._failed = self._failed, []
        return failed

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

    async def _commit(self, *, again: bool = True) -> None:
        """COMMIT, with what is queued. A finished update that fails on the way is rolled
        back alone; then the rest commits (`again`), or the transaction stays open."""
        if self._trips == 0 and all(item.text == "BEGIN" for item in self._queued):
            self._queued = []  # nothing happened: no trip at all
            self._committed = True
            return
        while not self._committed:
            failed = len(self._failed)
            # Replies queued here wake the sender, whichever worker runs it (at COMMIT).
            if getattr(self, "_notify", False):
                self._queue(f"NOTIFY {OUTBOX_EVENT}", kind=COMMIT)
            self._queue("COMMIT", kind=COMMIT)
            await self._send()
            self._committed = len(self._failed) == failed
            if not again:
                return

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[Savepoint]:
        if self._open is not None:
            raise RuntimeError("savepoints do not nest")
        savepoint = Savepoint(f"u{next(self._names)}")
        self._queue(f"SAVEPOINT {savepoint.name}", kind=OPEN, owner=savepoint)
        mark = self._queued[-1]
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
            at = next((i for i, item in enumerate(self._queued) if item is mark), None)
            if at is not None:  # never sent: drop it and its statements
                del self._queued[at:]
                raise
            self._queued = []  # (what is still queued is its own: a trip sends everything)
            try:
                self._queue(f"ROLLBACK TO SAVEPOINT {savepoint.name}")
                await self._send(Queued(f"RELEASE SAVEPOINT {savepoint.name}", None, None))
            except (psycopg.Error, TransactionError) as undo:
                raise TransactionError(f"could not roll back {savepoint.name}: {undo}") from exc
            raise
        self._open = None
        savepoint.closed = True
        # Its end goes with the next trip: an error of its statements is found then (above).
        self._queue(f"RELEASE SAVEPOINT {savepoint.name}", kind=CLOSE, owner=savepoint)


OUTBOX_EVENT = "tutor_sensus_outbox"  # NOTIFY channel: something was queued
