"""End to end over HTTP: updates POSTed to a bot's Telegram webhook until its reply reaches
a fake Bot API (tests/fake_telegram.py), for our bot and for the conventional PTB baseline.

Three processes: this one (the load generator and the fake Bot API, "Telegram"), and the bot
under test in a child process, started fresh for every run:

  ours  `python -m bot run` as deployed (bot/cli.py): webhook mode, our aiohttp server,
        SQLite inbox -> processor -> outbox -> sender, PTB's HTTP client to the fake. Only the
        sender's pacing is lifted (Telegram allows ~30 messages/s; the fake has no limit and
        neither has the baseline), see `--serve-ours` below.
  ptb   bench/baseline_ptb.py --serve: a python-telegram-bot Application with a
        ConversationHandler and PicklePersistence, fed by a small aiohttp webhook handler
        (PTB's "custom webhook" pattern: `update_queue.put(Update.de_json(...))`, 200 at once).

Latency of an update: from the moment its POST is sent until the fake Bot API receives the
reply screen (the sendMessage with buttons) for that chat. Throughput: answered updates/s.
A button press is also answered (answerCallbackQuery) by both bots, as on Telegram.

    python bench/e2e.py                      # ours vs PTB (flush every 60 s, PTB's default)
    python bench/e2e.py --sides ours         # only ours
    python bench/e2e.py --ptb-persistence update   # PTB writing its pickle after every update

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import aiohttp

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO), str(BENCH), str(REPO / "tests")]

import engine as ours  # noqa: E402
from fake_telegram import FakeBotApi  # noqa: E402

from conversations.core.campaign import load_campaign  # noqa: E402

SECRET = "bench-webhook-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class TimedApi(FakeBotApi):
    """The fake Bot API; tells the load generator about every message it accepts."""

    def __init__(self, on_message: Callable[[int, tuple[str, ...]], None]) -> None:
        super().__init__()
        self.on_message = on_message
        self.tally: Counter[tuple[str, int | None]] = Counter()  # (method, HTTP status)

    def _send_message(self, p: Any) -> dict[str, Any]:
        result = super()._send_message(p)
        markup = p.get("reply_markup") or {}
        buttons = tuple(b.get("callback_data", "") for row in markup.get("inline_keyboard", [])
                        for b in row)
        self.on_message(int(p.get("chat_id")), buttons)
        return result

    def know(self, user_id: int) -> None:
        """A person who has talked to the bot (the real API only sends to known chats)."""
        self._ensure_chat(self._ensure_user(user_id, "Warga", "id"), "private", None)

    def press_allowed(self, query_id: str, user_id: int) -> None:
        self._queries[query_id] = user_id  # answerCallbackQuery accepts this id once

    def forget_history(self) -> None:
        """Keeps a long run's memory flat: the fake records every call and message."""
        for call in self.calls:
            self.tally[(call.method, call.status)] += 1
        self.calls.clear()
        self._messages.clear()


class WebhookSystem:
    """What `engine.drive` drives: POST each update to the bot under test."""

    def __init__(self, label: str, url: str, api: TimedApi) -> None:
        self.label = label
        self.url = url
        self.api = api
        self.on_done: Callable[[ours.Resident, tuple[str, ...]], None] = lambda r, b: None
        self.waiting: dict[int, ours.Resident] = {}
        self.session: aiohttp.ClientSession | None = None
        self.refused = 0
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self.session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=256))

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.session is not None:
            await self.session.close()

    def message(self, chat_id: int, buttons: tuple[str, ...]) -> None:
        resident = self.waiting.get(chat_id)
        if resident is not None and resident.busy and buttons:
            self.on_done(resident, buttons)

    def submit(self, resident: ours.Resident, update_id: int, action: tuple[str, str]) -> None:
        data = ours.telegram_update(update_id, resident.user_id, action)
        if "callback_query" in data:
            self.api.press_allowed(data["callback_query"]["id"], resident.user_id)
        self.waiting[resident.user_id] = resident
        task = asyncio.create_task(self._post(data))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _post(self, data: dict[str, Any]) -> None:
        assert self.session is not None
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with self.session.post(self.url, json=data, headers=headers) as response:
            await response.read()
            if response.status != 200:
                self.refused += 1


