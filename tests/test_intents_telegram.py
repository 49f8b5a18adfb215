"""Free text that leads to the action, and the frictions, over Telegram: the real PTB
Application against the fake Bot API (tests/fake_telegram.py). The console transcripts are in
tests/test_intents.py and tests/test_frictions.py."""

from __future__ import annotations

from conftest import CAMPAIGN_OPEN
from fake_telegram import TelegramUser
from test_telegram_e2e import api, app, clock, resident  # noqa: F401 (Telegram fixtures)

from conversations.core.campaign import load_campaign
from conversations.core.i18n import Translator

t = Translator("id", load_campaign(None), CAMPAIGN_OPEN.date())


async def test_intents_over_telegram(resident: TelegramUser) -> None:  # noqa: F811 (fixture)
    """The same words over Telegram (the real PTB Application against the fake Bot API)."""
    await resident.send("Assalamualaikum kak")
    assert resident.text.startswith(t("greet-back-religious"))
    await resident.send("min aku wis rampung ngisi sensus")
    assert t("intent-selesai") in resident.text
    assert resident.labels[0] == t("menu-done")
    await resident.send("makasih kak")
    assert t("intent-closing") in resident.text
    await resident.send("kalau ga ikut sensus didenda?")
    assert "tidak dikenai denda" in resident.text
    await resident.send("mau jadi petugas sensus gimana")
    assert "tidak bisa mendaftarkan petugas sensus" in resident.text
    assert "+62 812-9905-2020" in resident.text  # the campaign's contacts


async def test_frictions_over_telegram(resident: TelegramUser) -> None:  # noqa: F811 (fixture)
    """Language names, "1" for "1. Batal" on the KK prompt, and the checklist's length."""
    await resident.send("/bahasa")
    await resident.send("inggris")
    assert Translator("en", load_campaign(None))("language-changed") in resident.text
    await resident.send("/bahasa")
    await resident.send("indonesia")
    assert t("language-changed") in resident.text
    await resident.send("/selesai")
    await resident.send("1")  # "1. Batal": the KK prompt takes no such number
    assert t("menu-prompt") in resident.text
    await resident.press(t("menu-checklist"))
    assert len(resident.text.splitlines()) + len(resident.labels) <= 10
    for item in ("nik", "kartu_keluarga", "buku_nikah", "akta_kelahiran", "surat_kematian"):
        named = [*resident.text.splitlines(), *resident.labels]
        assert sum(t(f"checklist-{item}-label") in line for line in named) == 1
    await resident.press(t("checklist-nik-label"))
    assert "✓ " + t("checklist-nik-label") in resident.labels  # the tick on its button
