"""The calendar over Telegram: the real PTB Application against the fake Bot API
(tests/fake_telegram.py). The console transcripts are in tests/test_timeline*.py."""

from __future__ import annotations

from datetime import date, datetime

from conftest import WIB
from fake_telegram import TelegramUser
from test_telegram_e2e import api, app, clock, resident  # noqa: F401 (Telegram fixtures)

from conversations.core.campaign import load_campaign
from conversations.core.i18n import Translator

CAMPAIGN = load_campaign(None)


def on(clock, day: str) -> Translator:  # noqa: F811 (the fixture, passed in)
    clock._now = datetime.fromisoformat(day).replace(hour=10, tzinfo=WIB)
    return Translator("id", CAMPAIGN, date.fromisoformat(day))


async def test_before_the_opening_over_telegram(resident: TelegramUser, clock) -> None:  # noqa: F811
    t = on(clock, "2020-02-10")
    await resident.send("/start")
    assert "belum dibuka" in resident.text and t("menu-done") not in resident.labels
    await resident.send("/selesai")
    assert "15 Februari 2020" in resident.text
    await resident.press(t("remind-opening-button"))
    assert "15 Februari 2020 pukul 09.00" in resident.text


async def test_the_last_day_over_telegram(resident: TelegramUser, clock) -> None:  # noqa: F811
    on(clock, "2020-05-29")
    await resident.send("/start")
    assert "Hari ini hari terakhir (sampai 23.59 WIB)" in resident.text
    assert "0 hari" not in resident.text


async def test_after_the_field_stage_over_telegram(resident: TelegramUser, clock) -> None:  # noqa: F811
    t = on(clock, "2020-10-15")
    await resident.send("/start")
    assert "sudah mendatangi" in resident.text and "akan didatangi" not in resident.text
    assert t("menu-done") not in resident.labels and t("menu-visit") not in resident.labels
    assert t("menu-start") == "Lihat panduan (arsip)" and t("menu-start") in resident.labels
    await resident.send("/selesai")
    assert "voucher suvenir tidak bisa diberikan lagi" in resident.text
