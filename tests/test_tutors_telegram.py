"""Tutors on Telegram, end to end against the fake Bot API: a deep link `/start <payload>`
is attributed to its tutor (first touch wins), and a tutor's poster arrives as a photo and as
a document whose QR code is the bot's deep link."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import zxingcpp
from conftest import CAMPAIGN_OPEN, RunningClock
from fake_telegram import FakeBotApi, TelegramUser
from PIL import Image
from telegram_harness import telegram_app
from test_telegram_e2e import eventually

from bot.app import App
from bot.settings import Settings
from conversations.core.campaign import load_campaign
from conversations.core.clock import FakeClock
from conversations.core.i18n import Translator

T = Translator("id", load_campaign(), CAMPAIGN_OPEN.date())
RESIDENT = 7001
TUTOR = 7100


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(TUTOR_SENSUS_DATA_DIR=tmp_path / "data", TUTOR_SENSUS_TUTOR_CODE="ASN-2020",
                    _env_file=None)


@pytest.fixture
def clock() -> FakeClock:
    return RunningClock(CAMPAIGN_OPEN)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


@pytest.fixture
async def app(settings: Settings, clock: FakeClock, api: FakeBotApi) -> AsyncIterator[App]:
    async def two_tutors(application: App) -> None:
        async with application.store.transaction() as tx:
            for nip, name, code, user in (
                ("198001012005011001", "Budi Santoso", "K7QM4T", TUTOR),
                ("198506122010032004", "Siti Aminah", "P3XR8W", 7200),
            ):
                await tx.tutors.tutor_add(
                    nip=nip, name=name, opd="Dinas Kesehatan", opd_other=None,
                    kecamatan="blado", code=code, channel="telegram", user_id=str(user),
                    now=CAMPAIGN_OPEN)

    async with telegram_app(settings, clock, api, before_workers=two_tutors) as application:
        yield application


async def referrals(app: App) -> list[tuple[object, ...]]:
    return await app.store.fetch_all(
        "SELECT channel, user_id, tutor_id, source FROM referrals ORDER BY at")


async def test_a_deep_link_start_is_attributed_once(app: App, api: FakeBotApi) -> None:
    resident = TelegramUser(api, RESIDENT, first_name="Siti")
    await resident.send("/start tutor-K7QM4T")  # what Telegram sends for t.me/...?start=
    assert resident.last[0].text == T("ref-thanks-tutor", code="K7QM4T")
    assert T("menu-start") in resident.labels  # then the welcome menu
    await eventually(lambda: _has(app, [("telegram", str(RESIDENT), 1, "link")]),
                     "the resident attributed to the first tutor")
    await resident.send("/start tutor-P3XR8W")  # a second tutor's link does not steal
    assert resident.last[0].text == T("ref-already-other")
    await resident.send("/start tutor-" + "Q" * 70)  # longer than Telegram allows
    assert T("ref-link-too-long").splitlines()[0] in resident.text
    await resident.press(T("menu-start"))  # the tutorial start counts for the tutor
    await eventually(lambda: _has(app, [("telegram", str(RESIDENT), 1, "link")]),
                     "still the first tutor only")
    started = await app.store.fetch_all(
        "SELECT count(*) FROM events WHERE user_id = ? AND kind = 'tutorial_start'",
        (str(RESIDENT),))
    assert started == [(1,)]


async def _has(app: App, expected: list[tuple[object, ...]]) -> bool:
    return await referrals(app) == expected


async def test_the_tutors_poster_is_a_photo_and_a_document_with_the_deep_link(
    app: App, api: FakeBotApi
) -> None:
    tutor = TelegramUser(api, TUTOR, first_name="Budi")
    await tutor.send("/tutor")
    assert "Kode tutor Anda: K7QM4T" in tutor.text
    await tutor.press(T("tutor-poster"))  # only Telegram runs: no need to choose
    photo = next(m for m in tutor.last if m.kind == "photo")
    document = next(m for m in tutor.last if m.kind == "document")
    assert photo.text == T("ref-poster-caption", channel="Telegram")
    assert document.raw["document"]["file_name"] == "poster-tutor-K7QM4T-telegram.png"
    content = api.file_content(document.raw["document"]["file_id"])
    link = f"https://t.me/{api.bot_username}?start=tutor-K7QM4T"
    found = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(content)))]
    assert found == [link]
