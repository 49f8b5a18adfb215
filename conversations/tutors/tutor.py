"""ASN tutors: registration (`/tutor`), the tutor's menu, sharing, assisted filling, figures.

Registration asks, one screen each: the registration code (given out by admins; the
setting TUTOR_SENSUS_TUTOR_CODE, or the one an admin set with /tutor_kode), the NIP
(structure checked by conversations/core/nip.py), the full name, the OPD (from the campaign file,
or "Lainnya" and typed), the kecamatan, then a confirmation. The right code is all it takes:
the tutor is active at once.

One tutor per NIP: a NIP already registered from another account (the same person on
WhatsApp and Telegram) joins that tutor after the person confirms it is them and types the
registered name; the other accounts are told. Never a second tutor.

The tutor's menu: report their own household (the completions flow; the first household a
tutor reports is marked as their own), share their link (an invitation to forward, the
Telegram deep link, the wa.me link), a QR poster (an image, and the same PNG as a document so
chat apps do not compress it), "Saya membantu warga" (the completions flow for a household
without a phone, marked assisted, capped per day), and their figures.

Choice ids: "tutor" and "tu.<x>" in GLOBAL_CHOICES work from any screen (the engine routes
them here); "tu.<x>" ids of one screen are handled by that step.
"""

from __future__ import annotations

import hmac
import re
from datetime import date
from typing import Any

from babel.dates import format_date

from conversations.core.flow import Context, Flow, Go, Step
from conversations.core.i18n import format_day
from conversations.core.models import Choice, Document, Poster, Reply, Screen
from conversations.core.nip import (
    MIN_AGE_AT_APPOINTMENT,
    Nip,
    NipError,
    NipProblem,
    check,
    digits_of,
)
from conversations.core.text import normalise
from conversations.reporting import leaderboard
from conversations.tutors import attribution, referral
from conversations.tutors.opd import typed_opd

TUTOR = attribution.TUTOR
MENU = "menu"
MAX_WRONG_PER_DAY = 5  # wrong registration codes (or names when joining) per account per day
GLOBAL_CHOICES = frozenset({"tutor", "tu.home", "tu.own", "tu.share", "tu.poster", "tu.assist",
                            "tu.stats"})
NIP_KEYS = {
    NipProblem.EMPTY: "tutor-nip-not-digits",
    NipProblem.NOT_DIGITS: "tutor-nip-not-digits",
    NipProblem.LENGTH: "tutor-nip-length",
    NipProblem.BIRTH_DATE: "tutor-nip-birth-date",
    NipProblem.BIRTH_YEAR: "tutor-nip-birth-year",
    NipProblem.APPOINTMENT: "tutor-nip-appointment",
    NipProblem.APPOINTMENT_FUTURE: "tutor-nip-appointment-future",
    NipProblem.APPOINTMENT_TOO_YOUNG: "tutor-nip-appointment-young",
    NipProblem.SEX: "tutor-nip-sex",
    NipProblem.SERIAL: "tutor-nip-serial",
}
CHANNEL_NAMES = {"telegram": "Telegram", "whatsapp": "WhatsApp", "console": "konsol"}
# Names: letters (any script), spaces and the punctuation of names and titles ("S.Pd.").
_NAME = re.compile(r"^[^\W\d_](?:[^\W\d_]|[ .,'\-()])*$")
_OPD_TEXT = re.compile(r"^[^\W_](?:[\w .,'()&/\-])*$")


# --- entry points -----------------------------------------------------------------------------
async def cmd_tutor(ctx: Context, args: str) -> Go:
    return await open_tutor(ctx)


async def cmd_stats(ctx: Context, args: str) -> Go:
    if await attribution.active_tutor(ctx) is None:
        return Go(TUTOR, "not_tutor")
    return Go(TUTOR, "stats")


async def open_tutor(ctx: Context) -> Go:
    """The tutor's menu, or registration for someone who is not a tutor yet."""
    tutor = await ctx.tx.tutors.tutor_of_account(ctx.person.channel, ctx.person.user)
    if tutor is not None and tutor["active"]:
        return Go(TUTOR, "home")
    if tutor is not None:
        return Go(TUTOR, "revoked")
    if await registration_code(ctx) is None:
        return Go(MENU, "main", say=[ctx.reply("tutor-closed")])
    if await _wrong_today(ctx) >= MAX_WRONG_PER_DAY:
        return Go(MENU, "main", say=[ctx.reply("tutor-code-locked")])
    ctx.emit("tutor_register_start")
    return Go(TUTOR, "code")


