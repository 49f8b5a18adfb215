"""Hostile clients against `python -m bot run` (webhook mode, a fake Bot API and Graph API):
prints the answers by status code, the log size, and how long slow connections are held.

    .venv/bin/python bench/hostile.py                  # 10,000 fuzzed Telegram updates
    .venv/bin/python bench/hostile.py --updates 2000 --whatsapp 1000 --slow 2000

1. `--updates` malformed Telegram updates with the right secret (and `--whatsapp` signed
   WhatsApp bodies), from tests/fuzz_updates.py, 16 at a time: counts per HTTP status, the
   bot's log (bytes, lines, tracebacks) and its memory.
2. `--slow` connections that trickle a request head one byte at a time: how long the bot
   held them (the head deadline is TUTOR_SENSUS_HTTP_HEADER_TIMEOUT, 5 s), and /healthz
   latency meanwhile.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from tempfile import TemporaryDirectory

import aiohttp

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from fake_graph import FakeGraphApi  # noqa: E402
from fake_telegram import FakeBotApi  # noqa: E402
from fuzz_updates import telegram_bodies, whatsapp_bodies  # noqa: E402
from hostile_clients import post_fuzzed, rss_kb, trickle  # noqa: E402
from test_restart import BotProcess, bot_env  # noqa: E402

SECRET = "bench-secret-token"


async def slow_clients(base: str, port: int, count: int) -> None:
    held: list[float] = []
    stop = asyncio.Event()
    clients = []
    latencies: list[float] = []
    async with aiohttp.ClientSession() as http:
        began = time.monotonic()
        for n in range(count):
            clients.append(asyncio.create_task(trickle(port, held, stop, poll=0.5)))
            if n % 200 == 199:
                await asyncio.sleep(0.05)
        deadline = time.monotonic() + 12
        while time.monotonic() < deadline:
            asked = time.monotonic()
            async with http.get(f"{base}/healthz") as resp:
                await resp.read()
            latencies.append(time.monotonic() - asked)
            await asyncio.sleep(0.25)
        stop.set()
        await asyncio.gather(*clients)
    print(f"slow clients: {count} opened in {time.monotonic() - began:.1f} s; held"
          f" median {statistics.median(held):.2f} s, max {max(held):.2f} s;"
          f" /healthz median {statistics.median(latencies) * 1000:.0f} ms,"
          f" max {max(latencies) * 1000:.0f} ms ({len(latencies)} requests)")


async def main(args: argparse.Namespace) -> None:
    rng = random.Random(13)
    with TemporaryDirectory() as folder:
        tmp = Path(folder)
        async with FakeBotApi() as api, FakeGraphApi() as graph:
            env = bot_env(api, tmp, TELEGRAM_WEBHOOK_SECRET=SECRET,
                          WHATSAPP_TOKEN=graph.token,
                          WHATSAPP_PHONE_NUMBER_ID=graph.phone_number_id,
                          WHATSAPP_APP_SECRET=graph.app_secret,
                          WHATSAPP_VERIFY_TOKEN="bench-verify",
                          WHATSAPP_API_BASE_URL=graph.base_url)
            port = env["TUTOR_SENSUS_HTTP_PORT"]
            base = f"http://127.0.0.1:{port}"
            env["TELEGRAM_WEBHOOK_URL"] = base
            graph.connect(f"{base}/whatsapp")
            bot = BotProcess(env, cwd=tmp)
            await bot.start()
            try:
                async with aiohttp.ClientSession() as http:
                    for _ in range(300):
                        try:
                            async with http.get(f"{base}/healthz") as resp:
                                if resp.status == 200:
                                    break
                        except aiohttp.ClientError:
                            pass
                        await asyncio.sleep(0.1)
                assert bot.proc is not None
                lines_before = len(bot.log)
                bytes_before = sum(len(line) + 1 for line in bot.log)
                rss_before = rss_kb(bot.proc.pid)
                began = time.monotonic()
                counts: Counter[int | str] = Counter()
                await post_fuzzed(f"{base}/telegram", telegram_bodies(rng, 1), rng, counts,
                                  total=args.updates,
                                  headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
                took = time.monotonic() - began
                wa_counts: Counter[int | str] = Counter()
                await post_fuzzed(f"{base}/whatsapp", whatsapp_bodies(rng, graph.phone_number_id),
                                  rng, wa_counts, total=args.whatsapp, graph=graph, first_id=1)
                await asyncio.sleep(2)  # the processor handles what was stored
                rss_after = rss_kb(bot.proc.pid)
                if args.slow:
                    await slow_clients(base, int(port), args.slow)
            finally:
                await bot.terminate()
        logged = bot.log[lines_before:]
        size = sum(len(line.encode()) + 1 for line in logged)
        print(f"telegram: {args.updates} fuzzed updates in {took:.1f} s:"
              f" {dict(sorted(counts.items(), key=str))}")
        print(f"whatsapp: {args.whatsapp} fuzzed bodies:"
              f" {dict(sorted(wa_counts.items(), key=str))}")
        print(f"log: {size:,} bytes, {len(logged)} lines for the run (before it:"
              f" {bytes_before:,} bytes); tracebacks: {sum('Traceback' in x for x in logged)}")
        print(f"memory: {rss_before:,} kB -> {rss_after:,} kB")
        if args.show_log:
            print("\n".join(logged))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--updates", type=int, default=10_000)
    parser.add_argument("--whatsapp", type=int, default=0)
    parser.add_argument("--slow", type=int, default=0)
    parser.add_argument("--show-log", action="store_true", help="print the bot's log lines")
    os.environ.setdefault("PYTHONHASHSEED", "0")
    asyncio.run(main(parser.parse_args()))
