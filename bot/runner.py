"""`tutor-sensus run`: every configured channel, the HTTP server, the inbox and the senders.

A channel is enabled when its token is set (the settings refuse to load when a secret it needs
is missing). Telegram and WhatsApp share the one HTTP server; either may run alone.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aiohttp import web

from bot.app import App, build_app
from bot.channels.http import build_http_app, start_http
from bot.settings import Settings
from conversations.core.clock import Clock

if TYPE_CHECKING:
    from bot.channels.telegram import TelegramChannel
    from bot.channels.whatsapp import WhatsAppChannel

log = logging.getLogger(__name__)


class StartError(Exception):
    """A channel refused its settings at start (the message says which)."""


@dataclass
class Running:
    app: App
    http: web.AppRunner
    telegram: TelegramChannel | None = None
    whatsapp: WhatsAppChannel | None = None

    async def stop(self) -> None:
        await self.http.cleanup()
        await self.app.close()
        if self.telegram is not None:
            await self.telegram.stop()
        if self.whatsapp is not None:
            await self.whatsapp.stop()


async def start(settings: Settings, *, clock: Clock | None = None) -> Running:
    """Everything `run` starts, running in the background (tests drive this too)."""
    app = await build_app(settings, clock=clock)
    telegram: TelegramChannel | None = None
    whatsapp: WhatsAppChannel | None = None
    try:
        if settings.telegram_bot_token is not None:
            telegram = await _start_telegram(app, settings)
        if settings.whatsapp_enabled:
            whatsapp = await _start_whatsapp(app, settings)
    except BaseException:
        await app.close()
        for channel in (telegram, whatsapp):
            if channel is not None:
                await channel.stop()
        raise
    if telegram is None and whatsapp is None:
        log.warning("No channel token set: serving /healthz and the dashboard (/admin/) only."
                    " Try `tutor-sensus chat`; /dasbor there gives a dashboard link.")
    http = await start_http(build_http_app(app, telegram, whatsapp), settings.http_host,
                            settings.http_port)
    app.start_workers()
    if telegram is not None and not settings.telegram_webhook_url:
        app.spawn(telegram.poll(), "telegram-polling")
    return Running(app, http, telegram, whatsapp)


async def _start_telegram(app: App, settings: Settings) -> TelegramChannel:
    from bot.channels.telegram import TelegramChannel

    assert settings.telegram_bot_token is not None
    telegram = TelegramChannel(
        settings.telegram_bot_token.get_secret_value(),
        settings.telegram_api_base_url,
        webhook_url=settings.telegram_webhook_url,
        webhook_secret=(
            settings.telegram_webhook_secret.get_secret_value()
            if settings.telegram_webhook_secret else None
        ),
    )
    app.add_channel(telegram)
    await telegram.start(app.processor)
    app.engine.private_links["telegram"] = telegram.private_link
    log.info("Telegram: @%s, %s", telegram.username,
             "webhook" if settings.telegram_webhook_url else "long polling")
    return telegram


async def _start_whatsapp(app: App, settings: Settings) -> WhatsAppChannel:
    from bot.channels.whatsapp import WhatsAppChannel, WhatsAppStartError

    # The settings refuse to load with a token but without these (they name what is missing).
    assert settings.whatsapp_token is not None and settings.whatsapp_phone_number_id
    assert settings.whatsapp_app_secret is not None
    assert settings.whatsapp_verify_token is not None
    whatsapp = WhatsAppChannel(
        settings.whatsapp_token.get_secret_value(),
        settings.whatsapp_phone_number_id,
        app_secret=settings.whatsapp_app_secret.get_secret_value(),
        verify_token=settings.whatsapp_verify_token.get_secret_value(),
        api_base_url=settings.whatsapp_api_base_url,
        number=settings.whatsapp_number,
    )
    app.add_channel(whatsapp)
    try:
        await whatsapp.start(app.processor)
    except WhatsAppStartError as exc:
        await whatsapp.stop()
        raise StartError(f"WhatsApp: {exc}") from exc
    app.engine.private_links["whatsapp"] = whatsapp.private_link
    log.info("WhatsApp: %s, webhook at /whatsapp",
             whatsapp.display_number or f"phone number id {whatsapp.phone_number_id}")
    return whatsapp


async def run(settings: Settings) -> int:
    try:
        running = await start(settings)
    except StartError as exc:
        log.error("%s", exc)
        return 2
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    log.info("Tutor Sensus is running (database %s)", settings.database_path)
    await stop.wait()
    log.info("stopping")
    await running.stop()
    return 0
