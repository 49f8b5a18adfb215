""""Minta didatangi petugas": a household that cannot fill in online asks for the officer.

With consent first (what is kept and why), then one question per screen: the kecamatan (if
not known), desa/kelurahan, RT/RW and a contact number. The resident is told honestly what
happens next: the officers of the field stage visit households that did not fill in online;
the bot does not promise a date or a call.
"""

from __future__ import annotations

import re

from conversations.core.flow import Context, Flow, Go, Step
from conversations.core.models import Choice, Screen

VISIT = "visit"
# "003/005", "3/5", "RT 3 RW 5", "rt03 rw05", "3 5": two numbers and nothing else.
RT_RW_ALLOWED = re.compile(r"^[\drtw/\\.,\-\s]+$", re.IGNORECASE)
PHONE = re.compile(r"^(?:\+?62|0)8\d{7,11}$")
DESA_MAX = 60


def start(ctx: Context) -> Go:
    if not ctx.calendar.visits_open:  # the field stage is over: say what happened instead
        ctx.emit("visit_refused")
        return Go(VISIT, "over")
    ctx.emit("visit_start")
    return Go(VISIT, "consent")


async def show_over(ctx: Context) -> Screen:
    channels = "\n".join(f"• {h.label}" + (f": {h.value}" if h.value else "")
                         for h in ctx.campaign.help_channels)
    return Screen(text=ctx.t("visit-over", channels=channels),
                  nav=[ctx.choice("menu", "nav-menu")])


def _cancel(ctx: Context) -> Choice:
    return ctx.choice("menu", "visit-cancel")


async def show_consent(ctx: Context) -> Screen:
    return Screen(
        text=ctx.t("visit-consent"),
        nav=[ctx.choice("visit.agree", "visit-agree"), _cancel(ctx)],
    )


async def on_consent_choice(ctx: Context, choice_id: str) -> Go | None:
    if choice_id != "visit.agree":
        return None
    if ctx.person.kecamatan is None:
        return Go(VISIT, "kecamatan")
    return Go(VISIT, "desa", {"kecamatan": ctx.person.kecamatan})


async def show_kecamatan(ctx: Context) -> Screen:
    items = [Choice(id=f"kec.{k.id}", label=k.name) for k in ctx.campaign.region.kecamatan]
    return Screen(text=ctx.t("visit-ask-kecamatan"), items=items, nav=[_cancel(ctx)])


async def on_kecamatan_choice(ctx: Context, choice_id: str) -> Go | None:
    kecamatan = ctx.campaign.region.kecamatan_by_id(choice_id.removeprefix("kec."))
    if not choice_id.startswith("kec.") or kecamatan is None:
        return None
    ctx.person.kecamatan = kecamatan.id
    return Go(VISIT, "desa", {"kecamatan": kecamatan.id})


async def on_kecamatan_text(ctx: Context, text: str) -> Go | None:
    return Go(VISIT, "kecamatan", say=[ctx.reply("done-kecamatan-pick")])


async def show_desa(ctx: Context) -> Screen:
    return Screen(text=ctx.t("visit-ask-desa"), nav=[_cancel(ctx)])


async def on_desa_text(ctx: Context, text: str) -> Go | None:
    desa = " ".join(text.split())
    if len(desa) < 3 or len(desa) > DESA_MAX or not any(ch.isalpha() for ch in desa):
        return Go(VISIT, "desa", dict(ctx.state.data), say=[ctx.reply("visit-desa-invalid")])
    return Go(VISIT, "rt_rw", {**ctx.state.data, "desa": desa})


async def show_rt_rw(ctx: Context) -> Screen:
    return Screen(text=ctx.t("visit-ask-rt-rw"), nav=[_cancel(ctx)])


async def on_rt_rw_text(ctx: Context, text: str) -> Go | None:
    numbers = re.findall(r"\d+", text)
    valid = RT_RW_ALLOWED.match(text) and len(numbers) == 2 and all(len(n) <= 3 for n in numbers)
    if not valid or 0 in (int(numbers[0]), int(numbers[1])):
        return Go(VISIT, "rt_rw", dict(ctx.state.data), say=[ctx.reply("visit-rt-rw-invalid")])
    rt_rw = f"{int(numbers[0]):03d}/{int(numbers[1]):03d}"
    return Go(VISIT, "contact", {**ctx.state.data, "rt_rw": rt_rw})


async def show_contact(ctx: Context) -> Screen:
    return Screen(text=ctx.t("visit-ask-contact"), nav=[_cancel(ctx)])


async def on_contact_text(ctx: Context, text: str) -> Go | None:
    number = re.sub(r"[\s.\-()]", "", text)
    if PHONE.match(number) is None:
        return Go(VISIT, "contact", dict(ctx.state.data),
                  say=[ctx.reply("visit-contact-invalid")])
    if number.startswith("+"):
        number = number[1:]
    if number.startswith("0"):
        number = "62" + number[1:]
    return Go(VISIT, "confirm", {**ctx.state.data, "contact": number})


async def show_confirm(ctx: Context) -> Screen:
    data = ctx.state.data
    kecamatan = ctx.campaign.region.kecamatan_by_id(data.get("kecamatan") or "")
    return Screen(
        text=ctx.t("visit-confirm", kecamatan=kecamatan.name if kecamatan else "-",
                   desa=data["desa"], rt_rw=data["rt_rw"], contact="+" + data["contact"]),
        nav=[ctx.choice("visit.save", "visit-save"), ctx.choice("visit.again", "visit-again"),
             _cancel(ctx)],
    )


async def on_confirm_choice(ctx: Context, choice_id: str) -> Go | None:
    if choice_id == "visit.again":
        return Go(VISIT, "desa", {"kecamatan": ctx.state.data.get("kecamatan")})
    if choice_id != "visit.save":
        return None
    data = ctx.state.data
    if not ctx.calendar.visits_open:  # begun in time, confirmed after the field stage
        return Go(VISIT, "over")
    await ctx.tx.completions.visit_add(
        ctx.person.channel, ctx.person.user, kecamatan=data.get("kecamatan"),
        desa=data["desa"], rt_rw=data["rt_rw"], contact=data["contact"], now=ctx.now,
    )
    ctx.emit("visit_request", data.get("kecamatan"))
    return Go(VISIT, "saved")


async def show_saved(ctx: Context) -> Screen:
    return Screen(text=ctx.t("visit-saved"), nav=[ctx.choice("menu", "nav-menu")])


FLOW = Flow(
    VISIT,
    {
        "consent": Step(show_consent, on_choice=on_consent_choice),
        "kecamatan": Step(show_kecamatan, on_choice=on_kecamatan_choice,
                          on_text=on_kecamatan_text),
        "desa": Step(show_desa, on_text=on_desa_text, text_first=True),
        # A lone number is never an answer here (RT and RW are two): "1" is "1. Batal".
        "rt_rw": Step(show_rt_rw, on_text=on_rt_rw_text, text_first=True),
        "contact": Step(show_contact, on_text=on_contact_text, text_first=True),
        "confirm": Step(show_confirm, on_choice=on_confirm_choice),
        "saved": Step(show_saved),
        "over": Step(show_over),
    },
)
