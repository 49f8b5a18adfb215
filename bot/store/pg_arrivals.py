"""Webhook updates arriving together on PostgreSQL share one INSERT (the SQLite store's group
commit, bot/store/group_commit.py, does the same for its single writer).

Under load a worker receives many updates at once, and each used to be one statement and one
round trip of its own (about a quarter of the worker's CPU per update, bench/README.md). Here
a call adds its update and waits; one statement at a time writes every update waiting at that
moment and commits (it is its own transaction), and each call returns once its update is
committed, so a webhook is still acknowledged only once its update is in the database.
Nothing waits on purpose: a lone update is written at once; the ones arriving while a
statement is on its way go together in the next.

Each update's person is locked (advisory, shared) before any of the statement's ids is drawn,
until its commit, as one update alone did (see `PgStore.inbox_add`). A statement that fails
(an update PostgreSQL refuses, say a NUL in JSON) is tried again one update at a time, so
each update gets its own answer.
"""

from __future__ import annotations

import asyncio
from typing import Any, NamedTuple

import psycopg
from psycopg_pool import AsyncConnectionPool


class Arrival(NamedTuple):
    channel: str
    update_id: str
    payload: str
    received_at: str  # ISO 8601
    person: str | None


# The shared person locks come first (a materialised CTE the INSERT's rows wait for); the rows
# go in the order they arrived. A duplicate id (stored earlier, or twice in this statement)
# is skipped; RETURNING names the rows that were stored.
ARRIVALS_INSERT = """
    WITH arriving AS MATERIALIZED (
        SELECT pg_advisory_xact_lock_shared(hashtextextended(p, 16))
        FROM unnest(%(persons)s::text[]) AS p WHERE p IS NOT NULL)
    INSERT INTO inbox (channel, update_id, payload, received_at, person)
    SELECT v.channel, v.update_id, v.payload::jsonb, v.received_at::timestamptz, v.person
    FROM unnest(%(channels)s::text[], %(ids)s::text[], %(payloads)s::text[],
                %(moments)s::text[], %(persons)s::text[]) WITH ORDINALITY
         AS v(channel, update_id, payload, received_at, person, n)
    WHERE (SELECT count(*) FROM arriving) >= 0
    ORDER BY v.n
    ON CONFLICT DO NOTHING
    RETURNING channel, update_id
"""


class Arrivals:
    """See the module docstring. `add` returns whether the update was new (False: a
    duplicate id), or raises the error of its own statement."""

    def __init__(self, pool: AsyncConnectionPool) -> None:
        self._pool = pool
        self._waiting: list[tuple[Arrival, asyncio.Future[bool]]] = []
        self._task: asyncio.Task[None] | None = None

    async def add(self, arrival: Arrival) -> bool:
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting.append((arrival, future))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._drain(), name="inbox-arrivals")
        return await future

    async def idle(self) -> None:
        """Wait until everything added so far is written (or failed)."""
        while self._task is not None and not self._task.done():
            await asyncio.wait([self._task])

    async def _drain(self) -> None:
        batch: list[tuple[Arrival, asyncio.Future[bool]]] = []
        try:
            while self._waiting:
                batch, self._waiting = self._waiting, []
                try:
                    stored = await self._insert([arrival for arrival, _ in batch])
                except (psycopg.DataError, psycopg.IntegrityError) as exc:
                    if len(batch) == 1:
                        _settle(batch[0][1], exc)
                        continue
                    for arrival, future in batch:  # one at a time: each its own answer
                        try:
                            _settle(future, bool(await self._insert([arrival])))
                        except psycopg.Error as alone:
                            _settle(future, alone)
                    continue
                except Exception as exc:  # (the database itself: every caller hears it)
                    for _, future in batch:
                        _settle(future, exc)
                    continue
                seen: set[tuple[str, str]] = set()
                for arrival, future in batch:  # (an id twice in one batch: the first counts)
                    key = (arrival.channel, arrival.update_id)
                    _settle(future, key in stored and key not in seen)
                    seen.add(key)
        except BaseException:  # cancelled (shutdown): nobody may wait forever
            for _, future in batch + self._waiting:
                if not future.done():
                    future.cancel()
            self._waiting = []
            raise

    async def _insert(self, arrivals: list[Arrival]) -> set[tuple[str, str]]:
        params: dict[str, Any] = {
            "channels": [a.channel for a in arrivals], "ids": [a.update_id for a in arrivals],
            "payloads": [a.payload for a in arrivals],
            "moments": [a.received_at for a in arrivals],
            "persons": [a.person for a in arrivals]}
        async with self._pool.connection() as conn:  # (one statement: its own transaction)
            cur = await conn.execute(ARRIVALS_INSERT, params)
            return {(row[0], row[1]) for row in await cur.fetchall()}


def _settle(future: asyncio.Future[bool], result: bool | BaseException) -> None:
    if future.done():
        return  # the caller gave up waiting; its row is written anyway
    if isinstance(result, BaseException):
        future.set_exception(result)
    else:
        future.set_result(result)
