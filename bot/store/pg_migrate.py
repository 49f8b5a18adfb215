"""`tutor-sensus migrate` on PostgreSQL: the one history of migrations, for this dialect."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from importlib import resources
from typing import Any

import psycopg

from bot.store.pg_dialect import translate_script
from bot.store.timefmt import iso

log = logging.getLogger(__name__)


async def apply_pg_migrations(conn: psycopg.AsyncConnection[Any]) -> list[str]:
    """Apply the migrations not applied yet: each SQLite file translated, or its
    `.postgres.sql` twin; `*.postgres.sql` files without a twin run here only. One
    transaction per file; an advisory lock keeps two workers starting together from
    applying the same file twice."""
    folder = resources.files("bot.store").joinpath("migrations")
    names = {f.name for f in folder.iterdir() if f.name.endswith(".sql")}
    plan: list[tuple[str, str]] = []  # (recorded name, file)
    for name in sorted(names):
        if name.endswith(".postgres.sql"):
            if name.replace(".postgres.sql", ".sql") not in names:
                plan.append((name, name))
            continue
        twin = name.replace(".sql", ".postgres.sql")
        plan.append((name, twin if twin in names else name))
    plan.sort()
    applied: list[str] = []
    await conn.execute("SELECT pg_advisory_lock(hashtext('tutor-sensus:migrate'))")
    try:
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, at TEXT)"
        )
        cur = await conn.execute("SELECT name FROM schema_migrations")
        done = {row[0] for row in await cur.fetchall()}
        for name, file in plan:
            if name in done:
                continue
            text = folder.joinpath(file).read_text(encoding="utf-8")
            statements = ([text] if file.endswith(".postgres.sql")
                          else translate_script(text))
            async with conn.transaction():
                for statement in statements:
                    await conn.execute(statement)
                await conn.execute(
                    "INSERT INTO schema_migrations VALUES (%s, %s)",
                    (name, iso(datetime.now(UTC))),
                )
            applied.append(name)
            log.info("applied migration %s", name)
    finally:
        await conn.execute("SELECT pg_advisory_unlock(hashtext('tutor-sensus:migrate'))")
    return applied
