"""SIGKILL and restart, across processes: `python -m bot run` against the fake Bot API.

The bot is killed without warning between two updates. What the person did meanwhile waits at
"Telegram" (the fake keeps unconfirmed updates), and the restarted bot handles it: the person
sees the next step, at the same place in the tutorial, and no message twice.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import sqlite3
import sys
import time
from collections.abc import AsyncIterator
from contextlib import closing
from pathlib import Path

import pytest
from conftest import CAMPAIGN_OPEN
from fake_telegram import FakeBotApi, TelegramUser

from bot.secret_key import generate_key
from conversations.core.campaign import load_campaign
from conversations.core.i18n import Translator

REPO = Path(__file__).resolve().parents[1]
CAMPAIGN = load_campaign()
T = Translator("id", CAMPAIGN, CAMPAIGN_OPEN.date())
TOTAL = len(CAMPAIGN.tutorial.steps)
RESIDENT = 7001
HEADER = re.compile(r"Langkah (\d+) dari \d+")
# A cold interpreter importing PTB, pydantic and Babel: on the loaded 2-core CI machine
# (load 10) a start took over 15 s. The wait ends when the reply comes.
START_TIMEOUT = 45.0


def header(n: int) -> str:
    return T("step-header", n=n, total=TOTAL)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class BotProcess:
    """`python -m bot run` in a child process, its log kept for failure reports."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.env = env
        self.cwd = cwd
        self.args: tuple[str, ...] = ("-m", "bot", "run")  # of the interpreter
        self.proc: asyncio.subprocess.Process | None = None
        self.log: list[str] = []
        self._reader: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, *self.args, env=self.env, cwd=self.cwd,
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        self.log.append(f"--- started pid {self.proc.pid}")
        self._reader = asyncio.create_task(self._read(self.proc))

    async def _read(self, proc: asyncio.subprocess.Process) -> None:
        assert proc.stderr is not None
        async for line in proc.stderr:
            self.log.append(line.decode(errors="replace").rstrip())

    async def kill(self) -> None:
        """SIGKILL: no shutdown code runs, like a power cut of the process."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        assert await self.proc.wait() == -signal.SIGKILL
        await self._done()

    async def terminate(self, grace: float = 10.0) -> int | None:
        if self.proc is None or self.proc.returncode is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = await asyncio.wait_for(self.proc.wait(), grace)
        except TimeoutError:
            self.proc.kill()
            code = await self.proc.wait()
        await self._done()
        return code

    async def _done(self) -> None:
        if self._reader is not None:
            await self._reader
            self._reader = None


def database_state(path: Path) -> tuple[int, int, int]:
    """(updates not handled yet, replies not sent yet, replies sent) in the bot's database."""
    with closing(sqlite3.connect(path, timeout=5)) as db:
        inbox = db.execute("SELECT COUNT(*) FROM inbox WHERE status != 'done'").fetchone()[0]
        unsent = db.execute("SELECT COUNT(*) FROM outbox WHERE status != 'sent'").fetchone()[0]
        sent = db.execute("SELECT COUNT(*) FROM outbox WHERE status = 'sent'").fetchone()[0]
    return inbox, unsent, sent


async def settled(path: Path, sent: int, within: float = 5.0) -> None:
    """Wait until the bot has recorded every reply as sent (between two updates, idle)."""
    deadline = time.monotonic() + within
    while database_state(path) != (0, 0, sent):
        if time.monotonic() > deadline:
            raise AssertionError(f"bot not idle: {database_state(path)}, expected sent={sent}")
        await asyncio.sleep(0.02)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


def bot_env(api: FakeBotApi, tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of `python -m bot run` against the fake: this machine's variables
    without any of the bot's own (no developer's settings leak in), plus the test's."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TUTOR_SENSUS_", "TELEGRAM_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=api.token,
        TELEGRAM_API_BASE_URL=api.base_url,
        TUTOR_SENSUS_DATA_DIR=str(tmp_path / "data"),
        TUTOR_SENSUS_SECRET_KEY=generate_key(),  # a public channel needs its own key
        TUTOR_SENSUS_TODAY="2020-03-02",
        TUTOR_SENSUS_HTTP_HOST="127.0.0.1",
        TUTOR_SENSUS_HTTP_PORT=str(free_port()),
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])),
        **extra,
    )
    return env


@pytest.fixture
async def bot_process(api: FakeBotApi, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = BotProcess(bot_env(api, tmp_path), cwd=tmp_path)  # not the repo: no .env read
    try:
        yield process
    finally:
        code = await process.terminate()
        print("\n".join(process.log))  # shown by pytest when the test failed
        assert code in (None, 0, -signal.SIGKILL), f"bot exited with {code}"


async def test_sigkill_between_updates_loses_nothing_and_repeats_nothing(
    api: FakeBotApi, bot_process: BotProcess, tmp_path: Path
) -> None:
    database = tmp_path / "data" / "tutor-sensus.sqlite3"
    resident = TelegramUser(api, RESIDENT)
    await bot_process.start()
    await resident.send("/start", within=START_TIMEOUT)
    await resident.press(T("menu-start"))
    await resident.press(T("nav-skip"))
    await resident.press(T("nav-next"))
    await resident.press(T("nav-next"))
    assert header(3) in resident.text
    await settled(database, sent=len(api.messages_to(RESIDENT)))

    await bot_process.kill()
    seen_before = len(api.messages_to(RESIDENT))
    step3 = api.last_message_to(RESIDENT)
    assert step3 is not None
    # While the bot is down the person presses "Lanjut" on step 3, then says hello.
    query = api.user_presses(RESIDENT, step3.message_id, step3.callback_data(T("nav-next")))
    api.user_sends_text(RESIDENT, "halo")
    assert len(api.pending_updates) == 2

    await bot_process.start()
    replies = await resident.wait_for_screens(2, within=START_TIMEOUT)
    assert header(4) in replies[0].text  # the press made while down: step 4
    assert replies[-1].buttons[0] == T("menu-resume", step=4)  # "halo": the menu, resume at 4
    await api.wait_until(lambda: query in api.answered_callbacks, what="the late press answered")

    await resident.press(T("menu-resume", step=4))
    assert header(4) in resident.text  # resumes at the same place
    transcript = api.messages_to(RESIDENT)
    steps = [int(m.group(1)) for msg in transcript if (m := HEADER.search(msg.text))]
    assert steps == [1, 2, 3, 4, 4]  # nothing twice, nothing lost
    assert len(transcript) == seen_before + 3
    await settled(database, sent=len(transcript))
    with closing(sqlite3.connect(database)) as db:
        handled = db.execute("SELECT COUNT(*), COUNT(DISTINCT update_id) FROM inbox").fetchone()
    assert tuple(handled) == (8, 8)  # eight updates, each stored and handled once
