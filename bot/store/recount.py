"""`stats --recount` on SQLite without the write lock (issue 14).

The recount rebuilds the statistics' tallies from the raw rows and compares them with the
kept ones (bot/store/stats.py). Done in a write transaction it holds SQLite's write lock for
its whole read (about 10 s at 100k residents, 2 min at 1M): every resident's update waits.
Here it reads one snapshot instead, on a connection of its own: the recount's statements
write into TEMP copies of the tallies (the TEMP schema shadows the main one for unqualified
names, and report_people's triggers are copied as TEMP triggers, so the same statements fill
the same tallies), and the kept tallies are read from the same snapshot, so both are counts
of one moment while the bot goes on writing. Only when they differ does the caller rebuild
them in a write transaction (`StatsQueries.recount`), the repair that needs the lock.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path

from bot.store.stats import TALLIES, Sums, compare, recount_statements, sums_of, sums_sql

REBUILT = ("report_people", *TALLIES)  # what the recount's statements write
WRITES = (sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE)


def _read_only_main(action: int, _a: str | None, _b: str | None, schema: str | None,
                    _trigger: str | None) -> int:
    """Nothing of the database itself is written (only the TEMP copies): never its lock."""
    return sqlite3.SQLITE_DENY if action in WRITES and schema == "main" else sqlite3.SQLITE_OK


def snapshot_differences(path: Path, busy_ms: int = 10000) -> list[str]:
    """The kept tallies against a recount, both of one read snapshot (blocking: run it in a
    thread). Nothing: they agree."""
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
        db.set_authorizer(_read_only_main)  # a statement that would write main: an error
        db.execute("BEGIN")  # deferred: the snapshot starts with the first read
        marks = ", ".join("?" for _ in REBUILT)
        schema = db.execute(
            "SELECT type, sql FROM main.sqlite_master WHERE tbl_name IN"
            f" ({marks}) AND sql IS NOT NULL ORDER BY type = 'trigger', type = 'index'",
            REBUILT).fetchall()
        for kind, sql in schema:
            if kind == "table":
                db.execute(re.sub(r"^CREATE TABLE", "CREATE TEMP TABLE", sql))
            elif kind == "index":
                db.execute(re.sub(r"^CREATE (UNIQUE )?INDEX (\w+)", r"CREATE \1INDEX temp.\2",
                                  sql))
            elif kind == "trigger":
                db.execute(re.sub(r"^CREATE TRIGGER", "CREATE TEMP TRIGGER", sql))
        kept: Sums = {t: sums_of(t, db.execute(sums_sql(t, "main.")).fetchall())
                      for t in TALLIES}
        for statement in recount_statements():
            db.execute(statement)  # (into the TEMP tallies: they shadow main's)
        counted: Sums = {t: sums_of(t, db.execute(sums_sql(t, "temp.")).fetchall())
                         for t in TALLIES}
        db.execute("ROLLBACK")
    return compare(kept, counted)
