"""The running bot keeps a child process started ahead for admins' reports (issue 14,
bot/services/report_child.py): /statistik does not wait for a new interpreter and matplotlib
to load, the same child prepares report after report and each one shows the database as it is
then, and a child that dies (killed, out of memory) fails only the report it was preparing:
a fresh one is started at once for the next; one busy with a report ends when the bot is
killed."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest
import seed
from conftest import Chat, RecordingConsole
from test_admin_stats import T, seeded
from test_restart import REPO

from bot.app import App
from bot.services import report_child
from bot.services.report_child import Children


@pytest.fixture
def admin(app: App, console: RecordingConsole) -> Chat:
    return Chat(app, console, user="900")


async def warm(app: App) -> Children:
    """The children as the running bot keeps them: a spare started when it takes the
    `reports` role (Reports.run), ready once started."""
    assert app.reports is not None and app.reports.children is not None
    children = app.reports.children
    children.start()
    await until(lambda: bool(children.idle), "a spare child is started")
    return children


async def until(check: object, what: str, within: float = 30.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not check():  # type: ignore[operator]
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not within {within} s: {what}")
        await asyncio.sleep(0.01)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def total(admin: Chat) -> str:
    return next(line for r in admin.last for line in r.text.splitlines()
                if line.startswith("Total:"))


async def test_the_next_statistik_comes_from_the_same_child_and_shows_new_completions(
    app: App, admin: Chat
) -> None:
    await seeded(app)
    children = await warm(app)
    [pid] = children.pids()
    await admin.send("/statistik")
    assert total(admin) == ("Total: ░░░░░░░░░░ 0,01% · 14/136.292 orang · 4 KK (dibantu tutor 1)"
                            " · mulai 5")
    assert any(r.image for r in admin.last)

    await seed.completion(app, "g", kecamatan="blado", persons=5)  # one more family done
    await admin.send("/statistik")
    assert total(admin) == ("Total: ░░░░░░░░░░ 0,01% · 19/136.292 orang · 5 KK (dibantu tutor 1)"
                            " · mulai 5")
    assert any(r.image for r in admin.last)
    assert children.started == 1 and children.pids() == [pid]  # no new process started


async def test_a_child_killed_mid_report_fails_that_report_and_a_fresh_one_takes_the_next(
    app: App, admin: Chat
) -> None:
    await seeded(app)
    children = await warm(app)
    [first] = children.pids()
    asked = asyncio.create_task(admin.send("/statistik"))
    await until(lambda: bool(children.busy), "the report is being prepared")
    os.kill(first, signal.SIGKILL)  # the kernel's OOM killer, say
    await asyncio.wait_for(asked, 60)
    assert admin.last[-1].text == T("report-failed")
    assert not any(r.image for r in admin.last)

    await until(lambda: bool(children.idle), "a new spare is started")
    [second] = children.pids()
    assert second != first and not alive(first)
    await admin.send("/statistik")
    assert any(r.image for r in admin.last)
    assert children.pids() == [second]
    assert await app.store.fetch_all("SELECT * FROM report_jobs") == []


async def test_a_spare_that_died_while_waiting_costs_no_report(app: App, admin: Chat) -> None:
    await seeded(app)
    children = await warm(app)
    [spare] = children.pids()
    os.kill(spare, signal.SIGKILL)
    await until(lambda: children.idle[0].process.exitcode is not None, "the spare is dead")
    await admin.send("/statistik")
    assert any(r.image for r in admin.last)
    assert T("report-failed") not in [r.text for r in admin.last]
    assert spare not in children.pids()


async def test_a_child_is_replaced_after_its_share_of_reports(
    app: App, admin: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long campaign does not keep one process growing for ever."""
    monkeypatch.setattr(report_child, "MAX_JOBS", 2)
    await seeded(app)
    children = await warm(app)
    [first] = children.pids()
    for _ in range(2):
        await admin.send("/statistik")
        assert any(r.image for r in admin.last)
    await until(lambda: bool(children.idle), "its successor is started")
    [second] = children.pids()
    assert second != first
    await until(lambda: not alive(first), "the worn child has ended")
    await admin.send("/statistik")
    assert any(r.image for r in admin.last) and children.pids() == [second]


async def test_no_child_outlives_the_bot(app: App, admin: Chat) -> None:
    await seeded(app)
    children = await warm(app)
    await admin.send("/statistik")
    pids = children.pids()
    assert pids
    await app.close()
    assert not any(alive(pid) for pid in pids)


BUSY_CHILD = '''
import asyncio, sys, time
from pathlib import Path
from bot.services import report_child

async def _long_report(job):  # (the child imports this module too: spawn)
    Path(job).touch()  # it has the job
    await asyncio.sleep(600)

report_child._prepare = _long_report

if __name__ == "__main__":
    child = report_child.Child(report_child.Source("unused", False, "Asia/Jakarta"))
    child.conn.send(sys.argv[1])
    print(child.pid, flush=True)
    time.sleep(600)
'''


def gone(pid: int) -> bool:
    """Ended (a zombie not reaped yet by whoever adopted it counts as ended)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            return any(line.split()[1:2] == ["Z"] for line in status if line.startswith("State"))
    except FileNotFoundError:
        return True


async def test_a_child_busy_with_a_report_ends_when_the_bot_is_killed(tmp_path: Path) -> None:
    """Not when its report is done: an export at 1M runs for minutes, holding a snapshot."""
    script, started = tmp_path / "busy_child.py", tmp_path / "started"
    script.write_text(BUSY_CHILD)
    bot = await asyncio.create_subprocess_exec(
        sys.executable, str(script), str(started), stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert bot.stdout is not None
        pid = int((await asyncio.wait_for(bot.stdout.readline(), 60)).decode())
        await until(started.exists, "the child is preparing the report", within=60)
        bot.kill()  # SIGKILL: nothing of the bot's own runs
        await bot.wait()
        await until(lambda: gone(pid), "the child has ended", within=30)
    finally:
        if bot.returncode is None:
            bot.kill()
            await bot.wait()
