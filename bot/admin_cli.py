"""`tutor-sensus stats` and `tutor-sensus export`: the admins' reports without a chat.

- `stats [--chart FILE] [--lang id]`: the same text as the chat's /statistik (progress against
  the target per kecamatan, the funnel, vouchers, channels, OPD and top tutors); with
  `--chart`, the PNG chart too. `stats --recount`: the counters behind it rebuilt from the raw
  rows, saying whether they agreed.
- `export --what completions|tutors|stats|funnel|visits|vouchers|opd|audit|all
  [--format xlsx|csv] [--out PATH]` (`--table` is the same as `--what`; several tables
  allowed): an XLSX workbook with one sheet per table and Indonesian headers (the default),
  or CSV, the same tables as the chat's /ekspor (the export itself goes into the audit log).
  KK numbers only as masks, never a NIK; assisted completions marked; the visit list (desa,
  RT/RW, phone) is for admins, for the field stage. A table without data yet: its header
  only, and a "no data yet" line on standard error.

- `backup FILE`: a consistent copy of the live database (SQLite's backup API).

The database path is printed (to standard error when the CSV goes to standard output, so a
pipe gets only the CSV), and so is every file written. A database that does not exist is
never created.
"""

from __future__ import annotations

import asyncio
import csv
import getpass
import random
import sqlite3
import sys
from collections.abc import Sequence
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import TextIO

from bot.renderers import render
from bot.settings import Settings
from bot.store import StoreMissing, open_store
from bot.store.db import Store as SqliteStore
from bot.store.recount import snapshot_differences
from bot.store.statements import LockUnavailable
from bot.store.timefmt import use_zone
from conversations.core.campaign import load_campaign
from conversations.core.clock import Clock
from conversations.core.i18n import LANGUAGES, Translator
from conversations.core.roles import parse_names
from conversations.reporting import cells, exports, stats

FORMATS = ("xlsx", "csv")

RECOUNT_TRIES = 20  # `recount` on PostgreSQL beside busy workers (a few seconds)


async def stats_report(
    settings: Settings, chart: Path | None = None, lang: str = "id",
    stdout: TextIO | None = None, stderr: TextIO | None = None,
) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    campaign = load_campaign(settings.campaign)
    clock = Clock(campaign.timezone, today=settings.today)
    use_zone(campaign.timezone)  # the form of stored moments (bot/store/timefmt.py)
    print(f"database: {settings.database_label}", file=stderr)
    store = await open_store(settings, create=False)
    try:
        async with store.reader() as rx:  # a snapshot beside the bot: no write lock
            figures = await stats.gather(rx, campaign, clock.today())
    finally:
        await store.close()
    t = Translator(lang if lang in LANGUAGES else "id", campaign, clock.today())
    stdout.write("\n\n".join(stats.texts(figures, campaign, t)) + "\n")
    if chart is not None:
        chart.parent.mkdir(parents=True, exist_ok=True)
        png = render(stats.chart(figures, campaign, t))
        assert png is not None  # a chart is always drawn
        chart.write_bytes(png)
        print(f"chart: {chart}", file=stderr)
    return 0


async def recount(settings: Settings, stdout: TextIO | None = None) -> int:
    """`stats --recount`: the counters recounted from the raw rows (bot/store/stats.py); 0
    when they agreed, 1 (and the differences) when they did not, and then rebuilt in one
    write transaction. Safe while the bot runs. SQLite: the comparison reads one snapshot
    and takes no lock (bot/store/recount.py); only a rebuild writes alone (the bot's writes
    wait for it). PostgreSQL: one write transaction that takes its locks, and tries again
    when it cannot have them at once."""
    stdout = stdout or sys.stdout
    print(f"database: {settings.database_label}", file=stdout)
    store = await open_store(settings, create=False)
    try:
        if isinstance(store, SqliteStore):  # compared beside the bot's writes, no lock
            if not await asyncio.to_thread(snapshot_differences, store.path):
                print("recount: the counters agreed with the raw rows", file=stdout)
                return 0
        for attempt in range(1, RECOUNT_TRIES + 1):
            try:
                async with store.transaction() as tx:
                    differences = await tx.stats.recount()
                break
            except LockUnavailable:  # the bot's workers are writing: again in a moment
                if attempt == RECOUNT_TRIES:
                    raise
                await asyncio.sleep(random.uniform(0.2, 1.0))
    finally:
        await store.close()
    if not differences:
        print("recount: the counters agreed with the raw rows", file=stdout)
        return 0
    for line in differences:
        print(f"  {line}", file=stdout)
    print(f"recount: {len(differences)} counter(s) differed; rebuilt from the raw rows",
          file=stdout)
    return 1


def _default_name(names: list[str], fmt: str, day: date) -> str:
    which = f"{names[0]}-" if len(names) == 1 else ""
    return f"tutor-sensus-{which}{day.isoformat()}.{fmt}"


