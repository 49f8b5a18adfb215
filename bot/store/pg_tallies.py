"""PostgreSQL's statistics tallies are append-only (0020_tallies.postgres.sql): several
workers add +1/-1 rows without ever waiting on a counter's row. This folds them into one row
per key; the leader of the "tallies" role runs it every minute (bot/services/reports.py)."""

from __future__ import annotations

from typing import Any

import psycopg

from bot.store.stats import TALLIES, TALLIES_LOCK, TALLY_VALUES


async def compact(conn: psycopg.AsyncConnection[Any]) -> int:
    """Fold each tally's rows into one row per key; returns the rows removed. REPEATABLE
    READ: the rows summed are exactly the rows deleted, whatever other workers commit
    meanwhile (their new rows stay for the next round). One compaction at a time (an
    advisory lock); a no-op while another runs."""
    removed = 0
    async with conn.transaction():
        await conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cur = await conn.execute(  # (also taken by a recount: bot/store/stats.py)
            "SELECT pg_try_advisory_xact_lock(hashtext(%s))", (TALLIES_LOCK,))
        row = await cur.fetchone()
        if not (row and row[0]):
            return 0
        for table, keys in TALLIES.items():
            values = TALLY_VALUES[table]
            listed = ", ".join(keys)
            cur = await conn.execute(
                f"SELECT count(*), max(id), (SELECT count(*) FROM"
                f" (SELECT 1 FROM {table} GROUP BY {listed}) k) FROM {table}")
            found = await cur.fetchone()
            if not found or found[0] == found[2]:  # one row per key already
                continue
            await conn.execute(
                f"INSERT INTO {table} ({listed}, {', '.join(values)})"
                f" SELECT {listed}, {', '.join(f'sum({v})' for v in values)}"
                f" FROM {table} WHERE id <= %s GROUP BY {listed}"
                f" HAVING {' OR '.join(f'sum({v}) != 0' for v in values)}",
                (found[1],))
            cur = await conn.execute(f"DELETE FROM {table} WHERE id <= %s",
                                     (found[1],))
            removed += max(cur.rowcount, 0)
    return removed
