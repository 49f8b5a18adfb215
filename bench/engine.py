"""Benchmark of the whole pipeline: inbox -> processor -> engine -> outbox -> sender.

A real SQLite file in a temporary folder, the real `App` (build_app, the real workers started
with `app.start_workers()`), and a channel that records instead of sending (no sleeps, no
network). Simulated residents walk a realistic session (/start, "Mulai panduan", kecamatan,
several "Lanjut" presses, a problem screen, the menu) with the button ids from the replies
they actually got.

Two modes:
  open loop (default): updates arrive at a fixed rate (`--rate` per second for `--seconds`),
      whatever the bot's speed, so latency includes queueing. rate x `--think` residents
      take part (1000/s x 2 s = 2,000); a slot goes to the resident who has waited longest
      since their last reply; if every resident is still waiting, the slot waits too, but its
      latency still counts from its scheduled time.
  --max: closed loop, `--concurrency` residents each send their next update as soon as the
      last one is answered: the ceiling.

Latency of one update: from its scheduled arrival (the moment `receive()`, or the Telegram
adapter's `accept()`, is called for it) until the last reply it caused (the screen with the
buttons) is marked sent in the outbox.

    python bench/engine.py                  # 1000 updates/s for 10 s, 2,000 residents
    python bench/engine.py --max            # as fast as it goes
    python bench/engine.py --channel telegram    # Bot API updates through the real adapter
    python bench/engine.py --rate 200 --history 100000   # after ~100k handled updates
    python bench/engine.py --timeline       # also latency per second (stalls, backlogs)
    python bench/engine.py --e2e            # end to end over HTTP (bench/e2e.py, ours only)

Prints figures; asserts nothing (this is not a test).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import json
import logging
import os
import random
import resource
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from telegram.ext import Application
from telegram.request import BaseRequest, RequestData

from bot.app import App, build_app
from bot.channels.console import ConsoleChannel
from bot.channels.telegram import TelegramChannel
from bot.services.sender import PACING, Pacing, Sender
from bot.settings import Settings
from bot.store import OutboxRow
from bot.store.timefmt import iso
from conversations.core.campaign import Campaign, load_campaign
from conversations.core.models import Reply

CAMPAIGN_DAY = date(2020, 3, 2)  # the campaign is open: the menu offers the tutorial
TARGET_RATE = 1000.0  # updates/s, sustained
TARGET_P99_MS = 50.0
LATE_MS = 5.0
UPDATE_IDS = itertools.count(1)  # unique across runs on one system (the inbox ignores repeats)
BOT_USER = {"id": 1, "is_bot": True, "first_name": "Tutor Sensus", "username": "bench_bot"}


# --- residents ---------------------------------------------------------------------------------
@dataclass
class Resident:
    """One simulated person. Picks the next thing to send from the buttons last received."""

    index: int
    rng: random.Random
    kecamatan_names: list[str]
    plan: deque[str] = field(default_factory=deque)
    buttons: tuple[str, ...] = ()  # callback data of the last screen
    sessions: int = 0
    t0: float = 0.0  # scheduled arrival of the update in flight
    busy: bool = False

    @property
    def user_id(self) -> int:
        return 500_000 + self.index

    def new_session(self) -> None:
        """ /start, start the tutorial, kecamatan, 2-6 x Lanjut, a problem, back to the menu."""
        self.sessions += 1
        kec = "type:kec" if self.rng.random() < 0.25 else "btn:kec."
        nexts = ["btn:next"] * self.rng.randint(2, 6)
        self.plan = deque(["text:/start", "btn:tut.start", kec, *nexts,
                           "btn:problems", "btn:pr.", "btn:menu"])

    def next_action(self) -> tuple[str, str]:
        """("text", words) or ("choice", callback data). Skips what the screen does not offer
        (the kecamatan is asked only once; the last step has no "Lanjut")."""
        while True:
            if not self.plan:
                self.new_session()
            token = self.plan.popleft()
            kind, _, what = token.partition(":")
            if kind == "text":
                return "text", what
            if kind == "type":  # type the kecamatan's name instead of pressing its button
                if any(_choice_id(b).startswith("kec.") for b in self.buttons):
                    return "text", self.rng.choice(self.kecamatan_names)
                continue
            matches = [b for b in self.buttons if _matches(_choice_id(b), what)]
            if matches:
                return "choice", self.rng.choice(matches)

    def saw(self, buttons: tuple[str, ...]) -> None:
        self.buttons = buttons


def _choice_id(data: str) -> str:
    """Our buttons carry the state version ("7|next"); the baseline's do not ("next")."""
    return data.rpartition("|")[2]