async def on_global_choice(ctx: Context, choice_id: str) -> Go:
    if choice_id in ("tutor", "tu.home"):
        return await open_tutor(ctx)
    tutor = await attribution.active_tutor(ctx)
    if tutor is None:
        return Go(TUTOR, "not_tutor")
    if choice_id == "tu.own":
        return ctx.enter("completion")
    if choice_id == "tu.share":
        return share(ctx, tutor)
    if choice_id == "tu.poster":
        return await poster_or_choose(ctx, tutor)
    if choice_id == "tu.assist":
        if (stop := await attribution.assisted_check(ctx)) is not None:
            return stop
        ctx.emit("assisted_start")
        return ctx.enter("completion.assisted")
    return Go(TUTOR, "stats")


async def registration_code(ctx: Context) -> str | None:
    """The code an admin set in the chat, else the setting's; None: registration closed."""
    return await ctx.tx.tutors.tutor_registration_code() or ctx.config.tutor_code


async def _wrong_today(ctx: Context) -> int:
    midnight = ctx.now.replace(hour=0, minute=0, second=0, microsecond=0)
    person = ctx.person
    return int(await ctx.tx.tutors.tutor_wrong_attempts(person.channel, person.user, midnight))


async def _wrong(ctx: Context, what: str, key: str, data: dict[str, Any]) -> Go:
    """One more wrong code or name; after too many today, registration stops until tomorrow."""
    ctx.emit("tutor_code_wrong", what)
    if await _wrong_today(ctx) + 1 >= MAX_WRONG_PER_DAY:
        return Go(MENU, "main", say=[ctx.reply("tutor-code-locked")])
    return Go(TUTOR, ctx.state.step, data, say=[ctx.reply(key)])


def _cancel(ctx: Context) -> Choice:
    return ctx.choice("menu", "tutor-cancel")


# --- registration: the code -------------------------------------------------------------------
async def show_code(ctx: Context) -> Screen:
    return Screen(text=ctx.t("tutor-ask-code"), nav=[_cancel(ctx)])


async def on_code_text(ctx: Context, text: str) -> Go | None:
    expected = await registration_code(ctx)
    if expected is None:
        return Go(MENU, "main", say=[ctx.reply("tutor-closed")])
    typed = text.strip().casefold().encode()
    if not hmac.compare_digest(typed, expected.strip().casefold().encode()):
        return await _wrong(ctx, "code", "tutor-code-wrong", {})
    return Go(TUTOR, "nip", {"code_ok": True}, say=[ctx.reply("tutor-code-ok")])


# --- the NIP ----------------------------------------------------------------------------------
async def show_nip(ctx: Context) -> Screen:
    return Screen(text=ctx.t("tutor-ask-nip"), nav=[_cancel(ctx)])


def nip_problem(ctx: Context, error: NipError) -> Reply:
    """What is wrong, in plain words: the dates the digits say ("lahir 15 Maret 2015")."""
    lang, args = ctx.person.lang, {}
    digits = digits_of(ctx.incoming.text or "")
    if error.problem in (NipProblem.BIRTH_YEAR, NipProblem.APPOINTMENT_TOO_YOUNG):
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
        args = {"born": format_day(born, lang), "latest": ctx.today.year - MIN_AGE_AT_APPOINTMENT}
        if error.problem is NipProblem.APPOINTMENT_TOO_YOUNG:
            appointed = date(int(digits[8:12]), int(digits[12:14]), 1)
            args["appointed"] = format_date(appointed, "MMMM y", locale=lang)
            args["age"] = max(0, appointed.year - born.year)
    return ctx.reply(NIP_KEYS[error.problem], count=error.digit_count, part=error.part, **args)


async def on_nip_text(ctx: Context, text: str) -> Go | None:
    data = dict(ctx.state.data)
    if ctx.redactions:  # a long run was typed: taken out as a KK/NIK before we saw it
        count = ctx.redactions[-1].digits
        return Go(TUTOR, "nip", data, say=[ctx.reply("tutor-nip-length", count=count, part="")])
    result = check(text, ctx.today)
    if isinstance(result, NipError):
        return Go(TUTOR, "nip", data, say=[nip_problem(ctx, result)])
    existing = await ctx.tx.tutors.tutor_by_nip(result.digits)
    if existing is None:
        return Go(TUTOR, "name", {**data, "nip": result.digits})
    if not existing["active"]:
        return Go(TUTOR, "revoked")
    return Go(TUTOR, "link", {**data, "nip": result.digits, "tutor": existing["id"]})


