"""The bot on Telegram for end-to-end tests: the real App and TelegramChannel (long polling,
as `tutor-sensus run` starts them) against the fake Bot API of tests/fake_telegram.py."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fake_telegram import FakeBotApi

from bot.app import App, build_app
from bot.channels.telegram import TelegramChannel
from bot.settings import Settings
from conversations.core.clock import FakeClock


@asynccontextmanager
async def telegram_app(
    settings: Settings, clock: FakeClock, api: FakeBotApi,
    before_workers: Callable[[App], Awaitable[None]] | None = None,
) -> AsyncIterator[App]:
    """Build the app, start Telegram against `api`, run `before_workers` (seeding), then the
    workers and the polling loop; close everything afterwards."""
    application = await build_app(settings, clock=clock)
    telegram = TelegramChannel(api.token, api.base_url)
    application.add_channel(telegram)
    await telegram.start(application.processor)
    assert telegram.bot.base_file_url == api.base_file_url + api.token  # getFile downloads
    application.engine.private_links["telegram"] = telegram.private_link
    try:
        if before_workers is not None:
            await before_workers(application)
        application.start_workers()
        application.spawn(telegram.poll(), "telegram-polling")
        yield application
    finally:
        await application.close()
        await telegram.stop()
