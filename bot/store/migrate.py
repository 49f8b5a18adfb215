"""SQLite's migrations: the numbered SQL files in bot/store/migrations, each applied once in a
transaction of its own and recorded in `schema_migrations` (`Store.migrate`, `tutor-sensus
migrate`). PostgreSQL's runner: bot/store/postgres.py."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from importlib import resources

import aiosqlite

from bot.store.timefmt import iso

log = logging.getLogger("bot.store.db")  # (the name its log lines always had)


async def apply_migrations(conn: aiosqlite.Connection) -> list[str]:
    """Apply the files not applied yet (the caller holds the store's lock); their names."""
    folder = resources.files("bot.store").joinpath("migrations")
    # (`*.postgres.sql` files are PostgreSQL's twins of a migration: bot/store/postgres.py)
    files = sorted(f.name for f in folder.iterdir()
                   if f.name.endswith(".sql") and not f.name.endswith(".postgres.sql"))
    applied_now: list[str] = []
    await conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, at TEXT)"
    )
    async with conn.execute("SELECT name FROM schema_migrations") as cur:
        done = {row[0] for row in await cur.fetchall()}
    for name in files:
        if name in done:
            continue
        sql = folder.joinpath(name).read_text(encoding="utf-8")
        record = f"INSERT INTO schema_migrations VALUES ('{name}', '{iso(datetime.now(UTC))}');"
        try:
            await conn.executescript(f"BEGIN IMMEDIATE;\n{sql}\n{record}\nCOMMIT;")
        except BaseException:
            if conn.in_transaction:
                await conn.execute("ROLLBACK")
            raise
        applied_now.append(name)
        log.info("applied migration %s", name)
    return applied_now
