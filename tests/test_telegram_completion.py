"""A completion over Telegram, end to end: the proof photo goes up, the voucher QR comes back.

The real PTB Application talks HTTP to the fake Bot API (tests/fake_telegram.py); the photo
is fetched with getFile and the file download, like on Telegram.
"""

from __future__ import annotations

from pathlib import Path

from conftest import CAMPAIGN_OPEN
from fake_telegram import FakeBotApi, TelegramUser
from test_completions import CODE, decode_qr
from test_telegram_e2e import api, app, clock, eventually, resident  # noqa: F401

from bot.app import App
from conversations.core.campaign import load_campaign
from conversations.core.i18n import Translator

T = Translator("id", load_campaign(None), CAMPAIGN_OPEN.date())


async def test_resident_reports_with_a_photo_and_gets_a_scannable_voucher(
    resident: TelegramUser, api: FakeBotApi, app: App,  # noqa: F811 (fixtures)
) -> None:
    await resident.send("/start")
    await resident.press(T("menu-done"))
    await resident.send("3325 0123 0120 0001")
    assert "•••• 0001" in resident.text
    await resident.press(T("done-kk-yes"))
    await resident.send("5")
    await resident.send("Pecalungan")  # on the second page of the list: typed
    photo = api.user_sends_photo(resident.id, first_name=resident.first_name)
    assert photo
    await resident.wait_for_screens()
    assert T("done-proof-received") in resident.text
    await resident.press(T("done-save"))
    voucher = next(m for m in resident.last if m.kind == "photo")
    code = CODE.search(voucher.text)
    assert code, voucher.text
    file_id = voucher.raw["photo"][-1]["file_id"]
    assert decode_qr(api.file_content(file_id)) == [code.group()]

    async def proof_stored() -> bool:
        rows = await app.store.fetch_all("SELECT proof_path FROM completions")
        return bool(rows and rows[0][0] and Path(rows[0][0]).is_file())

    await eventually(proof_stored, "the proof photo downloaded into the data folder")
