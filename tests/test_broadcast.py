"""Broadcasts in the console harness: segment counts, the preview, sending in the bulk lane,
opt-out and MULAI, quiet hours, replies ahead of a running broadcast, pause and cancel, and
bad input (too long, nobody to send to, two admins at once)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import seed
from conftest import CAMPAIGN_OPEN, Chat, RecordingConsole

from bot.app import App
from bot.store.bulk import BULK_PRIORITY
from conversations.core import segments
from conversations.core.campaign import load_campaign
from conversations.core.clock import FakeClock
from conversations.core.i18n import Translator

CAMPAIGN = load_campaign()
T = Translator("id", CAMPAIGN, CAMPAIGN_OPEN.date())
TEXT = "Halo Bapak/Ibu, jangan lupa isi sensus online ya."


@pytest.fixture
def admin(app: App, console: RecordingConsole) -> Chat:
    return Chat(app, console, user="900")


async def population(app: App, clock: FakeClock) -> None:
    """12 people: 3 completed, 4 started (one opted out), tutors, WhatsApp in and out of the
    window, one inactive for 10 days, one who blocked the bot."""
    await seed.person(app, "r1", kecamatan="blado", step=3)
    await seed.person(app, "r2", kecamatan="blado", step=1)
    await seed.person(app, "r3", kecamatan="batang", step=5)
    await seed.person(app, "r4", kecamatan="batang", step=2)
    await seed.opted_out(app, "r4")
    await seed.person(app, "c1", kecamatan="blado", step=8, done=True)
    await seed.person(app, "c2", kecamatan="tulis")
    await seed.person(app, "t1")
    await seed.person(app, "t2")
    for user in ("c1", "c2"):
        await seed.completion(app, user)
    tutor1 = await seed.tutor(app, "t1", nip="198001012005011001", name="Siti", code="K7QM4T")
    await seed.tutor(app, "t2", nip="198502022010012002", name="Budi", code="M2XZ9P")
    await seed.completion(app, "t1", tutor_id=tutor1, own_household=True)
    await seed.person(app, "6281200000001", channel="whatsapp")
    await seed.whatsapp_window(app, "6281200000001", hours_ago=2)
    await seed.person(app, "6281200000002", channel="whatsapp")
    await seed.whatsapp_window(app, "6281200000002", hours_ago=30)
    await seed.person(app, "old", last_seen=clock.now() - timedelta(days=10))
    await seed.person(app, "gone")
    await app.store.mark_blocked("console", "gone", clock.now())


async def counts(app: App, segment: str) -> dict[str, int]:
    async with app.store.transaction() as tx:
        return await tx.bulk.segment_counts(segments.parse(segment), app.clock.now())


async def test_preview_counts_per_segment_on_seeded_data(app: App, clock: FakeClock) -> None:
    await population(app, clock)
    everyone = await counts(app, "everyone")
    assert everyone == {"total": 10, "telegram": 0, "whatsapp_window": 1,
                        "whatsapp_template": 1, "console": 8, "opted_out": 2}
    assert (await counts(app, "completed"))["total"] == 3  # c1, c2 and t1 (own household)
    assert (await counts(app, "not_completed"))["total"] == 7
    assert (await counts(app, "started_not_completed"))["total"] == 3  # r1 r2 r3 (r4 left)
    assert (await counts(app, "tutors"))["total"] == 2
    assert (await counts(app, "tutors_not_own"))["total"] == 1  # Budi
    assert (await counts(app, "kecamatan:blado"))["total"] == 3
    assert (await counts(app, "kecamatan:batang")) == {
        "total": 1, "telegram": 0, "whatsapp_window": 0, "whatsapp_template": 0, "console": 1,
        "opted_out": 1}
    assert (await counts(app, "inactive:7"))["total"] == 1
    assert (await counts(app, "kecamatan:pecalungan"))["total"] == 0


async def test_a_broadcast_reaches_everyone_once_and_the_progress_says_so(
    app: App, admin: Chat, console: RecordingConsole, clock: FakeClock
) -> None:
    await population(app, clock)
    await admin.send("/siaran")
    await admin.send(TEXT)
    await admin.press(T("segment-everyone-label"))
    preview = admin.text
    assert "Semua warga: 11 orang" in preview  # the admin is one of them
    assert "Telegram 0 · WhatsApp 1 · WhatsApp lewat template 1 · konsol 9" in preview
    assert T("bc-preview-opted-out", count="2") in preview
    assert T("bc-preview-template", name="sp2020_info") in preview
    await admin.press(T("bc-send"))
    assert T("bc-started", id=1, total="11") in admin.text
    sent = {chat: [r for r in replies if r.text == TEXT] for chat, replies in console.sent.items()}
    got = {chat for chat, replies in sent.items() if replies}
    assert got == {"r1", "r2", "r3", "c1", "c2", "t1", "t2", "old", "900"}  # console
    assert all(len(replies) == 1 for replies in sent.values() if replies)
    assert sent.get("r4", []) == [] and sent.get("gone", []) == []  # opted out, blocked
    progress = [r for r in console.sent["900"] if r.text.startswith("📣 Siaran #1")]
    assert "Terkirim 0 / 11" in progress[0].text
    # The console cannot edit: new messages at 25/50/75/100%. The two WhatsApp people are
    # skipped: this bot runs no WhatsApp channel (so the broadcast can finish).
    assert [p.text.splitlines()[1].split(" · ")[0] for p in progress] == [
        "Terkirim 0 / 11 ░░░░░░░░ 0%", "Terkirim 9 / 11 ▓▓▓▓▓▓▓▓ 100%"]
    assert "Dilewati: 2" in progress[-1].text and "✅ Selesai." in progress[-1].text
    rows = await app.store.fetch_all(
        "SELECT chat_id, status FROM broadcast_recipients WHERE channel = 'whatsapp'"
        " ORDER BY chat_id")
    assert rows == [("6281200000001", "no_channel"), ("6281200000002", "no_channel")]


async def test_opt_out_with_stop_and_back_with_mulai(
    app: App, chat: Chat, admin: Chat, console: RecordingConsole
) -> None:
    await chat.send("/start")
    assert T("menu-start") in chat.labels  # "Mulai panduan" is on screen
    await chat.send("STOP")
    assert T("optout-confirm").splitlines()[0] == "Berhenti menerima pengingat?"
    assert "Berhenti menerima pengingat?" in chat.text
    await chat.press(T("optout-yes"))
    assert T("optout-done") in chat.text
    await chat.send("apa itu sensus?")  # replies to their own messages still come
    assert chat.last
    await admin.send("/siaran " + TEXT)
    await admin.press(T("segment-everyone-label"))
    assert T("bc-preview-opted-out", count="1") in admin.text
    await admin.press(T("bc-send"))
    assert not [r for r in console.sent["1"] if r.text == TEXT]

    await chat.send("/menu")
    assert T("menu-start") in chat.labels
    await chat.send("MULAI")  # opts back in, does not press "Mulai panduan"
    assert T("optin-done") in chat.text
    await chat.send("mulai")  # opted in now: the word is the button again
    assert T("optin-done") not in chat.text
    await chat.send("/berhenti")
    await chat.press(T("optout-no"))
    assert T("optout-kept") in chat.text
    async with app.store.transaction() as tx:
        assert not await tx.bulk.opted_out("console", "1")


async def test_quiet_hours_hold_bulk_back_until_morning(
    app: App, admin: Chat, console: RecordingConsole, clock: FakeClock
) -> None:
    await seed.person(app, "r1")
    clock.advance(hours=12)  # 22:00 WIB
    await admin.send("/siaran " + TEXT)
    await admin.press(T("segment-everyone-label"))
    assert T("bc-preview-quiet", until="06.00") in admin.text
    await admin.press(T("bc-send"))
    assert not [r for r in console.sent["r1"] if r.text == TEXT]
    assert "🌙" in console.sent["900"][-2].text or any(
        "🌙" in r.text for r in console.sent["900"])
    clock.advance(hours=8, minutes=1)  # 06:01
    await app.step()
    assert [r.text for r in console.sent["r1"]] == [TEXT]


async def test_replies_go_ahead_of_a_running_broadcast(
    app: App, admin: Chat, chat: Chat, clock: FakeClock
) -> None:
    for n in range(150):
        await seed.person(app, f"p{n}")
    await admin.send("/siaran " + TEXT)
    await admin.press(T("segment-everyone-label"))
    async with app.store.transaction() as tx:  # confirm without sending (no step yet)
        assert await tx.bulk.broadcast_active() is None
    await admin._deliver(choice=admin.choice_data(T("bc-send")))  # confirmed and sent...
    # ...so start another and look at the outbox while it runs, before the sender drains.
    async with app.store.transaction() as tx:
        broadcast = await tx.bulk.broadcast_create(
            admin_channel="console", admin_chat="900", admin_lang="id", message_key=None,
            text="kedua", segment=segments.parse("everyone"), now=clock.now())
    assert broadcast == 2
    await app.bulk.feed(clock.now())  # one batch of bulk messages is in the outbox
    async with app.store.transaction() as tx:
        assert await tx.bulk.bulk_backlog("console") == 100
        await tx.enqueue("console", "p5", '{"text": "balasan"}', clock.now())
    rows = await app.store.outbox_claim("console", "test", clock.now(),
                                        clock.now() + timedelta(seconds=60), 1)
    assert [(r.chat_id, r.priority) for r in rows] == [("p5", 0)]  # the reply, first
    # p5 has a bulk message queued before the reply: the reply did not wait for it.
    waiting = await app.store.fetch_all(
        "SELECT count(*) FROM outbox WHERE chat_id = 'p5' AND priority = ? AND status ="
        " 'pending'", (BULK_PRIORITY,))
    assert waiting == [(1,)]


async def test_pause_resume_and_cancel_from_the_progress_message(
    app: App, admin: Chat, console: RecordingConsole, clock: FakeClock
) -> None:
    for n in range(250):
        await seed.person(app, f"p{n}")
    await admin.send("/siaran " + TEXT)
    await admin.press(T("segment-everyone-label"))
    await admin._deliver(choice=admin.choice_data(T("bc-send")))
    # The console sends 100 a round and a step runs rounds until done: all 251 got it.
    assert sum(1 for c, rs in console.sent.items() for r in rs if r.text == TEXT) == 251
    thanks, visit = T("bc-ready-thanks"), T("bc-ready-visit")

    def received(text: str) -> int:
        return sum(1 for rs in console.sent.values() for r in rs if r.text == text)

    async def start(key: str) -> int:
        async with app.store.transaction() as tx:
            return await tx.bulk.broadcast_create(
                admin_channel="console", admin_chat="900", admin_lang="id", message_key=key,
                text=None, segment=segments.parse("everyone"), now=clock.now())

    # Paused after its first batch (in the outbox already: it goes out), then resumed.
    assert await start("bc-ready-thanks") == 2
    await app.bulk.feed(clock.now())
    await admin.press_data("bc.pause.2")
    assert T("bc-paused", id=2) in admin.text
    assert received(thanks) == 100  # the batch already queued went out; nothing more
    await admin.press_data("bc.resume.2")
    assert T("bc-resumed", id=2) in admin.text
    assert received(thanks) == 251
    # Paused and cancelled: the rest is never sent.
    assert await start("bc-ready-visit") == 3
    await app.bulk.feed(clock.now())
    await admin.press_data("bc.pause.3")
    await admin.press_data("bc.cancel.3")  # asks first
    assert "Batalkan siaran #3?" in admin.text and "151 orang" in admin.text
    await admin.press(T("bc-cancel-yes"))
    assert T("bc-cancelled", id=3) in admin.text
    await app.step()
    assert received(visit) == 100
    status = await app.store.fetch_all("SELECT status FROM broadcasts WHERE id = 3")
    assert status == [("cancelled",)]
    left = await app.store.fetch_all(
        "SELECT count(*) FROM broadcast_recipients WHERE broadcast_id = 3 AND status ="
        " 'cancelled'")
    assert left == [(151,)]
    assert any("⛔ Dibatalkan. Tidak dikirim: 151." in r.text for r in console.sent["900"])


async def test_a_broadcast_of_greeting_words_is_the_broadcast_not_a_greeting(
    app: App, admin: Chat, console: RecordingConsole, clock: FakeClock
) -> None:
    # "Halo semua, selamat pagi" alone is a greeting anywhere else; as the text of a
    # broadcast being written it is the text (the draft is not dropped for the menu).
    await population(app, clock)
    await admin.send("/siaran")
    await admin.send("Halo semua, selamat pagi")
    assert T("segment-everyone-label") in admin.labels
    await admin.press(T("segment-everyone-label"))
    assert "Halo semua, selamat pagi" in admin.text
    await admin.press(T("bc-send"))
    assert [r.text for r in console.sent["r1"]][-1] == "Halo semua, selamat pagi"


async def test_bad_input_gets_clear_answers_and_nothing_is_sent(
    app: App, admin: Chat, console: RecordingConsole, clock: FakeClock, settings: object
) -> None:
    await seed.person(app, "r1", kecamatan="blado")
    await admin.send("/siaran")
    await admin.send("x" * 5000)
    assert T("text-too-long") in admin.text
    await admin.send("/siaran " + "y" * 900)
    assert T("bc-text-long", count="900", max="800") in admin.text
    await admin.send("ok")
    assert T("bc-text-short") in admin.text
    await admin.send(TEXT)
    await admin.press(T("segment-kecamatan-label"))
    await admin.send("Pecalungan")
    assert T("bc-preview-nobody") in admin.text
    assert T("bc-send") not in admin.labels
    await admin.press(T("bc-change-segment"))
    await admin.press(T("segment-inactive-label"))
    await admin.send("0")
    assert T("bc-inactive-invalid", max=365) in admin.text
    # Two admins confirm broadcasts at once: the second is told, nothing sent twice.
    other = Chat(app, console, user="901")
    app.engine.roles = type(app.engine.roles)(
        admins=app.engine.roles.admins | {"console:901"}, staff=app.engine.roles.staff)
    await admin.send("/siaran " + TEXT)
    await admin.press(T("segment-everyone-label"))
    await other.send("/siaran Pesan kedua untuk semua")
    await other.press(T("segment-everyone-label"))
    async with app.store.transaction() as tx:  # the first admin's broadcast is running
        await tx.bulk.broadcast_create(admin_channel="console", admin_chat="900", admin_lang="id",
                                  message_key=None, text=TEXT,
                                  segment=segments.parse("everyone"), now=clock.now())
        await tx.bulk.broadcast_set_status(1, ("running",), "paused", clock.now())
    await other.press(T("bc-send"))
    assert T("bc-busy", id=1) in other.text
    assert not any(r.text == "Pesan kedua untuk semua" for rs in console.sent.values()
                   for r in rs)
    assert await app.store.fetch_all("SELECT count(*) FROM broadcasts") == [(1,)]
