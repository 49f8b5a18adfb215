"""Souvenir vouchers: issuing one for a recorded completion, and showing it.

Which souvenir a household gets is the campaign's rule (`[vouchers] assign`): "in_order"
gives the first souvenir in the file's order that is still in stock. Stock is taken with one
conditional UPDATE (see bot/store/completions.py), so two completions at the same moment can
never both take the last pen.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from conversations.core.flow import Context
from conversations.core.i18n import format_day
from conversations.core.models import QrCode, Reply
from conversations.core.voucher_codes import generate

Outcome = Literal["issued", "out_of_stock", "outside_region", "window_over"]


async def issue(ctx: Context, completion_id: int, *, in_region: bool) -> Outcome:
    rules = ctx.campaign.vouchers
    if not in_region and not rules.outside_region_gets_voucher:
        return "outside_region"
    expires = rules.expiry(ctx.today)
    if expires is not None and expires < ctx.today:  # never hand out a voucher already dead
        ctx.emit("voucher_window_over")
        return "window_over"
    for souvenir in ctx.campaign.souvenirs:
        if await ctx.tx.completions.stock_take(souvenir.id):
            while not await ctx.tx.completions.voucher_add(
                generate(), completion_id, souvenir.id, ctx.now, expires
            ):
                pass  # a code drawn twice (about 1 in 10^16): draw again
            ctx.emit("voucher_issued", souvenir.id)
            return "issued"
    ctx.emit("voucher_out_of_stock")
    return "out_of_stock"


def voucher_reply(ctx: Context, completion: dict[str, Any]) -> Reply:
    """The voucher as a QR code image with its text: code, souvenir, where and until when.
    Once redeemed or expired: its state only, without the QR and the office's hours (there
    is nothing left to show at the desk)."""
    code = str(completion["voucher_code"])
    souvenir = ctx.campaign.souvenir(str(completion["voucher_souvenir"]))
    rules = ctx.campaign.vouchers
    expires = completion.get("voucher_expires_on")
    usable = not completion.get("voucher_redeemed_at") and not (
        expires and ctx.today > date.fromisoformat(expires))
    lines = [ctx.t("voucher-text", code=code, souvenir=souvenir.name if souvenir else "")]
    if rules.redeem_place and usable:
        hours = ctx.config.office_hours.describe(ctx.person.lang, ctx.campaign.timezone_label)
        lines.append(ctx.t("voucher-where", place=rules.redeem_place, hours=hours))
    lines += state_lines(ctx, completion)
    return Reply(text="\n".join(lines), image_render=QrCode(data=code) if usable else None)


def state_lines(ctx: Context, completion: dict[str, Any]) -> list[str]:
    """Valid until when, or redeemed when and where, or expired; and what to do with it."""
    expires = completion.get("voucher_expires_on")
    redeemed = completion.get("voucher_redeemed_at")
    rules = ctx.campaign.vouchers
    place = rules.redeem_place
    if redeemed:
        key = "voucher-redeemed-at" if place else "voucher-redeemed-at-nowhere"
        return [ctx.t(key, at=when_text(ctx, redeemed), place=place or "")]
    if expires and ctx.today > date.fromisoformat(expires):
        return [ctx.t("voucher-expired", day=format_day(date.fromisoformat(expires),
                                                        ctx.person.lang))]
    lines = []
    if expires:
        starts = rules.redeem_from if rules.redeem_from and rules.redeem_from > ctx.today else None
        lines.append(ctx.t("voucher-until", day=format_day(date.fromisoformat(expires),
                                                              ctx.person.lang),
                           start=format_day(starts, ctx.person.lang) if starts else "none"))
    lines.append(ctx.t("voucher-show"))
    return lines


def when_text(ctx: Context, moment: str) -> str:
    """A stored moment as the reader says it, in the campaign's time zone: "2 Maret 2020 10.15"."""
    at = datetime.fromisoformat(moment).astimezone(ctx.now.tzinfo)
    return f"{format_day(at.date(), ctx.person.lang)} {at:%H.%M}"
