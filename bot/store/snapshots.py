"""Read snapshots (`store.reader()`, issue 14), on a connection of their own.

Reports read for seconds and the reminder scheduler reads a batch of people every round;
neither may hold what a resident's update waits for. A reader is one read transaction
(every query sees the same moment) on a connection outside the writer's: SQLite's WAL lets
it run beside the writer, PostgreSQL's REPEATABLE READ READ ONLY gives the same. When a
reader ends, its connection is kept idle for the next one (`Spare`): the scheduler opens a
reader every round, and a new SQLite connection parses the whole schema (a new PostgreSQL
one starts a server process). Two readers at once: the second opens a connection of its
own, closed when it ends.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from bot.store.tx import Tx

BUSY_TIMEOUT_MS = 10000  # as the writer's (bot/store/db.py's PRAGMAS)


class Spare:
    """At most one idle reader connection, kept for the next reader."""

    def __init__(self) -> None:
        self.conn: Any = None
        self.closed = False  # the store closed: nothing is kept any more

    def take(self) -> Any:
        conn, self.conn = self.conn, None
        return conn

    def keep(self, conn: Any) -> bool:
        if self.conn is None and not self.closed:
            self.conn = conn
            return True
        return False

    async def close(self) -> None:
        self.closed = True
        if (conn := self.take()) is not None:
            await conn.close()


@asynccontextmanager
async def sqlite_reader(path: Path, spare: Spare) -> AsyncIterator[Tx]:
    """SQLite: `query_only` makes any write through the reader an error."""
    conn = spare.take()
    if conn is None:
        conn = await aiosqlite.connect(path, isolation_level=None)
        try:
            await conn.execute("PRAGMA query_only=ON")
            await conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        except BaseException:
            await conn.close()
            raise
    kept = False
    try:
        await conn.execute("BEGIN")  # deferred: a read snapshot from the first read
        yield Tx(conn)
        await conn.execute("ROLLBACK")  # the snapshot ends; the connection may stay
        kept = spare.keep(conn)
    finally:
        if not kept:
            await conn.close()  # (closing ends the read transaction)
