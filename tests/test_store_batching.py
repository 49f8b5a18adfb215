"""Batched statements, batched updates and shared commits keep every guarantee of the store.

The processor handles several updates in one transaction (a savepoint each), writes that
need no answer travel to SQLite together, webhook updates arriving together share one
commit, and the sender marks a batch sent with its next claim. What a person or an operator
would notice must not change: a failing update loses only its own replies, an acknowledged
update is on disk, a killed sender's messages go out at restart.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import textwrap
import warnings
from collections.abc import Awaitable, Callable
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import CAMPAIGN_OPEN, RecordingConsole
from fake_telegram import FakeBotApi
from telegram.error import RetryAfter

from bot.app import App
from bot.channels.telegram import TelegramChannel, retry_seconds
from bot.services.processor import MAX_ATTEMPTS
from bot.store import Store, Tx
from conversations.core.i18n import Translator
from conversations.core.models import Incoming, Reply

NOW = CAMPAIGN_OPEN
REPO = Path(__file__).resolve().parents[1]


async def receive(app: App, user: str, text: str = "/start") -> None:
    update_id = f"{user}-{text}"
    payload = json.dumps({"user": user, "update_id": update_id, "text": text})
    assert await app.processor.receive("console", update_id, payload)


def failing_for(
    app: App, user: str, fail: Callable[[Tx], Awaitable[None]]
) -> Callable[[Tx, Incoming], Awaitable[list[Reply]]]:
    real = app.engine.handle

    async def handle(tx: Tx, incoming: Incoming) -> list[Reply]:
        if incoming.user == user:
            await fail(tx)
        return await real(tx, incoming)

    return handle


async def inbox(app: App) -> list[tuple[Any, ...]]:
    return await app.store.fetch_all(
        "SELECT update_id, status, attempts, error FROM inbox ORDER BY id"
    )


async def python_error(tx: Tx) -> None:
    await tx.add_event("console", "13", "half-done", NOW)  # must be undone with the update
    raise RuntimeError("a bug in a flow")


async def refused_by_sqlite(tx: Tx) -> None:
    # Buffered: SQLite refuses it (NOT NULL) only when the batch's statements are sent.
    await tx.add_event("console", "13", None, NOW)  # type: ignore[arg-type]


async def refused_then_read(tx: Tx) -> None:
    # The same, but the update reads next: the refusal is raised inside the update.
    await tx.add_event("console", "13", None, NOW)  # type: ignore[arg-type]
    await tx._one("SELECT count(*) FROM events")


@pytest.mark.parametrize("fail", [python_error, refused_by_sqlite, refused_then_read])
@pytest.mark.parametrize("order", [("11", "13", "12"), ("11", "12", "13")])
async def test_a_failing_update_in_a_batch_loses_only_its_own_replies(
    app: App, console: RecordingConsole, monkeypatch: pytest.MonkeyPatch,
    fail: Callable[[Tx], Awaitable[None]], order: tuple[str, ...], backend: str,
) -> None:
    monkeypatch.setattr(app.engine, "handle", failing_for(app, "13", fail))
    for user in order:
        await receive(app, user)
    assert await app.processor.process_pending() == 3  # one batch, one transaction
    await app.senders["console"].drain()

    assert console.sent["11"] and console.sent["12"]  # the others got their menu
    assert console.sent["13"] == []
    refused = "IntegrityError" if backend == "sqlite" else "NotNullViolation"  # the driver's name
    error = "RuntimeError" if fail is python_error else refused
    assert sorted(await inbox(app)) == [
        ("11-/start", "done", 0, None), ("12-/start", "done", 0, None),
        ("13-/start", "new", 1, error),  # counted, and tried again
    ]
    events = await app.store.fetch_all("SELECT user_id FROM events WHERE user_id = '13'")
    people = await app.store.fetch_all("SELECT user_id FROM people ORDER BY user_id")
    assert events == [] and people == [("11",), ("12",)]  # nothing of 13's update was kept

    # After the last attempt the person hears an apology instead of silence.
    for _ in range(MAX_ATTEMPTS - 1):
        await app.processor.process_pending()
    await app.senders["console"].drain()
    apology = Translator("id", app.campaign)("error-apology")
    assert [r.text for r in console.sent["13"]] == [apology]
    assert ("13-/start", "failed", MAX_ATTEMPTS, error) in await inbox(app)
    # Nothing handles it again: only its shape is kept, not what the person typed.
    kept = await app.store.fetch_all("SELECT payload FROM inbox WHERE update_id = '13-/start'")
    # (in the order the store gives the update's keys back: PostgreSQL's jsonb sorts them)
    assert [json.loads(json.loads(k)["shape"]) for (k,) in kept] == [
        {"user": "<str 2>", "update_id": "<str 9>", "text": "<str 6>"}]


async def test_one_persons_updates_in_one_batch_see_each_other(
    app: App, console: RecordingConsole
) -> None:
    """The second update of a person in the same batch reads what the first one saved."""
    await receive(app, "21", "/start")
    await receive(app, "21", "/bantuan")
    await receive(app, "21", "/menu")
    assert await app.processor.process_pending() == 3
    await app.senders["console"].drain()
    state = await app.store.fetch_all("SELECT state FROM people WHERE user_id = '21'")
    assert json.loads(state[0][0])["version"] == 3  # three screens, one after the other
    assert len(console.sent["21"]) >= 3


async def test_a_person_removed_in_a_batch_is_not_read_from_memory(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "db.sqlite3")
    async with store.transaction() as tx:
        await tx.save_person("console", "1", lang="en", kecamatan=None, state={}, now=NOW)
        await tx.save_person("console", "2", lang="en", kecamatan=None, state={}, now=NOW)
    async with store.transaction() as tx:
        await tx.prefetch_people([("console", "1"), ("console", "2"), ("console", "3")])
        await tx.personal.forget_person("console", "1")  # /hapus_data
        assert await tx.get_person("console", "1") is None
        await tx.prefetch_people([("console", "2")])
        await tx.save_person("console", "2", lang="id", kecamatan="x", state={}, now=NOW)
        person = await tx.get_person("console", "2")
        assert person is not None and person["lang"] == "id"
        assert await tx.get_person("console", "3") is None
    await store.close()


async def test_buffered_writes_reach_sqlite_in_order_in_one_trip(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "db.sqlite3")
    async with store.transaction() as tx:
        for n in range(50):
            await tx.enqueue("console", "7", json.dumps({"n": n}), NOW)
        assert tx._trips == 0  # nothing has gone to the connection thread yet
        assert await tx._one("SELECT count(*), max(id) FROM outbox") == (50, 50)
        assert tx._trips == 1
    rows = await store.fetch_all("SELECT payload FROM outbox ORDER BY id")
    assert [json.loads(r[0])["n"] for r in rows] == list(range(50))
    await store.close()


async def test_concurrent_webhook_updates_share_commits_and_duplicates_still_count_once(
    tmp_path: Path,
) -> None:
    store = await Store.open(tmp_path / "db.sqlite3")
    ids = [str(n) for n in range(100)] + ["7", "7", "42"]
    results = await asyncio.gather(*(store.inbox_add("telegram", i, "{}", NOW) for i in ids))
    assert sum(results) == 100  # "7" and "42" twice: stored once each
    assert results.count(False) == 3
    assert await store.fetch_all("SELECT count(*) FROM inbox") == [(100,)]
    await store.close()


@pytest.mark.postgres
async def test_webhook_updates_arriving_together_on_postgresql_share_a_statement(
    database_url: str,
) -> None:
    """Each caller still learns whether its own update was new, and an update PostgreSQL
    refuses fails alone (the group is tried again one by one)."""
    import psycopg

    from bot.store.postgres import PgStore

    store = await PgStore.open(database_url)
    try:
        ids = [str(n) for n in range(100)] + ["7", "7", "42"]
        calls = [store.inbox_add("telegram", i, "{}", NOW, person=f"telegram:{i}") for i in ids]
        calls.append(store.inbox_add("telegram", "bad", "not JSON", NOW, person="telegram:9"))
        results = await asyncio.gather(*calls, return_exceptions=True)
        assert isinstance(results[-1], psycopg.DataError)
        assert results[:-1].count(True) == 100 and results[:-1].count(False) == 3
        assert await store.fetch_all("SELECT count(*) FROM inbox") == [(100,)]
        again = await asyncio.gather(*(store.inbox_add("telegram", i, "{}", NOW) for i in ids))
        assert not any(again)  # all stored before: each told so
        rows = await store.fetch_all("SELECT update_id FROM inbox ORDER BY id")
        assert len(rows) == 100  # in the order they arrived (ids drawn in that order)
        assert [r[0] for r in rows] == [str(n) for n in range(100)]
    finally:
        await store.close()


@pytest.mark.postgres
async def test_a_persons_updates_go_to_one_postgresql_worker_at_a_time_in_order(
    database_url: str,
) -> None:
    """Two workers (two stores) take the inbox at once: a person whose update one of them
    holds is left to it, and a person with an update on its way in waits for it."""
    import psycopg

    from bot.store.postgres import PgStore

    one = await PgStore.open(database_url)
    two = await PgStore.open(database_url, migrate=False)
    try:
        for update_id in ("a1", "b1", "a2", "a3", "c1"):
            await one.inbox_add("console", update_id, "{}", NOW, person=f"console:{update_id[0]}")
        async with one.transaction() as tx1:
            held = await tx1.inbox_new(1, MAX_ATTEMPTS)
            assert [r.update_id for r in held] == ["a1"]
            async with two.transaction() as tx2:  # a's first update is worker one's
                assert [r.update_id for r in await tx2.inbox_new(10, MAX_ATTEMPTS)] == [
                    "b1", "c1"]
            await tx1.inbox_done(held[0].id, NOW)
        async with await psycopg.AsyncConnection.connect(database_url) as arriving:
            await arriving.execute("BEGIN")  # an insert of c's in flight holds c's lock
            await arriving.execute(
                "SELECT pg_advisory_xact_lock_shared(hashtextextended('console:c', 16))")
            async with two.transaction() as tx2:
                assert [r.update_id for r in await tx2.inbox_new(10, MAX_ATTEMPTS)] == [
                    "b1", "a2", "a3"]
            await arriving.execute("ROLLBACK")
        async with two.transaction() as tx2:
            assert [r.update_id for r in await tx2.inbox_new(10, MAX_ATTEMPTS)] == [
                "b1", "a2", "a3", "c1"]
    finally:
        await one.close()
        await two.close()


KILLER = textwrap.dedent("""
    import asyncio, os, signal, sys
    from datetime import datetime, timezone
    from pathlib import Path
    from bot.store import Store

    async def main() -> None:
        store = await Store.open(Path(sys.argv[1]))
        now = datetime.now(timezone.utc)

        async def webhook(n: int) -> None:
            if await store.inbox_add("telegram", str(n), "{}", now):
                print(n, flush=True)  # what "200 OK" would acknowledge

        await asyncio.gather(*(webhook(n) for n in range(300)))
        os.kill(os.getpid(), signal.SIGKILL)  # no close, no shutdown code

    asyncio.run(main())
