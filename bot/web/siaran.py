"""Siaran: the broadcasts of `/siaran` from a browser. Compose (or pick a ready message),
choose the segment, see `/siaran`'s own preview (recipients per platform, WhatsApp template
and daily limit, quiet hours), confirm, and follow the progress live with pause, resume and
cancel. Every step calls the broadcast flow's functions, so the checks, the one-at-a-time
rule and the audit events are the chat's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.web import acting
from bot.web.auth import Who
from bot.web.routes import back, flash, guarded, render
from conversations.admin import broadcast, bulk_messages
from conversations.core import segments
from conversations.core.i18n import Translator
from conversations.core.roles import Role
from conversations.core.segments import SegmentError

if TYPE_CHECKING:
    from bot.app import App

ACTIONS = {"jeda": "pause", "lanjut": "resume"}


async def progress(app: App, tx: Any, who: Who) -> dict[str, Any] | None:
    """The running broadcast, else the latest one: its status and counts."""
    current = await tx.bulk.broadcast_active()
    if current is None:
        row = await tx.web.broadcast_latest()
        current = row
    if current is None:
        return None
    counts = await tx.bulk.broadcast_progress(current["id"])
    total = int(current["total"])
    processed = sum(counts[k] for k in ("sent", "failed", "blocked", "skipped", "cancelled"))
    return {"id": current["id"], "status": current["status"], "total": total,
            "processed": processed, "percent": int(processed * 100 / total) if total else 100,
            **counts}


def _message(form: Any) -> tuple[dict[str, Any], str | None]:
    """The message chosen in the form ({"key"} or {"text"}) and the problem with it."""
    ready = str(form.get("siap", ""))
    if ready in broadcast.READY:
        return {"key": f"bc-ready-{ready}"}, None
    text = str(form.get("teks", "")).strip()
    if len(text) < broadcast.TEXT_MIN:
        return {"text": text}, "bc-text-short"
    if len(text) > broadcast.TEXT_MAX:
        return {"text": text}, "bc-text-long"
    return {"text": text}, None


def _segment(form: Any, app: App) -> str | None:
    name = str(form.get("segmen", ""))
    if name == "kecamatan":
        name = f"kecamatan:{form.get('kecamatan', '')}"
    elif name == "inactive":
        name = f"inactive:{str(form.get('hari', '')).strip()}"
    try:
        segment = segments.parse(name)
    except SegmentError:
        return None
    if segment.name == "kecamatan" and app.campaign.region.kecamatan_by_id(
            segment.argument or "") is None:
        return None
    return segment.id


async def page(app: App, request: web.Request, who: Who, *, preview: str | None = None,
               chosen: dict[str, Any] | None = None, status: int = 200) -> web.Response:
    async with app.store.transaction() as tx:
        current = await progress(app, tx, who)
    t = Translator(who.lang, app.campaign, app.clock.today())
    ready = [{"name": name, "label": t(f"bc-ready-{name}-label"),
              "text": bulk_messages.render(t, app.campaign, app.clock.today(),
                                           f"bc-ready-{name}", None)} for name in broadcast.READY]
    return render(request, who, "broadcasts.html", status=status, current=current,
                  ready=ready, simple=segments.SIMPLE, kecamatan=app.campaign.region.kecamatan,
                  preview=preview, chosen=chosen or {}, text_max=broadcast.TEXT_MAX,
                  days_max=segments.INACTIVE_DAYS_MAX)


async def show(app: App, request: web.Request, who: Who) -> web.Response:
    return await page(app, request, who)


async def preview(app: App, request: web.Request, who: Who) -> web.Response:
    form = await request.post()
    t = Translator(who.lang, app.campaign, app.clock.today())
    message, problem = _message(form)
    segment = _segment(form, app)
    chosen = {**message, "segment": segment or "", "form": dict(form)}
    if problem:
        flash(request, who, t(problem, max=broadcast.TEXT_MAX,
                              count=len(message.get("text", ""))))
        return await page(app, request, who, chosen=chosen, status=400)
    if segment is None:
        flash(request, who, t("web-bc-segment-invalid", max=segments.INACTIVE_DAYS_MAX))
        return await page(app, request, who, chosen=chosen, status=400)
    async with app.store.transaction() as tx:
        ctx = acting.context(app, tx, who, {**message, "segment": segment})
        screen = await broadcast.show_preview(ctx)
    can_send = any(c.id == "ad.bc.send" for c in screen.nav)
    chosen["can_send"] = can_send
    return await page(app, request, who, preview=screen.text, chosen=chosen)


async def send(app: App, request: web.Request, who: Who) -> web.StreamResponse:
    form = await request.post()
    message, problem = _message(form)
    segment = _segment(form, app)
    t = Translator(who.lang, app.campaign, app.clock.today())
    if problem or segment is None:
        flash(request, who, t("web-bc-segment-invalid", max=segments.INACTIVE_DAYS_MAX))
        raise back("/admin/siaran")
    async with app.store.transaction() as tx:
        ctx = acting.context(app, tx, who, {**message, "segment": segment})
        go = await broadcast.on_preview_choice(ctx, "ad.bc.send")
        replies = go.say if go is not None else []
        outcome = await acting.settle(app, tx, ctx, replies, who, to_own_chat=True)
    acting.wake(app)
    # The progress message's text is for the chat (the page shows its own bar).
    flash(request, who, *[n for n in outcome.notices[:1]])
    raise back("/admin/siaran")


async def control(app: App, request: web.Request, who: Who) -> web.StreamResponse:
    form = await request.post()
    number = int(request.match_info["id"])
    action = request.match_info["action"]
    t = Translator(who.lang, app.campaign, app.clock.today())
    async with app.store.transaction() as tx:
        ctx = acting.context(app, tx, who)
        if action == "batal":
            if form.get("yakin") != "ya":
                found = await tx.bulk.broadcast_get(number)
                counts = await tx.bulk.broadcast_progress(number) if found else {"pending": 0}
                return render(request, who, "broadcast_cancel.html", id=number,
                              left=counts["pending"])
            if await tx.bulk.broadcast_cancel(number, ctx.now):
                ctx.emit("broadcast_cancel", str(number))
                replies = [ctx.reply("bc-cancelled", id=number)]
            else:
                replies = [ctx.reply("bc-not-running", id=number)]
        else:
            go = await broadcast.on_control(ctx, f"bc.{ACTIONS[action]}.{number}")
            replies = go.say if go is not None else [ctx.reply("bc-not-running", id=number)]
        outcome = await acting.settle(app, tx, ctx, replies, who)
    flash(request, who, *outcome.notices or [t("bc-not-running", id=number)])
    raise back("/admin/siaran")


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_get("/admin/siaran", guarded(Role.ADMIN, show))
    router.add_post("/admin/siaran/pratinjau", guarded(Role.ADMIN, preview))
    router.add_post("/admin/siaran/kirim", guarded(Role.ADMIN, send))
    router.add_post(r"/admin/siaran/{id:\d{1,9}}/{action:(jeda|lanjut|batal)}",
                    guarded(Role.ADMIN, control))
