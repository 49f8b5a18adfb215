"""The campaign calendar: on each side of every SP2020 boundary, what the bot says (dates and
tense, in both languages) and what it offers (completion, voucher, visit request, reminder).

The expectations are the SP2020 calendar itself (../shared/domain/SP2020.md, section 2): online
from 15 February to 31 March 2020, extended (announced 31 March / 1 April) to 29 May, no
further extension (28 May); officers' visits first planned for July, moved to September
(1-30 September 2020).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from conftest import WIB, Chat

from conversations.core.campaign import load_campaign
from conversations.core.i18n import Translator

CAMPAIGN = load_campaign()


@dataclass(frozen=True)
class Day:
    day: str
    phase: str
    close: str  # the close date the bot states that day
    field: str  # the field stage it names ("" while the plan is uncertain)
    completions: bool
    visits: bool
    reminders: bool


# Each boundary: the day before, the day itself and the day after.
CALENDAR = [
    Day("2020-02-14", "before_open", "2020-03-31", "Sensus Penduduk Wawancara", False, True,
        False),
    Day("2020-02-15", "open", "2020-03-31", "Sensus Penduduk Wawancara", True, True, True),
    Day("2020-02-16", "open", "2020-03-31", "Sensus Penduduk Wawancara", True, True, True),
    Day("2020-03-30", "open", "2020-03-31", "Sensus Penduduk Wawancara", True, True, True),
    Day("2020-03-31", "open", "2020-03-31", "", True, True, True),  # said cautiously
    Day("2020-04-01", "extended", "2020-05-29", "", True, True, True),
    Day("2020-04-02", "extended", "2020-05-29", "", True, True, True),
    Day("2020-04-17", "extended", "2020-05-29", "", True, True, True),
    Day("2020-04-18", "extended", "2020-05-29", "Sensus Penduduk September", True, True, True),
    Day("2020-05-29", "extended", "2020-05-29", "Sensus Penduduk September", True, True, True),
    Day("2020-05-30", "online_closed", "2020-05-29", "Sensus Penduduk September", True, True,
        False),  # the grace day: a household that sent it at 23:50 still reports it
    Day("2020-05-31", "online_closed", "2020-05-29", "Sensus Penduduk September", False, True,
        False),
    Day("2020-08-31", "online_closed", "2020-05-29", "Sensus Penduduk September", False, True,
        False),
    Day("2020-09-01", "field_stage", "2020-05-29", "Sensus Penduduk September", False, True,
        False),
    Day("2020-09-30", "field_stage", "2020-05-29", "Sensus Penduduk September", False, True,
        False),
    Day("2020-10-01", "after_field_stage", "2020-05-29", "Sensus Penduduk September", False,
        False, False),
]


@pytest.mark.parametrize("row", CALENDAR, ids=[r.day for r in CALENDAR])
def test_the_calendar_of_each_day(row: Day) -> None:
    calendar = CAMPAIGN.on(date.fromisoformat(row.day))
    assert calendar.phase.id == row.phase
    assert calendar.closes == date.fromisoformat(row.close)
    if row.field:
        assert calendar.field_sure and calendar.field_stage.name == row.field
    else:
        assert not calendar.field_sure
    assert calendar.completions_open is row.completions
    assert calendar.visits_open is row.visits
    assert calendar.reminders_open is row.reminders


def test_the_table_covers_every_phase_boundary() -> None:
    starts = {p.starts for p in CAMPAIGN.timeline.phases if p.starts}
    covered = {date.fromisoformat(r.day) for r in CALENDAR}
    for start in starts:
        assert {start.fromordinal(start.toordinal() + d) for d in (-1, 0)} <= covered, start


# --- what a resident reads, in both languages -----------------------------------------------
# (day, language, the welcome and menu must say, must not say)
WELCOME = [
    ("2020-02-14", "id", ["belum dibuka", "15 Februari 2020", "31 Maret 2020"], ["29 Mei"]),
    ("2020-02-14", "en", ["not open yet", "15 February 2020"], ["29 May"]),
    ("2020-02-15", "id", ["dibuka sampai 31 Maret 2020", "Tinggal 45 hari lagi"], ["29 Mei"]),
    ("2020-03-02", "id", ["dibuka sampai 31 Maret 2020"], ["29 Mei", "diperpanjang"]),
    ("2020-03-02", "en", ["open until 31 March 2020"], ["29 May", "extended"]),
    ("2020-03-30", "id", ["Besok hari terakhir (sampai 23.59 WIB)"], ["0 hari"]),
    ("2020-03-31", "id", ["Hari ini hari terakhir (sampai 23.59 WIB)", "jadwal saat ini"],
     ["0 hari", "29 Mei"]),
    ("2020-03-31", "en", ["Today is the last day (until 23:59 WIB)", "as it stands"],
     ["0 days", "29 May"]),
    ("2020-04-01", "id", ["diperpanjang sampai 29 Mei 2020", "Tinggal 58 hari lagi"],
     ["Tidak ada perpanjangan lagi"]),
    ("2020-04-01", "en", ["extended until 29 May 2020", "58 days left"],
     ["no further extension"]),
    ("2020-05-28", "id", ["Tidak ada perpanjangan lagi", "Besok hari terakhir"], []),
    ("2020-05-29", "id", ["Hari ini hari terakhir (sampai 23.59 WIB)"], ["0 hari"]),
    ("2020-05-29", "en", ["Today is the last day (until 23:59 WIB)"], ["0 days"]),
    ("2020-05-30", "id", ["sudah ditutup pada 29 Mei 2020", "akan didatangi",
                          "Sensus Penduduk September (1–30 September 2020)"],
     ["langkah demi langkah"]),
    ("2020-05-30", "en", ["closed on 29 May 2020", "will be visited"], ["step by step"]),
    ("2020-09-01", "id", ["sedang mendatangi"], ["akan didatangi"]),
    ("2020-09-01", "en", ["are now visiting"], ["will be visited"]),
    ("2020-10-01", "id", ["sudah mendatangi", "Kantor BPS Kabupaten Batang"],
     ["akan didatangi", "sedang"]),
    ("2020-10-01", "en", ["Census officers visited", "BPS Kabupaten Batang"], ["will be"]),
]


async def start_on(chat: Chat, clock, day: str, lang: str) -> None:
    clock._now = datetime.fromisoformat(day).replace(hour=10, tzinfo=WIB)
    if lang == "en":
        await chat.send("/bahasa")
        await chat.press("English")
    await chat.send("/start")


@pytest.mark.parametrize(("day", "lang", "says", "never"), WELCOME,
                         ids=[f"{d}-{lang}" for d, lang, _, _ in WELCOME])
async def test_welcome_follows_the_calendar(chat: Chat, clock, day: str, lang: str,
                                            says: list[str], never: list[str]) -> None:
    await start_on(chat, clock, day, lang)
    for text in says:
        assert text in chat.text, (text, chat.text)
    for text in never:
        assert text not in chat.text, (text, chat.text)


# (day, the deadline answer says, the field-stage answer says, neither says)
ANSWERS = [
    ("2020-02-14", "31 Maret 2020", "Sensus Penduduk Wawancara (1–31 Juli 2020)", "September"),
    ("2020-03-02", "31 Maret 2020", "akan didatangi petugas sensus pada Sensus Penduduk "
     "Wawancara", "29 Mei"),
    ("2020-03-31", "Hari ini hari terakhir", "Jadwalnya akan diumumkan BPS", "Juli"),
    ("2020-04-01", "diperpanjang sampai 29 Mei 2020", "Jadwalnya akan diumumkan BPS",
     "September"),
    ("2020-04-17", "29 Mei 2020", "Jadwalnya akan diumumkan BPS", "Sensus Penduduk September"),
    ("2020-04-18", "29 Mei 2020", "akan didatangi petugas sensus pada Sensus Penduduk "
     "September (1–30 September 2020)", "Tidak ada perpanjangan lagi"),
    ("2020-05-28", "Tidak ada perpanjangan lagi", "dipindah ke Sensus Penduduk September",
     "ditutup pada"),
    ("2020-05-30", "sudah ditutup pada 29 Mei 2020 pukul 23.59 WIB", "akan didatangi",
     "Tinggal"),
    ("2020-09-01", "sudah ditutup", "sedang mendatangi", "akan didatangi"),
    ("2020-10-01", "sudah ditutup", "sudah mendatangi", "akan didatangi"),
]


@pytest.mark.parametrize(("day", "deadline", "field", "never"), ANSWERS,
                         ids=[a[0] for a in ANSWERS])
async def test_deadline_and_field_stage_answers_as_of_the_day(
    chat: Chat, clock, day: str, deadline: str, field: str, never: str
) -> None:
    t = Translator("id", CAMPAIGN, date.fromisoformat(day))
    await start_on(chat, clock, day, "id")
    for topic, expected in (("batas_waktu", deadline), ("petugas_datang", field)):
        await chat.send("/menu")
        await chat.press(t("menu-faq"))
        while t(f"faq-{topic}-label") not in chat.labels:
            await chat.press(t("nav-more"))
        await chat.press(t(f"faq-{topic}-label"))
        assert expected in chat.text, (topic, chat.text)
        assert never not in chat.text, (topic, chat.text)


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("row", CALENDAR, ids=[r.day for r in CALENDAR])
async def test_actions_offered_follow_the_phase(chat: Chat, clock, row: Day, lang: str) -> None:
    t = Translator(lang, CAMPAIGN, date.fromisoformat(row.day))
    await start_on(chat, clock, row.day, lang)
    assert (t("menu-done") in chat.labels) is row.completions
    assert (t("menu-visit") in chat.labels) is row.visits
    assert (t("remind-opening-button") in chat.labels) is (row.phase == "before_open")
    assert t("menu-start") in chat.labels  # the tutorial stays, after the close for reference
    await chat.press(t("menu-checklist"))
    last_day = CAMPAIGN.on(date.fromisoformat(row.day)).days_left == 0
    offered = t("remind-tomorrow-button") in chat.labels
    assert offered is (row.reminders and not last_day)


def test_the_tutorial_after_the_close_is_a_guide_for_reference() -> None:
    for lang, word in (("id", "arsip"), ("en", "reference")):
        after = Translator(lang, CAMPAIGN, date(2020, 6, 15))
        during = Translator(lang, CAMPAIGN, date(2020, 3, 2))
        assert word in after("step-header", n=1, total=9)
        assert word not in during("step-header", n=1, total=9)
        assert after("tutorial-done") != during("tutorial-done")


# The same answers in English (the catalogue's own words), as the bot formats them that day.
ANSWERS_EN = [
    ("2020-03-02", "until 31 March 2020 at 23:59 WIB", "Sensus Penduduk Wawancara (1–31 July "
     "2020)", "29 May"),
    ("2020-03-31", "Today is the last day (until 23:59 WIB)", "BPS will announce when", "July"),
    ("2020-04-15", "extended until 29 May 2020", "BPS will announce when", "September"),
    ("2020-05-28", "There is no further extension", "will be visited by census officers during "
     "Sensus Penduduk September (1–30 September 2020)", "closed on"),
    ("2020-06-15", "closed on 29 May 2020 at 23:59 WIB", "will be visited", "days left"),
    ("2020-09-10", "closed on 29 May 2020", "are now visiting", "will be visited"),
    ("2020-10-15", "closed on 29 May 2020", "Census officers visited", "will be visited"),
]


@pytest.mark.parametrize(("day", "deadline", "field", "never"), ANSWERS_EN,
                         ids=[a[0] for a in ANSWERS_EN])
def test_deadline_and_field_stage_answers_in_english(day: str, deadline: str, field: str,
                                                     never: str) -> None:
    t = Translator("en", CAMPAIGN, date.fromisoformat(day))
    answers = {"batas_waktu": deadline, "petugas_datang": field}
    for topic, expected in answers.items():
        text = t(f"faq-{topic}-answer")
        assert expected in text, (topic, text)
        assert never not in text, (topic, text)
