"""Costs as the campaign grows: the operations around the residents' path, on databases of
10k, 100k (and 1M) residents built like the bot's own (bench/growth_data.py).

For each size it prints: the database file (MB, KB a resident), `tutor-sensus stats
--chart`, `export --what all` (XLSX; wall time and peak RSS of the process), `backup`, each
as the command line runs them (a fresh process each), `GET /healthz` and `GET /metrics` of a
running `tutor-sensus run` (real HTTP), the reminder scheduler, a broadcast to everyone,
/hapus_data (bench/growth_bulk.py), and retention (`tutor-sensus prune`): the file before,
as the running bot leaves it (incremental vacuum), after `prune --vacuum`, and what it holds
per table and index.

    .venv/bin/python bench/growth.py                       # 10k and 100k
    .venv/bin/python bench/growth.py --sizes 10000         # a quick look
    .venv/bin/python bench/growth.py --sizes 1000000 --keep /tmp/growth   # reuse the files
    .venv/bin/python bench/growth.py --keep /tmp/growth --in-bot-rounds 5  # reports' stall

Nothing asserts: figures only (the tests check behaviour and query plans).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


DB_NAME = "tutor-sensus.sqlite3"
KEY = "Z0k6hNtKJGjPqbRKmGDjuzeVww0IWl4qHqbf68Z3wos"  # a bench-only key (never a real one)


def _env(data: Path, port: int | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TUTOR_SENSUS_", "TELEGRAM_", "WHATSAPP_"))}
    env.update(TUTOR_SENSUS_DATA_DIR=str(data), TUTOR_SENSUS_TODAY="2020-03-31",
               TUTOR_SENSUS_LOG_LEVEL="WARNING", TUTOR_SENSUS_SECRET_KEY=KEY)
    if port is not None:
        env.update(TUTOR_SENSUS_HTTP_PORT=str(port), TUTOR_SENSUS_HTTP_HOST="127.0.0.1")
    return env


def run_cli(data: Path, *args: str, timeout: float) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, status) of `tutor-sensus ARGS` in a fresh process."""
    began = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "bot", *args], cwd=data, env=_env(data),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = began + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            seconds = time.perf_counter() - began
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            code = os.waitstatus_to_exitcode(status)
            ok = "ok" if code == 0 else f"exit {code}: {err.strip().splitlines()[-1:]}"
            return seconds, usage.ru_maxrss / 1024, ok
        if time.perf_counter() > deadline:
            proc.kill()
            proc.wait()
            return timeout, 0.0, f"not finished after {timeout:.0f} s"
        time.sleep(0.02)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http_times(data: Path, paths: list[str], rounds: int) -> dict[str, float]:
    """Median milliseconds of each GET against `python -m bot run` (no channel token: the
    HTTP server with /healthz and /metrics only)."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=data,
                            env=_env(data, port), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        return asyncio.run(_get_times(port, paths, rounds))
    finally:
        proc.terminate()
        proc.wait(timeout=30)


async def _get_times(port: int, paths: list[str], rounds: int) -> dict[str, float]:
    out: dict[str, float] = {}
    async with aiohttp.ClientSession() as http:
        for _ in range(600):
            try:
                async with http.get(f"http://127.0.0.1:{port}/healthz") as resp:
                    await resp.read()
                break
            except aiohttp.ClientError:
                await asyncio.sleep(0.1)
        for path in paths:
            times = []
            for _ in range(rounds):
                began = time.perf_counter()
                async with http.get(f"http://127.0.0.1:{port}{path}") as resp:
                    await resp.read()
                    assert resp.status == 200, (path, resp.status)
                times.append((time.perf_counter() - began) * 1000)
            out[path] = statistics.median(times)
    return out


class Prepared(logging.Handler):
    """The seconds of each "report ... prepared in" log line (bot/services/reports.py)."""

    def __init__(self) -> None:
        super().__init__()
        self.seconds: list[float] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("report ") and "prepared in" in record.msg:
            self.seconds.append(float(record.args[-1]))  # type: ignore[index]


class Recorder:
    """A console channel whose sends are recorded (time, chat, what) instead of printed."""

    def __new__(cls) -> Any:
        from bot.channels.console import ConsoleChannel

        class _Recorder(ConsoleChannel):  # type: ignore[misc]
            def __init__(self) -> None:
                super().__init__()
                self.events: dict[str, asyncio.Event] = {}
                self.got: dict[str, list[tuple[float, Any]]] = {}

            async def send(self, chat_id: str, reply: Any) -> None:
                self.got.setdefault(chat_id, []).append((time.perf_counter(), reply))
                self.events.setdefault(chat_id, asyncio.Event()).set()

        return _Recorder()


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


async def in_bot(data: Path, residents: int = 20, quiet_seconds: float = 8.0,
                 limit: float = 300.0, rounds: int = 1,
                 modes: tuple[str, ...] = ("child",), export: bool = True) -> dict[str, str]:
    """The running bot (in this process, console channel): residents' reply times alone,
    then while an admin's /statistik and /ekspor all run; the admin's waits. With `rounds`,
    the two windows alternate that many times in the same run (a shared machine's load
    changes by the minute: each report window is compared with the quiet one before it).
    `modes` ("thread", "child"): where the reports are prepared, in turn each round.
    Without `export`, each round's report is /statistik alone (many rounds in little time)."""
    from bot.app import build_app
    from bot.settings import Settings

    settings = Settings(TUTOR_SENSUS_DATA_DIR=data, TUTOR_SENSUS_ADMINS="console:900",
                        TUTOR_SENSUS_SECRET_KEY=KEY, TUTOR_SENSUS_TODAY="2020-03-31",
                        _env_file=None)
    app = await build_app(settings)
    channel = Recorder()
    app.add_channel(channel)
    prepared = Prepared()  # the reports' own times (their log line), beside the admin's wait
    logging.getLogger("bot.services.reports").addHandler(prepared)
    logging.getLogger("bot.services.reports").setLevel(logging.INFO)
    app.start_workers()
    counter = 0
    run = time.time_ns()  # update ids unique across runs on a kept database (else: duplicates)
    times: list[float] = []
    stop = asyncio.Event()

    async def say(user: str, text: str) -> None:
        nonlocal counter
        counter += 1
        update_id = f"g{run}-{counter}"
        payload = json.dumps({"user": user, "update_id": update_id, "text": text})
        await app.processor.receive("console", update_id, payload)

    async def resident(n: int) -> None:
        user = f"bench{n}"
        event = channel.events.setdefault(user, asyncio.Event())
        while not stop.is_set():
            event.clear()
            began = time.perf_counter()
            await say(user, "/menu")
            try:
                async with asyncio.timeout(limit):
                    await event.wait()
            except TimeoutError:
                times.append(limit)
                continue
            times.append(time.perf_counter() - began)
            await asyncio.sleep(0.2)

    async def admin(command: str, done: Any) -> float:
        began = time.perf_counter()
        seen = len(channel.got.get("900", []))
        await say("900", command)
        while time.perf_counter() - began < limit:
            if any(done(r) for _, r in channel.got.get("900", [])[seen:]):
                return time.perf_counter() - began
            await asyncio.sleep(0.05)
        return limit

    out: dict[str, str] = {}
    ms = 1000
    assert app.reports is not None
    children = app.reports.children  # reports in child processes, as the bot prepares them
    alone: dict[str, list[float]] = {mode: [] for mode in modes}
    stats_waits: dict[str, list[float]] = {mode: [] for mode in modes}
    during: dict[str, list[float]] = {mode: [] for mode in modes}
    try:
        crowd = [asyncio.create_task(resident(n)) for n in range(residents)]
        for r in range(rounds):
            for mode in modes:  # "thread": in the bot's process, as before the child
                app.reports.children = children if mode == "child" else None
                times[:] = []
                await asyncio.sleep(quiet_seconds)
                quiet, times[:] = list(times), []
                stats_wait = await admin("/statistik", lambda r: r.image is not None)
                stats_waits[mode].append(stats_wait)
                stats_own = prepared.seconds[-1] if prepared.seconds else 0.0
                export_wait = await admin("/ekspor all", lambda r: r.document is not None
                                          or "Belum ada" in r.text) if export else 0.0
                busy = list(times)
                alone[mode] += quiet
                during[mode] += busy
                if rounds > 1 or len(modes) > 1:
                    ratio = _pct(busy, .99) / max(_pct(quiet, .99), 1e-9)
                    print(f"    round {r + 1}, reports in a {mode}: p99 alone"
                          f" {_pct(quiet, .99) * ms:.0f} ms, during reports"
                          f" {_pct(busy, .99) * ms:.0f} ms ({ratio:.1f}x; p50"
                          f" {_pct(quiet, .5) * ms:.0f} / {_pct(busy, .5) * ms:.0f} ms;"
                          f" {len(quiet)}/{len(busy)} replies), /statistik {stats_wait:.2f} s"
                          f" (prepared in {stats_own:.2f} s)"
                          + (f", /ekspor all {export_wait:.2f} s" if export else ""), flush=True)
        stop.set()
        await asyncio.gather(*crowd)
        out["/statistik in the bot: admin waits"] = f"{stats_wait:.2f} s"
        if export:
            out["/ekspor all in the bot: admin waits"] = f"{export_wait:.2f} s"
        for mode in modes:
            which = "" if modes == ("child",) else f" (reports in a {mode})"
            still, busy = alone[mode], during[mode]
            out[f"resident p50/p99 alone{which}"] = (f"{_pct(still, .5) * ms:.0f} / "
                                                     f"{_pct(still, .99) * ms:.0f} ms")
            out[f"resident p50/p99 during reports{which}"] = (
                f"{_pct(busy, .5) * ms:.0f} / {_pct(busy, .99) * ms:.0f} ms"
                f" (worst {max(busy or [0]) * ms:.0f})")
            if rounds > 1:
                out[f"/statistik, every round{which}"] = ", ".join(
                    f"{w:.2f}" for w in stats_waits[mode]) + " s"
            out[f"resident p99 during / alone{which}"] = (
                f"{_pct(busy, .99) / max(_pct(still, .99), 1e-9):.1f}x"
                + (f" ({rounds} alternating rounds)" if rounds > 1 else ""))
    finally:
        await app.close()
    return out


