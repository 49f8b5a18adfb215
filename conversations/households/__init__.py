"""Households: reporting a completed census (KK, persons, proof), vouchers and their QR
codes, and redeeming vouchers at a post (staff)."""

from __future__ import annotations

from conversations.core.feature import Command, Feature, Prefix
from conversations.core.flow import Context, Go
from conversations.core.roles import Role
from conversations.households import completion, my_voucher, redeem


async def _cmd_done(ctx: Context, args: str) -> Go:
    return completion.start(ctx)


async def _done(ctx: Context, choice_id: str) -> Go:
    return completion.start(ctx)


async def _my_voucher(ctx: Context, choice_id: str) -> Go:
    return my_voucher.start(ctx)


async def _redeem(ctx: Context, choice_id: str) -> Go:
    return Go(redeem.REDEEM, "ask")


FEATURE = Feature(
    name="households",
    stores=frozenset({"completions", "personal", "whatsapp"}),
    flows=(completion.FLOW, redeem.FLOW, my_voucher.FLOW),
    commands={
        "selesai": Command(_cmd_done),
        "tukar": Command(redeem.cmd_redeem, Role.STAFF),
    },
    choices={"done.start": _done, "rd.ask": _redeem, my_voucher.CHOICE: _my_voucher},
    timeless=frozenset({my_voucher.CHOICE}),  # "Voucher saya" from an old menu works too
    prefixes=(Prefix("rd.", Role.STAFF),),
    # A tutor reporting their own household or one they helped (the tutors feature).
    entries={
        "completion": completion.start,
        "completion.assisted": lambda ctx: completion.start(ctx, assisted=True),
        # "voucher saya" typed as free text (the resident feature's intents)
        "my_voucher": my_voucher.start,
    },
)
