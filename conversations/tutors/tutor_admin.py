"""Admins and tutors: the list (/tutor_daftar), revoking (/tutor_cabut), the registration
code (/tutor_kode), and events with their own code, links and poster (/acara_baru,
/acara, /acara_daftar).

The engine lets only admins reach these commands and the "ta." buttons (roles are checked
on every call). The tutor list is the one place in the chat with tutors' names and NIP.
"""

from __future__ import annotations

import re
from typing import Any

from conversations.core.flow import Context, Flow, Go, Step
from conversations.core.models import Document, Reply, Screen
from conversations.core.nip import LENGTH as NIP_LENGTH
from conversations.core.nip import digits_of, grouped
from conversations.reporting import leaderboard
from conversations.tutors import referral, registration, tutor

TUTOR_ADMIN = "tutor_admin"
MENU = "menu"
LIST_LINES = 20  # tutors listed in the chat; the CSV has all of them
_REGISTRATION_CODE = re.compile(r"^[A-Za-z0-9_-]{4,64}$")


# --- the list ---------------------------------------------------------------------------------
async def cmd_list(ctx: Context, args: str) -> Go:
    figures = await ctx.tx.tutors.tutor_figures()
    rows = leaderboard.tutor_rows(figures, ctx.campaign)
    if not rows:
        return Go(MENU, "main", say=[ctx.reply("tutor-list-empty")])
    active = sum(1 for r in rows if r["status"] == "active")
    lines = [ctx.t("tutor-list-header", count=len(rows), active=active)]
    for row in rows[:LIST_LINES]:
        lines.append(ctx.t(
            "tutor-list-line", rank=row["rank"] or "-", name=row["name"] or "-",
            nip=row["nip"] or "-", opd=row["opd"], code=row["code"],
            status=ctx.t(f"tutor-status-{row['status']}"),
            own=ctx.t("tutor-stats-own-yes" if row["own_census_done"] == "yes"
                      else "tutor-stats-own-no"),
            households=row["completed_households"], assisted=row["assisted_households"],
        ))
    if len(rows) > LIST_LINES:
        lines.append(ctx.t("tutor-list-more", count=len(rows) - LIST_LINES))
    tutors_csv = leaderboard.to_csv(rows, leaderboard.TUTOR_COLUMNS)
    opd_csv = leaderboard.to_csv(leaderboard.opd_rows(figures), leaderboard.OPD_COLUMNS)
    files = [
        Reply(text=ctx.t("tutor-list-file"), document=Document(
            file_name="tutor-sensus-tutors.csv", content=tutors_csv.encode(),
            mime_type="text/csv")),
        Reply(text=ctx.t("tutor-opd-file"), document=Document(
            file_name="tutor-sensus-opd.csv", content=opd_csv.encode(), mime_type="text/csv")),
    ]
    return Go(MENU, "main", say=[Reply(text="\n".join(lines)), *files])


# --- revoking ---------------------------------------------------------------------------------
async def cmd_revoke(ctx: Context, args: str) -> Go:
    if not args:
        return Go(MENU, "main", say=[ctx.reply("tutor-revoke-usage")])
    digits = digits_of(args)
    found = None
    if digits.isdigit() and len(digits) == NIP_LENGTH:
        found = await ctx.tx.tutors.tutor_by_nip(digits)
    else:
        code = referral.parse_code(args)
        if isinstance(code, str):
            found = await ctx.tx.tutors.tutor_by_code(code)
    if found is None or found["nip"] is None:
        return Go(MENU, "main", say=[ctx.reply("tutor-revoke-not-found", what=args.strip())])
    if found["revoked_at"] is not None:
        return Go(MENU, "main", say=[ctx.reply("tutor-revoke-already", name=found["name"])])
    return Go(TUTOR_ADMIN, "revoke", {"id": found["id"]})


async def show_revoke(ctx: Context) -> Screen:
    found = await ctx.tx.tutors.tutor_get(ctx.state.data["id"])
    assert found is not None
    return Screen(
        text=ctx.t("tutor-revoke-confirm", name=found["name"] or "-",
                   nip=grouped(found["nip"]) if found["nip"] else "-",
                   opd=leaderboard.opd_name(found), code=found["code"]),
        nav=[ctx.choice("ta.revoke", "tutor-revoke-yes"), ctx.choice("menu", "tutor-cancel")],
    )