def _size(db: Path, size: int) -> str:
    after = db.stat().st_size
    return f"{after / 1e6:,.1f} MB ({after / size / 1000:.2f} KB/res)"


async def _reclaim_as_the_bot(db: Path) -> int:
    """The running bot's way after retention rounds (bot/services/retention.py): free pages
    given back by incremental vacuum while that is cheap, a round at a time, until a round
    stops at its first call (slow: the rest stays free inside the file, used again before
    it grows) or nothing is left; no VACUUM. Returns rounds."""
    from bot.services.retention import Pruner
    from bot.store import Store

    store = await Store.open(db)
    pruner = Pruner(store, None, 14)  # type: ignore[arg-type]  # (no clock: only reclaim)
    rounds = 0
    try:
        while rounds < 10_000:
            rounds += 1
            calls = await pruner.reclaim()
            if calls == 1 or not await store.reclaim(pages=0):
                break
    finally:
        await store.close()
    return rounds


def breakdown(db: Path, size: int, top: int = 14) -> str:
    """Bytes a resident per table and index (SQLite's dbstat), the largest first."""
    import sqlite3

    con = sqlite3.connect(db)
    try:
        rows = con.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"
                           " ORDER BY 2 DESC").fetchall()
    finally:
        con.close()
    shown = ", ".join(f"{name} {n / size:.0f}" for name, n in rows[:top])
    rest = sum(n for _, n in rows[top:]) / size
    return f"{shown}, the rest {rest:.0f} (bytes a resident)"