def _matches(choice_id: str, wanted: str) -> bool:
    return choice_id.startswith(wanted) if wanted.endswith(".") else choice_id == wanted


def action_kind(action: tuple[str, str]) -> str:
    kind, value = action
    if kind == "text":
        return value if value.startswith("/") else "typed kecamatan"
    choice = _choice_id(value)
    return choice.split(".")[0] if choice.startswith(("kec.", "pr.", "page.")) else choice


def make_residents(count: int, campaign: Campaign, seed: int) -> list[Resident]:
    names = [k.name for k in campaign.region.kecamatan]
    return [Resident(i, random.Random(seed * 1_000_003 + i), names) for i in range(count)]


# --- update payloads ---------------------------------------------------------------------------
def telegram_update(update_id: int, user_id: int, action: tuple[str, str]) -> dict[str, Any]:
    """A Bot API update as Telegram would post it (a private message or a button press)."""
    person = {"id": user_id, "is_bot": False, "first_name": "Warga", "language_code": "id"}
    chat = {"id": user_id, "type": "private", "first_name": "Warga"}
    kind, value = action
    if kind == "choice":
        return {"update_id": update_id, "callback_query": {
            "id": str(update_id), "from": person, "chat_instance": str(user_id), "data": value,
            "message": {"message_id": 1, "date": int(time.time()), "chat": chat,
                        "from": BOT_USER, "text": "..."},
        }}
    message: dict[str, Any] = {
        "message_id": update_id, "date": int(time.time()), "chat": chat, "from": person,
        "text": value,
    }
    if value.startswith("/"):
        message["entities"] = [
            {"type": "bot_command", "offset": 0, "length": len(value.split(" ")[0])}
        ]
    return {"update_id": update_id, "message": message}


def console_payload(update_id: int, user_id: int, action: tuple[str, str]) -> str:
    kind, value = action
    key = "choice" if kind == "choice" else "text"
    return json.dumps({"user": str(user_id), "update_id": str(update_id), key: value})


# --- a Bot API that answers at once (both benchmarks use it: no network on either side) --------
def null_request(record: Callable[[str, dict[str, Any]], None] | None = None) -> Any:
    """A PTB request class that never touches the network: canned answers for every method."""
    ok_true = b'{"ok": true, "result": true}'
    get_me = json.dumps({"ok": True, "result": BOT_USER}).encode()
    message = json.dumps({"ok": True, "result": {
        "message_id": 2, "date": 1583118000, "chat": {"id": 1, "type": "private"},
        "from": BOT_USER, "text": "ok",
    }}).encode()

    class _Null(BaseRequest):
        @property
        def read_timeout(self) -> float | None:
            return 1.0

        async def initialize(self) -> None:
            return None

        async def shutdown(self) -> None:
            return None

        async def do_request(
            self, url: str, method: str, request_data: RequestData | None = None,
            read_timeout: Any = None, write_timeout: Any = None, connect_timeout: Any = None,
            pool_timeout: Any = None,
        ) -> tuple[int, bytes]:
            endpoint = url.rsplit("/", 1)[-1]
            if record is not None and request_data is not None:
                record(endpoint, request_data.parameters)
            if endpoint == "getMe":
                return 200, get_me
            if endpoint.startswith("send") or endpoint.startswith("edit"):
                return 200, message
            return 200, ok_true

    return _Null()


