"""The statement primitives that every query group of a transaction (`Tx`) is written with.

Query groups (`HandoffQueries`, `CompletionQueries`, ...) are `Repository`s: they never touch
the connection, they call these methods of the transaction they belong to. That keeps
one place that decides how statements reach SQLite (and where another backend plugs in).

aiosqlite runs the connection in its own thread; every trip there and back costs a thread
switch on both sides. So statements travel in batches:

* `_write` (a write whose result nobody needs) only buffers the statement;
* `_change`, `_insert`, `_one` and `_all` send everything buffered, then their own statement,
  in one trip, and return its result;
* the transaction sends what is still buffered together with its COMMIT.

The order of statements is always the order of the calls. What changes is *when* an error
of a buffered write is seen: at the next read, conditional write or commit of the same
transaction rather than at the `_write` call, and it still rolls back the transaction (or the
savepoint of one update, see `Savepoint`). So never catch errors around `_write`: a
statement whose failure you want to handle needs `_change`/`_insert` (they run at once).

Savepoints let one transaction hold several updates (the processor handles a batch of the
inbox in one commit): the statements of one update form a segment, ``SAVEPOINT`` ...
``RELEASE``. A segment that fails is rolled back alone, inside the same trip to the connection
thread, before anything after it runs; the other updates of the batch are kept.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

Params = tuple[Any, ...]
T = TypeVar("T")


async def on_connection(conn: aiosqlite.Connection, job: Callable[[sqlite3.Connection], T]) -> T:
    """Run `job(sqlite3 connection)` on aiosqlite's connection thread: one trip, however many
    statements the job runs. Jobs run one at a time, in the order they were called.

    aiosqlite has no public call for this; `_execute` is what its own `execute` is built on
    (the same since aiosqlite 0.17), and tests/test_store_batching.py covers it.
    """
    return await conn._execute(lambda: job(conn._conn))


class TransactionError(Exception):
    """A statement outside any savepoint failed: the whole transaction must roll back."""


class LockUnavailable(TransactionError):
    """`write_alone` could not have its locks at once (other writers hold them): the
    transaction is lost; try again in a moment."""


@dataclass(eq=False)
class Savepoint:
    """The statements of one unit of work (an update) inside a bigger transaction.

    `error` is set when the segment failed and was rolled back (everything else of the
    transaction is kept). Known for certain only after `Statements.settle()`.
    """

    name: str
    error: BaseException | None = None
    begun: bool = False  # SAVEPOINT has run on the connection
    closed: bool = False  # the Python side is done with it (RELEASE is buffered)
    settled: bool = False  # RELEASE (or the rollback) has run


@dataclass(frozen=True)
class _Open:
    savepoint: Savepoint


@dataclass(frozen=True)
class _Close:
    savepoint: Savepoint


Item = tuple[str, Params] | _Open | _Close


@dataclass
class _Batch:
    """What one trip to the connection thread runs (built in the event loop)."""

    items: list[Item]
    open_at_start: Savepoint | None  # a savepoint begun in an earlier trip, still open
    finished: list[Savepoint] = field(default_factory=list)


def _run_batch(db: sqlite3.Connection, batch: _Batch) -> None:
    """Runs in the connection thread. A failing statement inside a savepoint whose `_Close`
    is in this batch (its update is over) rolls back that savepoint only and skips to its end;
    one in the savepoint still being written raises to that update; one outside any
    savepoint raises `TransactionError`."""
    items = batch.items
    current = batch.open_at_start
    i = 0
    while i < len(items):
        item = items[i]
        try:
            if isinstance(item, _Open):
                db.execute(f"SAVEPOINT {item.savepoint.name}")
                item.savepoint.begun = True
                current = item.savepoint
            elif isinstance(item, _Close):
                db.execute(f"RELEASE {item.savepoint.name}")
                item.savepoint.settled = True
                batch.finished.append(item.savepoint)
                current = None
            else:
                db.execute(item[0], item[1])
        except Exception as exc:
            if current is None:
                raise TransactionError(f"{type(exc).__name__}: {exc}") from exc
            end = next((j for j, later in enumerate(items[i:], i)
                        if isinstance(later, _Close) and later.savepoint is current),
                       None)
            if end is None:
                raise  # the update that owns the savepoint is still running: it handles it
            _roll_back_savepoint(db, current)
            current.error = exc
            current.settled = True
            batch.finished.append(current)
            current = None
            i = end
        i += 1


def _roll_back_savepoint(db: sqlite3.Connection, savepoint: Savepoint) -> None:
    try:
        db.execute(f"ROLLBACK TO {savepoint.name}")
        db.execute(f"RELEASE {savepoint.name}")
    except Exception as exc:
        raise TransactionError(f"could not roll back {savepoint.name}: {exc}") from exc


class Statements:
    _names = itertools.count(1)
    # The data folder, where files about people live besides the database (the console's
    # inbox and saved files): `forget_person` deletes them too. Set by the store.
    data_dir: Path | None = None

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn
        self._pending: list[Item] = []
        self._open: Savepoint | None = None  # its block is running
        self._current: Savepoint | None = None  # the latest savepoint (open or closed)
        self._failed: list[Savepoint] = []  # closed, then rolled back by SQLite errors
        self._trips = 0
        self._committed = False  # by `settle(commit=True)`
        # Blocking work (deleting files) that may happen only once the rows that point to
        # it are gone for good: (the savepoint it belongs to, the action).
        self._after: list[tuple[Savepoint | None, Callable[[], None]]] = []

    # --- the primitives -------------------------------------------------------------
    async def _write(self, sql: str, params: Params = ()) -> None:
        """A write whose result nobody needs (INSERT, UPDATE): buffered, sent with the next
        statement that needs an answer, or with the commit."""
        if self._committed:
            raise RuntimeError("the transaction is already committed")
        self._pending.append((sql, params))

    async def _change(self, sql: str, params: Params = ()) -> int:
        """A write whose row count decides something (a conditional UPDATE): runs now."""

        def job(db: sqlite3.Connection) -> int:
            return db.execute(sql, params).rowcount

        return await self._trip(job)

    async def _insert(self, sql: str, params: Params = ()) -> int:
        """An INSERT whose new row id is needed."""

        def job(db: sqlite3.Connection) -> int:
            return int(db.execute(sql, params).lastrowid or 0)

        return await self._trip(job)

    async def _one(self, sql: str, params: Params = ()) -> tuple[Any, ...] | None:

        def job(db: sqlite3.Connection) -> tuple[Any, ...] | None:
            cur = db.execute(sql, params)
            try:
                row = cur.fetchone()
            finally:
                cur.close()
            return tuple(row) if row is not None else None

        return await self._trip(job)

    async def _all(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:

        def job(db: sqlite3.Connection) -> list[tuple[Any, ...]]:
            return [tuple(r) for r in db.execute(sql, params).fetchall()]

        return await self._trip(job)

    async def serialise(self, key: str) -> None:
        """From here to its end, this transaction runs after any other that named the same
        key and before any later one (PostgreSQL, several workers: an advisory lock; it
        matters where two transactions each check what the other writes). SQLite has a
        single writer: nothing to do."""

    async def write_alone(self, tables: tuple[str, ...], advisory: str | None = None) -> None:
        """From here to its end, this transaction is the only one writing `tables` (and the
        only one holding the advisory lock `advisory`): others wait for its commit
        (PostgreSQL, several workers: table locks; a `LockUnavailable` error when they
        cannot be had at once, so that the caller tries again rather than a resident's
        update waiting behind it). SQLite has a single writer: nothing to do."""

    async def _stream(self, sql: str, params: Params = (), size: int = 2000
                      ) -> AsyncIterator[list[tuple[Any, ...]]]:
        """A long read in batches of `size` rows (exports): one cursor, one trip per batch,
        so memory holds one batch whatever the table's size. (Issue 14; used on the
        reports' read-only connection, where nothing else waits for the thread meanwhile.)"""
        cursor = await self._trip(lambda db: db.execute(sql, params))
        try:
            while rows := await on_connection(self._conn, lambda db: cursor.fetchmany(size)):
                yield [tuple(r) for r in rows]
        finally:
            await on_connection(self._conn, lambda db: cursor.close())

    def after_commit(self, action: Callable[[], None]) -> None:
        """Run `action` (blocking; in a worker thread) once this transaction has committed:
        never if it rolls back, nor if the update (savepoint) it belongs to is rolled back."""
        self._after.append((self._open, action))

    def committed_actions(self) -> list[Callable[[], None]]:
        """The `after_commit` actions still due (the transaction committed)."""
        return [action for savepoint, action in self._after
                if savepoint is None or savepoint.error is None]

    def people_changed(self) -> None:
        """A statement wrote the people table other than through `save_person` (a deletion):
        what the transaction read ahead is stale (see `Tx.prefetch_people`). Called
        explicitly by the query that does it."""

    # --- trips to the connection thread ----------------------------------------------------
    def _take(self) -> _Batch:
        if self._committed:
            raise RuntimeError("the transaction is already committed")
        items, self._pending = self._pending, []
        # The savepoint begun in an earlier trip and not yet released (closed in Python or
        # not): the first statements of this batch belong to it.
        current = self._current
        open_at_start = current if current and current.begun and not current.settled else None
        return _Batch(items, open_at_start)

    async def _trip(self, job: Callable[[sqlite3.Connection], T]) -> T:
        """Everything buffered, then `job`, in one trip."""
        batch = self._take()
        self._trips += 1

        def work(db: sqlite3.Connection) -> T:
            _run_batch(db, batch)
            return job(db)

        try:
            return await on_connection(self._conn, work)
        finally:
            self._forget(batch)

    def _forget(self, batch: _Batch) -> None:
        for savepoint in batch.finished:
            if savepoint.error is not None:
                self._failed.append(savepoint)

    async def _flush(self) -> None:
        """Send what is buffered (nothing else)."""
        if self._pending:
            await self._trip(lambda db: None)

    async def settle(self, *, commit: bool = False) -> list[Savepoint]:
        """Run everything buffered; returns the closed savepoints whose statements failed in
        SQLite since the last call (each already rolled back on its own; errors raised inside
        a `savepoint` block are raised there instead).

        With `commit`, the same trip commits the transaction if nothing failed (the caller
        can then write nothing more); otherwise the transaction stays open."""
        if not commit:
            await self._flush()
        else:
            earlier = bool(self._failed)

            def job(db: sqlite3.Connection) -> bool:
                if earlier or any(s.error is not None for s in batch.finished):
                    return False
                if db.in_transaction:
                    db.execute("COMMIT")
                return True

            def run_and_commit(db: sqlite3.Connection) -> bool:
                _run_batch(db, batch)
                return job(db)

            batch = self._take()
            self._trips += 1
            try:
                self._committed = await on_connection(self._conn, run_and_commit)
            finally:
                self._forget(batch)
        failed, self._failed = self._failed, []
        return failed

    # --- savepoints ----------------------------------------------------------------------
    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[Savepoint]:
        """One update's statements; see the module docstring. An error raised inside the
        block rolls back this savepoint only and is re-raised (`TransactionError`, which
        means the whole transaction is lost, is re-raised as it is)."""
        if self._open is not None:
            raise RuntimeError("savepoints do not nest")
        savepoint = Savepoint(f"u{next(self._names)}")
        start = len(self._pending)
        self._pending.append(_Open(savepoint))
        self._open = self._current = savepoint
        try:
            yield savepoint
        except TransactionError:
            self._open = None
            raise
        except Exception as exc:
            self._open = None
            savepoint.error = exc
            savepoint.settled = True
            if not savepoint.begun:  # nothing of it reached SQLite: drop its statements
                del self._pending[start:]
            else:  # everything still buffered is its own (it began in an earlier trip)
                self._pending = []

                def undo(db: sqlite3.Connection) -> None:
                    _roll_back_savepoint(db, savepoint)

                await on_connection(self._conn, undo)
            raise
        self._open = None
        savepoint.closed = True
        self._pending.append(_Close(savepoint))


class Repository:
    """A query group of one transaction: its queries run through that transaction's
    primitives (so they share its batches, savepoints and commit). `Tx` is composed of them."""

    def __init__(self, tx: Statements) -> None:
        self._tx = tx

    async def _write(self, sql: str, params: Params = ()) -> None:
        await self._tx._write(sql, params)

    async def _serialise(self, key: str) -> None:
        await self._tx.serialise(key)

    async def _change(self, sql: str, params: Params = ()) -> int:
        return await self._tx._change(sql, params)

    async def _insert(self, sql: str, params: Params = ()) -> int:
        return await self._tx._insert(sql, params)

    async def _one(self, sql: str, params: Params = ()) -> tuple[Any, ...] | None:
        return await self._tx._one(sql, params)

    async def _all(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        return await self._tx._all(sql, params)

    def _stream(self, sql: str, params: Params = (), size: int = 2000
                ) -> AsyncIterator[list[tuple[Any, ...]]]:
        return self._tx._stream(sql, params, size)
