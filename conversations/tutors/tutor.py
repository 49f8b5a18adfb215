"""ASN tutors: registration (`/tutor`; its steps in registration.py), the tutor's menu,
sharing, assisted filling, figures.

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

from typing import Any

from conversations.core.flow import Context, Flow, Go, Step
from conversations.core.i18n import format_day
from conversations.core.models import Document, Poster, Reply, Screen
from conversations.reporting import leaderboard
from conversations.tutors import attribution, referral, registration
from conversations.tutors.registration import open_tutor

TUTOR = attribution.TUTOR
GLOBAL_CHOICES = frozenset({"tutor", "tu.home", "tu.own", "tu.share", "tu.poster", "tu.assist",
                            "tu.stats"})


# --- entry points -----------------------------------------------------------------------------
async def cmd_tutor(ctx: Context, args: str) -> Go:
    return await open_tutor(ctx)


async def cmd_stats(ctx: Context, args: str) -> Go:
    if await attribution.active_tutor(ctx) is None:
        return Go(TUTOR, "not_tutor")
    return Go(TUTOR, "stats")


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
        footer=ctx.t(f"ref-poster-footer-{kind}", channel=referral.CHANNEL_NAMES[channel],
                     code=code),
    )
    file_name = f"poster-{kind}-{code}-{channel}.png"
    return [
        Reply(text=ctx.t("ref-poster-caption", channel=referral.CHANNEL_NAMES[channel]),
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
        **registration.STEPS,
        "home": Step(show_home),
        "shared": Step(show_shared),
        "poster": Step(show_poster, on_choice=on_poster_choice),
        "stats": Step(show_stats),
        "not_tutor": Step(show_not_tutor),
        "revoked": Step(show_revoked),
        "assisted_capped": Step(show_assisted_capped),
    },
)