def child_command(side: str, args: argparse.Namespace, port: int, api: TimedApi,
                  data_dir: Path) -> tuple[list[str], dict[str, str]]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TUTOR_SENSUS_", "TELEGRAM_"))}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    if side == "ours":
        from bot.secret_key import generate_key

        env.update(
            TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_API_BASE_URL=api.base_url,
            TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
            TELEGRAM_WEBHOOK_SECRET=SECRET, TUTOR_SENSUS_SECRET_KEY=generate_key(),
            TUTOR_SENSUS_DATA_DIR=str(data_dir), TUTOR_SENSUS_TODAY=ours.CAMPAIGN_DAY.isoformat(),
            TUTOR_SENSUS_HTTP_HOST="127.0.0.1", TUTOR_SENSUS_HTTP_PORT=str(port),
            TUTOR_SENSUS_LOG_LEVEL="WARNING",
        )
        return [sys.executable, str(Path(__file__).resolve()), "--serve-ours"], env
    command = [sys.executable, str(BENCH / "baseline_ptb.py"), "--serve", "--port", str(port),
               "--api", api.base_url, "--token", api.token, "--secret", SECRET,
               "--data", str(data_dir), "--persistence", args.ptb_persistence,
               "--interval", str(args.ptb_interval)]
    return command, env


async def wait_healthy(url: str, proc: subprocess.Popen[bytes], within: float = 30.0) -> None:
    deadline = time.monotonic() + within
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"the bot exited with {proc.returncode}")
            try:
                async with session.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("the bot did not start")


def child_cpu(pid: int) -> float:
    """CPU seconds of a process so far (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        return float("nan")


def child_peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


async def run_side(side: str, args: argparse.Namespace, rate: float | None) -> dict[str, Any]:
    """One run of one side: a fresh bot process, fresh residents, fresh fake API."""
    campaign = load_campaign()
    residents = ours.make_residents(args.residents, campaign, args.seed)
    system: WebhookSystem | None = None
    api = TimedApi(lambda chat, buttons: system.message(chat, buttons) if system else None)
    await api.start()
    for resident in residents:
        api.know(resident.user_id)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix=f"tutor-sensus-e2e-{side}-") as tmp:
        command, env = child_command(side, args, port, api, Path(tmp) / "data")
        log_path = Path(tmp) / "bot.log"
        with log_path.open("wb") as log:
            proc = subprocess.Popen(  # noqa: ASYNC220 - started once, before the run
                command, env=env, cwd=tmp, stdout=log, stderr=log,
                stdin=subprocess.DEVNULL)
        try:
            await wait_healthy(f"http://127.0.0.1:{port}/healthz", proc)
            label = "ours (python -m bot run, webhook)" if side == "ours" else (
                f"PTB ConversationHandler + PicklePersistence ({args.ptb_persistence})")
            system = WebhookSystem(label, f"http://127.0.0.1:{port}/telegram", api)
            await system.start()
            cleaner = asyncio.create_task(_forget_history(api))
            cpu_before, self_before = child_cpu(proc.pid), _own_cpu()
            active = ours.active_residents(residents, rate, args)
            result = await ours.drive(system, active, rate=rate, seconds=args.seconds,
                                      concurrency=args.concurrency, drain_timeout=30)
            cpu = child_cpu(proc.pid) - cpu_before
            generator_cpu = _own_cpu() - self_before
            cleaner.cancel()
            api.forget_history()
            rss = child_peak_rss_mb(proc.pid)
            await system.close()
        except BaseException:
            sys.stderr.write(log_path.read_text(errors="replace")[-3000:])
            raise
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            await api.stop()
    return {
        "side": side, "label": label, "throughput": result.throughput,
        "p50": result.pct(50), "p90": result.pct(90), "p99": result.pct(99),
        "offered": result.offered, "handled": result.handled, "refused": system.refused,
        "sustained": rate is None or ours.sustained(result), "bot_cpu": cpu,
        "bot_cpu_per_update_ms": cpu / result.handled * 1000 if result.handled else 0,
        "generator_cpu": generator_cpu, "elapsed": result.elapsed, "rss_mb": rss,
        "mix": dict(result.mix.most_common()), "active": len(active), "rate": rate,
        "api_calls": {f"{m} {s}": n for (m, s), n in sorted(api.tally.items(), key=str)},
    }


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _forget_history(api: TimedApi) -> None:
    while True:
        await asyncio.sleep(1.0)
        api.forget_history()


def serve_ours() -> int:
    """The child for "ours": `tutor-sensus run` exactly, with the sender's pacing lifted."""
    from bot import runner
    from bot.cli import main
    from bot.services import sender

    # Telegram's ~30 messages/s is a limit of Telegram, not of the bot: lift it, keep the rest.
    sender.PACING["telegram"] = replace(sender.PACING["telegram"], per_second=1_000_000)
    if os.environ.get("BENCH_GC_FREEZE"):  # what gc.freeze() after start-up would give
        import gc

        build = runner.build_app

        async def build_then_freeze(*args: Any, **kwargs: Any) -> Any:
            built = await build(*args, **kwargs)
            gc.collect()
            gc.freeze()
            return built

        runner.build_app = build_then_freeze  # type: ignore[assignment]
    if profile := os.environ.get("BENCH_PROFILE"):  # cProfile output file, for digging
        import cProfile

        with cProfile.Profile() as profiler:
            code = main(["run"])
        profiler.dump_stats(f"{profile}.{os.getpid()}")
        return code
    return main(["run"])


