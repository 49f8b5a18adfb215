"""Actions follow the calendar: completions and vouchers on each side of the grace period,
before the opening (a reminder for that day instead), officer visits after the field stage,
and reminders that never fire once their phase has ended."""

from __future__ import annotations

import re
from datetime import date, datetime

from conftest import WIB, Chat, RecordingConsole

from bot.app import App
from conversations.core.campaign import Vouchers, load_campaign
from conversations.core.i18n import Translator

CAMPAIGN = load_campaign()
KK = "3325 0123 0120 0001"
CODE = re.compile(r"\b[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}\b")


def at(clock, moment: str) -> Translator:
    clock._now = datetime.fromisoformat(moment).replace(tzinfo=WIB)
    return Translator("id", CAMPAIGN, clock._now.date())


async def press_id(chat: Chat, choice_id: str) -> None:
    """A button that is not on the screen (an older message's), with the screen's version."""
    version = next(c.id for r in chat.last for c in r.choices).partition("|")[0]
    await chat.press_data(f"{version}|{choice_id}")


async def report(chat: Chat, t: Translator) -> None:
    await chat.send("/start")
    await chat.send("/selesai")  # works whatever the menu offers
    if "16 angka" not in chat.text:
        return  # refused: the screen says why
    await chat.send(KK)
    await chat.press(t("done-kk-yes"))
    await chat.send("4")
    await chat.send("Blado")
    await chat.press(t("done-proof-skip"))
    await chat.press(t("done-save"))


async def vouchers_issued(app: App) -> int:
    return int((await app.store.fetch_all("SELECT COUNT(*) FROM vouchers"))[0][0])


async def test_a_completion_on_the_grace_day_gets_a_voucher_until_the_window_ends(
    chat: Chat, app: App, clock
) -> None:
    t = at(clock, "2020-05-30T23:00")  # the day after the close: those who sent it at 23:50
    await report(chat, t)
    assert t("done-saved") in chat.text
    assert CODE.search(chat.text)
    assert "paling lambat 30 September 2020" in chat.text  # until when, from the campaign
    assert "Kantor BPS Kabupaten Batang" in chat.text  # and where
    assert await vouchers_issued(app) == 1


async def test_a_completion_after_the_grace_day_is_thanked_without_a_voucher(
    chat: Chat, app: App, clock
) -> None:
    t = at(clock, "2020-05-31T00:30")
    await report(chat, t)
    assert "Terima kasih sudah ikut sensus" in chat.text
    assert "voucher suvenir tidak bisa diberikan lagi" in chat.text  # and why
    assert "30 Mei 2020" in chat.text  # the last day completions were taken
    assert not CODE.search(chat.text)
    assert await vouchers_issued(app) == 0


async def test_a_completion_begun_in_time_and_saved_too_late_is_not_recorded(
    chat: Chat, app: App, clock
) -> None:
    t = at(clock, "2020-05-30T23:58")
    await chat.send("/start")
    await chat.press(t("menu-done"))
    await chat.send(KK)
    await chat.press(t("done-kk-yes"))
    await chat.send("4")
    await chat.send("Blado")
    await chat.press(t("done-proof-skip"))
    t = at(clock, "2020-05-31T00:01")
    await chat.press(t("done-save"))
    assert "voucher suvenir tidak bisa diberikan lagi" in chat.text
    assert await vouchers_issued(app) == 0
    rows = await app.store.fetch_all("SELECT COUNT(*) FROM completions")
    assert rows[0][0] == 0


async def test_before_the_opening_a_completion_is_refused_with_a_reminder_for_that_day(
    chat: Chat, app: App, clock
) -> None:
    t = at(clock, "2020-02-10T10:00")
    await chat.send("/start")
    assert t("menu-done") not in chat.labels
    await chat.send("/selesai")
    assert "belum dibuka" in chat.text and "15 Februari 2020" in chat.text
    await chat.press(t("remind-opening-button"))
    assert "15 Februari 2020 pukul 09.00" in chat.text
    rows = await app.store.fetch_all("SELECT message_key, due_at FROM reminders")
    assert [(r[0], r[1][:16]) for r in rows] == [("reminder-opening", "2020-02-15T09:00")]
    assert await vouchers_issued(app) == 0


async def test_the_opening_reminder_comes_on_the_opening_day(
    chat: Chat, app: App, clock, console: RecordingConsole
) -> None:
    t = at(clock, "2020-02-14T20:00")
    await chat.send("/start")
    await chat.press(t("remind-opening-button"))
    at(clock, "2020-02-15T09:01")
    await app.step()
    texts = [r.text for r in console.sent["1"] if r.text.startswith("⏰")]
    assert texts and "dibuka hari ini, sampai 31 Maret 2020" in texts[0]


