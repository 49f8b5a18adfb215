"""Retention (issue 14): what a person typed and what the bot sent is gone once it has done its
work; the rows that still do work stay while they do it (an update's id against a redelivery:
7 days; a message's platform id for a late delivery status: TUTOR_SENSUS_RETENTION_DAYS; a
sent message nobody reports on: a day), and the other records of what happened go after
TUTOR_SENSUS_RETENTION_DAYS; the totals, the statistics' events and the people stay. On both stores
(`--backend postgres`)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import seed
from conftest import Chat, RecordingConsole

from bot.app import App
from bot.cli import main as cli
from bot.services import retention
from bot.services.retention import Pruner
from bot.store.timefmt import iso
from bot.store.whatsapp import DeliveryStatus
from conversations.core import segments
from conversations.core.clock import FakeClock

DAYS = 14


async def count(app: App, sql: str) -> int:
    rows = await app.store.fetch_all(sql)
    return int(rows[0][0])


async def test_what_a_person_typed_and_was_sent_is_emptied_at_once(
    app: App, chat: Chat, console: RecordingConsole
) -> None:
    await chat.send("/start")
    await chat.send("nama saya Budi Santoso dari Blado")
    assert console.sent["1"], "the bot answered"
    inbox = await app.store.fetch_all("SELECT status, payload FROM inbox")
    assert len(inbox) == 2 and all(s == "done" and p is None for s, p in inbox)
    outbox = await app.store.fetch_all("SELECT status, payload, claimed_by FROM outbox")
    assert outbox and all(s == "sent" and p == "{}" and c is None for s, p, c in outbox)
    # The update's id is still known: the same update delivered again is not handled twice.
    before = len(console.sent["1"])
    payload = json.dumps({"user": "1", "update_id": ":1-2", "text": "nama saya Budi Santoso"})
    assert await app.processor.receive("console", ":1-2", payload) is False
    await app.step()
    assert len(console.sent["1"]) == before


async def test_rows_go_once_their_work_is_done_and_the_totals_stay(
    app: App, chat: Chat, clock: FakeClock
) -> None:
    await chat.send("/start")
    await chat.send("halo")
    async with app.store.transaction() as tx:
        await tx.add_event("console", "1", "faq_topic", clock.now(), "login")
        await tx._write(  # an unreadable update (as Store.reject_add writes it)
            "INSERT INTO rejected_updates (channel, reason, shape, size, received_at)"
            " VALUES ('console', 'not JSON', '\"<str 3>\"', 3, ?)", (iso(clock.now()),))
    metrics_before = sorted(await app.store.row_counts())
    pruner = Pruner(app.store, app.clock, DAYS)

    clock.advance(hours=12)  # the same day: everything stays
    assert sum((await pruner.round()).values()) == 0
    assert await count(app, "SELECT count(*) FROM inbox") == 2

    clock.advance(days=1)  # the console reports no delivery: a sent message has no work left
    deleted = await pruner.round()
    assert deleted["outbox"] >= 2 and deleted["inbox"] == 0
    assert await count(app, "SELECT count(*) FROM outbox") == 0
    # The update ids still drop a redelivery (WhatsApp retries a webhook for up to 7 days).
    redelivered = json.dumps({"user": "1", "update_id": ":1-2", "text": "halo"})
    assert await app.processor.receive("console", ":1-2", redelivered) is False

    clock.advance(days=6)  # no redelivery can come any more: the ids go
    deleted = await pruner.round()
    assert deleted["inbox"] == 2 and deleted["rejected_updates"] == 0

    clock.advance(days=DAYS - 7)  # past the retention days: the records of what happened go
    deleted = await pruner.round()
    assert deleted["rejected_updates"] == 1
    for table in ("inbox", "outbox", "rejected_updates"):
        assert await count(app, f"SELECT count(*) FROM {table}") == 0, table
    # What the statistics and /metrics need stays: the person, the events, the totals.
    assert await count(app, "SELECT count(*) FROM people") == 1
    assert await count(app, "SELECT count(*) FROM events WHERE kind = 'faq_topic'") == 1
    assert sorted(await app.store.row_counts()) == metrics_before
    # A new message is handled as usual after the pruning.
    assert await chat.send("/menu")


async def test_a_late_delivery_status_still_finds_its_sent_message(
    app: App, clock: FakeClock
) -> None:
    async with app.store.transaction() as tx:
        await tx.enqueue("whatsapp", "6281200000001", '{"text": "Halo Budi"}', clock.now())
    [row] = await app.store.outbox_claim("whatsapp", "w1", clock.now(),
                                         clock.now() + timedelta(seconds=30), 10)
    await app.store.outbox_platform_id(row.id, "wamid.1")
    await app.store.outbox_sent(row.id, clock.now())
    assert await app.store.fetch_all("SELECT status, payload FROM outbox") == [("sent", "{}")]
    clock.advance(days=3)  # Meta reports the delivery failed, days later
    assert (await Pruner(app.store, app.clock, DAYS).round())["outbox"] == 0  # kept for it
    async with app.store.transaction() as tx:
        await tx.whatsapp.whatsapp_status_add(DeliveryStatus(
            "wamid.1", "failed", "6281200000001", clock.now(), 131047, "Re-engagement"))
    assert await app.store.fetch_all("SELECT status, error FROM outbox") == [
        ("failed", "whatsapp 131047: Re-engagement")]
    clock.advance(days=DAYS + 1)
    await Pruner(app.store, app.clock, DAYS).round()
    assert await count(app, "SELECT count(*) FROM outbox") == 0
    assert await count(app, "SELECT count(*) FROM whatsapp_statuses") == 0


async def test_finished_broadcasts_and_dated_reminders_go_their_counts_stay(
    app: App, console: RecordingConsole, clock: FakeClock
) -> None:
    for n in range(5):
        await seed.person(app, f"p{n}", step=2)
    async with app.store.transaction() as tx:
        broadcast = await tx.bulk.broadcast_create(
            admin_channel="console", admin_chat="900", admin_lang="id", message_key=None,
            text="Info sensus", segment=segments.parse("everyone"), now=clock.now())
        await tx.bulk.reminder_add(
            key="besok:2020-03-03", channel="console", user_id="p1",
            message_key="reminder-tomorrow", segment=segments.parse("started_not_completed"),
            args={}, due_at=clock.now() + timedelta(days=1))
        await tx.bulk.reminder_add(
            key="macet-3", channel="console", user_id="p2", message_key="reminder-stopped",
            segment=segments.parse("started_not_completed"), args={"step": 3},
            due_at=clock.now())
    clock.advance(days=1, minutes=1)
    await app.step()
    assert sum(1 for rs in console.sent.values() for r in rs if r.text == "Info sensus") == 5
    async with app.store.transaction() as tx:
        progress = await tx.bulk.broadcast_progress(broadcast)
        assert (await tx.bulk.broadcast_get(broadcast) or {})["status"] == "done"
    assert progress["sent"] == 5 and progress["pending"] == 0
    assert await count(app, "SELECT count(*) FROM reminders WHERE status = 'queued'") == 2

    clock.advance(days=DAYS + 1)
    await Pruner(app.store, app.clock, DAYS).round()
    assert await count(app, "SELECT count(*) FROM broadcast_recipients") == 0
    async with app.store.transaction() as tx:
        assert await tx.bulk.broadcast_progress(broadcast) == progress  # counters stay
    # The dated reminder's day is past: gone. The nudge without a date stays: it is what
    # makes it go to each person once.
    assert await app.store.fetch_all("SELECT key FROM reminders") == [("macet-3",)]


async def test_a_running_broadcasts_recipients_stay(app: App, clock: FakeClock) -> None:
    for n in range(3):
        await seed.person(app, f"p{n}")
    async with app.store.transaction() as tx:
        await tx.bulk.broadcast_create(
            admin_channel="console", admin_chat="900", admin_lang="id", message_key=None,
            text="Info", segment=segments.parse("everyone"), now=clock.now())
    clock.advance(days=DAYS + 5)  # (no channel ran it: still pending)
    await Pruner(app.store, app.clock, DAYS).round()
    assert await count(app, "SELECT count(*) FROM broadcast_recipients") == 3


def _old_database(data: Path, rows: int) -> Path:
    """A database with many old, sent messages (a big file)."""
    import asyncio

    from bot.store import Store

    async def fill() -> None:
        store = await Store.open(data / "tutor-sensus.sqlite3")
        try:
            at = datetime(2020, 2, 1, 10, 0).isoformat()
            async with store.transaction() as tx:
                for n in range(rows):
                    await tx._write(
                        "INSERT INTO outbox (channel, chat_id, payload, status, not_before,"
                        " created_at, sent_at) VALUES ('console', ?, ?, 'sent', ?, ?, ?)",
                        (str(n), "x" * 2000, at, at, at))
        finally:
            await store.close()

    data.mkdir(parents=True, exist_ok=True)
    asyncio.run(fill())
    return data / "tutor-sensus.sqlite3"


@pytest.mark.sqlite
def test_prune_from_the_command_line_gives_the_space_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    db = _old_database(data, 3000)
    size = db.stat().st_size
    assert size > 6_000_000
    monkeypatch.setenv("TUTOR_SENSUS_DATA_DIR", str(data))
    monkeypatch.setenv("TUTOR_SENSUS_TODAY", "2020-03-02")
    assert cli(["prune", "--vacuum"]) == 0
    out = capsys.readouterr().out
    assert "outbox 3000" in out and "space given back" in out
    assert db.stat().st_size < size / 10
    import sqlite3

    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM outbox").fetchone() == (0,)
        assert conn.execute("PRAGMA auto_vacuum").fetchone() == (2,)  # incremental from now


@pytest.mark.sqlite
async def test_the_bot_gives_freed_pages_back_a_few_at_a_time(
    app: App, clock: FakeClock
) -> None:
    assert await app.store.fetch_all("PRAGMA auto_vacuum") == [(2,)]  # a new file: incremental
    async with app.store.transaction() as tx:
        for n in range(2000):
            await tx.enqueue("console", str(n), "y" * 2000, clock.now())
    async with app.store.transaction() as tx:
        await tx._write("UPDATE outbox SET status = 'sent'")
    size = app.store.path.stat().st_size
    clock.advance(days=DAYS + 1)
    await app.store.fetch_all("PRAGMA wal_checkpoint(TRUNCATE)")
    # (every call counts as quick here: on a loaded machine one may take over VACUUM_SLOW)
    await Pruner(app.store, app.clock, DAYS, timer=lambda: 0.0).round()
    await app.store.fetch_all("PRAGMA wal_checkpoint(TRUNCATE)")
    assert app.store.path.stat().st_size < size / 2


@pytest.mark.sqlite
async def test_giving_pages_back_stops_for_the_round_when_it_is_slow(
    app: App, clock: FakeClock
) -> None:
    """Each call that gives pages back holds the write lock, and in a file that no longer fits
    in memory every page costs a disk read or more (1M residents: 10 s for 500 pages). The
    bot starts with a few pages and goes on only while calls are quick: a slow call ends the
    giving back for that round, the pages stay free inside the file (used again before it
    grows), and the next round tries again. While calls are quick, it gives them all back."""
    async with app.store.transaction() as tx:
        for n in range(2000):
            await tx.enqueue("console", str(n), "y" * 2000, clock.now())
    async with app.store.transaction() as tx:
        await tx._write("DELETE FROM outbox")
    free = (await app.store.fetch_all("PRAGMA freelist_count"))[0][0]
    assert free > 1000
    seconds = 0.0

    def slow() -> float:  # every look at the time: a second later (each call is "slow")
        nonlocal seconds
        seconds += 1.0
        return seconds

    assert await Pruner(app.store, app.clock, DAYS, timer=slow).reclaim() == 1
    after_slow = (await app.store.fetch_all("PRAGMA freelist_count"))[0][0]
    assert after_slow == free - retention.VACUUM_FIRST  # one small call, then it stopped
    calls = await Pruner(app.store, app.clock, DAYS, timer=lambda: 0.0).reclaim()
    assert (await app.store.fetch_all("PRAGMA freelist_count"))[0][0] == 0
    assert 1 < calls < after_slow // retention.VACUUM_FIRST  # growing calls, not 8 at a time


def test_prune_refuses_nonsense(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["prune", "--days", "0"]) == 2
    assert "--days" in capsys.readouterr().err
