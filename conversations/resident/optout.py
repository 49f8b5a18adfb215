"""Opting out of bulk messages: `/berhenti`, or BERHENTI / STOP on its own, asks "Berhenti
menerima pengingat?"; yes stops every broadcast and reminder to the person (replies to their
own messages still come). Only `/mulai` or MULAI opts back in.

The words are whole-message keywords, checked by the engine right after the global commands
(its `opt_out_hooks`), so "MULAI" opts back in even where a "Mulai panduan" button is shown.
"""

from __future__ import annotations

from typing import Any

from conversations.core.flow import Context, Flow, Go, Step
from conversations.core.models import Screen
from conversations.core.text import normalise

OPTOUT = "optout"
MENU = "menu"
STOP_WORDS = frozenset({"berhenti", "stop"})
START_WORDS = frozenset({"mulai"})


def _here(ctx: Context) -> dict[str, Any]:
    """Where the person was, to go back there on "Tidak"."""
    if ctx.state.flow in (MENU, OPTOUT):
        return {}
    return {"flow": ctx.state.flow, "step": ctx.state.step, "data": ctx.state.data}


async def cmd_stop(ctx: Context, args: str) -> Go:
    if await ctx.tx.bulk.opted_out(ctx.person.channel, ctx.person.user):
        return Go(OPTOUT, "done", say=[ctx.reply("optout-already")])
    return Go(OPTOUT, "confirm", {"return": _here(ctx)})


async def cmd_start(ctx: Context, args: str) -> Go:
    if await ctx.tx.bulk.opt_in(ctx.person.channel, ctx.person.user):
        ctx.emit("opt_in")
        return Go(MENU, "main", say=[ctx.reply("optin-done")])
    return Go(MENU, "main", say=[ctx.reply("optin-already")])


async def on_text(ctx: Context, text: str) -> Go | None:
    """The engine's opt-out hook: the keywords alone, any case; anything else is not ours."""
    word = normalise(text)
    if word in STOP_WORDS:
        return await cmd_stop(ctx, "")
    if word in START_WORDS and await ctx.tx.bulk.opted_out(ctx.person.channel, ctx.person.user):
        return await cmd_start(ctx, "")
    return None


async def show_confirm(ctx: Context) -> Screen:
    return Screen(text=ctx.t("optout-confirm"),
                  nav=[ctx.choice("oo.yes", "optout-yes"), ctx.choice("oo.no", "optout-no")])


async def on_confirm_choice(ctx: Context, choice_id: str) -> Go | None:
    if choice_id == "oo.yes":
        await ctx.tx.bulk.opt_out(ctx.person.channel, ctx.person.user, ctx.now)
        ctx.emit("opt_out")
        return Go(OPTOUT, "done", say=[ctx.reply("optout-done")])
    if choice_id == "oo.no":
        back = ctx.state.data.get("return") or {}
        say = [ctx.reply("optout-kept")]
        if back.get("flow"):
            return Go(back["flow"], back["step"], dict(back.get("data") or {}), say=say)
        return Go(MENU, "main", say=say)
    return None


async def show_done(ctx: Context) -> Screen:
    return Screen(text=ctx.t("optout-how-back"), nav=[ctx.choice("menu", "nav-menu")])


FLOW = Flow(
    OPTOUT,
    {
        "confirm": Step(show_confirm, on_choice=on_confirm_choice),
        "done": Step(show_done),
    },
)
