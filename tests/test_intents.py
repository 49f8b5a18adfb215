"""Free text that leads to the action (issue 15): finished, a visit, my voucher, thanks,
greetings answered in kind, "apa itu sensus", fines. Transcripts through the real app; the
intents' own figures come from bench/faq_accuracy.py over tests/data/intents_dev.tsv."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import CAMPAIGN_OPEN, WIB, Chat, RecordingConsole
from test_completions import report, voucher_code

from bot.app import App
from conversations.core.campaign import load_campaign
from conversations.core.i18n import Translator
from conversations.core.words import Words
from conversations.resident.intents import IntentReader

CAMPAIGN = load_campaign(None)
DATA = Path(__file__).parent / "data"


def t(key: str, **args: object) -> str:
    return Translator("id", CAMPAIGN, CAMPAIGN_OPEN.date())(key, **args)


@pytest.mark.parametrize(("lang", "file", "size"),
                         [("id", "intents_dev.tsv", 90), ("en", "intents_dev_en.tsv", 25)])
def test_the_intents_dev_set_is_read_as_labelled(lang: str, file: str, size: int) -> None:
    """The dev set's questions get their intent (or none); the bench reports the same."""
    reader = IntentReader.load(lang, CAMPAIGN.messages, list(CAMPAIGN.faq.topics))
    words = Words.load()
    rows = list(csv.reader((DATA / file).open(encoding="utf-8"), delimiter="\t",
                           quoting=csv.QUOTE_NONE))[1:]
    assert len(rows) >= size
    wrong = []
    for question, want in rows:
        got = "salam" if words.greeting_kind(question) else reader.intent(question)
        if (got or "") != want:
            wrong.append((question, want, got))
    assert len(wrong) <= len(rows) // 10, wrong  # at least 90%, as the bench's target


async def test_finished_offers_report_completion_first(chat: Chat) -> None:
    await chat.send("/start")
    await chat.send("saya sudah isi sensus")
    assert t("intent-selesai") in chat.text
    assert chat.labels[0] == t("menu-done")
    await chat.press(t("menu-done"))
    assert t("done-ask-kk").splitlines()[0] in chat.text


@pytest.mark.parametrize(("day", "key"), [("2020-02-01", "done-not-open"),
                                           ("2020-06-15", "done-closed"),
                                           ("2020-10-15", "done-closed")])
async def test_finished_out_of_season_says_why_without_a_button_to_a_closed_report(
    chat: Chat, clock, day: str, key: str
) -> None:
    """Before the opening or after the grace days, "Lapor selesai ... mendapat kode souvenir"
    would promise a voucher that cannot be given: the reply says when or why instead."""
    clock._now = datetime.fromisoformat(day).replace(hour=10, tzinfo=WIB)
    on_day = Translator("id", CAMPAIGN, date.fromisoformat(day))
    await chat.send("saya sudah isi sensus")
    assert on_day(key).splitlines()[0] in chat.text
    assert on_day("intent-selesai") not in chat.text
    assert on_day("menu-done") not in chat.labels


async def test_a_visit_asked_for_after_the_field_stage_gets_the_contacts(
    chat: Chat, clock
) -> None:
    clock._now = datetime(2020, 10, 15, 10, tzinfo=WIB)
    await chat.send("tolong datang ke rumah saya")
    assert t("intent-kunjungan") not in chat.text
    assert t("menu-visit") not in chat.labels
    assert CAMPAIGN.help_channels[0].value in chat.text  # whom to contact instead


async def test_not_finished_yet_is_not_read_as_finished(chat: Chat) -> None:
    await chat.send("/start")
    await chat.send("saya belum isi sensus, caranya gimana")
    assert t("intent-selesai") not in chat.text
    assert t("faq-cara_mengisi-answer").splitlines()[0] in chat.text


async def test_a_visit_request_in_words_offers_the_visit(chat: Chat) -> None:
    await chat.send("/start")
    await chat.send("tolong datang ke rumah saya")
    assert t("intent-kunjungan") in chat.text
    assert chat.labels[0] == t("menu-visit")
    await chat.press(t("menu-visit"))
    assert t("menu-visit") not in chat.labels  # inside the visit flow now


async def test_becoming_an_officer_is_not_a_visit_request(chat: Chat) -> None:
    await chat.send("mau jadi petugas sensus gimana")
    assert t("intent-kunjungan") not in chat.text
    assert t("menu-visit") not in chat.labels
    assert t("faq-petugas_datang-answer").splitlines()[0] not in chat.text  # a job question


@pytest.mark.parametrize("text", ["mau jadi petugas sensus gimana",
                                  "aku pengen dadi petugas sensus, piye carane",
                                  "rekrutmen mitra bps kapan dibuka"])
