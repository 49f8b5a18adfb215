"""The outbox sender: one per channel, pacing, retries, and claims so nothing is sent twice.

Rows are claimed with a lease in one UPDATE (see `Store.outbox_claim`), so a second process
(a CLI command, a second bot) never sends the same row. Only the oldest unsent row of each
chat is claimable, which keeps a person's messages in order.

The rows of one batch that went out are marked sent in the same transaction (and the same
trip to the database thread) that claims the next batch, so a person's second message is
claimable as soon as the first is recorded, with one wait for the store instead of two.

Leases: a claimed row that is not marked within `lease_seconds` may be claimed again (its
sender died mid-send: at-least-once, the message may then arrive twice). The lease must
outlast a batch: the pacing wait (a batch is one second of messages) plus the Bot API call's
timeouts (python-telegram-bot: connect 5 s, write 5 s, 20 s for files, read 5 s), so 60 s.
A sender that was killed (SIGKILL, out of memory) on this machine does not make its people
wait that long: at start, `release_dead_claims` frees the rows of senders of this machine
whose process is gone (or that had this very process id: a container starts the bot as pid 1
every time). Rows of a sender on another machine still wait for their lease.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bot.channels.base import (
    Blocked,
    Channel,
    Permanent,
    RetryLater,
    SendError,
    TokenRejected,
    Transient,
)
from bot.services.rate import RateLimiter
from bot.store import OutboxRow, Store
from conversations.core.clock import Clock
from conversations.core.models import Reply

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pacing:
    """Per-channel limits (Telegram: about 30 messages a second overall), kept by one
    `RateLimiter` (bot/services/rate.py) per channel for the whole bot.

    `per_second` calls at most in any second where they arrive, however late some arrive;
    spaced evenly at `per_second / (1 + margin)`. `catch_up_seconds`: a call that starts late
    (a slow wake-up, a batch's claim) may be made up for by the next ones this much earlier
    than their even spacing, never beyond the window.
    """

    per_second: float = 30.0
    margin: float = 0.03
    catch_up_seconds: float = 0.2
    batch: int = 30
    max_attempts: int = 5
    lease_seconds: float = 60.0  # see the module docstring
    backoff_seconds: float = 2.0


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (True when unsure)."""
    if sys.platform == "win32":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it exists, as another user
        return True
    return True


# How far ahead of the end of a batch the next one is claimed (seconds of messages).
LOOKAHEAD_SECONDS = 0.2
RETRY_SECONDS = 1.0  # after a failed claim (the database unreachable or too busy)
STOP_GRACE_SECONDS = 1.0  # at a stop: for the sends under way, then for recording them

PACING = {"telegram": Pacing(), "console": Pacing(per_second=1000, batch=100)}


class Sender:
    def __init__(
        self,
        store: Store,
        channel: Channel,
        clock: Clock,
        pacing: Pacing | None = None,
        wake: asyncio.Event | None = None,
    ) -> None:
        self.store = store
        self.channel = channel
        self.clock = clock
        self.pacing = pacing or PACING.get(channel.name, Pacing())
        self.wake = wake or asyncio.Event()
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{channel.name}"
        self._limiter = RateLimiter(self.pacing.per_second, margin=self.pacing.margin,
                                    catch_up=self.pacing.catch_up_seconds)
        self._delivered: list[tuple[OutboxRow, datetime]] = []  # not yet marked sent
        self._in_flight: set[asyncio.Task[None]] = set()  # sends of the last batch(es)
        self.sent = 0
        # Called with rows once they are recorded as sent (monitoring, the benchmark).
        self.on_sent: Callable[[list[OutboxRow]], None] | None = None
        # Called with the message when the platform rejects the token (the app stops).
        self.on_token_rejected: Callable[[str], None] | None = None

    async def run(self) -> None:
        """Send until cancelled. A failing database call (a lost connection, a pool that is
        busy for too long on a loaded machine) does not end the loop: the messages already
        delivered stay in `_delivered` and are recorded by the next claim that succeeds.
        Ending it would hand the role to another worker, which frees this sender's rows and
        sends the delivered ones a second time. At a stop, what was delivered is recorded."""
        await self._record_delivered()  # (delivered before a previous run of this sender)
        await self.release_dead_claims()
        try:
            while True:
                try:
                    due = await self.send_due()
                except Exception:
                    log.exception("%s: the outbox could not be read; trying again",
                                  self.channel.name)
                    await asyncio.sleep(RETRY_SECONDS)
                    continue
                if due == 0:
                    try:  # not wait_for: in 3.11 it can swallow a cancel (a hang at shutdown)
                        async with asyncio.timeout(0.5):
                            await self.wake.wait()
                    except TimeoutError:
                        pass
                    self.wake.clear()
        finally:
            await self._stop()

    async def _stop(self) -> None:
        """Stopping (a restart, a deploy, the role lost): the sends under way get a moment to
        be answered, and every delivery is recorded, so that the next sender (this worker
        after a restart, or another) does not send them again. What is still unanswered
        after that is cancelled: its row's lease (or the next sender) brings it back."""
        with contextlib.suppress(BaseException):
            if self._in_flight:
                await asyncio.wait(self._in_flight, timeout=STOP_GRACE_SECONDS)
        for task in self._in_flight:
            task.cancel()
        with contextlib.suppress(BaseException):
            async with asyncio.timeout(STOP_GRACE_SECONDS):
                await self._record_delivered()

    async def release_dead_claims(self) -> int:
        """Rows that senders of this machine were sending when their process died become
        due now (see the module docstring). Returns how many."""
        host, channel = socket.gethostname(), self.channel.name
        dead = []
        for worker in await self.store.outbox_senders(channel):
            head, _, pid = worker.removesuffix(f":{channel}").rpartition(":")
            if head != host or not worker.endswith(f":{channel}") or not pid.isdigit():
                continue  # another machine's (or not ours at all): its lease decides
            if int(pid) == os.getpid() or not process_alive(int(pid)):
                dead.append(worker)
        released = await self.store.outbox_release(channel, dead)
        if released:
            log.warning("%s: %d message(s) of a stopped sender (%s) are due again", channel,
                        released, ", ".join(dead))
        return released

    async def release_others(self) -> int:
        """This worker just became the channel's only sender (bot/services/leader.py): rows
        any other worker was sending belong to a sender that stopped (or lost its role), and
        are due again now, not after their lease. At most its last batch goes out twice."""
        others = [w for w in await self.store.outbox_senders(self.channel.name)
                  if w != self.worker]
        released = await self.store.outbox_release(self.channel.name, others)
        if released:
            log.warning("%s: %d message(s) of the previous sender (%s) are due again",
                        self.channel.name, released, ", ".join(others))
        return released

    async def send_due(self) -> int:
        """Record the last batch's deliveries, claim the next batch (one transaction), and
        send it; returns how many rows were claimed."""
        if (wait := self._limiter.paused_for()) > 0:  # rate limited (429)
            await self._record_delivered()  # not held back by the pause
            await asyncio.sleep(wait)
        # Never more than one batch claimed and not yet recorded (what a crash may repeat).
        while self._in_flight and len(self._in_flight) >= self.pacing.batch:
            await asyncio.wait(self._in_flight, return_when=asyncio.FIRST_COMPLETED)
        now = self.clock.now()
        delivered, self._delivered = self._delivered, []
        try:
            rows = await self.store.outbox_claim(
                self.channel.name, self.worker, now,
                now + timedelta(seconds=self.pacing.lease_seconds),
                self.pacing.batch - len(self._in_flight),
                sent=[(row.id, at) for row, at in delivered],
            )
        except BaseException:
            self._delivered = delivered + self._delivered  # recorded with the next claim
            raise
        if delivered:
            self.sent += len(delivered)
            if self.on_sent is not None:
                self.on_sent([row for row, _ in delivered])
        if rows:
            await self._start(rows)
        elif self._in_flight:  # nothing else due until these are answered and recorded
            done, _ = await asyncio.wait(self._in_flight)
            return len(done)
        elif self._delivered:  # answered meanwhile: recorded (their chats' next due) next
            return len(self._delivered)
        return len(rows)

    async def _start(self, rows: list[OutboxRow]) -> None:
        """Send `rows` in the background, returning as soon as all but the last few have
        passed the rate limiter: the next claim then overlaps the end of this batch, so the
        platform's allowance is used without a gap between batches (the claim's round trip,
        the last answers). Rows still in flight stay `sending`, so a chat's next message is
        not claimable before they are recorded, and order holds."""
        ahead = min(len(rows) - 1, max(1, round(self.pacing.per_second * LOOKAHEAD_SECONDS)))
        ready = asyncio.Event()
        started = 0

        def on_start() -> None:
            nonlocal started
            started += 1
            if started >= len(rows) - ahead:
                ready.set()

        for row in rows:
            task = asyncio.create_task(self._send(row, on_start))
            self._in_flight.add(task)
            task.add_done_callback(self._finished)
        await ready.wait()

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._in_flight.discard(task)
        if not task.cancelled() and (exc := task.exception()) is not None:
            log.error("%s: sending failed: %r", self.channel.name, exc)

    async def _record_delivered(self) -> None:
        delivered, self._delivered = self._delivered, []
        try:
            await asyncio.gather(*(self.store.outbox_sent(row.id, at) for row, at in delivered))
        except BaseException:
            self._delivered = delivered + self._delivered
            raise
        if delivered:
            self.sent += len(delivered)
            if self.on_sent is not None:
                self.on_sent([row for row, _ in delivered])

    async def drain(self, rounds: int = 1000) -> None:
        """Send until nothing is due and every delivery is recorded (console and tests)."""
        for _ in range(rounds):
            if await self.send_due() == 0 and not self._in_flight:
                return

    async def _reply(self, row: OutboxRow) -> tuple[Reply | None, str | None]:
        """The row's reply, ready to send (None when it cannot be: recorded as failed), and
        the path of the file it carries by reference, if any."""
        reply = Reply.model_validate_json(row.payload)
        document = reply.document
        if document is None or document.path is None:
            return reply, None
        # an export queued by reference (bot/services/reports.py): read only now
        try:
            content = await asyncio.to_thread(Path(document.path).read_bytes)
        except OSError as exc:
            await self.store.outbox_failed(row.id, f"file gone: {type(exc).__name__}")
            log.error("%s: message %s: its file is gone", self.channel.name, row.id)
            return None, document.path
        return reply.model_copy(update={"document": document.model_copy(
            update={"content": content, "path": None})}), document.path

    async def _send(self, row: OutboxRow, started: Callable[[], None] = lambda: None) -> None:
        try:
            reply, path = await self._reply(row)
        except BaseException:
            started()
            raise
        if reply is None:
            started()
            return
        async with self._limiter.turn():  # (from the call's start to its answer: rate.py)
            started()
            try:
                platform_id = await self._deliver(row.chat_id, reply)
            except TokenRejected as exc:
                # Nothing goes out with this token: the row waits (not counted as an attempt)
                # and the bot stops with the platform's message (bot/runner.py).
                self._limiter.pause(exc.seconds)
                await self.store.outbox_retry(
                    row.id, self.clock.now() + timedelta(seconds=exc.seconds),
                    "token rejected", count_attempt=False,
                )
                if self.on_token_rejected is not None:
                    self.on_token_rejected(str(exc))
                else:
                    log.error("%s: %s", self.channel.name, exc)
                return
            except RetryLater as exc:
                # Telegram's 429 applies to the whole bot: every call waiting for its turn
                # waits out the flood wait too, not only this row. WhatsApp's pair rate
                # (131056) holds back only this chat: its row waits.
                if not exc.per_chat:
                    self._limiter.pause(exc.seconds)
                await self.store.outbox_retry(
                    row.id, self.clock.now() + timedelta(seconds=exc.seconds), str(exc),
                    count_attempt=False,
                )
                log.warning("%s: rate limited, waiting %.1fs", self.channel.name, exc.seconds)
                return
            except Blocked as exc:
                await self.store.outbox_failed(row.id, str(exc), blocked=True)
                await self.store.mark_blocked(self.channel.name, row.chat_id, self.clock.now())
                log.info("%s: a person blocked the bot; not retried", self.channel.name)
                return
            except Permanent as exc:
                await self.store.outbox_failed(row.id, str(exc))
                log.error("%s: message %s refused: %s", self.channel.name, row.id, exc)
                return
            except (Transient, SendError, OSError) as exc:
                await self._retry_or_fail(row, str(exc))
                return
        if path is not None:  # sent: the file goes
            await asyncio.to_thread(Path(path).unlink, missing_ok=True)
        if reply.forget_after_send:  # after /hapus_data: keep no trace of the message
            await self.store.outbox_delete(row.id)
            return
        if platform_id and getattr(self.channel, "reports_delivery", False):
            # Delivery statuses arrive later by webhook and find the row by this id.
            await self.store.outbox_platform_id(row.id, platform_id)
        self._delivered.append((row, self.clock.now()))  # marked sent with the next claim

    async def _deliver(self, chat_id: str, reply: Reply) -> str | None:
        """Send a reply; or, for a reply naming an earlier message (`Reply.ref` with `edit`),
        edit that message where the channel can edit (Telegram) and knows it. The ids of
        named messages are remembered (table message_refs). A channel without `edit`, or a
        message that is gone, gets a new message instead."""
        if reply.ref is None:
            sent_id = await self.channel.send(chat_id, reply)
            return sent_id if isinstance(sent_id, str) else None
        edit = getattr(self.channel, "edit", None)
        if reply.edit and edit is not None:
            async with self.store.transaction() as tx:
                message_id = await tx.bulk.message_ref(self.channel.name, chat_id, reply.ref)
            if message_id is not None:
                try:
                    await edit(chat_id, message_id, reply)
                    return None
                except Permanent as exc:
                    log.info("%s: message %s cannot be edited (%s); sending a new one",
                             self.channel.name, reply.ref, exc)
        sent = await self.channel.send(chat_id, reply)
        if isinstance(sent, str):
            async with self.store.transaction() as tx:
                await tx.bulk.message_ref_set(self.channel.name, chat_id, reply.ref, sent,
                                         self.clock.now())
            return sent
        return None

    async def _retry_or_fail(self, row: OutboxRow, error: str) -> None:
        if row.attempts + 1 >= self.pacing.max_attempts:
            await self.store.outbox_failed(row.id, error)
            log.error("%s: message %s failed after %d attempts", self.channel.name, row.id,
                      row.attempts + 1)
            return
        delay = self.pacing.backoff_seconds * 2**row.attempts
        await self.store.outbox_retry(row.id, self.clock.now() + timedelta(seconds=delay), error)
        log.warning("%s: send failed (%s), retry in %.0fs", self.channel.name, error, delay)
