"""Reminders scheduled from what changed since the last run (issue 14): a batch of people per
round, never everyone at once; someone who enters a reminder's segment after the first pass
still gets it that day; someone who goes quiet later gets the nudge when their days are up;
nobody gets one twice. The query plans: tests/test_bulk_plans.py."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import pytest
import seed
from conftest import WIB, RecordingConsole
from test_reminders import deadline_texts, move_to

import bot.services.bulk as bulk_module
from bot.app import App
from bot.store.scheduling import Batch, SchedulingQueries
from bot.store.timefmt import iso
from conversations.core.clock import FakeClock
from conversations.core.i18n import Translator


async def test_a_person_who_starts_the_tutorial_after_the_first_pass_is_reminded_too(
    app: App, console: RecordingConsole, clock: FakeClock
) -> None:
    move_to(clock, datetime(2020, 3, 24, 9, 30, tzinfo=WIB))  # tutup-7's day
    await seed.person(app, "r1", step=3)
    await seed.person(app, "late")  # has not started the tutorial: not in the segment yet
    await app.step()
    t = Translator("id", app.campaign, clock.today())
    expected = t("reminder-deadline", days=7, deadline="31 Maret 2020")
    assert deadline_texts(console, "r1") == [expected]
    assert deadline_texts(console, "late") == []
    clock.advance(minutes=20)  # "late" starts the tutorial: their activity moves on
    async with app.store.transaction() as tx:
        await tx._write("UPDATE people SET last_seen = ? WHERE user_id = 'late'",
                        (iso(clock.now()),))
        await tx.add_event("console", "late", "tutorial_start", clock.now())
    clock.advance(minutes=2)
    assert app.bulk is not None
    app.bulk._next_schedule = 0  # the scheduler's next minute
    await app.step()
    assert deadline_texts(console, "late") == [expected]
    assert deadline_texts(console, "r1") == [expected]  # still once


async def test_no_burst_at_start_up_and_everyone_stopped_is_nudged_once(
    app: App, console: RecordingConsole, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    move_to(clock, datetime(2020, 3, 10, 10, 0, tzinfo=WIB))
    long_ago = clock.now() - timedelta(days=5)
    for n in range(25):
        await seed.person(app, f"s{n}", step=2, last_seen=long_ago)
    await seed.person(app, "active", step=2)  # seen today: not yet
    monkeypatch.setattr(bulk_module, "SCHEDULE_BATCH", 10)
    assert app.bulk is not None
    made = await app.bulk.schedule(clock.now())
    assert made == 10 and app.bulk._schedule_more  # a batch, not everyone at once
    await app.step()  # the next rounds go on at once, a batch each
    nudge = Translator("id", app.campaign, clock.today())("reminder-stopped", step=3)
    got = {u for u in (f"s{n}" for n in range(25)) if nudge in [r.text for r in console.sent[u]]}
    assert len(got) == 25 and console.sent["active"] == []
    move_to(clock, clock.now() + timedelta(days=4))  # now "active" has been quiet 4 days
    app.bulk._next_schedule = 0
    await app.step()
    assert [r.text for r in console.sent["active"]] == [nudge]
    for n in range(25):  # and nobody twice
        assert [r.text for r in console.sent[f"s{n}"]].count(nudge) == 1


async def test_a_resident_writes_while_the_scheduler_reads(
    app: App, console: RecordingConsole, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scheduler reads its batch of people on a snapshot, holding no lock: a resident's
    update commits in the middle of that read (when the read ran inside the scheduler's
    write transaction, this update waited for it: here it would never finish)."""
    move_to(clock, datetime(2020, 3, 10, 10, 0, tzinfo=WIB))
    for n in range(3):
        await seed.person(app, f"q{n}", step=2, last_seen=clock.now() - timedelta(days=5))
    read = SchedulingQueries.schedule_read
    committed: list[str] = []

    async def reading(self: SchedulingQueries, **kwargs: Any) -> Batch:
        async with asyncio.timeout(60):  # (a guard: a held lock would hang here for good)
            async with app.store.transaction() as tx:
                await tx._write("UPDATE people SET lang = 'en' WHERE user_id = 'q0'")
        committed.append("q0")
        return await read(self, **kwargs)

    monkeypatch.setattr(SchedulingQueries, "schedule_read", reading)
    assert app.bulk is not None
    made = await app.bulk.schedule(clock.now())
    assert committed and made == 3  # the resident's write went first; the nudges were made
    rows = await app.store.fetch_all("SELECT lang FROM people WHERE user_id = 'q0'")
    assert rows[0][0] == "en"