# --- our pipeline ------------------------------------------------------------------------------
class RecordingChannel:
    """Wraps a channel: remembers the buttons of the last screen sent to each chat, then lets
    the channel send it. (Only a tuple of strings: the benchmark keeps no reply objects alive,
    which would make Python's garbage collector work harder than the bot alone does.)"""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name
        self.last: dict[str, tuple[str, ...]] = {}

    def parse(self, payload: dict[str, Any]) -> Any:
        return self.inner.parse(payload)

    async def send(self, chat_id: str, reply: Reply) -> None:
        self.last[chat_id] = tuple(c.id for c in reply.choices)
        await self.inner.send(chat_id, reply)


class NullConsole(ConsoleChannel):
    """The console channel's parser; sending does nothing (and never sleeps)."""

    async def send(self, chat_id: str, reply: Reply) -> None:
        return None


class System(Protocol):
    """What the load generator drives: ours (`Pipeline`) or the baseline (bench/baseline_ptb).

    `submit` starts one update; the system calls `on_done(resident, buttons)` once the last
    reply it caused is out.
    """

    label: str
    on_done: Callable[[Resident, tuple[str, ...]], None]

    def submit(self, resident: Resident, update_id: int, action: tuple[str, str]) -> None: ...


class Pipeline:
    """The real App on a temporary SQLite file, with a recording channel."""

    def __init__(
        self, channel: str = "console", pacing: str = "unlimited", history: int = 0,
        known: list[int] | None = None,
    ) -> None:
        self.channel_kind = channel
        self.pacing_kind = pacing
        self.history = history
        self.known = known or []
        self.label = f"ours ({channel} adapter, SQLite inbox/outbox)"
        self.tmp = tempfile.TemporaryDirectory(prefix="tutor-sensus-bench-")
        self.app: App | None = None
        self.recording: RecordingChannel | None = None
        self.by_chat: dict[str, Resident] = {}
        self.on_done: Callable[[Resident, tuple[str, ...]], None] = lambda r, b: None
        self._tasks: set[asyncio.Task[Any]] = set()
        self.telegram: TelegramChannel | None = None

    async def start(self) -> None:
        settings = Settings(
            TUTOR_SENSUS_DATA_DIR=Path(self.tmp.name) / "data",
            TUTOR_SENSUS_TODAY=CAMPAIGN_DAY.isoformat(),
            _env_file=None,
        )
        self.app = app = await build_app(settings)
        if self.history:
            await self.prefill(self.history)
        if self.known:
            await self.add_people(self.known)
        inner: Any
        if self.channel_kind == "telegram":
            tg = TelegramChannel("123456:bench", "https://api.telegram.org/bot")
            tg.application = (  # the same adapter, with a Bot API that answers at once
                Application.builder().token("123456:bench").request(null_request())
                .get_updates_request(null_request()).updater(None).build()
            )
            await tg.application.initialize()
            tg.processor = app.processor
            self.telegram = inner = tg
        else:
            inner = NullConsole()
        self.recording = RecordingChannel(inner)
        app.channels[inner.name] = inner  # the processor parses with the real adapter
        if self.pacing_kind == "project":
            pacing = PACING.get(inner.name, Pacing())
        else:  # the benchmark measures the pipeline, not Telegram's 30 messages/s
            pacing = Pacing(per_second=1_000_000, batch=100)
        sender = Sender(app.store, self.recording, app.clock, pacing,
                        wake=app.processor.on_replies)
        sender.on_sent = self._sent  # rows sent *and* recorded as sent in the outbox
        app.senders[inner.name] = sender
        app.start_workers()

    async def prefill(self, updates: int) -> None:
        """A bot that has been running for a while: `updates` handled updates and their
        replies already sent (the inbox and outbox keep them; nothing deletes them)."""
        assert self.app is not None
        store, channel = self.app.store, self.channel_kind
        when = iso(self.app.clock.now())
        series = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
        await store.fetch_all(
            f"{series} INSERT INTO inbox (channel, update_id, payload, received_at, status,"
            " handled_at) SELECT ?, 'h' || i, NULL, ?, 'done', ? FROM n",
            (updates, channel, when, when),
        )
        await store.fetch_all(  # about one reply per update, ~800 bytes of JSON each
            f"{series} INSERT INTO outbox (channel, chat_id, payload, status, not_before,"
            " created_at, sent_at) SELECT ?, 'h' || (i % 20000), hex(zeroblob(400)), 'sent',"
            " ?, ?, ? FROM n",
            (int(updates * 1.2), channel, when, when, when),
        )

    async def add_people(self, user_ids: list[int]) -> None:
        """People who talked to the bot before (at the menu, nothing else known)."""
        assert self.app is not None
        when = iso(self.app.clock.now())
        for user_id in user_ids:
            await self.app.store.fetch_all(
                "INSERT OR IGNORE INTO people (channel, user_id, lang, state, first_seen,"
                " last_seen) VALUES (?, ?, 'id', '{}', ?, ?)",
                (self.channel_kind, str(user_id), when, when),
            )

    def _sent(self, rows: list[OutboxRow]) -> None:
        assert self.recording is not None
        for row in rows:
            buttons = self.recording.last.get(row.chat_id)
            resident = self.by_chat.get(row.chat_id)
            if not buttons or resident is None or not resident.busy:
                continue  # a reply before the screen (e.g. "Kecamatan Batang tersimpan")
            self.on_done(resident, buttons)

    def submit(self, resident: Resident, update_id: int, action: tuple[str, str]) -> None:
        assert self.app is not None
        self.by_chat[str(resident.user_id)] = resident
        if self.telegram is not None:
            coro = self.telegram.accept(telegram_update(update_id, resident.user_id, action))
        else:
            payload = console_payload(update_id, resident.user_id, action)
            coro = self.app.processor.receive("console", str(update_id), payload)
        task = asyncio.create_task(coro)  # like one webhook request each
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def describe(self) -> dict[str, Any]:
        assert self.app is not None
        store = self.app.store
        names = ("journal_mode", "synchronous", "secure_delete", "busy_timeout", "foreign_keys",
                 "wal_autocheckpoint", "page_size", "cache_size", "temp_store", "mmap_size")
        found: dict[str, Any] = {}
        for name in names:
            rows = await store.fetch_all(f"PRAGMA {name}")
            found[name] = rows[0][0] if rows else None
        found["synchronous"] = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}.get(
            found["synchronous"], found["synchronous"])
        return found

    async def counts(self) -> dict[str, Any]:
        assert self.app is not None
        store = self.app.store
        inbox = dict(await store.fetch_all("SELECT status, COUNT(*) FROM inbox GROUP BY 1"))
        outbox = dict(await store.fetch_all("SELECT status, COUNT(*) FROM outbox GROUP BY 1"))
        events = (await store.fetch_all("SELECT COUNT(*) FROM events"))[0][0]
        people = (await store.fetch_all("SELECT COUNT(*) FROM people"))[0][0]
        return {"inbox": inbox, "outbox": outbox, "events": events, "people": people}

    def db_bytes(self) -> dict[str, int]:
        assert self.app is not None
        path = self.app.store.path
        sizes = {}
        for suffix in ("", "-wal", "-shm"):
            file = Path(str(path) + suffix)
            sizes[file.name] = file.stat().st_size if file.exists() else 0
        return sizes

    async def close(self) -> None:
        if self.app is not None:
            await self.app.close()
        if self.telegram is not None:
            await self.telegram.application.shutdown()
        self.tmp.cleanup()


