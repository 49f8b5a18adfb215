"""`/privasi` says what the bot keeps and why; `/hapus_data` deletes it (UU 27/2022 PDP).

What deletion does per table is decided in one registry (bot/store/personal_data.py); this
flow asks for confirmation, calls it, and says what stays (anonymous counts, and the KK's
keyed hash as the marker that the household already received its voucher).
"""

from __future__ import annotations

from conversations.core.flow import Context, Flow, Go, Step
from conversations.core.models import Screen

PRIVACY = "privacy"


async def cmd_privacy(ctx: Context, args: str) -> Go:
    return Go(PRIVACY, "info")


async def cmd_delete(ctx: Context, args: str) -> Go:
    return Go(PRIVACY, "confirm")


async def show_info(ctx: Context) -> Screen:
    return Screen(
        text=ctx.t("privacy-info"),
        nav=[ctx.choice("pv.delete", "privacy-delete-button"), ctx.choice("menu", "nav-menu")],
    )


async def on_info_choice(ctx: Context, choice_id: str) -> Go | None:
    return Go(PRIVACY, "confirm") if choice_id == "pv.delete" else None


async def show_confirm(ctx: Context) -> Screen:
    return Screen(
        text=ctx.t("privacy-delete-confirm"),
        nav=[ctx.choice("pv.yes", "privacy-delete-yes"), ctx.choice("menu", "privacy-delete-no")],
    )


async def on_confirm_choice(ctx: Context, choice_id: str) -> Go | None:
    if choice_id != "pv.yes":
        return None
    # The proof photos' files go too: the store deletes them once this update commits.
    await ctx.tx.personal.forget_person(ctx.person.channel, ctx.person.user)
    ctx.forget = True  # the engine must not write the person back after this update
    ctx.events.clear()
    return Go(PRIVACY, "deleted")


async def show_deleted(ctx: Context) -> Screen:
    return Screen(text=ctx.t("privacy-deleted"))


FLOW = Flow(
    PRIVACY,
    {
        "info": Step(show_info, on_choice=on_info_choice),
        "confirm": Step(show_confirm, on_choice=on_confirm_choice),
        "deleted": Step(show_deleted),
    },
)
