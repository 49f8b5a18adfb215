"""`tutor-sensus prune [--days N] [--vacuum]`: retention now, from the command line.

The same batches as the running bot (bot/services/retention.py), so it is safe beside it;
`--vacuum` then gives the free space back to the file system (SQLite: a full VACUUM, which
needs the write lock while it runs: outside busy hours)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from bot.services.retention import cutoff, prune
from bot.settings import Settings
from bot.store import open_store
from bot.store.retention import DEDUP_DAYS, UNTRACKED_DAYS
from conversations.core.campaign import load_campaign
from conversations.core.clock import Clock


async def run(settings: Settings, days: int | None, vacuum: bool,
              out: TextIO = sys.stdout) -> int:
    campaign = load_campaign(settings.campaign)
    clock = Clock(campaign.timezone, today=settings.today)
    days = days if days is not None else settings.retention_days
    store = await open_store(settings, create=False)
    try:
        print(f"database: {settings.database_label}", file=out)
        before = cutoff(clock, days)
        began = time.perf_counter()
        # Larger batches than the bot's: a running bot beside it waits at most for one.
        totals = await prune(store, before, batch=2000, pause=0)
        listed = ", ".join(f"{table} {n}" for table, n in totals.items() if n) or "nothing"
        print(f"deleted (handled before {before.records:%Y-%m-%d %H:%M}, {days} days; update"
              f" ids after {min(days, DEDUP_DAYS)}, messages without a delivery id after"
              f" {min(days, UNTRACKED_DAYS)}): {listed} ({time.perf_counter() - began:.1f} s)",
              file=out)
        if vacuum:
            began = time.perf_counter()
            await store.reclaim(full=True)
            path = settings.database_path
            shown = ("" if settings.postgres_url or not path.exists()
                     else f"; the file is now {path.stat().st_size / 1e6:,.1f} MB")
            print(f"space given back ({time.perf_counter() - began:.1f} s){shown}", file=out)
    finally:
        await store.close()
    return 0
