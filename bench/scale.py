"""Several workers on PostgreSQL against one worker on SQLite: the webhook benchmark of
bench/e2e.py (same residents, load generator and fake Bot API), with 1, 2 and 3
`tutor-sensus run` workers on one PostgreSQL database, updates posted to a worker picked at
random (a load balancer), next to one worker on SQLite.

Prints, per setup: updates/s (closed loop), p50/p99 latency at an open-loop rate, CPU seconds
per update of the workers (also net of what they burn idle, measured for IDLE_SECONDS before
the load: role checks and timers, which a busy machine's low throughput spreads over few
updates) and of the PostgreSQL server processes serving them, and database
round trips per update (every statement a worker sends and waits for, a pipeline of queued
statements counting once: counted in the workers by wrapping psycopg's execute and pipeline
exit, a measurement, not a change). Then a capacity estimate on paper.

    python bench/scale.py                      # SQLite x1, PostgreSQL x1, x2, x3
    python bench/scale.py --workers 1,2 --seconds 10
    BENCH_PROFILE=/tmp/prof python bench/scale.py --workers 1   # cProfile of each worker

The server: TUTOR_SENSUS_TEST_POSTGRES (default postgresql://postgres@127.0.0.1:5432/postgres,
which must allow CREATE DATABASE); each run gets a fresh database, dropped after.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH), str(BENCH.parent / "tests")]

import e2e  # noqa: E402
import engine as ours  # noqa: E402
from pg import fresh_database  # noqa: E402

from bot.secret_key import generate_key  # noqa: E402
from conversations.core.campaign import load_campaign  # noqa: E402

IDLE_SECONDS = 3.0  # how long the workers' CPU with nothing to do is measured, per run


class SpreadSystem(e2e.WebhookSystem):
    """Posts each update to a worker picked at random."""

    def __init__(self, label: str, urls: list[str], api: e2e.TimedApi) -> None:
        super().__init__(label, urls[0], api)
        self.urls = urls

    async def _post(self, data: dict[str, Any]) -> None:
        self.url = random.choice(self.urls)
        await super()._post(data)


def pg_backends(url: str) -> list[int]:
    import psycopg

    with psycopg.connect(url) as db:
        return [r[0] for r in db.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid()")]


async def run(workers: int, url: str | None, args: argparse.Namespace,
              rate: float | None) -> dict[str, Any]:
    residents = ours.make_residents(args.residents, load_campaign(), args.seed)
    system: SpreadSystem | None = None
    api = e2e.TimedApi(lambda chat, b: system.message(chat, b) if system else None)
    await api.start()
    for resident in residents:
        api.know(resident.user_id)
    key = generate_key()
    procs: list[tuple[subprocess.Popen[bytes], Path, int]] = []
    with tempfile.TemporaryDirectory(prefix="tutor-sensus-scale-") as tmp:
        try:
            for n in range(workers):
                port = e2e.free_port()
                folder = Path(tmp) / f"w{n}"
                folder.mkdir()
                _, env = e2e.child_command("ours", args, port, api, folder / "data")
                env.update(TUTOR_SENSUS_SECRET_KEY=key, BENCH_TRIPS=str(folder / "trips"))
                if url:
                    env["TUTOR_SENSUS_DATABASE_URL"] = url
                log = (folder / "bot.log").open("wb")
                proc = subprocess.Popen(  # noqa: ASYNC220 - started once, before the run
                    [sys.executable, str(Path(__file__).resolve()), "--serve"], env=env,
                    cwd=folder, stdout=log, stderr=log, stdin=subprocess.DEVNULL)
                procs.append((proc, folder, port))
                if n == 0:  # the first applies the migrations alone
                    await e2e.wait_healthy(f"http://127.0.0.1:{port}/healthz", proc, 60)
            for proc, _, port in procs:
                await e2e.wait_healthy(f"http://127.0.0.1:{port}/healthz", proc, 60)
            await asyncio.sleep(2.0)  # roles settle
            # What the workers burn with nothing to do (role checks, timers): at a few dozen
            # updates/s on a busy machine it is a good part of the CPU per update.
            loop = asyncio.get_running_loop()
            idle0, idle_t0 = [e2e.child_cpu(p.pid) for p, *_ in procs], loop.time()
            await asyncio.sleep(IDLE_SECONDS)
            idle = sum(e2e.child_cpu(p.pid) - c for (p, *_), c in zip(procs, idle0, strict=True))
            idle_per_s = idle / (loop.time() - idle_t0)
            backends = pg_backends(url) if url else []
            label = f"{'PostgreSQL' if url else 'SQLite'} x{workers}"
            system = SpreadSystem(label, [f"http://127.0.0.1:{p}/telegram" for *_, p in procs],
                                  api)
            await system.start()
            cleaner = asyncio.create_task(e2e._forget_history(api))
            cpu0, t0 = [e2e.child_cpu(p.pid) for p, *_ in procs], loop.time()
            db0 = [e2e.child_cpu(pid) for pid in backends]
            active = ours.active_residents(residents, rate, args)
            result = await ours.drive(system, active, rate=rate, seconds=args.seconds,
                                      concurrency=args.concurrency, drain_timeout=30)
            cpu = sum(e2e.child_cpu(p.pid) - c for (p, *_), c in zip(procs, cpu0, strict=True))
            busy_seconds = loop.time() - t0
            db_cpu = sum(e2e.child_cpu(pid) - c for pid, c in zip(backends, db0, strict=True)
                         if e2e.child_cpu(pid) == e2e.child_cpu(pid))
            cleaner.cancel()
            await system.close()
        finally:
            for proc, *_ in procs:
                proc.send_signal(signal.SIGTERM)
            for proc, *_ in procs:
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            await api.stop()
        trips = sum(json.loads((f / "trips").read_text())["trips"] for _, f, _ in procs
                    if (f / "trips").exists())
    handled = max(result.handled, 1)
    return {"label": label, "rate": rate, "throughput": result.throughput,
            "p50": result.pct(50), "p99": result.pct(99), "handled": result.handled,
            "cpu_ms": cpu / handled * 1000, "db_cpu_ms": db_cpu / handled * 1000,
            "net_ms": max(cpu - idle_per_s * busy_seconds, 0.0) / handled * 1000,
            "idle_ms_s": idle_per_s * 1000,
            "trips": trips / handled if url else float("nan")}


def serve() -> int:
    """A worker: `tutor-sensus run` exactly, with psycopg's executes counted (BENCH_TRIPS)."""
    import atexit

    from bot.cli import main

    counted = {"trips": 0}
    try:
        import psycopg
    except ImportError:  # (SQLite: nothing to count)
        psycopg = None  # type: ignore[assignment]
    if psycopg is not None:  # (a connection's execute runs its cursor's: counted there)
        for name in ("execute", "executemany"):
            real = getattr(psycopg.AsyncCursor, name)

            def counting(cur: Any, *a: Any, _real: Any = real, **k: Any) -> Any:
                if cur._conn._pipeline is None:  # (in a pipeline: one trip at its end)
                    counted["trips"] += 1
                return _real(cur, *a, **k)

            setattr(psycopg.AsyncCursor, name, counting)
        real_exit = psycopg.AsyncPipeline.__aexit__

        def pipeline_exit(*a: Any, **k: Any) -> Any:
            counted["trips"] += 1  # everything queued in the pipeline, and one wait
            return real_exit(*a, **k)

        psycopg.AsyncPipeline.__aexit__ = pipeline_exit  # type: ignore[method-assign]
    path = os.environ.get("BENCH_TRIPS")
    if path:
        atexit.register(lambda: Path(path).write_text(json.dumps(counted)))
    if profile := os.environ.get("BENCH_PROFILE"):  # a cProfile of each worker: PREFIX.<pid>
        import cProfile
        import time

        profiler = cProfile.Profile(time.process_time)  # CPU time: the machine is shared
        profiler.enable()
        atexit.register(lambda: (profiler.disable(),
                                 profiler.dump_stats(f"{profile}.{os.getpid()}")))
    return main(["run"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", default="1,2,3", help="PostgreSQL worker counts")
    parser.add_argument("--residents", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--rate", type=float, default=None,
                        help="open-loop rate for latency (default: half of SQLite's ceiling)")
    parser.add_argument("--think", type=float, default=2.0)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--ptb-persistence", default="interval")
    parser.add_argument("--ptb-interval", type=float, default=60.0)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        raise SystemExit(serve())
    counts = [int(n) for n in args.workers.split(",") if n.strip()]

    async def go() -> None:
        rows = []
        print("  ... SQLite x1, closed loop", flush=True)
        sqlite = await run(1, None, args, None)
        rate = args.rate or max(10.0, round(sqlite["throughput"] / 2, -1))
        rows.append((sqlite, await run(1, None, args, rate)))
        for n in counts:
            print(f"  ... PostgreSQL x{n}", flush=True)
            with fresh_database() as url:
                ceiling = await run(n, url, args, None)
            with fresh_database() as url:
                rows.append((ceiling, await run(n, url, args, rate)))
        print(f"\nWebhook end to end, {os.cpu_count()} CPUs shared by everything"
              f" (load generator, fake Bot API, workers, PostgreSQL); latency at {rate:g}/s")
        print(f"  {'setup':<15} {'updates/s':>9} {'p50 ms':>8} {'p99 ms':>8}"
              f" {'worker CPU ms/upd':>18} {'(net of idle)':>13} {'idle ms/s':>9}"
              f" {'PG CPU ms/upd':>14} {'DB trips/upd':>13}")
        for ceiling, open_loop in rows:
            print(f"  {ceiling['label']:<15} {ceiling['throughput']:>9,.0f}"
                  f" {open_loop['p50']:>8.1f} {open_loop['p99']:>8.1f}"
                  f" {ceiling['cpu_ms']:>18.2f} {ceiling['net_ms']:>13.2f}"
                  f" {ceiling['idle_ms_s']:>9.1f} {ceiling['db_cpu_ms']:>14.2f}"
                  f" {ceiling['trips']:>13.1f}")
        pg1 = rows[1][0]
        worker_ms, db_ms = pg1["cpu_ms"], max(pg1["db_cpu_ms"], 1e-6)
        print(f"\n  PostgreSQL x1 / SQLite x1, worker CPU per update:"
              f" x{worker_ms / max(sqlite['cpu_ms'], 1e-6):.2f} (target <= 2);"
              f" net of idle x{pg1['net_ms'] / max(sqlite['net_ms'], 1e-6):.2f}")
        print("  On paper (CPU-bound, one update costs what was measured above, the cores"
              " busy only with this):")
        for workers_cores, db_cores in ((4, 2), (8, 4), (16, 8)):
            carry = min(workers_cores * 1000 / worker_ms, db_cores * 1000 / db_ms)
            print(f"    {workers_cores} cores of workers + {db_cores} of PostgreSQL:"
                  f" ~{carry:,.0f} updates/s")

    asyncio.run(go())


if __name__ == "__main__":
    main()
