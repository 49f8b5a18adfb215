"""The checklist, the common questions, campaign timing and group chats."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from conftest import CAMPAIGN_OPEN, WIB, Chat

from bot.settings import Settings
from conversations.core.campaign import load_campaign
from conversations.core.i18n import Translator

CAMPAIGN = load_campaign()
T = Translator("id", CAMPAIGN, CAMPAIGN_OPEN.date())


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # A staff chat is configured, so "Tanya petugas" is offered (without one, the contact
    # numbers are: tests/test_frictions.py).
    return Settings(
        TUTOR_SENSUS_DATA_DIR=tmp_path / "data",
        TUTOR_SENSUS_ADMINS="console:900",
        TUTOR_SENSUS_STAFF="console:800",
        TUTOR_SENSUS_HANDOFF_CHAT="console:staffroom",
        _env_file=None,
    )


async def test_checklist_ticks_documents(chat: Chat) -> None:
    await chat.send("/start")
    await chat.press("Daftar dokumen")
    assert T("checklist-nik-label") in chat.labels  # not ticked: the name alone
    assert T("checklist-title", ticked=0, total=5) in chat.text
    await chat.press(T("checklist-nik-label"))
    await chat.press(T("checklist-kartu_keluarga-label"))
    assert "✓ " + T("checklist-nik-label") in chat.labels
    assert T("checklist-title", ticked=2, total=5) in chat.text
    assert T("checklist-ready") in chat.text
    await chat.press(T("checklist-nik-label"))  # untick
    assert T("checklist-nik-label") in chat.labels
    assert T("checklist-ready") not in chat.text


async def test_every_faq_topic_is_reachable_and_answered(chat: Chat) -> None:
    await chat.send("/start")
    await chat.press("Pertanyaan umum")
    for topic in CAMPAIGN.faq.topics:
        label = T(f"faq-{topic}-label")
        while label not in chat.labels:
            await chat.press("Lainnya")
        await chat.press(label)
        assert chat.text == T(f"faq-{topic}-answer")
        await chat.press("Pertanyaan lain")


async def test_before_the_campaign_opens_the_bot_says_so(chat: Chat, clock) -> None:
    clock._now = datetime(2020, 2, 1, 9, 0, tzinfo=WIB)
    await chat.send("/start")
    assert "belum dibuka" in chat.text
    assert "15 Februari 2020" in chat.text
    assert "Mulai panduan" in chat.labels  # residents can learn the steps already


async def test_extension_period_mentions_new_close_date(chat: Chat, clock) -> None:
    clock._now = datetime(2020, 4, 20, 9, 0, tzinfo=WIB)
    await chat.send("/start")
    assert "diperpanjang sampai 29 Mei 2020" in chat.text


async def test_after_close_says_what_happens_instead(chat: Chat, clock) -> None:
    clock._now = datetime(2020, 6, 5, 9, 0, tzinfo=WIB)
    await chat.send("/start")
    assert "sudah ditutup" in chat.text
    assert "Sensus Penduduk September" in chat.text
    assert "1–30 September 2020" in chat.text
    assert "Mulai panduan" not in chat.labels


async def test_group_chat_answered_once_with_private_link(app, console) -> None:
    app.engine.private_links["console"] = "https://t.me/TutorSensusBot"
    # The console has no groups: feed the engine group messages directly.
    from conversations.core.models import Incoming

    async with app.store.transaction() as tx:
        first = await app.engine.handle(
            tx, Incoming(channel="console", user="5", update_id="x1", chat_type="group",
                         chat_id="-100", text="halo")
        )
        second = await app.engine.handle(
            tx, Incoming(channel="console", user="6", update_id="x2", chat_type="group",
                         chat_id="-100", text="menu")
        )
    assert len(first) == 1 and "https://t.me/TutorSensusBot" in first[0].text
    assert second == []


async def test_media_gets_kind_reply_and_stays(chat: Chat, app) -> None:
    await chat.send("/start")
    await chat.press("Mulai panduan")
    await chat.press("Lewati")
    from conversations.core.models import Incoming, Media

    async with app.store.transaction() as tx:
        replies = await app.engine.handle(
            tx, Incoming(channel="console", user="1", update_id="m1",
                         media=Media(kind="sticker"))
        )
    assert "stiker" in replies[-1].text
    labels = [c.label for c in replies[-1].choices]
    assert T("ask-staff") in labels  # a person instead of a dead end
    assert any("Lanjutkan langkah 1" in label for label in labels)  # and back to the step
