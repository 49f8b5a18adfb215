"""The resident's path through the menu and the guided tutorial, as a transcript."""

from __future__ import annotations

from conftest import CAMPAIGN_OPEN, Chat

from conversations.core.campaign import load_campaign
from conversations.core.i18n import Translator

CAMPAIGN = load_campaign()
T = Translator("id", CAMPAIGN, CAMPAIGN_OPEN.date())
STEPS = [s.id for s in CAMPAIGN.tutorial.steps]


async def open_tutorial(chat: Chat) -> None:
    await chat.send("/start")
    await chat.press("Mulai panduan")
    await chat.press("Lewati")  # the kecamatan question, asked once


async def test_start_shows_welcome_and_menu(chat: Chat) -> None:
    replies = await chat.send("/start")
    assert "Selamat datang" in chat.text
    assert "Mulai panduan" in chat.labels
    assert "Pertanyaan umum" in chat.labels
    assert len(replies) == 1  # one message: welcome, timing and the menu


async def test_kecamatan_is_asked_once_and_saved(chat: Chat, app) -> None:
    await chat.send("/start")
    await chat.press("Mulai panduan")
    assert "kecamatan" in chat.text.lower()
    await chat.send("blado")  # typed name instead of a button
    assert "Blado tersimpan" in chat.text
    assert "Langkah 1 dari 9" in chat.text
    rows = await app.store.fetch_all("SELECT kecamatan FROM people WHERE user_id = '1'")
    assert rows == [("blado",)]
    await chat.send("/menu")
    await chat.press("Ulangi panduan")
    assert "Langkah 1 dari 9" in chat.text  # not asked again


async def test_walk_every_step_forward_and_back(chat: Chat) -> None:
    await open_tutorial(chat)
    for number, step_id in enumerate(STEPS, start=1):
        assert f"Langkah {number} dari {len(STEPS)}" in chat.text
        assert T(f"step-{step_id}-title") in chat.text
        if number < len(STEPS):
            await chat.press("Lanjut")
    await chat.press("Kembali")
    assert f"Langkah {len(STEPS) - 1} dari {len(STEPS)}" in chat.text
    await chat.press("Lanjut")
    await chat.press("Lanjut")
    assert "akhir panduan" in chat.text


async def test_each_step_lists_its_problems_with_advice(chat: Chat) -> None:
    await open_tutorial(chat)
    await chat.press("Lanjut")
    await chat.press("Lanjut")  # step 3: NIK and KK
    assert "Langkah 3 dari 9" in chat.text
    await chat.press("Ada masalah")
    assert T("problem-kode_104-label") in chat.labels
    await chat.press(T("problem-kode_104-label"))
    assert chat.text == T("problem-kode_104-body")
    await chat.press("Kembali ke langkah 3")
    assert "Langkah 3 dari 9" in chat.text


async def test_double_tap_advances_only_once(chat: Chat) -> None:
    await open_tutorial(chat)
    next_button = chat.choice_data("Lanjut")
    await chat.press_data(next_button)
    assert "Langkah 2 dari 9" in chat.text
    await chat.press_data(next_button)  # the same button again, e.g. a double tap
    assert "Langkah 2 dari 9" in chat.text
    assert "Langkah 3" not in chat.text
    assert T("button-stale") in chat.text


async def test_greeting_keeps_progress_and_offers_to_continue(chat: Chat) -> None:
    await open_tutorial(chat)
    await chat.press("Lanjut")
    await chat.press("Lanjut")
    await chat.send("halo")
    assert chat.labels[0] == "▶️ Lanjutkan langkah 3"
    await chat.send("1")  # typed number of the first option
    assert "Langkah 3 dari 9" in chat.text


async def test_resume_after_days_offers_the_step_reached(chat: Chat, clock) -> None:
    await open_tutorial(chat)
    await chat.press("Lanjut")
    clock.advance(days=2)
    await chat.send("/start")
    assert "Selamat datang kembali" in chat.text
    assert chat.labels[0] == "▶️ Lanjutkan langkah 2"
    await chat.press("Lanjutkan")
    assert "Langkah 2 dari 9" in chat.text


async def test_funnel_events_record_each_step_reached(chat: Chat, app) -> None:
    await open_tutorial(chat)
    await chat.press("Lanjut")
    await chat.press("Lanjut")
    rows = await app.store.fetch_all(
        "SELECT kind, detail, step_index FROM events WHERE kind LIKE 'tutorial%' ORDER BY id"
    )
    assert rows == [
        ("tutorial_start", None, None),
        ("tutorial_step", STEPS[0], 0),
        ("tutorial_step", STEPS[1], 1),
        ("tutorial_step", STEPS[2], 2),
    ]
