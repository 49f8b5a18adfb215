"""`tutor-sensus stats --recount` beside a writer (issue 14: does it hold the write lock?).

Runs the command line's recount in a process of its own on the data folder, and meanwhile
commits a row every 10 ms on another connection, as a resident's update would: prints the
recount's time and what the writer waited (median, worst).

    .venv/bin/python bench/recount_beside.py /tmp/growth/r100000
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEY = "Z0k6hNtKJGjPqbRKmGDjuzeVww0IWl4qHqbf68Z3wos"  # a bench-only key (never a real one)
PROBE = ("INSERT INTO kv (key, value) VALUES ('bench-probe', '1')"
         " ON CONFLICT (key) DO UPDATE SET value = excluded.value")


def main() -> None:
    data = Path(sys.argv[1])
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUTOR_SENSUS_")}
    env.update(TUTOR_SENSUS_DATA_DIR=str(data), TUTOR_SENSUS_TODAY="2020-03-31",
               TUTOR_SENSUS_SECRET_KEY=KEY, TUTOR_SENSUS_LOG_LEVEL="WARNING")
    db = sqlite3.connect(data / "tutor-sensus.sqlite3", isolation_level=None, timeout=600)
    began = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "bot", "stats", "--recount"], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    waits = []
    while proc.poll() is None:
        t0 = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.execute(PROBE)
        db.execute("COMMIT")
        waits.append(time.perf_counter() - t0)
        time.sleep(0.01)
    total = time.perf_counter() - began
    said = (proc.stdout.read().decode().strip().splitlines() or [""])[-1] if proc.stdout else ""
    db.execute("DELETE FROM kv WHERE key = 'bench-probe'")
    waits.sort()
    print(f"recount {total:.1f} s ({said}); a writer beside it: {len(waits)} writes, median"
          f" {waits[len(waits) // 2] * 1000:.1f} ms, worst {waits[-1] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
