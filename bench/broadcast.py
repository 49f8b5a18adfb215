"""A broadcast to many recipients through `python -m bot run`, against a fake Bot API that
enforces Telegram's limit: 30 sending calls in any (sliding) one-second window; beyond it a
429 "retry after N" (and a flood wait of N seconds for every sending call, as on the real
server; tests/fake_telegram.py, `max_per_second`).

Two processes: this one (the fake Bot API, the admin, the measurements) and the bot, started
as deployed (long polling against the fake). The residents are seeded directly in the bot's
SQLite file before it starts (people rows, as if each had pressed Start on 2020-03-01; the
fake knows their private chats), then the admin composes and confirms the broadcast through
the real chat flow: /siaran, the text, "Semua warga", "Kirim".

    python bench/broadcast.py                      # 10,000 recipients
    python bench/broadcast.py --recipients 2000    # a quick check
    python bench/broadcast.py --kill-at 0.5        # SIGKILL the bot at half, start it again

Prints: the achieved rate (broadcast messages/s received by the fake in the steady state,
5%..95% of the recipients, and all sending calls/s, which include the admin's progress
edits), the 429s, losses (recipients with no copy) and duplicates (more than one copy).
Asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from fake_telegram import FakeBotApi, TelegramUser  # noqa: E402

from bot.secret_key import generate_key  # noqa: E402
from bot.services.sender import PACING  # noqa: E402
from bot.store import Store  # noqa: E402
from conversations.core.campaign import load_campaign  # noqa: E402
from conversations.core.i18n import Translator  # noqa: E402

T = Translator("id", load_campaign(), date(2020, 3, 2))  # the TUTOR_SENSUS_TODAY below
ADMIN = 7000
FIRST = 100_001  # residents' Telegram ids: FIRST .. FIRST + N - 1
LIMIT = 30  # Telegram: about 30 messages a second overall
TEXT = "Halo Bapak/Ibu, sensus online ditutup 31 Maret. Ayo isi sekarang di sensus.bps.go.id!"
START_TIMEOUT = 60.0  # a cold interpreter on a busy machine


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class CountingApi(FakeBotApi):
    """The fake Bot API, counting copies of the broadcast per chat with their times, and
    forgetting what a long run does not need (it records every call and message)."""

    def __init__(self, limit: int) -> None:
        super().__init__(max_per_second=limit)
        self.copies: Counter[int] = Counter()
        self.times: list[float] = []  # when each copy of the broadcast was accepted
        self.sending: list[float] = []  # every accepted sending call (incl. progress edits)
        self.status: Counter[tuple[str, int | None]] = Counter()

    def _send_message(self, p: Any) -> dict[str, Any]:
        result = super()._send_message(p)
        now = time.monotonic()
        self.sending.append(now)
        if p.get("text") == TEXT:
            self.copies[int(p.get("chat_id"))] += 1
            self.times.append(now)
            if int(p.get("chat_id")) != ADMIN:  # keep memory flat: drop residents' messages
                chat = int(p.get("chat_id"))
                for message_id in self._order.pop(chat, []):
                    self._messages.pop((chat, message_id), None)
        return result

    def _edit_message_text(self, p: Any) -> dict[str, Any]:
        result = super()._edit_message_text(p)
        self.sending.append(time.monotonic())
        return result

    def tally(self) -> None:
        for call in self.calls:
            self.status[(call.method, call.status)] += 1
        self.calls.clear()


class Bot:
    """`python -m bot run` in a child process (as tests/test_restart.py's BotProcess)."""

    def __init__(self, env: dict[str, str], cwd: Path, log: Path) -> None:
        self.env, self.cwd, self.log_path = env, cwd, log
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", env=self.env, cwd=self.cwd,
                stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
                stderr=log)

    async def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        await self.proc.wait()

    async def stop(self) -> None:
        if self.proc is None or self.proc.returncode is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.proc.wait(), 10)
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()


