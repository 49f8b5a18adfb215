"""Short answers typed instead of pressed: "iya" on a yes/no screen picks the "Ya, …" choice.

Found by chatting: after an FAQ answer, "Apakah ini menjawab pertanyaan Anda?" with "Ya, terima
kasih" / "Belum", typing "ya" got "Maaf, saya belum paham", and "lanjut" in the middle of the
tutorial was read as a question about continuing the census form later.
"""

from __future__ import annotations

import pytest
from conftest import CAMPAIGN_OPEN, Chat

from conversations.core.campaign import load_campaign
from conversations.core.i18n import Translator

T = Translator("id", load_campaign(), CAMPAIGN_OPEN.date())
EN = Translator("en", load_campaign(), CAMPAIGN_OPEN.date())


async def after_an_answer(chat: Chat) -> None:
    await chat.send("/start")
    await chat.send("NIK saya tidak ditemukan")
    assert T("ask-helpful") in chat.text
    assert chat.labels[:2] == ["Ya, terima kasih", "Belum"]


@pytest.mark.parametrize("typed", ["ya", "Iya kak", "nggih", "ok", "betul"])
async def test_a_typed_yes_answers_was_this_helpful(chat: Chat, typed: str) -> None:
    await after_an_answer(chat)
    await chat.send(typed)
    assert T("ask-thanks") in chat.text


@pytest.mark.parametrize("typed", ["gak", "tidak", "blm", "durung"])
async def test_a_typed_no_offers_other_topics_and_a_person(chat: Chat, typed: str) -> None:
    await after_an_answer(chat)
    await chat.send(typed)
    assert T("ask-thanks") not in chat.text
    assert "belum pas" in chat.text  # ask-not-helpful: other topics, or the staff


async def test_a_typed_yes_works_in_english_too(chat: Chat) -> None:
    await chat.send("/start")
    await chat.send("/bahasa")
    await chat.press("English")
    await chat.send("my NIK is not found")
    assert EN("ask-helpful") in chat.text
    await chat.send("yeah")
    assert EN("ask-thanks") in chat.text


async def test_a_short_answer_where_no_yes_is_shown_presses_nothing(chat: Chat) -> None:
    await chat.send("/start")
    await chat.press("Mulai panduan")
    await chat.press("Lewati")
    assert "Langkah 1 dari 9" in chat.text
    await chat.send("ya")
    assert "Langkah 2 dari 9" not in chat.text  # "Lanjut ›" is not a yes


async def test_no_on_the_delete_screen_keeps_the_data_and_yes_deletes(chat: Chat) -> None:
    await chat.send("/start")
    await chat.send("/hapus_data")
    assert "Ya, hapus" in chat.labels
    await chat.send("gak")  # "Batal" is not a "no" label: nothing is pressed, nothing deleted
    assert T("privacy-deleted") not in chat.text
    await chat.send("/hapus_data")
    await chat.send("iya")
    assert T("privacy-deleted") in chat.text


async def test_in_the_tutorial_the_answer_offers_the_step_and_lanjut_goes_back(chat: Chat) -> None:
    await chat.send("/start")
    await chat.press("Mulai panduan")
    await chat.press("Lewati")
    await chat.press("Lanjut")
    await chat.press("Lanjut")
    assert "Langkah 3 dari 9" in chat.text
    await chat.send("NIK tidak ditemukan")
    assert "▶️ Lanjutkan langkah 3" in chat.labels
    await chat.send("lanjut")
    assert "Langkah 3 dari 9" in chat.text
    assert T("ask-helpful") not in chat.text
