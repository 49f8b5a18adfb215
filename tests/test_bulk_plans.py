"""The bulk lane, /hapus_data, the tutor's wrong attempts and retention, planned by SQLite on
indexes (issue 14): what they cost per round or per person does not grow with the number of
residents, recipients or messages. As tests/test_report_plans.py, the statements are captured
as they really run (the real store, a real SQLite file), then each is planned again.

Stricter than the reports' check: these run again and again while residents write, so no
statement may read any large table from end to end (people included), and the progress of a
broadcast and the scheduling of a reminder must not read the recipients or every person."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import pytest
import seed
from test_report_plans import LARGE, problems

from bot.app import App
from bot.services.bulk import Bulk
from bot.services.retention import Pruner
from bot.store.timefmt import iso
from conversations.core import segments
from conversations.core.campaign import Reminder
from conversations.core.clock import FakeClock
from conversations.core.quiet_hours import QuietHours

pytestmark = pytest.mark.sqlite  # SQLite's planner (PostgreSQL: the same indexes, 0025's twin)


async def traced(app: App, work: Callable[[], Awaitable[object]]) -> list[str]:
    """The statements `work` runs, on the store's connection and on any read snapshot it
    opens (`store.reader()`: the scheduler reads there)."""
    statements: list[str] = []
    store = app.store
    opened = store.reader

    @asynccontextmanager
    async def reader() -> AsyncIterator[Any]:
        async with opened() as rx:
            await rx._conn.set_trace_callback(statements.append)
            try:
                yield rx
            finally:
                await rx._conn.set_trace_callback(None)  # (the connection may be kept)

    await store._conn.set_trace_callback(statements.append)
    store.reader = reader  # type: ignore[method-assign]
    try:
        await work()
    finally:
        del store.reader
        await store._conn.set_trace_callback(None)
    return [s for s in dict.fromkeys(statements)
            if s.lstrip().upper().startswith(("SELECT", "WITH", "INSERT", "UPDATE", "DELETE"))]


def full_scans(db: sqlite3.Connection, sql: str) -> list[str]:
    """Every large table read from end to end (with or without an index), and the
    reports' own problems (quadratic plans, indexes built per call)."""
    found = problems(db, sql)
    for *_, detail in db.execute("EXPLAIN QUERY PLAN " + sql).fetchall():
        match = re.match(r"SCAN (\w+)", detail)
        if match and _table(sql, match.group(1)) in LARGE:
            found.append(f"a pass over all of it: {detail}")
    return list(dict.fromkeys(found))


def _table(sql: str, name: str) -> str | None:
    if name in LARGE:
        return name
    found = re.search(rf"\b(?:FROM|JOIN|INTO)\s+(\w+)\s+(?:AS\s+)?{name}\b", sql, re.IGNORECASE)
    return found.group(1) if found else None


def check(app: App, statements: list[str]) -> None:
    db = sqlite3.connect(app.store.path)
    try:
        bad = {s: f for s in statements if (f := full_scans(db, s))}
    finally:
        db.close()
    assert not bad, "\n\n".join(f"{s}\n  " + "\n  ".join(f) for s, f in bad.items())


async def population(app: App, clock: FakeClock) -> None:
    for n in range(30):
        await seed.person(app, f"p{n}", step=n % 4, last_seen=clock.now() - timedelta(days=n))
    await seed.completion(app, "p3")


async def test_reminders_are_scheduled_on_an_index_a_batch_at_a_time(
    app: App, clock: FakeClock
) -> None:
    await population(app, clock)
    nudge = Reminder(id="macet-3", message="reminder-stopped", segment="stopped_in_tutorial",
                     after_inactive_days=3)
    deadline = Reminder(id="tutup-1", message="reminder-deadline", days_before_close=1)
    campaign = app.campaign.model_copy(update={"reminders": [nudge, deadline]})
    bulk = Bulk(app.store, campaign, clock, {}, quiet=QuietHours.parse(""))
    import bot.services.bulk as bulk_module

    statements = await traced(app, lambda: bulk.schedule(clock.now()))
    batch, bulk_module.SCHEDULE_BATCH = bulk_module.SCHEDULE_BATCH, 4
    try:  # small batches: the bookmark carries each run on where the last one stopped
        rounds = 0
        bulk._schedule_more = True
        clock.advance(days=28)  # 30 March: the close (31 March) is a day away
        while bulk._schedule_more:
            statements += await traced(app, lambda: bulk.schedule(clock.now()))
            rounds += 1
    finally:
        bulk_module.SCHEDULE_BATCH = batch
    assert rounds > 5
    scheduling = [s for s in statements if "people p" in s]
    assert scheduling and all("last_seen" in s for s in scheduling)
    check(app, statements)
    db = sqlite3.connect(app.store.path)
    try:
        plans = [d for s in scheduling for *_, d in db.execute("EXPLAIN QUERY PLAN " + s)]
    finally:
        db.close()
    assert any("people_seen" in d for d in plans), plans
    # Who got what: the deadline reminder went to those who started and did not complete,
    # once each, across all the small batches.
    rows = await app.store.fetch_all(
        "SELECT user_id FROM reminders WHERE key LIKE 'tutup-1:%' ORDER BY user_id")
    started = {f"p{n}" for n in range(30)} - {"p3"}  # everyone started; p3 completed
    assert {r[0] for r in rows} == started and len(rows) == len(started)


