"""The one HTTP server: health check, webhooks (Telegram, WhatsApp) and metrics."""

from __future__ import annotations

import hmac
import json
import logging
from typing import TYPE_CHECKING

from aiohttp import web

from bot.channels.metrics import add_metrics_route
from bot.web import add_dashboard

if TYPE_CHECKING:
    from bot.app import App
    from bot.channels.telegram import TelegramChannel
    from bot.channels.whatsapp import WhatsAppChannel

log = logging.getLogger(__name__)

APP_KEY = web.AppKey("tutor_sensus_app", object)
MAX_BODY = 1024 * 1024  # Telegram updates and WhatsApp webhooks are small; refuse the absurd


def build_http_app(
    app: App,
    telegram: TelegramChannel | None = None,
    whatsapp: WhatsAppChannel | None = None,
) -> web.Application:
    http = web.Application(client_max_size=MAX_BODY)
    http[APP_KEY] = app

    async def healthz(request: web.Request) -> web.Response:
        # A cheap read proves the database answers; the outbox depth helps an operator.
        counts = await app.store.outbox_counts()
        body = {"status": "ok", "outbox_pending": counts.get("pending", 0)}
        return web.json_response(body)

    http.router.add_get("/healthz", healthz)
    token = app.settings.metrics_token.get_secret_value() if app.settings.metrics_token else None
    add_metrics_route(http, app, token)

    if telegram is not None and telegram.webhook_secret:
        secret = telegram.webhook_secret.encode()

        async def telegram_webhook(request: web.Request) -> web.Response:
            given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "").encode()
            if not hmac.compare_digest(given, secret):
                log.warning("telegram webhook: wrong or missing secret token; refused")
                return web.Response(status=403, text="forbidden")
            raw = await request.text()
            try:
                data = json.loads(raw)
                int(data["update_id"])
            except (ValueError, KeyError, TypeError):
                return web.Response(status=400, text="not a Telegram update")
            await telegram.accept(data, raw)  # in the inbox before we answer 200
            return web.Response(text="ok")

        http.router.add_post("/telegram", telegram_webhook)

    if whatsapp is not None:
        add_whatsapp_routes(http, whatsapp)
    add_dashboard(http, app)  # /admin/: the web dashboard (bot/web/)
    return http


def add_whatsapp_routes(http: web.Application, whatsapp: WhatsAppChannel) -> None:
    """GET /whatsapp: Meta's verification handshake; POST /whatsapp: signed webhook bodies."""

    async def whatsapp_verify(request: web.Request) -> web.Response:
        challenge = whatsapp.verify(request.query)
        if challenge is None:
            log.warning("whatsapp webhook: verification with a wrong token or mode; refused")
            return web.Response(status=403, text="forbidden")
        return web.Response(text=challenge)

    async def whatsapp_webhook(request: web.Request) -> web.Response:
        raw = await request.read()
        if not whatsapp.signature_ok(raw, request.headers.get("X-Hub-Signature-256")):
            # Never the body: it is not from Meta, and it may hold anything.
            log.warning("whatsapp webhook: missing or wrong signature from %s (%d bytes);"
                        " refused", request.remote, len(raw))
            return web.Response(status=403, text="forbidden")
        try:
            data = json.loads(raw)
            if not isinstance(data, dict):
                raise TypeError("not an object")
        except (ValueError, TypeError):
            return web.Response(status=400, text="not a WhatsApp webhook")
        await whatsapp.accept(data)  # in the inbox before we answer 200
        return web.Response(text="ok")

    http.router.add_get("/whatsapp", whatsapp_verify)
    http.router.add_post("/whatsapp", whatsapp_webhook)


async def start_http(http: web.Application, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(http, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    log.info("HTTP server on %s:%s", host, port)
    return runner