async def seed(database: Path, residents: list[int]) -> None:
    """People rows written straight into the bot's database (schema made by Store.open)."""
    store = await Store.open(database)
    try:
        async with store.transaction() as tx:
            for user in residents:
                await tx._write(
                    "INSERT INTO people (channel, user_id, state, first_seen, last_seen)"
                    " VALUES ('telegram', ?, '{}', '2020-03-01T10:00:00+07:00',"
                    " '2020-03-01T10:00:00+07:00')", (str(user),))
    finally:
        await store.close()


def outbox_state(database: Path) -> dict[str, int]:
    with closing(sqlite3.connect(database, timeout=10)) as db:
        rows = db.execute(
            "SELECT o.status, count(*) FROM broadcast_recipients r JOIN outbox o"
            " ON o.id = r.outbox_id GROUP BY 1").fetchall()
        pending = db.execute("SELECT count(*) FROM broadcast_recipients"
                             " WHERE status = 'pending'").fetchone()[0]
    return {**dict(rows), "not queued": pending}


def steady_rate(times: list[float], lo: float = 0.05, hi: float = 0.95) -> float:
    """Messages per second between the lo and hi fractions of the deliveries."""
    times = sorted(times)
    if len(times) < 20:
        return 0.0
    a, b = int(len(times) * lo), int(len(times) * hi) - 1
    return (b - a) / (times[b] - times[a]) if times[b] > times[a] else 0.0


def worst_window(times: list[float]) -> int:
    """The most calls the fake accepted in any one second (sliding)."""
    times, best, j = sorted(times), 0, 0
    for i, t in enumerate(times):
        while t - times[j] >= 1.0:
            j += 1
        best = max(best, i - j + 1)
    return best


async def run(args: argparse.Namespace) -> None:
    residents = list(range(FIRST, FIRST + args.recipients))
    work = Path(tempfile.mkdtemp(prefix="bench-broadcast-"))
    database = work / "data" / "tutor-sensus.sqlite3"
    database.parent.mkdir(parents=True)
    started = time.monotonic()
    await seed(database, residents)
    print(f"  seeded {len(residents):,} residents in {time.monotonic() - started:.1f} s"
          f" ({database})")

    async with CountingApi(args.limit) as api:
        for user in residents:
            api.user_joins(user)
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("TUTOR_SENSUS_", "TELEGRAM_"))}
        env.update(
            TELEGRAM_BOT_TOKEN=api.token,
            TELEGRAM_API_BASE_URL=api.base_url,
            TUTOR_SENSUS_DATA_DIR=str(database.parent),
            TUTOR_SENSUS_SECRET_KEY=generate_key(),
            TUTOR_SENSUS_TODAY="2020-03-02",
            TUTOR_SENSUS_ADMINS=f"telegram:{ADMIN}",
            TUTOR_SENSUS_QUIET_HOURS="",
            TUTOR_SENSUS_HTTP_HOST="127.0.0.1",
            TUTOR_SENSUS_HTTP_PORT=str(free_port()),  # two runs at once do not clash
            PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])),
        )
        bot = Bot(env, work, work / "bot.log")
        await bot.start()
        try:
            await measure(args, api, bot, database, residents)
        finally:
            await bot.stop()
    print(f"  bot log: {work / 'bot.log'}")


