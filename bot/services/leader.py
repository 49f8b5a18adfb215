"""Roles that exactly one worker holds at a time (several `tutor-sensus run` on PostgreSQL).

Telegram polling, each channel's sender (which holds the platform's rate limit for the whole
bot, and each chat's pacing), the bulk lane (broadcasts, reminders) and the proof fetcher run
on one worker each; every worker receives webhooks and handles the inbox. A role is a
PostgreSQL session advisory lock held on a connection of its own: the worker that gets it runs
the role's loop; the others try again every `retry` seconds. When the holder dies (even
SIGKILL), the server ends its session and frees the lock, so another worker takes over within
about `retry` seconds. The holder checks its connection as often: a worker cut off from the
database stops the role's loop at once (someone else may hold the lock by then).

No coordination layer of our own: the database that already holds the data decides.
On SQLite (one process by design) every role is simply this worker's.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from typing import Any

log = logging.getLogger(__name__)

# How long the holder's check of its connection may take before the role is given up. A slow
# answer is not a lost lock: the server frees it only when the session ends, and then the
# check fails at once with a connection error. Giving a role up for a slow answer (a loaded
# machine) handed it to another worker mid-batch, whose new sender sent that batch again.
# This only bounds a connection that hangs without an error; below the sender's 60 s lease.
CHECK_TIMEOUT = 30.0


async def cancel_until_done(tasks: Iterable[asyncio.Task[Any]], every: float = 3.0) -> None:
    """Cancel `tasks` and wait until they have ended, cancelling again every `every` seconds
    those still running. Python 3.11's `asyncio.wait_for` (psycopg_pool's wait for a free
    connection) loses a cancellation that arrives as its wait ends, and the task goes on as
    if never cancelled: at a stop on PostgreSQL the bot waited for good for a role's loop
    (the tallies' kept folding every minute), seen on a loaded machine."""
    pending = {task for task in tasks if not task.done()}
    interrupted = False
    while pending:
        for task in pending:
            task.cancel()
        try:
            _, pending = await asyncio.wait(pending, timeout=every)
        except asyncio.CancelledError:  # (stopped again meanwhile: still wait for them)
            interrupted = True
    if interrupted:
        raise asyncio.CancelledError


def lock_key(role: str) -> str:
    return f"tutor-sensus:{role}"


class Leadership:
    def __init__(self, url: str | None, retry: float = 1.0) -> None:
        self.url = url
        self.retry = retry
        self.roles: set[str] = set()  # held now (for /healthz)
        self.taken: dict[str, int] = {}  # how many times each role was taken (tests, logs)

    async def lead(self, role: str, work: Callable[[], Coroutine[Any, Any, Any]],
                   on_taken: Callable[[], Awaitable[Any]] | None = None) -> None:
        """Run `work()` while this worker holds `role`; forever (until cancelled).
        `on_taken` runs first each time the role is taken (e.g. freeing the rows a dead
        holder was sending)."""
        if self.url is None:
            self.roles.add(role)
            self.taken[role] = self.taken.get(role, 0) + 1
            try:
                if on_taken is not None:
                    await on_taken()
                await work()
            finally:
                self.roles.discard(role)
            return
        while True:
            try:
                await self._hold(role, work, on_taken)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("role %s: lost or failed; trying again", role)
            await asyncio.sleep(self.retry)

    async def _hold(self, role: str, work: Callable[[], Coroutine[Any, Any, Any]],
                    on_taken: Callable[[], Awaitable[Any]] | None) -> None:
        import psycopg

        assert self.url is not None
        async with await psycopg.AsyncConnection.connect(
            self.url, autocommit=True, connect_timeout=5
        ) as conn:
            while True:
                cur = await conn.execute(
                    "SELECT pg_try_advisory_lock(hashtextextended(%s, 16))", (lock_key(role),)
                )
                row = await cur.fetchone()
                if row and row[0]:
                    break
                await asyncio.sleep(self.retry)
            self.roles.add(role)
            self.taken[role] = self.taken.get(role, 0) + 1
            log.info("this worker now leads %s", role)
            task: asyncio.Task[Any] | None = None
            try:
                if on_taken is not None:
                    await on_taken()
                task = asyncio.create_task(work(), name=f"lead-{role}")
                while not task.done():
                    await asyncio.wait([task], timeout=self.retry)
                    if not task.done():
                        async with asyncio.timeout(CHECK_TIMEOUT):
                            await conn.execute("SELECT 1")  # still connected: still ours
                await task  # its exception, if any
            finally:
                self.roles.discard(role)
                if task is not None and not task.done():
                    with contextlib.suppress(BaseException):
                        await cancel_until_done([task])
