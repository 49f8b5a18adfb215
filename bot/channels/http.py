"""The one HTTP server: health check, webhooks (Telegram, WhatsApp) and metrics."""

from __future__ import annotations

import hmac
import logging
import sqlite3
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.channels import intake
from bot.channels.http_limits import (
    GUARD_KEY,
    LIMITS_KEY,
    Guard,
    Limits,
    Listening,
    middleware,
    read_body,
)
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
    guard = Guard(limits_from(app.settings))
    http = web.Application(client_max_size=MAX_BODY, middlewares=[middleware(guard)])
    http[APP_KEY] = app
    http[GUARD_KEY] = guard
    http[LIMITS_KEY] = guard.limits

    async def healthz(request: web.Request) -> web.Response:
        # A cheap read proves the database answers; the outbox depth helps an operator.
        # 503 while a channel cannot reach its platform (bot/services/health.py).
        # The outbox depth is counted on an index of the waiting rows only (issue 14).
        up, channels = app.health.report()
        body = {"status": "ok" if up else "unavailable",
                "outbox_pending": await app.store.outbox_pending(), "channels": channels,
                # which database, and what this worker leads (several workers: one each)
                "database": "postgresql" if app.settings.postgres_url else "sqlite",
                "leads": sorted(app.leadership.roles)}
        return web.json_response(body, status=200 if up else 503)

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
            body = await read_body(request)  # over MAX_BODY: 413; too slow: 408
            text = intake.decode(body)
            data: Any = None
            try:
                data = intake.load(text)
                intake.telegram_update_id(data)
                await telegram.accept(data, text)  # in the inbox before we answer 200
            except intake.Rejected as exc:
                await intake.reject(app, "telegram", str(exc), body, data)
                return intake.rejected_response(str(exc))
            except sqlite3.OperationalError as exc:  # the database, not the update
                log.warning("telegram webhook: update not stored (%s); asked to resend",
                            type(exc).__name__)
                return intake.unavailable()
            return web.Response(text="ok")

        http.router.add_post("/telegram", telegram_webhook)

    if whatsapp is not None:
        add_whatsapp_routes(http, app, whatsapp)
    add_dashboard(http, app)  # /admin/: the web dashboard (bot/web/)
    return http


def add_whatsapp_routes(http: web.Application, app: App, whatsapp: WhatsAppChannel) -> None:
    """GET /whatsapp: Meta's verification handshake; POST /whatsapp: signed webhook bodies."""

    async def whatsapp_verify(request: web.Request) -> web.Response:
        challenge = whatsapp.verify(request.query)
        if challenge is None:
            log.warning("whatsapp webhook: verification with a wrong token or mode; refused")
            return web.Response(status=403, text="forbidden")
        return web.Response(text=challenge)

    async def whatsapp_webhook(request: web.Request) -> web.Response:
        raw = await read_body(request)  # over MAX_BODY: 413; too slow: 408
        if not whatsapp.signature_ok(raw, request.headers.get("X-Hub-Signature-256")):
            # Never the body: it is not from Meta, and it may hold anything.
            log.warning("whatsapp webhook: missing or wrong signature from %s (%d bytes);"
                        " refused", request.remote, len(raw))
            return web.Response(status=403, text="forbidden")
        data: Any = None
        try:
            data = intake.load(intake.decode(raw))
            if not isinstance(data, dict):
                raise intake.Rejected("not a JSON object")
            whole = data

            async def on_reject(reason: str) -> None:  # a part of the body (the rest is kept)
                await intake.reject(app, "whatsapp", reason, raw, whole)

            await whatsapp.accept(data, on_reject)  # in the inbox before we answer 200
        except intake.Rejected as exc:
            await intake.reject(app, "whatsapp", str(exc), raw, data)
            return intake.rejected_response(str(exc))
        except sqlite3.OperationalError as exc:  # the database, not the body
            log.warning("whatsapp webhook: body not stored (%s); asked to resend",
                        type(exc).__name__)
            return intake.unavailable()
        return web.Response(text="ok")

    http.router.add_get("/whatsapp", whatsapp_verify)
    http.router.add_post("/whatsapp", whatsapp_webhook)


def limits_from(settings: Any) -> Limits:
    return Limits(
        header_timeout=settings.http_header_timeout, body_timeout=settings.http_body_timeout,
        keepalive=settings.http_keepalive, max_connections=settings.http_max_connections,
    )


async def start_http(http: web.Application, host: str, port: int) -> Listening:
    """Listen (with the limits of bot/channels/http_limits.py); an address that cannot be
    bound raises OSError at once. `cleanup()` stops it."""
    guard = http[GUARD_KEY]
    assert isinstance(guard, Guard)
    runner = web.AppRunner(http, access_log=None, keepalive_timeout=guard.limits.keepalive,
                           shutdown_timeout=2.0)
    await runner.setup()
    try:
        listening = await Listening.start(runner, host, port, guard)
    except BaseException:
        await runner.cleanup()
        raise
    log.info("HTTP server on %s:%s", host, listening.port)
    return listening
