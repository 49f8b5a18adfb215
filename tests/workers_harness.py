"""Several `python -m bot run` workers for tests/test_workers.py: the processes on one
PostgreSQL database, and a load balancer of the test's own in front of their webhooks."""

from __future__ import annotations

import asyncio
import contextlib
import random
import signal
import time
from pathlib import Path

import aiohttp
from aiohttp import web
from fake_telegram import FakeBotApi
from test_restart import BotProcess, bot_env, free_port

from bot.secret_key import generate_key

SECRET = "workers-test-secret"
# (tallies: folding the statistics' append-only counters; retention: old rows; issue 14)
WEBHOOK_ROLES = ["bulk", "proofs", "reports", "retention", "sender:telegram", "tallies"]
POLLING_ROLES = [*WEBHOOK_ROLES, "telegram-polling"]


class Balancer:
    """What Telegram and a load balancer do together: take the fake's webhook posts (200 at
    once) and forward each to a random live worker, `spread` at a time, retrying elsewhere
    when a worker does not answer 200."""

    def __init__(self, spread: int = 24) -> None:
        self.queue: asyncio.Queue[bytes] = asyncio.Queue()
        self.workers: list[str] = []
        self.spread = spread
        self.forwarded = 0
        self.retried = 0
        self._runner: web.AppRunner | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self.url = ""

    async def start(self) -> None:
        http = web.Application()

        async def hook(request: web.Request) -> web.Response:
            await self.queue.put(await request.read())
            return web.Response(text="ok")

        http.router.add_post("/telegram", hook)
        self._runner = web.AppRunner(http)
        await self._runner.setup()
        port = free_port()
        await web.TCPSite(self._runner, "127.0.0.1", port).start()
        self.url = f"http://127.0.0.1:{port}/telegram"
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15))
        self._tasks = [asyncio.create_task(self._forward()) for _ in range(self.spread)]

    async def _forward(self) -> None:
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET,
                   "Content-Type": "application/json"}
        while True:
            body = await self.queue.get()
            while True:
                worker = random.choice(self.workers)
                try:
                    async with self._session.post(worker, data=body, headers=headers) as resp:
                        if resp.status == 200:
                            self.forwarded += 1
                            break
                except (aiohttp.ClientError, TimeoutError):
                    pass
                self.retried += 1
                await asyncio.sleep(0.05)

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()


class Workers:
    def __init__(self, api: FakeBotApi, tmp_path: Path, url: str, **extra: str) -> None:
        key = generate_key()  # one bot: every worker has the same secret key
        self.procs: list[BotProcess] = []
        self.ports: list[int] = []
        self._make = lambda n: self._env(api, tmp_path, url, key, n, extra)
        self.tmp_path = tmp_path

    def _env(self, api: FakeBotApi, tmp_path: Path, url: str, key: str, n: int,
             extra: dict[str, str]) -> dict[str, str]:
        env = bot_env(api, tmp_path / f"w{n}")
        env.update(TUTOR_SENSUS_DATABASE_URL=url, TUTOR_SENSUS_SECRET_KEY=key,
                   TUTOR_SENSUS_LOG_LEVEL="INFO", **extra)
        return env

    async def start(self, count: int) -> None:
        for _ in range(count):
            n = len(self.procs)
            env = self._make(n)
            (self.tmp_path / f"w{n}").mkdir(exist_ok=True)
            proc = BotProcess(env, cwd=self.tmp_path / f"w{n}")
            self.procs.append(proc)
            self.ports.append(int(env["TUTOR_SENSUS_HTTP_PORT"]))
            await proc.start()
        for port in self.ports[-count:]:
            await healthy(port)

    def urls(self, path: str) -> list[str]:
        return [f"http://127.0.0.1:{p}{path}" for p, w in zip(self.ports, self.procs, strict=True)
                if w.proc is not None and w.proc.returncode is None]

    async def leads(self) -> dict[int, list[str]]:
        out = {}
        async with aiohttp.ClientSession() as http:
            for i, url in enumerate(self.urls("/healthz")):
                with contextlib.suppress(aiohttp.ClientError):
                    async with http.get(url) as resp:
                        out[i] = (await resp.json())["leads"]
        return out

    async def roles(self, expected: list[str], within: float = 15.0) -> dict[int, list[str]]:
        """Which worker leads what, once every role in `expected` is held exactly once."""
        deadline = time.monotonic() + within
        while True:
            leads = await self.leads()
            if sorted(r for held in leads.values() for r in held) == sorted(expected):
                return leads
            if time.monotonic() > deadline:
                raise AssertionError(f"roles not settled: {leads}, expected {expected}")
            await asyncio.sleep(0.2)

    async def stop(self) -> None:
        codes = [await proc.terminate() for proc in self.procs]
        for n, (proc, code) in enumerate(zip(self.procs, codes, strict=True)):
            print(f"--- worker {n} (exit {code})\n" + "\n".join(proc.log[-40:]))
            # (a failure's cause may be long before the last lines: a role lost, a retry)
            print(f"--- worker {n}, every role taken and warning:\n" + "\n".join(
                line for line in proc.log
                if "leads" in line or " WARNING " in line or " ERROR " in line))
        assert all(code in (None, 0, -signal.SIGKILL) for code in codes), codes


async def healthy(port: int, within: float = 60.0) -> None:
    """(Several cold interpreters start at once on a small, shared machine: allow a minute.)"""
    deadline = time.monotonic() + within
    async with aiohttp.ClientSession() as http:
        while True:
            with contextlib.suppress(aiohttp.ClientError):
                async with http.get(f"http://127.0.0.1:{port}/healthz") as resp:
                    if resp.status == 200:
                        return
            if time.monotonic() > deadline:
                raise TimeoutError(f"worker on {port} not healthy")
            await asyncio.sleep(0.1)
