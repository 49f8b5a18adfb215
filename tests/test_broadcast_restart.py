"""Crash safety of a broadcast, across processes: `python -m bot run` against the fake Bot
API is killed with SIGKILL in the middle of a broadcast and started again.

It continues where it stopped; nobody is skipped; nobody gets the message twice except
messages that were in flight at the moment of the crash: at most one send batch (the
Telegram sender's batch is 30 messages: claimed, maybe sent, not yet recorded as sent).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import closing
from pathlib import Path

import pytest
from conftest import CAMPAIGN_OPEN
from fake_telegram import FakeBotApi, TelegramUser
from test_restart import START_TIMEOUT, BotProcess, bot_env

from bot.services.sender import PACING
from bot.store import Store
from conversations.core.campaign import load_campaign
from conversations.core.i18n import Translator

T = Translator("id", load_campaign(), CAMPAIGN_OPEN.date())
ADMIN = 7000
RECIPIENTS = list(range(9001, 9241))  # 240 residents: about 8 s at 30 messages a second
TEXT = "Halo Bapak/Ibu, sensus online ditutup 31 Maret. Ayo isi sekarang!"
BATCH = PACING["telegram"].batch


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


@pytest.fixture
async def bot_process(api: FakeBotApi, tmp_path: Path) -> AsyncIterator[BotProcess]:
    env = bot_env(api, tmp_path, TUTOR_SENSUS_ADMINS=f"telegram:{ADMIN}",
                  TUTOR_SENSUS_QUIET_HOURS="")  # quiet hours: whatever the hour the test runs
    process = BotProcess(env, cwd=tmp_path)
    try:
        yield process
    finally:
        await process.terminate()
        print("\n".join(process.log))


async def seed_people(database: Path) -> None:
    store = await Store.open(database)
    try:
        async with store.transaction() as tx:
            for user in RECIPIENTS:
                await tx._write(
                    "INSERT INTO people (channel, user_id, state, first_seen, last_seen)"
                    " VALUES ('telegram', ?, '{}', '2020-03-01T10:00:00+07:00',"
                    " '2020-03-01T10:00:00+07:00')", (str(user),))
    finally:
        await store.close()


def at_crash(database: Path) -> dict[str, int]:
    with closing(sqlite3.connect(database, timeout=5)) as db:
        rows = db.execute(
            "SELECT o.status, count(*) FROM broadcast_recipients r JOIN outbox o"
            " ON o.id = r.outbox_id GROUP BY 1").fetchall()
        pending = db.execute("SELECT count(*) FROM broadcast_recipients"
                             " WHERE status = 'pending'").fetchone()[0]
    return {**dict(rows), "not queued": pending}


async def test_sigkill_mid_broadcast_resumes_without_skips_and_few_duplicates(
    api: FakeBotApi, bot_process: BotProcess, tmp_path: Path
) -> None:
    database = tmp_path / "data" / "tutor-sensus.sqlite3"
    await seed_people(database)
    for user in RECIPIENTS:
        api.user_joins(user)
    await bot_process.start()
    admin = TelegramUser(api, ADMIN)
    await admin.send("/siaran", within=START_TIMEOUT)
    await admin.send(TEXT)
    await admin.press(T("segment-everyone-label"))
    assert "Semua warga: 241 orang" in admin.text
    await admin.press(T("bc-send"))

    def delivered(user: int) -> int:
        return sum(1 for m in api.messages_to(user) if m.text == TEXT)

    await api.wait_until(lambda: sum(delivered(u) > 0 for u in RECIPIENTS) >= 80, within=20,
                         what="a third of the broadcast out")
    await bot_process.kill()
    got_before = sum(delivered(u) > 0 for u in RECIPIENTS)
    state = at_crash(database)
    in_flight = state.get("sending", 0)
    assert 0 < got_before < len(RECIPIENTS) and in_flight <= BATCH, state

    started = time.monotonic()
    await bot_process.start()
    await api.wait_until(lambda: all(delivered(u) > 0 for u in RECIPIENTS),
                         within=START_TIMEOUT + 20, what="everyone got it after the restart")

    def progress() -> list[str]:
        return [m.text for m in api.messages_to(ADMIN) if m.text.startswith("📣 Siaran #1")]

    await api.wait_until(lambda: "✅ Selesai." in "".join(progress()), within=15,
                         what="the progress message says finished")
    assert len(progress()) == 1  # still the one message, edited after the restart too
    assert "Terkirim 241 / 241" in progress()[0]
    counts = [delivered(u) for u in RECIPIENTS]
    twice = sum(1 for c in counts if c == 2)
    print(json.dumps({"recipients": len(RECIPIENTS), "delivered_before_kill": got_before,
                      "state_at_kill": state, "twice": twice,
                      "resume_seconds": round(time.monotonic() - started, 1)}))
    assert min(counts) == 1, "nobody skipped"
    assert max(counts) <= 2 and twice <= BATCH, f"{twice} duplicates (at most {BATCH})"
    assert twice <= in_flight  # only messages in flight at the crash can come twice
