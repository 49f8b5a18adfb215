"""Souvenir vouchers: issuing one for a recorded completion, and showing it.

Which souvenir a household gets is the campaign's rule (`[vouchers] assign`): "in_order"
gives the first souvenir in the file's order that is still in stock. Stock is taken with one
conditional UPDATE (see bot/store/completions.py), so two completions at the same moment can
never both take the last pen.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from conversations.core.flow import Context
from conversations.core.i18n import format_day
from conversations.core.models import Reply
from conversations.core.voucher_codes import generate
from conversations.households.qr import qr_png

Outcome = Literal["issued", "out_of_stock", "outside_region"]


async def issue(ctx: Context, completion_id: int, *, in_region: bool) -> Outcome:
    rules = ctx.campaign.vouchers
    if not in_region and not rules.outside_region_gets_voucher:
        return "outside_region"
    for souvenir in ctx.campaign.souvenirs:
        if await ctx.tx.completions.stock_take(souvenir.id):
            while not await ctx.tx.completions.voucher_add(
                generate(), completion_id, souvenir.id, ctx.now, rules.expires_on
            ):
                pass  # a code drawn twice (about 1 in 10^16): draw again
            ctx.emit("voucher_issued", souvenir.id)
            return "issued"
    ctx.emit("voucher_out_of_stock")
    return "out_of_stock"


def voucher_reply(ctx: Context, completion: dict[str, Any]) -> Reply:
    """The voucher as a QR code image with its text: code, souvenir, where and until when."""
    code = str(completion["voucher_code"])
    souvenir = ctx.campaign.souvenir(str(completion["voucher_souvenir"]))
    rules = ctx.campaign.vouchers
    lines = [ctx.t("voucher-text", code=code, souvenir=souvenir.name if souvenir else "")]
    if rules.redeem_place:
        hours = ctx.config.office_hours.describe(ctx.person.lang, ctx.campaign.timezone_label)
        lines.append(ctx.t("voucher-where", place=rules.redeem_place, hours=hours))
    expires = completion.get("voucher_expires_on")
    if expires:
        lines.append(ctx.t("voucher-until", day=format_day(date.fromisoformat(expires),
                                                              ctx.person.lang)))
    if completion.get("voucher_redeemed_at"):
        lines.append(ctx.t("voucher-redeemed-already"))
    else:
        lines.append(ctx.t("voucher-show"))
    return Reply(text="\n".join(lines), image=qr_png(code))