def retention_sizes(data: Path, size: int, timeout: float) -> dict[str, str]:
    """The file once retention has run on the campaign's last day (TUTOR_SENSUS_TODAY): with
    the default 14 days (the last two weeks' rows that still do work stay), as the running
    bot leaves it (incremental vacuum) and after `prune --vacuum`; then once every row is
    past its days."""
    db = data / DB_NAME
    row: dict[str, str] = {}
    seconds, _, ok = run_cli(data, "prune", "--days", "14", timeout=max(timeout, 3600))
    row["prune --days 14"] = f"{seconds:.1f} s" + ("" if ok == "ok" else f" ({ok})")
    began = time.perf_counter()
    rounds = asyncio.run(_reclaim_as_the_bot(db))
    row["as the bot leaves it (incremental vacuum)"] = (
        f"{_size(db, size)}; {rounds} rounds of {time.perf_counter() - began:.0f} s in all")
    seconds, _, ok = run_cli(data, "prune", "--days", "14", "--vacuum",
                             timeout=max(timeout, 3600))
    row["after prune --days 14 --vacuum"] = (f"{_size(db, size)} (VACUUM {seconds:.0f} s)"
                                             + ("" if ok == "ok" else f" ({ok})"))
    row["what the 14-day file holds"] = breakdown(db, size)
    seconds, _, ok = run_cli(data, "prune", "--days", "1", "--vacuum",
                             timeout=max(timeout, 3600))
    row["after prune --days 1 --vacuum"] = (f"{_size(db, size)} ({seconds:.0f} s)"
                                            + ("" if ok == "ok" else f" ({ok})"))
    return row


