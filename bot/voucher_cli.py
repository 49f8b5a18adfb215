"""`tutor-sensus voucher show|redeem CODE`: the redemption desk without a chat.

Redeeming is the same single conditional UPDATE the bot uses, so several terminals and the
bot confirming one voucher at the same moment give exactly one success (exit status 0).
"""

from __future__ import annotations

from datetime import date, datetime

from bot.settings import Settings
from bot.store import open_store
from bot.store.timefmt import use_zone
from conversations.core.campaign import load_campaign
from conversations.core.clock import Clock
from conversations.core.voucher_codes import CodeProblem, parse

EXIT_REDEEMED = 0
EXIT_NOT_REDEEMED = 1


async def run(settings: Settings, action: str, typed: str, by: str | None) -> int:
    campaign = load_campaign(settings.campaign)
    clock = Clock(campaign.timezone, today=settings.today)
    use_zone(campaign.timezone)  # the form of stored moments (bot/store/timefmt.py)
    print(f"database: {settings.database_label}")
    code = parse(typed)
    if isinstance(code, CodeProblem):
        reason = ("kode salah (a character is mistyped)" if code is CodeProblem.BAD_CHECK
                  else "not the shape of a voucher code")
        print(f"{typed}: {reason}")
        return EXIT_NOT_REDEEMED
    store = await open_store(settings, create=False)
    try:
        async with store.transaction() as tx:
            voucher = await tx.completions.voucher_get(code)
            if voucher is None:
                print(f"{code}: not found")
                return EXIT_NOT_REDEEMED
            souvenir = campaign.souvenir(voucher["voucher_souvenir"])
            kecamatan = campaign.region.kecamatan_by_id(voucher["kecamatan"] or "")
            print(f"voucher:   {code}")
            print(f"souvenir:  {souvenir.name if souvenir else voucher['voucher_souvenir']}")
            print(f"household: KK {voucher['kk_mask']}, {voucher['persons']} persons,"
                  f" kecamatan {kecamatan.name if kecamatan else '(outside the region)'}")
            print(f"proof:     {voucher['proof_path'] or voucher['proof_kind'] or 'none'}")
            expires = voucher["voucher_expires_on"]
            expired = bool(expires) and clock.now().date() > date.fromisoformat(expires)
            if voucher["voucher_redeemed_at"]:
                at = datetime.fromisoformat(voucher["voucher_redeemed_at"])
                who = voucher["voucher_redeemed_by"]
                print(f"status:    redeemed {at:%Y-%m-%d %H:%M} by {who}")
                return EXIT_NOT_REDEEMED
            if expired:
                print(f"status:    expired on {expires}")
                return EXIT_NOT_REDEEMED
            opens = campaign.vouchers.redeem_from  # the exchange window of the campaign file
            if action == "redeem" and opens is not None and clock.now().date() < opens:
                print(f"status:    not redeemed: exchanges start on {opens}")
                return EXIT_NOT_REDEEMED
            if action == "show":
                print("status:    not redeemed")
                return EXIT_REDEEMED
            if await tx.completions.voucher_redeem(code, f"cli:{by}", clock.now()):
                # In the admins' audit log (/audit) like a redemption in the chat.
                await tx.add_event("cli", str(by), "voucher_redeemed", clock.now(), code)
                print(f"status:    REDEEMED now by {by}: hand over the souvenir")
                return EXIT_REDEEMED
            print("status:    just redeemed by someone else: do not hand over another")
            return EXIT_NOT_REDEEMED
    finally:
        await store.close()
