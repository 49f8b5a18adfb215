"""`tutor-sensus run`: every configured channel, the HTTP server, the inbox and the senders.

A channel is enabled when its token is set (the settings refuse to load when a secret it needs
is missing). Telegram and WhatsApp share the one HTTP server; either may run alone.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from bot import logs
from bot.app import App, build_app
from bot.channels.http import build_http_app, start_http
from bot.channels.http_limits import Listening
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
    http: Listening
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
    """Everything `run` starts, running in the background (tests drive this too).

    The HTTP server is bound first, before any channel registers a webhook: a port that is
    taken stops the start at once (StartError naming the port and the setting). A platform
    that cannot be reached does not: its channel is retried in the background with back-off
    (`/healthz` says 503 meanwhile). A token the platform rejects stops the start.
    """
    app = await build_app(settings, clock=clock)
    telegram: TelegramChannel | None = None
    whatsapp: WhatsAppChannel | None = None
    http: Listening | None = None
    try:
        if settings.telegram_bot_token is not None:
            telegram = _make_telegram(app, settings)
        if settings.whatsapp_enabled:
            whatsapp = _make_whatsapp(app, settings)
        if telegram is None and whatsapp is None:
            log.warning("No channel token set: serving /healthz and the dashboard (/admin/)"
                        " only. Try `tutor-sensus chat`; /dasbor there gives a dashboard link.")
        try:
            http = await start_http(build_http_app(app, telegram, whatsapp), settings.http_host,
                                    settings.http_port)
        except OSError as exc:
            raise StartError(
                f"cannot listen on {settings.http_host}:{settings.http_port}"
                f" ({exc.strerror or exc}); set TUTOR_SENSUS_HTTP_PORT (or"
                " TUTOR_SENSUS_HTTP_HOST) to an address that is free"
            ) from None
        connects: list[tuple[str, Connect]] = []
        if telegram is not None:
            connects.append(("telegram", partial(_connect_telegram, app, telegram, settings)))
        if whatsapp is not None:
            connects.append(("whatsapp", partial(_connect_whatsapp, app, whatsapp)))
        for name, connect in connects:
            if not await _attempt(app, name, connect, 1):
                app.spawn(_keep_connecting(app, name, connect), f"{name}-connect")
    except BaseException:
        if http is not None:
            await http.cleanup()
        await app.close()
        for channel in (telegram, whatsapp):
            if channel is not None:
                await channel.stop()
        raise
    app.start_workers()
    app.spawn(_log_ticker(), "log-summaries")
    return Running(app, http, telegram, whatsapp)


Connect = Callable[[], Awaitable[None]]
RETRY_FIRST = 1.0  # seconds before the second attempt; doubles up to RETRY_MAX
RETRY_MAX = 60.0


async def _attempt(app: App, name: str, connect: Connect, number: int) -> bool:
    """One try to reach a platform: True when connected; False (one log line, no
    traceback) when it cannot be reached. StartError (token rejected) propagates."""
    try:
        await connect()
    except Unreachable as exc:
        app.health.unreachable(name, app.clock.now())
        log.warning("%s: cannot reach the platform (attempt %d: %s); retrying in the"
                    " background", name, number, exc)
        return False
    app.health.connected(name)
    return True


async def _keep_connecting(app: App, name: str, connect: Connect) -> None:
    delay, number = RETRY_FIRST, 1
    while True:
        await asyncio.sleep(delay)
        number += 1
        try:
            if await _attempt(app, name, connect, number):
                log.info("%s: connected after %d attempts", name, number)
                return
        except StartError as exc:
            app.health.fail(str(exc))
            return
        delay = min(delay * 2, RETRY_MAX)


async def _log_ticker() -> None:
    """Write the summaries of bursts of identical log lines that are over (bot/logs.py)."""
    while True:
        await asyncio.sleep(10)
        logs.tick()


class Unreachable(Exception):
    """A platform did not answer (network); the message says how, in one line."""


def _make_telegram(app: App, settings: Settings) -> TelegramChannel:
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
    telegram.processor = app.processor  # webhooks are taken as soon as the server listens
    return telegram


async def _connect_telegram(app: App, telegram: TelegramChannel, settings: Settings) -> None:
    from telegram.error import InvalidToken, NetworkError

    try:
        await telegram.start(app.processor)
    except InvalidToken:  # (its message holds the token: not logged)
        raise StartError(
            "Telegram rejected TELEGRAM_BOT_TOKEN (wrong or revoked); check it with @BotFather"
        ) from None
    except NetworkError as exc:  # TimedOut too
        raise Unreachable(f"{type(exc).__name__}: {exc.message}") from None
    app.engine.private_links["telegram"] = telegram.private_link
    log.info("Telegram: @%s, %s", telegram.username,
             "webhook" if settings.telegram_webhook_url else "long polling")
    if not settings.telegram_webhook_url:
        # One worker polls at a time (several workers on PostgreSQL); the others take over.
        app.spawn(app.leadership.lead("telegram-polling", partial(telegram.poll, app.health)),
                  "telegram-polling")


def _make_whatsapp(app: App, settings: Settings) -> WhatsAppChannel:
    from bot.channels.whatsapp import WhatsAppChannel

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
    whatsapp.processor = app.processor  # webhooks are taken as soon as the server listens
    return whatsapp


async def _connect_whatsapp(app: App, whatsapp: WhatsAppChannel) -> None:
    from bot.channels.whatsapp import WhatsAppStartError

    try:
        reached = await whatsapp.start(app.processor)
    except WhatsAppStartError as exc:
        raise StartError(f"WhatsApp: {exc}") from exc
    if not reached:
        raise Unreachable("the Graph API did not answer; webhooks are still taken")
    app.engine.private_links["whatsapp"] = whatsapp.private_link
    log.info("WhatsApp: %s, webhook at /whatsapp",
             whatsapp.display_number or f"phone number id {whatsapp.phone_number_id}")


async def run(settings: Settings) -> int:
    try:
        running = await start(settings)
    except StartError as exc:
        log.error("%s", exc)
        logs.flush()
        return 2
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    log.info("Tutor Sensus is running (database %s)", settings.database_label)
    stopping = asyncio.ensure_future(stop.wait())
    fatal = running.app.health.fatal
    waiting: list[asyncio.Future[Any]] = [stopping, fatal]
    await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
    code = 0
    if fatal.done():
        log.error("%s", fatal.result())
        code = 2
    else:
        log.info("stopping")
    stopping.cancel()
    await running.stop()
    logs.flush()
    return code
