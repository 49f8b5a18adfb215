"""Admins' reading pages: Ringkasan (the same figures as `tutor-sensus stats`, read by the
same `stats.gather`), Funnel over a period, Tutor (leaderboards, events, posters), Audit,
and the live counts (Server-Sent Events)."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.renderers import fulfil
from bot.web import acting, svg
from bot.web.auth import Who
from bot.web.routes import CLOSING, guarded, render
from conversations.core.i18n import Translator, format_number, format_share
from conversations.core.roles import Role, staff_names
from conversations.reporting import exports, leaderboard, stats
from conversations.tutors import tutor

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger(__name__)

LIVE_SECONDS = 2.0  # how often a live page's counts are read again


def _day_counts(figures: stats.Figures, day: date) -> tuple[int, int]:
    for d, households, persons, _ in figures.by_day:
        if d == day.isoformat():
            return households, persons
    return 0, 0


async def overview(app: App, request: web.Request, who: Who) -> web.Response:
    today = app.clock.today()
    async with app.store.transaction() as tx:
        figures = await stats.gather(tx, app.campaign, today)
        live = await live_counts(app, tx, who)
    t = Translator(who.lang, app.campaign, app.clock.today())
    ranked = sorted(figures.kecamatan, key=lambda r: (-r.progress, r.name))
    pct = stats.percent

    def n(value: int) -> str:
        return format_number(value, who.lang)

    # One unit everywhere, as /statistik: progress against the target (the target = 100%);
    # the share of the whole population beside it, named as such.
    rows = [{"row": r, "pct": pct(r.progress, who.lang),
             "population": pct(stats.population_share(r), who.lang)} for r in ranked]
    share = app.campaign.target.share
    chart_rows = [(r.name + ("*" if r.uncertain else ""), r.progress, r.persons > 0,
                   t("chart-value", percent=pct(r.progress, who.lang), persons=n(r.persons)))
                  for r in sorted(figures.kecamatan, key=lambda r: r.name)]
    by_day = [(date.fromisoformat(d), h) for d, h, _, _ in figures.by_day]
    last = min(max(today, app.campaign.timeline.final.opens), app.campaign.timeline.final.closes)
    charts = {
        "progress": svg.progress_bars(
            chart_rows, title=t("chart-title", region=app.campaign.region.name),
            target_label=t("chart-target-line", share=format_share(share, who.lang)),
            axis=t("chart-progress-axis", share=format_share(share, who.lang))),
        "days": svg.per_day(by_day, app.campaign.timeline.final.opens, last,
                            title=t("chart-per-day"), axis=t("chart-households-axis")),
        "progress_title": t("chart-title", region=app.campaign.region.name),
        "days_title": t("chart-per-day"),
    }
    return render(
        request, who, "overview.html", figures=figures, rows=rows, charts=charts,
        total_pct=pct(figures.total.progress, who.lang), live=live,
        total_population=pct(stats.population_share(figures.total), who.lang),
        today=_day_counts(figures, today), yesterday=_day_counts(figures,
                                                                today - timedelta(days=1)),
        share=format_share(share, who.lang),
        channels=sorted(figures.channels.items()),
        uncertain=[r.name for r in figures.kecamatan if r.uncertain],
    )


async def live_counts(app: App, tx: Any, who: Who) -> dict[str, Any]:
    """What a live page updates: the totals of Ringkasan (Batang's own KK only, as the
    total row), today's completions, vouchers, and the running broadcast's progress."""
    today = app.clock.today().isoformat()
    by_kecamatan = await tx.stats.completions_by_kecamatan()
    households = sum(r["households"] for r in by_kecamatan if r["in_region"])
    persons = sum(r["persons"] for r in by_kecamatan if r["in_region"])
    days = await tx.stats.completions_by_day()
    today_households = next((h for d, h, _, _ in days if d == today), 0)
    vouchers = await tx.stats.voucher_counts()
    counts: dict[str, Any] = {
        "households": households, "persons": persons, "today": today_households,
        "issued": vouchers["issued"], "redeemed": vouchers["redeemed"],
    }
    if who.role >= Role.ADMIN:
        from bot.web.siaran import progress

        counts["broadcast"] = await progress(app, tx, who)
    return counts


async def live(app: App, request: web.Request, who: Who) -> web.StreamResponse:
    """Server-Sent Events: the counts whenever they change (checked every 2 s), and a
    comment line otherwise so that proxies keep the stream open."""
    response = web.StreamResponse(headers={
        "Content-Type": "text/event-stream", "Cache-Control": "no-store",
        "X-Accel-Buffering": "no",
    })
    await response.prepare(request)
    last = None
    closing: asyncio.Event = request.app[CLOSING]
    try:
        while not closing.is_set():
            async with app.store.transaction() as tx:
                counts = await live_counts(app, tx, who)
            body = json.dumps(counts, sort_keys=True)
            if body != last:
                await response.write(f"data: {body}\n\n".encode())
                last = body
            else:
                await response.write(b": idle\n\n")
            try:
                async with asyncio.timeout(LIVE_SECONDS):
                    await closing.wait()
            except TimeoutError:
                pass
    except (ConnectionResetError, asyncio.CancelledError):
        pass
    return response


async def stop_streams(http: web.Application) -> None:
    """At shutdown live streams end at once (the server would wait for them otherwise)."""
    http[CLOSING].set()


def _period(request: web.Request, today: date, opens: date) -> tuple[date, date]:
    def day(name: str, default: date) -> date:
        try:
            return date.fromisoformat(request.query.get(name, ""))
        except ValueError:
            return default
    since, until = day("dari", opens), day("sampai", today)
    return (since, until) if since <= until else (until, since)


async def funnel(app: App, request: web.Request, who: Who) -> web.Response:
    today = app.clock.today()
    since, until = _period(request, today, app.campaign.timeline.final.opens)
    async with app.store.transaction() as tx:
        data = await tx.web.funnel_between(since.isoformat(), until.isoformat())
    t = Translator(who.lang, app.campaign, app.clock.today())
    tops: dict[int, tuple[int, int]] = data["tops"]
    steps: list[dict[str, Any]] = []
    for index, step in enumerate(app.campaign.tutorial.steps):
        reached = sum(count for top, (count, _) in tops.items() if top >= index)
        problems = [(t(f"problem-{p}-label"), count)
                    for p, count in data["problems"].get(index, [])]
        steps.append({"n": index + 1, "title": t(f"step-{step.id}-title"), "reached": reached,
                      "stopped": tops.get(index, (0, 0))[1], "problems": problems})
    widest = max([int(s["reached"]) for s in steps] + [int(data["started"]), 1])
    return render(request, who, "funnel.html", steps=steps, started=data["started"],
                  widest=widest, since=since, until=until)


async def tutors(app: App, request: web.Request, who: Who) -> web.Response:
    async with app.store.transaction() as tx:
        figures = await tx.tutors.tutor_figures()
        events = leaderboard.event_rows(await tx.tutors.event_figures())
        ctx = acting.context(app, tx, who)
    for event in events:
        event["links"] = tutor.links_for(ctx, "acara", event["code"])
    return render(request, who, "tutors.html", opd=leaderboard.opd_rows(figures),
                  tutors=leaderboard.tutor_rows(figures, app.campaign)[:100], events=events)


async def poster(app: App, request: web.Request, who: Who) -> web.StreamResponse:
    code, channel = request.match_info["code"], request.match_info["channel"]
    async with app.store.transaction() as tx:
        event = await tx.tutors.event_by_code(code)
        ctx = acting.context(app, tx, who)
    links = tutor.links_for(ctx, "acara", code) if event else {}
    if channel not in links:
        raise web.HTTPNotFound()
    assert event is not None
    replies = await fulfil(tutor.poster_replies(  # drawn in a worker thread
        ctx, "acara", code, channel, links[channel],
        ctx.t("ref-poster-event", event=event["name"])))
    return web.Response(body=replies[0].image, content_type="image/png", headers={
        "Content-Disposition": f'attachment; filename="poster-{code}-{channel}.png"'})


async def audit(app: App, request: web.Request, who: Who) -> web.Response:
    kind = request.query.get("jenis") or None
    by = (request.query.get("oleh") or "").strip() or None
    day = request.query.get("tanggal") or None
    if kind not in exports.AUDIT_KINDS:
        kind = None
    async with app.store.transaction() as tx:
        rows = await tx.web.audit_filtered(exports.AUDIT_KINDS, kind=kind, who=by, day=day)
        names = await staff_names(tx, app.engine.config.staff_names) if rows else {}
    # In the admin's language, staff by name, as /audit in the chat.
    t = Translator(who.lang, app.campaign, app.clock.today())
    return render(request, who, "audit.html", rows=exports.audit_rows(rows, t, names),
                  kinds=exports.AUDIT_KINDS, kind=kind, by=by or "", day=day or "")


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_get("/admin/funnel", guarded(Role.ADMIN, funnel))
    router.add_get("/admin/tutor", guarded(Role.ADMIN, tutors))
    router.add_get("/admin/tutor/poster/{code}/{channel}.png", guarded(Role.ADMIN, poster))
    router.add_get("/admin/audit", guarded(Role.ADMIN, audit))
    router.add_get("/admin/langsung", guarded(Role.STAFF, live))
