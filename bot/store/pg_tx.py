"""PostgreSQL's side of a transaction: `PgTx` (every query group of `Tx` on a psycopg
connection, on the statement primitives of bot/store/pg_statements.py), the adapters that make
PostgreSQL's values look like SQLite's to the query groups, and URL helpers. The store itself:
bot/store/postgres.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg.adapt import Loader
from psycopg.types.datetime import TimestamptzLoader
from psycopg.types.string import TextLoader

from bot.store.pg_statements import PgStatements, Queued
from bot.store.queue_rows import INBOX_COLUMNS, InboxRow, _inbox_row
from bot.store.snapshots import Spare
from bot.store.timefmt import iso
from bot.store.tx import Tx


class _NumberLoader(Loader):
    """numeric (sum() of bigint, json_extract) as int when whole, else float: what SQLite gives."""

    def load(self, data: Any) -> int | float:
        text = bytes(data).decode()
        return int(text) if text.lstrip("-").isdigit() else float(text)


class _FlagLoader(Loader):
    """boolean as 0/1, as SQLite gives flags and predicates."""

    def load(self, data: Any) -> int:
        return 1 if bytes(data) == b"t" else 0


class _MomentLoader(TimestamptzLoader):
    """timestamptz as the ISO 8601 text the SQLite store keeps (bot/store/timefmt.py), in the
    session's time zone (the campaign's: `PgStore.open`), so the query groups read the same
    strings on both stores."""

    def load(self, data: Any) -> str:  # type: ignore[override]
        return iso(super().load(data))


def _adapt(conn: psycopg.BaseConnection[Any]) -> None:
    conn.adapters.register_loader("jsonb", TextLoader)
    conn.adapters.register_loader("json", TextLoader)
    conn.adapters.register_loader("numeric", _NumberLoader)
    conn.adapters.register_loader("bool", _FlagLoader)
    conn.adapters.register_loader("timestamptz", _MomentLoader)


def redact_url(url: str) -> str:
    """The URL without its password (for logs and "database: ..." lines)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def is_postgres_url(url: str | None) -> bool:
    return bool(url) and str(url).startswith(("postgresql://", "postgres://"))


class PgTx(PgStatements, Tx):
    """`Tx` (every query group) on PostgreSQL."""

    def __init__(self, conn: psycopg.AsyncConnection[Any]) -> None:
        super().__init__(conn)
        self._notify = False  # something was queued in the outbox

    def _note(self, sql: str) -> None:
        if not self._notify and "INSERT INTO outbox" in sql:
            self._notify = True

    async def inbox_new(self, limit: int, max_attempts: int) -> list[InboxRow]:
        """The oldest unhandled updates this worker may handle now, in order.

        Several workers share the inbox. Rows are locked for this transaction (rows another
        worker holds are skipped, not waited for). A person's updates are then kept only when
        this transaction also gets that person's advisory lock (held until it ends) and no
        earlier update of that person is still waiting, taken by another worker or not: so
        one person's updates are handled one at a time and in order, and every other person
        is handled in parallel. A person left out here is simply taken in a later batch.

        The locks are taken by the statement that takes the rows, and "no earlier update
        waits" is asked by the next one. PostgreSQL (READ COMMITTED) reads each statement as
        of its start; an update on its way in holds its person's lock (shared) until its
        commit, so only a statement that starts once the lock is held sees every update of
        that person that arrived before. (Asked in the statement that takes the lock, an
        update committed between that statement's start and the lock was missed, and a later
        update of the same person could be handled before it.)
        """
        cur = await self._send(Queued(INBOX_TAKE, (max_attempts, limit), None))
        assert cur is not None
        rows = await cur.fetchall()
        first: dict[str, int] = {}  # the people locked: their first update in this batch
        for row in rows:
            if row[5] is not None and row[6]:
                first.setdefault(row[5], row[0])
        limits: dict[str, int | None] = {}
        if first:
            # Whether an earlier update of theirs waits (then none of theirs now), and the
            # first of their waiting updates this batch did not get (another worker holds
            # its row): theirs stop before it.
            cur = await self._send(Queued(INBOX_CHECK, (
                [r[0] for r in rows], list(first), list(first.values())), None))
            assert cur is not None
            limits = {p: (-1 if earlier else gap) for p, earlier, gap in await cur.fetchall()}
        return [_inbox_row(r) for r in rows if r[5] is None or (
            r[6] and (limits[r[5]] is None or r[0] < limits[r[5]]))]


