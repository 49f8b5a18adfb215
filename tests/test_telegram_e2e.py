"""The real bot on Telegram, end to end: App + TelegramChannel against the fake Bot API.

Everything between the person and the bot is real: PTB's HTTP requests, our getUpdates loop,
the inbox, the engine, the outbox and the sender. Assertions are on what the person sees.
Texts come from the catalogues (the campaign's step texts are being rewritten), so the tests
pin the structure: step headers, buttons, and which bot message answers what.
"""

from __future__ import annotations

import asyncio
import re
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from conftest import CAMPAIGN_OPEN, RunningClock
from fake_telegram import FakeBotApi, SentMessage, TelegramUser
from telegram_harness import telegram_app

from bot.app import App, build_app
from bot.channels.http import build_http_app, start_http
from bot.channels.telegram import TelegramChannel
from bot.settings import Settings
from conversations.core.campaign import load_campaign
from conversations.core.clock import FakeClock
from conversations.core.i18n import Translator

CAMPAIGN = load_campaign()
T = Translator("id", CAMPAIGN, CAMPAIGN_OPEN.date())
STEPS = [step.id for step in CAMPAIGN.tutorial.steps]
RESIDENT = 7001
HEADER = re.compile(r"Langkah (\d+) dari (\d+)")


def header(n: int) -> str:
    return T("step-header", n=n, total=len(STEPS))


def t(message_id: str, **args: object) -> str:
    return T(message_id, **args).strip()  # Telegram trims what it shows


def steps_shown(messages: list[SentMessage]) -> list[int]:
    return [int(m.group(1)) for msg in messages if (m := HEADER.search(msg.text))]


async def eventually(
    check: Callable[[], Awaitable[bool]], what: str, within: float = 5.0
) -> None:
    """For state the fake cannot see (the database): poll briefly until it holds."""
    deadline = time.monotonic() + within
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {within}s: {what}")
        await asyncio.sleep(0.02)


@pytest.fixture
def clock() -> FakeClock:
    return RunningClock(CAMPAIGN_OPEN)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


@pytest.fixture
async def app(settings: Settings, clock: FakeClock, api: FakeBotApi) -> AsyncIterator[App]:
    """The bot as `tutor-sensus run` starts it for long polling (bot/runner.py)."""
    async with telegram_app(settings, clock, api) as application:
        yield application


@pytest.fixture
def resident(app: App, api: FakeBotApi) -> TelegramUser:
    return TelegramUser(api, RESIDENT, first_name="Siti")


async def open_tutorial(person: TelegramUser) -> None:
    await person.send("/start")
    await person.press(T("menu-start"))
    await person.press(T("nav-skip"))
    assert header(1) in person.text


async def test_resident_walks_the_whole_tutorial_with_buttons(
    resident: TelegramUser, api: FakeBotApi
) -> None:
    replies = await resident.send("/start")
    assert len(replies) == 1  # welcome, timing and the menu in one message
    assert T("menu-start") in resident.labels

    await resident.press(T("menu-start"))
    assert t("ask-kecamatan") in resident.text
    assert "Batang" in resident.labels and T("nav-skip") in resident.labels

    await resident.press("Batang")
    assert [m.text for m in resident.last[:1]] == [t("kecamatan-saved", name="Batang")]
    for n, step_id in enumerate(STEPS, start=1):
        step = resident.last[-1]
        assert step.text.startswith(f"{header(n)} — {t(f'step-{step_id}-title')}")
        assert T("nav-next") in step.buttons and T("nav-menu") in step.buttons
        assert (T("nav-back") in step.buttons) == (n > 1)
        if n == 3:  # one problem on the way, with its advice
            await resident.press(T("nav-problems"))
            assert t("problems-prompt", n=3) in resident.text
            await resident.press(T("problem-kode_104-label"))
            assert resident.text == t("problem-kode_104-body")
            await resident.press(T("nav-back-to-step", n=3))
            assert header(3) in resident.text
        await resident.press(T("nav-next"))
    assert resident.text == t("tutorial-done")

    await api.wait_until(lambda: set(resident.queries) <= set(api.answered_callbacks),
                         what="every button press answered")
    transcript = api.messages_to(RESIDENT)
    assert steps_shown(transcript) == [1, 2, 3, 3, 4, 5, 6, 7, 8, 9]  # each once, in order
    assert len(transcript) == 1 + 1 + 2 + 8 + 3 + 1  # menu, kecamatan, saved+1, 2-9, detour, end


async def test_typed_kecamatan_name_is_understood(resident: TelegramUser) -> None:
    await resident.send("/start")
    await resident.press(T("menu-start"))
    await resident.send("blado")
    assert t("kecamatan-saved", name="Blado") in resident.text
    assert header(1) in resident.text


