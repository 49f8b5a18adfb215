"""Admins' reports as background jobs (issue 14): never on the residents' path.

A reply carrying a `ReportRequest` (/statistik, /ekspor) has already told the admin "sedang
disiapkan…" in the update's own transaction, and the processor wrote the request there as
a job (`report_jobs`); once committed, the job is prepared here. It reads through
`store.reader()` (SQLite: a WAL reader on a connection of its own; PostgreSQL: a connection
outside the pool, one REPEATABLE READ READ ONLY transaction), outside any write
transaction and without the store's lock, runs the feature's report builder, draws charts
and writes files: all of it in a child process at a lower priority (report_child.py), so
the Python work of a report never holds the bot's interpreter lock. The bot queues what it
produced through the outbox in one short write transaction, as every reply.

One report of each kind runs at a time (the machine's cores are shared with the residents'
updates); others wait their turn, but /statistik never waits behind a long export. Export
files live in `<data>/reports/` (0700; files 0600); the outbox carries their path, the
sender deletes each file once sent, and files left behind (a send that failed for good, a
crash) are deleted after `RETENTION` at the next report.

Jobs are rows (`report_jobs`, migration 0031) written with the update that asked, so a report
being prepared when the bot stops or crashes is prepared again when it is back (by whichever
worker holds the `reports` role) and sent once: the job's row goes in the transaction that
queues the report. A job interrupted `MAX_ATTEMPTS` times tells the admin it could not be
prepared instead of trying for ever.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
import time
from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from bot.channels.base import Channel
from bot.files import private_folder
from bot.renderers import fulfil
from bot.services.report_child import ChildJob, Children, is_default
from bot.store.report_jobs import ReportJob
from conversations.core.clock import Clock
from conversations.core.engine import Engine
from conversations.core.i18n import Translator
from conversations.core.models import ExportFile, Reply, ReportRequest
from conversations.core.reports import ReportContext

log = logging.getLogger(__name__)

RETENTION = 2 * 24 * 3600  # seconds an unsent export file may stay
# What a bot may upload as a document (bytes; decimal megabytes, to stay under either
# reading): Telegram's public Bot API 50 MB (shared/domain/PLATFORMS.md), WhatsApp Cloud API
# documents 100 MB (Meta's supported media types). A channel may say otherwise with an
# `upload_limit` attribute; the console has none.
UPLOAD_LIMITS = {"telegram": 50_000_000, "whatsapp": 100_000_000}
POLL = 1.0  # seconds between looks at the queue for jobs other workers wrote
MAX_ATTEMPTS = 3  # tries of one job that the bot's stopping interrupted, before giving up


COMPACT_EVERY = 60.0  # seconds between foldings of PostgreSQL's append-only tallies


async def compact_tallies(store: Any) -> None:
    """Fold the statistics' tally rows every minute, forever (PostgreSQL: they are
    append-only so that workers never wait on a counter's row; bot/store/postgres.py)."""
    while True:
        try:
            await store.compact_tallies()
        except Exception:
            log.exception("folding the statistics' tallies failed; trying again later")
        await asyncio.sleep(COMPACT_EVERY)


class Files:
    """The `ExportFiles` port of one job: files in the reports folder, split under the
    admin's platform's upload limit."""

    def __init__(self, folder: Path, limit: int | None) -> None:
        self.folder = folder
        self.limit = limit

    async def write(self, tables: Sequence[Any], fmt: str, file_name: str
                    ) -> list[ExportFile]:
        from bot.renderers import tables as table_files  # openpyxl: on the first export

        files = await table_files.write(tables, fmt, self.folder, file_name, self.limit)
        if not any(sum(f.rows.values()) for f in files):  # nothing to send: no file kept
            for file in files:
                Path(file.path).unlink(missing_ok=True)
            return []
        return files