def print_run(r: dict[str, Any]) -> None:
    mode = "closed loop" if r["rate"] is None else f"open loop {r['rate']:g}/s"
    note = "" if r["sustained"] else "  RATE NOT SUSTAINED"
    print(f"  {r['label']:<52} {mode:<17} {r['throughput']:>7,.0f}/s"
          f"  p50 {r['p50']:7.1f}  p90 {r['p90']:7.1f}  p99 {r['p99']:7.1f} ms"
          f"  CPU/update: bot {r['bot_cpu_per_update_ms']:.1f} ms, load generator + fake API"
          f" {r['generator_cpu'] / max(r['handled'], 1) * 1000:.1f} ms; bot peak RSS"
          f" {r['rss_mb']:.0f} MB{note}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sides", default="ours,ptb", help="ours, ptb or both (ours,ptb)")
    parser.add_argument("--residents", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=8.0, help="length of each run")
    parser.add_argument("--concurrency", type=int, default=100,
                        help="closed loop: updates in flight at once")
    parser.add_argument("--rate", type=float, default=None,
                        help="open-loop rate for the latency runs (default: half the slowest"
                             " side's closed-loop throughput)")
    parser.add_argument("--think", type=float, default=2.0,
                        help="open loop: seconds between one resident's updates")
    parser.add_argument("--ptb-persistence", choices=("interval", "update"), default="interval",
                        help="interval: PicklePersistence as a PTB developer writes it (saved"
                             " every --ptb-interval s); update: saved after every update")
    parser.add_argument("--ptb-interval", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--serve-ours", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_ours:
        raise SystemExit(serve_ours())
    sides = [s.strip() for s in args.sides.split(",") if s.strip()]

    async def go() -> None:
        ceilings = {}
        for side in sides:
            print(f"  ... {side}: closed loop, {args.concurrency} in flight, {args.seconds:g} s",
                  flush=True)
            ceilings[side] = await run_side(side, args, None)
        rate = args.rate or max(10.0, round(min(c["throughput"] for c in ceilings.values())
                                            / 2, -1))
        latencies = {}
        for side in sides:
            print(f"  ... {side}: open loop at {rate:g}/s, {args.seconds:g} s", flush=True)
            latencies[side] = await run_side(side, args, rate)
        print()
        print("End to end: POST /telegram -> bot -> sendMessage at a fake Bot API (HTTP both"
              " ways, 127.0.0.1)")
        print(f"  Python {sys.version.split()[0]}, {os.cpu_count()} CPUs shared by the load"
              " generator + fake API process and the bot process")
        for side in sides:
            print_run(ceilings[side])
            print_run(latencies[side])
            print(f"    Bot API calls (method, status): {ceilings[side]['api_calls']}"
                  f" / open loop: {latencies[side]['api_calls']}")
        if "ours" in ceilings and "ptb" in ceilings:
            tp = ceilings["ours"]["throughput"] / max(ceilings["ptb"]["throughput"], 1e-9)
            p99 = latencies["ours"]["p99"] / max(latencies["ptb"]["p99"], 1e-9)
            print(f"  ours vs PTB: throughput x{tp:.2f} (target >= 2: {ours.verdict(tp >= 2)}),"
                  f" p99 at {rate:g}/s x{p99:.2f} (target <= 0.5: {ours.verdict(p99 <= 0.5)})")
        print(f"  mix: {latencies[sides[0]]['mix']}")

    asyncio.run(go())


if __name__ == "__main__":
    main()