STEPS = ("cli", "bulk", "bot", "http", "retention")


class Row(dict[str, str]):
    """A size's figures, each printed as soon as it is measured (a 1M run takes an hour)."""

    def __setitem__(self, key: str, value: str) -> None:
        super().__setitem__(key, value)
        print(f"  {key:<18} {value}", flush=True)

    def update(self, other: Any = (), /, **kwargs: str) -> None:
        for key, value in dict(other, **kwargs).items():
            self[key] = value


def measure(size: int, folder: Path, rebuild: bool, timeout: float,
            retention: bool = True, with_text: bool = False,
            steps: tuple[str, ...] = STEPS, in_bot_rounds: int = 0,
            quiet_seconds: float = 8.0,
            modes: tuple[str, ...] = ("child",), export: bool = True) -> dict[str, str]:
    data = folder / f"r{size}"
    data.mkdir(parents=True, exist_ok=True)
    db = data / DB_NAME
    row = Row()
    row["residents"] = f"{size:,}"
    if rebuild or not db.exists():
        # In a process of its own: the build's 1 GB page cache would otherwise stay in this
        # process's RSS, and every command started after it would report that RSS as its own
        # peak (a forked child starts with its parent's; the 100k run showed 955 MB for an
        # export whose own peak is 80 MB).
        began = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "bench" / "growth_data.py"), "--residents",
                        str(size), "--out", str(db)] + (["--with-text"] if with_text else []),
                       check=True, stdout=subprocess.DEVNULL)
        row["build"] = f"{time.perf_counter() - began:.0f} s"
    # Migrations first (a new version's indexes), so they are not counted as the report's.
    seconds, _, ok = run_cli(data, "migrate", timeout=3600)
    row["migrate"] = f"{seconds:.1f} s" + ("" if ok == "ok" else f" ({ok})")
    if in_bot_rounds:  # only the residents' reply times beside the admin's reports
        row.update(asyncio.run(in_bot(data, limit=timeout, rounds=in_bot_rounds,
                                      quiet_seconds=quiet_seconds, modes=modes,
                                      export=export)))
        return row
    size_before = db.stat().st_size
    row["database"] = f"{size_before / 1e6:,.0f} MB ({size_before / size / 1000:.1f} KB/res)"

    if "cli" in steps:
        cli_steps(row, data, timeout)
    # (before the running bot, which schedules the campaign's reminders: a broadcast round
    # here is the broadcast's, not due reminders')
    if "bulk" in steps:
        from bench import growth_bulk

        row.update(asyncio.run(growth_bulk.measure(db, size)))
    if "bot" in steps:
        row.update(asyncio.run(in_bot(data, limit=timeout)))
    if "http" in steps:
        times = http_times(data, ["/healthz", "/metrics"], rounds=20)
        row["GET /healthz"] = f"{times['/healthz']:.1f} ms"
        row["GET /metrics"] = f"{times['/metrics']:.1f} ms"
    if retention and "retention" in steps:
        seconds, _, ok = run_cli(data, "stats", "--recount", timeout=timeout)
        row["stats --recount"] = f"{seconds:.1f} s" + ("" if ok == "ok" else f" ({ok})")
        row.update(retention_sizes(data, size, timeout))
    return row


