"""The main menu, help and language choice."""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from typing import Any

from conversations.core.flow import Context, Flow, Go, Step
from conversations.core.i18n import LANGUAGES, Translator
from conversations.core.models import Choice, Reply, Screen
from conversations.core.roles import Role
from conversations.core.words import Words
from conversations.resident import remind, tutorial

MENU = "menu"
MY_VOUCHER = "vc.mine"  # the households feature's "Voucher saya" (its global choice)
WELCOME_BACK_AFTER = timedelta(hours=3)


def home(ctx: Context, *, greeting: bool = False, say: list[Reply] | None = None) -> Go:
    """The main menu; after a greeting, with a welcome (a greeting never resets progress)."""
    data: dict[str, Any] = {}
    if greeting and (kind := _words().greeting_kind(ctx.incoming.text or "")) in (
        "religious", "time"
    ):
        data["greet_back"] = kind  # "Wa'alaikumsalam" / "Selamat sore" before the menu
    if greeting:
        last_seen = ctx.person.last_seen
        if last_seen is not None and ctx.now - last_seen >= WELCOME_BACK_AFTER:
            data["greeting"] = "welcome_back"
        elif ctx.person.is_new or (ctx.incoming.text or "").startswith("/start"):
            data["greeting"] = "welcome"
    return Go(MENU, "main", data, say=say or [])


async def cmd_help(ctx: Context, args: str) -> Go:
    return Go(MENU, "help")


async def cmd_language(ctx: Context, args: str) -> Go:
    here = {"flow": ctx.state.flow, "step": ctx.state.step, "data": ctx.state.data}
    if ctx.state.flow == MENU:
        here = {}
    return Go(MENU, "language", {"return": here})


async def on_global_choice(ctx: Context, choice_id: str) -> Go:
    """help / faq / lang from any screen (an older message's menu buttons)."""
    return await on_main_choice(ctx, choice_id) or home(ctx)


@cache
def _words() -> Words:
    return Words.load()


def part_of_day(ctx: Context) -> str:
    """The greeting's time of day in the campaign's time zone (pagi, siang, sore, malam)."""
    hour = ctx.now.hour
    if 4 <= hour < 11:
        return "pagi"
    if 11 <= hour < 15:
        return "siang"
    return "sore" if 15 <= hour < 18 else "malam"


async def _has_voucher(ctx: Context) -> bool:
    """One indexed query (completions by account): "Voucher saya" once there is one."""
    return bool(await ctx.tx.completions.vouchers_of(ctx.person.channel, ctx.person.user))


def phase_note(ctx: Context) -> str:
    """One line on whether the census can be filled in today, and what happens otherwise:
    the phase's own text (phase-<id>, the campaign's catalogue), as of today."""
    return ctx.t(f"phase-{ctx.calendar.phase.id}")


def resume_choice(ctx: Context) -> Choice | None:
    step = tutorial.resume_step(ctx)
    if step is None or ctx.calendar.online == "closed":
        return None
    return ctx.choice("tut.resume", "menu-resume", step=step)


async def show_main(ctx: Context) -> Screen:
    greeting = ctx.state.data.get("greeting")
    lines = []
    back = ctx.state.data.get("greet_back")
    if back == "religious":
        lines.append(ctx.t("greet-back-religious"))
    elif back == "time":
        lines.append(ctx.t("greet-back-time", part=part_of_day(ctx)))
    if greeting == "welcome":
        lines.append(ctx.t("welcome"))
    elif greeting == "welcome_back":
        lines.append(ctx.t("welcome-back"))
    lines.append(phase_note(ctx))
    lines.append(ctx.t("menu-prompt"))
    nav: list[Choice] = []
    if (resume := resume_choice(ctx)) is not None:
        nav.append(resume)
    calendar = ctx.calendar
    # After the close the tutorial stays, as a guide for reference ("menu-start" says so).
    started = tutorial.progress(ctx).index is not None and calendar.online != "closed"
    nav.append(ctx.choice("tut.start", "menu-restart" if started else "menu-start"))
    if calendar.completions_open:
        nav.append(ctx.choice("done.start", "menu-done"))
    elif calendar.online == "before":  # a reminder on the opening day instead
        nav.append(ctx.choice(remind.OPENING, "remind-opening-button"))
    if await _has_voucher(ctx):  # the code and its QR again, and its state
        nav.append(ctx.choice(MY_VOUCHER, "menu-my-voucher"))
    if calendar.visits_open:
        nav.append(ctx.choice("visit.start", "menu-visit"))
    if ctx.role >= Role.STAFF:
        nav.append(ctx.choice("rd.ask", "menu-redeem"))
    nav += [
        ctx.choice("checklist", "menu-checklist"),
        ctx.choice("faq", "menu-faq"),
        ctx.choice("help", "menu-help"),
        ctx.choice("lang", "menu-language"),
        ctx.choice("tutor", "menu-tutor"),  # for ASN tutors (conversations/tutors/tutor.py)
    ]
    return Screen(text="\n\n".join(lines), nav=nav)


async def on_main_choice(ctx: Context, choice_id: str) -> Go | None:
    targets = {
        "checklist": ("checklist", "main"),
        "faq": ("faq", "list"),
        "help": (MENU, "help"),
        "lang": (MENU, "language"),
    }
    if choice_id in targets:
        flow, step = targets[choice_id]
        return Go(flow, step)
    return None


async def show_help(ctx: Context) -> Screen:
    channels = "\n".join(
        f"• {h.label}" + (f": {h.value}" if h.value else "") for h in ctx.campaign.help_channels
    )
    text = ctx.t("help-text", channels=channels) + "\n\n" + phase_note(ctx)
    if ctx.role >= Role.ADMIN:  # only admins learn that admin commands exist
        text += "\n\n" + ctx.t("help-admin")
    nav: list[Choice] = []
    if (resume := resume_choice(ctx)) is not None:
        nav.append(resume)
    nav.append(ctx.choice("privacy", "menu-privacy"))
    nav.append(ctx.choice("menu", "nav-menu"))
    return Screen(text=text, nav=nav)


async def show_language(ctx: Context) -> Screen:
    items = [Choice(id=f"lang.{code}", label=name) for code, name in LANGUAGES.items()]
    return Screen(text=ctx.t("language-prompt"), items=items, nav=[ctx.choice("menu", "nav-menu")])


async def on_language_text(ctx: Context, text: str) -> Go | None:
    """ "indonesia", "inggris", "English" typed on the language screen switch the language."""
    code = _words().language(text)
    return await on_language_choice(ctx, f"lang.{code}") if code else None


async def on_language_choice(ctx: Context, choice_id: str) -> Go | None:
    code = choice_id.removeprefix("lang.")
    if code not in LANGUAGES:
        return None
    ctx.person.lang = code
    # A new translator, so the confirmation is already in the new language (never one
    # mutated in place: another reference to the old one keeps its language).
    ctx.t = Translator(code, ctx.campaign, ctx.t.today)
    ctx.emit("language", code)
    back = ctx.state.data.get("return")
    say = [ctx.reply("language-changed")]
    if isinstance(back, dict) and back.get("flow"):
        return Go(back["flow"], back["step"], dict(back.get("data") or {}), say=say)
    return Go(MENU, "main", say=say)


FLOW = Flow(
    MENU,
    {
        "main": Step(show_main, on_choice=on_main_choice),
        "help": Step(show_help),
        "language": Step(show_language, on_choice=on_language_choice, on_text=on_language_text),
    },
)
