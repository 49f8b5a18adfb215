"""A report being prepared survives a restart (issue 14): `python -m bot run` against the
fake Bot API is killed with SIGKILL while an admin's /statistik is being prepared, and
started again. The admin gets the report after the restart, exactly once, and nothing of the
job is left in the database.

The first process prepares reports that never finish (a module loaded before the bot, in
this test only), so the kill always lands while the report is being prepared.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from pathlib import Path

import pytest
from conftest import CAMPAIGN_OPEN
from fake_telegram import FakeBotApi, TelegramUser
from test_restart import REPO, START_TIMEOUT, BotProcess, bot_env

from conversations.core.campaign import load_campaign
from conversations.core.i18n import Translator

T = Translator("id", load_campaign(), CAMPAIGN_OPEN.date())
ADMIN = 7000

STALLED = '''
import asyncio
from bot.services import reports

async def _stalled(self, *args, **kwargs):
    await asyncio.Event().wait()  # a report that takes longer than this process lives

reports.Reports._build = _stalled
'''
RUN = "import runpy, stalled_reports; runpy.run_module('bot', run_name='__main__')"


class Database:
    """The bot's database, read by the test (SQLite file or PostgreSQL)."""

    def __init__(self, path: Path, url: str | None) -> None:
        self.path = path
        self.url = url

    def rows(self, sql: str) -> list[tuple[object, ...]]:
        if self.url is None:
            with closing(sqlite3.connect(self.path, timeout=5)) as db:
                return [tuple(r) for r in db.execute(sql).fetchall()]
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            return [tuple(r) for r in conn.execute(sql).fetchall()]

    def jobs(self) -> list[tuple[object, ...]]:
        return self.rows("SELECT kind, state, attempts FROM report_jobs ORDER BY id")


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


@pytest.fixture
async def processes(api: FakeBotApi, tmp_path: Path, database_url: str | None
                    ) -> AsyncIterator[list[BotProcess]]:
    made: list[BotProcess] = []
    yield made
    for process in made:
        await process.terminate()
        print("\n".join(process.log))


def bot(env: dict[str, str], tmp_path: Path, *, stalled: bool) -> BotProcess:
    process = BotProcess(dict(env), cwd=tmp_path)
    if stalled:
        hook = tmp_path / "hook"
        hook.mkdir(exist_ok=True)
        (hook / "stalled_reports.py").write_text(STALLED)
        process.env["PYTHONPATH"] = f"{hook}:{REPO}"
        process.args = ("-c", RUN, "run")
    return process


async def until(check: object, what: str, within: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not check():  # type: ignore[operator]
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not within {within} s: {what}")
        await asyncio.sleep(0.05)


async def test_a_report_being_prepared_when_the_bot_is_killed_comes_once_after_restart(
    api: FakeBotApi, tmp_path: Path, database_url: str | None,
    processes: list[BotProcess],
) -> None:
    database = Database(tmp_path / "data" / "tutor-sensus.sqlite3", database_url)
    admin = TelegramUser(api, ADMIN)
    extra = {"TUTOR_SENSUS_ADMINS": f"telegram:{ADMIN}"}
    if database_url is not None:
        extra["TUTOR_SENSUS_DATABASE_URL"] = database_url
    env = bot_env(api, tmp_path, **extra)  # both processes: the same bot, the same key
    first = bot(env, tmp_path, stalled=True)
    processes.append(first)
    await first.start()
    await admin.send("/statistik", within=START_TIMEOUT)
    assert T("report-preparing") in admin.text
    await until(lambda: database.jobs() == [("stats", "running", 1)], "the report started")
    await first.kill()  # mid-report: nothing of it was queued
    assert database.jobs() == [("stats", "running", 1)]

    def charts() -> list[str]:
        return [m.text for m in api.messages_to(ADMIN) if m.kind == "photo"]

    assert charts() == []
    second = bot(env, tmp_path, stalled=False)
    processes.append(second)
    await second.start()
    await until(lambda: len(charts()) == 1, "the chart after the restart", START_TIMEOUT + 20)
    assert charts()[0].startswith("📈")  # the chart's caption
    await until(lambda: database.jobs() == [], "the finished job deleted")
    await asyncio.sleep(2.5)  # more than the queue's poll: nothing comes a second time
    assert len(charts()) == 1
    texts = [m.text for m in api.messages_to(ADMIN) if m.kind == "text"]
    assert sum(T("report-preparing") in t for t in texts) == 1  # asked once
    assert sum(t.startswith("📊") for t in texts) == 1  # the figures, once
    assert T("report-failed") not in texts and T("report-interrupted") not in texts