""")


def test_an_acknowledged_update_is_in_the_database_after_sigkill(tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"
    done = subprocess.run(
        [sys.executable, "-c", KILLER, str(database)], capture_output=True, text=True,
        cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60, check=False,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    acknowledged = {line for line in done.stdout.split()}
    assert len(acknowledged) == 300
    with closing(sqlite3.connect(database)) as db:
        stored = {row[0] for row in db.execute("SELECT update_id FROM inbox")}
    assert acknowledged <= stored


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.sqlite  # reads the SQLite file of a bot process
async def test_a_killed_senders_message_goes_out_at_restart_not_after_its_lease(
    app: App, console: RecordingConsole
) -> None:
    host = socket.gethostname()
    async with app.store.transaction() as tx:
        for chat in ("7", "8", "9"):
            await tx.enqueue("console", chat, Reply(text=f"to {chat}").model_dump_json(), NOW)
    lease = NOW + timedelta(seconds=60)  # the clock stands still: no lease runs out here
    for chat, worker in (("7", f"{host}:{dead_pid()}:console"),  # killed mid-send
                         ("8", f"{host}:{os.getppid()}:console"),  # alive on this machine
                         ("9", "another-machine:1:console")):  # its lease decides
        rows = await app.store.outbox_claim("console", worker, NOW, lease, 1)
        assert [r.chat_id for r in rows] == [chat]

    sender = app.senders["console"]
    task = asyncio.create_task(sender.run())
    try:
        for _ in range(200):
            if console.sent["7"]:
                break
            await asyncio.sleep(0.01)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert [r.text for r in console.sent["7"]] == ["to 7"]
    assert console.sent["8"] == [] and console.sent["9"] == []
    assert await app.store.fetch_all(
        "SELECT chat_id, status FROM outbox ORDER BY chat_id"
    ) == [("7", "sent"), ("8", "sending"), ("9", "sending")]


async def test_a_chats_second_message_follows_once_the_first_is_recorded(
    app: App, console: RecordingConsole
) -> None:
    async with app.store.transaction() as tx:
        for n in range(3):
            await tx.enqueue("console", "7", Reply(text=str(n)).model_dump_json(), NOW)
    sender = app.senders["console"]
    assert await sender.send_due() == 1
    assert await app.store.fetch_all("SELECT status FROM outbox ORDER BY id") == [
        ("sending",), ("pending",), ("pending",)]  # delivered, recorded with the next claim
    await sender.drain()
    assert [r.text for r in console.sent["7"]] == ["0", "1", "2"]
    assert await app.store.fetch_all("SELECT DISTINCT status FROM outbox") == [("sent",)]
    assert sender.sent == 3


def test_retry_after_is_read_without_a_deprecation_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for opt_in in ("false", "true"):  # PTB 22: an int; PTB_TIMEDELTA=true (and PTB 23): timedelta
        monkeypatch.setenv("PTB_TIMEDELTA", opt_in)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exc = RetryAfter(3)  # PTB itself reads it while building the error
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert retry_seconds(exc) == 3.0


async def test_a_button_press_is_answered_even_if_garbage_is_collected_meanwhile(
    app: App, tmp_path: Path
) -> None:
    async with FakeBotApi() as api:
        telegram = TelegramChannel(api.token, api.base_url)
        app.add_channel(telegram)
        await telegram.start(app.processor)
        try:
            update = {"update_id": 1, "callback_query": {
                "id": "q1", "chat_instance": "1", "data": "menu",
                "from": {"id": 7, "is_bot": False, "first_name": "Siti"},
            }}
            assert await telegram.accept(update)
            gc.collect()
            await api.wait_until(
                lambda: any(c.method == "answerCallbackQuery" and c.status is not None
                            and str(c.params.get("callback_query_id")) == "q1"
                            for c in api.calls),
                what="answerCallbackQuery for the press")
            for _ in range(100):
                if not telegram._answering:
                    break
                await asyncio.sleep(0.01)
            assert not telegram._answering  # the task is let go once it is done
        finally:
            await telegram.stop()


async def test_a_failed_claim_or_a_restarted_sender_sends_nothing_twice(
    app: App, console: RecordingConsole, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sender's database call fails (a lost connection; on a loaded machine, a pool busy
    for too long) and the sender is started again (a worker taking its role back): it goes
    on, what it had delivered is recorded, and nobody gets a message twice."""
    async with app.store.transaction() as tx:
        for chat in ("7", "8"):
            for n in range(3):
                await tx.enqueue("console", chat, Reply(text=f"{chat}.{n}").model_dump_json(),
                                 NOW)
    sender = app.senders["console"]
    assert await sender.send_due() == 2  # 7.0 and 8.0 delivered, recorded with the next claim
    if sender._in_flight:
        await asyncio.wait(set(sender._in_flight))
    real, calls = app.store.outbox_claim, []

    async def flaky(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) in (1, 3):  # this one, and the second claim of the run below
            raise OSError("connection lost")
        return await real(*args, **kwargs)

    monkeypatch.setattr(app.store, "outbox_claim", flaky)
    monkeypatch.setattr("bot.services.sender.RETRY_SECONDS", 0.01)
    with pytest.raises(OSError):
        await sender.send_due()
    task = asyncio.create_task(sender.run())  # its role taken again, as after a failure
    try:
        for _ in range(500):
            if len(console.sent["7"]) + len(console.sent["8"]) >= 6:
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.1)  # (anything sent twice would be sent by now)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert [r.text for r in console.sent["7"]] == ["7.0", "7.1", "7.2"]
    assert [r.text for r in console.sent["8"]] == ["8.0", "8.1", "8.2"]
    assert await app.store.fetch_all("SELECT DISTINCT status FROM outbox") == [("sent",)]


async def test_a_nul_character_is_stored_and_answered_on_both_stores(
    app: App, console: RecordingConsole
) -> None:
    """U+0000 in what a person typed, or in a reply (PostgreSQL's jsonb cannot hold it):
    stored as U+FFFD, the person is answered, the reply goes out."""
    payload = json.dumps({"user": "31", "update_id": "31-1", "text": "halo\x00 apa kabar"})
    assert await app.processor.receive("console", "31-1", payload)
    async with app.store.transaction() as tx:
        await tx.enqueue("console", "32", Reply(text="a\x00b").model_dump_json(), NOW)
    await app.step()
    assert console.sent["31"]  # answered
    assert await app.store.fetch_all("SELECT status FROM inbox") == [("done",)]
    assert [r.text for r in console.sent["32"]] == ["a\ufffdb"]