async def on_revoke_choice(ctx: Context, choice_id: str) -> Go | None:
    if choice_id != "ta.revoke":
        return None
    tutor_id = ctx.state.data["id"]
    found = await ctx.tx.tutors.tutor_get(tutor_id)
    by = f"{ctx.person.channel}:{ctx.person.user}"
    if found is None or not await ctx.tx.tutors.tutor_revoke(tutor_id, by, ctx.now):
        return Go(MENU, "main", say=[ctx.reply("tutor-revoke-already", name="-")])
    ctx.emit("tutor_revoked", str(tutor_id))
    notices = [Reply(text=ctx.t("tutor-revoked-notice"), to=f"{channel}:{user}")
               for channel, user in await ctx.tx.tutors.tutor_accounts(tutor_id)]
    return Go(MENU, "main", say=[*notices, ctx.reply("tutor-revoke-done", name=found["name"])])


# --- the registration code --------------------------------------------------------------------
async def cmd_code(ctx: Context, args: str) -> Go:
    if not args:
        current = await registration.registration_code(ctx)
        key = "tutor-code-current" if current else "tutor-code-none"
        return Go(MENU, "main", say=[ctx.reply(key, code=current or "")])
    new = args.strip()
    if not _REGISTRATION_CODE.match(new):
        return Go(MENU, "main", say=[ctx.reply("tutor-code-invalid")])
    await ctx.tx.tutors.tutor_set_registration_code(new)
    ctx.emit("tutor_code_changed")
    return Go(MENU, "main", say=[ctx.reply("tutor-code-changed", code=new)])


# --- events -----------------------------------------------------------------------------------
async def cmd_event_new(ctx: Context, args: str) -> Go:
    name = " ".join(args.split())
    if not 3 <= len(name) <= 80:
        return Go(MENU, "main", say=[ctx.reply("event-usage")])
    code = await registration.new_referral_code(ctx)
    event_id = await ctx.tx.tutors.event_add(name, code, ctx.now)
    ctx.emit("event_created", str(event_id))
    return _event_kit(ctx, {"id": event_id, "name": name, "code": code}, created=True)


async def cmd_event(ctx: Context, args: str) -> Go:
    code = referral.parse_code(args) if args else None
    event = await ctx.tx.tutors.event_by_code(code) if isinstance(code, str) else None
    if event is None:
        return await cmd_event_list(ctx, "")
    return _event_kit(ctx, event, created=False)


async def cmd_event_list(ctx: Context, args: str) -> Go:
    events = leaderboard.event_rows(await ctx.tx.tutors.event_figures())
    if not events:
        return Go(MENU, "main", say=[ctx.reply("event-list-empty")])
    lines = [ctx.t("event-list-header", count=len(events))]
    lines += [ctx.t("event-list-line", name=e["event"], code=e["code"],
                    reached=e["residents_reached"], households=e["completed_households"],
                    persons=e["completed_persons"]) for e in events]
    return Go(MENU, "main", say=[Reply(text="\n".join(lines))])


def _event_kit(ctx: Context, event: dict[str, Any], *, created: bool) -> Go:
    say = [ctx.reply("event-created", name=event["name"], code=event["code"])] if created else []
    say += tutor.kit(ctx, "acara", event["code"], event["name"])
    return Go(TUTOR_ADMIN, "event", {"id": event["id"], "code": event["code"],
                                     "name": event["name"]}, say=say)


async def show_event(ctx: Context) -> Screen:
    data = ctx.state.data
    links = tutor.links_for(ctx, "acara", data["code"])
    nav = [ctx.choice(f"ta.poster.{channel}", f"ref-poster-{channel}") for channel in links]
    nav.append(ctx.choice("menu", "nav-menu"))
    key = "event-shared" if links else "tutor-shared-no-links"
    return Screen(text=ctx.t(key, code=data["code"]), nav=nav)


async def on_event_choice(ctx: Context, choice_id: str) -> Go | None:
    data = dict(ctx.state.data)
    channel = choice_id.removeprefix("ta.poster.")
    links = tutor.links_for(ctx, "acara", data["code"])
    if not choice_id.startswith("ta.poster.") or channel not in links:
        return None
    say = tutor.poster_replies(ctx, "acara", data["code"], channel, links[channel],
                               ctx.t("ref-poster-event", event=data["name"]))
    return Go(TUTOR_ADMIN, "event", data, say=say)


FLOW = Flow(
    TUTOR_ADMIN,
    {
        "revoke": Step(show_revoke, on_choice=on_revoke_choice),
        "event": Step(show_event, on_choice=on_event_choice),
    },
)
