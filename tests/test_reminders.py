"""Scheduled reminders from the campaign file: before the close date to residents who started
and did not complete, each at most once, never to people who opted out or during quiet
hours; a nudge to residents who stopped in the tutorial; and, outside WhatsApp's 24-hour
window, a template (recorded by the fake Graph API)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest
import seed
from conftest import CAMPAIGN_OPEN, WIB, Chat, RecordingConsole
from fake_graph import FakeGraphApi

from bot.app import App
from bot.channels.whatsapp import WhatsAppChannel
from conversations.core.campaign import load_campaign
from conversations.core.clock import FakeClock
from conversations.core.i18n import Translator

CAMPAIGN = load_campaign()
T = Translator("id", CAMPAIGN, CAMPAIGN_OPEN.date())
IN_WINDOW, OUTSIDE = "6281200000001", "6281200000002"


@pytest.fixture
async def graph() -> AsyncIterator[FakeGraphApi]:
    async with FakeGraphApi() as fake:
        yield fake


@pytest.fixture
async def whatsapp(app: App, graph: FakeGraphApi) -> AsyncIterator[WhatsAppChannel]:
    channel = WhatsAppChannel(graph.token, graph.phone_number_id, app_secret=graph.app_secret,
                              verify_token="verify", api_base_url=graph.base_url)
    app.add_channel(channel)
    yield channel
    await channel.stop()


def move_to(clock: FakeClock, moment: datetime) -> None:
    clock.advance(seconds=(moment - clock.now()).total_seconds())


def deadline_texts(console: RecordingConsole, user: str) -> list[str]:
    return [r.text for r in console.sent[user] if r.text.startswith("⏰")]


async def population(app: App) -> None:
    await seed.person(app, "r1", step=3)  # started, not completed: reminded
    await seed.person(app, "r2", step=8, done=True)
    await seed.completion(app, "r2")  # completed: not reminded
    await seed.person(app, "r3", step=1)
    await seed.opted_out(app, "r3")  # said STOP: not reminded
    await seed.person(app, "r4")  # never started: not reminded


async def test_deadline_reminders_go_once_to_who_started_and_did_not_complete(
    app: App, console: RecordingConsole, whatsapp: WhatsAppChannel, graph: FakeGraphApi,
    clock: FakeClock,
) -> None:
    # People active today (so the nudge for who stopped days ago is not due as well).
    move_to(clock, datetime(2020, 3, 24, 9, 30, tzinfo=WIB))  # 7 days before 31 March
    await population(app)
    await seed.person(app, IN_WINDOW, channel="whatsapp", step=2)
    await seed.person(app, OUTSIDE, channel="whatsapp", step=4)
    await seed.whatsapp_window(app, IN_WINDOW, hours_ago=1)
    await seed.whatsapp_window(app, OUTSIDE, hours_ago=30)
    graph.last_user_message[IN_WINDOW] = time.time()
    await app.step()
    expected = T("reminder-deadline", days=7, deadline="31 Maret 2020")
    assert deadline_texts(console, "r1") == [expected]
    for user in ("r2", "r3", "r4"):
        assert deadline_texts(console, user) == [], user
    inside = graph.messages_to(IN_WINDOW)
    assert [m.type for m in inside] == ["interactive"] and inside[0].text == expected
    outside = graph.messages_to(OUTSIDE)
    assert [m.template for m in outside] == [
        ("sp2020_batas_waktu", "id", ["SP2020 Online", "7", "31 Maret 2020",
                                      "sensus.bps.go.id"])]
    # Again the same day, and after a restart of the schedule: nothing twice.
    app.bulk._next_schedule = 0
    await app.step()
    clock.advance(hours=2)
    await app.step()
    assert deadline_texts(console, "r1") == [expected]
    assert len(graph.messages_to(OUTSIDE)) == 1
    rows = await app.store.fetch_all(
        "SELECT key, channel, user_id, status, via FROM reminders ORDER BY user_id")
    assert rows == [
        ("tutup-7:2020-03-31", "whatsapp", IN_WINDOW, "queued", "text"),
        ("tutup-7:2020-03-31", "whatsapp", OUTSIDE, "queued", "template"),
        ("tutup-7:2020-03-31", "console", "r1", "queued", "text"),
    ]


async def test_quiet_hours_hold_a_reminder_and_a_completion_meanwhile_cancels_it(
    app: App, console: RecordingConsole, clock: FakeClock
) -> None:
    move_to(clock, datetime(2020, 3, 28, 22, 0, tzinfo=WIB))  # 3 days before, quiet hours
    await population(app)
    await seed.person(app, "r5", step=2)
    await app.step()
    assert deadline_texts(console, "r1") == [] and deadline_texts(console, "r5") == []
    assert await app.store.fetch_all("SELECT count(*) FROM reminders") == [(2,)]  # due rows
    await seed.completion(app, "r5")  # r5 reports done during the night
    move_to(clock, datetime(2020, 3, 29, 6, 1, tzinfo=WIB))
    await app.step()
    # Sent in the morning, and the text counts the days from when it is sent.
    assert deadline_texts(console, "r1") == [
        T("reminder-deadline", days=2, deadline="31 Maret 2020")]
    assert deadline_texts(console, "r5") == []
    status = await app.store.fetch_all("SELECT status FROM reminders WHERE user_id = 'r5'")
    assert status == [("not_needed",)]


async def test_a_nudge_to_who_stopped_in_the_tutorial_has_a_button_to_go_on(
    app: App, console: RecordingConsole, clock: FakeClock
) -> None:
    await seed.person(app, "r1", kecamatan="blado", step=2, last_seen=clock.now())
    move_to(clock, datetime(2020, 3, 4, 10, 0, tzinfo=WIB))  # two days later: not yet
    await app.step()
    assert console.sent["r1"] == []
    move_to(clock, datetime(2020, 3, 5, 10, 30, tzinfo=WIB))  # three days: nudge
    await app.step()
    nudge = console.sent["r1"][-1]
    assert nudge.text == T("reminder-stopped", step=3)
    assert [c.id for c in nudge.choices] == ["0|tut.resume", "0|menu"]
    chat = Chat(app, console, user="r1")
    await chat.press_data("0|tut.resume")  # the button works from that old message
    assert T("step-header", n=3, total=len(CAMPAIGN.tutorial.steps)) in chat.text
    clock.advance(days=5)
    await app.step()
    assert [r.text for r in console.sent["r1"]].count(T("reminder-stopped", step=3)) == 1


async def test_no_reminders_before_the_opening_or_after_the_close(
    app: App, console: RecordingConsole, clock: FakeClock
) -> None:
    await seed.person(app, "r1", step=2, last_seen=clock.now() - timedelta(days=30))
    move_to(clock, datetime(2020, 6, 1, 10, 0, tzinfo=WIB))  # after 29 May
    await app.step()
    assert console.sent["r1"] == []
    assert await app.store.fetch_all("SELECT count(*) FROM reminders") == [(0,)]


async def test_remind_me_tomorrow_comes_once_at_the_same_hour(
    app: App, chat: Chat, console: RecordingConsole, clock: FakeClock
) -> None:
    await chat.send("/start")
    await chat.press(T("menu-checklist"))
    await chat.press(T("remind-tomorrow-button"))
    assert T("remind-tomorrow-set", day="3 Maret 2020", at="10.00") in chat.text
    await chat.press(T("remind-tomorrow-button"))
    assert T("remind-tomorrow-already") in chat.text
    move_to(clock, datetime(2020, 3, 3, 9, 59, tzinfo=WIB))
    await app.step()
    reminder = T("reminder-tomorrow")
    assert reminder not in [r.text for r in console.sent["1"]]
    move_to(clock, datetime(2020, 3, 3, 10, 0, 1, tzinfo=WIB))
    await app.step()
    clock.advance(hours=1)
    await app.step()
    assert [r.text for r in console.sent["1"]].count(reminder) == 1


async def test_remind_me_tomorrow_in_the_evening_waits_for_the_quiet_hours_to_end(
    app: App, chat: Chat, clock: FakeClock
) -> None:
    move_to(clock, datetime(2020, 3, 2, 22, 30, tzinfo=WIB))
    await chat.send("/start")
    await chat.press(T("menu-checklist"))
    await chat.press(T("remind-tomorrow-button"))
    assert T("remind-tomorrow-set", day="3 Maret 2020", at="20.00") in chat.text
    await chat.send("STOP")
    await chat.press(T("optout-yes"))
    await chat.press_data(f"{0}|menu")
    await chat.press(T("menu-checklist"))
    await chat.press(T("remind-tomorrow-button"))
    assert T("remind-tomorrow-opted-out") in chat.text


async def test_a_broadcast_outside_the_window_uses_the_general_template_up_to_the_limit(
    app: App, console: RecordingConsole, whatsapp: WhatsAppChannel, graph: FakeGraphApi,
    clock: FakeClock,
) -> None:
    import dataclasses

    text = "Halo Bapak/Ibu,\nbesok ada isi bersama di Pendopo."
    for n, hours in enumerate((1, 30, 40), start=1):
        wa_id = f"62812000000{n:02d}"
        await seed.person(app, wa_id, channel="whatsapp")
        await seed.whatsapp_window(app, wa_id, hours_ago=hours)
        if hours < 24:
            graph.last_user_message[wa_id] = time.time()
    app.bulk.whatsapp_daily_limit = 1
    app.engine.config = dataclasses.replace(app.engine.config, whatsapp_daily_limit=1)
    admin = Chat(app, console, user="900")
    await admin.send("/siaran " + text)
    await admin.press(T("segment-everyone-label"))
    assert "WhatsApp 1 · WhatsApp lewat template 2" in admin.text
    assert T("bc-preview-limit", limit="1", already="0") in admin.text
    await admin.press(T("bc-send"))
    inside = graph.messages_to("6281200000001")
    assert [(m.type, m.text) for m in inside] == [("interactive", text)]
    templates = [m.template for m in graph.messages if m.type == "template"]
    assert templates == [("sp2020_info", "id", ["Halo Bapak/Ibu, besok ada isi bersama di"
                                                " Pendopo."])]
    waiting = await app.store.fetch_all(
        "SELECT count(*) FROM broadcast_recipients WHERE status = 'pending'")
    assert waiting == [(1,)]  # over the daily limit: waits for the moving 24 hours
    clock.advance(hours=24, minutes=1)
    graph.last_user_message.clear()
    await app.step()
    assert len([m for m in graph.messages if m.type == "template"]) == 2