class Reports:
    """The queue of admins' reports (table `report_jobs`, bot/store/report_jobs.py).

    The processor writes a job in the transaction of the update that asked for it; `run`
    (the `reports` role: one worker at a time) claims the waiting jobs and prepares them, one
    of each kind at a time; `drain` does the same until none is left (console, tests)."""

    def __init__(self, store: Any, engine: Engine, clock: Clock,
                 channels: Mapping[str, Channel], data_dir: Path,
                 wake: asyncio.Event | None = None) -> None:
        self.store = store
        self.engine = engine
        self.clock = clock
        self.channels = channels
        self.folder = data_dir / "reports"
        self.wake = wake or asyncio.Event()  # the senders': replies were queued
        self.asked = asyncio.Event()  # a job was written by this process
        # Unique per process and start: a restarted bot never takes a dead one's claims
        # for its own.
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        # One report of each kind at a time: the cores are shared with the residents, and
        # /statistik (milliseconds) never waits behind a long export.
        self._running: dict[str, asyncio.Task[None]] = {}
        # Where reports are prepared: child processes (the bot: see report_child.py), or
        # None, in this process (a test that stands in for the store or a builder).
        self.children: Children | None = None

    async def release_others(self) -> int:
        """This worker now runs the reports (bot/services/leader.py): jobs another worker
        was preparing belong to one that stopped; they wait again (and run next)."""
        async with self.store.transaction() as tx:
            released = await tx.report_jobs.release(self.worker, others=True)
        if released:
            log.info("%d report(s) interrupted by a stop: preparing them again", released)
        return released

    async def run(self) -> None:
        """Prepare the waiting reports, forever (until cancelled). Jobs written by this
        process wake it at once; those of other workers (PostgreSQL) within `POLL` s.
        A child process is started ahead for the next report (report_child.py)."""
        if self.children is not None:
            self.children.start()
        try:
            while True:
                self.asked.clear()
                try:
                    await self._start_waiting()
                except Exception:
                    log.exception("reading the reports' queue failed; trying again")
                try:
                    async with asyncio.timeout(POLL):
                        await self.asked.wait()
                except TimeoutError:
                    pass
        finally:
            await self.close()

    async def drain(self) -> None:
        """Prepare every report asked for so far (console, tests)."""
        while True:
            await self._start_waiting()
            if not self._running:
                return
            await asyncio.gather(*list(self._running.values()), return_exceptions=True)

    async def close(self) -> None:
        """Stop the reports being prepared; they wait for the next start (or the next
        worker), their try not counted."""
        tasks = list(self._running.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self.children is not None:
            await self.children.close()
        if tasks:
            with contextlib.suppress(Exception):
                async with self.store.transaction() as tx:
                    await tx.report_jobs.release(self.worker, others=False)

    async def _start_waiting(self) -> None:
        """Claim and start the oldest waiting job of each kind not being prepared now."""
        while True:
            async with self.store.transaction() as tx:
                job = await tx.report_jobs.claim(self.worker, self.clock.now(),
                                                 tuple(self._running))
            if job is None:
                return
            task = asyncio.create_task(self._run(job), name=f"report-{job.kind}")
            self._running[job.kind] = task
            task.add_done_callback(partial(self._ended, job.kind))

    def _ended(self, kind: str, task: asyncio.Task[None]) -> None:
        if self._running.get(kind) is task:
            del self._running[kind]
        self.asked.set()  # the next job of this kind may start

    async def _run(self, job: ReportJob) -> None:
        request = ReportRequest.model_validate_json(job.request)
        t = Translator(request.lang, self.engine.campaign, self.clock.today())
        events: list[tuple[str, str | None]] = []
        if job.attempts > MAX_ATTEMPTS:  # the bot stopped each time it was being prepared
            log.error("report %s given up after %d interrupted tries", job.kind,
                      MAX_ATTEMPTS)
            replies = [Reply(text=t("report-interrupted"))]
        else:
            try:
                began = time.perf_counter()
                await asyncio.to_thread(self._sweep)
                replies = await fulfil(await self._build(job.channel, t, request, events))
                log.info("report %s prepared in %.2f s", job.kind, time.perf_counter() - began)
            except Exception:
                log.exception("report %s failed", request.kind)
                replies, events = [Reply(text=t("report-failed"))], []
        now = self.clock.now()
        async with self.store.transaction() as tx:
            if not await tx.report_jobs.finish(job.id, self.worker):
                log.warning("report %s: claimed by another worker meanwhile; not sent twice",
                            job.kind)
                _forget_files(replies)
                return
            for kind, detail in events:  # (an admin's chat is their own: chat = user)
                await tx.add_event(job.channel, job.chat, kind, now, detail)
            for reply in replies:
                await tx.enqueue(job.channel, job.chat, reply.model_dump_json(), now)
        self.wake.set()

    async def _build(self, channel: str, t: Translator, request: ReportRequest,
                     events: list[tuple[str, str | None]]) -> list[Reply]:
        builder = self.engine.reports.get(request.kind)
        if builder is None:
            raise LookupError(f"no feature prepares {request.kind!r} reports")
        limit = getattr(self.channels.get(channel), "upload_limit", UPLOAD_LIMITS.get(channel))
        if self.children is not None and is_default(request.kind, builder):
            replies, made = await self.children.prepare(ChildJob(
                self.children.source, self.engine.campaign, self.engine.config,
                self.clock.today(), request.kind, request.model_dump_json(),
                str(private_folder(self.folder)), limit))
            events.extend(made)
            return [Reply.model_validate_json(reply) for reply in replies]
        async with self.store.reader() as rx:
            context = ReportContext(
                tx=rx, files=Files(private_folder(self.folder), limit),
                campaign=self.engine.campaign, today=self.clock.today(), t=t,
                config=self.engine.config, request=request, events=events)
            return await builder(context)

    def _sweep(self) -> None:
        """Export files older than RETENTION (never sent): deleted."""
        if not self.folder.exists():
            return
        old = time.time() - RETENTION
        for path in self.folder.iterdir():
            try:
                if path.is_file() and path.stat().st_mtime < old:
                    path.unlink()
            except OSError:
                pass


def _forget_files(replies: Sequence[Reply]) -> None:
    """Export files of replies that will not be queued."""
    for reply in replies:
        if reply.document is not None and reply.document.path:
            Path(reply.document.path).unlink(missing_ok=True)
