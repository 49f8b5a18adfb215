"""Staff pages: Suvenir (stock, vouchers per day, redemption), Kunjungan (visit requests and
their states, exports) and Pertanyaan (the question queue of /antrian, answered like /balas).

Redeeming is the same single conditional UPDATE as `/tukar` and `tutor-sensus voucher
redeem`, so a voucher is redeemed exactly once whichever desk confirms first.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.renderers.xlsx import workbook_xlsx
from bot.store.web import VISIT_MOVES, VISIT_STATES
from bot.web import acting
from bot.web.auth import Who
from bot.web.routes import back, flash, guarded, render
from conversations.core.i18n import Translator, format_day
from conversations.core.models import Reply
from conversations.core.roles import Role, staff_names, who_by_name
from conversations.core.voucher_codes import CodeProblem, parse
from conversations.reporting import exports
from conversations.resident import handoff

if TYPE_CHECKING:
    from bot.app import App

ANSWER_MAX = 2000
VISIT_EXPORT_COLUMNS = (*exports.VISIT_COLUMNS, "status", "diubah_oleh", "diubah_pada")


# --- Suvenir ------------------------------------------------------------------------------------
async def souvenirs(app: App, request: web.Request, who: Who, *,
                    voucher: dict[str, Any] | None = None, typed: str = "") -> web.Response:
    async with app.store.transaction() as tx:
        stock = await tx.stats.stock_rows()
        days = await tx.web.vouchers_by_day()
        counts = await tx.stats.voucher_counts()
    rows = [{"name": (s.name if (s := app.campaign.souvenir(sid)) else sid), "total": total,
             "taken": taken, "left": total - taken} for sid, total, taken in stock]
    return render(request, who, "souvenirs.html", stock=rows, days=list(reversed(days))[:14],
                  counts=counts, voucher=voucher, typed=typed)


def _voucher_view(app: App, who: Who, code: str, row: dict[str, Any]) -> dict[str, Any]:
    today = app.clock.today()
    expires = row["voucher_expires_on"]
    expired = bool(expires) and today > date.fromisoformat(expires)
    souvenir = app.campaign.souvenir(row["voucher_souvenir"])
    kecamatan = app.campaign.region.kecamatan_by_id(row["kecamatan"] or "")
    redeemed_at = row["voucher_redeemed_at"]
    return {
        "code": code, "mask": row["kk_mask"], "persons": row["persons"],
        "souvenir": souvenir.name if souvenir else row["voucher_souvenir"],
        "kecamatan": kecamatan.name if kecamatan else "-",
        "redeemed_at": _when(app, who, redeemed_at) if redeemed_at else None,
        "redeemed_by": row["voucher_redeemed_by"],
        "expired": format_day(date.fromisoformat(expires), who.lang) if expired else None,
        "open": not redeemed_at and not expired,
    }


def _when(app: App, who: Who, moment: str) -> str:
    at = datetime.fromisoformat(moment).astimezone(app.clock.now().tzinfo)
    return f"{format_day(at.date(), who.lang)} {at:%H.%M}"


async def souvenir_check(app: App, request: web.Request, who: Who) -> web.Response:
    form = await request.post()
    typed = str(form.get("kode", ""))[:40]
    t = Translator(who.lang, app.campaign, app.clock.today())
    code = parse(typed)
    if isinstance(code, CodeProblem):
        key = "redeem-code-typo" if code is CodeProblem.BAD_CHECK else "redeem-code-shape"
        flash(request, who, t(key))
        return await souvenirs(app, request, who, typed=typed)
    async with app.store.transaction() as tx:
        row = await tx.completions.voucher_get(code)
        names = await staff_names(tx, app.engine.config.staff_names)
    if row is None:
        flash(request, who, t("redeem-not-found", code=code))
        return await souvenirs(app, request, who, typed=typed)
    row = {**row, "voucher_redeemed_by": who_by_name(row["voucher_redeemed_by"] or "", names)}
    return await souvenirs(app, request, who, voucher=_voucher_view(app, who, code, row),
                           typed=code)


async def souvenir_redeem(app: App, request: web.Request, who: Who) -> web.StreamResponse:
    form = await request.post()
    code = parse(str(form.get("kode", "")))
    t = Translator(who.lang, app.campaign, app.clock.today())
    if isinstance(code, CodeProblem):
        flash(request, who, t("redeem-code-shape"))
        raise back("/admin/suvenir")
    now = app.clock.now()
    async with app.store.transaction() as tx:
        done = await tx.completions.voucher_redeem(code, who.id, now)
        if done:  # the audit log, like /tukar's
            await tx.add_event(who.channel, who.user, "voucher_redeemed", now, code)
    flash(request, who, t("redeem-done" if done else "redeem-just-redeemed", code=code))
    raise back("/admin/suvenir")


# --- Kunjungan ----------------------------------------------------------------------------------
def _visit_filters(request: web.Request, app: App) -> dict[str, Any]:
    kecamatan = request.query.get("kecamatan") or None
    if kecamatan and app.campaign.region.kecamatan_by_id(kecamatan) is None:
        kecamatan = None
    state = request.query.get("status") or None
    return {"kecamatan": kecamatan, "state": state if state in VISIT_STATES else None,
            "desa": (request.query.get("desa") or "").strip()[:60] or None}


async def visits(app: App, request: web.Request, who: Who) -> web.Response:
    filters = _visit_filters(request, app)
    async with app.store.transaction() as tx:
        rows = await tx.web.visits_list(kecamatan=filters["kecamatan"], state=filters["state"],
                                        desa=filters["desa"])
        states = await tx.web.visit_states()
        names = await staff_names(tx, app.engine.config.staff_names) if rows else {}
    for row in rows:
        row["state_by"] = who_by_name(row["state_by"] or "", names)  # staff by name
        kecamatan = app.campaign.region.kecamatan_by_id(row["kecamatan"] or "")
        row["kecamatan_name"] = kecamatan.name if kecamatan else "-"
        row["moves"] = VISIT_MOVES.get(row["state"], ())
        row["state_when"] = _when(app, who, row["state_at"]) if row["state_at"] else ""
        row["created"] = _when(app, who, row["created_at"])
    query = request.query_string
    return render(request, who, "visits.html", rows=rows, filters=filters, states=states,
                  all_states=VISIT_STATES, kecamatan=app.campaign.region.kecamatan,
                  query=("?" + query) if query else "")


async def visit_move(app: App, request: web.Request, who: Who) -> web.StreamResponse:
    form = await request.post()
    visit_id = int(request.match_info["id"])
    old, new = str(form.get("dari", "")), str(form.get("ke", ""))
    t = Translator(who.lang, app.campaign, app.clock.today())
    now = app.clock.now()
    async with app.store.transaction() as tx:
        moved = await tx.web.visit_set_state(visit_id, old, new, who.id, now)
        if moved:
            await tx.add_event(who.channel, who.user, "visit_state", now,
                               f"{visit_id}:{old}>{new}")
            visit = await tx.web.visit_get(visit_id)
            if new == "dijadwalkan" and visit is not None:
                await _tell_scheduled(app, tx, visit, now)
    if moved:
        acting.wake(app)
    flash(request, who, t("web-visit-moved" if moved else "web-visit-stale", id=visit_id,
                          state=t(f"web-visit-state-{new.replace('_', '-')}")
                          if new in VISIT_STATES else new))
    target = str(form.get("next", ""))
    raise back(target if target.startswith("/admin/kunjungan") else "/admin/kunjungan")


async def _tell_scheduled(app: App, tx: Any, visit: dict[str, Any], now: datetime) -> None:
    """The resident hears in their chat that an officer will come (in their language)."""
    person = await tx.get_person(visit["channel"], visit["user_id"])
    lang = (person or {}).get("lang") or "id"
    t = Translator(lang, app.campaign, now.date())
    text = t("visit-scheduled", desa=visit["desa"], rt_rw=visit["rt_rw"])
    await tx.enqueue(visit["channel"], visit["user_id"], Reply(text=text).model_dump_json(), now)


async def visits_export(app: App, request: web.Request, who: Who) -> web.Response:
    fmt = request.match_info["fmt"]
    filters = _visit_filters(request, app)
    # Read on a snapshot of its own (issue 14): up to 100k rows must not hold the write
    # transaction, and so every resident's reply, for as long as they take to read.
    async with app.store.reader() as rx:
        rows = await rx.web.visits_list(**filters, limit=100_000)
        names = await staff_names(rx, app.engine.config.staff_names)
    async with app.store.transaction() as tx:
        await tx.add_event(who.channel, who.user, "admin_export", app.clock.now(),
                           f"visits ({fmt}, web)")
    table = exports.visit_rows(rows, app.campaign)
    for out, row in zip(table, rows, strict=True):
        out.update(status=row["state"], diubah_oleh=who_by_name(row["state_by"] or "", names),
                   diubah_pada=exports._moment(row["state_at"]) if row["state_at"] else "")
    day = app.clock.today().isoformat()
    name = f"tutor-sensus-kunjungan-{day}.{fmt}"
    if fmt == "csv":
        text = await asyncio.to_thread(exports.to_csv, table, VISIT_EXPORT_COLUMNS)
        body = text.encode("utf-8-sig")
        kind = "text/csv"
    else:
        body = await asyncio.to_thread(workbook_xlsx, exports.workbook(
            [exports.Table("visits", table, VISIT_EXPORT_COLUMNS)]))
        kind = exports.XLSX_MIME
    return web.Response(body=body, content_type=kind, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


# --- Pertanyaan ---------------------------------------------------------------------------------
def _faq_answers(app: App, lang: str) -> list[dict[str, str]]:
    """The FAQ's answers, offered as the starting text of a staff answer."""
    t = Translator(lang, app.campaign, app.clock.today())
    return [{"id": topic, "label": t(f"faq-{topic}-label"), "text": t(f"faq-{topic}-answer")}
            for topic in app.campaign.faq.topics]


