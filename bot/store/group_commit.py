"""Group commit: concurrent small writes (webhook inbox inserts, sent marks, rejections) that
share one SQLite transaction. Used by `Store` (bot/store/db.py)."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Generic, TypeVar

from bot.store.queue_rows import INBOX_INSERT, OUTBOX_SENT, REJECTED_INSERT
from bot.store.statements import Params, on_connection

if TYPE_CHECKING:
    from bot.store.db import Store

Item = TypeVar("Item")
Result = TypeVar("Result")


def _commit(db: sqlite3.Connection) -> None:
    if db.in_transaction:
        db.execute("COMMIT")


def _rollback(db: sqlite3.Connection) -> None:
    if db.in_transaction:
        db.execute("ROLLBACK")


def _inbox_insert(db: sqlite3.Connection, items: list[Params]) -> list[bool | Exception]:
    """Each item fails alone: a failing statement is undone by SQLite on its own (statement
    atomicity), and a value that cannot even be bound (text that does not encode as UTF-8,
    raised before the statement runs) changes nothing. Only an error that ended the whole
    transaction (SQLite rolled it back: disk full, I/O) fails every item of the group."""
    results: list[bool | Exception] = []
    for params in items:
        try:
            results.append(db.execute(INBOX_INSERT, params).rowcount == 1)
        except (sqlite3.Error, ValueError, OverflowError) as exc:  # (UnicodeError: ValueError)
            if not db.in_transaction:
                raise
            results.append(exc)
    return results


def _rejected_insert(db: sqlite3.Connection, items: list[Params]) -> list[Exception | None]:
    db.executemany(REJECTED_INSERT, items)
    return [None] * len(items)


def _outbox_mark_sent(db: sqlite3.Connection, items: list[Params]) -> list[Exception | None]:
    db.executemany(OUTBOX_SENT, items)
    return [None] * len(items)


def _committed(
    job: Callable[[sqlite3.Connection, list[Item]], list[Result | Exception]],
    items: list[Item],
    db: sqlite3.Connection,
) -> list[Result | Exception]:
    db.execute("BEGIN IMMEDIATE")
    try:
        results = job(db, items)
        db.execute("COMMIT")
    except BaseException:
        _rollback(db)
        raise
    return results


class GroupCommit(Generic[Item, Result]):
    """Concurrent calls whose small writes share one transaction: one trip, one commit.

    A call adds its item and waits. One task at a time takes the store's lock, then every
    item waiting at that moment, and runs `job` on them in the connection thread between
    BEGIN IMMEDIATE and COMMIT; each call returns only after that commit (so a webhook is
    acknowledged only once its update is durably in the inbox). Nothing waits on purpose:
    a lone call is written at once; calls arriving while a commit runs, or while another
    transaction holds the lock, go together into the next one. `job` returns one result per
    item, or an exception for an item whose statement failed alone.
    """

    def __init__(
        self, store: Store, name: str,
        job: Callable[[sqlite3.Connection, list[Item]], list[Result | Exception]],
    ) -> None:
        self._store = store
        self._name = name
        self._job = job
        self._waiting: list[tuple[Item, asyncio.Future[Result]]] = []
        self._task: asyncio.Task[None] | None = None

    async def submit(self, item: Item) -> Result:
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._drain(), name=self._name)
        return await future

    async def idle(self) -> None:
        """Wait until everything submitted so far is written (or failed)."""
        while self._task is not None and not self._task.done():
            await asyncio.wait([self._task])

    async def _drain(self) -> None:
        batch: list[tuple[Item, asyncio.Future[Result]]] = []
        try:
            while self._waiting:
                async with self._store._lock:
                    batch, self._waiting = self._waiting, []
                    work = partial(_committed, self._job, [item for item, _ in batch])
                    try:
                        results = await on_connection(self._store._conn, work)
                    except Exception as exc:
                        for _, future in batch:
                            if not future.done():
                                future.set_exception(exc)
                        continue
                for (_, future), result in zip(batch, results, strict=True):
                    if future.done():
                        continue  # the caller gave up waiting; its row is written anyway
                    if isinstance(result, Exception):
                        future.set_exception(result)
                    else:
                        future.set_result(result)
        except BaseException:  # cancelled (shutdown): nobody may wait forever
            for _, future in batch + self._waiting:
                if not future.done():
                    future.cancel()
            self._waiting = []
            raise