# --- the same NIP from another account: join that tutor after confirming ----------------------
async def show_link(ctx: Context) -> Screen:
    accounts = await ctx.tx.tutors.tutor_accounts(ctx.state.data["tutor"])
    where = ", ".join(sorted({CHANNEL_NAMES.get(c, c) for c, _ in accounts})) or "-"
    return Screen(
        text=ctx.t("tutor-link-ask", channels=where),
        nav=[ctx.choice("tu.link_yes", "tutor-link-yes"),
             ctx.choice("tu.link_no", "tutor-link-no"), _cancel(ctx)],
    )


async def on_link_choice(ctx: Context, choice_id: str) -> Go | None:
    data = dict(ctx.state.data)
    if choice_id == "tu.link_yes":
        return Go(TUTOR, "link_name", data)
    if choice_id == "tu.link_no":
        return Go(TUTOR, "nip", {"code_ok": True}, say=[ctx.reply("tutor-link-not-me")])
    return None


async def show_link_name(ctx: Context) -> Screen:
    return Screen(text=ctx.t("tutor-link-ask-name"), nav=[_cancel(ctx)])


async def on_link_name_text(ctx: Context, text: str) -> Go | None:
    data = dict(ctx.state.data)
    tutor = await ctx.tx.tutors.tutor_get(data["tutor"])
    if tutor is None or not tutor["active"]:
        return Go(TUTOR, "revoked")
    if normalise(text) != normalise(tutor["name"] or ""):
        return await _wrong(ctx, "name", "tutor-link-name-wrong", data)
    others = await ctx.tx.tutors.tutor_accounts(tutor["id"])
    person = ctx.person
    if not await ctx.tx.tutors.tutor_link(tutor["id"], person.channel, person.user, ctx.now):
        return await open_tutor(ctx)  # this account joined a tutor a moment ago
    ctx.emit("tutor_linked", ctx.person.channel)
    here = CHANNEL_NAMES.get(ctx.person.channel, ctx.person.channel)
    notices = [Reply(text=ctx.t("tutor-link-notice", channel=here), to=f"{channel}:{user}")
               for channel, user in others]
    return Go(TUTOR, "home", say=[*notices, ctx.reply("tutor-linked")])


# --- name, OPD, kecamatan ---------------------------------------------------------------------
async def show_name(ctx: Context) -> Screen:
    return Screen(text=ctx.t("tutor-ask-name"), nav=[_cancel(ctx)])


def clean_name(text: str) -> str | None:
    name = " ".join(text.split())
    letters = sum(ch.isalpha() for ch in name)
    if not 3 <= len(name) <= 100 or letters < 2 or not _NAME.match(name):
        return None
    return name


async def on_name_text(ctx: Context, text: str) -> Go | None:
    name = clean_name(text)
    if name is None:
        return Go(TUTOR, "name", dict(ctx.state.data), say=[ctx.reply("tutor-name-invalid")])
    return Go(TUTOR, "opd", {**ctx.state.data, "name": name})


async def show_opd(ctx: Context) -> Screen:
    items = [Choice(id=f"tu.opd.{i}", label=name)
             for i, name in enumerate(ctx.campaign.tutors.opd)]
    # "Not in the list" on every page, not after the last one.
    nav = [ctx.choice("tu.opd.other", "tutor-opd-other-label"), _cancel(ctx)]
    return Screen(text=ctx.t("tutor-ask-opd"), items=items, nav=nav)


async def on_opd_choice(ctx: Context, choice_id: str) -> Go | None:
    data = dict(ctx.state.data)
    if choice_id == "tu.opd.other":
        return Go(TUTOR, "opd_other", data)
    index = choice_id.removeprefix("tu.opd.")
    opds = ctx.campaign.tutors.opd
    if not choice_id.startswith("tu.opd.") or not index.isdigit() or int(index) >= len(opds):
        return None
    return Go(TUTOR, "kecamatan", {**data, "opd": opds[int(index)], "opd_other": None})


