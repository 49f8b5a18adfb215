"""`prune --days 14` statement by statement, timed (issue 14: is deleting linear at 1M?).

The PRUNE statements of bot/store/retention.py in batches of 2,000 rows, each batch its own
transaction, with the store's pragmas, on a copy of a database built by bench/growth_data.py
(it deletes). Per statement: rows, seconds, the first, last and longest batch, and the bytes
the process read from and wrote to the disk (/proc/self/io: reads from disk, not from the
page cache, show where the file no longer fits in memory).

    .venv/bin/python bench/prune_statements.py /tmp/copy/tutor-sensus.sqlite3
"""

from __future__ import annotations

import re
import sqlite3
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.store.db import PRAGMAS  # noqa: E402
from bot.store.retention import PRUNE, Cutoffs  # noqa: E402
from bot.store.timefmt import iso  # noqa: E402
from conversations.core.campaign import load_campaign  # noqa: E402
from conversations.core.clock import Clock  # noqa: E402

BATCH = 2000  # as `tutor-sensus prune`


def disk() -> tuple[int, int]:
    """Bytes this process read from and wrote to the disk so far."""
    fields = dict(line.split(":") for line in Path("/proc/self/io").read_text().splitlines())
    return int(fields["read_bytes"]), int(fields["write_bytes"])


def main() -> None:
    campaign = load_campaign()
    clock = Clock(campaign.timezone, today=datetime(2020, 3, 31).date())
    before = Cutoffs.at(clock.now(), 14)
    db = sqlite3.connect(sys.argv[1], isolation_level=None)
    for name, value in PRAGMAS.items():
        db.execute(f"PRAGMA {name}={value}")
    params = (iso(before.records), BATCH, iso(before.dedup), iso(before.untracked))
    began = time.perf_counter()
    for key, sql in PRUNE:
        used = max(int(n) for n in re.findall(r"\?(\d)", sql))
        rows, batches = 0, []
        t0, (r0, w0) = time.perf_counter(), disk()
        while True:
            b0 = time.perf_counter()
            db.execute("BEGIN IMMEDIATE")
            n = db.execute(sql, params[:used]).rowcount
            db.execute("COMMIT")
            batches.append(time.perf_counter() - b0)
            rows += n
            if n < BATCH:
                break
        seconds = time.perf_counter() - t0
        r1, w1 = disk()
        if rows:
            print(f"{key:22s} {rows:11,d} rows {seconds:7.1f} s ({rows / seconds:,.0f}/s);"
                  f" {len(batches)} batches, first {batches[0] * 1000:.0f} ms, last"
                  f" {batches[-1] * 1000:.0f} ms, longest {max(batches) * 1000:.0f} ms; read"
                  f" {(r1 - r0) / 1e6:,.0f} MB, written {(w1 - w0) / 1e6:,.0f} MB", flush=True)
    print(f"all: {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
