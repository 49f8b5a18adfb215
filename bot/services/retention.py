"""Retention in the running bot and in `tutor-sensus prune` (see bot/store/retention.py).

The bot prunes every `INTERVAL_SECONDS`, in batches of `BATCH` rows per table, each batch its
own short transaction with a pause after it, so residents' updates and webhooks slip in
between (one batch costs a few milliseconds whatever the size of the database). On SQLite
the freed pages are then given back to the file system a few at a time (incremental
vacuum, for files created with `auto_vacuum=INCREMENTAL`: every file since this version; an
older file reuses its free pages and stops growing, and `tutor-sensus prune --vacuum`, run
once outside busy hours, converts it and shrinks it). With several workers (PostgreSQL)
one of them prunes: the `retention` role (bot/services/leader.py); PostgreSQL's autovacuum
reuses the space.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

from bot.store.retention import Cutoffs, table
from conversations.core.clock import Clock

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 600.0  # how often the bot looks for rows old enough to delete
START_SECONDS = 60.0  # the first look, after start-up's own work
BATCH = 500  # rows per table and transaction
PAUSE_SECONDS = 0.05  # between two batches: residents' updates go first
VACUUM_PAGES = 500  # pages given back at a time, at most (2 MB with 4 KB pages)
VACUUM_FIRST = 8  # the first call of a retention round: a probe of what a page costs
VACUUM_SLOW = 0.1  # seconds: a call that took longer ends the giving back for this round
VACUUM_ROUNDS = 2000  # at most (4 GB) per retention round; the rest the next time


def cutoff(clock: Clock, days: int) -> Cutoffs:
    """What `days` of retention delete now: the records older than that, the inbox rows and
    untracked sent messages sooner, once their work is done (bot/store/retention.py)."""
    return Cutoffs.at(clock.now(), days)


async def prune(store: Any, before: Cutoffs, *, batch: int = BATCH,
                pause: float = PAUSE_SECONDS) -> dict[str, int]:
    """Delete everything handled before its cutoff, batch by batch. Returns rows per table."""
    totals: dict[str, int] = {}
    tables: tuple[str, ...] | None = None  # after the first batch: the statements not done
    while tables is None or tables:
        async with store.transaction() as tx:
            pruned = await tx.retention.prune_batch(before, batch, tables)
        for key, n in pruned.counts.items():
            totals[table(key)] = totals.get(table(key), 0) + n
        tables = tuple(t for t, n in pruned.counts.items() if n >= batch)
        if tables and pause:
            await asyncio.sleep(pause)
    return totals


class Pruner:
    """The bot's retention job (`App.start_workers`)."""

    def __init__(self, store: Any, clock: Clock, days: int,
                 timer: Callable[[], float] = time.monotonic) -> None:
        self.store = store
        self.clock = clock
        self.days = days
        self.timer = timer  # how long a call to give pages back took
        self.deleted = 0  # rows deleted since start (monitoring, tests)

    async def run(self) -> None:
        await asyncio.sleep(START_SECONDS)
        while True:
            try:
                await self.round()
            except Exception:  # the database, a bug: log and try again next time
                log.exception("retention failed; retrying in %.0f s", INTERVAL_SECONDS)
            await asyncio.sleep(INTERVAL_SECONDS)

    async def round(self) -> dict[str, int]:
        totals = await prune(self.store, cutoff(self.clock, self.days))
        deleted = sum(totals.values())
        self.deleted += deleted
        if deleted:
            log.info("retention: %d rows older than %d days deleted", deleted, self.days)
            await self.reclaim()
        return totals

    async def reclaim(self) -> int:
        """The freed pages back to the file system, a few at a time between residents, while
        that is cheap. Each call holds the write lock, and giving back a page that is not at
        the end of the file moves a page that is: where the file no longer fits in memory
        that costs a disk read or more a page (1M residents, after the first 14 days were
        deleted: 20 ms a page, 10 s for 500). So the pages per call start small and double
        while calls stay fast, and a call slower than `VACUUM_SLOW` ends it for this round.
        What is not given back stays free inside the file and is used again before the
        file grows; `prune --vacuum`, outside busy hours, gives it all back at once.
        Returns the calls made."""
        pages = VACUUM_FIRST
        for calls in range(1, VACUUM_ROUNDS + 1):
            began = self.timer()
            left = await self.store.reclaim(pages=pages)
            if not left:
                return calls
            if self.timer() - began > VACUUM_SLOW:
                log.info("retention: giving back free pages is slow (%d left in the file);"
                         " the rest next time, or `prune --vacuum`", left)
                return calls
            pages = min(2 * pages, VACUUM_PAGES)
            await asyncio.sleep(PAUSE_SECONDS)
        return VACUUM_ROUNDS