async def questions(app: App, request: web.Request, who: Who) -> web.Response:
    async with app.store.transaction() as tx:
        rows = await tx.web.handoffs_open()
    for row in rows:
        row["created"] = _when(app, who, row["created_at"])
        row["mine"] = row["claimed_by"] == who.id
    return render(request, who, "questions.html", rows=rows, faq=_faq_answers(app, who.lang))


async def question_claim(app: App, request: web.Request, who: Who) -> web.StreamResponse:
    number = int(request.match_info["id"])
    t = Translator(who.lang, app.campaign, app.clock.today())
    async with app.store.transaction() as tx:
        claimed = await tx.handoffs.handoff_claim(number, who.id, app.clock.now())
        if not claimed:
            ctx = acting.context(app, tx, who)
            why = await handoff._why_not(ctx, number)
    flash(request, who, t("web-question-claimed", id=number) if claimed else why.text)
    raise back(f"/admin/pertanyaan#q{number}")


async def question_answer(app: App, request: web.Request, who: Who) -> web.StreamResponse:
    form = await request.post()
    number = int(request.match_info["id"])
    answer = str(form.get("jawaban", "")).strip()
    t = Translator(who.lang, app.campaign, app.clock.today())
    if not answer or len(answer) > ANSWER_MAX:
        flash(request, who, t("web-answer-empty", max=ANSWER_MAX))
        raise back(f"/admin/pertanyaan#q{number}")
    async with app.store.transaction() as tx:
        ctx = acting.context(app, tx, who)
        go = await handoff.deliver(ctx, number, answer)
        outcome = await acting.settle(app, tx, ctx, go.say, who)
    acting.wake(app)
    flash(request, who, *outcome.notices)
    raise back("/admin/pertanyaan")


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_get("/admin/suvenir", guarded(Role.STAFF, souvenirs))
    router.add_post("/admin/suvenir/cek", guarded(Role.STAFF, souvenir_check))
    router.add_post("/admin/suvenir/tukar", guarded(Role.STAFF, souvenir_redeem))
    router.add_get("/admin/kunjungan", guarded(Role.STAFF, visits))
    router.add_get(r"/admin/kunjungan.{fmt:(csv|xlsx)}", guarded(Role.STAFF, visits_export))
    router.add_post(r"/admin/kunjungan/{id:\d{1,9}}", guarded(Role.STAFF, visit_move))
    router.add_get("/admin/pertanyaan", guarded(Role.STAFF, questions))
    router.add_post(r"/admin/pertanyaan/{id:\d{1,9}}/ambil",
                    guarded(Role.STAFF, question_claim))
    router.add_post(r"/admin/pertanyaan/{id:\d{1,9}}/jawab",
                    guarded(Role.STAFF, question_answer))
