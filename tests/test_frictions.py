"""Small frictions residents and tutors stumbled on (issue 15): language names, "1. Batal" on a
typed-text prompt, page numbers, the checklist's length, "Tanya petugas" without a staff
chat, typed OPD names and plain-words NIP messages. Transcripts through the real app."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CAMPAIGN_OPEN, Chat, RecordingConsole
from test_tutors import REGISTRATION, make_settings

from bot.app import App, build_app
from conversations.core.campaign import load_campaign
from conversations.core.clock import FakeClock
from conversations.core.i18n import Translator

CAMPAIGN = load_campaign(None)
T = Translator("id", CAMPAIGN, CAMPAIGN_OPEN.date())
EN = Translator("en", CAMPAIGN, CAMPAIGN_OPEN.date())


def numbered(chat: Chat) -> dict[str, int]:
    """Label -> the number a console user types for it (fixed on paged screens)."""
    return {c.label: c.number or i
            for i, c in enumerate((c for r in chat.last for c in r.choices), start=1)}


@pytest.mark.parametrize("typed", ["inggris", "English", "bahasa inggris"])
async def test_typing_a_language_name_switches_the_language(chat: Chat, typed: str) -> None:
    await chat.send("/bahasa")
    await chat.send(typed)
    assert EN("language-changed") in chat.text
    await chat.send("/bahasa")
    await chat.send("indonesia")
    assert T("language-changed") in chat.text


async def test_one_for_cancel_cancels_where_one_is_no_answer(chat: Chat) -> None:
    await chat.send("/start")
    await chat.press(T("menu-done"))
    assert chat.labels == [T("done-cancel")]  # "1. Batal" on the KK prompt
    await chat.send("1")
    assert T("menu-prompt") in chat.text  # cancelled, back at the menu
    assert T("done-kk-too-short", count=1).splitlines()[0] not in chat.text  # not a KK


async def test_one_for_cancel_cancels_the_rt_rw_prompt_which_needs_two_numbers(
    chat: Chat,
) -> None:
    """Tried in the console: "1" on "Ketik RT dan RW" was read as an RT/RW and refused with
    "Mohon ketik RT dan RW dengan angka" although it was a number."""
    await chat.send("/start")
    await chat.press(T("menu-visit"))
    await chat.press(T("visit-agree"))
    await chat.send("Blado")
    await chat.send("Kalisari")
    assert chat.labels == [T("visit-cancel")]  # "1. Batal"
    await chat.send("1")
    assert T("visit-rt-rw-invalid") not in chat.text
    assert T("menu-prompt") in chat.text  # cancelled, back at the menu
    await chat.press(T("menu-visit"))
    await chat.press(T("visit-agree"))
    await chat.send("Blado")
    await chat.send("Kalisari")
    await chat.send("3/5")  # RT 3 RW 5: still an answer
    assert T("visit-ask-contact") in chat.text


async def test_one_is_one_person_where_the_prompt_takes_numbers(chat: Chat) -> None:
    await chat.send("/start")
    await chat.press(T("menu-done"))
    await chat.send("3325 0123 0120 0001")
    await chat.press(T("done-kk-yes"))
    assert chat.labels == [T("done-cancel")]
    await chat.send("1")  # one person in the household, not "1. Batal"
    assert T("done-ask-kecamatan") in chat.text  # the next question: one person it was


async def test_the_more_button_keeps_its_number_from_page_to_page(chat: Chat) -> None:
    await chat.send("/start")
    await chat.press(T("menu-faq"))
    more = numbered(chat)[T("nav-more")]
    first_page = chat.labels[0]
    await chat.send(str(more))
    second_page = chat.labels[0]
    assert second_page != first_page
    assert numbered(chat)[T("nav-more")] == more  # still the same number
    assert numbered(chat)[T("nav-previous")] == 10  # back is the last one, 10 on every page
    await chat.send(str(more))  # the same number again goes on, not back
    assert chat.labels[0] not in (first_page, second_page)


async def test_the_checklist_fits_a_small_phone_and_says_each_document_once(chat: Chat) -> None:
    """It was 22 lines plus 8 buttons, each document named in the text and on its button."""
    await chat.send("/start")
    await chat.press(T("menu-checklist"))
    for press in (None, T("checklist-nik-label")):
        if press is not None:
            await chat.press(press)
        lines = chat.text.splitlines()
        assert len(lines) + len(chat.labels) <= 10, (lines, chat.labels)  # the whole screen
        for item in CAMPAIGN.checklist.items:
            label = T(f"checklist-{item}-label")
            assert sum(line.count(label) for line in [*lines, *chat.labels]) == 1, label
            assert label in chat.text + " ".join(chat.labels)
    # The tick is on the button, as a text mark; one emoji a message (the title's).
    assert "✓ " + T("checklist-nik-label") in chat.labels
    assert T("checklist-title", ticked=1, total=5) in chat.text
    assert not any(mark in chat.text + "".join(chat.labels) for mark in ("✅", "⬜", "☑"))
    assert sum(line.startswith("📄") for line in chat.text.splitlines()) == 1


async def test_without_a_staff_chat_the_contacts_come_instead_of_tanya_petugas(
    chat: Chat, app: App
) -> None:
    await chat.send("xyz qwerty")
    assert T("ask-staff") not in chat.labels
    assert "+62 812-9905-2020" in chat.text  # the campaign's WA Center, at once
    await chat.send("asdf lkjh")
    from conversations.core.models import Incoming, Media

    async with app.store.transaction() as tx:
        replies = await app.engine.handle(
            tx, Incoming(channel="console", user="1", update_id="s1", media=Media(kind="sticker"))
        )
    assert "+62 812-9905-2020" in replies[-1].text
    assert T("ask-staff") not in [c.label for c in replies[-1].choices]


@pytest.fixture
async def tutor_app(tmp_path: Path, clock: FakeClock):  # type: ignore[no-untyped-def]
    application = await build_app(make_settings(tmp_path), clock=clock)
    yield application
    await application.close()


async def test_typed_opd_abbreviations_and_loose_names_are_understood(
    tutor_app: App,
) -> None:
    console = RecordingConsole()
    tutor_app.add_channel(console)
    chat = Chat(tutor_app, console, user="31")
    await chat.send("/tutor")
    await chat.send(REGISTRATION)
    await chat.send("19800101 200501 1 001")
    await chat.send("Budi Santoso")
    await chat.send("disdukcapil")
    assert T("tutor-opd-pick") not in chat.text
    await chat.send("Blado")
    assert "Dinas Kependudukan dan Pencatatan Sipil" in chat.text  # the summary to confirm


async def test_a_nip_that_looks_valid_is_explained_in_plain_words(tutor_app: App) -> None:
    console = RecordingConsole()
    tutor_app.add_channel(console)
    chat = Chat(tutor_app, console, user="32")
    await chat.send("/tutor")
    await chat.send(REGISTRATION)
    await chat.send("201503152010011003")
    assert "15 Maret 2015" in chat.text  # what the digits say, in words
    assert "terlalu dekat" not in chat.text
    assert "antara tahun 1940 dan 2003" in chat.text  # a year, not the number "2.003"
    await chat.send("19800101 199001 1 001")  # appointed at ten
    assert "1 Januari 1980" in chat.text and "Januari 1990" in chat.text
    assert re.search(r"umur 10 tahun", chat.text)