async def test_double_tap_on_next_advances_one_step(
    resident: TelegramUser, api: FakeBotApi
) -> None:
    await open_tutorial(resident)
    step1 = resident.last[-1]
    data = step1.callback_data(T("nav-next"))

    def double_tap() -> None:
        resident.queries.append(api.user_presses(RESIDENT, step1.message_id, data))
        resident.queries.append(api.user_presses(RESIDENT, step1.message_id, data))

    replies = await resident.answer_to(double_tap, screens=2)
    assert header(2) in replies[0].text
    assert replies[1].text == t("button-stale")  # the second tap: "this is where you are"
    assert header(2) in replies[2].text
    assert len(replies) == 3
    assert not any(header(3) in m.text for m in replies)
    await api.wait_until(lambda: set(resident.queries) <= set(api.answered_callbacks),
                         what="both presses answered (the spinner stops)")
    await resident.press(T("nav-next"))  # the current screen's button still works
    assert header(3) in resident.text


async def test_photo_gets_a_cannot_read_photos_reply(
    resident: TelegramUser, api: FakeBotApi
) -> None:
    await open_tutorial(resident)
    await resident.press(T("nav-next"))
    await resident.answer_to(lambda: api.user_sends_photo(RESIDENT, caption=None))
    assert resident.text.startswith(t("media-not-understood", kind="photo"))
    assert resident.labels  # and something to press next, never a dead end
    await resident.send("/menu")
    assert T("menu-resume", step=2) in resident.labels  # the photo cost no progress


async def test_429_is_waited_out_and_the_message_arrives_once(
    resident: TelegramUser, api: FakeBotApi
) -> None:
    api.fail_next("sendMessage", 429, retry_after=1)
    replies = await resident.send("/start")
    attempts = api.calls_of("sendMessage", RESIDENT)
    assert [c.status for c in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 1.0  # not before retry_after
    assert len(replies) == 1 and T("menu-start") in replies[0].buttons
    await resident.press(T("menu-start"))  # later messages flow as usual, none twice
    assert len(api.messages_to(RESIDENT)) == 2


async def test_blocked_user_is_marked_and_not_retried(
    app: App, resident: TelegramUser, api: FakeBotApi
) -> None:
    await resident.send("/start")
    api.user_sends_photo(RESIDENT)  # the answer is queued ...
    api.block(RESIDENT)  # ... but the person blocks the bot before it goes out

    async def marked() -> bool:
        rows = await app.store.fetch_all(
            "SELECT blocked_at FROM people WHERE channel = 'telegram' AND user_id = ?",
            (str(RESIDENT),),
        )
        return rows != [] and rows[0][0] is not None

    await eventually(marked, "the person marked as blocked")
    other = TelegramUser(api, 7002)
    await other.send("/start")  # the sender carries on for everyone else
    attempts = api.calls_of("sendMessage", RESIDENT)
    assert [c.status for c in attempts] == [200, 403]  # one try, never retried
    statuses = await app.store.fetch_all(
        "SELECT status FROM outbox WHERE channel = 'telegram' AND chat_id = ? ORDER BY id",
        (str(RESIDENT),),
    )
    assert statuses[0] == ("sent",)  # the menu, before the block
    assert statuses[1:] and set(statuses[1:]) == {("blocked",)}  # all of the answer dropped
    assert len(api.messages_to(RESIDENT)) == 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_webhook_mode_end_to_end(
    settings: Settings, clock: FakeClock, api: FakeBotApi
) -> None:
    """The same resident over a webhook: the fake POSTs updates to our /telegram."""
    port = free_port()
    app = await build_app(settings, clock=clock)
    telegram = TelegramChannel(api.token, api.base_url, webhook_url=f"http://127.0.0.1:{port}",
                               webhook_secret="rahasia-webhook")
    app.add_channel(telegram)
    await telegram.start(app.processor)
    http = await start_http(build_http_app(app, telegram), "127.0.0.1", port)
    app.start_workers()
    try:
        resident = TelegramUser(api, RESIDENT)
        await open_tutorial(resident)
        await resident.press(T("nav-next"))
        assert header(2) in resident.text
        posted = api.calls_of("setWebhook")[0].params
        assert posted["url"] == f"http://127.0.0.1:{port}/telegram"
        assert api.pending_updates == []  # each update was accepted (200) once
        await api.wait_until(lambda: set(resident.queries) <= set(api.answered_callbacks),
                             what="every button press answered")
    finally:
        await http.cleanup()
        await app.close()
        await telegram.stop()
