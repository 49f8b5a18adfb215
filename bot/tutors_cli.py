"""`tutor-sensus tutors report --format csv --table opd|tutors|events [--out FILE]`.

One leaderboard table as CSV, computed by the same queries and code as the chat's
/tutor_daftar (bot/store/tutors.py, conversations/reporting/leaderboard.py):

- `opd`: per work unit: ASN registered, ASN who reported their own household, residents
  reached and started, households and persons helped, of which assisted;
- `tutors`: every tutor with name and NIP (an admin's table: keep the file safe), status,
  own household, and the same counts;
- `events`: per event created with /acara_baru.

Assisted completions have their own columns everywhere (for audit). No table has a
resident's id or phone number.

The CSV goes to standard output (the database path to standard error, so a pipe gets only
the CSV); with `--out FILE` it goes to the file and both paths are printed. A database that
does not exist is never created.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from bot.settings import Settings
from bot.store import Store
from conversations.core.campaign import load_campaign
from conversations.reporting import leaderboard

TABLES = ("opd", "tutors", "events")


async def report(
    settings: Settings, table: str, out: Path | None = None, stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    campaign = load_campaign(settings.campaign)
    print(f"database: {settings.database_path}", file=stdout if out else stderr)
    store = await Store.open(settings.database_path, create=False)
    try:
        async with store.transaction() as tx:
            columns: tuple[str, ...]
            if table == "events":
                rows = leaderboard.event_rows(await tx.tutors.event_figures())
                columns = leaderboard.EVENT_COLUMNS
            else:
                figures = await tx.tutors.tutor_figures()
                if table == "opd":
                    rows, columns = leaderboard.opd_rows(figures), leaderboard.OPD_COLUMNS
                else:
                    rows = leaderboard.tutor_rows(figures, campaign)
                    columns = leaderboard.TUTOR_COLUMNS
    finally:
        await store.close()
    text = leaderboard.to_csv(rows, columns)
    if out is None:
        stdout.write(text)
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    if table == "tutors":
        out.chmod(0o600)  # names and NIP
    print(f"{table}: {len(rows)} rows written to {out}", file=stdout)
    return 0
