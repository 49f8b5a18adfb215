"""Admins' reports are jobs in the database (issue 14, migration 0031): written with the
update that asked for one, claimed by exactly one worker, sent once, deleted once sent; a job
interrupted again and again ends with a kind message instead of trying for ever.
(tests/test_report_child.py: a child process that dies fails only the report it prepares.)
(tests/test_report_restart.py kills and restarts a real bot process.)"""

from __future__ import annotations

import asyncio
import json

from conftest import CAMPAIGN_OPEN, RecordingConsole

from bot.app import App
from bot.services.reports import MAX_ATTEMPTS, Reports
from conversations.core.campaign import load_campaign
from conversations.core.i18n import Translator

T = Translator("id", load_campaign(), CAMPAIGN_OPEN.date())
ADMIN = "900"


async def ask(app: App, text: str, n: int) -> None:
    """The admin's command handled (committed), the report not prepared yet."""
    payload = json.dumps({"user": ADMIN, "update_id": f"a{n}", "text": text})
    await app.processor.receive("console", f"a{n}", payload)
    while await app.processor.process_pending():
        pass


async def jobs(app: App) -> list[tuple[str, str, int]]:
    rows = await app.store.fetch_all(
        "SELECT kind, state, attempts FROM report_jobs ORDER BY id")
    return [(r[0], r[1], int(r[2])) for r in rows]


async def queued(app: App) -> list[str]:
    """The texts queued for the admin (sent or not)."""
    rows = await app.store.fetch_all(
        "SELECT payload FROM outbox WHERE chat_id = ? ORDER BY id", (ADMIN,))
    # (a sent message's payload is emptied to '{}', or '' in rows older than migration 0030a)
    return [json.loads(r[0])["text"] for r in rows if r[0] and r[0] != "{}"]


def other_worker(app: App) -> Reports:
    """A second worker's report queue on the same database."""
    return Reports(app.store, app.engine, app.clock, app.channels, app.settings.data_dir)


async def test_the_asked_report_is_a_job_until_it_is_queued_then_gone(
    app: App, console: RecordingConsole
) -> None:
    await ask(app, "/statistik", 1)
    assert await jobs(app) == [("stats", "pending", 0)]
    assert T("report-preparing") in "\n".join(await queued(app))
    assert app.reports is not None
    await app.reports.drain()
    assert await jobs(app) == []
    assert sum(t.startswith("📊") for t in await queued(app)) == 1


async def test_two_workers_draining_together_prepare_a_report_once(
    app: App, console: RecordingConsole
) -> None:
    await ask(app, "/statistik", 1)
    await ask(app, "/ekspor completions", 2)
    assert app.reports is not None
    await asyncio.gather(app.reports.drain(), other_worker(app).drain())
    assert await jobs(app) == []
    texts = await queued(app)
    assert sum(t.startswith("📊") for t in texts) == 1
    assert len([t for t in texts if T("report-preparing") in t]) == 2


async def test_a_worker_that_lost_its_claim_sends_nothing(
    app: App, console: RecordingConsole
) -> None:
    assert app.reports is not None
    await ask(app, "/statistik", 1)
    async with app.store.transaction() as tx:  # the first worker claims it, then stalls
        job = await tx.report_jobs.claim(app.reports.worker, app.clock.now())
    assert job is not None
    successor = other_worker(app)  # takes the role: the first one is thought dead
    assert await successor.release_others() == 1
    await successor.drain()
    assert await jobs(app) == []
    before = await queued(app)
    assert sum(t.startswith("📊") for t in before) == 1
    await app.reports._run(job)  # the first worker wakes up and finishes its copy
    assert await queued(app) == before  # not sent twice


async def test_a_report_interrupted_again_and_again_ends_with_a_kind_message(
    app: App, console: RecordingConsole
) -> None:
    await ask(app, "/statistik", 1)
    async with app.store.transaction() as tx:  # the bot died every time it prepared it
        await tx._write("UPDATE report_jobs SET state = 'running', attempts = ?,"
                        " claimed_by = 'dead:1:x'", (MAX_ATTEMPTS,))
    assert app.reports is not None
    assert await app.reports.release_others() == 1
    await app.step()
    assert await jobs(app) == []
    said = [r.text for r in console.sent[ADMIN]]
    assert said[-1] == T("report-interrupted")
    assert not any(t.startswith("📊") for t in said)


async def test_a_stopping_bot_leaves_the_report_waiting_without_counting_the_try(
    app: App, console: RecordingConsole
) -> None:
    assert app.reports is not None
    stall = asyncio.Event()
    build = app.reports._build

    async def stalled(*args: object) -> object:
        await stall.wait()
        return await build(*args)  # type: ignore[arg-type]

    app.reports._build = stalled  # type: ignore[method-assign]
    await ask(app, "/statistik", 1)
    await app.reports._start_waiting()  # claimed and started (as `run` does)
    assert await jobs(app) == [("stats", "running", 1)]
    await asyncio.sleep(0.05)
    await app.reports.close()  # SIGTERM: the bot stops while it is being prepared
    assert await jobs(app) == [("stats", "pending", 0)]
