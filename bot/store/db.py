"""The SQLite store: one file, WAL, migrations at start, one lock per connection.

aiosqlite runs one connection in one thread. Every public method takes `_lock`, so that a
webhook handler writing to the inbox can never slip its statement into the middle of another
task's transaction (it would then be rolled back with it after we had answered 200).

Each trip to that thread costs a thread switch both ways, and each commit a write to the WAL,
so statements travel in batches (see bot/store/statements.py) and concurrent small writes
share one commit ("group commit"): webhook updates arriving together are written to the inbox
in one transaction, and each caller returns (acknowledges) only after that commit; replies
sent at the same time are marked sent in one transaction.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any, Generic, TypeVar

import aiosqlite

from bot.files import private_database
from bot.store.bulk import BulkQueries
from bot.store.completions import CompletionQueries
from bot.store.handoffs import HandoffQueries
from bot.store.personal_data import PersonalDataQueries
from bot.store.statements import Params, Statements, on_connection
from bot.store.stats import StatsQueries
from bot.store.timefmt import iso
from bot.store.tutors import TutorQueries
from bot.store.web import WebQueries
from bot.store.whatsapp import WhatsAppQueries

log = logging.getLogger(__name__)

# synchronous=NORMAL in WAL mode: a commit survives a process crash (SIGKILL); only a power
# loss can lose the last transactions. Never OFF. secure_delete overwrites deleted content.
PRAGMAS = {
    "journal_mode": "WAL",
    "synchronous": "NORMAL",
    "secure_delete": "ON",
    "foreign_keys": "ON",
    "busy_timeout": "10000",
}


class StoreMissing(Exception):
    """A read-only command was pointed at a database that does not exist."""


@dataclass(frozen=True)
class InboxRow:
    id: int
    channel: str
    update_id: str
    payload: str
    attempts: int


@dataclass(frozen=True)
class OutboxRow:
    id: int
    channel: str
    chat_id: str
    payload: str
    priority: int
    attempts: int


INBOX_INSERT = (
    "INSERT OR IGNORE INTO inbox (channel, update_id, payload, received_at) VALUES (?, ?, ?, ?)"
)
INBOX_COLUMNS = "id, channel, update_id, payload, attempts"
INBOX_FAILED = (
    "UPDATE inbox SET attempts = attempts + 1, error = ?,"
    " status = CASE WHEN attempts + 1 >= ? THEN 'failed' ELSE status END WHERE id = ?"
)
# A row already marked failed by a delivery status (WhatsApp reports "failed" by webhook,
# sometimes before the sender records the send) stays failed.
OUTBOX_SENT = (
    "UPDATE outbox SET status = 'sent', sent_at = ?, claimed_until = NULL"
    " WHERE id = ? AND status != 'failed'"
)

Item = TypeVar("Item")
Result = TypeVar("Result")


def _inbox_row(r: Any) -> InboxRow:
    return InboxRow(r[0], r[1], r[2], r[3] or "", r[4])


def _commit(db: sqlite3.Connection) -> None:
    if db.in_transaction:
        db.execute("COMMIT")


def _rollback(db: sqlite3.Connection) -> None:
    if db.in_transaction:
        db.execute("ROLLBACK")


REJECTED_INSERT = (
    "INSERT INTO rejected_updates (channel, reason, shape, size, received_at)"
    " VALUES (?, ?, ?, ?, ?)"
)


def _inbox_insert(db: sqlite3.Connection, items: list[Params]) -> list[bool | Exception]:
    """Each item fails alone: a failing statement is undone by SQLite on its own (statement
    atomicity), and a value that cannot even be bound (text that does not encode as UTF-8,
    raised before the statement runs) changes nothing. Only an error that ended the whole
    transaction (SQLite rolled it back: disk full, I/O) fails every item of the group."""
    results: list[bool | Exception] = []
    for params in items:
        try:
            results.append(db.execute(INBOX_INSERT, params).rowcount == 1)
        except (sqlite3.Error, ValueError, OverflowError) as exc:  # (UnicodeError: ValueError)
            if not db.in_transaction:
                raise
            results.append(exc)
    return results


def _rejected_insert(db: sqlite3.Connection, items: list[Params]) -> list[Exception | None]:
    db.executemany(REJECTED_INSERT, items)
    return [None] * len(items)


def _outbox_mark_sent(db: sqlite3.Connection, items: list[Params]) -> list[Exception | None]:
    db.executemany(OUTBOX_SENT, items)
    return [None] * len(items)


def _committed(
    job: Callable[[sqlite3.Connection, list[Item]], list[Result | Exception]],
    items: list[Item],
    db: sqlite3.Connection,
) -> list[Result | Exception]:
    db.execute("BEGIN IMMEDIATE")
    try:
        results = job(db, items)
        db.execute("COMMIT")
    except BaseException:
        _rollback(db)
        raise
    return results


class GroupCommit(Generic[Item, Result]):
    """Concurrent calls whose small writes share one transaction: one trip, one commit.

    A call adds its item and waits. One task at a time takes the store's lock, then every
    item waiting at that moment, and runs `job` on them in the connection thread between
    BEGIN IMMEDIATE and COMMIT; each call returns only after that commit (so a webhook is
    acknowledged only once its update is durably in the inbox). Nothing waits on purpose:
    a lone call is written at once; calls arriving while a commit runs, or while another
    transaction holds the lock, go together into the next one. `job` returns one result per
    item, or an exception for an item whose statement failed alone.
    """

    def __init__(
        self, store: Store, name: str,
        job: Callable[[sqlite3.Connection, list[Item]], list[Result | Exception]],
    ) -> None:
        self._store = store
        self._name = name
        self._job = job
        self._waiting: list[tuple[Item, asyncio.Future[Result]]] = []
        self._task: asyncio.Task[None] | None = None

    async def submit(self, item: Item) -> Result:
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._drain(), name=self._name)
        return await future

    async def idle(self) -> None:
        """Wait until everything submitted so far is written (or failed)."""
        while self._task is not None and not self._task.done():
            await asyncio.wait([self._task])

    async def _drain(self) -> None:
        batch: list[tuple[Item, asyncio.Future[Result]]] = []
        try:
            while self._waiting:
                async with self._store._lock:
                    batch, self._waiting = self._waiting, []
                    work = partial(_committed, self._job, [item for item, _ in batch])
                    try:
                        results = await on_connection(self._store._conn, work)
                    except Exception as exc:
                        for _, future in batch:
                            if not future.done():
                                future.set_exception(exc)
                        continue
                for (_, future), result in zip(batch, results, strict=True):
                    if future.done():
                        continue  # the caller gave up waiting; its row is written anyway
                    if isinstance(result, Exception):
                        future.set_exception(result)
                    else:
                        future.set_result(result)
        except BaseException:  # cancelled (shutdown): nobody may wait forever
            for _, future in batch + self._waiting:
                if not future.done():
                    future.cancel()
            self._waiting = []
            raise


class Store:
    """Async access to the database file. Open with `Store.open(path)`."""

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        # Where files about people live (bot/store/personal_data.py's PERSONAL_FILES): the
        # database's folder, unless open_store names the data folder.
        self.data_dir: Path | None = path.parent
        self._lock = asyncio.Lock()
        self._inbox = GroupCommit[Params, bool](self, "inbox-commit", _inbox_insert)
        self._sent = GroupCommit[Params, None](self, "outbox-sent-commit", _outbox_mark_sent)
        self._rejected = GroupCommit[Params, None](self, "rejected-commit", _rejected_insert)

    # --- lifecycle -------------------------------------------------------------------------
    @classmethod
    async def open(cls, path: Path, *, create: bool = True, migrate: bool = True) -> Store:
        if not create and not path.exists():
            raise StoreMissing(f"No database at {path}")
        private_database(path, create=create)  # 0600 (WAL and SHM too), folder 0700
        conn = await aiosqlite.connect(path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        for name, value in PRAGMAS.items():
            await conn.execute(f"PRAGMA {name}={value}")
        store = cls(conn, path)
        if migrate:
            try:
                await store.migrate()
            except BaseException:
                await conn.close()  # aiosqlite's thread would keep the process alive
                raise
        return store

    async def close(self) -> None:
        await self._inbox.idle()
        await self._sent.idle()
        await self._rejected.idle()
        await self._conn.close()

    async def pragmas(self) -> dict[str, Any]:
        names = ("journal_mode", "synchronous", "secure_delete", "busy_timeout")
        result: dict[str, Any] = {}
        async with self._lock:
            for name in names:
                async with self._conn.execute(f"PRAGMA {name}") as cur:
                    row = await cur.fetchone()
                    result[name] = row[0] if row else None
        return result

    async def migrate(self) -> list[str]:
        """Apply the numbered SQL files in bot/store/migrations that are not applied yet."""
        folder = resources.files("bot.store").joinpath("migrations")
        # (`*.postgres.sql` files are PostgreSQL's twins of a migration: bot/store/postgres.py)
        files = sorted(f.name for f in folder.iterdir()
                       if f.name.endswith(".sql") and not f.name.endswith(".postgres.sql"))
        applied_now: list[str] = []
        async with self._lock:
            await self._conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, at TEXT)"
            )
            async with self._conn.execute("SELECT name FROM schema_migrations") as cur:
                done = {row[0] for row in await cur.fetchall()}
            for name in files:
                if name in done:
                    continue
                sql = folder.joinpath(name).read_text(encoding="utf-8")
                record = f"INSERT INTO schema_migrations VALUES ('{name}', datetime('now'));"
                try:
                    await self._conn.executescript(f"BEGIN IMMEDIATE;\n{sql}\n{record}\nCOMMIT;")
                except BaseException:
                    if self._conn.in_transaction:
                        await self._conn.execute("ROLLBACK")
                    raise
                applied_now.append(name)
                log.info("applied migration %s", name)
        return applied_now

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """One write transaction; commits on success, rolls back on any error.

        Statements are sent in batches (bot/store/statements.py): BEGIN IMMEDIATE travels
        with the first statement that needs an answer, COMMIT with the last buffered writes.
        """
        async with self._lock:
            tx = Tx(self._conn)
            tx.data_dir = self.data_dir
            await tx._write("BEGIN IMMEDIATE")
            try:
                yield tx
                if not tx._committed and (tx._trips or len(tx._pending) > 1):
                    await tx._trip(_commit)  # (with only BEGIN buffered nothing happened)
            except BaseException:
                tx._pending = []
                await on_connection(self._conn, _rollback)
                raise
        # Committed: now the files its rows pointed to may go (outside the lock and the loop).
        for action in tx.committed_actions():
            try:
                await asyncio.to_thread(action)
            except OSError as exc:  # a file already gone or unreadable: nothing to undo
                log.warning("after commit: %s", type(exc).__name__)

    @asynccontextmanager
    async def reader(self) -> AsyncIterator[Tx]:
        """A read-only snapshot for reports, on a connection of its own (issue 14).

        WAL lets this reader run beside the writer: it takes neither the store's lock nor
        SQLite's write lock, so a report that reads for seconds never delays an update or a
        webhook's commit, and every query inside sees the same moment (one read
        transaction). `query_only` makes any write through it an error."""
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        try:
            await conn.execute("PRAGMA query_only=ON")
            await conn.execute(f"PRAGMA busy_timeout={PRAGMAS['busy_timeout']}")
            await conn.execute("BEGIN")  # deferred: a read snapshot from the first read
            yield Tx(conn)
        finally:
            await conn.close()  # (closing ends the read transaction)

    # --- inbox -----------------------------------------------------------------------------
    async def inbox_add(
        self, channel: str, update_id: str, payload: str, now: datetime,
        person: str | None = None,
    ) -> bool:
        """Store an update before the channel is acknowledged. False for a duplicate id.
        (`person`: for several workers on PostgreSQL; one process on SQLite needs no order
        key, so it is not stored here.)

        Returns once the update is committed; updates arriving together share the commit
        (see `GroupCommit`)."""
        return await self._inbox.submit((channel, update_id, payload, iso(now)))

    async def reject_add(
        self, channel: str, reason: str, shape: str, size: int, now: datetime
    ) -> None:
        """Record an update that could not be read (see migration 0013); `shape` holds no
        text a person typed. Rejections arriving together share one commit."""
        await self._rejected.submit((channel, reason[:200], shape[:1000], size, iso(now)))

    async def inbox_add_many(
        self, channel: str, items: list[tuple[str, str]], now: datetime
    ) -> int:
        async with self._lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                added = 0
                for update_id, payload in items:
                    cur = await self._conn.execute(
                        "INSERT OR IGNORE INTO inbox (channel, update_id, payload, received_at)"
                        " VALUES (?, ?, ?, ?)",
                        (channel, update_id, payload, iso(now)),
                    )
                    added += cur.rowcount
            except BaseException:
                await self._conn.execute("ROLLBACK")
                raise
            await self._conn.execute("COMMIT")
            return added

    async def inbox_pending(self, limit: int = 100, max_attempts: int = 5) -> list[InboxRow]:
        async with self._lock, self._conn.execute(
            f"SELECT {INBOX_COLUMNS} FROM inbox"
            " WHERE status = 'new' AND attempts < ? ORDER BY id LIMIT ?",
            (max_attempts, limit),
        ) as cur:
            rows = await cur.fetchall()
        return [_inbox_row(r) for r in rows]

    async def inbox_failed_attempt(self, row_id: int, error: str, max_attempts: int) -> None:
        async with self._lock:
            await self._conn.execute(INBOX_FAILED, (error[:500], max_attempts, row_id))

    # --- outbox ----------------------------------------------------------------------------
    async def outbox_claim(
        self, channel: str, worker: str, now: datetime, lease_until: datetime, limit: int,
        *, sent: Sequence[tuple[int, datetime]] = (),
    ) -> list[OutboxRow]:
        """Atomically claim due rows: only the oldest unsent row of each chat (keeps order)
        among rows of the same or a more urgent priority: a reply (priority 0) never waits
        behind a bulk message (broadcast, reminder) queued earlier for the same person.

        A row whose lease ran out (its sender died mid-send) becomes claimable again.
        The two kinds of due rows are found through the (channel, status, ...) index, so a
        claim reads the rows waiting to be sent, not every row ever sent.

        `sent`: (row id, when) of rows this worker delivered, marked sent first, in the same
        transaction, so the next message of those chats can be claimed at once.
        """
        sql = """
            UPDATE outbox SET status = 'sending', claimed_by = ?1, claimed_until = ?2
            WHERE id IN (
                SELECT id FROM (
                    SELECT o.id, o.priority, o.chat_id FROM outbox o
                    WHERE o.channel = ?3 AND o.status = 'pending' AND o.not_before <= ?4
                    UNION ALL
                    SELECT o.id, o.priority, o.chat_id FROM outbox o
                    WHERE o.channel = ?3 AND o.status = 'sending' AND o.claimed_until < ?4
                ) AS due
                WHERE NOT EXISTS (
                    SELECT 1 FROM outbox e
                    WHERE e.channel = ?3 AND e.chat_id = due.chat_id
                      AND e.status IN ('pending', 'sending') AND e.id < due.id
                      AND e.priority <= due.priority)
                ORDER BY priority, id LIMIT ?5)
            RETURNING id, channel, chat_id, payload, priority, attempts
            """
        params = (worker, iso(lease_until), channel, iso(now), limit)
        marks = [(iso(at), row_id) for row_id, at in sent]

        def claim(db: sqlite3.Connection) -> list[Any]:
            if not marks:
                return db.execute(sql, params).fetchall()
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany(OUTBOX_SENT, marks)
                rows = db.execute(sql, params).fetchall()
                db.execute("COMMIT")
            except BaseException:
                _rollback(db)
                raise
            return rows

        async with self._lock:  # marks, UPDATE and its rows in one trip
            rows = await on_connection(self._conn, claim)
        return sorted(
            (OutboxRow(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows),
            key=lambda r: (r.priority, r.id),
        )

    async def outbox_sent(self, row_id: int, now: datetime) -> None:
        """Mark a row sent; returns once committed. Rows sent at the same time (a sender's
        batch) share the commit (see `GroupCommit`)."""
        await self._sent.submit((iso(now), row_id))

    async def outbox_platform_id(self, row_id: int, platform_id: str) -> None:
        """Remember the platform's message id; a "failed" delivery status that arrived
        before this (webhooks can outrun the sender) marks the row failed now."""
        async with self._lock:
            await self._conn.execute(
                "UPDATE outbox SET platform_id = ?,"
                " status = CASE WHEN EXISTS (SELECT 1 FROM whatsapp_statuses"
                "   WHERE wamid = ? AND status = 'failed') THEN 'failed' ELSE status END,"
                " error = coalesce((SELECT 'whatsapp ' || error_code || ': ' || error_title"
                "   FROM whatsapp_statuses WHERE wamid = ? AND status = 'failed'), error)"
                " WHERE id = ?",
                (platform_id, platform_id, platform_id, row_id),
            )

    async def outbox_delete(self, row_id: int) -> None:
        async with self._lock:
            await self._conn.execute("DELETE FROM outbox WHERE id = ?", (row_id,))

    async def outbox_senders(self, channel: str) -> list[str]:
        """The workers holding claims on rows of this channel that are being sent."""
        rows = await self.fetch_all(
            "SELECT DISTINCT claimed_by FROM outbox WHERE channel = ? AND status = 'sending'"
            " AND claimed_by IS NOT NULL",
            (channel,),
        )
        return [row[0] for row in rows]

    async def outbox_release(self, channel: str, workers: list[str]) -> int:
        """Rows that these workers (known to be dead) were sending become due again now,
        instead of when their lease runs out. Returns how many."""
        if not workers:
            return 0
        marks = ", ".join("?" for _ in workers)
        async with self._lock:
            cur = await self._conn.execute(
                "UPDATE outbox SET status = 'pending', claimed_by = NULL, claimed_until = NULL"
                f" WHERE channel = ? AND status = 'sending' AND claimed_by IN ({marks})",
                (channel, *workers),
            )
            return cur.rowcount

    async def outbox_retry(
        self, row_id: int, not_before: datetime, error: str, *, count_attempt: bool = True
    ) -> None:
        async with self._lock:
            await self._conn.execute(
                "UPDATE outbox SET status = 'pending', not_before = ?, error = ?,"
                " attempts = attempts + ?, claimed_by = NULL, claimed_until = NULL WHERE id = ?",
                (iso(not_before), error[:500], 1 if count_attempt else 0, row_id),
            )

    async def outbox_failed(self, row_id: int, error: str, *, blocked: bool = False) -> None:
        async with self._lock:
            await self._conn.execute(
                "UPDATE outbox SET status = ?, error = ?, attempts = attempts + 1,"
                " claimed_until = NULL WHERE id = ?",
                ("blocked" if blocked else "failed", error[:500], row_id),
            )

    async def mark_blocked(self, channel: str, chat_id: str, now: datetime) -> None:
        """The person blocked the bot: remember it and drop everything queued for them."""
        async with self._lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                await self._conn.execute(
                    "UPDATE people SET blocked_at = ? WHERE channel = ? AND user_id = ?",
                    (iso(now), channel, chat_id),
                )
                await self._conn.execute(
                    "UPDATE outbox SET status = 'blocked', error = 'blocked by user'"
                    " WHERE channel = ? AND chat_id = ? AND status = 'pending'",
                    (channel, chat_id),
                )
            except BaseException:  # like every other writer: never leave the BEGIN open
                await self._conn.execute("ROLLBACK")
                raise
            await self._conn.execute("COMMIT")

    async def outbox_pending(self) -> int:
        """Messages waiting to be sent: counted on a partial index that holds only the
        waiting rows (outbox_waiting, migration 0014a), so it costs the queue's depth, not
        the history. (The IN repeats the index's condition: SQLite uses a partial index
        only where the query states it.)"""
        async with self._lock, self._conn.execute(
            "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')"
            " AND status = 'pending'"
        ) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def row_counts(self) -> list[tuple[str, str, str, int]]:
        """(table, channel, status, count) for /metrics: what waits, from the partial
        indexes; what was handled, sent or failed, from the totals the triggers keep
        (row_counts, migration 0014b)."""
        async with self._lock, self._conn.execute(
            "SELECT 'inbox', channel, status, count(*) FROM inbox WHERE status = 'new'"
            " GROUP BY channel, status"
            " UNION ALL SELECT 'outbox', channel, status, count(*) FROM outbox"
            " WHERE status IN ('pending', 'sending') GROUP BY channel, status"
            " UNION ALL SELECT name, channel, status, n FROM row_counts"
        ) as cur:
            return [(r[0], r[1], r[2], int(r[3])) for r in await cur.fetchall()]

    # --- key-value -------------------------------------------------------------------------
    async def kv_get(self, key: str) -> str | None:
        async with self._lock, self._conn.execute(
            "SELECT value FROM kv WHERE key = ?", (key,)
        ) as cur:
            row = await cur.fetchone()
        return row[0] if row else None

    async def kv_set(self, key: str, value: str) -> None:
        async with self._lock:
            await self._conn.execute(
                "INSERT INTO kv (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    async def fetch_all(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Read-only queries for reports and tests."""
        async with self._lock, self._conn.execute(sql, params) as cur:
            return [tuple(row) for row in await cur.fetchall()]