async def export(
    settings: Settings, what: str | Sequence[str], out: Path | None = None,
    stdout: TextIO | None = None, stderr: TextIO | None = None, *, fmt: str = "csv",
    cwd: Path | None = None,
) -> int:
    """`tutor-sensus export --what ... --format csv|xlsx [--out PATH]` (the command line's
    default format is xlsx; this function's csv, as before).

    xlsx: one workbook, one sheet per table, into `--out` (a file, or a folder for the dated
    name) or the current folder as tutor-sensus[-TABLE]-YYYY-MM-DD.xlsx. csv: one table goes
    to standard output, or into `--out`; several tables go one file each into the folder
    `--out` or the current folder. The paths are printed; files are mode 0600.

    A table without data yet still gets its sheet (or CSV) with the header only, and a
    "no data yet in ..." line on standard error says which; the exit status stays 0 (an
    empty table is an answer, not an error: scripts and pipes go on working).
    """
    from bot.renderers import tables as table_files  # openpyxl: only when exporting

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    names = exports.resolve(what)
    campaign = load_campaign(settings.campaign)
    clock = Clock(campaign.timezone, today=settings.today)
    use_zone(campaign.timezone)  # the form of stored moments (bot/store/timefmt.py)
    piped = fmt == "csv" and len(names) == 1 and out is None  # the CSV on standard output
    info = stderr if piped else stdout
    print(f"database: {settings.database_label}", file=info)
    folder = cwd or Path.cwd()
    if len(names) > 1 and fmt == "csv" and out is not None and out.exists() and not out.is_dir():
        print(f"export: {out} is a file; several CSV tables need a folder", file=stderr)
        return 2
    store = await open_store(settings, create=False)
    try:
        # Read on a snapshot beside the running bot (no write lock held while reading), the
        # rows streamed into the files batch by batch (bot/renderers/tables.py); then one
        # short write for the audit log: who exported what, from here too.
        async with store.reader() as rx:
            tables = await exports.tables(rx, names, campaign, clock.today(),
                                          parse_names(settings.staff_names))
            counts: dict[str, int] = {}
            written: list[tuple[str, Path]] = []
            if piped:
                counts[names[0]] = await _csv_to(stdout, tables[0])
            elif fmt == "xlsx":
                target = out if out is not None else folder
                if target.is_dir():
                    target = target / _default_name(names, fmt, clock.today())
                target.parent.mkdir(parents=True, exist_ok=True)
                for file in await table_files.write_xlsx(tables, target.parent, target.name):
                    counts.update(file.rows)
                    written.append(("", Path(file.path)))
            else:
                for t in tables:
                    if len(names) == 1 and out is not None and not out.is_dir():
                        target = out
                    else:
                        target = (out or folder) / _default_name([t.name], fmt, clock.today())
                    target.parent.mkdir(parents=True, exist_ok=True)
                    for file in await table_files.write_csv(t, target.parent, target.name):
                        counts.update(file.rows)
                        written.append((t.name, Path(file.path)))
        detail = ", ".join(names) + (" (xlsx)" if fmt == "xlsx" else "")
        async with store.transaction() as tx:
            await tx.add_event("cli", getpass.getuser(), "admin_export", clock.now(), detail)
    finally:
        await store.close()
    empty = [t.name for t in tables if not counts.get(t.name)]
    if empty:
        print(f"export: no data yet in {', '.join(empty)}: header only", file=stderr)
    if piped:
        return 0
    if fmt == "xlsx":
        for t in tables:
            print(f"{t.name} ({t.title}): {counts.get(t.name, 0)} rows", file=stdout)
        print(f"written to {written[0][1]}", file=stdout)
        return 0
    for name, path in written:
        print(f"{name}: {counts.get(name, 0)} rows written to {path}", file=stdout)
    return 0


async def _csv_to(stream: TextIO, table: exports.Table) -> int:
    """One table as CSV on `stream`, batch by batch; returns its rows."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(table.columns)
    rows = 0
    async for batch in table.batches():
        writer.writerows(cells.csv_cells(table.columns, batch))
        rows += len(batch)
    return rows


def backup(settings: Settings, target: Path, stdout: TextIO | None = None) -> int:
    """A consistent copy of the live database (SQLite's online backup API: safe while the
    bot runs and writes). The copy is as secret as the database: mode 0600. Keep the secret
    key (TUTOR_SENSUS_SECRET_KEY) with the backups, but not in the same place."""
    stdout = stdout or sys.stdout
    if settings.postgres_url:
        return _explain_pg_dump(settings, target, stdout)
    source = settings.database_path
    print(f"database: {source}", file=stdout)
    if not source.exists():
        raise StoreMissing(f"No database at {source}")
    if target.exists():
        print(f"{target} exists already: choose a new file name", file=stdout)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(source, timeout=30)) as db, \
            closing(sqlite3.connect(target)) as copy:
        target.chmod(0o600)
        db.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        ok = copy.execute("PRAGMA integrity_check").fetchone()[0]
    if ok != "ok":
        print(f"backup: integrity check failed: {ok}", file=stdout)
        return 1
    print(f"backup: {target} ({target.stat().st_size:,} bytes)", file=stdout)
    return 0


def _explain_pg_dump(settings: Settings, target: Path, stdout: TextIO) -> int:
    """On PostgreSQL the database server owns the files: a copy is pg_dump's job (it takes a
    consistent snapshot while the bot runs). Nothing is written; exit status 1 says so."""
    label = settings.database_label
    print(f"database: {label}", file=stdout)
    print(
        "backup: this database is PostgreSQL; back it up with pg_dump (consistent while the"
        " bot runs), e.g.\n"
        f"  pg_dump --format=custom --file {target} '{label}'\n"
        "  chmod 600 " + str(target) + "\n"
        "and restore with pg_restore --dbname URL FILE. Keep the secret key with the backups,"
        " but apart from them. Nothing was written.",
        file=stdout,
    )
    return 1