# `PgTx.inbox_new`: the batch's rows, each with whether its person's lock is now this
# transaction's (tried once per person), then the check of the people locked.
INBOX_TAKE = f"""
    WITH batch AS MATERIALIZED (
        SELECT {INBOX_COLUMNS}, person FROM inbox WHERE status = 'new' AND attempts < %s
        ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED),
    locked AS MATERIALIZED (
        SELECT person, pg_try_advisory_xact_lock(hashtextextended(person, 16)) AS mine
        FROM (SELECT DISTINCT person FROM batch WHERE person IS NOT NULL) AS people)
    SELECT batch.*, locked.mine FROM batch LEFT JOIN locked USING (person) ORDER BY batch.id
"""
INBOX_CHECK = """
    SELECT t.p,
        EXISTS (SELECT 1 FROM inbox i WHERE i.person = t.p AND i.status = 'new'
                AND i.id < t.first),
        (SELECT min(i.id) FROM inbox i WHERE i.person = t.p AND i.status = 'new'
         AND i.id > t.first AND i.id <> ALL(%s::bigint[]))
    FROM unnest(%s::text[], %s::bigint[]) AS t(p, first)
"""

# The sender's one statement (one round trip, its own transaction): the last batch's rows
# marked sent (as OUTBOX_SENT: emptied, unless a delivery status already failed them), then
# the next due rows claimed. The claim cannot see the marks of the same statement, so the
# rows being marked count as done (`<> ALL(sent)`): a chat's next message is claimable at once.

OUTBOX_CLAIM = """
    WITH sent AS (
        UPDATE outbox SET status = 'sent', sent_at = v.at, claimed_by = NULL,
            claimed_until = NULL, payload = '{}'
        FROM unnest(%(sent)s::bigint[], %(sent_at)s::timestamptz[]) AS v(id, at)
        WHERE outbox.id = v.id AND outbox.status != 'failed'),
    due AS (
        SELECT o.id FROM outbox o
        WHERE o.channel = %(channel)s AND o.id <> ALL(%(sent)s::bigint[])
          AND ((o.status = 'pending' AND o.not_before <= %(now)s)
               OR (o.status = 'sending' AND o.claimed_until < %(now)s))
          AND NOT EXISTS (
              SELECT 1 FROM outbox e
              WHERE e.channel = o.channel AND e.chat_id = o.chat_id
                AND e.status IN ('pending', 'sending') AND e.id < o.id
                AND e.priority <= o.priority AND e.id <> ALL(%(sent)s::bigint[]))
        ORDER BY o.priority, o.id LIMIT %(limit)s
        FOR UPDATE SKIP LOCKED)
    UPDATE outbox SET status = 'sending', claimed_by = %(worker)s,
        claimed_until = %(until)s
    FROM due WHERE outbox.id = due.id
    RETURNING outbox.id, outbox.channel, outbox.chat_id, outbox.payload, outbox.priority,
        outbox.attempts
"""


@asynccontextmanager
async def pg_reader(url: str, options: str, spare: Spare) -> AsyncIterator[Tx]:
    """`PgStore.reader` (bot/store/snapshots.py): one REPEATABLE READ READ ONLY transaction
    on a connection outside the pool, kept idle for the next reader afterwards."""
    begin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
    conn = spare.take()
    if conn is not None:
        try:  # an idle connection the server may have dropped meanwhile
            await conn.execute(begin)
        except psycopg.Error:
            await conn.close()
            conn = None
    if conn is None:
        conn = await psycopg.AsyncConnection.connect(url, autocommit=True, options=options)
        try:
            _adapt(conn)
            await conn.execute(begin)
        except BaseException:
            await conn.close()
            raise
    kept = False
    try:
        yield PgTx(conn)
        await conn.execute("ROLLBACK")  # the snapshot ends; the connection may stay
        kept = spare.keep(conn)
    finally:
        if not kept:
            await conn.close()  # (closing ends the read transaction)
