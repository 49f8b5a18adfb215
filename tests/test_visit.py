"""'Minta didatangi petugas': consent first, one question per screen, an honest next step."""

from __future__ import annotations

from conftest import CAMPAIGN_OPEN, Chat

from bot.app import App
from conversations.core.campaign import load_campaign
from conversations.core.i18n import Translator

T = Translator("id", load_campaign(None), CAMPAIGN_OPEN.date())


async def test_from_the_kode_104_help_to_a_saved_request(chat: Chat, app: App) -> None:
    await chat.send("/start")
    await chat.press("Mulai panduan")
    await chat.send("Bandar")
    await chat.press("Lanjut")
    await chat.press("Lanjut")
    assert "Langkah 3 dari 9" in chat.text
    await chat.press(T("nav-problems"))
    await chat.press(T("problem-kode_104-label"))
    await chat.press(T("menu-visit"))
    assert "nomor HP" in chat.text and "/hapus_data" in chat.text  # what is kept, and why
    await chat.press(T("visit-agree"))
    assert T("visit-ask-desa") in chat.text  # the kecamatan is known already
    await chat.send("Kalisari")
    await chat.send("RT 3 RW 12")
    await chat.send("0812-3456-7890")
    assert "Bandar" in chat.text and "003/012" in chat.text and "+6281234567890" in chat.text
    await chat.press(T("visit-save"))
    # What happens next, from the campaign's timeline: on 2 March 2020 the plan was still the
    # field interviews of July (the move to September came in April).
    assert "Sensus Penduduk Wawancara (1–31 Juli 2020)" in chat.text
    rows = await app.store.fetch_all(
        "SELECT kecamatan, desa, rt_rw, contact FROM visit_requests")
    assert rows == [("bandar", "Kalisari", "003/012", "6281234567890")]


async def test_bad_answers_are_asked_again_and_nothing_is_saved_without_consent(
    chat: Chat, app: App
) -> None:
    await chat.send("/start")
    await chat.press(T("menu-visit"))
    await chat.press(T("visit-cancel"))
    assert await app.store.fetch_all("SELECT count(*) FROM visit_requests") == [(0,)]
    await chat.press(T("menu-visit"))
    await chat.press(T("visit-agree"))
    await chat.send("Jakarta Selatan")  # not a kecamatan here: the list again
    assert T("done-kecamatan-pick") in chat.text
    await chat.send("Blado")
    await chat.send("?")
    assert T("visit-desa-invalid") in chat.text
    await chat.send("Kambangan")
    for wrong in ("tiga lima", "3", "3/5/7", "0/0"):
        await chat.send(wrong)
        assert T("visit-rt-rw-invalid") in chat.text, wrong
    await chat.send("003/005")
    for wrong in ("12345", "hp saya rusak", "+1 555 0100"):
        await chat.send(wrong)
        assert T("visit-contact-invalid") in chat.text, wrong
    await chat.send("+62 857 1234 5678")
    assert "+6285712345678" in chat.text
