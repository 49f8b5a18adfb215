"""`tutor-sensus stats` and `tutor-sensus export`: the admins' reports without a chat.

- `stats [--chart FILE] [--lang id]`: the same text as the chat's /statistik (progress against
  the target per kecamatan, the funnel, vouchers, channels, OPD and top tutors); with
  `--chart`, the PNG chart too.
- `export --table completions|visits|vouchers|tutors|opd|audit --format csv [--out FILE]`: one
  table as CSV, the same as the chat's /ekspor (the export itself goes into the audit log).
  KK numbers only as masks; assisted completions marked; the visit list (desa, RT/RW,
  phone) is for admins.

- `backup FILE`: a consistent copy of the live database (SQLite's backup API).

The database path is printed (to standard error when the CSV goes to standard output, so a
pipe gets only the CSV). A database that does not exist is never created.
"""

from __future__ import annotations

import getpass
import sqlite3
import sys
from contextlib import closing
from pathlib import Path
from typing import TextIO

from bot.settings import Settings
from bot.store import Store, StoreMissing
from conversations import exports, stats
from conversations.campaign import load_campaign
from conversations.clock import Clock
from conversations.i18n import LANGUAGES, Translator


async def stats_report(
    settings: Settings, chart: Path | None = None, lang: str = "id",
    stdout: TextIO | None = None, stderr: TextIO | None = None,
) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    campaign = load_campaign(settings.campaign)
    clock = Clock(campaign.timezone, today=settings.today)
    print(f"database: {settings.database_path}", file=stderr)
    store = await Store.open(settings.database_path, create=False)
    try:
        async with store.transaction() as tx:
            figures = await stats.gather(tx, campaign, clock.today())
    finally:
        await store.close()
    t = Translator(lang if lang in LANGUAGES else "id", campaign)
    stdout.write("\n\n".join(stats.texts(figures, campaign, t)) + "\n")
    if chart is not None:
        chart.parent.mkdir(parents=True, exist_ok=True)
        chart.write_bytes(stats.chart(figures, campaign, t))
        print(f"chart: {chart}", file=stderr)
    return 0


async def export(
    settings: Settings, table: str, out: Path | None = None, stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    campaign = load_campaign(settings.campaign)
    clock = Clock(campaign.timezone, today=settings.today)
    print(f"database: {settings.database_path}", file=stdout if out else stderr)
    store = await Store.open(settings.database_path, create=False)
    try:
        async with store.transaction() as tx:
            rows, columns = await exports.table(tx, table, campaign)
            # The audit log: who exported what, from the command line too.
            await tx.add_event("cli", getpass.getuser(), "admin_export", clock.now(), table)
    finally:
        await store.close()
    text = exports.to_csv(rows, columns)
    if out is None:
        stdout.write(text)
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8-sig")  # Excel reads the "•" of the KK masks then
    out.chmod(0o600)  # phone numbers, names and NIP, voucher codes
    print(f"{table}: {len(rows)} rows written to {out}", file=stdout)
    return 0


def backup(settings: Settings, target: Path, stdout: TextIO | None = None) -> int:
    """A consistent copy of the live database (SQLite's online backup API: safe while the
    bot runs and writes). The copy is as secret as the database: mode 0600. Keep the secret
    key (TUTOR_SENSUS_SECRET_KEY) with the backups, but not in the same place."""
    stdout = stdout or sys.stdout
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
