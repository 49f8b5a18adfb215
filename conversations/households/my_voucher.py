""""Voucher saya": a household that reported sees its voucher again, whenever it wants.

The menu offers it once the account has a voucher (one indexed query per menu), and "voucher
saya", "kode souvenir saya" typed as free text lead here too (the resident feature's intents,
through the `my_voucher` entry). The screen is the voucher as it was issued (code, QR,
souvenir, where) plus its state now: valid until when, redeemed when and where, or expired.
An account that reported several households (up to the per-account cap) picks one first;
an account without a voucher learns how to get one, with "Lapor selesai" first.
"""

from __future__ import annotations

from typing import Any

from conversations.core.flow import Context, Flow, Go, Step
from conversations.core.models import Choice, Reply, Screen
from conversations.households import vouchers

MY_VOUCHER = "my_voucher"
CHOICE = "vc.mine"


def start(ctx: Context) -> Go:
    return Go(MY_VOUCHER, "mine")


async def _mine(ctx: Context) -> list[dict[str, Any]]:
    return list(await ctx.tx.completions.vouchers_of(ctx.person.channel, ctx.person.user))


def _nav(ctx: Context) -> list[Choice]:
    return [ctx.choice("done.start", "menu-done"), ctx.choice("menu", "nav-menu")]


async def show_mine(ctx: Context) -> Screen:
    mine = await _mine(ctx)
    code = ctx.state.data.get("code")
    if code is None and len(mine) == 1:
        code = mine[0]["voucher_code"]
    if code is not None:
        found = next((v for v in mine if v["voucher_code"] == code), None)
        if found is not None:
            ctx.emit("voucher_shown")
            card = vouchers.voucher_reply(ctx, found)
            return Screen(before=[card], text=ctx.t("done-after"),
                          nav=[ctx.choice("menu", "nav-menu")])
    if not mine:  # none yet (or deleted with /hapus_data): how to get one
        return Screen(
            before=[Reply(text=ctx.t("faq-souvenir-answer"))],
            text=ctx.t("intent-voucher-none"), nav=_nav(ctx),
        )
    items = [
        Choice(id=f"vc.{v['voucher_code']}",
               label=ctx.t("my-voucher-item", code=v["voucher_code"], mask=v["kk_mask"]))
        for v in mine
    ]
    return Screen(text=ctx.t("my-voucher-pick"), items=items, nav=[ctx.choice("menu", "nav-menu")])


async def on_mine_choice(ctx: Context, choice_id: str) -> Go | None:
    """A voucher picked from the list; only this account's own codes are ever shown."""
    if choice_id.startswith("vc.") and choice_id != CHOICE:
        return Go(MY_VOUCHER, "mine", {"code": choice_id.removeprefix("vc.")})
    return None


FLOW = Flow(MY_VOUCHER, {"mine": Step(show_mine, on_choice=on_mine_choice)})