PERSON_COLUMNS = "lang, kecamatan, state, first_seen, last_seen, blocked_at"
PERSON_SELECT = f"SELECT {PERSON_COLUMNS} FROM people WHERE channel = ? AND user_id = ?"
PERSON_UPSERT = """
    INSERT INTO people (channel, user_id, lang, kecamatan, state, first_seen, last_seen)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(channel, user_id) DO UPDATE SET
        lang = excluded.lang, kecamatan = excluded.kecamatan, state = excluded.state,
        last_seen = excluded.last_seen, blocked_at = NULL
"""
# The tutorial's events (conversations/resident/tutorial.py) kept as columns in
# tutorial_progress (migration 0008), so segments never read people.state by field name.
_PROGRESS = (
    "INSERT INTO tutorial_progress (channel, user_id, step, done, at) VALUES (?, ?, ?, {d}, ?)"
    " ON CONFLICT (channel, user_id) DO UPDATE SET {set}, at = excluded.at"
)
TUTORIAL_PROGRESS = {
    "tutorial_start": _PROGRESS.format(d=0, set="step = 0, done = 0"),
    "tutorial_step": _PROGRESS.format(d=0, set="step = excluded.step"),
    "tutorial_done": _PROGRESS.format(d=1, set="done = 1"),
}
PREFETCH_MAX = 200  # people per SELECT (SQLite allows 32766 parameters; keep it small)


