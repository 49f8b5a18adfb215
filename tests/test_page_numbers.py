"""Page numbers that mean the same on every page (issue 15): typing the number of "Lainnya ›",
"Batal", "Menu" or "‹ Sebelumnya" again does the same thing on the next page, the short last
page included (it leaves gaps instead of moving the fixed buttons up). Transcripts in the
console (the engine's numbers, and the real `tutor-sensus chat` printing them) and over
Telegram (typed numbers beside the buttons)."""

from __future__ import annotations

from conftest import CAMPAIGN_OPEN, Chat
from fake_telegram import TelegramUser
from test_console import run_chat
from test_telegram_e2e import api, app, clock, resident  # noqa: F401 (Telegram fixtures)

from conversations.core.campaign import load_campaign
from conversations.core.i18n import Translator

CAMPAIGN = load_campaign(None)
T = Translator("id", CAMPAIGN, CAMPAIGN_OPEN.date())
KECAMATAN = [k.name for k in CAMPAIGN.region.kecamatan]


def numbers(chat: Chat) -> dict[str, int]:
    """Label -> the number a console user types for it (as the console prints it)."""
    return {c.label: c.number or i
            for i, c in enumerate((c for r in chat.last for c in r.choices), start=1)}


async def open_kecamatan_list(chat: Chat) -> None:
    await chat.send("/start")
    await chat.press(T("menu-visit"))
    await chat.press(T("visit-agree"))
    assert KECAMATAN[0] in chat.labels


async def test_batal_has_one_number_on_every_page_of_the_kecamatan_list(chat: Chat) -> None:
    """15 kecamatan beside "Batal": pages of 7, 7 and 1. "Batal" was 9, 9, then 2."""
    await open_kecamatan_list(chat)
    first = numbers(chat)
    batal, more = first[T("visit-cancel")], first[T("nav-more")]
    pages = [numbers(chat)]
    while T("nav-more") in chat.labels:
        await chat.send(str(more))  # the same number goes on each time
        pages.append(numbers(chat))
    assert len(pages) == 3 and len(pages[-1]) == 3  # the short last page: 1 item, Batal, back
    assert all(page[T("visit-cancel")] == batal for page in pages)
    assert {page.get(T("nav-previous")) for page in pages[1:]} == {10}
    assert pages[-1][KECAMATAN[-1]] == 1
    await chat.send(str(more))  # "Lainnya" again on the last page: not another button
    assert T("number-not-on-page") in chat.text
    assert KECAMATAN[-1] in chat.labels  # still the last page
    await chat.send(str(batal))
    assert T("menu-prompt") in chat.text  # cancelled from the short last page


async def test_previous_and_menu_keep_their_numbers_back_to_the_first_page(chat: Chat) -> None:
    await chat.send("/start")
    await chat.press(T("menu-faq"))
    first_topic = chat.labels[0]
    first = numbers(chat)
    menu, more = first[T("nav-menu")], first[T("nav-more")]
    pages = 1
    while T("nav-more") in chat.labels:
        await chat.send(str(more))
        pages += 1
        assert numbers(chat)[T("nav-menu")] == menu
        assert numbers(chat)[T("nav-previous")] == 10
    assert pages >= 3 and len(chat.labels) < 10  # a short last page
    for _ in range(pages - 1):
        await chat.send("10")  # "‹ Sebelumnya", the same number on every page
    assert chat.labels[0] == first_topic
    assert T("nav-previous") not in chat.labels
    await chat.send("10")  # no page before the first: there is no number 10 here
    assert T("number-out-of-range", count=menu) in chat.text
    await chat.send(str(more))
    await chat.send(str(more))
    await chat.send(str(menu))
    assert T("menu-prompt") in chat.text


def test_the_console_prints_the_fixed_numbers_with_gaps(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The real console: '/start', the visit request, agree, then "8" (Lainnya) twice and
    "9" (Batal) on the short last page."""
    result = run_chat(tmp_path, "/start\n3\n1\n8\n8\n9\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.count(f"  9. {T('visit-cancel')}") == 3  # the same on all three pages
    last_page = out.split(T("visit-ask-kecamatan"))[-1]
    assert f"  1. {KECAMATAN[-1]}\n  9. {T('visit-cancel')}\n  10. {T('nav-previous')}" in (
        last_page)
    assert T("menu-prompt") in last_page  # "9" cancelled


async def test_typed_numbers_over_telegram_do_the_same_on_every_page(
    resident: TelegramUser,  # noqa: F811 (fixture)
) -> None:
    await resident.send("/start")
    await resident.press(T("menu-visit"))
    await resident.press(T("visit-agree"))
    await resident.send("8")
    await resident.send("8")
    assert resident.labels == [KECAMATAN[-1], T("visit-cancel"), T("nav-previous")]
    await resident.send("8")  # where "Lainnya" was: nothing else is pressed
    assert T("number-not-on-page") in resident.text
    await resident.send("10")
    assert T("nav-more") in resident.labels  # back on page 2
    await resident.send("8")
    await resident.send("9")  # "Batal" on the short last page
    assert T("menu-prompt") in resident.text
