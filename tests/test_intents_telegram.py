"""Free text that leads to the action, over Telegram: the real PTB Application against the
fake Bot API (tests/fake_telegram.py). The console transcripts are in tests/test_intents.py."""

from __future__ import annotations

from fake_telegram import TelegramUser
from test_telegram_e2e import api, app, clock, resident  # noqa: F401 (Telegram fixtures)

from conversations.core.campaign import load_campaign
from conversations.core.i18n import Translator

t = Translator("id", load_campaign(None))


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
