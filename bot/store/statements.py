"""The statement primitives that every query group of a transaction (`Tx`) is written with.

Query groups (`HandoffQueries`, `CompletionQueries`, ...) never touch the connection: they
call these five methods. That keeps one place that decides how statements reach SQLite
(for example, writes that need no result may be buffered and sent in one batch).
"""

from __future__ import annotations

from typing import Any

import aiosqlite

Params = tuple[Any, ...]


class Statements:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def _write(self, sql: str, params: Params = ()) -> None:
        """A write whose result nobody needs (INSERT, UPDATE)."""
        await self._conn.execute(sql, params)

    async def _change(self, sql: str, params: Params = ()) -> int:
        """A write whose row count decides something (a conditional UPDATE): runs now."""
        cur = await self._conn.execute(sql, params)
        return cur.rowcount

    async def _insert(self, sql: str, params: Params = ()) -> int:
        """An INSERT whose new row id is needed."""
        cur = await self._conn.execute(sql, params)
        return int(cur.lastrowid or 0)

    async def _one(self, sql: str, params: Params = ()) -> tuple[Any, ...] | None:
        async with self._conn.execute(sql, params) as cur:
            row = await cur.fetchone()
        return tuple(row) if row is not None else None

    async def _all(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        async with self._conn.execute(sql, params) as cur:
            return [tuple(r) for r in await cur.fetchall()]
