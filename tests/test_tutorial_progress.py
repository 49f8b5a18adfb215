"""Where people are in the tutorial, as columns the segments read (never people.state)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import CAMPAIGN_OPEN, Chat

from bot.store import Store


async def progress(chat: Chat) -> list[tuple[object, ...]]:
    return await chat.app.store.fetch_all(
        "SELECT step, done FROM tutorial_progress WHERE channel = 'console' AND user_id = ?",
        (chat.user,))


async def test_the_tutorials_own_events_keep_its_columns(chat: Chat) -> None:
    await chat.send("/start")
    assert await progress(chat) == []
    await chat.press("Mulai panduan")
    assert await progress(chat) == [(0, 0)]
    await chat.press("Lewati")  # the kecamatan question can wait
    await chat.press("Lanjut")
    step, done = (await progress(chat))[0]
    assert step >= 1 and done == 0


async def test_the_migration_carries_people_who_started_before_it(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    store = await Store.open(path)
    state = {"tutorial_index": 4, "tutorial_max": 4, "tutorial_done": False}
    async with store.transaction() as tx:
        await tx.save_person("telegram", "7", lang="id", kecamatan=None, state=state,
                             now=CAMPAIGN_OPEN)
        await tx.save_person("telegram", "8", lang="id", kecamatan=None, state={},
                             now=CAMPAIGN_OPEN)
        # As a database from before the migration: no table, the migration not recorded.
        await tx._write("DROP TABLE tutorial_progress")
        await tx._write("DELETE FROM schema_migrations WHERE name = '0008_tutorial_progress.sql'")
    assert await store.migrate() == ["0008_tutorial_progress.sql"]
    rows = await store.fetch_all("SELECT user_id, step, done FROM tutorial_progress")
    assert rows == [("7", 4, 0)]
    assert json.loads((await store.fetch_all("SELECT state FROM people WHERE user_id = '7'"))
                      [0][0]) == state  # the person's own state is untouched
    await store.close()