async def on_opd_text(ctx: Context, text: str) -> Go | None:
    """A typed OPD: an abbreviation from the campaign file ("disdukcapil"), or a name typed
    loosely ("dinas kesehtan", "kependudukan") that fits one OPD only."""
    opds = ctx.campaign.tutors.opd
    found = typed_opd(text, opds, ctx.campaign.tutors.opd_aliases)
    if found is not None:
        return Go(TUTOR, "kecamatan", {**ctx.state.data, "opd": found, "opd_other": None})
    return Go(TUTOR, "opd", dict(ctx.state.data), say=[ctx.reply("tutor-opd-pick")])


async def show_opd_other(ctx: Context) -> Screen:
    return Screen(text=ctx.t("tutor-ask-opd-other"), nav=[_cancel(ctx)])


async def on_opd_other_text(ctx: Context, text: str) -> Go | None:
    typed = " ".join(text.split())
    if not 2 <= len(typed) <= 80 or not _OPD_TEXT.match(typed):
        return Go(TUTOR, "opd_other", dict(ctx.state.data),
                  say=[ctx.reply("tutor-opd-other-invalid")])
    return Go(TUTOR, "kecamatan",
              {**ctx.state.data, "opd": leaderboard.OTHER_OPD, "opd_other": typed})


async def show_kecamatan(ctx: Context) -> Screen:
    items = [Choice(id=f"tu.kec.{k.id}", label=k.name) for k in ctx.campaign.region.kecamatan]
    return Screen(text=ctx.t("tutor-ask-kecamatan"), items=items,
                  nav=[ctx.choice("tu.kec_skip", "nav-skip"), _cancel(ctx)])


async def on_kecamatan_choice(ctx: Context, choice_id: str) -> Go | None:
    data = dict(ctx.state.data)
    if choice_id == "tu.kec_skip":
        return Go(TUTOR, "confirm", {**data, "kecamatan": None})
    kecamatan = ctx.campaign.region.kecamatan_by_id(choice_id.removeprefix("tu.kec."))
    if not choice_id.startswith("tu.kec.") or kecamatan is None:
        return None
    return Go(TUTOR, "confirm", {**data, "kecamatan": kecamatan.id})


async def on_kecamatan_text(ctx: Context, text: str) -> Go | None:
    return Go(TUTOR, "kecamatan", dict(ctx.state.data), say=[ctx.reply("done-kecamatan-pick")])


def _opd_of(data: dict[str, Any]) -> str:
    return leaderboard.opd_name({"opd": data["opd"], "opd_other": data.get("opd_other")})


def _kecamatan_name(ctx: Context, kecamatan_id: str | None) -> str:
    kecamatan = ctx.campaign.region.kecamatan_by_id(kecamatan_id or "")
    return kecamatan.name if kecamatan else "-"


async def show_confirm(ctx: Context) -> Screen:
    data = ctx.state.data
    nip = check(data["nip"], ctx.today)
    return Screen(
        text=ctx.t("tutor-confirm", nip=nip.grouped if isinstance(nip, Nip) else data["nip"],
                   name=data["name"], opd=_opd_of(data),
                   kecamatan=_kecamatan_name(ctx, data.get("kecamatan"))),
        nav=[ctx.choice("tu.save", "tutor-save"), ctx.choice("tu.again", "tutor-again"),
             _cancel(ctx)],
    )


async def on_confirm_choice(ctx: Context, choice_id: str) -> Go | None:
    data = dict(ctx.state.data)
    if choice_id == "tu.again":
        return Go(TUTOR, "nip", {"code_ok": True})
    if choice_id != "tu.save":
        return None
    if await ctx.tx.tutors.tutor_of_account(ctx.person.channel, ctx.person.user) is not None:
        return await open_tutor(ctx)  # registered a moment ago (a double tap)
    code = await new_referral_code(ctx)
    tutor_id = await ctx.tx.tutors.tutor_add(
        nip=data["nip"], name=data["name"], opd=data["opd"], opd_other=data.get("opd_other"),
        kecamatan=data.get("kecamatan"), code=code, channel=ctx.person.channel,
        user_id=ctx.person.user, now=ctx.now,
    )
    if tutor_id is None:  # the same NIP was registered from another account meanwhile
        existing = await ctx.tx.tutors.tutor_by_nip(data["nip"])
        if existing is None or not existing["active"]:
            return Go(TUTOR, "revoked")
        return Go(TUTOR, "link", {**data, "tutor": existing["id"]})
    ctx.emit("tutor_registered", _opd_of(data))
    return Go(TUTOR, "home", say=[ctx.reply("tutor-registered", code=code)])


