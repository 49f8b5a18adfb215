"""Staff redeem a souvenir voucher: `/tukar KODE`, check it, hand over the souvenir once.

Only staff reach this flow (the engine checks the role for the command and for every "rd."
button). Redeeming is one conditional UPDATE: when two officers (or the bot and the command
line) confirm the same voucher at once, exactly one succeeds and the other is told.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from conversations.core.flow import Context, Flow, Go, Step
from conversations.core.i18n import DEFAULT_LANGUAGE, Translator, format_day
from conversations.core.models import Document, Reply, Screen, StoredFile, Template
from conversations.core.roles import staff_names, who_by_name
from conversations.core.voucher_codes import CodeProblem, parse
from conversations.households import completion

REDEEM = "redeem"
TEMPLATE_PARAM_MAX = 1024  # WhatsApp: the most a template's body parameter may hold
PROOF_STATE_KEYS = {
    "attached": "redeem-proof-attached",
    "at-channel": "redeem-proof-at-channel",
    "none": "redeem-proof-none",
}


async def cmd_redeem(ctx: Context, args: str) -> Go:
    if not args:
        return Go(REDEEM, "ask")
    return await look_up(ctx, args)


async def look_up(ctx: Context, typed: str) -> Go:
    code = parse(typed)
    if isinstance(code, CodeProblem):
        key = "redeem-code-typo" if code is CodeProblem.BAD_CHECK else "redeem-code-shape"
        return Go(REDEEM, "ask", say=[ctx.reply(key)])
    if await ctx.tx.completions.voucher_get(code) is None:
        return Go(REDEEM, "ask", say=[ctx.reply("redeem-not-found", code=code)])
    return Go(REDEEM, "show", {"code": code, "proof_sent": False})


async def show_ask(ctx: Context) -> Screen:
    return Screen(text=ctx.t("redeem-ask"), nav=[ctx.choice("menu", "nav-menu")])


async def on_ask_text(ctx: Context, text: str) -> Go | None:
    return await look_up(ctx, text)


def _when(ctx: Context, moment: str) -> str:
    at = datetime.fromisoformat(moment).astimezone(ctx.now.tzinfo)
    return f"{format_day(at.date(), ctx.person.lang)} {at:%H.%M}"


async def show_voucher(ctx: Context) -> Screen:
    data = ctx.state.data
    voucher = await ctx.tx.completions.voucher_get(data["code"])
    assert voucher is not None  # vouchers are never deleted
    kecamatan = ctx.campaign.region.kecamatan_by_id(voucher["kecamatan"] or "")
    souvenir = ctx.campaign.souvenir(voucher["voucher_souvenir"])
    lines = [ctx.t(
        "redeem-details", code=data["code"], souvenir=souvenir.name if souvenir else "",
        mask=voucher["kk_mask"], persons=voucher["persons"],
        kecamatan=kecamatan.name if kecamatan else ctx.t("done-outside-region"),
    )]
    expires = voucher["voucher_expires_on"]
    expired = bool(expires) and ctx.today > date.fromisoformat(expires)
    opens = ctx.campaign.vouchers.redeem_from  # the office's exchange window, from the campaign
    not_yet = opens is not None and ctx.today < opens
    if voucher["voucher_redeemed_at"]:
        by = voucher["voucher_redeemed_by"] or ""  # staff by name, as in the audit log
        lines.append(ctx.t("redeem-status-redeemed", at=_when(ctx, voucher["voucher_redeemed_at"]),
                           by=who_by_name(by, await staff_names(ctx.tx, ctx.config.staff_names))))
    elif expired:
        lines.append(ctx.t("redeem-status-expired",
                           day=format_day(date.fromisoformat(expires), ctx.person.lang)))
    elif opens is not None and not_yet:
        lines.append(ctx.t("redeem-status-not-yet", day=format_day(opens, ctx.person.lang)))
    else:
        lines.append(ctx.t("redeem-status-open"))
    before = [] if data.get("proof_sent") else _proof(ctx, voucher)
    lines.append(ctx.t(PROOF_STATE_KEYS[_proof_state(voucher)]))
    nav = []
    if not voucher["voucher_redeemed_at"] and not expired and not not_yet:
        nav.append(ctx.choice("rd.confirm", "redeem-confirm"))
    nav += [ctx.choice("rd.kk", "redeem-check-kk"), ctx.choice("rd.other", "redeem-another"),
            ctx.choice("menu", "nav-menu")]
    data["proof_sent"] = True
    return Screen(before=before, text="\n\n".join(lines), nav=nav)


def _proof_state(voucher: dict[str, Any]) -> str:
    # A stored proof's file exists until the retention date, when its path is forgotten too.
    if voucher["proof_path"]:
        return "attached"
    if voucher["proof_file_id"]:
        return "at-channel"
    return "none"


def _proof(ctx: Context, voucher: dict[str, Any]) -> list[Reply]:
    """The proof the resident sent, as a photo or a document, for staff to look at."""
    if _proof_state(voucher) != "attached":
        return []
    path = str(voucher["proof_path"])
    stored = StoredFile(path=path)  # read by the application, off the event loop
    caption = ctx.t("redeem-proof-caption", mask=voucher["kk_mask"])
    if path.lower().endswith(".pdf"):
        return [Reply(text=caption, document=Document(
            file_name=path.replace("\\", "/").rsplit("/", 1)[-1], render=stored,
            mime_type="application/pdf"))]
    return [Reply(text=caption, image_render=stored)]


async def on_voucher_choice(ctx: Context, choice_id: str) -> Go | None:
    data = dict(ctx.state.data)
    if choice_id == "rd.other":
        return Go(REDEEM, "ask")
    if choice_id == "rd.kk":
        return Go(REDEEM, "kk", data)
    if choice_id != "rd.confirm":
        return None
    staff = f"{ctx.person.channel}:{ctx.person.user}"
    if await ctx.tx.completions.voucher_redeem(data["code"], staff, ctx.now):
        ctx.emit("voucher_redeemed", data["code"])
        say = [ctx.reply("redeem-done", code=data["code"])]
        return Go(REDEEM, "show", data, say=say + await _tell_resident(ctx, data["code"]))
    return Go(REDEEM, "show", data, say=[ctx.reply("redeem-just-redeemed", code=data["code"])])


async def _tell_resident(ctx: Context, code: str) -> list[Reply]:
    """The account that reported the household learns at once that its voucher was used:
    a voucher redeemed by someone else is noticed the same day. Nobody to tell when the
    resident deleted their data (the completion keeps no account then)."""
    voucher = await ctx.tx.completions.voucher_get(code)
    if voucher is None or not voucher["user_id"]:
        return []
    channel, user = voucher["channel"], voucher["user_id"]
    if (channel, user) == (ctx.person.channel, ctx.person.user):
        return []  # staff redeeming their own household's voucher already see it
    row = await ctx.tx.get_person(channel, user)
    lang = row["lang"] if row else DEFAULT_LANGUAGE
    t = Translator(lang, ctx.campaign, ctx.today)
    at = datetime.fromisoformat(voucher["voucher_redeemed_at"]).astimezone(ctx.now.tzinfo)
    text = t("voucher-redeemed-notice", code=code,
             at=f"{format_day(at.date(), lang)} {at:%H.%M}",
             place=ctx.campaign.vouchers.redeem_place or t("voucher-place-unknown"))
    template = None
    if await ctx.tx.whatsapp.needs_template(channel, user, ctx.now):
        # WhatsApp after 24 hours: only an approved template reaches them (as handoff does).
        general = ctx.campaign.whatsapp_template(None)
        if general is not None:
            template = Template(name=general.name, language=general.language,
                                params=[" ".join(text.split())[:TEMPLATE_PARAM_MAX]])
    return [Reply(to=f"{channel}:{user}", text=text, template=template)]


async def show_kk(ctx: Context) -> Screen:
    return Screen(text=ctx.t("redeem-ask-kk"), nav=[ctx.choice("rd.back", "redeem-back")])


async def on_kk_text(ctx: Context, text: str) -> Go | None:
    data = dict(ctx.state.data)
    if not ctx.redactions:
        return Go(REDEEM, "kk", data, say=[ctx.reply("done-kk-not-digits", count=0)])
    if (wrong := completion.mistyped(ctx, ctx.redactions[-1])) is not None:
        return Go(REDEEM, "kk", data, say=[wrong])
    voucher = await ctx.tx.completions.voucher_get(data["code"])
    same = voucher is not None and voucher["kk_hash"] == ctx.redactions[-1].digest
    key = "redeem-kk-match" if same else "redeem-kk-differs"
    return Go(REDEEM, "show", data, say=[ctx.reply(key)])


async def on_kk_choice(ctx: Context, choice_id: str) -> Go | None:
    return Go(REDEEM, "show", dict(ctx.state.data)) if choice_id == "rd.back" else None


FLOW = Flow(
    REDEEM,
    {
        "ask": Step(show_ask, on_text=on_ask_text, text_first=True),
        "show": Step(show_voucher, on_choice=on_voucher_choice),
        "kk": Step(show_kk, on_text=on_kk_text, on_choice=on_kk_choice, text_first=True),
    },
)