# --- the load generator ------------------------------------------------------------------------
@dataclass
class Result:
    label: str
    mode: str
    rate: float | None = None  # offered updates/s (open loop)
    offered: int = 0
    handled: int = 0
    elapsed: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    arrivals: list[float] = field(default_factory=list)  # scheduled arrival, s after start
    late_slots: int = 0  # updates issued more than LATE_MS after their scheduled arrival
    feeder_lag_ms: float = 0.0  # how far the feeder fell behind its own schedule
    mix: Counter[str] = field(default_factory=Counter)  # what the residents sent
    active: int = 0  # residents taking part

    @property
    def throughput(self) -> float:
        return self.handled / self.elapsed if self.elapsed else 0.0

    def pct(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


async def drive(
    system: System,
    residents: list[Resident],
    *,
    rate: float | None,
    seconds: float,
    concurrency: int,
    drain_timeout: float = 60.0,
) -> Result:
    """Open loop at `rate` updates/s, or closed loop (`rate=None`): `concurrency` updates in
    flight at once, each going to the resident who has waited longest.
    """
    mode = "max (closed loop)" if rate is None else f"open loop {rate:g}/s"
    result = Result(system.label, mode, rate, active=len(residents))
    loop = asyncio.get_running_loop()
    wake = asyncio.Event()
    idle: deque[Resident] = deque(residents)
    backlog: deque[float] = deque()
    in_flight = 0
    last_done = 0.0

    def done(resident: Resident, buttons: tuple[str, ...]) -> None:
        nonlocal in_flight, last_done
        now = loop.time()
        resident.busy = False
        resident.saw(buttons)
        result.latencies_ms.append((now - resident.t0) * 1000)
        result.arrivals.append(resident.t0 - start)
        result.handled += 1
        in_flight -= 1
        last_done = now
        idle.append(resident)
        wake.set()

    def issue(resident: Resident, t0: float) -> None:
        nonlocal in_flight
        resident.busy = True
        resident.t0 = t0
        in_flight += 1
        result.offered += 1
        action = resident.next_action()
        result.mix[action_kind(action)] += 1
        system.submit(resident, next(UPDATE_IDS), action)

    system.on_done = done
    start = loop.time()
    end = start + seconds
    total = int(rate * seconds) if rate is not None else 0
    k = 0
    while True:
        now = loop.time()
        if rate is None:
            if now >= end:
                break
            while idle and in_flight < concurrency:
                issue(idle.popleft(), now)
        else:
            while k < total and start + k / rate <= now:
                backlog.append(start + k / rate)
                k += 1
            while backlog and idle:
                t0 = backlog.popleft()
                lag_ms = (now - t0) * 1000
                result.feeder_lag_ms = max(result.feeder_lag_ms, lag_ms)
                result.late_slots += lag_ms > LATE_MS
                issue(idle.popleft(), t0)
            if k >= total and not backlog:
                break
        wake.clear()
        timeout = 0.05 if rate is None else max(0.0, start + k / rate - loop.time())
        try:
            await asyncio.wait_for(wake.wait(), timeout=min(timeout, 0.05))
        except TimeoutError:
            pass
    deadline = loop.time() + drain_timeout
    while in_flight > 0 and loop.time() < deadline:
        wake.clear()
        try:
            await asyncio.wait_for(wake.wait(), timeout=0.1)
        except TimeoutError:
            pass
    if in_flight:
        print(f"  ! {in_flight} updates still unanswered after {drain_timeout:.0f}s")
    result.elapsed = (last_done or loop.time()) - start
    return result


# --- reporting ---------------------------------------------------------------------------------
def thread_cpu() -> list[tuple[str, float]]:
    """CPU seconds per thread of this process (Linux; empty elsewhere)."""
    found = []
    try:
        tick = os.sysconf("SC_CLK_TCK")
        for task in sorted(os.listdir("/proc/self/task"), key=int):
            fields = Path(f"/proc/self/task/{task}/stat").read_text().rsplit(")", 1)[1].split()
            found.append((task, (int(fields[11]) + int(fields[12])) / tick))
    except (OSError, ValueError):
        return []
    return found


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def sustained(result: Result) -> bool:
    """Every offered update answered, at (nearly) the offered rate."""
    rate = result.rate or 0.0
    return result.handled == result.offered and result.throughput >= 0.98 * rate


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def print_result(result: Result, *, targets: bool) -> None:
    print(f"  updates offered / handled : {result.offered} / {result.handled}"
          f"  in {result.elapsed:.2f} s")
    line = f"  throughput                : {result.throughput:,.0f} updates/s"
    if targets and result.rate is not None:
        ok = sustained(result) and result.rate >= TARGET_RATE
        line += f"   (target >= {TARGET_RATE:,.0f} sustained: {verdict(ok)}"
        if result.rate < TARGET_RATE:
            line += f"; only {result.rate:g}/s offered"
        line += ")"
    elif targets:
        line += f"   (target >= {TARGET_RATE:,.0f}: {verdict(result.throughput >= TARGET_RATE)})"
    print(line)
    lat = "  latency p50/p90/p99/max   : " + " / ".join(
        f"{result.pct(p):.1f}" for p in (50, 90, 99, 100)) + " ms"
    if targets:
        lat += f"   (target p99 < {TARGET_P99_MS:.0f} ms: {verdict(result.pct(99) < 50)})"
    print(lat)
    if result.rate is not None:
        print(f"  updates issued > {LATE_MS:g} ms after their slot: {result.late_slots}"
              f" (feeder behind schedule by at most {result.feeder_lag_ms:.1f} ms;"
              " latency counts from the slot)")
    else:
        print("  (closed loop: latency here is mostly queueing behind the other"
              " residents, see Little's law)")


def print_timeline(result: Result) -> None:
    """Latency per second of scheduled arrival: shows stalls and backlogs (GC, checkpoints)."""
    windows: dict[int, list[float]] = {}
    for at, ms in zip(result.arrivals, result.latencies_ms, strict=True):
        windows.setdefault(int(at), []).append(ms)
    print("  per second of arrival: updates, p50 / p99 / max ms")
    for second in sorted(windows):
        ordered = sorted(windows[second])
        n = len(ordered)
        p50, p99 = ordered[n // 2], ordered[min(n - 1, int(n * .99))]
        print(f"    {second:3d}s {n:6d}  {p50:7.1f} / {p99:7.1f} / {ordered[-1]:7.1f}")


def active_residents(
    residents: list[Resident], rate: float | None, args: argparse.Namespace
) -> list[Resident]:
    """Closed loop: `concurrency` residents who never pause. Open loop: rate x think residents,
    so each sends about every `think` seconds and gets through several steps of a session
    whatever the rate (2,000 residents at 1,000/s with the default 2 s)."""
    if rate is None:
        return residents[: args.concurrency]
    return residents[: max(10, min(len(residents), round(rate * args.think)))]


async def run_ours(args: argparse.Namespace) -> tuple[Result, Pipeline]:
    campaign = load_campaign()
    residents = make_residents(args.residents, campaign, args.seed)
    pipeline = Pipeline(args.channel, args.pacing, args.history)
    await pipeline.start()
    if args.gc_freeze:  # what `gc.freeze()` after start-up in bot/runner.py would give
        gc.collect()
        gc.freeze()
    rate = None if args.max else args.rate
    result = await drive(pipeline, active_residents(residents, rate, args), rate=rate,
                         seconds=args.seconds, concurrency=args.concurrency)
    return result, pipeline


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--residents", type=int, default=2000,
                        help="simulated people (at most; see --think)")
    parser.add_argument("--think", type=float, default=2.0,
                        help="open loop: seconds between one resident's updates; rate x think"
                             " residents take part (default 1000/s x 2 s = 2,000)")
    parser.add_argument("--rate", type=float, default=1000.0, help="updates/s (open loop)")
    parser.add_argument("--seconds", type=float, default=10.0, help="how long to offer load")
    parser.add_argument("--max", action="store_true", help="closed loop: find the ceiling")
    parser.add_argument("--concurrency", type=int, default=200,
                        help="--max: residents, each with one update in flight at all times")
    parser.add_argument("--channel", choices=("console", "telegram"), default="console",
                        help="console JSON payloads, or Bot API updates through the real "
                             "Telegram adapter (PTB parsing and send_message, no network)")
    parser.add_argument("--pacing", choices=("unlimited", "project"), default="unlimited",
                        help="sender pacing: unlimited (measure the pipeline) or the "
                             "project's per-channel limits (console 1000/s, telegram 30/s)")
    parser.add_argument("--history", type=int, default=0,
                        help="pre-fill the inbox/outbox with this many already handled updates"
                             " (a bot that has been running for days)")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="also report Python's peak allocation (slows everything down)")
    parser.add_argument("--e2e", action="store_true",
                        help="end to end instead: `python -m bot run` in webhook mode, updates"
                             " POSTed to /telegram, replies at a fake Bot API (bench/e2e.py;"
                             " `python bench/e2e.py` also runs the PTB baseline)")
    parser.add_argument("--gc-freeze", action="store_true",
                        help="gc.freeze() once the app is built: Python's full collections then"
                             " skip the start-up objects (a 50-70 ms pause otherwise)")
    parser.add_argument("--timeline", action="store_true",
                        help="also print latency per second of the run")
    parser.add_argument("--seed", type=int, default=2020)
    args = parser.parse_args(argv)
    if args.e2e:
        import e2e

        e2e.main(["--sides", "ours", "--seconds", str(args.seconds), "--residents",
                  str(args.residents), "--seed", str(args.seed)]
                 + ([] if args.max else ["--rate", str(args.rate)]))
        return
    logging.basicConfig(level=logging.WARNING)
    if args.tracemalloc:
        tracemalloc.start()

    async def go() -> None:
        result, pipeline = await run_ours(args)
        cpu = thread_cpu()
        try:
            pragmas = await pipeline.describe()
            counts = await pipeline.counts()
            sizes = pipeline.db_bytes()
        finally:
            await pipeline.close()
        print(f"Tutor Sensus pipeline benchmark — {result.label}")
        print(f"  Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version},"
              f" {result.active} residents, mode: {result.mode}"
              + ("" if args.max else f" for {args.seconds:g} s")
              + (f", concurrency {args.concurrency}" if args.max else ""))
        print("  SQLite pragmas: " + ", ".join(f"{k}={v}" for k, v in pragmas.items()))
        print(f"  sender pacing: {args.pacing}; latency ends when the last reply of the update"
              " is marked sent in the outbox")
        if args.history:
            print(f"  history: {args.history:,} handled updates pre-filled in inbox/outbox")
        print_result(result, targets=True)
        if args.timeline:
            print_timeline(result)
        print("  residents sent: " + ", ".join(f"{k} {v}" for k, v in result.mix.most_common()))
        print(f"  rows: inbox {counts['inbox']}, outbox {counts['outbox']},"
              f" events {counts['events']}, people {counts['people']}")
        total = sum(sizes.values())
        print(f"  database: {total / 1e6:.1f} MB ("
              + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in sizes.items()) + ")")
        if len(cpu) >= 2:
            print(f"  CPU (whole run, incl. start-up): event loop thread {cpu[0][1]:.1f} s, "
                  + ", ".join(f"{t:.1f} s" for _, t in cpu[1:])
                  + " in other threads (aiosqlite's connection thread)")
        print(f"  peak RSS: {peak_rss_mb():.0f} MB", end="")
        if args.tracemalloc:
            print(f"; tracemalloc peak: {tracemalloc.get_traced_memory()[1] / 1e6:.1f} MB")
        else:
            print("; tracemalloc: off (--tracemalloc; it slows the run)")

    gc.collect()
    asyncio.run(go())


if __name__ == "__main__":
    main()
