"""`tutor-sensus stats --recount` while the bot runs (issue 14): residents' updates are being
handled, completions written and the tallies folded, and recounts run in between from
another connection, as the command line does. Every recount finds the counters agreeing
with the raw rows (its counts are of one moment), and after the load the counters are still
right. Both stores; on PostgreSQL the recount takes table locks and the folding's advisory
lock (bot/store/pg_tx.py); on SQLite it compares on one read snapshot and takes no lock
(bot/store/recount.py), so it finishes even while a write transaction holds the lock."""

from __future__ import annotations

import asyncio
import io
import json

import pytest
import seed
from conftest import CAMPAIGN_OPEN, RecordingConsole

from bot.admin_cli import recount
from bot.app import App
from bot.settings import Settings
from conversations.core.campaign import load_campaign
from conversations.core.i18n import Translator
from conversations.reporting import stats

CAMPAIGN = load_campaign()
T = Translator("id", CAMPAIGN, CAMPAIGN_OPEN.date())
RESIDENTS = 24


async def test_recounts_while_updates_are_handled_agree_and_the_counters_stay_right(
    app: App, console: RecordingConsole, settings: Settings
) -> None:
    app.start_workers()  # the processor handles the inbox; PostgreSQL: the folding too
    sent = 0

    async def say(user: str, text: str) -> None:
        nonlocal sent
        sent += 1
        payload = json.dumps({"user": user, "update_id": f"u{sent}", "text": text})
        await app.processor.receive("console", f"u{sent}", payload)

    async def resident(n: int) -> None:
        user = f"r{n}"
        for text in ("/start", T("menu-start"), "blado" if n % 2 else T("nav-skip"),
                     T("nav-next"), T("nav-next"), T("nav-next")):
            await say(user, text)
            await asyncio.sleep(0.03)

    async def households() -> None:
        for n in range(12):
            await seed.completion(app, f"h{n}", kecamatan="bandar", persons=1 + n % 4)
            await asyncio.sleep(0.02)

    async def folding() -> None:
        compact = getattr(app.store, "compact_tallies", None)
        while compact is not None:
            await compact()
            await asyncio.sleep(0.05)

    async def recounts() -> list[str]:
        said = []
        for _ in range(6):
            out = io.StringIO()
            code = await recount(settings, stdout=out)
            said.append(f"{code}: {out.getvalue()}")
            await asyncio.sleep(0.05)
        return said

    fold = asyncio.create_task(folding())
    load = [asyncio.create_task(resident(n)) for n in range(RESIDENTS)]
    load.append(asyncio.create_task(households()))
    during = await recounts()
    await asyncio.gather(*load)
    for _ in range(1000):  # every update handled
        rows = await app.store.fetch_all("SELECT count(*) FROM inbox WHERE status = 'new'")
        if rows[0][0] == 0:
            break
        await asyncio.sleep(0.02)
    fold.cancel()
    assert all(s.startswith("0: ") for s in during), during  # agreed, every time
    out = io.StringIO()
    assert await recount(settings, stdout=out) == 0, out.getvalue()
    async with app.store.reader() as rx:
        figures = await stats.gather(rx, CAMPAIGN, app.clock.today())
    assert figures.funnel["started"] == RESIDENTS
    assert {r.name: r.started for r in figures.kecamatan}["Blado"] == RESIDENTS // 2
    assert {r.name: r.households for r in figures.kecamatan}["Bandar"] == 12


@pytest.mark.sqlite
async def test_a_recount_on_sqlite_agrees_while_a_residents_transaction_holds_the_lock(
    app: App, console: RecordingConsole, settings: Settings
) -> None:
    """SQLite: the recount compares the counters with the raw rows of one snapshot and takes
    no lock, so it finishes while the bot is in the middle of a write (before, it waited
    for SQLite's write lock, and the bot's writes waited for its whole read: ~10 s at 100k
    residents). The resident's write, committed afterwards, is counted by the next one."""
    for n in range(5):
        await seed.completion(app, f"c{n}", kecamatan="bandar")
    async with app.store.transaction() as tx:
        await tx._insert(  # (sent with BEGIN IMMEDIATE: from here the write lock is held)
            "INSERT INTO completions (kk_hash, kk_mask, in_region, persons, kecamatan, channel,"
            " user_id, day, created_at) VALUES ('late', '•••• 9999', 1, 2, 'bandar',"
            " 'console', 'late', '2020-03-02', '2020-03-02T01:00:00.000000+00:00')")
        out = io.StringIO()
        assert await recount(settings, stdout=out) == 0, out.getvalue()
        assert "agreed" in out.getvalue()
    out = io.StringIO()
    assert await recount(settings, stdout=out) == 0, out.getvalue()
    async with app.store.reader() as rx:
        figures = await stats.gather(rx, CAMPAIGN, app.clock.today())
    assert {r.name: r.households for r in figures.kecamatan}["Bandar"] == 6


@pytest.mark.sqlite
async def test_a_counter_gone_wrong_is_found_on_the_snapshot_and_rebuilt(
    app: App, console: RecordingConsole, settings: Settings
) -> None:
    await seed.completion(app, "c1", kecamatan="bandar")
    async with app.store.transaction() as tx:  # a counter that went wrong
        await tx._write("UPDATE tally_completions SET households = households + 3")
    out = io.StringIO()
    assert await recount(settings, stdout=out) == 1
    assert "tally_completions" in out.getvalue() and "rebuilt" in out.getvalue()
    out = io.StringIO()
    assert await recount(settings, stdout=out) == 0, out.getvalue()