def cli_steps(row: dict[str, str], data: Path, timeout: float) -> None:
    """The command-line tools, each in a fresh process."""
    seconds, _, ok = run_cli(data, "stats", "--chart", str(data / "chart.png"),
                             timeout=timeout)
    row["stats --chart"] = f"{seconds:.2f} s" + ("" if ok == "ok" else f" ({ok})")
    seconds, rss, ok = run_cli(data, "export", "--what", "all", "--out",
                               str(data / "all.xlsx"), timeout=timeout)
    xlsx = data / "all.xlsx"
    file_mb = xlsx.stat().st_size / 1e6 if xlsx.exists() else 0
    row["export all xlsx"] = (f"{seconds:.1f} s, {rss:.0f} MB RSS, {file_mb:.1f} MB file"
                              + ("" if ok == "ok" else f" ({ok})"))
    backup = data / "backup.sqlite3"
    backup.unlink(missing_ok=True)
    seconds, _, ok = run_cli(data, "backup", str(backup), timeout=timeout)
    row["backup"] = f"{seconds:.1f} s" + ("" if ok == "ok" else f" ({ok})")
    backup.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000",
                        help="residents per database, comma-separated")
    parser.add_argument("--keep", type=Path, help="folder for the databases (kept; reused)")
    parser.add_argument("--rebuild", action="store_true", help="build kept databases again")
    parser.add_argument("--timeout", type=float, default=300.0,
                        help="seconds before a command counts as not finished")
    parser.add_argument("--with-text", action="store_true",
                        help="sent messages in the built databases keep their text (as before"
                        " issue 14)")
    parser.add_argument("--no-retention", action="store_true",
                        help="skip --recount and prune (the version before issue 14 has none)")
    parser.add_argument("--steps", default=",".join(STEPS),
                        help="what to measure, comma-separated (to run parts side by side on"
                        f" copies of a large database): {', '.join(STEPS)}")
    parser.add_argument("--in-bot-rounds", type=int, default=0, metavar="N",
                        help="measure only the residents' reply times in the running bot, N"
                        " rounds each alternating 8 s alone with the admin's reports")
    parser.add_argument("--quiet-seconds", type=float, default=8.0,
                        help="with --in-bot-rounds: seconds of each window without reports")
    parser.add_argument("--no-export", action="store_true",
                        help="with --in-bot-rounds: the admin asks /statistik only (no"
                        " /ekspor all)")
    parser.add_argument("--compare-thread", action="store_true",
                        help="with --in-bot-rounds: each round also with the reports prepared"
                        " in the bot's own process (as before report_child.py)")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="growth-"))
    rows = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            print(f"== {size:,} residents", flush=True)
            row = measure(size, folder, args.rebuild, args.timeout,
                          retention=not args.no_retention, with_text=args.with_text,
                          steps=tuple(args.steps.split(",")),
                          in_bot_rounds=args.in_bot_rounds, quiet_seconds=args.quiet_seconds,
                          modes=("thread", "child") if args.compare_thread else ("child",),
                          export=not args.no_export)
            rows.append(row)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    keys = list(rows[0]) if rows else []
    print("\n| operation | " + " | ".join(r["residents"] for r in rows) + " |")
    print("|---|" + "---|" * len(rows))
    for key in keys[1:]:
        print(f"| {key} | " + " | ".join(r.get(key, "–") for r in rows) + " |")


if __name__ == "__main__":
    main()
