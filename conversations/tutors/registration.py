"""ASN tutors' registration (`/tutor`, for someone who is not a tutor yet), one screen each:
the registration code, the NIP, the full name, the OPD, the kecamatan, then a confirmation; or,
for a NIP already registered from another account, joining that tutor (see tutor.py's
docstring). The steps are part of the tutor flow (`STEPS`, in tutor.FLOW)."""

from __future__ import annotations

import hmac
import re
from datetime import date
from typing import Any

from babel.dates import format_date

from conversations.core.flow import Context, Go, Step
from conversations.core.i18n import format_day
from conversations.core.models import Choice, Reply, Screen
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
from conversations.tutors.referral import CHANNEL_NAMES

TUTOR = attribution.TUTOR
MENU = "menu"
MAX_WRONG_PER_DAY = 5  # wrong registration codes (or names when joining) per account per day
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
# Names: letters (any script), spaces and the punctuation of names and titles ("S.Pd.").
_NAME = re.compile(r"^[^\W\d_](?:[^\W\d_]|[ .,'\-()])*$")
_OPD_TEXT = re.compile(r"^[^\W_](?:[\w .,'()&/\-])*$")


async def open_tutor(ctx: Context) -> Go:
    """The tutor's menu, or registration for someone who is not a tutor yet."""
    tutor = await ctx.tx.tutors.tutor_of_account(ctx.person.channel, ctx.person.user)
    if tutor is not None and tutor["active"]:
        return Go(TUTOR, "home")
    if tutor is not None:
        return Go(TUTOR, "revoked")
    if await registration_code(ctx) is None:
        return Go(MENU, "main", say=[ctx.reply("tutor-closed")])
    if await wrong_today(ctx) >= MAX_WRONG_PER_DAY:
        return Go(MENU, "main", say=[ctx.reply("tutor-code-locked")])
    ctx.emit("tutor_register_start")
    return Go(TUTOR, "code")


async def registration_code(ctx: Context) -> str | None:
    """The code an admin set in the chat, else the setting's; None: registration closed."""
    return await ctx.tx.tutors.tutor_registration_code() or ctx.config.tutor_code


async def wrong_today(ctx: Context) -> int:
    midnight = ctx.now.replace(hour=0, minute=0, second=0, microsecond=0)
    person = ctx.person
    return int(await ctx.tx.tutors.tutor_wrong_attempts(person.channel, person.user, midnight))


async def _wrong(ctx: Context, what: str, key: str, data: dict[str, Any]) -> Go:
    """One more wrong code or name; after too many today, registration stops until tomorrow."""
    ctx.emit("tutor_code_wrong", what)
    if await wrong_today(ctx) + 1 >= MAX_WRONG_PER_DAY:
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


async def on_typed_code(ctx: Context, text: str) -> Go | None:
    """The engine's text hook: the registration code typed outside registration (an ASN told
    "daftar dengan kode BATANG2020" types just the code) starts registration past the code,
    instead of an FAQ guess. One word only, so no other message costs a lookup."""
    if len(text) > 64 or len(text.split()) != 1:
        return None
    expected = await registration_code(ctx)
    typed = text.strip().casefold().encode()
    if expected is None or not hmac.compare_digest(typed, expected.strip().casefold().encode()):
        return None
    if (go := await open_tutor(ctx)).flow != TUTOR or go.step != "code":
        return go  # a tutor already, revoked, or locked for today
    return Go(TUTOR, "nip", {"code_ok": True}, say=[ctx.reply("tutor-code-ok")])


# --- the NIP ----------------------------------------------------------------------------------
async def show_nip(ctx: Context) -> Screen:
    return Screen(text=ctx.t("tutor-ask-nip"), nav=[_cancel(ctx)])


def nip_problem(ctx: Context, error: NipError) -> Reply:
    """What is wrong, in plain words: the dates the digits say ("lahir 15 Maret 2015")."""
    lang = ctx.person.lang
    args: dict[str, str | int] = {}
    digits = digits_of(ctx.incoming.text or "")
    if error.problem in (NipProblem.BIRTH_YEAR, NipProblem.APPOINTMENT_TOO_YOUNG):
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
        # A year as text: "2003", never a number formatted "2.003".
        args = {"born": format_day(born, lang),
                "latest": str(ctx.today.year - MIN_AGE_AT_APPOINTMENT)}
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


STEPS = {  # (in tutor.FLOW)
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
}
