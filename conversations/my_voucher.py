""""Voucher saya": a household that reported sees its voucher again, whenever it wants.

The menu offers it once the account has a voucher (one indexed query per menu), and "voucher
saya", "kode souvenir saya" typed as free text lead here too (conversations/intents.py).
The screen is the voucher as it was issued (code, QR, souvenir, where) plus its state now:
valid until when, redeemed when and where, or expired. An account that reported several
households (up to the per-account cap) picks one first.
"""

from __future__ import annotations

from conversations import vouchers
from conversations.flow import Context, Flow, Go, Step
from conversations.models import Choice, Screen

MY_VOUCHER = "my_voucher"
CHOICE = "vc.mine"


async def has_voucher(ctx: Context) -> bool:
    if ctx.tx is None:
        return False
    return bool(await ctx.tx.vouchers_of(ctx.person.channel, ctx.person.user))


async def start(ctx: Context) -> Go | None:
    """The voucher screen, the pick among several, or None when the account has none."""
    mine = await ctx.tx.vouchers_of(ctx.person.channel, ctx.person.user)
    if not mine:
        return None
    ctx.emit("voucher_shown")
    if len(mine) == 1:
        return Go(MY_VOUCHER, "show", {"code": mine[0]["voucher_code"]})
    return Go(MY_VOUCHER, "pick")


def _nav(ctx: Context) -> list[Choice]:
    return [ctx.choice("done.start", "menu-done"), ctx.choice("menu", "nav-menu")]


async def show_pick(ctx: Context) -> Screen:
    mine = await ctx.tx.vouchers_of(ctx.person.channel, ctx.person.user)
    items = [
        Choice(id=f"vc.{v['voucher_code']}",
               label=ctx.t("my-voucher-item", code=v["voucher_code"], mask=v["kk_mask"]))
        for v in mine
    ]
    return Screen(text=ctx.t("my-voucher-pick"), items=items, nav=[ctx.choice("menu", "nav-menu")])


async def on_pick_choice(ctx: Context, choice_id: str) -> Go | None:
    code = choice_id.removeprefix("vc.")
    return Go(MY_VOUCHER, "show", {"code": code}) if choice_id.startswith("vc.") else None


async def show_voucher(ctx: Context) -> Screen:
    code = str(ctx.state.data.get("code"))
    mine = await ctx.tx.vouchers_of(ctx.person.channel, ctx.person.user)
    found = next((v for v in mine if v["voucher_code"] == code), None)
    if found is None:  # the data was deleted meanwhile (/hapus_data): nothing to show
        return Screen(text=ctx.t("intent-voucher-none"), nav=_nav(ctx))
    card = vouchers.voucher_reply(ctx, found)
    return Screen(before=[card], text=ctx.t("menu-prompt"), nav=_nav(ctx))


FLOW = Flow(
    MY_VOUCHER,
    {
        "pick": Step(show_pick, on_choice=on_pick_choice),
        "show": Step(show_voucher),
    },
)
