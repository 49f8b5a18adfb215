"""Handles the inbox: an update's state, events, replies and "done" mark commit together.

Updates are handled in batches: one transaction (one commit) for several updates, each in its
own savepoint, so a failing update is undone alone and the others' replies are kept.
A crash before the commit leaves the updates in the inbox and they are handled again on start;
a crash after it leaves the replies in the outbox and the sender sends them. An update id
seen twice is stored once (UNIQUE in the inbox), so it is handled once.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from collections.abc import Iterable, Mapping

import psycopg

from bot.channels.base import Channel, Rejected
from bot.channels.intake import shape
from bot.renderers import fulfil
from bot.services.reports import Reports
from bot.store import InboxRow, Store, Tx
from bot.store.statements import TransactionError
from conversations.core.clock import Clock
from conversations.core.engine import Engine
from conversations.core.i18n import Translator
from conversations.core.models import Incoming, Reply
from conversations.core.personal_numbers import Redactor
from conversations.core.redaction import hides_nip_length_run, protect_payload

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
BATCH_ROWS = 32  # updates per transaction, at most
BATCH_SECONDS = 0.005  # a batch stops taking updates after this long (it holds the store)
READ_AHEAD = 8  # updates whose people are read in one trip


def person_of(channel: str, payload: str) -> str | None:
    """Whose conversation an update belongs to, `channel:user`, read cheaply from the raw
    update (no full parse): the console's "user", else the first "from" (Telegram: a
    message's or button press's sender object; WhatsApp: a message's or call's wa_id)."""
    try:
        data = json.loads(payload)
    except ValueError:
        return None
    if isinstance(data, dict) and "user" in data:
        return f"{channel}:{data['user']}"
    found = _first_from(data, 10)
    return f"{channel}:{found}" if found is not None else None


def _first_from(node: object, depth: int) -> str | None:
    if depth == 0:
        return None
    if isinstance(node, dict):
        sender = node.get("from")
        if isinstance(sender, dict) and "id" in sender:
            return str(sender["id"])
        if isinstance(sender, str | int):
            return str(sender)
        children: Iterable[object] = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        if isinstance(child, dict | list) and (found := _first_from(child, depth - 1)):
            return found
    return None


def _shape(payload: str) -> str:
    """What is kept of an update that failed for good: its structure, not its content."""
    try:
        return shape(json.loads(payload))
    except (ValueError, RecursionError):
        return "<not JSON>"


class Unparsable(Exception):
    """The channel could not read a stored update (the message: the error's type only)."""


class Processor:
    def __init__(
        self,
        store: Store,
        engine: Engine,
        channels: Mapping[str, Channel],
        clock: Clock,
        on_replies: asyncio.Event | None = None,
    ) -> None:
        self.store = store
        self.engine = engine
        self.channels = channels
        self.clock = clock
        self.wake = asyncio.Event()
        self.on_replies = on_replies or asyncio.Event()
        self.handled = 0
        # Admins' reports (issue 14): written as jobs with the update that asks for one;
        # `reports` is woken once the batch has committed.
        self._asked = False
        self.reports: Reports | None = None
        # Replaces KK/NIK numbers in every update before it is stored (see build_app).
        self.redactor: Redactor | None = None

    async def receive(self, channel: str, update_id: str, payload: str) -> bool:
        """Write an update to the inbox (before the channel is acknowledged) and wake up.

        KK and NIK numbers are replaced by keyed hashes first: the digits never reach the
        database file, its WAL or the logs (conversations/core/redaction.py).
        """
        try:
            if self.redactor is not None:
                raw, payload = payload, protect_payload(payload, self.redactor)
                if hides_nip_length_run(payload) and await self._keeps_nip(channel, raw):
                    payload = protect_payload(raw, self.redactor, keep_nip=True)
        except (ValueError, RecursionError) as exc:  # not JSON, or absurdly nested
            raise Rejected(f"unreadable ({type(exc).__name__})") from None
        now = self.clock.now()
        try:
            if getattr(self.store, "orders_people", False):  # several workers: PostgreSQL
                added = await self.store.inbox_add(channel, update_id, payload, now,
                                                   person=person_of(channel, payload))
            else:
                added = await self.store.inbox_add(channel, update_id, payload, now)
        except (sqlite3.OperationalError, psycopg.OperationalError):  # the database itself
            raise
        except (sqlite3.Error, psycopg.DataError, psycopg.IntegrityError, ValueError,
                OverflowError) as exc:  # this update alone
            raise Rejected(f"could not be stored ({type(exc).__name__})") from None
        self.wake.set()
        return added

    async def _keeps_nip(self, channel: str, payload: str) -> bool:
        """Whether an 18-digit run in this update is a NIP where one is asked for: typed at the
        step that asks for it, or as an admin command's argument. Read only for the rare
        update holding such a run; the person's step is read from the store."""
        reader = self.channels.get(channel)
        try:
            incoming = reader.parse(json.loads(payload)) if reader else None
        except Exception:  # (unreadable: it fails later, where the inbox records why)
            return False
        if incoming is None or not incoming.text:
            return False
        if self.engine.command_keeps_nip(incoming):
            return True
        rows = await self.store.fetch_all(
            "SELECT state FROM people WHERE channel = ? AND user_id = ?",
            (incoming.channel, incoming.user))
        try:
            return bool(rows) and self.engine.keeps_nip(json.loads(rows[0][0]))
        except (TypeError, ValueError):
            return False

    async def run(self) -> None:
        """Handle the inbox forever (until cancelled)."""
        while True:
            try:
                handled = await self.process_pending(BATCH_ROWS)
            except Exception:  # the database, not one update: wait, then try again
                log.exception("handling the inbox failed; retrying in 1 s")
                await asyncio.sleep(1.0)
                continue
            if handled == 0:
                try:  # not wait_for: in 3.11 it can swallow a cancel (a hang at shutdown)
                    async with asyncio.timeout(1.0):
                        await self.wake.wait()
                except TimeoutError:
                    pass
                self.wake.clear()
            else:  # let the sender (woken by this commit) claim before the next batch
                await asyncio.sleep(0)

    async def process_pending(self, limit: int = 200) -> int:
        """Handle a batch of the inbox in one transaction; returns how many updates it took.

        Each update gets a savepoint: its state, events, replies and `inbox_done` are kept or
        undone together, and a failing update undoes only its own savepoint (the attempt is
        counted, as before). The batch ends after `limit` updates, or after the chunk of
        READ_AHEAD updates that ran past BATCH_SECONDS, so that webhook updates waiting for
        the store are not held up for long.
        """
        loop = asyncio.get_running_loop()
        failed: list[tuple[InboxRow, BaseException]] = []
        self._asked = False
        async with self.store.transaction() as tx:
            rows = await tx.inbox_new(limit, MAX_ATTEMPTS)
            deadline = loop.time() + BATCH_SECONDS
            taken: list[InboxRow] = []
            by_savepoint: dict[str, InboxRow] = {}
            for start in range(0, len(rows), READ_AHEAD):
                chunk = rows[start:start + READ_AHEAD]
                parsed = {row.id: self._parse(row) for row in chunk}
                await tx.prefetch_people([(i.channel, i.user) for i in parsed.values()
                                          if isinstance(i, Incoming)])
                for row in chunk:
                    taken.append(row)
                    try:
                        async with tx.savepoint() as savepoint:
                            by_savepoint[savepoint.name] = row
                            await self._handle(tx, row, parsed[row.id])
                    except TransactionError:
                        raise
                    except Exception as exc:  # a bug must not stop the bot or lose the update
                        failed.append((row, exc))
                if loop.time() >= deadline:  # (a parsed chunk is handled whole)
                    break
            # Statements of the last updates are still buffered: run them, and learn which
            # of them SQLite refused (those savepoints are already rolled back). When none
            # failed, the same trip commits.
            refused = await tx.settle(commit=not failed)
            failed += [(by_savepoint[s.name], s.error or Exception()) for s in refused]
            for row, error in failed:
                await self._failed(tx, row, error)
        self.handled += len(taken) - len(failed)
        if taken:
            self.on_replies.set()
        # Committed: the reports asked for are prepared now, in the background, on a
        # read-only snapshot (bot/services/reports.py).
        if self._asked and self.reports is not None:
            self.reports.asked.set()
        return len(taken)

    async def _failed(self, tx: Tx, row: InboxRow, exc: BaseException) -> None:
        """One line per failed attempt; the traceback once, when the update finally fails.

        An update the channel cannot parse fails for good at once: parsing is pure, so
        another attempt would fail the same way (and nobody can be answered)."""
        if isinstance(exc, Unparsable):
            log.warning("update %s/%s rejected: the channel cannot read it (%s)",
                        row.channel, row.update_id, exc)
            await tx.inbox_failed(row.id, f"rejected: {exc}", 0, _shape(row.payload))
            return
        last = row.attempts + 1 >= MAX_ATTEMPTS
        if last:
            log.error("update %s/%s failed for good after %d attempts", row.channel,
                      row.update_id, MAX_ATTEMPTS, exc_info=exc)
        else:
            log.warning("update %s/%s failed (attempt %d of %d: %s); will retry", row.channel,
                        row.update_id, row.attempts + 1, MAX_ATTEMPTS, type(exc).__name__)
        await tx.inbox_failed(row.id, type(exc).__name__, MAX_ATTEMPTS,
                              _shape(row.payload) if last else None)
        if last:
            await self._apologise(tx, row)

    def _parse(self, row: InboxRow) -> Incoming | Exception | None:
        """The update as `Incoming` (None: nothing to answer); an error is the update's own
        failure, raised when it is handled."""
        channel = self.channels.get(row.channel)
        try:
            return channel.parse(json.loads(row.payload)) if channel else None
        except Exception as exc:
            return Unparsable(type(exc).__name__)

    async def _handle(self, tx: Tx, row: InboxRow, incoming: Incoming | Exception | None) -> None:
        if isinstance(incoming, Exception):
            raise incoming
        now = self.clock.now()
        if incoming is not None:
            # Charts, workbooks, QR codes, posters, proof files: rendered off the event loop.
            replies = await fulfil(await self.engine.handle(tx, incoming))
            chat = incoming.chat_id or incoming.user
            for reply in replies:
                to_channel, to_chat = row.channel, chat
                if reply.to:
                    to_channel, _, to_chat = reply.to.partition(":")
                if reply.report is not None:  # prepared after the commit, not in it
                    await tx.report_jobs.add(to_channel, to_chat, reply.report.kind,
                                             reply.report.model_dump_json(), now)
                    self._asked = True
                    reply = reply.model_copy(update={"report": None})
                await tx.enqueue(to_channel, to_chat, reply.model_dump_json(), now)
        await tx.inbox_done(row.id, now)

    async def _apologise(self, tx: Tx, row: InboxRow) -> None:
        """After the last attempt the person still hears from us, instead of silence."""
        channel = self.channels.get(row.channel)
        try:
            incoming = channel.parse(json.loads(row.payload)) if channel else None
        except Exception:
            return
        if incoming is None:
            return
        text = Translator("id", self.engine.campaign)("error-apology")
        await tx.enqueue(
            row.channel, incoming.chat_id or incoming.user,
            Reply(text=text).model_dump_json(), self.clock.now(),
        )