async def measure(args: argparse.Namespace, api: CountingApi, bot: Bot, database: Path,
                  residents: list[int]) -> None:
    admin = TelegramUser(api, ADMIN)
    await admin.send("/siaran", within=START_TIMEOUT)
    await admin.send(TEXT)
    await admin.press(T("segment-everyone-label"))
    print(f"  preview: {admin.text.splitlines()[0][:80]} ... "
          f"{next((line for line in admin.text.splitlines() if 'orang' in line), '')}")
    confirmed = time.monotonic()
    await admin.press(T("bc-send"))
    total = len(residents)

    def got() -> int:
        return sum(1 for u in residents if api.copies[u])

    killed: dict[str, Any] | None = None
    last, last_change = -1, time.monotonic()
    while True:
        await asyncio.sleep(0.2)
        api.tally()
        done = got()
        if args.kill_at and killed is None and done >= args.kill_at * total:
            await bot.kill()
            state = outbox_state(database)
            killed = {"delivered": got(), "state": state, "at": time.monotonic()}
            print(f"  SIGKILL after {killed['delivered']:,} delivered; outbox at the kill:"
                  f" {state}")
            await bot.start()
        if done >= total:
            break
        if done != last:
            last, last_change = done, time.monotonic()
        elif time.monotonic() - last_change > args.stall:
            print(f"  no progress for {args.stall:.0f} s: stopping")
            break
    finished = time.monotonic()
    await asyncio.sleep(2.0)  # late copies (duplicates) still count
    api.tally()

    counts = [api.copies[u] for u in residents]
    lost = sum(1 for c in counts if c == 0)
    twice = sum(1 for c in counts if c > 1)
    too_many = sum(n for (method, status), n in api.status.items() if status == 429)
    times = sorted(api.times)
    first = times[0] if times else confirmed
    pacing = PACING["telegram"]
    print(f"  recipients                : {total:,} residents (+ the admin, who gets it too)")
    print(f"  time                      : {finished - confirmed:.1f} s from 'Kirim' to the"
          f" last resident; first copy {first - confirmed:.2f} s after 'Kirim'")
    if killed is None:
        print(f"  rate, steady (5%..95%)    : {steady_rate(times):.1f} msg/s broadcast"
              f" ({steady_rate(times) / args.limit:.0%} of the limit {args.limit}/s;"
              " target >= 95%)")
        print(f"  rate, all sending calls   : {steady_rate(api.sending):.1f} calls/s"
              " (broadcast + progress edits, 5%..95%)")
        print(f"  rate, first to last copy  : {(len(times) - 1) / (times[-1] - times[0]):.1f}"
              " msg/s")
    else:
        before = [t for t in times if t < killed["at"]]
        after = [t for t in times if t >= killed["at"]]
        print(f"  rate before / after kill  : {steady_rate(before):.1f} / "
              f"{steady_rate(after):.1f} msg/s (steady, 5%..95% of each part)")
        if after:
            print(f"  gap at the restart        : {after[0] - killed['at']:.1f} s from SIGKILL"
                  " to the next copy (a cold start of the bot)")
        print(f"  delivered before the kill : {killed['delivered']:,};"
              f" in flight ('sending') at the kill: {killed['state'].get('sending', 0)}"
              f" (at most one batch: {pacing.batch})")
    print(f"  most calls in any second  : {worst_window(api.sending)} (the fake's limit"
          f" {args.limit})")
    print(f"  429 answers               : {too_many}")
    print(f"  losses (0 copies)         : {lost}   (target 0)")
    print(f"  duplicates (>1 copy)      : {twice}" + ("   (target 0)" if killed is None else
                                                      f"   (at most {pacing.batch})"))
    calls = ", ".join(f"{m} {s}: {n}" for (m, s), n in sorted(api.status.items(),
                                                                key=lambda kv: -kv[1]))
    print(f"  Bot API calls             : {calls}")
    progress = next((m.text for m in reversed(api.messages_to(ADMIN))
                     if "Terkirim" in m.text), "")
    print("  admin's progress message  : "
          + " / ".join(line for line in progress.splitlines() if "Terkirim" in line
                       or "Selesai" in line))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--limit", type=int, default=LIMIT, help="the fake's messages/s")
    parser.add_argument("--kill-at", type=float, default=0.0,
                        help="SIGKILL the bot when this share has been delivered, restart")
    parser.add_argument("--stall", type=float, default=90.0,
                        help="give up after this many seconds without a new delivery")
    args = parser.parse_args()
    mode = f", SIGKILL at {args.kill_at:.0%} and restart" if args.kill_at else ""
    print(f"broadcast to {args.recipients:,} residents, fake Bot API limit {args.limit}"
          f" msg/s (sliding 1 s window, 429 + retry_after){mode}")
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