class Tx(Statements):
    """Statements inside one transaction (see `Store.transaction`).

    The engine's own queries (people, events, inbox, outbox) are here; the features' query
    groups are repositories composed in, each the implementation of the store ports a feature
    declares (conversations/core/ports.py), all written with the primitives of `Statements`.
    """

    def __init__(self, conn: aiosqlite.Connection) -> None:
        super().__init__(conn)
        self.handoffs = HandoffQueries(self)
        self.completions = CompletionQueries(self)
        self.personal = PersonalDataQueries(self)
        self.tutors = TutorQueries(self)
        self.bulk = BulkQueries(self)
        self.stats = StatsQueries(self)
        self.whatsapp = WhatsAppQueries(self)
        self.web = WebQueries(self)
        # People read ahead by `prefetch_people`: (channel, user) -> row, None if unknown.
        self._people: dict[tuple[str, str], tuple[Any, ...] | None] = {}

    def people_changed(self) -> None:
        self._people.clear()

    async def prefetch_people(self, keys: list[tuple[str, str]]) -> None:
        """Read these people in one trip (instead of one trip each, a batch's updates).

        `get_person` then answers from memory, once per person: after the first use, after
        `save_person` of that person, or after a query that wrote people otherwise (it calls
        `people_changed`), it reads the database again. The transaction holds SQLite's write lock,
        so no other process changes them meanwhile.
        """
        by_channel: dict[str, list[str]] = {}
        for channel, user_id in keys:
            if (channel, user_id) not in self._people:
                by_channel.setdefault(channel, []).append(user_id)
        for channel, wanted in by_channel.items():
            users = list(dict.fromkeys(wanted))
            for start in range(0, len(users), PREFETCH_MAX):
                chunk = users[start:start + PREFETCH_MAX]
                marks = ", ".join("?" for _ in chunk)
                rows = await self._all(
                    f"SELECT user_id, {PERSON_COLUMNS} FROM people"
                    f" WHERE channel = ? AND user_id IN ({marks})",
                    (channel, *chunk),
                )
                found = {row[0]: row[1:] for row in rows}
                for user_id in chunk:
                    self._people[(channel, user_id)] = found.get(user_id)

    async def inbox_status(self, row_id: int) -> str | None:
        row = await self._one("SELECT status FROM inbox WHERE id = ?", (row_id,))
        return row[0] if row else None

    async def inbox_new(self, limit: int, max_attempts: int) -> list[InboxRow]:
        """The oldest unhandled updates. Inside the transaction (it holds SQLite's write
        lock), so no other process can handle them before this transaction ends."""
        rows = await self._all(
            f"SELECT {INBOX_COLUMNS} FROM inbox"
            " WHERE status = 'new' AND attempts < ? ORDER BY id LIMIT ?",
            (max_attempts, limit),
        )
        return [_inbox_row(r) for r in rows]

    async def inbox_failed(self, row_id: int, error: str, max_attempts: int) -> None:
        """One more failed attempt; the last one marks the update failed."""
        await self._write(INBOX_FAILED, (error[:500], max_attempts, row_id))

    async def inbox_done(self, row_id: int, now: datetime) -> None:
        # The raw update is emptied once handled: it may hold what a person typed.
        await self._write(
            "UPDATE inbox SET status = 'done', handled_at = ?, payload = NULL WHERE id = ?",
            (iso(now), row_id),
        )

    async def get_person(self, channel: str, user_id: str) -> dict[str, Any] | None:
        key = (channel, user_id)
        if key in self._people:
            row = self._people.pop(key)
        else:
            row = await self._one(PERSON_SELECT, key)
        if row is None:
            return None
        return {
            "lang": row[0],
            "kecamatan": row[1],
            "state": json.loads(row[2]),
            "first_seen": row[3],
            "last_seen": row[4],
            "blocked_at": row[5],
        }

    async def save_person(
        self,
        channel: str,
        user_id: str,
        *,
        lang: str,
        kecamatan: str | None,
        state: dict[str, Any],
        now: datetime,
    ) -> None:
        self._people.pop((channel, user_id), None)
        await self._write(
            PERSON_UPSERT,
            (channel, user_id, lang, kecamatan, json.dumps(state), iso(now), iso(now)),
        )

    async def add_event(
        self,
        channel: str,
        user_id: str,
        kind: str,
        now: datetime,
        detail: str | None = None,
        step_index: int | None = None,
    ) -> None:
        await self._write(
            "INSERT INTO events (channel, user_id, kind, detail, step_index, at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (channel, user_id, kind, detail, step_index, iso(now)),
        )
        if kind in TUTORIAL_PROGRESS:  # the tutorial's events keep its columns up to date
            await self._write(TUTORIAL_PROGRESS[kind],
                              (channel, user_id, step_index or 0, iso(now)))

    async def enqueue(
        self, channel: str, chat_id: str, payload: str, now: datetime, priority: int = 0
    ) -> None:
        await self._write(
            "INSERT INTO outbox (channel, chat_id, payload, priority, not_before, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (channel, chat_id, payload, priority, iso(now), iso(now)),
        )

    async def group_noticed(self, channel: str, chat_id: str, now: datetime) -> bool:
        """True the first time a group is seen (the bot answers a group only once)."""
        return 1 == await self._change(
            "INSERT OR IGNORE INTO group_notices (channel, chat_id, at) VALUES (?, ?, ?)",
            (channel, chat_id, iso(now)),
        )

