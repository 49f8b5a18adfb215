"""A broadcast over the fake Bot API: the real App, TelegramChannel, outbox and sender.

The fake answers 429 above 10 messages a second (the sender pauses for `retry_after` and
loses nothing), one recipient blocked the bot (403: marked, never retried), and the
admin's progress message is ONE message, edited in place until it says it is finished.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import seed
from conftest import CAMPAIGN_OPEN, RunningClock
from fake_telegram import FakeBotApi, TelegramUser
from telegram_harness import telegram_app

from bot.app import App
from bot.settings import Settings
from conversations.core.campaign import load_campaign
from conversations.core.clock import FakeClock
from conversations.core.i18n import Translator

T = Translator("id", load_campaign(), CAMPAIGN_OPEN.date())
ADMIN = 7000
RECIPIENTS = list(range(8001, 8041))
BLOCKED = 8005
TEXT = "Halo Bapak/Ibu, batas pengisian sensus online sebentar lagi. Ayo isi!"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(TUTOR_SENSUS_DATA_DIR=tmp_path / "data",
                    TUTOR_SENSUS_ADMINS=f"telegram:{ADMIN}", TUTOR_SENSUS_QUIET_HOURS="",
                    _env_file=None)


@pytest.fixture
def clock() -> FakeClock:
    return RunningClock(CAMPAIGN_OPEN)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(max_per_second=10) as fake:
        yield fake


@pytest.fixture
async def app(settings: Settings, clock: FakeClock, api: FakeBotApi) -> AsyncIterator[App]:
    async def recipients(application: App) -> None:
        for user in RECIPIENTS:  # people who pressed Start some time ago
            api.user_joins(user)
            await seed.person(application, str(user), channel="telegram")
        api.block(BLOCKED)

    async with telegram_app(settings, clock, api, before_workers=recipients) as application:
        yield application


async def test_broadcast_with_429_and_403_and_one_progress_message_edited_in_place(
    app: App, api: FakeBotApi
) -> None:
    admin = TelegramUser(api, ADMIN)
    await admin.send("/siaran")
    await admin.send(TEXT)
    await admin.press(T("segment-everyone-label"))
    assert "Semua warga: 41 orang" in admin.text  # 40 residents and the admin
    started = time.monotonic()
    await admin.press(T("bc-send"))

    def delivered(user: int) -> int:
        return sum(1 for m in api.messages_to(user) if m.text == TEXT)

    receivers = [u for u in RECIPIENTS if u != BLOCKED]
    await api.wait_until(lambda: all(delivered(u) >= 1 for u in receivers), within=40,
                         what="every recipient got the broadcast")
    elapsed = time.monotonic() - started

    def progress() -> list[str]:
        return [m.text for m in api.messages_to(ADMIN) if m.text.startswith("📣 Siaran #1")]

    await api.wait_until(lambda: "✅ Selesai." in "".join(progress()), within=15,
                         what="the progress message says finished")
    assert all(delivered(u) == 1 for u in receivers)  # nobody twice, nobody lost
    # 403: tried once, marked, never retried.
    assert delivered(BLOCKED) == 0
    answers = [c.status for c in api.calls_of("sendMessage", chat_id=BLOCKED)]
    assert [s for s in answers if s != 429] == [403]  # (a 429 is retried; a 403 is not)
    blocked = await app.store.fetch_all(
        "SELECT blocked_at IS NOT NULL FROM people WHERE channel = 'telegram' AND user_id = ?",
        (str(BLOCKED),))
    assert blocked == [(1,)]
    # 429: answered, waited for, and not counted as a failed attempt.
    too_many = [c for c in api.calls if c.status == 429]
    assert too_many
    # A 429 holds back every call waiting for its turn, not only the one refused: no storm
    # (6-7 answered 429 here; 62 when each waiting call still went out and drew its own).
    assert len(too_many) <= 20
    assert elapsed >= len(receivers) / 10 - 1  # the fake's 10 a second, not the bot's 30
    rows = await app.store.fetch_all("SELECT status, count(*) FROM outbox WHERE priority = 10"
                                     " GROUP BY status ORDER BY status")
    assert rows == [("blocked", 1), ("sent", 40)]  # 39 residents and the admin
    # ONE progress message, edited in place, ending with the totals.
    assert len(progress()) == 1
    final = next(m for m in api.messages_to(ADMIN) if m.text.startswith("📣 Siaran #1"))
    assert final.edited and api.calls_of("editMessageText")
    assert "Terkirim 40 / 41 ▓▓▓▓▓▓▓▓ 100% · gagal 0 · memblokir bot 1" in final.text
    assert final.buttons == []  # no pause or cancel once finished
