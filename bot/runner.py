"""`tutor-sensus run`: every configured channel, the HTTP server, the inbox and the senders."""

from __future__ import annotations

import asyncio
import logging
import signal

from bot.app import build_app
from bot.channels.http import build_http_app, start_http
from bot.settings import Settings

log = logging.getLogger(__name__)


async def run(settings: Settings) -> int:
    app = await build_app(settings)
    telegram = None
    if settings.telegram_bot_token is not None:
        from bot.channels.telegram import TelegramChannel

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
    else:
        log.warning("No channel token set: serving /healthz only. Try `tutor-sensus chat`.")
    http_runner = await start_http(build_http_app(app, telegram), settings.http_host,
                                   settings.http_port)
    app.start_workers()
    if telegram is not None and not settings.telegram_webhook_url:
        app.spawn(telegram.poll(), "telegram-polling")

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    log.info("Tutor Sensus is running (database %s)", settings.database_path)
    await stop.wait()
    log.info("stopping")
    await http_runner.cleanup()
    await app.close()
    if telegram is not None:
        await telegram.stop()
    return 0
