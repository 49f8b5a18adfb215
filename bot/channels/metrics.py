"""GET /metrics: Prometheus text for an operator (updates, replies, outbox depth, errors).

Totals come from the database (they survive restarts and count every process); the
`*_process_*` counters are this process's own since start. Personal data never appears:
labels are channel and status only.

Access: with `TUTOR_SENSUS_METRICS_TOKEN` set, a request needs `Authorization: Bearer
<token>`; without it, only requests from this machine (127.0.0.1, ::1) are answered.
Behind a reverse proxy every request looks local, so set a token there.
"""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    from bot.app import App

LOCAL = {"127.0.0.1", "::1"}


def allowed(request: web.Request, token: str | None) -> bool:
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(given.encode(), token.encode())
    return request.remote in LOCAL


def _line(name: str, value: float, **labels: str) -> str:
    if labels:
        inner = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
        return f"{name}{{{inner}}} {value:g}"
    return f"{name} {value:g}"


async def render(app: App) -> str:
    counts = await app.store.row_counts()  # constant time: see Store.row_counts
    lines = [
        "# HELP tutor_sensus_updates Updates by channel and status (new: waiting now;"
        " done: handled, failed: gave up after retries, both since the database began).",
        "# TYPE tutor_sensus_updates gauge",
    ]
    for _, channel, status, count in sorted(c for c in counts if c[0] == "inbox"):
        lines.append(_line("tutor_sensus_updates", count, channel=channel, status=status))
    lines += [
        "# HELP tutor_sensus_outbox Messages by channel and status (pending and sending:"
        " the depth now; sent, failed, blocked: since the database began).",
        "# TYPE tutor_sensus_outbox gauge",
    ]
    for _, channel, status, count in sorted(c for c in counts if c[0] == "outbox"):
        lines.append(_line("tutor_sensus_outbox", count, channel=channel, status=status))
    lines += [
        "# HELP tutor_sensus_process_updates_handled_total Updates handled by this process.",
        "# TYPE tutor_sensus_process_updates_handled_total counter",
        _line("tutor_sensus_process_updates_handled_total", app.processor.handled),
        "# HELP tutor_sensus_process_replies_sent_total Messages sent by this process.",
        "# TYPE tutor_sensus_process_replies_sent_total counter",
    ]
    for name, sender in sorted(app.senders.items()):
        lines.append(_line("tutor_sensus_process_replies_sent_total", sender.sent, channel=name))
    return "\n".join(lines) + "\n"


def add_metrics_route(http: web.Application, app: App, token: str | None) -> None:
    async def metrics(request: web.Request) -> web.Response:
        if not allowed(request, token):
            return web.Response(status=403, text="forbidden")
        return web.Response(text=await render(app), content_type="text/plain",
                            charset="utf-8", headers={"Cache-Control": "no-store"})

    http.router.add_get("/metrics", metrics)