async def test_a_broadcast_round_and_its_progress_read_only_what_they_need(
    app: App, clock: FakeClock
) -> None:
    await population(app, clock)
    async with app.store.transaction() as tx:
        broadcast = await tx.bulk.broadcast_create(
            admin_channel="console", admin_chat="900", admin_lang="id", message_key=None,
            text="Info", segment=segments.parse("everyone"), now=clock.now())
    from conftest import RecordingConsole

    app.add_channel(RecordingConsole())
    assert app.bulk is not None
    bulk = app.bulk
    await bulk.feed(clock.now())  # (the once-per-broadcast check of its channels)
    feeding = await traced(app, lambda: bulk.feed(clock.now()))
    assert any("broadcast_recipients" in s for s in feeding)
    check(app, feeding)

    async def progress() -> None:
        async with app.store.transaction() as tx:
            await tx.bulk.broadcast_progress(broadcast)

    watching = await traced(app, progress)
    assert watching and not any("broadcast_recipients" in s for s in watching)
    check(app, watching)

    async def templates_today() -> None:  # WhatsApp's daily limit, checked every round
        async with app.store.transaction() as tx:
            await tx.bulk.whatsapp_initiated(clock.now())

    [limit] = await traced(app, templates_today)
    db = sqlite3.connect(app.store.path)
    try:  # the templates of the last 24 hours, not every WhatsApp recipient ever
        plan = [d for *_, d in db.execute("EXPLAIN QUERY PLAN " + limit)]
    finally:
        db.close()
    assert sum("_template" in d for d in plan) == 2, plan

    async def window_round() -> None:  # the day's templates used up: open windows only
        async with app.store.transaction() as tx:
            await tx.bulk.broadcast_take(broadcast, "whatsapp", 50, clock.now(),
                                         window_only=True)

    [take] = [s for s in await traced(app, window_round) if "broadcast_recipients" in s]
    db = sqlite3.connect(app.store.path)
    try:  # the windows opened in the last day, then each one's recipient row: no pass
        plan = [d for *_, d in db.execute("EXPLAIN QUERY PLAN " + take)]
    finally:
        db.close()
    assert any("whatsapp_window_recent" in d for d in plan), plan
    assert not any(d.startswith("SCAN r") for d in plan), plan


async def test_hapus_data_wrong_attempts_and_retention_use_indexes(
    app: App, clock: FakeClock
) -> None:
    await population(app, clock)
    tutor = await seed.tutor(app, "t1", nip="198001012005011001", name="Ani")
    del tutor

    async def per_person() -> None:
        async with app.store.transaction() as tx:
            await tx.tutors.tutor_wrong_attempts("console", "p5", clock.now())
            await tx.personal.forget_person("console", "p5")

    statements = await traced(app, per_person)
    assert any(s.startswith("DELETE FROM people") for s in statements)
    check(app, statements)
    statements = await traced(app, lambda: Pruner(app.store, clock, 14).round())
    assert any("DELETE FROM inbox" in s for s in statements)
    check(app, statements)


async def test_retention_of_reminders_reads_none_of_the_nudges_it_keeps(
    app: App, clock: FakeClock
) -> None:
    """A nudge after inactivity ('macet-3') is kept for good, one row per person: retention,
    every 10 minutes in the bot, must not read those rows again to find the dated ones to
    delete (it read them all, by row, on an index of every handled reminder: 130-160 ms with
    100k nudges). The old dated ones go; the nudges and the reminders still due stay."""
    await population(app, clock)
    old = iso(clock.now() - timedelta(days=30))
    async with app.store.transaction() as tx:
        for n in range(30):
            for key, status in (("macet-3", "queued"), ("tutup-7:2020-02-01", "queued"),
                                ("tutup-1:2020-02-01", "due")):
                await tx._write(
                    "INSERT INTO reminders (key, channel, user_id, message_key, segment,"
                    " due_at, status, done_at) VALUES (?, 'console', ?, 'reminder-deadline',"
                    " 'not_completed', ?, ?, ?)",
                    (key, f"p{n}", old, status, old if status != "due" else None))
    statements = await traced(app, lambda: Pruner(app.store, clock, 14).round())
    check(app, statements)
    pruning = [s for s in statements if s.startswith("DELETE FROM reminders")]
    db = sqlite3.connect(app.store.path)
    try:
        plans = [d for s in pruning for *_, d in db.execute("EXPLAIN QUERY PLAN " + s)]
    finally:
        db.close()
    assert pruning and any("reminders_finished" in d for d in plans), plans
    left = await app.store.fetch_all("SELECT key, count(*) FROM reminders GROUP BY key")
    assert dict(left) == {"macet-3": 30, "tutup-1:2020-02-01": 30}