async def test_remind_me_tomorrow_on_the_last_day_says_fill_in_today(chat: Chat, clock) -> None:
    t = at(clock, "2020-05-29T10:00")
    await chat.send("/start")
    await chat.press(t("menu-checklist"))
    assert t("remind-tomorrow-button") not in chat.labels
    await press_id(chat, "rm.tomorrow")  # an old button from yesterday
    assert "Hari ini hari terakhir (sampai 23.59 WIB)" in chat.text


async def test_a_reminder_due_after_the_close_never_fires(
    chat: Chat, app: App, clock, console: RecordingConsole
) -> None:
    t = at(clock, "2020-05-28T22:00")  # tomorrow is still open: offered, due 29 May ~20:00
    await chat.send("/start")
    await chat.press(t("menu-checklist"))
    await chat.press(t("remind-tomorrow-button"))
    at(clock, "2020-05-30T09:00")  # the bot was down on the 29th; now the form is closed
    await app.step()
    assert not [r for r in console.sent["1"] if r.text.startswith("⏰")]
    rows = await app.store.fetch_all("SELECT status FROM reminders")
    assert [r[0] for r in rows] == ["not_needed"]


async def test_after_the_field_stage_a_visit_request_says_what_happened(
    chat: Chat, app: App, clock
) -> None:
    t = at(clock, "2020-10-15T10:00")
    await chat.send("/start")
    assert t("menu-visit") not in chat.labels
    await press_id(chat, "visit.start")  # an old button
    assert "sudah mendatangi" in chat.text and "Sensus Penduduk September" in chat.text
    assert "Kantor BPS Kabupaten Batang" in chat.text  # whom to contact instead
    assert "desa" not in chat.text.casefold().split("kontak")[0]  # no questions asked
    rows = await app.store.fetch_all("SELECT COUNT(*) FROM visit_requests")
    assert rows[0][0] == 0


async def test_a_kode_104_problem_offers_the_visit_only_while_the_field_stage_is_ahead(
    chat: Chat, clock
) -> None:
    for moment, offered in (("2020-09-30T10:00", True), ("2020-10-01T10:00", False)):
        t = at(clock, moment)
        await chat.send("/start")
        await chat.press(t("menu-restart") if t("menu-restart") in chat.labels
                         else t("menu-start"))
        if t("nav-skip") in chat.labels:
            await chat.press(t("nav-skip"))
        await chat.press(t("nav-next"))
        await chat.press(t("nav-next"))
        await chat.press(t("nav-problems"))
        await chat.press(t("problem-kode_104-label"))
        assert (t("menu-visit") in chat.labels) is offered, moment


def test_a_voucher_is_never_issued_already_expired() -> None:
    rules = Vouchers(redeem_from=date(2020, 2, 15), redeem_until=date(2020, 9, 30),
                     valid_days=30)
    assert rules.expiry(date(2020, 3, 2)) == date(2020, 4, 1)  # 30 days after issue
    assert rules.expiry(date(2020, 9, 20)) == date(2020, 9, 30)  # never past the window
    assert rules.expiry(date(2020, 10, 5)) < date(2020, 10, 5)  # the flow refuses this one


def test_on_the_last_day_whatsapp_gets_the_text_not_zero_days_left() -> None:
    from conversations.admin import bulk_messages as bc

    last = date(2020, 5, 29)
    body = bc.render(Translator("id", CAMPAIGN, last), CAMPAIGN, last, "reminder-deadline", None)
    assert "hari ini hari terakhir mengisi SP2020 Online (sampai 23.59 WIB)" in body
    template = bc.template_for(CAMPAIGN, last, "id", "reminder-deadline", body)
    assert template is not None and template.name == "sp2020_info"  # the general one
    assert "hari terakhir" in template.params[0]
    before = bc.template_for(CAMPAIGN, date(2020, 5, 26), "id", "reminder-deadline", "x")
    assert before is not None and before.name == "sp2020_batas_waktu"
    assert before.params[1:3] == ["3", "29 Mei 2020"]


async def test_vouchers_are_exchanged_only_from_the_window_of_the_campaign(
    chat: Chat, app: App, clock
) -> None:
    t = at(clock, "2020-03-02T10:00")
    await report(chat, t)
    code = CODE.search(chat.text).group()  # type: ignore[union-attr]
    rules = CAMPAIGN.vouchers.model_copy(update={"redeem_from": date(2020, 3, 9)})
    app.engine.campaign = CAMPAIGN.model_copy(update={"vouchers": rules})  # opens a week later
    staff = Chat(app, chat.channel, user="800")
    await staff.send(f"/tukar {code}")
    assert "penukaran mulai 9 Maret 2020" in staff.text
    assert t("redeem-confirm") not in staff.labels
