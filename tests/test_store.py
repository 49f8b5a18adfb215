"""The store on a real SQLite file (or, in the PostgreSQL pass, a fresh PostgreSQL database):
pragmas, migrations, inbox idempotency, outbox claims."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import CAMPAIGN_OPEN
from pg import fresh_database

from bot.store import Store, StoreMissing

NOW = CAMPAIGN_OPEN
Opener = Callable[..., Awaitable[Any]]


@pytest.fixture
def open_store(tmp_path: Path, database_url: str | None) -> Callable[..., Awaitable[Any]]:
    """Opens this test's store: the SQLite file, or its PostgreSQL database (--backend)."""

    async def opener(**kwargs: Any) -> Any:
        if database_url:
            from bot.store.postgres import PgStore

            return await PgStore.open(database_url, **kwargs)
        return await Store.open(tmp_path / "db.sqlite3", **kwargs)

    return opener


async def test_pragmas_are_safe(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "db.sqlite3")
    try:
        pragmas = await store.pragmas()
    finally:
        await store.close()
    assert pragmas["journal_mode"] == "wal"
    assert pragmas["synchronous"] == 1  # NORMAL, never OFF (0)
    assert pragmas["secure_delete"] == 1


async def test_migrations_apply_once(tmp_path: Path, backend: str) -> None:
    async def open_store(**kwargs: Any) -> Any:
        if url:
            from bot.store.postgres import PgStore

            return await PgStore.open(url, **kwargs)
        return await Store.open(tmp_path / "db.sqlite3", **kwargs)

    with contextlib.ExitStack() as stack:
        url = stack.enter_context(fresh_database()) if backend == "postgres" else None  # empty
        await migrations_apply_once(open_store)


async def migrations_apply_once(open_store: Opener) -> None:
    store = await open_store(migrate=False)
    applied = await store.migrate()
    first = "0001_init.sql" if isinstance(store, Store) else "0000_pg_compat.postgres.sql"
    assert applied[0] == first and applied == sorted(applied)
    assert "0001_init.sql" in applied
    assert await store.migrate() == []
    await store.close()
    again = await open_store()  # a restart applies nothing new and keeps the data
    assert await again.migrate() == []
    await again.close()


async def test_read_only_open_refuses_to_create_a_database(tmp_path: Path) -> None:
    with pytest.raises(StoreMissing):
        await Store.open(tmp_path / "missing.sqlite3", create=False)
    assert not (tmp_path / "missing.sqlite3").exists()


async def test_duplicate_update_is_stored_once(open_store: Opener) -> None:
    store = await open_store()
    assert await store.inbox_add("telegram", "42", "{}", NOW)
    assert not await store.inbox_add("telegram", "42", "{}", NOW)
    assert await store.inbox_add("whatsapp", "42", "{}", NOW)  # ids are per channel
    assert len(await store.inbox_pending()) == 2
    await store.close()


async def test_handled_update_payload_is_emptied(open_store: Opener) -> None:
    store = await open_store()
    await store.inbox_add("console", "1", json.dumps({"text": "halo"}), NOW)
    row = (await store.inbox_pending())[0]
    async with store.transaction() as tx:
        await tx.inbox_done(row.id, NOW)
    assert await store.fetch_all("SELECT status, payload FROM inbox") == [("done", None)]
    await store.close()


async def test_failed_transaction_rolls_back_everything(open_store: Opener) -> None:
    store = await open_store()
    with pytest.raises(RuntimeError):
        async with store.transaction() as tx:
            await tx.enqueue("console", "1", "{}", NOW)
            raise RuntimeError("boom")
    assert await store.fetch_all("SELECT COUNT(*) FROM outbox") == [(0,)]
    await store.close()


async def test_two_processes_never_claim_the_same_row(
    open_store: Opener,
) -> None:
    first, second = await open_store(), await open_store()
    async with first.transaction() as tx:
        for chat in range(200):
            await tx.enqueue("telegram", str(chat), "{}", NOW)
    lease = NOW + timedelta(seconds=60)
    claims = await asyncio.gather(
        *(store.outbox_claim("telegram", name, NOW, lease, 30)
          for _ in range(5) for store, name in ((first, "a"), (second, "b")))
    )
    ids = [row.id for batch in claims for row in batch]
    assert len(ids) == len(set(ids)) == 200
    await first.close()
    await second.close()


async def test_a_chat_gets_its_messages_in_order(open_store: Opener) -> None:
    store = await open_store()
    async with store.transaction() as tx:
        for n in range(3):
            await tx.enqueue("telegram", "7", json.dumps({"n": n}), NOW)
    lease = NOW + timedelta(seconds=60)
    order = []
    for _ in range(3):
        rows = await store.outbox_claim("telegram", "w", NOW, lease, 10)
        assert len(rows) == 1  # only the oldest unsent message of a chat is claimable
        order.append(json.loads(rows[0].payload)["n"])
        await store.outbox_sent(rows[0].id, NOW)
    assert order == [0, 1, 2]
    await store.close()


async def test_expired_lease_is_claimable_again(open_store: Opener) -> None:
    store = await open_store()
    async with store.transaction() as tx:
        await tx.enqueue("telegram", "7", "{}", NOW)
    assert await store.outbox_claim("telegram", "dead", NOW, NOW + timedelta(seconds=5), 10)
    assert not await store.outbox_claim("telegram", "w", NOW, NOW + timedelta(seconds=5), 10)
    later = NOW + timedelta(seconds=6)
    assert await store.outbox_claim("telegram", "w", later, later + timedelta(seconds=5), 10)
    await store.close()