async def test_becoming_an_officer_gets_an_honest_answer_and_the_contacts(
    chat: Chat, text: str
) -> None:
    """It got "Maaf, saya belum paham" and the contacts: the bot registers nobody, BPS
    announces the recruitment, here is how to reach the office (all from the campaign file)."""
    await chat.send(text)
    assert "tidak bisa mendaftarkan petugas sensus" in chat.text
    assert t("not-understood").splitlines()[0] not in chat.text
    office = CAMPAIGN.help_channel("kantor_bps")
    assert office is not None and office.label in chat.text
    for channel in CAMPAIGN.help_channels:
        assert channel.label in chat.text and channel.value in chat.text
    assert chat.text.count(office.label) == 1  # named once, not again in the list
    assert chat.labels == [t("nav-menu")]


async def test_my_voucher_without_one_says_how_to_get_it(chat: Chat) -> None:
    await chat.send("kodenya apa buat nukar pulpen")
    assert t("intent-voucher-none") in chat.text
    assert t("faq-souvenir-answer").splitlines()[0] in chat.text
    assert chat.labels[0] == t("menu-done")


async def test_my_voucher_typed_or_from_the_menu_shows_code_qr_and_state(
    chat: Chat, app: App, console: RecordingConsole
) -> None:
    await chat.send("/start")
    assert t("menu-my-voucher") not in chat.labels  # nothing to show yet
    await report(chat)
    code = voucher_code(chat)
    await chat.send("/menu")
    assert t("menu-my-voucher") in chat.labels
    await chat.press(t("menu-my-voucher"))
    card = next(r for r in chat.last if r.image)
    assert code in card.text and "paling lambat 30 September 2020" in card.text
    assert chat.labels == [t("nav-menu")]  # not "Saya sudah selesai mengisi" again
    await chat.send("voucher saya")
    assert any(code in r.text and r.image for r in chat.last)

    # Staff redeem it: the resident is told when and where, at once.
    staff = Chat(app, console, user="800")
    await staff.send(f"/tukar {code}")
    before = len(console.sent["1"])
    await staff.press(t("redeem-confirm"))
    notice = [r.text for r in console.sent["1"][before:]]
    assert notice and notice[0].startswith(f"✅ Voucher {code} sudah ditukarkan pada 2 Maret 2020")
    assert "Kantor BPS Kabupaten Batang" in notice[0]
    assert all(r.text != notice[0] for r in staff.last)  # to the resident, not to staff
    # ...and "Voucher saya" now says it was redeemed, when and where.
    await chat.send("/menu")
    await chat.press(t("menu-my-voucher"))
    card = next(r for r in chat.last if code in r.text)
    assert "Sudah ditukarkan pada 2 Maret 2020 10.00 di Kantor BPS Kabupaten Batang" in card.text
    assert t("voucher-show") not in card.text
    # Nothing left to show at the desk: no QR, no "Tukarkan di ... Senin–Jumat".
    assert card.image is None and card.image_render is None
    assert "Tukarkan di" not in card.text


@pytest.mark.parametrize(
    "text", ["terima kasih", "makasih kak", "ok", "ok siap min", "matur nuwun"]
)
async def test_thanks_and_closing_words_get_a_short_friendly_reply(chat: Chat, text: str) -> None:
    await chat.send("/start")
    await chat.send(text)
    assert chat.text == t("intent-closing")
    assert t("not-understood").splitlines()[0] not in chat.text


async def test_thanks_with_a_question_is_a_question(chat: Chat) -> None:
    await chat.send("makasih, tapi lupa password gimana ya")
    assert t("faq-lupa_password-answer").splitlines()[0] in chat.text


@pytest.mark.parametrize(
    ("text", "back"),
    [
        ("assalamualaikum", "greet-back-religious"),
        ("Assalamualaikum kak", "greet-back-religious"),
        ("selamat pagi min", "greet-back-time"),
        ("sugeng enjing", "greet-back-time"),
    ],
)
async def test_religious_and_time_of_day_greetings_are_answered_in_kind(
    chat: Chat, text: str, back: str
) -> None:
    await chat.send(text)
    # The clock is at 10.00 WIB: "Selamat pagi", whatever time the person greeted with.
    assert chat.text.startswith(t(back, part="pagi"))
    assert t("menu-prompt") in chat.text


async def test_a_plain_greeting_gets_the_menu_without_an_answer_in_kind(chat: Chat) -> None:
    await chat.send("/start")
    await chat.send("halo")
    assert t("greet-back-religious") not in chat.text
    assert "Selamat pagi" not in chat.text
    assert t("menu-prompt") in chat.text


async def test_what_is_the_census_gets_the_purpose(chat: Chat) -> None:
    await chat.send("sensus online itu apa")
    assert t("faq-tujuan_sensus-answer").splitlines()[0] in chat.text
    assert t("faq-souvenir-answer").splitlines()[0] not in chat.text


async def test_fines_get_the_nuance_not_a_yes(chat: Chat) -> None:
    await chat.send("kalau ga ikut sensus didenda?")
    assert chat.text.startswith("Tidak mengisi online biasanya tidak dikenai denda")
    assert "petugas akan mendata keluarga Anda" in chat.text
    assert not chat.text.startswith("Ya")