async def new_referral_code(ctx: Context) -> str:
    while True:
        code = referral.new_code()
        if not await ctx.tx.tutors.referral_code_taken(code):
            return code


# --- the tutor's menu -------------------------------------------------------------------------
async def _me(ctx: Context) -> dict[str, Any] | None:
    return await attribution.active_tutor(ctx)


async def show_home(ctx: Context) -> Screen:
    tutor = await _me(ctx)
    if tutor is None:
        return await show_not_tutor(ctx)
    own = await ctx.tx.tutors.tutor_has_own_household(tutor["id"])
    lines = [ctx.t("tutor-home", name=tutor["name"], opd=leaderboard.opd_name(tutor),
                   code=tutor["code"]),
             ctx.t("tutor-home-own-done" if own else "tutor-home-own-first")]
    nav = [] if own else [ctx.choice("tu.own", "tutor-own")]
    nav += [ctx.choice("tu.share", "tutor-share"), ctx.choice("tu.poster", "tutor-poster"),
            ctx.choice("tu.assist", "tutor-assist"), ctx.choice("tu.stats", "tutor-stats"),
            ctx.choice("menu", "nav-menu")]
    return Screen(text="\n\n".join(lines), nav=nav)


async def show_not_tutor(ctx: Context) -> Screen:
    return Screen(text=ctx.t("tutor-not-registered"),
                  nav=[ctx.choice("tutor", "tutor-register"), ctx.choice("menu", "nav-menu")])


async def show_revoked(ctx: Context) -> Screen:
    return Screen(text=ctx.t("tutor-revoked"), nav=[ctx.choice("menu", "nav-menu")])


async def show_assisted_capped(ctx: Context) -> Screen:
    return Screen(
        text=ctx.t("tutor-assisted-capped", n=ctx.state.data.get("n", 0),
                   max=ctx.config.assisted_per_day),
        nav=[ctx.choice("tu.home", "tutor-home-button"), ctx.choice("menu", "nav-menu")],
    )


# --- sharing: links, invitation, poster -------------------------------------------------------
def links_for(ctx: Context, kind: referral.Kind, code: str) -> dict[str, str]:
    """The links that carry a code, per channel, for the channels this bot runs on."""
    links: dict[str, str] = {}
    if bot := ctx.links.get("telegram"):
        links["telegram"] = referral.telegram_link(bot, kind, code)
    number = ctx.config.whatsapp_number or ctx.links.get("whatsapp", "").rpartition("/")[2]
    if number:
        prefill = ctx.t(f"ref-wa-prefill-{kind}", code=code)
        links["whatsapp"] = referral.whatsapp_link(number, prefill)
    return links


def _until(ctx: Context) -> str:
    return format_day(ctx.calendar.closes, ctx.person.lang)  # as known today


def kit(ctx: Context, kind: referral.Kind, code: str, signed: str) -> list[Reply]:
    """The invitation to forward (links in it), then a note on how to use it."""
    links = links_for(ctx, kind, code)
    lines = "\n".join(
        ctx.t(f"ref-link-{channel}", link=link) for channel, link in links.items()
    ) or ctx.t("ref-link-none", code=code)
    invitation = ctx.t(f"ref-invite-{kind}", links=lines, code=code, until=_until(ctx),
                       signed=signed)
    return [Reply(text=invitation)]


def share(ctx: Context, tutor: dict[str, Any]) -> Go:
    ctx.emit("tutor_share")
    say = kit(ctx, "tutor", tutor["code"], tutor["name"])
    return Go(TUTOR, "shared", say=say)


async def show_shared(ctx: Context) -> Screen:
    tutor = await _me(ctx)
    if tutor is None:
        return await show_not_tutor(ctx)
    has_links = bool(links_for(ctx, "tutor", tutor["code"]))
    return Screen(
        text=ctx.t("tutor-shared" if has_links else "tutor-shared-no-links", code=tutor["code"]),
        nav=[ctx.choice("tu.poster", "tutor-poster"), ctx.choice("tu.home", "tutor-home-button"),
             ctx.choice("menu", "nav-menu")],
    )


