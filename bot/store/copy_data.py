"""`tutor-sensus copy-data --to URL`: an office that started on SQLite moves to PostgreSQL.

Every table of the SQLite file (households, vouchers, tutors, people and their state, the
outbox, the key's fingerprint...) is copied into an empty PostgreSQL database that has the
same migrations, with COPY, in the order of its foreign keys, then the identity counters are
moved past the copied ids and every table is counted on both sides. Stop the bot first: rows
written during the copy would not be in it (the counts would then differ and say so).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any, TextIO

import psycopg

from bot.store.db import Store, StoreMissing
from bot.store.postgres import PgStore, redact_url
from bot.store.queue_rows import kept_shape
from conversations.core.redaction import storable_json

SKIP = {"schema_migrations"}
# JSON payloads (jsonb on PostgreSQL, migration 0030a) and their emptied form there: an older
# SQLite file has '' for a sent message, and a failed update's shape as plain text.
PAYLOADS = {"inbox": None, "outbox": "{}"}


def _payload(value: Any, emptied: str | None) -> str | None:
    """A payload as jsonb takes it (as migration 0030a converts an upgraded database's)."""
    if value is None or value == "":
        return emptied
    text = storable_json(str(value))
    try:
        json.loads(text)
    except ValueError:
        return kept_shape(str(value))
    return text


def _tables(db: sqlite3.Connection) -> list[str]:
    """The tables, each after the tables its foreign keys point to."""
    names = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " ORDER BY name")]
    names = [n for n in names if n not in SKIP]
    needs = {n: {r[2] for r in db.execute(f'PRAGMA foreign_key_list("{n}")')} - {n}
             for n in names}
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [n for n in names if n not in ordered and needs[n] <= set(ordered)]
        if not ready:  # a cycle (none today): the rest in name order
            ready = [n for n in names if n not in ordered]
        ordered += ready
    return ordered


def _rows(db: sqlite3.Connection, table: str, columns: list[str]) -> Iterator[tuple[Any, ...]]:
    listed = ", ".join(f'"{c}"' for c in columns)
    # rowid order: the copy keeps insertion order (ids, and `rowid` where PostgreSQL has one)
    yield from db.execute(f'SELECT {listed} FROM "{table}" ORDER BY rowid')


async def prepare(url: str) -> list[str]:
    """The schema in the target (migrations); returns the migrations it applied."""
    store = await PgStore.open(url)
    try:
        return await store.migrate()
    finally:
        await store.close()


async def migrate_source(path: Path) -> None:
    if not path.exists():
        raise StoreMissing(f"No database at {path}")
    store = await Store.open(path)  # the source at the latest schema, as the target
    await store.close()


def copy(source: Path, url: str, out: TextIO) -> int:
    """Copy every row; returns 0 when every table's count matches, 1 otherwise."""
    label = redact_url(url)
    print(f"from: {source}\nto: {label}", file=out)
    with closing(sqlite3.connect(source, timeout=30)) as db, \
            psycopg.connect(url) as pg:
        tables = _tables(db)
        filled = [t for t in tables if pg.execute(
            f'SELECT EXISTS (SELECT 1 FROM "{t}")').fetchone()[0]]  # type: ignore[index]
        if filled:
            print(f"copy-data: {label} already has data ({', '.join(filled)}); copy into an"
                  " empty database only", file=out)
            return 1
        db.execute("BEGIN")  # one snapshot of the source for the whole copy
        # Totals kept by triggers (row_counts, report_people and the statistics' tallies,
        # broadcast_counts; issue 14) are filled by the triggers as the rows they count arrive;
        # the source's own (row_counts also count rows already pruned) are copied last, in
        # their place: report_people first (its own triggers move the tallies), then the
        # tallies.
        kept_by_triggers = [t for t in tables
                            if t in ("row_counts", "report_people", "broadcast_counts")
                            or t.startswith("tally_")]
        with pg.transaction():
            for table in [t for t in tables if t not in kept_by_triggers] + kept_by_triggers:
                if table in kept_by_triggers:
                    pg.execute(f'DELETE FROM "{table}"')
                have = {r[0] for r in pg.execute(
                    "SELECT column_name FROM information_schema.columns"
                    " WHERE table_schema = current_schema() AND table_name = %s", (table,))}
                columns = [r[1] for r in db.execute(f'PRAGMA table_info("{table}")')
                           if r[1] in have]
                listed = ", ".join(f'"{c}"' for c in columns)
                at = columns.index("payload") if table in PAYLOADS else -1
                with pg.cursor().copy(f'COPY "{table}" ({listed}) FROM STDIN') as sink:
                    for row in _rows(db, table, columns):
                        if at >= 0:
                            row = (*row[:at], _payload(row[at], PAYLOADS[table]),
                                   *row[at + 1:])
                        sink.write_row(row)
                for column in ("id", "rowid"):  # identities continue after the copied ids
                    if column in have:
                        pg.execute(
                            "SELECT setval(pg_get_serial_sequence(%s, %s),"
                            f' coalesce((SELECT max("{column}") FROM "{table}"), 0) + 1, false)',
                            (f'"{table}"', column))
        bad = 0
        for table in tables:
            theirs = db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            ours = pg.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # type: ignore[index]
            mark = "ok" if theirs == ours else "DIFFERENT"
            bad += theirs != ours
            print(f"  {table}: {theirs} → {ours} {mark}", file=out)
        db.execute("ROLLBACK")
    if bad:
        print(f"copy-data: {bad} table(s) differ", file=out)
        return 1
    print(f"copy-data: {len(tables)} tables copied, every count matches. Now set"
          " TUTOR_SENSUS_DATABASE_URL to this database and keep the same"
          " TUTOR_SENSUS_SECRET_KEY.", file=out)
    return 0