def poster_replies(
    ctx: Context, kind: referral.Kind, code: str, channel: str, link: str, name_line: str
) -> list[Reply]:
    """The poster as a photo (to look at) and as a document (full quality, to print)."""
    poster = Poster(
        link=link,
        call_to_action=ctx.t("ref-poster-cta"),
        name_line=name_line,
        footer=ctx.t(f"ref-poster-footer-{kind}", channel=CHANNEL_NAMES[channel], code=code),
    )
    file_name = f"poster-{kind}-{code}-{channel}.png"
    return [
        Reply(text=ctx.t("ref-poster-caption", channel=CHANNEL_NAMES[channel]),
              image_render=poster),
        Reply(text=ctx.t("ref-poster-file"),
              document=Document(file_name=file_name, render=poster, mime_type="image/png")),
    ]


async def poster_or_choose(ctx: Context, tutor: dict[str, Any]) -> Go:
    links = links_for(ctx, "tutor", tutor["code"])
    if not links:
        return Go(TUTOR, "shared", say=[ctx.reply("ref-poster-no-links")])
    if len(links) > 1:
        return Go(TUTOR, "poster")
    return _poster(ctx, tutor, next(iter(links)))


def _poster(ctx: Context, tutor: dict[str, Any], channel: str) -> Go:
    link = links_for(ctx, "tutor", tutor["code"])[channel]
    ctx.emit("tutor_poster", channel)
    say = poster_replies(ctx, "tutor", tutor["code"], channel, link,
                         ctx.t("ref-poster-name", name=tutor["name"]))
    return Go(TUTOR, "shared", say=say)


async def show_poster(ctx: Context) -> Screen:
    return Screen(
        text=ctx.t("ref-poster-which"),
        nav=[ctx.choice("tu.poster.telegram", "ref-poster-telegram"),
             ctx.choice("tu.poster.whatsapp", "ref-poster-whatsapp"),
             ctx.choice("tu.home", "tutor-home-button")],
    )


async def on_poster_choice(ctx: Context, choice_id: str) -> Go | None:
    channel = choice_id.removeprefix("tu.poster.")
    tutor = await _me(ctx)
    if tutor is None:
        return Go(TUTOR, "not_tutor")
    if channel not in links_for(ctx, "tutor", tutor["code"]):
        return None
    return _poster(ctx, tutor, channel)


# --- figures ----------------------------------------------------------------------------------
async def show_stats(ctx: Context) -> Screen:
    tutor = await _me(ctx)
    if tutor is None:
        return await show_not_tutor(ctx)
    figures = await ctx.tx.tutors.tutor_figures()
    mine = next(f for f in figures if f["id"] == tutor["id"])
    rank, total = leaderboard.rank_in_opd(figures, tutor["id"])
    text = ctx.t(
        "tutor-stats-text",
        own=ctx.t("tutor-stats-own-yes" if mine["own_household"] else "tutor-stats-own-no"),
        reached=mine["reached"], started=mine["started"], households=mine["households"],
        persons=mine["persons"], assisted=mine["assisted"], opd=leaderboard.opd_name(tutor),
        rank=rank, total=total,
    )
    return Screen(text=text, nav=[ctx.choice("tu.home", "tutor-home-button"),
                                  ctx.choice("menu", "nav-menu")])


FLOW = Flow(
    TUTOR,
    {
        "code": Step(show_code, on_text=on_code_text, text_first=True),
        "nip": Step(show_nip, on_text=on_nip_text, text_first=True, keeps_nip=True),
        "link": Step(show_link, on_choice=on_link_choice),
        "link_name": Step(show_link_name, on_text=on_link_name_text, text_first=True),
        "name": Step(show_name, on_text=on_name_text, text_first=True),
        "opd": Step(show_opd, on_choice=on_opd_choice, on_text=on_opd_text),
        "opd_other": Step(show_opd_other, on_text=on_opd_other_text, text_first=True),
        "kecamatan": Step(show_kecamatan, on_choice=on_kecamatan_choice,
                          on_text=on_kecamatan_text),
        "confirm": Step(show_confirm, on_choice=on_confirm_choice),
        "home": Step(show_home),
        "shared": Step(show_shared),
        "poster": Step(show_poster, on_choice=on_poster_choice),
        "stats": Step(show_stats),
        "not_tutor": Step(show_not_tutor),
        "revoked": Step(show_revoked),
        "assisted_capped": Step(show_assisted_capped),
    },
)
